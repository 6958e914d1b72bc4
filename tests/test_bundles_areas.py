"""The staff and SPJ areas' bundle exporters (issue 14 × issues 12 and 13).

SPJ: items of a sub-kegiatan in a period, evidence in checklist order, required evidence not yet
complete named as missing. Staff: an employee's file, riwayat with their SK scans, a missing SK scan
named, refused to whoever may not open personal data. Both areas were still declared ``built=False``
when this was written, so each test installs its area built, with its exporter, for its own duration —
the bundle room itself needs no edit for a new area."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

from tatausaha import registry
from tatausaha.bundles import names, service
from tatausaha.bundles.types import Scope
from tatausaha.bundles.verify import verify_bundle
from tatausaha.services import documents
from tatausaha.services.auth import Role
from tatausaha.services.uow import perform
from tatausaha.spj import bundle as spj_bundle
from tatausaha.spj import service as spj
from tatausaha.spj.service import ItemInput, SupplierInput
from tests.conftest import make_actor

JT = 1_000_000


@contextlib.contextmanager
def built_with(area_name: str, exporter: object) -> Iterator[None]:
    original = registry.area(area_name)
    if original.built and original.bundle_exporter is not None:
        yield
        return
    registry.register(dataclasses.replace(original, built=True, bundle_exporter=exporter))  # type: ignore[arg-type]
    try:
        yield
    finally:
        registry.register(original)


def test_an_spj_bundle_reads_item_by_item_with_evidence_in_checklist_order(ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tatausaha.app.demo import quick_office

    people = quick_office(ctx)
    op = people["operator"]

    def budget(uow):  # type: ignore[no-untyped-def]
        t = spj.ensure_tahun(uow, 2026)
        p = spj.ensure_program(uow, t, "7.01.01", "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota")
        k = spj.ensure_kegiatan(uow, p, "7.01.01.2.01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja")
        sk = spj.ensure_sub_kegiatan(uow, k, "7.01.01.2.01.0001", "Penyusunan Dokumen Perencanaan", 150 * JT)
        atk = spj.ensure_rekening(uow, "5.1.02.01.01.0024", "Belanja Alat/Bahan untuk Kegiatan Kantor-ATK", "barang")
        spj.set_pagu(uow, sk, atk, 50 * JT)
        sup = spj.save_supplier(uow, SupplierInput(nama="CV Sumber Makmur", bentuk="CV", pkp=True,
                                                   npwp="01.234.567.8-901.000", alamat="Jl. Merdeka 5"))
        return sk, atk, sup.id

    sk, atk, sup = perform(ctx.db, op, budget).value
    item = perform(ctx.db, op, lambda uow: spj.create_item(uow, ItemInput(
        tanggal=dt.date(2026, 3, 10), sub_kegiatan_id=sk, rekening_id=atk, jenis_belanja="barang",
        uraian="Belanja ATK rapat koordinasi", jumlah=5 * JT, penerima_jenis="penyedia", supplier_id=sup,
        no_npd="NPD-001", no_tbp="TBP-001"))).value
    checklist = sorted(item.bukti, key=lambda b: (b.urutan, b.id))
    assert len(checklist) >= 2
    second, first = checklist[1], checklist[0]

    def attach(uow):  # type: ignore[no-untyped-def]
        # attached in the reverse order: the bundle still reads them in checklist order
        for b, text in ((second, b"bukti-kedua"), (first, b"bukti-pertama")):
            info = documents.add_document_bytes(uow, ctx.store, b"\xff\xd8\xff\xe0" + text * 50, f"{b.nama}.jpg")
            spj.attach_file(uow, b.id, info.id)

    perform(ctx.db, op, attach)
    scope = Scope("spj", "sub_kegiatan", (("jenis_belanja", "barang"), ("sub_kegiatan", str(sk))),
                  dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    with built_with("spj", spj_bundle.EXPORTER):
        assert any(area == "spj" for area, _label, _kind in service.scope_choices())
        with ctx.reader(make_actor(Role.AUDITOR)) as uow:
            plan = service.plan(uow, scope)
        assert plan.records == 1 and plan.files == 2
        (it,) = plan.items
        assert [f.role_label for f in it.files] == [first.nama, second.nama]
        required_left = [b for b in checklist[2:] if b.wajib]
        assert len(it.missing) == len(required_left) and all(":" in m for m in it.missing)
        target = tmp_path / "spj.zip"
        r = perform(ctx.db, make_actor(Role.AUDITOR),
                    lambda uow: service.export_bundle(uow, ctx.store, scope, target)).value
    assert r.files == 2 and verify_bundle(target).ok
    with zipfile.ZipFile(target) as zf:
        listing = json.loads(zf.read(next(n for n in zf.namelist() if n.endswith("/" + names.MANIFEST_JSON))))
    assert [e["peran"] for e in listing["berkas"]] == [first.nama, second.nama]
    assert listing["kurang"] and all(k["catatan_id"] == item.id for k in listing["kurang"])


def test_an_employees_file_is_bundled_for_those_who_may_open_personal_data(ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tatausaha.errors import PermissionDenied
    from tatausaha.services.auth import SYSTEM
    from tatausaha.staff import bundle as staff_bundle
    from tatausaha.staff import service as staff
    from tatausaha.staff.service import EmployeeInput

    data = EmployeeInput(nama="Andi Wijaya", gelar_belakang="S.Sos.", tgl_lahir=dt.date(1986, 9, 26),  # type: ignore[call-arg]
                         jenis_kelamin="L", status_pegawai="pns", nip_baru="19860926 201505 1 001",
                         tmt_cpns=dt.date(2015, 5, 1), tmt_pns=dt.date(2016, 5, 1))
    eid = perform(ctx.db, SYSTEM, lambda uow: staff.create_employee(uow, data)).value.id
    sk_bytes = b"%PDF-1.4 SK pangkat III/a " + b"x" * 500

    def history(uow):  # type: ignore[no-untyped-def]
        info = documents.add_document_bytes(uow, ctx.store, sk_bytes, "sk-pangkat.pdf")
        staff.add_history(uow, eid, "pangkat", {"golongan": "III/a", "tmt_golongan": dt.date(2016, 5, 1),
                                                "sk_nomor": "800/12/BKPSDM/2016", "sk_tanggal": dt.date(2016, 4, 20),
                                                "sk_document_id": info.id})
        staff.add_history(uow, eid, "pangkat", {"golongan": "III/b", "tmt_golongan": dt.date(2019, 4, 1),
                                                "sk_nomor": "800/44/BKPSDM/2019", "sk_tanggal": dt.date(2019, 3, 20)})

    perform(ctx.db, SYSTEM, history)
    # the staff area marks an employee's file as personal (rahasia in the index): the scope must ask for it
    scope = Scope("staff", "berkas_pegawai", (("pegawai", str(eid)),), include_rahasia=True)
    with built_with("staff", staff_bundle.EXPORTER):
        with ctx.reader(make_actor(Role.AUDITOR)) as uow:
            try:
                service.plan(uow, scope)
                raise AssertionError("an auditor without personal-data rights bundled an employee's file")
            except PermissionDenied as exc:
                assert "data pribadi" in str(exc)
        admin = make_actor(Role.ADMIN)
        with ctx.reader(admin) as uow:
            unasked = service.plan(uow, dataclasses.replace(scope, include_rahasia=False))
            plan = service.plan(uow, scope)
        assert unasked.withheld_count(service.NOT_ASKED) >= 1 and unasked.files == 0  # counted, not shipped
        assert [i.kind_label for i in plan.items] == ["Pegawai", "Riwayat pangkat", "Riwayat pangkat"], (plan.items, plan.withheld)
        assert plan.files == 1 and [m for _i, m in plan.missing] == ["SK 800/44/BKPSDM/2019 belum dipindai"]
        target = tmp_path / "pegawai.zip"
        r = perform(ctx.db, admin, lambda uow: service.export_bundle(uow, ctx.store, scope, target)).value
    assert r.files == 1 and r.missing == 1 and verify_bundle(target).ok
    with zipfile.ZipFile(target) as zf:
        assert any(zf.read(n) == sk_bytes for n in zf.namelist() if "/data/dokumen/" in n)
