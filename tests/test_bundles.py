"""The auditor's bundles (issue 14): a scope becomes a BagIt bag that proves itself.

Checked from the outside: the bag is read back by our verifier, by the Library of Congress's
``bagit`` (the validator an auditor installs) and by ``sha256sum -c``; tampering is named by both.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import bagit
import pytest
from sqlalchemy import select

from tatausaha.bundles import names, service
from tatausaha.bundles.types import Scope
from tatausaha.bundles.verify import verify_bundle
from tatausaha.correspondence import letters
from tatausaha.correspondence.kinds import SURAT_MASUK
from tatausaha.errors import JobCancelled, ValidationFailed
from tatausaha.jobs import CallbackProgress, CancelToken
from tatausaha.models.account import User
from tatausaha.models.correspondence import SuratMasuk
from tatausaha.services import accounts, documents
from tatausaha.services.audit import AuditSeal
from tatausaha.services.auth import SYSTEM, Role
from tatausaha.services.uow import perform
from tests.conftest import make_actor

ALL_LETTERS = Scope("correspondence", "klasifikasi", (("jenis", "semua"), ("kode", "")))


def _fake_scan(rng: random.Random, n: int) -> bytes:
    """A small 'JPEG' (its magic and random bytes): each one different, as scans are."""
    return b"\xff\xd8\xff\xe0" + rng.randbytes(1500 + n % 700)


def _letters_with_documents(ctx, letters_n: int, per_letter: int, *, kode: str = "000.1.2", keamanan: str = "biasa",
                            seed: int = 14) -> list[int]:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    ids = []
    with ctx.uow(actor=SYSTEM) as uow:
        for i in range(letters_n):
            saved = letters.register_masuk(uow, letters.SuratMasukInput(
                tanggal_terima=dt.date(2026, 3, 1) + dt.timedelta(days=i % 200), pengirim=f"Desa Uji {i}",
                perihal=f"Laporan kegiatan nomor {i}", nomor_surat=f"400/{i + 1}/DS/2026", kode_klasifikasi=kode,
                keamanan=keamanan), strict_kode=False)
            ids.append(saved.id)
            for j in range(per_letter):
                info = documents.add_document_bytes(uow, ctx.store, _fake_scan(rng, i * per_letter + j),
                                                    f"pindaian {i}-{j}.jpg")
                documents.link_document(uow, info.id, SURAT_MASUK, saved.id, role="scan" if j == 0 else "lampiran")
        uow.commit()
    return ids


def _export(ctx, actor, scope: Scope, target: Path, **kw):  # type: ignore[no-untyped-def]
    return perform(ctx.db, actor, lambda uow: service.export_bundle(uow, ctx.store, scope, target, **kw)).value


def _bagit_errors(folder: Path) -> list[tuple[str, str]]:
    """(error class, path) for every problem bagit-python names in an unpacked bag.

    bagit-python 1.9 checks Payload-Oxum first and stops there when a file was removed or added
    ("Expected 1006 files … but found 1005"): the bag is refused, and the completeness check it
    runs next (``Bag.compare_manifests_with_fs``, public in the library) names the file."""
    bag = bagit.Bag(str(folder))
    try:
        bag.validate()
    except bagit.BagValidationError as exc:
        named = [(type(d).__name__, d.path) for d in exc.details]
        if not named and "Payload-Oxum validation failed" in str(exc):
            only_in_manifest, only_on_disk = bag.compare_manifests_with_fs()
            named = [("FileMissing", p) for p in only_in_manifest] + [("UnexpectedFile", p) for p in only_on_disk]
        return sorted(named) or [("BagValidationError", str(exc))]
    return []


def _unzip(path: Path, where: Path) -> Path:
    with zipfile.ZipFile(path) as zf:
        zf.extractall(where)
    (bag,) = list(where.iterdir())
    return bag


def test_a_1000_document_bundle_verifies_with_ours_bagit_and_sha256sum_and_tampering_is_named_by_both(
        ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _letters_with_documents(ctx, 250, 4)
    auditor = make_actor(Role.AUDITOR)
    target = tmp_path / "bundel.zip"
    seen: list[tuple[int, int, str]] = []
    result = _export(ctx, auditor, ALL_LETTERS, target, progress=CallbackProgress(lambda d, t, lab: seen.append((d, t, lab))))
    assert (result.records, result.files) == (250, 1000)
    assert result.payload_files == 1000 + 6  # the originals + daftar isi, berita acara, manifest.json/csv, audit extract + anchor
    assert seen and seen[-1][0] == seen[-1][1]  # progress reached its end
    ours = verify_bundle(target, key=AuditSeal.for_home(ctx.paths.home).key)
    assert ours.ok, ours.problems[:5]
    assert ours.payload_files == 1006 and ours.audit_sealed is True and ours.audit_rows >= 250 + 2000
    assert ours.tagmanifest_sha256 == result.tagmanifest_sha256

    print(f"\n1,000-document bundle ({result.payload_octets:,} bytes): {result.seconds:.2f} s")
    bag = _unzip(target, tmp_path / "unpacked")
    assert _bagit_errors(bag) == []
    cli = subprocess.run([sys.executable, "-m", "bagit", "--validate", str(bag)], capture_output=True, text=True)
    assert cli.returncode == 0 and "is valid" in cli.stderr, cli.stderr[-2000:]
    assert bagit.Bag(str(bag)).info["Payload-Oxum"] == f"{ours.payload_octets}.{ours.payload_files}"
    if shutil.which("sha256sum"):
        run = subprocess.run(["sha256sum", "-c", "--quiet", "manifest-sha256.txt"], cwd=bag, capture_output=True, text=True)
        assert run.returncode == 0, run.stdout + run.stderr
        run = subprocess.run(["sha512sum", "-c", "--quiet", "manifest-sha512.txt"], cwd=bag, capture_output=True, text=True)
        assert run.returncode == 0, run.stdout + run.stderr
    # originals byte-identical to the archive, in reading order under data/dokumen/
    listing = json.loads((bag / names.MANIFEST_JSON).read_bytes())
    first = listing["berkas"][0]
    assert first["path"].startswith("dokumen/0001-") and (bag / "data" / first["path"]).read_bytes() == \
        ctx.store.read_bytes(first["sha256"])
    paths = [e["path"] for e in listing["berkas"]]
    assert paths == sorted(paths)  # the names carry the reading order

    # one changed byte, a removed file, an added file: each named by ours and by bagit-python
    victim = bag / "data" / paths[10]
    removed = bag / "data" / paths[20]
    cases = {}
    for case in ("altered", "missing", "extra"):
        copy = tmp_path / case / bag.name
        shutil.copytree(bag, copy)
        cases[case] = copy
    data = bytearray((cases["altered"] / "data" / paths[10]).read_bytes())
    data[len(data) // 2] ^= 0x01
    (cases["altered"] / "data" / paths[10]).write_bytes(bytes(data))
    (cases["missing"] / "data" / paths[20]).unlink()
    (cases["extra"] / "data" / "dokumen" / "tambahan.pdf").write_bytes(b"%PDF-1.4 disisipkan")
    expect = {"altered": (f"data/{paths[10]}", "ChecksumMismatch"), "missing": (f"data/{paths[20]}", "FileMissing"),
              "extra": ("data/dokumen/tambahan.pdf", "UnexpectedFile")}
    for case, (rel, bagit_kind) in expect.items():
        report = verify_bundle(cases[case])
        assert report.named(case) == [rel], (case, report.problems)
        assert rel in report.problems[0].message or any(rel in p.message for p in report.problems)
        errors = _bagit_errors(cases[case])
        assert any(kind == bagit_kind and Path(path).as_posix().endswith(rel) for kind, path in errors), (case, errors)
        cli = subprocess.run([sys.executable, "-m", "bagit", "--validate", str(cases[case])], capture_output=True, text=True)
        assert cli.returncode != 0, (case, cli.stderr[-1000:])  # the auditor's own tool refuses the bag
        if case == "altered":
            assert rel in cli.stderr  # and names the changed file
        # ours names it in the zip too
        zipped = Path(shutil.make_archive(str(tmp_path / f"{case}-zip"), "zip", cases[case].parent, bag.name))
        assert verify_bundle(zipped).named(case) == [rel]
    assert victim.exists() and removed.exists()  # the pristine copy is untouched


def test_a_secret_letter_outside_the_exporters_sight_never_appears_in_the_payload(demo_ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx = demo_ctx
    with ctx.reader() as uow:
        users = {u.username: accounts.actor_of(u, uow.session) for u in uow.session.execute(select(User)).scalars()}
        secret = uow.session.execute(select(SuratMasuk).where(SuratMasuk.keamanan == "rahasia")
                                     .order_by(SuratMasuk.id)).scalars().first()
        assert secret is not None
        secret_id, secret_perihal, secret_nomor = secret.id, secret.perihal, secret.nomor_surat
    secret_bytes = b"\xff\xd8\xff\xe0RAHASIA-" + os.urandom(2000)
    with ctx.uow(actor=SYSTEM) as uow:
        info = documents.add_document_bytes(uow, ctx.store, secret_bytes, "pindaian-rahasia.jpg")
        documents.link_document(uow, info.id, SURAT_MASUK, secret_id, role="disposisi")
        uow.commit()
    scope = Scope("correspondence", "klasifikasi", (("jenis", "masuk"),), include_rahasia=True)
    auditor = users["auditor"]
    with ctx.reader(auditor) as uow:
        plan = service.plan(uow, scope)
    assert plan.withheld and plan.withheld_count(service.NOT_ALLOWED) == plan.secret_total
    assert all(i.record_id != secret_id for i in plan.items)
    target = tmp_path / "auditor.zip"
    result = _export(ctx, auditor, scope, target)
    assert result.secret_withheld == len(plan.withheld) and result.secret_included == 0
    with zipfile.ZipFile(target) as zf:
        blob = b"".join(zf.read(n) for n in zf.namelist())
        bag_info = zf.read(next(n for n in zf.namelist() if n.endswith("/bag-info.txt"))).decode()
        toc = zf.read(next(n for n in zf.namelist() if n.endswith("/data/" + names.TABLE_OF_CONTENTS)))
    assert secret_bytes not in blob and info.sha256.encode() not in blob
    assert secret_perihal.encode() not in blob and secret_nomor.encode() not in blob
    from tatausaha.printing.readback import page_texts

    toc_text = " ".join(page_texts(toc))
    assert secret_perihal[:30] not in toc_text and "rahasia tidak disertakan" in toc_text
    assert f"Tatausaha-Rahasia-Tidak-Berhak: {len(plan.withheld)}" in bag_info  # counted, never silently dropped
    assert f"Tatausaha-Rahasia-Dalam-Cakupan: {plan.secret_total}" in bag_info

    # the Camat sees it: in only when the scope asks for rahasia records, counted either way
    camat = users["camat"]
    with ctx.reader(camat) as uow:
        without = service.plan(uow, Scope("correspondence", "klasifikasi", (("jenis", "masuk"),)))
        with_secret = service.plan(uow, scope)
    assert without.withheld_count(service.NOT_ASKED) == without.secret_total >= 1
    assert all(i.record_id != secret_id for i in without.items)
    assert any(i.record_id == secret_id for i in with_secret.items) and with_secret.secret_included >= 1
    r = _export(ctx, camat, scope, tmp_path / "camat.zip")
    assert r.secret_included == with_secret.secret_included
    with zipfile.ZipFile(tmp_path / "camat.zip") as zf:
        assert any(zf.read(n) == secret_bytes for n in zf.namelist() if "/data/dokumen/" in n)


@pytest.mark.parametrize("as_zip", [True, False])
def test_cancel_leaves_no_partial_file(ctx, tmp_path: Path, as_zip: bool) -> None:  # type: ignore[no-untyped-def]
    _letters_with_documents(ctx, 30, 3)
    token = CancelToken()
    calls = []

    def progress(done: int, total: int, label: str) -> None:
        calls.append(done)
        if done >= 20:
            token.cancel()

    out = tmp_path / "keluar"
    out.mkdir()
    target = out / ("bundel.zip" if as_zip else "bundel")
    with pytest.raises(JobCancelled):
        _export(ctx, make_actor(Role.AUDITOR), ALL_LETTERS, target, as_zip=as_zip, progress=CallbackProgress(progress),
                cancel=token)
    assert calls and not target.exists()
    assert list(out.iterdir()) == []  # no temporary file left either
    with ctx.reader() as uow:
        assert service.history(uow) == []  # nothing handed over, nothing on record


def test_each_export_is_audited_with_the_tagmanifest_hash_and_listed_in_the_history(ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _letters_with_documents(ctx, 5, 2)
    with ctx.uow(actor=SYSTEM) as uow:
        req = letters.register_masuk(uow, letters.SuratMasukInput(
            tanggal_terima=dt.date(2026, 11, 2), pengirim="Inspektorat Kota Bekasi", tanggal_surat=dt.date(2026, 10, 30),
            perihal="Permintaan data pemeriksaan", nomor_surat="700/812/Itko/2026", kode_klasifikasi="700"),
            strict_kode=False)
        uow.commit()
    auditor = make_actor(Role.AUDITOR)
    with ctx.reader(auditor) as uow:
        found = service.request_letters(uow, "Itko")
    assert [r.nomor for r in found] == ["700/812/Itko/2026"] and found[0].record_id == req.id
    scope = Scope("correspondence", "klasifikasi", (("kode", "000.1"),), dt.date(2026, 1, 1), dt.date(2026, 12, 31),
                  request=found[0])
    folder = tmp_path / "bundel-folder"
    result = _export(ctx, auditor, scope, folder, as_zip=False)
    assert folder.is_dir() and result.records == 5
    tag_hash = __import__("hashlib").sha256((folder / "tagmanifest-sha256.txt").read_bytes()).hexdigest()
    assert tag_hash == result.tagmanifest_sha256
    info = bagit.Bag(str(folder)).info
    assert info["Internal-Sender-Identifier"] == "700/812/Itko/2026" and "Inspektorat" in info["Internal-Sender-Description"]
    assert info["External-Identifier"] == result.bundle_id and info["Tatausaha-Jumlah-Catatan"] == "5"
    with ctx.reader(auditor) as uow:
        (h,) = service.history(uow)
        assert service.find_handed_over(uow, tag_hash) == h
    assert (h.bundle_id, h.tagmanifest_sha256, h.records, h.by) == (result.bundle_id, tag_hash, 5, "auditor")
    assert "700/812/Itko/2026" in h.request
    # the berita acara names the request letter and the bundle, ready to sign
    from tatausaha.printing.readback import page_texts

    text = " ".join(page_texts((folder / "data" / names.HANDOVER).read_bytes()))
    assert "BERITA ACARA SERAH TERIMA" in text and result.bundle_id in text and "700/812/Itko/2026" in text
    assert "PIHAK PERTAMA" in text and "PIHAK KEDUA" in text
    toc = " ".join(page_texts((folder / "data" / names.TABLE_OF_CONTENTS).read_bytes()))
    assert "DAFTAR ISI" in toc and "dokumen/0001-" in toc.replace("\n", "")
    # the audit extract holds the request letter's history and the records', and verifies as a chain
    rows = [json.loads(x) for x in (folder / names.AUDIT_ROWS).read_text().splitlines()]
    assert any(r["entity"] == "surat_masuk" and r["entity_id"] == str(req.id) for r in rows)
    assert verify_bundle(folder).ok


def test_a_forged_audit_extract_is_named_even_when_the_manifests_are_rewritten(ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _letters_with_documents(ctx, 3, 1)
    folder = tmp_path / "b"
    _export(ctx, make_actor(Role.AUDITOR), ALL_LETTERS, folder, as_zip=False)
    rows_path = folder / names.AUDIT_ROWS
    lines = rows_path.read_text().splitlines()
    row = json.loads(lines[1])
    row["actor_name"] = "orang_lain"
    lines[1] = json.dumps(row, ensure_ascii=False, sort_keys=True)
    rows_path.write_text("\n".join(lines) + "\n")
    bag = bagit.Bag(str(folder))
    bag.save(manifests=True)  # a forger re-hashes everything: the bag alone is "valid" again
    assert _bagit_errors(folder) == []
    report = verify_bundle(folder, key=AuditSeal.for_home(ctx.paths.home).key)
    kinds = {p.kind for p in report.problems}
    assert kinds == {"audit"}, report.problems
    assert any("sidiknya tidak cocok" in p.message for p in report.problems)
    assert any(f"baris audit {row['id']}" in p.message and "segel" in p.message for p in report.problems)


def test_the_command_line_exports_and_verifies(ctx, cli_login, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from tatausaha.cli import main

    _letters_with_documents(ctx, 4, 2)
    cli_login(username="pemeriksa", role=Role.AUDITOR)
    out = tmp_path / "cli.zip"
    assert main(["--json", "export", "bundle", "--scope", "correspondence:klasifikasi", "--param", "kode=000.1",
                 "--dari", "2026-01-01", "--sampai", "2026-12-31", "--surat-permintaan", "X/1/2026", "-o", str(out)]) == 0
    made = json.loads(capsys.readouterr().out)
    assert made["records"] == 4 and out.is_file()
    assert main(["verify", str(out)]) == 0
    assert "UTUH" in capsys.readouterr().out
    assert main(["--json", "export", "history"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["tagmanifest_sha256"] == made["tagmanifest_sha256"]
    # a changed byte inside the zip: the command names the file and fails
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(out) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if "/data/dokumen/0002-" in item.filename and item.filename.endswith(".jpg") and b"X" not in data[:1]:
                data = data[:-1] + bytes([data[-1] ^ 0xFF])
                changed = item.filename.split("/", 1)[1]
            dst.writestr(item, data)
    assert main(["verify", str(bad)]) == 1
    said = capsys.readouterr().out
    assert "TIDAK UTUH" in said and changed in said
    with pytest.raises(SystemExit):
        main(["export", "bundle", "-o", str(tmp_path / "x.zip")])  # --scope is required
    capsys.readouterr()
    assert main(["export", "bundle", "--scope", "correspondence", "-o", str(tmp_path / "y.zip")]) == 2
    assert "AREA:JENIS" in capsys.readouterr().err


def test_an_empty_scope_and_a_taken_name_are_refused_with_nothing_written(ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    auditor = make_actor(Role.AUDITOR)
    with pytest.raises(ValidationFailed, match="tidak berisi"):
        _export(ctx, auditor, ALL_LETTERS, tmp_path / "kosong.zip")
    assert not (tmp_path / "kosong.zip").exists()
    _letters_with_documents(ctx, 1, 1)
    (tmp_path / "ada.zip").write_bytes(b"lama")
    from tatausaha.errors import StorageError

    with pytest.raises(StorageError, match="sudah ada"):
        _export(ctx, auditor, ALL_LETTERS, tmp_path / "ada.zip")
    assert (tmp_path / "ada.zip").read_bytes() == b"lama"
    with pytest.raises(ValidationFailed, match="Tanggal awal"):
        _export(ctx, auditor, Scope("correspondence", "klasifikasi", (), dt.date(2026, 5, 1), dt.date(2026, 4, 1)),
                tmp_path / "z.zip")


def test_a_long_export_does_not_keep_other_pcs_from_saving(ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The bundle is read from one snapshot; the write lock is taken only for its audit event at the end.
    A letter registered while the files are being copied is saved at once (and is not in this bundle)."""
    _letters_with_documents(ctx, 10, 2)
    saved: list[int] = []

    def progress(done: int, total: int, label: str) -> None:
        if label == "Menyalin berkas asli" and not saved:
            with ctx.uow(actor=SYSTEM) as uow:  # another PC saves meanwhile (would wait on a held lock)
                saved.append(letters.register_masuk(uow, letters.SuratMasukInput(
                    tanggal_terima=dt.date(2026, 3, 2), pengirim="Kelurahan Jatisari", perihal="Masuk saat ekspor",
                    kode_klasifikasi="000.1.2"), strict_kode=False).id)
                uow.commit()

    result = _export(ctx, make_actor(Role.AUDITOR), ALL_LETTERS, tmp_path / "b.zip", progress=CallbackProgress(progress))
    assert saved and result.records == 10  # the snapshot the bundle was read from
    with ctx.reader() as uow:
        assert uow.session.get(SuratMasuk, saved[0]) is not None
        assert len(service.history(uow)) == 1


def test_a_saved_searchs_results_are_bundled_and_the_hits_the_exporter_may_not_see_are_counted(
        demo_ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tatausaha.bundles.types import SAVED_SEARCH
    from tatausaha.search import service as search

    ctx = demo_ctx
    with ctx.reader() as uow:
        users = {u.username: accounts.actor_of(u, uow.session) for u in uow.session.execute(select(User)).scalars()}
    camat, auditor = users["camat"], users["auditor"]
    saved = perform(ctx.db, camat, lambda uow: search.save_search(uow, "Surat rahasia masuk",
                                                                  "keamanan:rahasia jenis:masuk")).value
    with ctx.reader(camat) as uow:
        secret_hits = {h.ref_id for h in search.iter_all_hits(uow, saved.query)}
    assert secret_hits
    with ctx.reader(auditor) as uow:
        seen_by_auditor = {h.ref_id for h in search.iter_all_hits(uow, saved.query)}
    scope = Scope("", SAVED_SEARCH, (("pencarian", str(saved.id)),), include_rahasia=True)
    with ctx.reader(auditor) as uow:
        plan = service.plan(uow, scope)
    # what the auditor's own search would silently drop is counted here, never named
    assert {i.record_id for i in plan.items} == seen_by_auditor
    assert plan.withheld_count(service.NOT_ALLOWED) == len(secret_hits - seen_by_auditor) >= 1
    assert "keamanan:rahasia" in plan.scope_text
    with ctx.reader(camat) as uow:
        full = service.plan(uow, scope)
    assert {i.record_id for i in full.items} == secret_hits and full.secret_included == len(secret_hits)
    r = _export(ctx, camat, scope, tmp_path / "pencarian.zip")
    assert r.records == len(secret_hits) and verify_bundle(tmp_path / "pencarian.zip").ok
    # a saved search that finds archive documents bundles them as they are
    docs = perform(ctx.db, camat, lambda uow: search.save_search(uow, "Dokumen", "jenis:dokumen")).value
    with ctx.reader(camat) as uow:
        doc_plan = service.plan(uow, Scope("", SAVED_SEARCH, (("pencarian", str(docs.id)),)))
    assert all(i.files for i in doc_plan.items)


def test_a_damaged_archive_file_stops_the_export_and_is_named(ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tatausaha.errors import StorageError
    from tatausaha.models.document import Document

    _letters_with_documents(ctx, 3, 2)
    with ctx.reader() as uow:
        doc = uow.session.execute(select(Document).order_by(Document.id.desc())).scalars().first()
        doc_id, sha = doc.id, doc.sha256
        # the archive already holds its SHA-512: the export hashes only SHA-256, and that still stops it
        assert doc.sha512 == hashlib.sha512(ctx.store.read_bytes(sha)).hexdigest()
    stored = ctx.store.path_for(sha)
    os.chmod(stored, 0o644)
    data = bytearray(stored.read_bytes())
    data[len(data) // 2] ^= 0x40  # one bit flipped on disk
    stored.write_bytes(bytes(data))
    out = tmp_path / "keluar"
    out.mkdir()
    with pytest.raises(StorageError, match=f"dokumen #{doc_id} .*rusak"):
        _export(ctx, make_actor(Role.AUDITOR), ALL_LETTERS, out / "b.zip")
    assert list(out.iterdir()) == []


def test_files_stored_before_sha512_was_kept_get_it_from_their_first_bundle(ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Files stored since 0013 carry their SHA-512; older ones (empty) are hashed twice by their
    first bundle, which keeps the SHA-512 it proved. Both bundles list the true digests of the bytes,
    verify with bagit, and the change leaves no drift for ``check``."""
    from sqlalchemy import update

    from tatausaha.app import maintenance
    from tatausaha.models.document import Document

    _letters_with_documents(ctx, 4, 2)
    with ctx.reader() as uow:
        truth = {h: hashlib.sha512(ctx.store.read_bytes(h)).hexdigest()
                 for h in uow.session.execute(select(Document.sha256)).scalars()}
        stored512 = dict(uow.session.execute(select(Document.sha256, Document.sha512)).all())
    assert len(truth) == 8 and stored512 == truth  # kept when stored, and right
    with ctx.uow(actor=SYSTEM) as uow:  # as a database from before migration 0013 has them
        uow.session.execute(update(Document).values(sha512=None))
        uow.commit()

    def manifest512(bag: Path) -> dict[str, str]:
        lines = (bag / "manifest-sha512.txt").read_text().splitlines()
        return {ln.split(maxsplit=1)[1]: ln.split(maxsplit=1)[0] for ln in lines}

    def payload_sha256(bag: Path) -> dict[str, str]:
        lines = (bag / "manifest-sha256.txt").read_text().splitlines()
        return {ln.split(maxsplit=1)[1]: ln.split(maxsplit=1)[0] for ln in lines}

    seen = []
    for run in (1, 2):
        out = tmp_path / f"b{run}.zip"
        _export(ctx, make_actor(Role.AUDITOR), ALL_LETTERS, out)
        bag = _unzip(out, tmp_path / f"u{run}")
        assert _bagit_errors(bag) == []
        by256, by512 = payload_sha256(bag), manifest512(bag)
        scans = {p: h for p, h in by256.items() if h in truth}
        assert len(scans) == 8
        assert all(by512[p] == truth[h] for p, h in scans.items())  # the true SHA-512 of the bytes, both times
        with ctx.reader() as uow:
            seen.append(dict(uow.session.execute(select(Document.sha256, Document.sha512)).all()))
    assert seen[0] == truth  # learned by the first bundle
    report = maintenance.check(ctx)
    assert report.ok and report.record_problems == [] and report.audit_problems == []


def test_the_read_ahead_copies_big_and_small_files_whole_and_stops_cleanly_on_a_missing_one(tmp_path: Path) -> None:
    """The bag writer reads and hashes ahead on a helper thread in batches: a file bigger than a batch
    goes over in parts and arrives whole, in order, with both digests right; a source that cannot be
    opened stops the bag with its own message, the helper thread ends and no file is left."""
    import threading

    from tatausaha.bundles.bag import BagWriter, Source
    from tatausaha.errors import StorageError

    rng = random.Random(7)
    blobs = [rng.randbytes(n) for n in (3, 20 * 1024 * 1024 + 11, 0, 150_000, 9 * 1024 * 1024)]
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    for i, b in enumerate(blobs):
        (srcdir / f"{i}").write_bytes(b)
    known = hashlib.sha512(blobs[3]).hexdigest()  # one file's SHA-512 given, as the archive keeps it
    out = tmp_path / "b.zip"
    with BagWriter(out, name="b") as w:
        entries = w.add_files([Source(f"f{i}.bin", functools.partial((srcdir / f"{i}").open, "rb"), len(b), expect_sha256=hashlib.sha256(b).hexdigest(),
                                      known_sha512=known if i == 3 else None) for i, b in enumerate(blobs)])
        w.finish([("Source-Organization", "uji")])
    assert [e.path for e in entries] == [f"data/f{i}.bin" for i in range(len(blobs))]
    assert [(e.sha256, e.sha512) for e in entries] == [
        (hashlib.sha256(b).hexdigest(), hashlib.sha512(b).hexdigest()) for b in blobs]
    with zipfile.ZipFile(out) as zf:
        assert [zf.read(f"b/data/f{i}.bin") for i in range(len(blobs))] == blobs
    bag = _unzip(out, tmp_path / "u")
    assert _bagit_errors(bag) == []

    def missing() -> object:
        raise StorageError("Berkas arsip dokumen #3 (surat.pdf) tidak ada di penyimpanan arsip; bundel tidak dibuat.")

    before = threading.active_count()
    target = tmp_path / "keluar" / "c.zip"
    with pytest.raises(StorageError, match=r"dokumen #3 \(surat.pdf\) tidak ada"), BagWriter(target, name="c") as w:
        w.add_files([Source("a.bin", functools.partial((srcdir / "1").open, "rb"), len(blobs[1])), Source("b.bin", missing),  # type: ignore[arg-type]
                     Source("c.bin", functools.partial((srcdir / "4").open, "rb"), len(blobs[4]))])
    assert list(target.parent.iterdir()) == []  # no bag, no temporary file
    assert threading.active_count() == before  # the read-ahead thread has ended
