"""The staff area on the registry: a printed QR files a scan onto the employee, a scanned SK showing a
known NIP is suggested for that employee in the Kotak Pindai, an SK's proposal changes nothing until
confirmed; search finds employees by name and NIP only for who may see them; the CLI
(``staff list|show|due|duk --json``) and the demo."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tatausaha import recordref, registry
from tatausaha.errors import Conflict
from tatausaha.ingest import inbox
from tatausaha.ingest import testing as T
from tatausaha.ingest.config import FolderSpec, IngestConfig
from tatausaha.ingest.service import IngestService
from tatausaha.models.audit import AuditLog
from tatausaha.models.document import DocumentLink
from tatausaha.models.ingest import FILED, REVIEW, ScanItem
from tatausaha.models.staff import Pegawai, RiwayatPangkat
from tatausaha.search import service as search
from tatausaha.services import accounts
from tatausaha.services.auth import SYSTEM, Actor, Role
from tatausaha.services.uow import UnitOfWork, perform
from tatausaha.staff import access, proposals, service
from tatausaha.staff.service import EmployeeInput

D = dt.date


def _budi(ctx) -> int:  # type: ignore[no-untyped-def]
    data = EmployeeInput(nama="Budi Santoso", gelar_belakang="S.AP.", tgl_lahir=D(1981, 4, 10), jenis_kelamin="L",
                         status_pegawai="pns", nip_baru="198104102009011003", tmt_cpns=D(2009, 1, 1),
                         gol_ruang_akhir="III/b", tmt_gol_akhir=D(2023, 4, 1), mk_tahun=14,
                         jabatan_nama="Kepala Subbagian Umum dan Kepegawaian", jenis_jabatan="pengawas")
    return perform(ctx.db, SYSTEM, lambda uow: service.create_employee(uow, data)).value.id


def _ingest(ctx, folder: Path) -> None:  # type: ignore[no-untyped-def]
    IngestService(ctx, [FolderSpec(folder)], IngestConfig(quiet_seconds=0, rescan_seconds=0, ocr_enabled=False)).run_once(timeout=60)


def _item(ctx, name: str) -> ScanItem:  # type: ignore[no-untyped-def]
    with ctx.reader() as uow:
        it = uow.session.execute(select(ScanItem).where(ScanItem.source_name == name)).scalar_one()
        uow.session.expunge(it)
        return it


def test_the_area_is_built_and_declares_its_hooks() -> None:
    area = registry.area("staff")
    kind = registry.kind("pegawai")
    assert area.built and kind is not None and kind.built and kind.model is Pegawai
    assert kind.suggest is not None and kind.attach_scan is not None and kind.describe is not None
    assert area.cli_module == "tatausaha.cli.staff" and area.demo is not None and area.search_sources


def test_printed_qr_files_the_scan_on_the_employee(ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    eid = _budi(ctx)
    folder = tmp_path / "pindai"
    folder.mkdir()
    (folder / "berkas-budi.pdf").write_bytes(T.letter_pdf(recordref.encode("pegawai", eid), hal="Daftar riwayat hidup"))
    _ingest(ctx, folder)
    item = _item(ctx, "berkas-budi.pdf")
    assert (item.state, item.record_kind, item.record_id, item.method) == (FILED, "pegawai", eid, "qr")
    with ctx.reader() as uow:
        link = uow.session.execute(select(DocumentLink).where(DocumentLink.record_kind == "pegawai")).scalar_one()
        assert (link.record_id, link.document_id, link.role) == (eid, item.document_id, "sk")


SK_KP = ("Menetapkan kenaikan pangkat Pegawai Negeri Sipil: Nama Budi Santoso, S.AP., NIP 19810410 200901 1 003, "
         "dari pangkat Penata Muda Tingkat I (III/b) menjadi Penata (III/c) terhitung mulai tanggal 1 April 2027, "
         "masa kerja golongan 18 tahun 3 bulan.")


def test_sk_scan_with_a_known_nip_is_suggested_and_its_proposal_waits_for_confirmation(ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    eid = _budi(ctx)
    folder = tmp_path / "pindai"
    folder.mkdir()
    (folder / "sk-kp-budi.pdf").write_bytes(T.letter_pdf(None, nomor="823.3/77/BKPSDM/2027",
                                                         hal="Kenaikan Pangkat", body=(SK_KP,)))
    (folder / "sk-orang-lain.pdf").write_bytes(T.letter_pdf(None, nomor="823.3/78/BKPSDM/2027", hal="Kenaikan Pangkat",
                                                            body=(SK_KP.replace("19810410 200901 1 003", "19700101 199503 1 002"),)))
    _ingest(ctx, folder)
    item = _item(ctx, "sk-kp-budi.pdf")
    assert item.state == REVIEW  # suggested, not filed by itself
    sugg = json.loads(item.suggestions or "[]")
    assert [(s["kind"], s["id"]) for s in sugg][:1] == [("pegawai", eid)] and "NIP" in sugg[0]["why"]
    other = json.loads(_item(ctx, "sk-orang-lain.pdf").suggestions or "[]")
    assert all(s["kind"] != "pegawai" for s in other)  # an unknown NIP suggests nobody

    # the clerk takes the suggestion: filed, and the SK's content proposed — nothing applied yet
    perform(ctx.db, SYSTEM, lambda uow: inbox.attach(uow, item.id, "pegawai", eid))
    with ctx.reader(SYSTEM) as uow:
        p = uow.session.get(Pegawai, eid)
        assert (p.gol_ruang_akhir, p.tmt_gol_akhir) == ("III/b", D(2023, 4, 1))
        [prop] = proposals.list_proposals(uow, employee_id=eid)
        assert prop.jenis == "pangkat" and prop.usulan["golongan"] == "III/c"
        assert prop.usulan["tmt_golongan"] == "2027-04-01" and prop.usulan["mk_golongan_tahun"] == 18
        assert "III/b → III/c" in prop.text and prop.document_id == item.document_id
        assert uow.session.execute(select(func.count(RiwayatPangkat.id))).scalar_one() == 0
    # confirmed: the riwayat row with its SK scan, and the employee's current golongan
    perform(ctx.db, SYSTEM, lambda uow: proposals.apply(uow, prop.id, expected_version=prop.row_version))
    with ctx.reader(SYSTEM) as uow:
        p = uow.session.get(Pegawai, eid)
        assert (p.gol_ruang_akhir, p.tmt_gol_akhir, p.mk_tahun) == ("III/c", D(2027, 4, 1), 18)
        row = uow.session.execute(select(RiwayatPangkat).where(RiwayatPangkat.golongan == "III/c")).scalar_one()
        assert row.sk_document_id == item.document_id and row.sk_nomor == "823.3/77/BKPSDM/2027"
        assert service.golongan_on(uow, eid, D(2027, 3, 31)).kode == "III/b"
        assert service.golongan_on(uow, eid, D(2027, 4, 1)).kode == "III/c"
    with pytest.raises(Conflict, match="sudah diterapkan"):
        perform(ctx.db, SYSTEM, lambda uow: proposals.apply(uow, prop.id))


def test_a_rejected_proposal_changes_nothing(ctx) -> None:  # type: ignore[no-untyped-def]
    eid = _budi(ctx)
    kgb = ("Pemberitahuan kenaikan gaji berkala NIP 198104102009011003 pangkat (III/b) terhitung mulai tanggal "
           "01-05-2027 gaji pokok baru Rp 3.880.000 masa kerja golongan 18 tahun 0 bulan")
    prop = perform(ctx.db, SYSTEM, lambda uow: proposals.propose(uow, eid, None, kgb, sk_nomor="822/5/Kec.JTS/2027")).value
    assert prop is not None and prop.jenis == "kgb"
    assert prop.usulan["tmt_kgb"] == "2027-05-01" and prop.usulan["gaji_baru"] == 3_880_000
    perform(ctx.db, SYSTEM, lambda uow: proposals.reject(uow, prop.id, "TMT salah ketik"))
    with ctx.reader(SYSTEM) as uow:
        assert uow.session.get(Pegawai, eid).tmt_kgb_akhir is None
        assert proposals.list_proposals(uow, employee_id=eid) == []
        assert proposals.list_proposals(uow, employee_id=eid, status="ditolak")[0].id == prop.id
    assert perform(ctx.db, SYSTEM, lambda uow: proposals.propose(uow, eid, None, "Surat undangan rapat")).value is None


def _account(ctx, username: str, role: Role) -> Actor:  # type: ignore[no-untyped-def]
    info = perform(ctx.db, SYSTEM, lambda uow: accounts.create_user(uow, username, username.title(), role,
                                                                     "rahasia123")).value[0]
    return Actor(info.id, username, username.title(), role)


def test_search_finds_employees_by_name_and_nip_only_for_who_may_see(ctx) -> None:  # type: ignore[no-untyped-def]
    eid = _budi(ctx)
    clerk = _account(ctx, "juru", Role.OPERATOR)
    keeper = _account(ctx, "pengelola", Role.OPERATOR)
    boss = _account(ctx, "kasubag", Role.PIMPINAN)
    auditor = _account(ctx, "pemeriksa", Role.AUDITOR)
    perform(ctx.db, SYSTEM, lambda uow: access.set_pengelola(uow, ["pengelola"]))
    for who, sees in ((boss, True), (keeper, True), (clerk, False), (auditor, False)):
        with UnitOfWork(ctx.db, who, write=False) as uow:
            by_name = {(h.kind, h.ref_id) for h in search.search(uow, "Budi Santoso").hits}
            by_nip = {(h.kind, h.ref_id) for h in search.search(uow, "198104102009011003").hits}
            assert (("pegawai", eid) in by_name) is sees, who.username
            assert (("pegawai", eid) in by_nip) is sees, who.username
            assert access.may_see_personal(uow) is sees


# ------------------------------------------------------------------------------------------- CLI


def test_cli_list_show_due_duk_json(ctx, cli_login, capsys) -> None:  # type: ignore[no-untyped-def]
    from tatausaha.cli import main

    eid = _budi(ctx)
    perform(ctx.db, SYSTEM, lambda uow: service.add_history(uow, eid, "kgb", {"tmt_kgb": D(2025, 1, 1)}))
    assert main(["--json", "staff", "list"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["nip"] == "19810410 200901 1 003" and rows[0]["golongan"] == "III/b"
    assert main(["--json", "staff", "show", "198104102009011003"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["data_pribadi_ditampilkan"] is True and shown["pegawai"]["tgl_lahir"] == "1981-04-10"
    assert {"jenis": "kgb", "tanggal": "2027-01-01", "status": "segera", "keterangan": "KGB berikutnya"} in shown["jatuh_tempo"]
    assert main(["--json", "staff", "due", "--hari", "60"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert [(i["jenis"], i["tanggal"]) for i in items] == [("kgb", "2027-01-01")]
    assert main(["--json", "staff", "duk"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["nama"] == "Budi Santoso, S.AP."
    assert main(["staff", "due"]) == 0
    assert "Kenaikan gaji berkala" in capsys.readouterr().out
    with ctx.reader(SYSTEM) as uow:  # the show opened the personal file: audited
        assert uow.session.execute(select(func.count(AuditLog.id)).where(AuditLog.action == "buka_data_pribadi")).scalar_one() == 1
    # a clerk who is no pengelola: masked, nothing audited, NIP lookup refused
    cli_login("juru", role=Role.OPERATOR)
    assert main(["--json", "staff", "show", str(eid)]) == 0
    masked = json.loads(capsys.readouterr().out)
    assert masked["data_pribadi_ditampilkan"] is False and masked["pegawai"]["tgl_lahir"] is None
    assert "2009" not in masked["pegawai"]["nip_baru"]
    assert main(["staff", "show", "198104102009011003"]) == 2
    assert "data pribadi" in capsys.readouterr().err


# ------------------------------------------------------------------------------------------- demo


def test_demo_office_has_staff_with_histories_and_items_due(demo_ctx) -> None:  # type: ignore[no-untyped-def]
    from tatausaha.staff import due, duk

    with demo_ctx.reader(SYSTEM) as uow:
        people = service.list_employees(uow)
        assert 24 <= len(people) <= 30
        assert {p.status_pegawai for p in people} == {"pns", "cpns", "pppk", "pppk_paruh_waktu", "non_asn"}
        camat = next(p for p in people if p.nama_lengkap.startswith("Drs. H. Ahmad Suryadi"))
        assert camat.nip == "19720315 199303 1 004" and camat.golongan == "IV/b"
        detail = service.get_employee(uow, camat.id)
        assert detail.riwayat["pangkat"] and detail.riwayat["jabatan"] and detail.riwayat["diklat"]
        soon = due.due_items(uow, within_days=60)
        kinds = {i.jenis for i in soon if i.status == "segera"}
        assert {"kgb", "kp", "kontrak_usul", "kontrak_akhir"} <= kinds
        rows = duk.duk(uow)
        assert rows[0].nama.startswith("Drs. H. Ahmad Suryadi") and all(r.golongan for r in rows)
        assert access.pengelola(uow) == ("operator",)
    # the demo's SK KGB scan was suggested for its employee in the Kotak Pindai
    item = _item(demo_ctx, "sk-kgb-budi.pdf")
    assert item.state == REVIEW
    with demo_ctx.reader(SYSTEM) as uow:
        budi = next(p.id for p in service.list_employees(uow) if p.nama_lengkap.startswith("Budi Santoso"))
    assert [(s["kind"], s["id"]) for s in json.loads(item.suggestions or "[]")][:1] == [("pegawai", budi)]


def test_cli_office_adds_a_dated_rule_and_the_due_dates_follow(ctx, cli_login, capsys) -> None:  # type: ignore[no-untyped-def]
    from tatausaha.cli import main

    eid = _budi(ctx)  # III/b since 2023-04-01: KP on 2027-04-01 under the monthly rule
    assert main(["--json", "staff", "due", "--jenis", "kp"]) == 0
    assert [i["tanggal"] for i in json.loads(capsys.readouterr().out)] == ["2027-04-01"]
    # a (hypothetical) return to two periods from 2027-03-01 moves nobody on an April date …
    assert main(["staff", "aturan-tambah", "kp_periode", "10", "--mulai", "01-03-2027", "--dasar", "Aturan uji"]) == 0
    capsys.readouterr()
    assert main(["--json", "staff", "due", "--jenis", "kp"]) == 0
    assert [i["tanggal"] for i in json.loads(capsys.readouterr().out)] == ["2027-10-01"]  # … but April is no period now
    assert main(["--json", "staff", "aturan", "--tanggal", "01-04-2027"]) == 0
    listed = json.loads(capsys.readouterr().out)
    kp = [r for r in listed if r["jenis"] == "kp_periode"]
    assert [(r["berlaku_mulai"], r["sumber"], r["berlaku_pada_tanggal"]) for r in kp] == [
        ("1900-01-01", "bawaan", False), ("2024-01-01", "bawaan", False), ("2025-10-01", "bawaan", False),
        ("2027-03-01", "kantor", True)]
    assert main(["staff", "aturan-tambah", "kp_periode", "13", "--mulai", "01-03-2027", "--dasar", "x"]) == 2
    assert "bulan 1–12" in capsys.readouterr().err
    cli_login("juru", role=Role.OPERATOR)
    assert main(["staff", "aturan-tambah", "kgb_interval", "24", "--mulai", "01-03-2027", "--dasar", "x"]) == 2
    assert "tidak berhak" in capsys.readouterr().err
    del eid


def test_cli_photo(ctx, cli_login, capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PIL import Image

    from tatausaha.cli import main

    eid = _budi(ctx)
    photo = tmp_path / "pasfoto.jpg"
    Image.new("RGB", (60, 80), (200, 30, 30)).save(photo)
    assert main(["staff", "foto", str(eid), str(photo)]) == 0
    with ctx.reader(SYSTEM) as uow:
        p = uow.session.get(Pegawai, eid)
        link = uow.session.execute(select(DocumentLink).where(DocumentLink.role == "foto")).scalar_one()
        assert p.foto_document_id == link.document_id and link.record_id == eid
    bad = tmp_path / "bukan-foto.png"
    bad.write_bytes(b"bukan gambar")
    assert main(["staff", "foto", str(eid), str(bad)]) == 2
    assert "bukan gambar yang terbaca" in capsys.readouterr().err
