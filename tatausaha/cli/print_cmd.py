"""``tatausaha print letter|disposition|register|kwitansi|separator … -o FILE.pdf``.

Letters, dispositions and registers come from the correspondence area
(``tatausaha.correspondence.printdata``); kwitansi and lembar pemisah work from options alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import io
import warnings
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from tatausaha import clock, recordref
from tatausaha.cli import emit
from tatausaha.correspondence.area import DISPOSISI, REGISTER, SURAT_KELUAR
from tatausaha.errors import TatausahaError, ValidationFailed
from tatausaha.fileio import atomic_write_bytes
from tatausaha.spj.area import KWITANSI

PAPERS = ("F4", "A4")


def register(sub: Any) -> None:
    p = sub.add_parser("print", help="cetak naskah dinas, lembar disposisi, register, kwitansi ke PDF")
    psub = p.add_subparsers(dest="print_kind", metavar="JENIS", required=True)

    def common(q: argparse.ArgumentParser) -> None:
        q.add_argument("-o", "--output", type=Path, required=True, help="berkas PDF tujuan")

    def paper(q: argparse.ArgumentParser) -> None:
        q.add_argument("--kertas", choices=PAPERS, help="ukuran kertas (bawaan: sesuai templat, F4)")

    def keep(q: argparse.ArgumentParser) -> None:
        q.add_argument("--simpan", action="store_true", help="simpan hasil cetak ke arsip sebagai versi cetak")

    q = psub.add_parser("letter", help="surat keluar / naskah dinas dari basis data")
    q.add_argument("id", type=int, help="id surat keluar")
    common(q)
    paper(q)
    keep(q)
    q.set_defaults(handler=cmd_letter)

    q = psub.add_parser("disposition", help="lembar disposisi (½ F4)")
    q.add_argument("id", type=int, help="id disposisi")
    common(q)
    keep(q)
    q.set_defaults(handler=cmd_disposition)

    q = psub.add_parser("register", help="buku agenda surat masuk / keluar, buku ekspedisi")
    q.add_argument("jenis", choices=["masuk", "keluar", "ekspedisi"])
    q.add_argument("--tahun", type=int, default=None, help="tanpa --tahun: tahun ini")
    q.add_argument("--bulan", type=int, choices=range(1, 13), metavar="1-12", help="tanpa --bulan: setahun")
    common(q)
    paper(q)
    q.set_defaults(handler=cmd_register)

    q = psub.add_parser("kwitansi", help="kwitansi dari opsi (tanpa data surat)")
    q.add_argument("--jumlah", required=True, help="jumlah rupiah, mis. 2950000 atau 2950000,50")
    q.add_argument("--dari", required=True, help="sudah terima dari (pembayar)")
    q.add_argument("--kepada", required=True, help="yang menerima (nama penerima)")
    q.add_argument("--untuk", required=True, help="untuk pembayaran")
    q.add_argument("--nomor", default="", help="nomor kwitansi")
    q.add_argument("--tanggal", help="tanggal (YYYY-MM-DD); bawaan hari ini")
    q.add_argument("--tempat", default="", help="tempat (bawaan: kota pada profil kantor)")
    q.add_argument("--tahun-anggaran", default="")
    q.add_argument("--kode-rekening", default="")
    q.add_argument("--id", type=int, help="id kwitansi/SPJ untuk kode QR (tanpa --id: tanpa QR)")
    q.add_argument("--jenis-rekaman", default=KWITANSI, help="jenis rekaman untuk QR (bawaan kwitansi)")
    q.add_argument("--tanpa-kop", action="store_true", help="tanpa kop surat")
    q.add_argument("--meterai", metavar="TARIF", help="kotak meterai pada tanda tangan penerima dengan nilainya, "
                   "mis. 10000 (kwitansi SPJ memakai aturan bea meterai yang berlaku pada tanggalnya)")
    common(q)
    paper(q)
    keep(q)
    q.set_defaults(handler=cmd_kwitansi)

    q = psub.add_parser("separator", help="lembar pemisah untuk pemindaian berkelompok")
    q.add_argument("--mulai", type=int, default=1, help="nomor lembar pemisah pertama")
    q.add_argument("--banyak", type=int, default=1, help="berapa lembar")
    q.add_argument("--keterangan", action="append", default=[], help="baris keterangan (boleh berulang)")
    q.add_argument("--kertas", choices=PAPERS, default="A4")
    common(q)
    q.set_defaults(handler=cmd_separator, needs_db=False)


# --------------------------------------------------------------------------- helpers


def _printdata(name: str) -> Any:
    try:
        module = importlib.import_module("tatausaha.correspondence.printdata")
    except ModuleNotFoundError as exc:
        if exc.name != "tatausaha.correspondence.printdata":
            raise
        module = None
    fn = getattr(module, name, None)
    if fn is None:
        raise TatausahaError(
            "Pencetakan ini belum tersedia: data cetak surat (tatausaha.correspondence.printdata."
            f"{name}) belum terpasang."
        )
    return fn


def _kop(uow: Any, store: Any) -> Any:
    from tatausaha.services.printed import kop_from_office

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        kop = kop_from_office(uow, store)
    for w in caught:
        emit_warning(str(w.message))
    return kop


def emit_warning(message: str) -> None:
    import sys

    print(f"peringatan: {message}", file=sys.stderr)


def _with_paper(doc: Any, kertas: str | None) -> Any:
    if not kertas:
        return doc
    return replace(doc, page=replace(doc.page, paper=kertas))


def _write(path: Path, data: bytes) -> None:
    atomic_write_bytes(path, data)


def _pages(data: bytes) -> int:
    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def _finish(ctx: Any, args: argparse.Namespace, data: bytes, ref: str | None, kind: str, record_id: int | None) -> int:
    _write(args.output, data)
    result: dict[str, Any] = {"file": str(args.output), "pages": _pages(data), "bytes": len(data), "record_ref": ref}
    if getattr(args, "simpan", False):
        if record_id is None:
            raise ValidationFailed("Hasil cetak tanpa id rekaman tidak dapat disimpan ke arsip (pakai --id).")
        from tatausaha.services.printed import keep_printed_version

        with ctx.uow() as uow:
            kept = keep_printed_version(uow, ctx.store, kind, record_id, data, name=args.output.name)
            uow.commit()
        result["arsip"] = {"document_id": kept.document_id, "versi": kept.version, "baru": kept.new}
    text = f"Dicetak: {args.output} ({result['pages']} halaman)."
    if "arsip" in result:
        text += f" Disimpan ke arsip sebagai versi cetak {result['arsip']['versi']}."
    emit(ctx, result, text)
    return 0


# --------------------------------------------------------------------------- commands


def cmd_letter(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.printing import build_letter, to_bytes

    letter_doc = _printdata("letter_doc")
    with ctx.reader() as uow:
        doc = letter_doc(uow, args.id)
        doc = replace(doc, kop=_kop(uow, ctx.store))
    doc = _with_paper(doc, args.kertas)
    ref = doc.record_ref or recordref.encode(SURAT_KELUAR, args.id)
    doc = replace(doc, record_ref=ref)
    return _finish(ctx, args, to_bytes(build_letter, doc), ref, SURAT_KELUAR, args.id)


def cmd_disposition(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.printing import build_disposition, to_bytes

    disposition_sheet = _printdata("disposition_sheet")
    with ctx.reader() as uow:
        doc = disposition_sheet(uow, args.id)
        doc = replace(doc, kop=_kop(uow, ctx.store))
    ref = doc.record_ref or recordref.encode(DISPOSISI, args.id)
    doc = replace(doc, record_ref=ref)
    return _finish(ctx, args, to_bytes(build_disposition, doc), ref, DISPOSISI, args.id)


def cmd_register(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.printing import build_register, to_bytes

    register_doc = _printdata("register_doc")
    with ctx.reader() as uow:
        doc = register_doc(uow, args.jenis, args.tahun or clock.today().year, args.bulan)
        if doc.kop is None or not (doc.kop.pemerintah or doc.kop.nama_kantor):
            doc = replace(doc, kop=_kop(uow, ctx.store))
    doc = _with_paper(doc, args.kertas)
    return _finish(ctx, args, to_bytes(build_register, doc), doc.record_ref, REGISTER, None)


def parse_jumlah(text: str) -> Decimal:
    """``2950000``, ``2.950.000``, ``2.950.000,50``, ``Rp2.950.000,00`` → Decimal (``tatausaha.idparse``)."""
    from tatausaha.idparse import parse_rupiah

    try:
        return parse_rupiah(text)
    except ValueError as exc:
        raise ValidationFailed(f"Jumlah '{text}' bukan angka rupiah yang sah.", field="jumlah") from exc


def _parse_date(text: str | None) -> dt.date:
    if not text:
        return clock.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ValidationFailed(f"Tanggal '{text}' tidak sah; tulis sebagai TTTT-BB-HH, mis. 2026-04-20.") from exc


def cmd_kwitansi(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.printing import build_kwitansi, to_bytes
    from tatausaha.printing.data import KwitansiDoc

    jumlah = parse_jumlah(args.jumlah)
    kop = None
    if not args.tanpa_kop:
        with ctx.reader() as uow:
            kop = _kop(uow, ctx.store)
    ref = recordref.encode(args.jenis_rekaman, args.id) if args.id is not None else None
    tarif = int(parse_jumlah(args.meterai)) if args.meterai else None
    doc = KwitansiDoc(
        nomor=args.nomor,
        jumlah=jumlah,
        dari=args.dari,
        penerima=args.kepada,
        untuk=args.untuk,
        tempat=args.tempat,
        tanggal=_parse_date(args.tanggal),
        kop=kop,
        tahun_anggaran=args.tahun_anggaran,
        kode_rekening=args.kode_rekening,
        meterai=tarif is not None,
        meterai_tarif=tarif,
        record_ref=ref,
    )
    doc = _with_paper(doc, args.kertas)
    return _finish(ctx, args, to_bytes(build_kwitansi, doc), ref, args.jenis_rekaman, args.id)


def cmd_separator(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.printing.data import SeparatorSheet
    from tatausaha.printing.separator import build_separators

    if args.banyak < 1 or args.banyak > 500:
        raise ValidationFailed("Banyak lembar pemisah harus 1 sampai 500.")
    if args.mulai < 0:
        raise ValidationFailed("Nomor lembar pemisah tidak boleh negatif.")
    page = replace(SeparatorSheet("TU1:sep:0:000000").page, paper=args.kertas)
    sheets = [
        SeparatorSheet(recordref.encode(recordref.SEPARATOR, n), tuple(args.keterangan), page)
        for n in range(args.mulai, args.mulai + args.banyak)
    ]
    buf = io.BytesIO()
    build_separators(sheets, buf)
    return _finish(ctx, args, buf.getvalue(), sheets[0].record_ref, recordref.SEPARATOR, None)
