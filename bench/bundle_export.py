"""Auditor bundle export: throughput against a plain stored ZIP of the same files, same run.

Builds an office with N archived documents (incompressible, like scan JPEG streams) on surat masuk,
then measures, median of R runs each:

* ``plain zip``  — ``zipfile`` STORED of the same archive files (CRC-32 only): the limit;
* ``bag write``  — our bag writer over the same files as an export writes them: copy + SHA-256 (each
  file proven to be the bytes its archive name says) with the SHA-512 the archive kept when it stored
  the file (``document.sha512``), manifests, tag manifests, temp name + rename;
* ``bag write, both hashed`` — the same with SHA-512 worked out too: what the first bundle of files
  stored before migration 0013 costs (that bundle keeps their SHA-512 for the next);
* ``full export`` — ``export_bundle``: the scope read, visibility, the bag, ``manifest.json/csv``, the
  audit extract, ``daftar_isi.pdf`` and the berita acara, on record in the audit trail.

Printed: MB/s of each, the ratios against the plain ZIP (goal ≥ 0.8 for the bundle), and the time to
a bundle of N documents. ``--smoke``: 20 small documents, one run (CI) — at that size the
ratios are timer noise (milliseconds); only the full size says something.
Full size (by hand): ``python bench/bundle_export.py`` — 1,000 documents of 200 KB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def make_office(home: Path, docs: int, size: int, per_letter: int = 4):  # type: ignore[no-untyped-def]
    os.environ["TATAUSAHA_HOME"] = str(home)
    from tatausaha.config import AppPaths
    from tatausaha.context import AppContext
    from tatausaha.correspondence import letters
    from tatausaha.correspondence.kinds import SURAT_MASUK
    from tatausaha.services import documents
    from tatausaha.services.auth import SYSTEM

    paths = AppPaths.from_env()
    ctx = AppContext.open(paths)
    rng = random.Random(14)
    with ctx.uow(actor=SYSTEM) as uow:
        letter_id = 0
        for i in range(docs):
            if i % per_letter == 0:
                letter_id = letters.register_masuk(uow, letters.SuratMasukInput(
                    tanggal_terima=dt.date(2026, 1, 1) + dt.timedelta(days=(i // per_letter) % 300),
                    pengirim=f"Desa {i}", perihal=f"Laporan {i}", nomor_surat=f"400/{i}/2026",
                    kode_klasifikasi="000.1.2"), strict_kode=False).id
            data = b"\xff\xd8\xff\xe0" + rng.randbytes(size - 4)
            info = documents.add_document_bytes(uow, ctx.store, data, f"pindaian-{i}.jpg")
            documents.link_document(uow, info.id, SURAT_MASUK, letter_id, role="scan" if i % per_letter == 0 else "lampiran")
        uow.commit()
    return ctx


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--smoke", action="store_true", help="20 documents of 20 KB, one run (CI)")
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--size-kb", type=int, default=200)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    if args.smoke:
        args.docs, args.size_kb, args.runs = 20, 20, 1
    from tatausaha.bundles import service
    from tatausaha.bundles.bag import BagWriter, Source
    from tatausaha.bundles.types import Scope
    from tatausaha.services.auth import Role

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        t0 = time.perf_counter()
        ctx = make_office(root / "home", args.docs, args.size_kb * 1024)
        print(f"office with {args.docs} documents of {args.size_kb} KB made in {time.perf_counter() - t0:.1f} s")
        shas = _hashes(ctx)
        sizes = {h: len(ctx.store.read_bytes(h)) for h in shas}
        total = sum(sizes.values())
        mb = total / 1e6
        from tatausaha.services.auth import Actor
        from tatausaha.services.uow import perform

        auditor = Actor(None, "bench", "Bench", Role.AUDITOR)
        scope = Scope("correspondence", "klasifikasi", (("kode", "000.1"),))
        plain, bag, both, full = [], [], [], []
        kept512 = _kept_sha512(ctx)
        assert len(kept512) == len(shas), "the archive keeps every document's SHA-512 when it stores it"
        for h in shas:  # warm the page cache once, so neither measurement pays the first read
            ctx.store.read_bytes(h)
        for run in range(args.runs):
            out = root / f"plain-{run}.zip"
            t = time.perf_counter()
            with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
                for n, h in enumerate(shas):
                    zi = zipfile.ZipInfo(f"b/data/{n:05d}.jpg")
                    zi.file_size = sizes[h]
                    with ctx.store.open(h) as src, zf.open(zi, "w") as dst:
                        shutil.copyfileobj(src, dst, 1 << 20)
            with out.open("rb+") as fh:
                os.fsync(fh.fileno())
            plain.append(time.perf_counter() - t)
            out.unlink()

            for kept, times in ((True, bag), (False, both)):
                out = root / f"bag-{run}-{kept}.zip"
                t = time.perf_counter()
                with BagWriter(out, name="b") as w:
                    w.add_files([Source(f"{n:05d}.jpg", functools.partial(ctx.store.open, h), sizes[h],
                                        expect_sha256=h, known_sha512=kept512[h] if kept else None)
                                 for n, h in enumerate(shas)])
                    w.finish([("Source-Organization", "bench")])
                times.append(time.perf_counter() - t)
                out.unlink()

            out = root / f"full-{run}.zip"
            t = time.perf_counter()
            r = perform(ctx.db, auditor, lambda uow, out=out: service.export_bundle(uow, ctx.store, scope, out)).value
            full.append(time.perf_counter() - t)
            assert r.files == args.docs, r
            out.unlink()
        p, b, b2, f = (statistics.median(x) for x in (plain, bag, both, full))
        print(f"payload: {args.docs} files, {mb:.1f} MB; cpu count {os.cpu_count()}; median of {args.runs}")
        print(f"plain stored zip          {p:7.3f} s  {mb / p:8.1f} MB/s")
        print(f"bag write                 {b:7.3f} s  {mb / b:8.1f} MB/s  (SHA-256 proven, SHA-512 kept)")
        print(f"bag write, both hashed    {b2:7.3f} s  {mb / b2:8.1f} MB/s  (first bundle of pre-0013 files)")
        print(f"full export               {f:7.3f} s  {mb / f:8.1f} MB/s  (time to a {args.docs}-document bundle)")
        print(f"ratio bag write / plain stored zip (throughput, goal >= 0.8)     = {p / b:.2f}")
        print(f"ratio bag write, both hashed / plain stored zip (throughput)    = {p / b2:.2f}")
        print(f"ratio full export / plain stored zip (throughput, goal >= 0.8)  = {p / f:.2f}")
        ctx.close()
    return 0


def _kept_sha512(ctx) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from tatausaha.models.document import Document

    with ctx.reader() as uow:
        return {h: h512 for h, h512 in uow.session.execute(select(Document.sha256, Document.sha512)) if h512}


def _hashes(ctx) -> list[str]:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from tatausaha.models.document import Document

    with ctx.reader() as uow:
        return [h for (h,) in uow.session.execute(select(Document.sha256).order_by(Document.id))]


if __name__ == "__main__":
    raise SystemExit(main())
