"""SQLite is refused on a network filesystem (issue 15 item 5).

The network mount is simulated by a mountinfo file in the kernel's format, handed to the real
program through TATAUSAHA_MOUNTINFO (no root needed to mount a share): the command runs as a user
would run it and must stop before SQLite creates or touches a byte.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tatausaha.storage import netfs

REAL_ROOT = "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw\n"


def _mountinfo(tmp_path: Path, share: Path, fstype: str, source: str) -> Path:
    point = str(share).replace(" ", "\\040")
    f = tmp_path / "mountinfo"
    f.write_text(REAL_ROOT + f"97 22 0:52 / {point} rw,relatime shared:60 - {fstype} {source} rw,vers=3.1.1\n")
    return f


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tatausaha", *args], capture_output=True, text=True, env=env,
                          timeout=120)


@pytest.mark.parametrize(("fstype", "source"), [("cifs", "//server-kantor/arsip"), ("fuse.sshfs", "tu@server:/data")])
def test_init_on_a_network_mount_is_refused_and_creates_nothing(tmp_path: Path, fstype: str, source: str) -> None:
    share = tmp_path / "Z drive"  # a mount point with a space, escaped as mountinfo does
    home = share / "tatausaha"
    share.mkdir()
    env = {**os.environ, "TATAUSAHA_HOME": str(home), netfs.MOUNTINFO_ENV: str(_mountinfo(tmp_path, share, fstype, source))}
    env.pop("TATAUSAHA_DATABASE_URL", None)
    done = _run(["init"], env)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "folder jaringan" in done.stderr and fstype in done.stderr
    assert "Kantor dengan beberapa komputer" in done.stderr and "tatausaha server init" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (home / "tatausaha.sqlite").exists()  # nothing created on the share
    # Restoring a backup onto the share is refused before a byte is written, for the same reason.
    backup = tmp_path / "cadangan.zip"
    backup.write_bytes(b"PK")
    done = _run(["restore", str(backup)], env)
    assert done.returncode == 2 and "folder jaringan" in done.stderr, done.stderr
    assert not (home / "tatausaha.sqlite").exists() and not (home / "arsip").exists()
    # The same folder on a local disk (the simulated table says ext4) opens as usual.
    local = _mountinfo(tmp_path, share, "ext4", "/dev/vdb1")
    done = _run(["init"], {**env, netfs.MOUNTINFO_ENV: str(local)})
    assert done.returncode == 0, done.stderr
    assert (home / "tatausaha.sqlite").stat().st_size > 0


def test_mount_lookup_takes_the_deepest_and_latest_mount() -> None:
    text = (REAL_ROOT
            + "30 22 0:40 / /srv rw - nfs4 nas:/export rw\n"
            + "31 30 8:2 / /srv/lokal rw - ext4 /dev/vdb1 rw\n"
            + "32 22 0:41 / /mnt/x rw - ext4 /dev/vdc1 rw\n"
            + "33 22 0:42 / /mnt/x rw - smb3 //nas/x rw\n")  # mounted over the ext4 one
    assert netfs.mount_of(Path("/srv/lokal/data"), text).fstype == "ext4"  # type: ignore[union-attr]
    assert netfs.network_location(Path("/srv/data/db"), mountinfo_text=text, platform="linux")
    assert netfs.network_location(Path("/srv/lokal/db"), mountinfo_text=text, platform="linux") is None
    assert "smb3" in (netfs.network_location(Path("/mnt/x/a"), mountinfo_text=text, platform="linux") or "")
    assert netfs.network_location(Path("/srvx/a"), mountinfo_text=text, platform="linux") is None  # not under /srv
    assert netfs.is_network_type("fuse.sshfs") and not netfs.is_network_type("fuse.portal")
    assert not netfs.is_network_type("overlay") and not netfs.is_network_type("tmpfs")


def test_windows_unc_paths_and_mapped_drives_are_remote() -> None:
    drives = {"Z:\\": netfs.DRIVE_REMOTE, "C:\\": 3, "E:\\": 2}  # GetDriveTypeW: remote, fixed, removable
    kind = drives.__getitem__
    for unc in (r"\\server-kantor\arsip\tatausaha", "//server-kantor/arsip", r"\\?\UNC\server\arsip\db"):
        assert "UNC" in (netfs.network_location(Path(unc), drive_type=kind, platform="win32") or ""), unc
    assert "Z:" in (netfs.windows_remote(r"Z:\tatausaha", kind) or "")
    assert "Z:" in (netfs.windows_remote(r"\\?\Z:\tatausaha", kind) or "")
    assert netfs.windows_remote(r"C:\Users\tu\AppData\Local\tatausaha", kind) is None
    assert netfs.windows_remote(r"E:\flashdisk", kind) is None
