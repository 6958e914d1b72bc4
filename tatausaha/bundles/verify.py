"""Checking a bundle: every missing, altered or extra file named, and the audit extract's chain.

Works on a ``.zip`` holding one bag or on an unpacked bag folder, with no database: an auditor can
run ``tatausaha verify BUNDEL.zip`` anywhere. It checks what ``bagit.py --validate`` checks (the
payload against every ``manifest-<alg>.txt``, ``Payload-Oxum``, the tag manifests) and, for bundles
this app wrote, the audit extract: rows in order, each consecutive pair linked by its hashes, the
extract's own hash and the trail's head recorded at export. With the office's audit key at hand
(in the office: the data folder's key) each row's seal and the export's seal are checked too.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from tatausaha.bundles import names
from tatausaha.errors import ValidationFailed
from tatausaha.services.audit import anchor_message, key_id_of, keyed_digest

_HEX = re.compile(r"[0-9a-f]{64}")
_MANIFEST = re.compile(r"^(tag)?manifest-([a-z0-9]+)\.txt$")


@dataclass(frozen=True)
class Problem:
    kind: str  # missing | altered | extra | oxum | tag | format | audit
    path: str
    message: str  # Indonesian


@dataclass
class VerifyReport:
    bundle: str
    problems: list[Problem] = field(default_factory=list)
    payload_files: int = 0
    payload_octets: int = 0
    algorithms: tuple[str, ...] = ()
    bag_info: dict[str, str] = field(default_factory=dict)
    audit_rows: int = 0
    audit_sealed: bool | None = None  # None: no key here to check the seals
    tagmanifest_sha256: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    def named(self, kind: str) -> list[str]:
        return [p.path for p in self.problems if p.kind == kind]

    def as_dict(self) -> dict[str, object]:
        return {"bundle": self.bundle, "ok": self.ok, "payload_files": self.payload_files,
                "payload_octets": self.payload_octets, "algorithms": list(self.algorithms),
                "audit_rows": self.audit_rows, "audit_sealed": self.audit_sealed,
                "tagmanifest_sha256": self.tagmanifest_sha256, "bag_info": self.bag_info,
                "problems": [{"kind": p.kind, "path": p.path, "message": p.message} for p in self.problems]}


# -- reading a bag from a zip or a folder ------------------------------------------------------------
class _Source:
    def files(self) -> dict[str, int]:  # bag-relative path -> size
        raise NotImplementedError

    def open(self, rel: str) -> BinaryIO:
        raise NotImplementedError

    def read(self, rel: str) -> bytes:
        with self.open(rel) as fh:
            return fh.read()

    def close(self) -> None:
        return None


class _Folder(_Source):
    def __init__(self, root: Path) -> None:
        self.root = root

    def files(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for dirpath, _dirs, filenames in os.walk(self.root):
            for fn in filenames:
                p = Path(dirpath) / fn
                out[p.relative_to(self.root).as_posix()] = p.stat().st_size
        return out

    def open(self, rel: str) -> BinaryIO:
        return (self.root / rel).open("rb")


class _Zip(_Source):
    def __init__(self, path: Path) -> None:
        try:
            self.zf = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise ValidationFailed(f"{path.name} bukan berkas ZIP yang utuh ({exc}).") from exc
        tops = {n.split("/", 1)[0] for n in self.zf.namelist()}
        if len(tops) != 1:
            self.zf.close()
            raise ValidationFailed(f"{path.name} harus berisi tepat satu folder bag; isinya: {', '.join(sorted(tops)[:5])}.")
        self.top = tops.pop()
        self._infos = {i.filename[len(self.top) + 1:]: i for i in self.zf.infolist()
                       if not i.is_dir() and i.filename.startswith(self.top + "/")}

    def files(self) -> dict[str, int]:
        return {rel: i.file_size for rel, i in self._infos.items()}

    def open(self, rel: str) -> BinaryIO:
        return self.zf.open(self._infos[rel])  # type: ignore[return-value]

    def close(self) -> None:
        self.zf.close()


def _open_source(path: Path) -> _Source:
    if path.is_dir():
        return _Folder(path)
    if path.is_file():
        return _Zip(path)
    raise ValidationFailed(f"Bundel {path} tidak ditemukan.")


def _decode_path(raw: str) -> str:
    # BagIt 1.0 percent-encodes CR, LF and % in manifest paths; we never write them, but read them
    return raw.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _parse_manifest(text: str, where: str, report: VerifyReport) -> dict[str, str]:
    out: dict[str, str] = {}
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.split(None, 1)
        if len(parts) != 2:
            report.problems.append(Problem("format", where, f"{where} baris {n} tidak terbaca: {line[:80]!r}"))
            continue
        digest, rel = parts[0].lower(), _decode_path(parts[1].strip().lstrip("*"))
        out[rel] = digest
    return out


def _hash_file(src: _Source, rel: str, algorithms: tuple[str, ...]) -> dict[str, str]:
    hashers = {a: hashlib.new(a) for a in algorithms}
    with src.open(rel) as fh:
        while chunk := fh.read(1 << 20):
            for h in hashers.values():
                h.update(chunk)
    return {a: h.hexdigest() for a, h in hashers.items()}


def _bag_info(text: str) -> dict[str, str]:
    info: dict[str, str] = {}
    last = None
    for line in text.splitlines():
        if line[:1] in (" ", "\t") and last is not None:
            info[last] += " " + line.strip()
            continue
        if ":" in line:
            k, v = line.split(":", 1)
            last = k.strip()
            info[last] = v.strip()
    return info


def verify_bundle(path: Path | str, *, key: bytes | None = None, progress: object | None = None) -> VerifyReport:
    """Check the bundle at ``path`` (a ``.zip`` or an unpacked bag folder); every problem is named."""
    path = Path(path)
    report = VerifyReport(str(path))
    src = _open_source(path)
    try:
        _verify(src, report, key, progress)
    finally:
        src.close()
    return report


def _verify(src: _Source, report: VerifyReport, key: bytes | None, progress: object | None) -> None:
    files = src.files()
    if "bagit.txt" not in files:
        report.problems.append(Problem("format", "bagit.txt", "bagit.txt tidak ada: ini bukan bag BagIt."))
        return
    if "BagIt-Version" not in src.read("bagit.txt").decode("utf-8", "replace"):
        report.problems.append(Problem("format", "bagit.txt", "bagit.txt tidak menyebut BagIt-Version."))
    report.bag_info = _bag_info(src.read("bag-info.txt").decode("utf-8", "replace")) if "bag-info.txt" in files else {}
    manifests: dict[str, dict[str, str]] = {}
    tagmanifests: dict[str, dict[str, str]] = {}
    for rel in files:
        m = _MANIFEST.match(rel)
        if m is None:
            continue
        alg = m.group(2)
        if alg not in hashlib.algorithms_available:
            report.problems.append(Problem("format", rel, f"{rel}: algoritme {alg} tidak dikenal."))
            continue
        parsed = _parse_manifest(src.read(rel).decode("utf-8", "replace"), rel, report)
        (tagmanifests if m.group(1) else manifests)[alg] = parsed
    if not manifests:
        report.problems.append(Problem("format", "manifest-sha256.txt", "Tidak ada manifest payload (manifest-*.txt)."))
        return
    report.algorithms = tuple(sorted(manifests))
    payload = {rel: size for rel, size in files.items() if rel.startswith("data/")}
    listed = set().union(*(set(m) for m in manifests.values()))
    # missing: listed in a manifest, not in the bag
    for rel in sorted(listed - set(payload)):
        where = ", ".join(f"manifest-{a}.txt" for a in sorted(manifests) if rel in manifests[a])
        report.problems.append(Problem("missing", rel, f"Berkas hilang: {rel} (tercantum di {where}, tidak ada di bundel)."))
    # extra: in the bag, listed nowhere
    for rel in sorted(set(payload) - listed):
        report.problems.append(Problem("extra", rel, f"Berkas tambahan: {rel} (tidak tercantum di manifest mana pun)."))
    # altered: any algorithm disagrees
    present = sorted(listed & set(payload))
    total = len(present)
    for n, rel in enumerate(present, start=1):
        algs = tuple(a for a in sorted(manifests) if rel in manifests[a])
        got = _hash_file(src, rel, algs)
        for a in algs:
            if got[a] != manifests[a][rel]:
                report.problems.append(Problem("altered", rel, f"Berkas berubah: {rel} ({a.upper()} seharusnya "
                                               f"{manifests[a][rel][:16]}…, ternyata {got[a][:16]}…)."))
                break
        for a in sorted(manifests):
            if rel not in manifests[a]:
                report.problems.append(Problem("format", rel, f"{rel} tidak tercantum di manifest-{a}.txt."))
        if progress is not None and (n % 50 == 0 or n == total):
            progress.report(n, total, "Memeriksa berkas")  # type: ignore[attr-defined]
    report.payload_files = len(payload)
    report.payload_octets = sum(payload.values())
    oxum = report.bag_info.get("Payload-Oxum")
    if oxum:
        expected = f"{report.payload_octets}.{report.payload_files}"
        if oxum.strip() != expected:
            report.problems.append(Problem("oxum", "bag-info.txt", f"Payload-Oxum {oxum} tidak cocok dengan isi "
                                           f"bundel ({report.payload_octets} bita dalam {report.payload_files} berkas)."))
    # tag files
    tag_listed: set[str] = set()
    for alg, entries in sorted(tagmanifests.items()):
        for rel, digest in sorted(entries.items()):
            tag_listed.add(rel)
            if rel not in files:
                report.problems.append(Problem("missing", rel, f"Berkas tag hilang: {rel} (tercantum di tagmanifest-{alg}.txt)."))
                continue
            if _hash_file(src, rel, (alg,))[alg] != digest:
                report.problems.append(Problem("altered", rel, f"Berkas tag berubah: {rel} ({alg.upper()} tidak cocok "
                                               f"dengan tagmanifest-{alg}.txt)."))
    if tagmanifests:
        for rel in sorted(set(files) - set(payload) - tag_listed):
            if not _MANIFEST.match(rel) or not rel.startswith("tagmanifest-"):
                report.problems.append(Problem("extra", rel, f"Berkas tambahan: {rel} (di luar data/, tidak tercantum "
                                               "di tagmanifest)."))
    if "tagmanifest-sha256.txt" in files:
        report.tagmanifest_sha256 = _hash_file(src, "tagmanifest-sha256.txt", ("sha256",))["sha256"]
    # this app's own payload files
    if names.AUDIT_ROWS in files and names.AUDIT_ANCHOR in files:
        for p in check_audit_extract(src.read(names.AUDIT_ROWS), src.read(names.AUDIT_ANCHOR), key=key, report=report):
            report.problems.append(p)
    if names.MANIFEST_JSON in files and "manifest-sha256.txt" in files:
        _cross_check_manifest_json(src, manifests.get("sha256", {}), report)


def _cross_check_manifest_json(src: _Source, sha256s: dict[str, str], report: VerifyReport) -> None:
    try:
        listing = json.loads(src.read(names.MANIFEST_JSON))
        entries = listing["berkas"]
    except (ValueError, KeyError, TypeError):
        report.problems.append(Problem("format", names.MANIFEST_JSON, f"{names.MANIFEST_JSON} tidak terbaca."))
        return
    for e in entries:
        rel = f"data/{e.get('path', '')}"
        if rel in sha256s and sha256s[rel] != e.get("sha256"):
            report.problems.append(Problem("altered", rel, f"{rel}: sidik SHA-256 di {names.MANIFEST_JSON} berbeda dari "
                                           "manifest-sha256.txt (daftar berkas diubah)."))


def check_audit_extract(rows_data: bytes, anchor_data: bytes, *, key: bytes | None = None,
                        report: VerifyReport | None = None) -> Iterator[Problem]:
    """The audit extract's chain: order, links between consecutive rows, its hash, the head at export,
    and — with the office key — every row's seal and the export's own seal."""
    where = names.AUDIT_ROWS
    try:
        anchor = json.loads(anchor_data)
        head = anchor["head"]
    except (ValueError, KeyError, TypeError):
        yield Problem("audit", names.AUDIT_ANCHOR, f"{names.AUDIT_ANCHOR} tidak terbaca.")
        return
    digest = hashlib.sha256(rows_data).hexdigest()
    if digest != anchor.get("extract_sha256"):
        yield Problem("audit", where, f"{where}: sidiknya tidak cocok dengan yang dicatat di {names.AUDIT_ANCHOR} "
                                      "(baris ditambah, dihapus atau diubah).")
    rows = []
    for n, line in enumerate(rows_data.decode("utf-8", "replace").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            int(row["id"])
        except (ValueError, KeyError, TypeError):
            yield Problem("audit", where, f"{where} baris {n} tidak terbaca.")
            continue
        rows.append(row)
    if report is not None:
        report.audit_rows = len(rows)
    if len(rows) != anchor.get("rows"):
        yield Problem("audit", where, f"{where} berisi {len(rows)} baris, seharusnya {anchor.get('rows')}.")
    prev = None
    for row in rows:
        rid = int(row["id"])
        for col in ("hash", "prev_hash"):
            if not _HEX.fullmatch(str(row.get(col, ""))):
                yield Problem("audit", where, f"{where}: baris audit {rid} tidak punya {col} yang sah.")
        if prev is not None:
            if rid <= int(prev["id"]):
                yield Problem("audit", where, f"{where}: baris audit {rid} tidak berurutan (sesudah {prev['id']}).")
            elif rid == int(prev["id"]) + 1 and row.get("prev_hash") != prev.get("hash"):
                yield Problem("audit", where, f"{where}: baris audit {rid} tidak menyambung ke baris {prev['id']} "
                                              "(rantai putus: diubah atau disisipkan).")
        prev = row
    if rows and int(rows[-1]["id"]) > int(head.get("last_id", 0)):
        yield Problem("audit", where, f"{where}: baris {rows[-1]['id']} sesudah kepala jejak saat ekspor "
                                      f"({head.get('last_id')}): ditambahkan kemudian.")
    for row in rows:
        if int(row["id"]) == int(head.get("last_id", -1)) and row.get("hash") != head.get("hash"):
            yield Problem("audit", where, f"{where}: baris {row['id']} berbeda dari kepala jejak saat ekspor.")
    if key is None:
        if report is not None:
            report.audit_sealed = None
        return
    kid = key_id_of(key)
    sealed = True
    for row in rows:
        if row.get("key_id") != kid:
            continue
        data = dict(row)
        try:
            import datetime as dt

            data["ts"] = dt.datetime.fromisoformat(str(row["ts"]))
            expected = keyed_digest(key, str(row["prev_hash"]), data)
        except (KeyError, ValueError, TypeError):
            expected = ""
        if expected != row.get("hash"):
            sealed = False
            yield Problem("audit", where, f"{where}: isi baris audit {row['id']} tidak cocok dengan segel kunci kantor "
                                          "(diubah sesudah ekspor).")
    if anchor.get("key_id") == kid:
        msg = bundle_anchor_message(str(anchor.get("bundle_id")), digest, int(head.get("last_id", 0)), str(head.get("hash")))
        expected_mac = hmac.new(key, msg.encode(), hashlib.sha256).hexdigest()[:32]
        if not hmac.compare_digest(expected_mac, str(anchor.get("mac", ""))):
            sealed = False
            yield Problem("audit", names.AUDIT_ANCHOR, f"{names.AUDIT_ANCHOR}: segel kantor tidak cocok (jangkar diubah).")
    if report is not None:
        report.audit_sealed = sealed


def bundle_anchor_message(bundle_id: str, extract_sha256: str, head_id: int, head_hash: str) -> str:
    return f"bundel|{bundle_id}|{extract_sha256}|" + anchor_message(head_id, 0, head_hash)
