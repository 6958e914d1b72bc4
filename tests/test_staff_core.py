"""Staff core: NIP/NIK validation, employees and history through the write path, golongan_on,
personal data masked and every opening of a personal file audited, optimistic locking."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tatausaha.errors import EditConflict, PermissionDenied, ValidationFailed
from tatausaha.models.audit import AuditLog
from tatausaha.models.staff import Golongan
from tatausaha.services import accounts
from tatausaha.services.auth import SYSTEM, Actor, Role
from tatausaha.services.uow import UnitOfWork, perform
from tatausaha.staff import ident, rules, service
from tatausaha.staff.service import EmployeeInput

# ------------------------------------------------------------------------------ NIP / NIK


@pytest.mark.parametrize("nip, born, sex, tmt", [
    ("198609262015051001", dt.date(1986, 9, 26), "L", dt.date(2015, 5, 1)),
    ("19781022 200501 2 009", dt.date(1978, 10, 22), "P", dt.date(2005, 1, 1)),
    ("196802292000031002", dt.date(1968, 2, 29), "L", dt.date(2000, 3, 1)),  # born on a leap day
])
def test_valid_nips_agree_with_the_record(nip: str, born: dt.date, sex: str, tmt: dt.date) -> None:
    assert ident.check_nip(nip, tgl_lahir=born, jenis_kelamin=sex, tmt_cpns=tmt) == nip.replace(" ", "")
    assert ident.format_nip("198609262015051001") == "19860926 201505 1 001"


@pytest.mark.parametrize("nip, words", [
    ("19860926201505100", "18 angka"),  # 17 digits
    ("1986092620150510011", "18 angka"),  # 19
    ("19860926A015051001", "18 angka"),  # a letter
    ("198602302015051001", "tanggal lahir"),  # 30 February
    ("198609262015131001", "bulan TMT CPNS"),  # month 13
    ("198609262015053001", "jenis kelamin"),  # gender digit 3
    ("198609262015051000", "nomor urut"),  # sequence 000
    ("198609261995051001", "tidak mungkin"),  # TMT CPNS at age 8
])
def test_invalid_nips_are_named(nip: str, words: str) -> None:
    with pytest.raises(ValidationFailed, match=words):
        ident.parse_nip(nip)


def test_nip_disagreeing_with_the_record_is_refused() -> None:
    with pytest.raises(ValidationFailed, match="tanggal lahir 26-09-1986"):
        ident.check_nip("198609262015051001", tgl_lahir=dt.date(1986, 9, 27), jenis_kelamin="L", tmt_cpns=None)
    with pytest.raises(ValidationFailed, match="jenis kelamin pria"):
        ident.check_nip("198609262015051001", tgl_lahir=None, jenis_kelamin="P", tmt_cpns=None)
    with pytest.raises(ValidationFailed, match="TMT CPNS 05-2015"):
        ident.check_nip("198609262015051001", tgl_lahir=None, jenis_kelamin=None, tmt_cpns=dt.date(2015, 3, 1))


def test_ni_pppk_month_21_only_for_pppk() -> None:
    parts = ident.parse_nip("199003152023212001", allow_pppk=True)
    assert parts.pppk and parts.jenis_kelamin == "P"
    with pytest.raises(ValidationFailed, match="bulan TMT CPNS"):
        ident.parse_nip("199003152023212001")


def test_nik_length_blocks_but_birth_date_mismatch_only_warns() -> None:
    ok = ident.check_nik("3275012609860003", tgl_lahir=dt.date(1986, 9, 26), jenis_kelamin="L")
    assert ok.warnings == ()
    woman = ident.check_nik("3275016610780002", tgl_lahir=dt.date(1978, 10, 26), jenis_kelamin="P")  # 26+40
    assert woman.warnings == ()
    off = ident.check_nik("3275012709860003", tgl_lahir=dt.date(1986, 9, 26), jenis_kelamin="L")
    assert len(off.warnings) == 1 and "tetap disimpan" in off.warnings[0]
    sex = ident.check_nik("3275012609860003", tgl_lahir=dt.date(1986, 9, 26), jenis_kelamin="P")
    assert "jenis kelamin" in sex.warnings[0]
    for bad in ("327501260986000", "32750126098600031", "3275O12609860003", "0075012609860003"):
        with pytest.raises(ValidationFailed):
            ident.check_nik(bad)


# ------------------------------------------------------------------------------ services


def real_actor(ctx, username: str, role: Role) -> Actor:
    """An account that exists in the database (rows record who made them)."""
    info = perform(ctx.db, SYSTEM, lambda uow: accounts.create_user(uow, username, username.title(), role,
                                                                     "rahasia123")).value[0]
    return Actor(user_id=info.id, username=username, full_name=username.title(), role=role)


@pytest.fixture
def admin(ctx) -> Actor:
    return real_actor(ctx, "kepala", Role.ADMIN)


@pytest.fixture
def operator(ctx) -> Actor:
    return real_actor(ctx, "juru", Role.OPERATOR)


def _pns(**kw: object) -> EmployeeInput:
    base: dict[str, object] = dict(
        nama="Andi Wijaya", gelar_belakang="S.Sos.", tgl_lahir=dt.date(1986, 9, 26), jenis_kelamin="L",
        status_pegawai="pns", nip_baru="19860926 201505 1 001", nik="3275012609860003", tmt_cpns=dt.date(2015, 5, 1),
        tmt_pns=dt.date(2016, 5, 1), gol_ruang_akhir="III/b", tmt_gol_akhir=dt.date(2019, 4, 1), mk_tahun=3,
        jabatan_nama="Analis Kebijakan", jenis_jabatan="fungsional_keahlian", jenjang_jabatan="ahli_pertama",
        no_npwp="12.345.678.9-012.000", bank_nama="Bank BJB", bank_rekening="0012345678901",
    )
    base.update(kw)
    return EmployeeInput(**base)  # type: ignore[arg-type]


def test_golongan_reference_is_complete(ctx, admin) -> None:
    with UnitOfWork(ctx.db, admin, write=False) as uow:
        pns = service.golongan_list(uow, "pns")
        pppk = service.golongan_list(uow, "pppk")
        assert [g["kode"] for g in pns][:2] == ["I/a", "I/b"] and pns[-1]["kode"] == "IV/e" and len(pns) == 17
        assert pns[8]["pangkat"] == "Penata Muda" and pns[-1]["pangkat"] == "Pembina Utama"
        assert [g["kode"] for g in pppk][0] == "I" and pppk[-1]["kode"] == "XVII" and len(pppk) == 17
        assert uow.session.get(Golongan, "IX").kelompok == "III"


def test_create_edit_list_and_golongan_on(ctx, admin, operator) -> None:
    saved = perform(ctx.db, admin, lambda uow: service.create_employee(uow, _pns())).value
    assert saved.warnings == ()
    eid = saved.id
    perform(ctx.db, admin, lambda uow: service.add_history(uow, eid, "pangkat", {
        "golongan": "III/a", "tmt_golongan": dt.date(2016, 5, 1), "sk_nomor": "800/12/BKPSDM/2016"}))
    perform(ctx.db, admin, lambda uow: service.add_history(uow, eid, "pangkat", {
        "golongan": "III/b", "tmt_golongan": dt.date(2019, 4, 1), "mk_golongan_tahun": 3}))
    perform(ctx.db, admin, lambda uow: service.add_history(uow, eid, "pangkat", {
        "golongan": "III/c", "tmt_golongan": dt.date(2023, 4, 1), "mk_golongan_tahun": 7}))
    with UnitOfWork(ctx.db, operator, write=False) as uow:
        assert service.golongan_on(uow, eid, dt.date(2015, 12, 31)) is None  # CPNS without a pangkat row yet
        assert service.golongan_on(uow, eid, dt.date(2019, 3, 31)).kode == "III/a"
        on = service.golongan_on(uow, eid, dt.date(2019, 4, 1))
        assert (on.kode, on.kelompok, on.pangkat) == ("III/b", "III", "Penata Muda Tingkat I")
        assert service.golongan_on(uow, eid, dt.date(2026, 6, 1)).kode == "III/c"
        rows = service.list_employees(uow)  # the operator is no pengelola: NIP masked
        assert rows[0].nama_lengkap == "Andi Wijaya, S.Sos." and rows[0].golongan == "III/c"
        assert "2015" not in rows[0].nip and rows[0].nip.endswith("1001")
        assert service.list_employees(uow, query="198609") == []  # no NIP search without the right
        detail = service.get_employee(uow, eid)
        assert detail.fields["nik"].endswith("0003") and "3275" not in detail.fields["nik"]
        assert detail.fields["tgl_lahir"] is None and detail.fields["bank_rekening"].startswith("•")
        assert detail.golongan_pangkat == "Penata (III/c)"
        with pytest.raises(PermissionDenied, match="data pribadi"):
            service.get_employee(uow, eid, personal=True)
    with UnitOfWork(ctx.db, admin, write=False) as uow:
        assert [r.id for r in service.list_employees(uow, query="2015051")] == [eid]
        assert service.list_employees(uow)[0].nip == "19860926 201505 1 001"
    # edit with the version the form was opened with; a second edit with the stale version conflicts
    with UnitOfWork(ctx.db, admin, write=False) as uow:
        form = service.employee_input(uow, eid)
        version = service.get_employee(uow, eid).row_version
    form.jabatan_nama = "Analis Kebijakan Ahli Muda"
    perform(ctx.db, admin, lambda uow: service.update_employee(uow, eid, form, expected_version=version))
    form.keterangan = "perubahan kedua dari formulir lama"
    with pytest.raises(EditConflict, match="telah diubah oleh Kepala") as err:
        perform(ctx.db, admin, lambda uow: service.update_employee(uow, eid, form, expected_version=version))
    assert "Jabatan: «Analis Kebijakan» → «Analis Kebijakan Ahli Muda»" in str(err.value)
    with UnitOfWork(ctx.db, admin, write=False) as uow:
        assert service.get_employee(uow, eid).fields["keterangan"] == ""  # the stale save changed nothing
    with pytest.raises(PermissionDenied, match="data pribadi"):  # a clerk who is no pengelola may not edit
        perform(ctx.db, operator, lambda uow: service.update_employee(uow, eid, form))


def test_bad_employee_input_is_named_and_nothing_saved(ctx, admin) -> None:
    cases = [
        (_pns(nip_baru="198609262015051001", tgl_lahir=dt.date(1986, 9, 25)), "tanggal lahir"),
        (_pns(nip_baru=None), "NIP wajib"),
        (_pns(status_pegawai="non_asn", gol_ruang_akhir=None), "non-ASN tidak memiliki NIP"),
        (_pns(gol_ruang_akhir="IX"), "bukan golongan PNS"),
        (_pns(nik="12345"), "NIK harus 16"),
        (_pns(no_npwp="123"), "NPWP"),
        (_pns(tgl_lahir=dt.date(2027, 1, 1), nip_baru=None, status_pegawai="non_asn", gol_ruang_akhir=None), "belum terjadi"),
    ]
    for data, words in cases:
        with pytest.raises(ValidationFailed, match=words):
            perform(ctx.db, admin, lambda uow, d=data: service.create_employee(uow, d))
    perform(ctx.db, admin, lambda uow: service.create_employee(uow, _pns()))
    with pytest.raises(ValidationFailed, match="sudah dipakai"):
        perform(ctx.db, admin, lambda uow: service.create_employee(uow, _pns(nama="Orang Lain")))
    with pytest.raises(ValidationFailed, match="NIK 3275012609860003 sudah tercatat"):
        perform(ctx.db, admin, lambda uow: service.create_employee(uow, _pns(nama="Orang Lain", nip_baru="198609262015051002")))
    with UnitOfWork(ctx.db, admin, write=False) as uow:
        assert len(service.list_employees(uow, include_inactive=True)) == 1


def test_nik_warning_does_not_block(ctx, admin) -> None:
    saved = perform(ctx.db, admin, lambda uow: service.create_employee(uow, _pns(nik="3275012709860003"))).value
    assert saved.id and "tetap disimpan" in saved.warnings[0]


def test_opening_a_personal_file_is_audited(ctx, admin) -> None:
    eid = perform(ctx.db, admin, lambda uow: service.create_employee(uow, _pns())).value.id
    for _ in range(2):
        detail = perform(ctx.db, admin, lambda uow: service.get_employee(uow, eid, personal=True)).value
        assert detail.fields["nik"] == "3275012609860003" and detail.fields["tgl_lahir"] == dt.date(1986, 9, 26)
    with UnitOfWork(ctx.db, admin, write=False) as uow:
        opened = uow.session.execute(select(AuditLog).where(AuditLog.action == "buka_data_pribadi")).scalars().all()
        assert len(opened) == 2 and all(o.entity_id == str(eid) for o in opened)
        assert all(o.actor_id == admin.user_id for o in opened)


def test_cuti_tahunan_balance_and_refusal(ctx, admin) -> None:
    eid = perform(ctx.db, admin, lambda uow: service.create_employee(uow, _pns())).value.id
    # 2025: 5 working days taken → 7 left, 6 carried into 2026
    perform(ctx.db, admin, lambda uow: service.add_history(uow, eid, "cuti", {
        "jenis": "tahunan", "tanggal_mulai": dt.date(2025, 3, 3), "tanggal_selesai": dt.date(2025, 3, 7)}))
    perform(ctx.db, admin, lambda uow: service.add_history(uow, eid, "cuti", {
        "jenis": "tahunan", "tanggal_mulai": dt.date(2026, 6, 1), "tanggal_selesai": dt.date(2026, 6, 12)}))  # 10 days
    with UnitOfWork(ctx.db, admin, write=False) as uow:
        b = rules.cuti_balance(uow, eid, 2026)
        assert (b.hak, b.bawaan, b.dipakai, b.sisa) == (12, 6, 10, 8)
    with pytest.raises(ValidationFailed, match="tinggal 8 hari"):
        perform(ctx.db, admin, lambda uow: service.add_history(uow, eid, "cuti", {
            "jenis": "tahunan", "tanggal_mulai": dt.date(2026, 7, 1), "tanggal_selesai": dt.date(2026, 7, 14)}))
    perform(ctx.db, admin, lambda uow: service.add_history(uow, eid, "cuti", {
        "jenis": "sakit", "tanggal_mulai": dt.date(2026, 7, 1), "tanggal_selesai": dt.date(2026, 7, 14)}))
    with UnitOfWork(ctx.db, admin, write=False) as uow:
        assert rules.cuti_balance(uow, eid, 2026).sisa == 8  # cuti sakit does not count


def test_deleting_the_newest_history_row_restores_the_current_values(ctx, admin) -> None:
    eid = perform(ctx.db, admin, lambda uow: service.create_employee(uow, _pns())).value.id  # III/b since 2019-04-01
    wrong = perform(ctx.db, admin, lambda uow: service.add_history(uow, eid, "pangkat", {
        "golongan": "III/d", "tmt_golongan": dt.date(2026, 4, 1)})).value  # entered by mistake
    with UnitOfWork(ctx.db, admin, write=False) as uow:
        assert service.golongan_on(uow, eid, dt.date(2026, 6, 1)).kode == "III/d"
    perform(ctx.db, admin, lambda uow: service.delete_history(uow, "pangkat", wrong.id, expected_version=wrong.row_version))
    with UnitOfWork(ctx.db, admin, write=False) as uow:
        f = service.get_employee(uow, eid).fields
        assert (f["gol_ruang_akhir"], f["tmt_gol_akhir"]) == ("III/b", dt.date(2019, 4, 1))
        assert service.golongan_on(uow, eid, dt.date(2026, 6, 1)).kode == "III/b"


def test_editing_a_history_row_follows_the_newest_refuses_stale_and_bad_edits(ctx, admin) -> None:
    eid = perform(ctx.db, admin, lambda uow: service.create_employee(uow, _pns())).value.id  # III/b since 2019-04-01
    c = perform(ctx.db, admin, lambda uow: service.add_history(uow, eid, "pangkat", {
        "golongan": "III/c", "tmt_golongan": dt.date(2023, 4, 1), "mk_golongan_tahun": 7})).value
    # the newest row's TMT corrected: the employee's TMT golongan follows
    moved = perform(ctx.db, admin, lambda uow: service.update_history(
        uow, "pangkat", c.id, {"tmt_golongan": dt.date(2023, 10, 1)}, expected_version=c.row_version)).value
    assert moved.row_version > c.row_version
    with UnitOfWork(ctx.db, admin, write=False) as uow:
        f = service.get_employee(uow, eid).fields
        assert (f["gol_ruang_akhir"], f["tmt_gol_akhir"], f["mk_tahun"]) == ("III/c", dt.date(2023, 10, 1), 7)
        rows = service.history(uow, eid, "pangkat")
        assert [r["golongan"] for r in rows] == ["III/c", "III/b"]  # nothing else changed, no row added
    # an editor opened on the old version is refused, and the row keeps the newer save
    with pytest.raises(EditConflict):
        perform(ctx.db, admin, lambda uow: service.update_history(
            uow, "pangkat", c.id, {"tmt_golongan": dt.date(2024, 4, 1)}, expected_version=c.row_version))
    # a wrong golongan for a PNS is named and nothing is kept
    with pytest.raises(ValidationFailed) as bad:
        perform(ctx.db, admin, lambda uow: service.update_history(uow, "pangkat", c.id, {"golongan": "IX"}))
    assert bad.value.field == "golongan"
    # the row moved before the older one: the employee follows the row that is now the newest
    perform(ctx.db, admin, lambda uow: service.update_history(
        uow, "pangkat", c.id, {"tmt_golongan": dt.date(2018, 4, 1)}))
    with UnitOfWork(ctx.db, admin, write=False) as uow:
        f = service.get_employee(uow, eid).fields
        assert (f["gol_ruang_akhir"], f["tmt_gol_akhir"]) == ("III/b", dt.date(2019, 4, 1))


def test_editing_a_cuti_tahunan_recounts_its_days_against_the_balance(ctx, admin) -> None:
    eid = perform(ctx.db, admin, lambda uow: service.create_employee(uow, _pns())).value.id
    cuti = perform(ctx.db, admin, lambda uow: service.add_history(uow, eid, "cuti", {
        "jenis": "tahunan", "tanggal_mulai": dt.date(2026, 6, 1), "tanggal_selesai": dt.date(2026, 6, 5)})).value
    with pytest.raises(ValidationFailed, match="tidak cukup"):
        perform(ctx.db, admin, lambda uow: service.update_history(
            uow, "cuti", cuti.id, {"tanggal_selesai": dt.date(2026, 7, 31)}))  # 45 working days
    perform(ctx.db, admin, lambda uow: service.update_history(
        uow, "cuti", cuti.id, {"tanggal_selesai": dt.date(2026, 6, 9)}))
    with UnitOfWork(ctx.db, admin, write=False) as uow:
        assert service.history(uow, eid, "cuti")[0]["hari_kerja"] == 7
        assert rules.cuti_balance(uow, eid, 2026).dipakai == 7
