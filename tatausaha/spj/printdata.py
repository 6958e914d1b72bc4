"""SPJ records mapped onto the printing room's plain documents: the kwitansi of an item, its
checklist cover sheet (whose QR files the evidence scanned behind it), and the BKU / tax recap
entries of a period (``tatausaha.spj.books`` lays them out)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from tatausaha import recordref
from tatausaha.idformat import tanggal_panjang
from tatausaha.models.office import Official
from tatausaha.models.spj import JENIS_PAJAK_LABEL, SpjItem, SpjPajak, SpjTahun
from tatausaha.printing.data import ChecklistLine, CoverSheet, KopSurat, KwitansiDoc, Signer
from tatausaha.services.uow import UnitOfWork
from tatausaha.spj import rules, service
from tatausaha.spj.books import BkuEntry, TaxEntry

__all__ = ["SAMPUL", "KWITANSI", "signers", "kwitansi_doc", "cover_doc", "bku_entries", "tax_entries"]

KWITANSI = "kwitansi"  # the QR kind printed on a kwitansi (declared in area.py)
SAMPUL = "spj_sampul"  # the QR kind printed on a cover sheet (declared in area.py)
UNSIGNED = "(..............................)"


def _official(uow: UnitOfWork, *words: str) -> Official | None:
    rows = uow.session.execute(select(Official).order_by(Official.id)).scalars().all()
    for w in words:
        for o in rows:
            if w in (o.jabatan or "").lower():
                return o
    return None


def signers(uow: UnitOfWork) -> tuple[Signer, Signer]:
    """(Pengguna Anggaran, Bendahara Pengeluaran) from the office's officials: the Camat is the PA of
    a kecamatan (a KPA when one is named); an office without a bendahara on record prints an empty
    block to sign by hand."""
    pa = _official(uow, "kuasa pengguna anggaran", "pengguna anggaran", "camat")
    bd = _official(uow, "bendahara pengeluaran", "bendahara")
    kpa = pa is not None and "kuasa pengguna" in (pa.jabatan or "").lower()
    pa_signer = Signer(
        jabatan=pa.jabatan if pa is not None else "Pengguna Anggaran", nama=pa.nama if pa is not None else UNSIGNED,
        nip=(pa.nip or None) if pa is not None else None,
        keterangan="Setuju dibayar, Kuasa Pengguna Anggaran" if kpa else "Setuju dibayar, Pengguna Anggaran",
    )
    bd_signer = Signer(
        jabatan="Bendahara Pengeluaran", nama=bd.nama if bd is not None else UNSIGNED,
        nip=(bd.nip or None) if bd is not None else None, keterangan="Lunas dibayar,",
    )
    return pa_signer, bd_signer


def kwitansi_doc(uow: UnitOfWork, item_id: int, kop: KopSurat | None) -> KwitansiDoc:
    """The kwitansi of an item: amount in PUEBI figures and terbilang, the PA/KPA and bendahara
    blocks with NIP, the payee's block (with a meterai box and its value when the bea meterai rule in
    force on the kwitansi's date asks for one: ``rules.meterai_for``), its QR."""
    it = service.item(uow, item_id)
    meterai = rules.meterai_for(uow.session, int(it.jumlah), it.tanggal)
    pa, bd = signers(uow)
    untuk = it.uraian
    if it.rekening_kode:
        untuk += f" (Rek. {it.rekening_kode} {it.rekening_nama})".rstrip()
    nomor = it.nomor or f"Konsep #{it.id}"
    return KwitansiDoc(
        nomor=nomor, jumlah=int(it.jumlah),
        dari=f"Bendahara Pengeluaran {kop.nama_kantor.title()}" if kop is not None and kop.nama_kantor
        else "Bendahara Pengeluaran",
        penerima=it.penerima_nama or it.supplier_nama or UNSIGNED, untuk=untuk, tanggal=it.tanggal, kop=kop,
        tahun_anggaran=str(it.tahun), kode_rekening=f"{it.sub_kegiatan_kode} / {it.rekening_kode}".strip(" /"),
        penerima_nip=it.penerima_nip or None, signers=(pa, bd),
        meterai=meterai is not None, meterai_tarif=meterai.tarif if meterai is not None else None,
        record_ref=recordref.encode(KWITANSI, it.id),
    )


def cover_doc(uow: UnitOfWork, item_id: int, kop: KopSurat | None, printed_on: dt.date | None = None) -> CoverSheet:
    """The checklist cover sheet: the item, its evidence list with each state, and the big QR."""
    it = service.item(uow, item_id)
    c = it.kelengkapan
    lines = []
    for b in sorted(it.bukti, key=lambda b: b.urutan):
        notes = [x for x in (b.alasan, f"tenggat {b.tenggat:%d-%m-%Y}" if b.tenggat and b.status != "lengkap" else "",
                             b.penerbit_nama) if x]
        lines.append(ChecklistLine(b.nama, b.status_label, b.status in ("lengkap", "tidak_berlaku"), b.wajib,
                                   "; ".join(notes)))
    penerima = it.penerima_nama or it.supplier_nama
    return CoverSheet(
        title="Lembar sampul bukti SPJ", subtitle=f"Tahun Anggaran {it.tahun}",
        record_ref=recordref.encode(SAMPUL, it.id),
        fields=(
            ("Nomor", it.nomor or f"(belum bernomor, item #{it.id})"),
            ("Tanggal", tanggal_panjang(it.tanggal)),
            ("Sub kegiatan", f"{it.sub_kegiatan_kode} {it.sub_kegiatan_nama}".strip()),
            ("Rekening", f"{it.rekening_kode} {it.rekening_nama}".strip()),
            ("Uraian", it.uraian),
            ("Penerima", penerima),
            ("No. NPD / TBP", " / ".join(x for x in (it.no_npd, it.no_tbp) if x) or "-"),
            ("Kelengkapan", f"{c.terpenuhi} dari {c.wajib} dokumen wajib ({c.persen}%)"),
        ),
        jumlah=int(it.jumlah), checklist=tuple(lines), kop=kop, dicetak=printed_on,
        instruksi=(
            "Letakkan lembar sampul ini paling atas, bukti-bukti di belakangnya, lalu pindai sekaligus ke folder pindai.",
            "Susun bukti menurut urutan daftar di atas, mulai dari dokumen pertama yang belum ada: setiap halaman "
            "diarsipkan sebagai satu bukti dan dipasangkan ke dokumen yang belum ada berikutnya. Bukti yang lebih dari "
            "satu halaman dipisahkan dengan LEMBAR PEMISAH.",
        ),
    )


def _period_items(uow: UnitOfWork, start: dt.date, end: dt.date) -> list[SpjItem]:
    return list(uow.session.execute(
        select(SpjItem).where(SpjItem.tanggal >= start, SpjItem.tanggal <= end).order_by(SpjItem.tanggal, SpjItem.id)
    ).scalars())


def _nomor(it: SpjItem) -> str:
    return it.nomor or f"(konsep #{it.id})"


def bku_entries(uow: UnitOfWork, start: dt.date, end: dt.date) -> list[BkuEntry]:
    """Each payment of the period as a pengeluaran; each tax withheld on it a penerimaan on the
    payment date; each deposit in the period a pengeluaran on its deposit date."""
    out: list[BkuEntry] = []
    for it in _period_items(uow, start, end):
        out.append(BkuEntry(it.tanggal, _nomor(it), it.uraian, _rekening(uow, it), pengeluaran=Decimal(it.jumlah)))
    taxes = uow.session.execute(select(SpjPajak, SpjItem).join(SpjItem, SpjItem.id == SpjPajak.item_id)).all()
    for p, it in taxes:
        label = JENIS_PAJAK_LABEL.get(p.jenis, p.jenis)
        if p.jumlah and start <= it.tanggal <= end:
            out.append(BkuEntry(it.tanggal, _nomor(it), f"Pungutan/potongan {label} — {it.uraian}",
                                penerimaan=Decimal(p.jumlah)))
        if p.jumlah and p.disetor and p.tanggal_setor and start <= p.tanggal_setor <= end:
            ntpn = f" (NTPN {p.ntpn})" if p.ntpn else ""
            out.append(BkuEntry(p.tanggal_setor, _nomor(it), f"Setor {label}{ntpn} — {it.uraian}",
                                pengeluaran=Decimal(p.jumlah)))
    return out


def _rekening(uow: UnitOfWork, it: SpjItem) -> str:
    from tatausaha.models.spj import SpjRekening

    r = uow.session.get(SpjRekening, it.rekening_id)
    return r.kode if r is not None else ""


def tax_entries(uow: UnitOfWork, start: dt.date, end: dt.date) -> list[TaxEntry]:
    """Every tax on the payments of the period, with what of it has been paid in."""
    out: list[TaxEntry] = []
    rows = uow.session.execute(
        select(SpjPajak, SpjItem).join(SpjItem, SpjItem.id == SpjPajak.item_id)
        .where(SpjItem.tanggal >= start, SpjItem.tanggal <= end).order_by(SpjItem.tanggal, SpjItem.id, SpjPajak.id)
    ).all()
    for p, it in rows:
        if not p.jumlah:
            continue
        out.append(TaxEntry(
            tanggal=it.tanggal, nomor_bukti=_nomor(it), uraian=it.uraian, jenis_pajak=JENIS_PAJAK_LABEL.get(p.jenis, p.jenis),
            dasar=Decimal(p.dasar), dipungut=Decimal(p.jumlah), disetor=Decimal(p.jumlah) if p.disetor else Decimal(0),
            tanggal_setor=p.tanggal_setor, ntpn=p.ntpn or "", penerima=it.penerima_nama or "",
        ))
    return out


def budget_year_of(uow: UnitOfWork, tahun: int) -> int | None:
    return uow.session.execute(select(SpjTahun.id).where(SpjTahun.tahun == tahun)).scalar_one_or_none()
