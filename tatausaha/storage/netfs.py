"""Is a folder on a network filesystem? SQLite must never be opened there.

SQLite's own documentation: WAL does not work over a network filesystem, and its locking is unreliable
on NFS/SMB, so a database file on a share shared by several PCs gets corrupted. SQLite 3.51's
remote-volume check recognises only UNC paths, so a mapped drive letter still slips through; the
upstream fix asks ``GetDriveTypeW``. We check both ourselves, before SQLite touches the file:

- Linux (and other ``/proc`` systems): the mount type of the folder from ``/proc/self/mountinfo``
  (nfs, cifs, smb3, fuse.sshfs, …). ``TATAUSAHA_MOUNTINFO`` names another file in the same format
  (how the tests simulate a network mount without root);
- Windows: a UNC path (``\\\\server\\share``), or a drive whose ``GetDriveTypeW`` is ``DRIVE_REMOTE``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

MOUNTINFO = Path("/proc/self/mountinfo")
MOUNTINFO_ENV = "TATAUSAHA_MOUNTINFO"

#: Filesystem types that live on another machine (mountinfo's "filesystem type" field).
NETWORK_TYPES = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ncpfs", "afs", "coda", "9p", "ceph", "glusterfs",
    "lustre", "gfs2", "ocfs2", "davfs", "sshfs", "beegfs", "gpfs", "orangefs", "pvfs2", "cvfs", "panfs",
})
#: FUSE filesystems whose subtype says they are remote (``fuse.<subtype>``).
NETWORK_FUSE = frozenset({
    "sshfs", "davfs2", "glusterfs", "rclone", "s3fs", "gcsfuse", "smbnetfs", "cifs", "nfs", "gvfsd-fuse",
    "curlftpfs", "ceph", "ceph-fuse", "juicefs", "goofys", "mountpoint-s3", "seaweedfs", "moosefs", "lizardfs",
})

DRIVE_REMOTE = 4  # winbase.h


@dataclass(frozen=True)
class Mount:
    point: str
    fstype: str
    source: str


def _unescape(field: str) -> str:
    """mountinfo escapes space, tab, newline and backslash as octal (``\\040``)."""
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and len(field) >= i + 4 and field[i + 1:i + 4].isdigit():
            out.append(chr(int(field[i + 1:i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def parse_mountinfo(text: str) -> list[Mount]:
    mounts = []
    for line in text.splitlines():
        parts = line.split()
        if "-" not in parts:
            continue
        sep = parts.index("-")
        if sep < 5 or len(parts) < sep + 3:
            continue
        mounts.append(Mount(_unescape(parts[4]), parts[sep + 1], _unescape(parts[sep + 2])))
    return mounts


def is_network_type(fstype: str) -> bool:
    fstype = fstype.lower()
    if fstype in NETWORK_TYPES:
        return True
    if fstype.startswith(("fuse.", "fuseblk.")):
        return fstype.split(".", 1)[1] in NETWORK_FUSE
    return False


def _existing(path: Path) -> Path:
    """``path`` with symlinks resolved as far as it exists (the database may not exist yet)."""
    p = path.absolute()
    tail: list[str] = []
    while not p.exists() and p != p.parent:
        tail.insert(0, p.name)
        p = p.parent
    return p.resolve().joinpath(*tail)


def mount_of(path: Path, mountinfo_text: str) -> Mount | None:
    """The mount holding ``path``: the longest mount point above it (the last one when stacked)."""
    target = str(_existing(path))
    best: Mount | None = None
    for m in parse_mountinfo(mountinfo_text):
        point = m.point.rstrip("/") or "/"
        inside = target == point or point == "/" or target.startswith(point + "/")
        if inside and (best is None or len(point) >= len(best.point.rstrip("/") or "/")):
            best = m
    return best


def _read_mountinfo() -> str | None:
    source = Path(os.environ.get(MOUNTINFO_ENV) or MOUNTINFO)
    try:
        return source.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None  # no /proc (macOS, BSD): nothing we can tell


def _windows_drive_type(root: str) -> int:
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]


def windows_remote(path: str, drive_type: Callable[[str], int] | None = None) -> str | None:
    """Why a Windows path is on the network (UNC, or a mapped drive), or ``None``."""
    p = PureWindowsPath(path)
    drive = p.drive
    if drive.lower().startswith("\\\\?\\") and not drive.lower().startswith("\\\\?\\unc"):
        drive = drive[4:]  # \\?\C: is the drive C:
    if drive.startswith(("\\\\", "//")):
        return f"jalur jaringan (UNC) {drive}"
    if len(drive) == 2 and drive[1] == ":":
        kind = (drive_type or _windows_drive_type)(drive + "\\")
        if kind == DRIVE_REMOTE:
            return f"drive {drive} adalah drive jaringan yang dipetakan"
    return None


def network_location(path: Path, *, mountinfo_text: str | None = None,
                     drive_type: Callable[[str], int] | None = None, platform: str | None = None) -> str | None:
    """A short Indonesian description of why ``path`` is on a network filesystem, or ``None``."""
    platform = platform or sys.platform
    if platform == "win32":
        return windows_remote(str(path), drive_type)
    text = mountinfo_text if mountinfo_text is not None else _read_mountinfo()
    if not text:
        return None
    mount = mount_of(path, text)
    if mount is not None and is_network_type(mount.fstype):
        return f"{mount.point} adalah folder jaringan ({mount.fstype} dari {mount.source})"
    return None


def refusal_message(path: Path, why: str) -> str:
    return (
        f"Basis data SQLite {path} tidak boleh disimpan di folder jaringan: {why}. SQLite di folder bersama "
        "rusak bila dipakai lewat jaringan, apalagi oleh beberapa komputer. Tidak ada yang dibuat atau diubah. "
        "Pindahkan folder data ke disk komputer ini (TATAUSAHA_HOME), atau, bila kantor memakai beberapa "
        "komputer, pakai server PostgreSQL kantor: lihat README bagian \"Kantor dengan beberapa komputer\" "
        "(perintah 'tatausaha server init')."
    )
