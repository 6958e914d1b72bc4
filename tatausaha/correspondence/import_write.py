"""The commit half of a buku agenda import: agenda numbers, bulk inserts, the search index."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from tatausaha.correspondence import instansi as instansi_svc
from tatausaha.correspondence import numbering, searchhook
from tatausaha.correspondence.common import fold
from tatausaha.jobs import CancelToken, Progress
from tatausaha.models.base import utcnow
from tatausaha.models.correspondence import NomorTerbit, SuratKeluar, SuratMasuk
from tatausaha.services import audit
from tatausaha.services.uow import UnitOfWork


def _assign_agenda(uow: UnitOfWork, recs: list[dict[str, Any]], arah: str) -> None:
    """Keep agenda numbers from the file; number the rest after the year's counter; move the counter past all."""
    s = uow.session
    by_year: dict[int, list[dict[str, Any]]] = {}
    for r in recs:
        by_year.setdefault(r["_year"], []).append(r)
    for year, rows in by_year.items():
        key = numbering.agenda_scope(arah, year)
        given = [r["nomor_agenda"] for r in rows if r["nomor_agenda"]]
        if given:
            numbering.bump_counter_to(s, key, year, max(given))
        missing = [r for r in rows if not r["nomor_agenda"]]
        if missing:
            start = numbering.next_value(s, key, year)
            for n, r in enumerate(missing):
                r["nomor_agenda"] = start + n
            numbering.bump_counter_to(s, key, year, start + len(missing) - 1)


def insert_masuk(uow: UnitOfWork, recs: list[dict[str, Any]], progress: Progress,
                  cancel: CancelToken | None) -> tuple[int, str]:
    s = uow.session
    _assign_agenda(uow, recs, "masuk")
    inst_cache: dict[str, int | None] = {}
    now = utcnow()
    rows = []
    for r in recs:
        key = fold(r["pengirim"])
        if key not in inst_cache:
            inst = instansi_svc.get_or_create(s, r["pengirim"])
            inst_cache[key] = inst.id if inst else None
        rows.append(dict(
            tahun=r["_year"], nomor_agenda=r["nomor_agenda"], tanggal_terima=r["tanggal_terima"],
            nomor_surat=r.get("nomor_surat", ""), tanggal_surat=r.get("tanggal_surat"), instansi_id=inst_cache[key],
            pengirim=r["pengirim"][:300], ditujukan=r.get("ditujukan", "")[:300], perihal=r["perihal"],
            ringkasan=r.get("ringkasan", ""), derajat=r["derajat"], keamanan=r["keamanan"],
            kode_klasifikasi=r.get("kode_klasifikasi", ""), klasifikasi_scheme=r["klasifikasi_scheme"],
            lampiran=r.get("lampiran", "")[:100], kanal=r["kanal"], srikandi_ref=r.get("srikandi_ref", ""),
            status="terdaftar", keterangan=r.get("keterangan", ""), lokasi_arsip=r.get("lokasi_arsip", "")[:200],
            batal_alasan="", created_by=uow.actor.user_id, created_at=now, updated_at=now,
        ))
    ids = _insert_batches(s, SuratMasuk, rows, progress, "Menyimpan surat masuk", cancel)
    for i in range(0, len(ids), 1000):
        searchhook.index_masuk_many(s, ids[i:i + 1000])
    return len(rows), _range_text(recs)


def insert_keluar(uow: UnitOfWork, recs: list[dict[str, Any]], progress: Progress,
                   cancel: CancelToken | None) -> tuple[int, str]:
    s = uow.session
    _assign_agenda(uow, recs, "keluar")
    now = utcnow()
    rows = []
    for r in recs:
        first = r["tujuan"].split(";")[0]
        inst = instansi_svc.lookup(s, first)
        rows.append(dict(
            jenis_id=r["jenis_id"], tahun=r["_year"], nomor_agenda=r["nomor_agenda"], nomor=r["nomor"],
            tanggal_surat=r["tanggal_surat"], instansi_id=inst.id if inst else None, tujuan=r["tujuan"], tujuan_di="",
            tembusan=[], lampiran=r.get("lampiran", "")[:100], hal=r["perihal"], isi="", derajat=r["derajat"],
            keamanan=r["keamanan"], kode_klasifikasi=r.get("kode_klasifikasi", ""),
            klasifikasi_scheme=r["klasifikasi_scheme"], ttd_prefix="", atas_nama_jabatan="", kanal=r["kanal"],
            srikandi_ref=r.get("srikandi_ref", ""), status="terkirim" if r.get("tanggal_kirim") else "bernomor",
            tanggal_kirim=r.get("tanggal_kirim"), cara_kirim="", penerima_nama="", keterangan=r.get("keterangan", ""),
            batal_alasan="", created_by=uow.actor.user_id, created_at=now, updated_at=now,
        ))
    ids = _insert_batches(s, SuratKeluar, rows, progress, "Menyimpan surat keluar", cancel)
    nums = [dict(
        tahun=r["_year"], nomor=" ".join(r["nomor"].split()), jenis_id=r["jenis_id"], scope_key=None, urut=None,
        tanggal=r["tanggal_surat"], kode_klasifikasi=r.get("kode_klasifikasi", ""),
        sumber="srikandi" if r["kanal"] == "srikandi" else "manual", srikandi_ref=r.get("srikandi_ref", ""),
        status="aktif", batal_alasan="", surat_keluar_id=kid, issued_at=now, issued_by=uow.actor.user_id,
    ) for r, kid in zip(recs, ids, strict=True)]
    for i in range(0, len(nums), 1000):
        s.execute(insert(NomorTerbit), nums[i:i + 1000])
    audit.record_rows(s, NomorTerbit, NomorTerbit.surat_keluar_id.in_(ids))
    for kid in ids:
        searchhook.index_keluar(s, kid)
    progress.report(len(rows), len(rows), "Menyimpan surat keluar")
    return len(rows), _range_text(recs)


def _insert_batches(s: Session, model: type[SuratMasuk] | type[SuratKeluar], rows: list[dict[str, Any]],
                    progress: Progress, label: str, cancel: CancelToken | None) -> list[int]:
    """Insert ``rows`` 1000 at a time (cancellable between batches); the new ids, in insert order."""
    first_id = (s.execute(select(func.max(model.id))).scalar() or 0) + 1
    for i in range(0, len(rows), 1000):
        if cancel is not None:
            cancel.raise_if_cancelled()
        s.execute(insert(model), rows[i:i + 1000])
        progress.report(min(i + 1000, len(rows)), len(rows), label)
    audit.record_rows(s, model, model.id >= first_id)  # every imported letter is on record, row by row
    return list(s.execute(select(model.id).where(model.id >= first_id).order_by(model.id)).scalars())


def _range_text(recs: list[dict[str, Any]]) -> str:
    by_year: dict[int, list[int]] = {}
    for r in recs:
        by_year.setdefault(r["_year"], []).append(r["nomor_agenda"])
    return ", ".join(f"agenda {min(v)}–{max(v)}/{y}" for y, v in sorted(by_year.items()))
