"""The staff area on a real PostgreSQL server: employees and histories through the services, NIP
search and masking, golongan_on, the due list and the DUK, an edit conflict on row_version, and the
audit trail's drift check clean after edits. Uses the foundation's server fixture."""

from __future__ import annotations

import datetime as dt

import pytest
from test_foundation_postgres import pg, pg_paths  # noqa: F401  (fixtures: a server per module, a db per test)

from tatausaha.config import AppPaths
from tatausaha.context import AppContext
from tatausaha.errors import EditConflict
from tatausaha.search import service as search
from tatausaha.services import audit
from tatausaha.services.auth import SYSTEM, Actor, Role
from tatausaha.services.uow import perform
from tatausaha.staff import due, duk, service
from tatausaha.staff.service import EmployeeInput

pytestmark = pytest.mark.postgres
D = dt.date


def test_staff_round_trip_on_postgres(pg_paths: AppPaths) -> None:  # noqa: F811
    ctx = AppContext.open(pg_paths)
    try:
        a = EmployeeInput(nama="Budi Santoso", gelar_belakang="S.AP.", tgl_lahir=D(1981, 4, 10), jenis_kelamin="L",
                          status_pegawai="pns", nip_baru="198104102009011003", tmt_cpns=D(2009, 1, 1),
                          gol_ruang_akhir="III/b", tmt_gol_akhir=D(2023, 4, 1), mk_tahun=14, tmt_kgb_akhir=D(2025, 1, 1),
                          jabatan_nama="Kepala Subbagian Umum dan Kepegawaian", jenis_jabatan="pengawas",
                          nik="3275011004810003")
        b = EmployeeInput(nama="Siti Nurhaliza", gelar_belakang="A.Md.", tgl_lahir=D(1992, 3, 14), jenis_kelamin="P",
                          status_pegawai="pns", nip_baru="199203142019032012", tmt_cpns=D(2019, 3, 1),
                          gol_ruang_akhir="II/c", tmt_gol_akhir=D(2019, 3, 1), tmt_kgb_akhir=D(2025, 3, 1))
        ids = [perform(ctx.db, SYSTEM, lambda uow, d=d: service.create_employee(uow, d)).value.id for d in (a, b)]
        perform(ctx.db, SYSTEM, lambda uow: service.add_history(uow, ids[0], "pangkat", {
            "golongan": "III/c", "tmt_golongan": D(2027, 4, 1), "mk_golongan_tahun": 18}))
        clerk = Actor(None, "juru", "Juru", Role.OPERATOR)
        with ctx.reader(SYSTEM) as uow:
            assert service.golongan_on(uow, ids[0], D(2027, 3, 31)).kode == "III/b"
            assert service.golongan_on(uow, ids[0], D(2027, 4, 1)).kode == "III/c"
            assert [r.id for r in service.list_employees(uow, query="2009011")] == [ids[0]]
            assert {(h.kind, h.ref_id) for h in search.search(uow, "198104102009011003").hits} >= {("pegawai", ids[0])}
            items = due.due_items(uow, within_days=60)
            assert [(i.employee_id, i.jenis, i.tanggal) for i in items if i.jenis == "kgb"] == [(ids[0], "kgb", D(2027, 1, 1))]
            assert [r.employee_id for r in duk.duk(uow)] == ids
        with ctx.reader(clerk) as uow:
            assert service.list_employees(uow)[0].nip.startswith("•")
            assert not [h for h in search.search(uow, "Budi Santoso").hits if h.kind == "pegawai"]
        with ctx.reader(SYSTEM) as uow:
            form = service.employee_input(uow, ids[1])
            version = service.get_employee(uow, ids[1]).row_version
        form.jabatan_nama = "Pengadministrasi Umum"
        perform(ctx.db, SYSTEM, lambda uow: service.update_employee(uow, ids[1], form, expected_version=version))
        with pytest.raises(EditConflict, match="Jabatan"):
            perform(ctx.db, SYSTEM, lambda uow: service.update_employee(uow, ids[1], form, expected_version=version))
        with ctx.reader(SYSTEM) as uow:
            staff_tables = ("pegawai", "riwayat_", "usulan_sk", "aturan_pegawai", "golongan")
            problems = [p for p in audit.record_drift(uow.session) if p.entity.startswith(staff_tables)]
            assert problems == []
    finally:
        ctx.close()
