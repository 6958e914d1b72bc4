"""SPJ core: dated checklist rules by jenis and tier, the five evidence states, completeness
roll-ups, closing with the pimpinan's override (reason in the audit trail), dated tax rules,
numbering + lock + new version, optimistic locking."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest
from sqlalchemy import select

from tatausaha.context import AppContext
from tatausaha.errors import Conflict, PermissionDenied, ValidationFailed
from tatausaha.models.audit import AuditLog
from tatausaha.models.spj import SpjAturanBukti, SpjAturanPajak
from tatausaha.services.uow import perform
from tatausaha.spj import service as spj
from tatausaha.spj.service import ItemInput, SupplierInput

D = dt.date
JT = 1_000_000


@pytest.fixture
def people(ctx: AppContext) -> dict:
    from tatausaha.app.demo import quick_office

    return quick_office(ctx)


def _budget(ctx: AppContext, actor, tahun: int = 2026) -> dict[str, int]:
    def fn(uow):
        t = spj.ensure_tahun(uow, tahun)
        p = spj.ensure_program(uow, t, "7.01.01", "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota")
        k = spj.ensure_kegiatan(uow, p, "7.01.01.2.01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah")
        sk = spj.ensure_sub_kegiatan(uow, k, "7.01.01.2.01.0001", "Penyusunan Dokumen Perencanaan Perangkat Daerah",
                                     150 * JT)
        sk2 = spj.ensure_sub_kegiatan(uow, k, "7.01.01.2.01.0002", "Koordinasi dan Penyusunan DPA-SKPD", 80 * JT)
        atk = spj.ensure_rekening(uow, "5.1.02.01.01.0024", "Belanja Alat/Bahan untuk Kegiatan Kantor-ATK", "barang")
        cetak = spj.ensure_rekening(uow, "5.1.02.02.01.0026", "Belanja Jasa Tenaga Administrasi", "jasa")
        honor = spj.ensure_rekening(uow, "5.1.02.02.01.0003", "Honorarium Narasumber atau Pembahas", "honorarium")
        for rek in (atk, cetak, honor):
            spj.set_pagu(uow, sk, rek, 50 * JT)
            spj.set_pagu(uow, sk2, rek, 20 * JT)
        sup = spj.save_supplier(uow, SupplierInput(
            nama="CV Sumber Makmur", bentuk="CV", pkp=True, npwp="01.234.567.8-901.000", alamat="Jl. Merdeka 5",
            telepon="0812345678", bank_nama="Bank Jabar", bank_rekening="0012345678"))
        toko = spj.save_supplier(uow, SupplierInput(nama="Toko Sinar", nik="3275010101800001"))
        return {"tahun": t, "sk": sk, "sk2": sk2, "atk": atk, "cetak": cetak, "honor": honor, "sup": sup.id,
                "toko": toko.id}

    return perform(ctx.db, actor, fn).value


def _input(b: dict[str, int], **kw) -> ItemInput:
    data = dict(tanggal=D(2026, 3, 10), sub_kegiatan_id=b["sk"], rekening_id=b["atk"], jenis_belanja="barang",
                uraian="Belanja ATK rapat koordinasi", jumlah=5 * JT, penerima_jenis="penyedia", supplier_id=b["sup"],
                metode_bayar="non_tunai", no_npd="NPD-001", no_tbp="TBP-001", kegiatan_selesai=D(2026, 3, 8))
    data.update(kw)
    return ItemInput(**data)  # type: ignore[arg-type]


def _create(ctx, actor, data: ItemInput) -> spj.ItemView:
    return perform(ctx.db, actor, lambda uow: spj.create_item(uow, data)).value


def _docs(view: spj.ItemView) -> dict[str, spj.BuktiView]:
    return {b.dokumen: b for b in view.bukti}


def test_checklist_by_jenis_and_value_tier(ctx, people) -> None:
    op = people["operator"]
    b = _budget(ctx, op)
    small = _create(ctx, op, _input(b, jumlah=10 * JT, no_tbp="T1"))  # ≤ Rp10 jt: the small tier
    middle = _create(ctx, op, _input(b, jumlah=10 * JT + 1, no_tbp="T2"))
    big = _create(ctx, op, _input(b, jumlah=75 * JT, no_tbp="T3"))
    honor = _create(ctx, op, _input(b, rekening_id=b["honor"], jenis_belanja="honorarium", jumlah=3 * JT,
                                    penerima_jenis="orang", supplier_id=None, penerima_nama="Drs. Ahmad", no_tbp="T4"))
    assert "spk" not in _docs(small) and "profil_perusahaan" not in _docs(small)
    assert {"kuitansi", "bukti_pembelian", "bapb", "identitas_penyedia"} <= set(_docs(small))
    assert {"spk", "profil_perusahaan", "hps_survei", "bast"} <= set(_docs(middle)) and "kontrak" not in _docs(middle)
    assert "kontrak" in _docs(big)
    assert set(_docs(honor)) == {"sk", "daftar_tanda_terima", "kuitansi", "bukti_setor_pajak"}
    # who issues what, and the deadline: end of activity + 3 days
    assert _docs(small)["bukti_pembelian"].diterbitkan_oleh == "penyedia"
    assert _docs(small)["kuitansi"].tenggat == D(2026, 3, 11)
    assert not _docs(small)["faktur_pajak"].wajib  # optional rows do not count

    # the amount changes tier: the new documents arrive, untouched ones that no longer apply go,
    # a document already worked on stays (as optional) with its state
    s = _docs(small)
    perform(ctx.db, op, lambda uow: spj.set_bukti_status(uow, s["kuitansi"].id, "lengkap"))
    grown = perform(ctx.db, op, lambda uow: spj.update_item(uow, small.id, _input(b, jumlah=20 * JT, no_tbp="T1"))).value
    assert "spk" in _docs(grown) and _docs(grown)["kuitansi"].status == "lengkap"
    shrunk = perform(ctx.db, op, lambda uow: spj.update_item(
        uow, small.id, _input(b, jumlah=2 * JT, no_tbp="T1"), row_version=grown.row_version)).value
    assert "spk" not in _docs(shrunk)


def test_checklist_rules_are_dated_and_office_configurable(ctx, people) -> None:
    op = people["operator"]
    b = _budget(ctx, op)
    # the office adds a document to barang from 1 July 2026: items dated before do not need it
    with ctx.uow(actor=op) as uow:
        uow.session.add(SpjAturanBukti(jenis_belanja="barang", batas_bawah=0, batas_atas=None,
                                       berlaku_mulai=D(2026, 7, 1), dokumen="geotag", nama="Foto bertanda lokasi",
                                       wajib=True, urutan=999, diterbitkan_oleh="kantor", tenggat_hari=5))
        uow.commit()
    june = _create(ctx, op, _input(b, tanggal=D(2026, 6, 30), no_tbp="J1"))
    july = _create(ctx, op, _input(b, tanggal=D(2026, 7, 1), no_tbp="J2", kegiatan_selesai=None))
    assert "geotag" not in _docs(june)
    assert _docs(july)["geotag"].tenggat == D(2026, 7, 6)


def test_five_states_and_completeness(ctx, people) -> None:
    op = people["operator"]
    b = _budget(ctx, op)
    item = _create(ctx, op, _input(b))
    required = [x for x in item.bukti if x.wajib]
    assert item.kelengkapan.wajib == len(required) and item.kelengkapan.terpenuhi == 0
    assert item.kelengkapan.tingkat == "kosong" and all(x.status == "belum_ada" for x in item.bukti)

    first, second, third, fourth = required[:4]
    perform(ctx.db, op, lambda uow: spj.set_bukti_status(uow, first.id, "lengkap"))
    perform(ctx.db, op, lambda uow: spj.set_bukti_status(uow, second.id, "belum_lengkap"))
    with pytest.raises(ValidationFailed, match="alasan"):
        perform(ctx.db, op, lambda uow: spj.set_bukti_status(uow, third.id, "tidak_berlaku"))
    with pytest.raises(ValidationFailed, match="diperbaiki"):
        perform(ctx.db, op, lambda uow: spj.set_bukti_status(uow, fourth.id, "perlu_perbaikan"))
    perform(ctx.db, op, lambda uow: spj.set_bukti_status(uow, third.id, "tidak_berlaku",
                                                         alasan="Penyedia bukan PKP"))
    perform(ctx.db, op, lambda uow: spj.set_bukti_status(uow, fourth.id, "perlu_perbaikan",
                                                         alasan="Tanggal BAPB salah"))
    with pytest.raises(ValidationFailed, match="tidak dikenal"):
        perform(ctx.db, op, lambda uow: spj.set_bukti_status(uow, first.id, "hilang"))

    with ctx.uow(actor=op) as uow:
        now = spj.item(uow, item.id)
    states = {x.id: (x.status, x.status_label, x.alasan) for x in now.bukti}
    assert states[first.id] == ("lengkap", "Lengkap", "")
    assert states[second.id][:2] == ("belum_lengkap", "Belum lengkap")
    assert states[third.id] == ("tidak_berlaku", "Tidak berlaku", "Penyedia bukan PKP")
    assert states[fourth.id] == ("perlu_perbaikan", "Perlu perbaikan", "Tanggal BAPB salah")
    # lengkap and tidak berlaku satisfy a required document; the other three do not
    k = now.kelengkapan
    assert (k.terpenuhi, k.perlu_perbaikan, k.tingkat) == (2, 1, "sebagian")
    assert second.nama in k.kurang and fourth.nama in k.kurang and first.nama not in k.kurang
    # the deadline (8 March + 3 days) has passed on the test day: every missing one is late
    assert k.lewat_tenggat == len(k.kurang)

    for x in now.bukti:
        if x.wajib and x.status not in ("lengkap", "tidak_berlaku"):
            perform(ctx.db, op, lambda uow, x=x: spj.set_bukti_status(uow, x.id, "lengkap"))
    with ctx.uow(actor=op) as uow:
        done = spj.completeness(uow, item.id)
    assert done.lengkap and done.persen == 100 and done.tingkat == "lengkap"


def test_completeness_rollups_per_item_sub_kegiatan_and_month(ctx, people) -> None:
    op = people["operator"]
    b = _budget(ctx, op)
    march = _create(ctx, op, _input(b, tanggal=D(2026, 3, 5), no_tbp="R1"))
    march2 = _create(ctx, op, _input(b, tanggal=D(2026, 3, 20), sub_kegiatan_id=b["sk2"], no_tbp="R2", jumlah=2 * JT))
    april = _create(ctx, op, _input(b, tanggal=D(2026, 4, 2), no_tbp="R3", jumlah=3 * JT))
    for x in march2.bukti:  # one item made complete
        perform(ctx.db, op, lambda uow, x=x: spj.set_bukti_status(uow, x.id, "lengkap"))
    half = [x for x in april.bukti if x.wajib][:3]
    for x in half:
        perform(ctx.db, op, lambda uow, x=x: spj.set_bukti_status(uow, x.id, "lengkap"))

    with ctx.uow(actor=op) as uow:
        by_sk = {r.key: r for r in spj.rollup_by_sub_kegiatan(uow, 2026)}
        by_month = {r.key: r for r in spj.rollup_by_month(uow, 2026)}
        total = spj.rollup_total(uow, 2026)
    sk1, sk2 = by_sk["7.01.01.2.01.0001"], by_sk["7.01.01.2.01.0002"]
    assert (sk1.items, sk1.lengkap, sk1.jumlah) == (2, 0, 8 * JT)
    assert sk1.terpenuhi == 3 and sk1.wajib == march.kelengkapan.wajib + april.kelengkapan.wajib
    assert set(sk1.kurang_items) == {march.id, april.id}
    assert (sk2.items, sk2.lengkap, sk2.persen) == (1, 1, 100)
    assert list(by_month) == ["2026-03", "2026-04"]
    assert (by_month["2026-03"].items, by_month["2026-03"].lengkap, by_month["2026-03"].label) == (2, 1, "Maret 2026")
    assert by_month["2026-04"].terpenuhi == 3
    assert total.items == 3 and total.lengkap == 1 and total.jumlah == 10 * JT

    with ctx.uow(actor=op) as uow:
        lines = {x.kode: x for x in spj.budget_lines(uow, 2026)}
        incomplete = spj.list_items(uow, spj.ItemFilter(tahun=2026, kelengkapan="belum"))
    assert lines["7.01.01.2.01.0001"].realisasi == 8 * JT and lines["7.01.01.2.01.0001"].pagu == 150 * JT
    assert {i.id for i in incomplete} == {march.id, april.id}


def test_closing_is_refused_while_documents_are_missing_unless_pimpinan_overrides_with_reason(ctx, people) -> None:
    op, camat = people["operator"], people["camat"]
    b = _budget(ctx, op)
    item = _create(ctx, op, _input(b))
    with pytest.raises(ValidationFailed, match="belum dapat ditutup") as e:
        perform(ctx.db, op, lambda uow: spj.close_item(uow, item.id))
    assert "Kuitansi" in str(e.value)
    with pytest.raises(PermissionDenied, match="pimpinan"):
        perform(ctx.db, op, lambda uow: spj.close_item(uow, item.id, override_alasan="Nota hilang, ada surat keterangan"))
    with pytest.raises(ValidationFailed):
        perform(ctx.db, camat, lambda uow: spj.close_item(uow, item.id, override_alasan="   "))

    closed = perform(ctx.db, camat, lambda uow: spj.close_item(
        uow, item.id, override_alasan="Nota hilang; surat keterangan kehilangan dari penyedia dilampirkan")).value
    assert closed.status == "ditutup" and closed.nomor == "0001/SPJ/2026"
    assert closed.override_alasan.startswith("Nota hilang")
    with ctx.uow(actor=camat) as uow:
        events = [(e.entity, e.entity_id, e.actor_name, json.loads(e.after)) for e in uow.session.execute(
            select(AuditLog).where(AuditLog.action == "spj_tutup_override")).scalars()]
    assert len(events) == 1
    entity, entity_id, who, detail = events[0]
    assert (entity, entity_id, who) == ("spj_item", str(item.id), "camat")
    assert "Nota hilang" in detail["alasan"] and "Kuitansi" in detail["kurang"]
    # a closed item is no longer changed
    with pytest.raises(ValidationFailed, match="ditutup"):
        perform(ctx.db, op, lambda uow: spj.set_bukti_status(uow, item.bukti[0].id, "lengkap"))

    # a complete item closes without any override, by an operator
    other = _create(ctx, op, _input(b, no_tbp="TBP-002", jumlah=1 * JT))
    for x in other.bukti:
        perform(ctx.db, op, lambda uow, x=x: spj.set_bukti_status(uow, x.id, "lengkap"))
    ok = perform(ctx.db, op, lambda uow: spj.close_item(uow, other.id)).value
    assert ok.status == "ditutup" and ok.override_alasan is None and ok.nomor == "0002/SPJ/2026"


def test_numbering_locks_and_a_later_change_is_a_new_version(ctx, people) -> None:
    op, camat = people["operator"], people["camat"]
    b = _budget(ctx, op)
    item = _create(ctx, op, _input(b))
    assert item.nomor == "" and item.status == "draft"
    ready = perform(ctx.db, op, lambda uow: spj.mark_ready(uow, item.id)).value
    assert (ready.nomor, ready.status, ready.versi) == ("0001/SPJ/2026", "siap", 1)
    with pytest.raises(ValidationFailed, match="alasan perubahan"):
        perform(ctx.db, op, lambda uow: spj.update_item(uow, item.id, replace(ready.to_input(), jumlah=6 * JT)))
    v2 = perform(ctx.db, op, lambda uow: spj.update_item(uow, item.id, replace(ready.to_input(), jumlah=6 * JT),
                                                         alasan="Nota revisi dari penyedia")).value
    assert (v2.versi, v2.nomor, v2.jumlah) == (2, "0001/SPJ/2026", 6 * JT)
    with ctx.uow(actor=op) as uow:
        old = spj.versions(uow, item.id)
    assert [(v, why) for v, why, _at, _d in old] == [(1, "Nota revisi dari penyedia")]
    assert old[0][3]["jumlah"] == 5 * JT
    # a stale form (the version the page showed before) is refused and named
    with pytest.raises(Conflict, match="telah diubah"):
        perform(ctx.db, op, lambda uow: spj.update_item(uow, item.id, ready.to_input(), row_version=ready.row_version,
                                                        alasan="x"))
    # reopening a closed item is the pimpinan's, with a reason, and makes a version too
    for x in v2.bukti:
        perform(ctx.db, op, lambda uow, x=x: spj.set_bukti_status(uow, x.id, "lengkap"))
    perform(ctx.db, op, lambda uow: spj.close_item(uow, item.id))
    with pytest.raises(PermissionDenied):
        perform(ctx.db, op, lambda uow: spj.reopen_item(uow, item.id, "salah rekening"))
    again = perform(ctx.db, camat, lambda uow: spj.reopen_item(uow, item.id, "Salah kode rekening")).value
    assert (again.status, again.versi) == ("siap", 3)


def _tax(ctx, actor, b, **kw) -> dict[str, spj.PajakView]:
    view = _create(ctx, actor, _input(b, **kw))
    return {p.jenis: p for p in view.pajak}


@pytest.mark.parametrize(("day", "ppn"), [
    (D(2022, 3, 31), 500_000),   # 10 %
    (D(2022, 4, 1), 550_000),    # 11 % from 1 April 2022
    (D(2024, 12, 31), 550_000),  # last day of 11 %
    (D(2025, 1, 1), 549_999),    # 12 % of a DPP of 11/12, both rounded down: effectively 11 %
])
def test_ppn_across_its_validity_dates(ctx, people, day: dt.date, ppn: int) -> None:
    op = people["operator"]
    b = _budget(ctx, op, day.year)
    taxes = _tax(ctx, op, b, tanggal=day, jumlah=5 * JT, kegiatan_selesai=None)
    p = taxes["ppn"]
    if day >= D(2025, 1, 1):
        assert (p.dasar, p.tarif_ppm) == (4_583_333, 120_000)  # floor(5 000 000 × 11/12)
    else:
        assert (p.dasar, p.tarif_ppm) == (5 * JT, ppn // 5)
    assert p.jumlah == ppn
    assert taxes["pph22"].jumlah == 75_000  # 1.5 % on barang above Rp2 jt, at every date


def test_ppn_and_pph22_thresholds_and_pkp(ctx, people) -> None:
    op = people["operator"]
    b = _budget(ctx, op)
    at_limit = _tax(ctx, op, b, jumlah=2 * JT, no_tbp="A")
    above = _tax(ctx, op, b, jumlah=2 * JT + 1, no_tbp="B")
    not_pkp = _tax(ctx, op, b, jumlah=3 * JT, supplier_id=b["toko"], no_tbp="C")
    service = _tax(ctx, op, b, jumlah=3 * JT, rekening_id=b["cetak"], jenis_belanja="jasa", no_tbp="D")
    assert at_limit == {}
    assert set(above) == {"ppn", "pph22"}
    assert set(not_pkp) == {"pph22"}  # a supplier that is not PKP collects no PPN
    assert set(service) == {"ppn", "pph23"} and service["pph23"].jumlah == 60_000  # 2 % on jasa


@pytest.mark.parametrize(("golongan", "rate", "tax"), [
    ("II/d", 0, 0), ("III/a", 50_000, 100_000), ("IV/b", 150_000, 300_000),
])
def test_honorarium_pph21_by_golongan_on_the_payment_date(ctx, people, golongan: str, rate: int, tax: int) -> None:
    op = people["operator"]
    b = _budget(ctx, op)
    taxes = _tax(ctx, op, b, rekening_id=b["honor"], jenis_belanja="honorarium", jumlah=2 * JT,
                 penerima_jenis="pegawai", supplier_id=None, pegawai_id=None, penerima_nama="Budi Santoso, S.Sos",
                 penerima_nip="198001012005011001", penerima_golongan=golongan)
    assert taxes["pph21"].tarif_ppm == rate and taxes["pph21"].jumlah == tax
    assert set(taxes) == {"pph21"}


def test_tax_rule_change_is_a_new_dated_row_and_override_needs_a_reason(ctx, people) -> None:
    op = people["operator"]
    b = _budget(ctx, op)
    with ctx.uow(actor=op) as uow:  # the office records a new PPh 22 rate from 1 September 2026
        old = uow.session.execute(select(SpjAturanPajak).where(SpjAturanPajak.jenis_pajak == "pph22")).scalar_one()
        old.berlaku_sampai = D(2026, 8, 31)
        uow.session.add(SpjAturanPajak(jenis_pajak="pph22", berlaku_mulai=D(2026, 9, 1), jenis_belanja="barang",
                                       penerima_jenis="penyedia", batas_bawah=2 * JT + 1, tarif_ppm=25_000))
        uow.commit()
    aug = _tax(ctx, op, b, tanggal=D(2026, 8, 31), no_tbp="X1")
    sep = _tax(ctx, op, b, tanggal=D(2026, 9, 1), no_tbp="X2")
    assert aug["pph22"].jumlah == 75_000 and sep["pph22"].jumlah == 125_000

    p = aug["pph22"]
    with pytest.raises(ValidationFailed, match="alasan"):
        perform(ctx.db, op, lambda uow: spj.set_tax(uow, p.id, 70_000, ""))
    changed = perform(ctx.db, op, lambda uow: spj.set_tax(uow, p.id, 70_000, "Penyedia memiliki SKB")).value
    assert (changed.jumlah, changed.jumlah_hitung, changed.alasan_ubah) == (70_000, 75_000, "Penyedia memiliki SKB")


def test_bad_input_is_named_and_nothing_is_written(ctx, people, auditor) -> None:
    op = people["operator"]
    b = _budget(ctx, op)
    _create(ctx, op, _input(b))
    with pytest.raises(ValidationFailed) as e:
        _create(ctx, op, _input(b, jumlah=-5, no_tbp="TBP-001", tanggal=D(2025, 12, 31), jenis_belanja="sulap"))
    msg = str(e.value)
    assert "negatif" in msg and "TBP-001 sudah dipakai" in msg and "di luar tahun anggaran 2026" in msg
    assert "Jenis belanja 'sulap'" in msg
    with ctx.uow(actor=op) as uow:
        assert len(spj.list_items(uow)) == 1
    with pytest.raises(PermissionDenied):
        _create(ctx, auditor, _input(b, no_tbp="Z"))



def test_honorarium_reads_the_employees_golongan_on_the_payment_date_from_staff(ctx, people) -> None:
    from tatausaha.staff import service as staff
    from tatausaha.staff.service import EmployeeInput

    op, kasubag = people["operator"], people["kasubag"]
    b = _budget(ctx, op)
    emp = perform(ctx.db, people["camat"], lambda uow: staff.create_employee(uow, EmployeeInput(
        nama="Andi Wijaya", gelar_belakang="S.Sos.", tgl_lahir=D(1986, 9, 26), jenis_kelamin="L",
        status_pegawai="pns", nip_baru="198609262015051001", tmt_cpns=D(2015, 5, 1),
        gol_ruang_akhir="III/d", tmt_gol_akhir=D(2022, 4, 1)))).value
    for gol, tmt in (("III/d", D(2022, 4, 1)), ("IV/a", D(2026, 4, 1))):  # the riwayat pangkat
        perform(ctx.db, people["camat"], lambda uow, gol=gol, tmt=tmt: staff.add_history(
            uow, emp.id, "pangkat", {"golongan": gol, "tmt_golongan": tmt, "sk_nomor": f"823/{gol}/BKPSDM"}))

    def honor(day: dt.date, tbp: str) -> spj.ItemView:
        return _create(ctx, kasubag, _input(b, tanggal=day, rekening_id=b["honor"], jenis_belanja="honorarium",
                                            jumlah=1 * JT, penerima_jenis="pegawai", supplier_id=None,
                                            pegawai_id=emp.id, penerima_nama="Andi Wijaya, S.Sos.", no_tbp=tbp))

    before, after = honor(D(2026, 3, 31), "H1"), honor(D(2026, 4, 1), "H2")
    assert before.penerima_golongan == "III/d" and before.pajak[0].jumlah == 50_000  # 5 %
    assert after.penerima_golongan == "IV/a" and after.pajak[0].jumlah == 150_000  # 15 % from the new TMT


def test_items_are_found_by_uraian_payee_supplier_number_code_and_amount(ctx, people) -> None:
    from tatausaha.search import service as search

    op = people["operator"]
    b = _budget(ctx, op)
    atk = _create(ctx, op, _input(b, uraian="Belanja kertas HVS dan tinta printer", no_tbp="00123/TBP/2026"))
    honor = _create(ctx, op, _input(b, sub_kegiatan_id=b["sk2"], rekening_id=b["honor"], jenis_belanja="honorarium",
                                    uraian="Honor narasumber sosialisasi", jumlah=1_750_000, penerima_jenis="orang",
                                    supplier_id=None, penerima_nama="Dr. Wahyu Pratama", no_tbp="00124/TBP/2026"))
    with ctx.uow(actor=op) as uow:
        def found(q: str) -> set[int]:
            return {h.ref_id for h in search.search(uow, q).hits if h.kind == "spj_item"}

        assert found("kertas tinta") == {atk.id}
        assert found("Sumber Makmur") == {atk.id}  # the supplier
        assert found("Wahyu") == {honor.id}  # the payee
        assert found("00124") == {honor.id}  # a fragment of the TBP number
        assert found("kode:7.01.01.2.01.0002") == {honor.id}
        assert found("1750000") == {honor.id}
        assert found("jenis:spj narasumber") == {honor.id}
        # amount range and code through the list filter
        in_range = spj.list_items(uow, spj.ItemFilter(jumlah_min=1_000_000, jumlah_max=2_000_000))
        by_code = spj.list_items(uow, spj.ItemFilter(teks="5.1.02.01.01.0024"))
        by_supplier = spj.list_items(uow, spj.ItemFilter(teks="makmur"))
    assert [i.id for i in in_range] == [honor.id]
    assert [i.id for i in by_code] == [atk.id] and [i.id for i in by_supplier] == [atk.id]


def test_perjalanan_dinas_links_its_surat_tugas_to_the_travellers(ctx, people) -> None:
    from tatausaha.correspondence import letters
    from tatausaha.correspondence.letters import SuratKeluarInput

    op, camat = people["operator"], people["camat"]
    b = _budget(ctx, op)
    with ctx.uow(actor=op) as uow:
        st = letters.create_keluar(uow, SuratKeluarInput(
            jenis="ST", hal="Surat tugas konsultasi ke Bappelitbangda", tujuan="Budi Santoso; Siti Nurhaliza",
            kode_klasifikasi="800.1.11.1", penandatangan_id=camat.official_id))
        uow.commit()
    nomor = "800.1.11.1/015/Kec.Jts"  # as written on the signed surat tugas (its number may come from SRIKANDI)
    with ctx.uow(actor=op) as uow:
        rek = spj.ensure_rekening(uow, "5.1.02.04.01.0001", "Belanja Perjalanan Dinas Biasa", "perjalanan_dinas")
        spj.set_pagu(uow, b["sk"], rek, 10 * JT)
        uow.commit()
    trip = _create(ctx, op, _input(b, tanggal=D(2026, 5, 8), rekening_id=rek, jenis_belanja="perjalanan_dinas",
                                   uraian="Perjalanan dinas konsultasi", jumlah=900_000, penerima_jenis="orang",
                                   supplier_id=None, penerima_nama="Budi Santoso", no_tbp="PD-1"))
    assert {"surat_tugas", "spd", "laporan_perjadin"} <= set(_docs(trip))
    for nama, nip in (("Budi Santoso, S.AP.", "197809102005011004"), ("Siti Nurhaliza, A.Md.", "199203142015022001")):
        perform(ctx.db, op, lambda uow, nama=nama, nip=nip: spj.add_pelaksana(
            uow, trip.id, nama, nip=nip, surat_tugas_id=st.id, surat_tugas_nomor=nomor, spd_nomor="094/12/SPD", berangkat=D(2026, 5, 6),
            kembali=D(2026, 5, 7), tujuan="Bappelitbangda Kota Bekasi", jumlah=450_000))
    with pytest.raises(ValidationFailed, match="melebihi"):  # the travellers' shares stay within the payment
        perform(ctx.db, op, lambda uow: spj.add_pelaksana(uow, trip.id, "Orang ketiga", jumlah=1))
    with ctx.uow(actor=op) as uow:
        view = spj.item(uow, trip.id)
    assert [(p.nama, p.surat_tugas_id, p.surat_tugas_nomor) for p in view.pelaksana] == [
        ("Budi Santoso, S.AP.", st.id, nomor), ("Siti Nurhaliza, A.Md.", st.id, nomor)]
    surat_tugas = _docs(view)["surat_tugas"]
    assert surat_tugas.status == "belum_lengkap" and surat_tugas.nomor_dokumen == nomor  # the scan still has to come


def test_the_office_changes_rules_from_a_date_and_earlier_items_keep_theirs(ctx, people, admin) -> None:
    from tatausaha.models.account import User
    from tatausaha.spj import config

    op = people["operator"]
    b = _budget(ctx, op)
    with ctx.uow(actor=op) as uow:  # an admin account that exists (audit and created_by need a real user)
        uow.session.add(User(id=admin.user_id, username="admin1", full_name="Admin", role="admin", password_hash="!"))
        uow.commit()
    with ctx.uow(actor=op) as uow:
        pph22 = config.tax_rules(uow, "pph22", on=D(2026, 1, 1))
        kuitansi = next(r for r in config.checklist_rules(uow, "barang", on=D(2026, 1, 1))
                        if r.dokumen == "kuitansi" and r.batas_bawah == 0)
    assert len(pph22) == 1 and pph22[0].tarif_ppm == 15_000
    with pytest.raises(PermissionDenied):  # the configuration is the admin's
        perform(ctx.db, op, lambda uow: config.replace_tax_rule(uow, pph22[0].id, D(2026, 9, 1), tarif_ppm=25_000))
    new = perform(ctx.db, admin, lambda uow: config.replace_tax_rule(
        uow, pph22[0].id, D(2026, 9, 1), tarif_ppm=25_000, dasar_hukum="Contoh perubahan tarif")).value
    assert (new.berlaku_mulai, new.tarif_ppm, new.berlaku_sampai) == (D(2026, 9, 1), 25_000, None)
    with pytest.raises(Conflict, match="sudah berlaku"):  # two rates for the same thing on one day: refused
        perform(ctx.db, admin, lambda uow: config.save_tax_rule(uow, config.TaxRuleInput(
            jenis_pajak="pph22", berlaku_mulai=D(2026, 10, 1), tarif_ppm=30_000, jenis_belanja="barang",
            penerima_jenis="penyedia", batas_bawah=2 * JT + 1)))
    # the kuitansi becomes optional for small purchases from 1 October (a local rule)
    perform(ctx.db, admin, lambda uow: config.replace_checklist_rule(uow, kuitansi.id, D(2026, 10, 1), wajib=False))

    aug = _create(ctx, op, _input(b, tanggal=D(2026, 8, 31), no_tbp="C1", kegiatan_selesai=None))
    sep = _create(ctx, op, _input(b, tanggal=D(2026, 9, 1), no_tbp="C2", kegiatan_selesai=None))
    octo = _create(ctx, op, _input(b, tanggal=D(2026, 10, 1), no_tbp="C3", kegiatan_selesai=None))
    assert {p.jenis: p.jumlah for p in aug.pajak}["pph22"] == 75_000
    assert {p.jenis: p.jumlah for p in sep.pajak}["pph22"] == 125_000
    assert _docs(sep)["kuitansi"].wajib and not _docs(octo)["kuitansi"].wajib
