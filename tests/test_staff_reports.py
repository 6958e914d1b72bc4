"""Issue 12 item 4: DUK, daftar nominatif and the due-date list on the kop (PDF read back) and as XLSX
(the due list coloured by how near, with its legend); personal columns only for those who may see
them; the KGB covering letter drafted as a surat keluar through the correspondence area."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tatausaha.app.demo import DEMO_PASSWORD
from tatausaha.errors import PermissionDenied, ValidationFailed
from tatausaha.services import accounts
from tatausaha.services.uow import perform
from tatausaha.staff import kgb_letter, reports, service
from tatausaha.staff.service import EmployeeInput

D = dt.date
TODAY = D(2026, 12, 1)  # conftest's DEFAULT_DAY


def _people(ctx, actor) -> dict[str, int]:  # type: ignore[no-untyped-def]
    rows = {
        # KGB 01-01-2027 (31 days: within H-60, yellow band ≤ 60)
        "andi": EmployeeInput(nama="Andi Wijaya", gelar_belakang="S.Sos.", tgl_lahir=D(1986, 9, 26), jenis_kelamin="L",
                              status_pegawai="pns", nip_baru="198609262015051001", tmt_cpns=D(2015, 5, 1),
                              gol_ruang_akhir="III/b", tmt_gol_akhir=D(2023, 4, 1), mk_tahun=4,
                              tmt_kgb_akhir=D(2025, 1, 1), jabatan_nama="Analis Kebijakan", gaji_pokok=3_200_000),
        # KGB 01-11-2026: overdue (red)
        "sri": EmployeeInput(nama="Sri Lestari", tgl_lahir=D(1978, 10, 22), jenis_kelamin="P", status_pegawai="pns",
                             nip_baru="197810222005012009", tmt_cpns=D(2005, 1, 1), gol_ruang_akhir="III/d",
                             tmt_gol_akhir=D(2021, 4, 1), mk_tahun=16, tmt_kgb_akhir=D(2024, 11, 1),
                             jenis_jabatan="pengawas", eselon="IV.a", jabatan_nama="Kepala Subbagian Umum"),
        "rina": EmployeeInput(nama="Rini Puspitasari", tgl_lahir=D(1990, 3, 15), jenis_kelamin="P", status_pegawai="pppk",
                              nip_baru="199003152023212001", gol_ruang_akhir="VII", kontrak_mulai=D(2023, 2, 1), tmt_kgb_akhir=D(2025, 2, 1),
                              kontrak_selesai=D(2027, 5, 31), jabatan_nama="Pengelola Layanan"),
    }
    out = {}
    for key, data in rows.items():
        out[key] = perform(ctx.db, actor, lambda uow, d=data: service.create_employee(uow, d)).value.id
    return out


@pytest.fixture
def office(demo_ctx):  # type: ignore[no-untyped-def]
    kasubag = accounts.login(demo_ctx.db, "kasubag", DEMO_PASSWORD)
    return demo_ctx, kasubag, _people(demo_ctx, kasubag)


def _text(pdf: bytes) -> str:
    return "\n".join((p.extract_text() or "") for p in PdfReader(BytesIO(pdf)).pages).replace("\xa0", " ")


def test_duk_nominatif_and_due_list_on_the_kop(office) -> None:
    ctx, kasubag, ids = office
    with ctx.reader(kasubag) as uow:
        duk_pdf = reports.pdf(uow, ctx.store, "duk")
        nom_pdf = reports.pdf(uow, ctx.store, "nominatif")
        due_pdf = reports.pdf(uow, ctx.store, "jatuh_tempo")
    duk = _text(duk_pdf)
    assert "DAFTAR URUT KEPANGKATAN" in duk and "KECAMATAN JATISAMPURNA" in duk and "PEMERINTAH KOTA BEKASI" in duk
    assert duk.index("Sri Lestari") < duk.index("Andi Wijaya")  # III/d before III/b
    assert "Rini Puspitasari" not in duk  # PPPK are not in the DUK
    assert "19860926 201505 1 001" in duk and "Camat" in duk
    nom = _text(nom_pdf)
    assert all(n in nom for n in ("Andi Wijaya", "Sri Lestari", "Rini Puspitasari")) and "PPPK" in nom
    due = _text(due_pdf)
    assert "Kenaikan gaji berkala" in due and "01-01-2027" in due and "31 hari lagi" in due
    assert "terlewat 30 hari" in due  # Sri's KGB of 01-11-2026
    assert "Terlewat" in due and "H-60" in due  # the legend


def test_reports_hide_personal_columns_from_a_clerk(office) -> None:
    ctx, _kasubag, _ids = office
    staf = accounts.login(ctx.db, "staf", DEMO_PASSWORD)
    with ctx.reader(staf) as uow:
        t = reports.table(uow, "nominatif")
        text = _text(reports.pdf(uow, ctx.store, "duk"))
    assert "NIP" not in [c[0] for c in t.columns] and "Tempat, tgl. lahir" not in [c[0] for c in t.columns]
    assert "19860926" not in text and "Andi Wijaya" in text


def test_due_list_xlsx_is_coloured_by_nearness_with_a_legend(office, tmp_path) -> None:
    ctx, kasubag, _ids = office
    out = tmp_path / "jatuh_tempo.xlsx"
    perform(ctx.db, kasubag, lambda uow: reports.export(uow, "jatuh_tempo", out))
    ws = load_workbook(out).active
    rows = {r[0].row: [c.value for c in r] for r in ws.iter_rows()}
    head = next(n for n, v in rows.items() if v[0] == "No")
    fills = {}
    for n in range(head + 1, ws.max_row + 1):
        v = rows[n]
        if isinstance(v[0], int) and v[3]:
            fills[(v[1], v[3])] = ws.cell(n, 1).fill.fgColor.rgb[-6:]
            assert isinstance(ws.cell(n, 5).value, dt.datetime)  # a real date cell
    assert fills[("Andi Wijaya, S.Sos.", "Kenaikan gaji berkala")] == "FFF59D"
    assert fills[("Sri Lestari", "Kenaikan gaji berkala")] == "F4A6A6"
    legend = [rows[n][1] for n in rows if rows[n][1] and isinstance(rows[n][1], str) and "hari" in rows[n][1]]
    assert "60 hari lagi atau kurang (H-60)" in legend


def test_kgb_letter_is_a_konsep_surat_keluar_numbered_by_correspondence(office) -> None:
    ctx, kasubag, ids = office
    with ctx.reader(kasubag) as uow:
        cands = kgb_letter.candidates(uow, on=TODAY)
    assert [c.employee_id for c in cands][:2] == [ids["sri"], ids["andi"]]  # overdue first
    saved = perform(ctx.db, kasubag, lambda uow: kgb_letter.draft(uow, [ids["andi"], ids["sri"]])).value
    from tatausaha.correspondence import letters

    with ctx.reader(kasubag) as uow:
        d = letters.get_keluar(uow, saved.id)
    assert d.status == "draft" and d.hal == "Usul Kenaikan Gaji Berkala (2 orang)"
    assert "Andi Wijaya" in d.isi and "Sri Lestari" in d.isi and "1 Januari 2027" in d.isi
    assert d.penandatangan_id is not None  # the Camat
    # the correspondence area approves and numbers it like any letter: no number before the signature
    with pytest.raises(ValidationFailed, match="belum diparaf dan ditandatangani"):
        perform(ctx.db, kasubag, lambda uow: letters.give_number(uow, saved.id))
    from tatausaha.correspondence import approval

    perform(ctx.db, kasubag, lambda uow: approval.submit(uow, saved.id))
    camat = accounts.login(ctx.db, "camat", DEMO_PASSWORD)
    perform(ctx.db, camat, lambda uow: approval.sign(uow, saved.id))
    info = perform(ctx.db, kasubag, lambda uow: letters.give_number(uow, saved.id)).value
    assert info.nomor.startswith("800.1.11.13/")
    staf = accounts.login(ctx.db, "staf", DEMO_PASSWORD)
    with pytest.raises(PermissionDenied):
        perform(ctx.db, staf, lambda uow: kgb_letter.draft(uow, [ids["andi"]]))
