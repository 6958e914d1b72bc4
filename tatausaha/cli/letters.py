"""``tatausaha letters``: import registers, list and show letters, take a number; paraf → tanda tangan of
surat keluar (ajukan, paraf, ttd, kembalikan, menunggu)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from tatausaha.cli import emit
from tatausaha.errors import ValidationFailed


def register(sub: Any) -> None:
    p = sub.add_parser("letters", help="surat masuk, surat keluar, disposisi, nomor surat")
    ls = p.add_subparsers(dest="letters_command", metavar="PERINTAH", required=True)

    i = ls.add_parser("import", help="impor buku agenda dari Excel (.xlsx) atau CSV")
    i.add_argument("file", type=Path)
    i.add_argument("--dry-run", action="store_true", help="periksa saja, jangan simpan")
    i.add_argument("--arah", choices=["masuk", "keluar"], help="agenda surat masuk atau keluar (default: ditebak)")
    i.add_argument("--map", action="append", default=[], metavar="KOLOM=BIDANG",
                   help='pemetaan kolom, mis. --map "Tgl Terima=tanggal_terima" (boleh berulang)')
    i.set_defaults(handler=cmd_import)

    li = ls.add_parser("list", help="daftar surat masuk dan keluar")
    li.add_argument("--year", type=int, help="tahun (default: semua)")
    li.add_argument("--arah", choices=["masuk", "keluar"])
    li.add_argument("--limit", type=int)
    li.set_defaults(handler=cmd_list)

    sh = ls.add_parser("show", help="satu surat dengan disposisi dan lampirannya (ID: M-12 atau K-5)")
    sh.add_argument("id")
    sh.add_argument("--keluar", action="store_true", help="ID angka saja berarti surat keluar")
    sh.set_defaults(handler=cmd_show)

    n = ls.add_parser("number", help="ambil dan cetak satu nomor surat baru dari register")
    n.add_argument("jenis", help="kode jenis naskah (SD, UND, ND, ST, KEP ...)")
    n.add_argument("--tanggal", help="tanggal surat (default: hari ini), mis. 12-08-2026")
    n.add_argument("--kka", help="kode klasifikasi arsip (default: bawaan jenis naskah)")
    n.add_argument("--unit", help="kode unit pengolah (Unit.kode) untuk {subunit}/cakupan per unit")
    n.add_argument("--keamanan", default="biasa", help="biasa | terbatas | rahasia | sangat_rahasia")
    n.set_defaults(handler=cmd_number)

    # paraf → tanda tangan (the same services as the window; the logged-in person acts)
    aj = ls.add_parser("ajukan", help="ajukan konsep surat keluar untuk paraf lalu tanda tangan (ID: K-5)")
    aj.add_argument("id")
    aj.add_argument("--pemaraf", action="append", default=[], metavar="JABATAN",
                    help="pemaraf berurutan: nomor, NIP atau nama jabatan (boleh berulang)")
    aj.set_defaults(handler=cmd_approval, step="ajukan")
    pf = ls.add_parser("paraf", help="paraf konsep yang menunggu paraf Anda (ID: K-5)")
    pf.add_argument("id")
    pf.add_argument("--catatan", default="")
    pf.set_defaults(handler=cmd_approval, step="paraf")
    tt = ls.add_parser("ttd", help="tandatangani konsep yang menunggu tanda tangan Anda (ID: K-5)")
    tt.add_argument("id")
    tt.set_defaults(handler=cmd_approval, step="ttd")
    kb = ls.add_parser("kembalikan", help="kembalikan konsep untuk perbaikan, dengan catatan (ID: K-5)")
    kb.add_argument("id")
    kb.add_argument("--catatan", required=True, help="apa yang harus diperbaiki")
    kb.set_defaults(handler=cmd_approval, step="kembalikan")
    mn = ls.add_parser("menunggu", help="konsep yang menunggu paraf atau tanda tangan Anda")
    mn.set_defaults(handler=cmd_waiting)


def _date(text: str | None) -> dt.date | None:
    from tatausaha.idparse import parse_tanggal

    if not text:
        return None
    try:
        return parse_tanggal(text)
    except ValueError as exc:
        raise ValidationFailed(f"Tanggal {exc}.") from exc


def cmd_import(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.correspondence import importer

    mapping = None
    if args.map:
        mapping = {}
        for m in args.map:
            if "=" not in m:
                raise ValidationFailed(f"Pemetaan '{m}' harus berbentuk KOLOM=BIDANG.")
            col, fld = m.rsplit("=", 1)
            mapping[col.strip()] = fld.strip()
    report = importer.run_import(ctx.db, ctx.actor, args.file, arah=args.arah, mapping=mapping,
                                 dry_run=args.dry_run).value
    data = {
        "file": report.file, "arah": report.arah, "baris": report.rows, "valid": report.valid,
        "diimpor": report.imported, "uji_coba": report.dry_run, "pemetaan": report.mapping,
        "kolom_tidak_dipakai": report.unmapped, "agenda": report.agenda_range,
        "masalah": [{"baris": p.row, "kolom": p.column, "pesan": p.message} for p in report.problems],
    }
    lines = [report.summary()]
    lines += [f"  - {p}" for p in report.problems]
    if report.unmapped:
        lines.append(f"Kolom tidak dipakai: {', '.join(report.unmapped)}")
    emit(ctx, data, "\n".join(lines))
    return 0 if report.ok else 1


def _row_dict(r: Any) -> dict[str, Any]:
    return {
        "id": r.ref, "record_id": r.id, "arah": r.arah, "agenda": r.agenda, "nomor": r.nomor,
        "tanggal": r.tanggal, "tanggal_surat": r.tanggal_surat,
        ("pengirim" if r.arah == "masuk" else "tujuan"): r.pihak, "perihal": r.perihal, "derajat": r.derajat,
        "keamanan": r.keamanan, "kode_klasifikasi": r.kode_klasifikasi, "status": r.status, "kanal": r.kanal,
    }


def cmd_list(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.correspondence import letters

    with ctx.reader() as uow:
        if args.arah == "masuk":
            rows = letters.list_masuk(uow, letters.LetterFilter(tahun=args.year), sort="tanggal", descending=False,
                                      limit=args.limit)
        elif args.arah == "keluar":
            rows = letters.list_keluar(uow, letters.LetterFilter(tahun=args.year), sort="tanggal", descending=False,
                                       limit=args.limit)
        else:
            rows = letters.list_letters(uow, tahun=args.year, limit=args.limit)
    data = [_row_dict(r) for r in rows]
    lines = [
        f"{r.ref:<8} {r.arah:<6} {r.agenda:<10} {r.tanggal:%d-%m-%Y}  {r.nomor[:30]:<30} "
        f"{r.pihak[:30]:<30} {r.perihal[:60]}" if r.tanggal else
        f"{r.ref:<8} {r.arah:<6} {'(konsep)':<10} {'':10}  {'':30} {r.pihak[:30]:<30} {r.perihal[:60]}"
        for r in rows
    ]
    emit(ctx, data, "\n".join(lines) if lines else "Belum ada surat.")
    return 0


def cmd_show(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.correspondence import letters

    arah, rid = letters.parse_ref(args.id, default=letters.KELUAR if args.keluar else letters.MASUK)
    with ctx.reader() as uow:
        d = letters.get_masuk(uow, rid) if arah == letters.MASUK else letters.get_keluar(uow, rid)
    attachments = [{"document_id": a.document_id, "nama": a.original_name, "sha256": a.sha256, "peran": a.role,
                    "versi": a.version, "mime": a.mime, "halaman": a.page_count} for a in d.attachments]
    if isinstance(d, letters.SuratMasukDetail):
        disp = [{"id": n.id, "induk": n.parent_id, "tingkat": n.depth, "dari": n.dari, "kepada": n.kepada,
                 "instruksi": list(n.instruksi), "catatan": n.catatan, "batas_waktu": n.batas_waktu,
                 "status": n.status, "terlambat": n.overdue, "tanggal": n.tanggal, "tindak_lanjut": n.tindak_lanjut}
                for n in d.disposisi]
        data = {
            "id": d.ref, "record_id": d.id, "arah": "masuk", "agenda": d.agenda, "tanggal_terima": d.tanggal_terima,
            "nomor": d.nomor_surat, "tanggal_surat": d.tanggal_surat, "pengirim": d.pengirim, "ditujukan": d.ditujukan,
            "perihal": d.perihal, "ringkasan": d.ringkasan, "derajat": d.derajat, "keamanan": d.keamanan,
            "kode_klasifikasi": d.kode_klasifikasi, "kode_nama": d.kode_nama, "lampiran": d.lampiran,
            "kanal": d.kanal, "srikandi_ref": d.srikandi_ref, "status": d.status, "dicatat_oleh": d.created_by,
            "disposisi": disp, "lampiran_berkas": attachments,
            "balasan": [_row_dict(r) for r in d.replies],
            "riwayat": [{"waktu": t.when, "oleh": t.who, "peristiwa": t.what} for t in d.timeline],
        }
        lines = [
            f"Surat masuk {d.ref} — agenda {d.agenda} — {d.status}",
            f"Diterima   : {d.tanggal_terima:%d-%m-%Y}",
            f"Nomor      : {d.nomor_surat}" + (f" tanggal {d.tanggal_surat:%d-%m-%Y}" if d.tanggal_surat else ""),
            f"Pengirim   : {d.pengirim}",
            f"Perihal    : {d.perihal}",
            f"Sifat      : {d.derajat.replace('_', ' ')}, keamanan {d.keamanan.replace('_', ' ')}",
            f"Klasifikasi: {d.kode_klasifikasi} {d.kode_nama}".rstrip(),
            "Disposisi  :" + ("" if d.disposisi else " (belum)"),
        ]
        for n in d.disposisi:
            late = " TERLAMBAT" if n.overdue else ""
            lines.append(f"  {'  ' * n.depth}#{n.id} {n.dari} → {n.kepada}: {', '.join(n.instruksi)} "
                         f"[{n.status}]" + (f" batas {n.batas_waktu:%d-%m-%Y}" if n.batas_waktu else "") + late)
    else:
        data = {
            "id": d.ref, "record_id": d.id, "arah": "keluar", "jenis": d.jenis_kode, "agenda": d.nomor_agenda,
            "nomor": d.nomor, "tanggal_surat": d.tanggal_surat, "tujuan": d.tujuan, "hal": d.hal, "isi": d.isi,
            "tembusan": list(d.tembusan), "derajat": d.derajat, "keamanan": d.keamanan,
            "kode_klasifikasi": d.kode_klasifikasi, "penandatangan": d.penandatangan, "ttd_prefix": d.ttd_prefix,
            "status": d.status, "tanggal_kirim": d.tanggal_kirim, "membalas": d.reply_to,
            "nomor_register": [{"nomor": n.nomor, "status": n.status, "sumber": n.sumber, "alasan_batal": n.batal_alasan}
                               for n in d.numbers],
            "lampiran_berkas": attachments,
        }
        lines = [
            f"Surat keluar {d.ref} ({d.jenis_nama}) — {d.status}",
            f"Nomor    : {d.nomor or '(belum bernomor)'}" + (f" tanggal {d.tanggal_surat:%d-%m-%Y}" if d.tanggal_surat else ""),
            f"Tujuan   : {d.tujuan.replace(chr(10), '; ')}",
            f"Hal      : {d.hal}",
            f"Penanda tangan: {(d.ttd_prefix + ' ') if d.ttd_prefix else ''}{d.penandatangan}".rstrip(),
        ]
        if d.reply_to:
            lines.append(f"Membalas : {d.reply_to}")
    lines.append("Lampiran   :" + ("" if attachments else " (tidak ada)"))
    lines += [f"  - {a['nama']} ({a['peran']}, {str(a['sha256'])[:12]})" for a in attachments]
    emit(ctx, data, "\n".join(lines))
    return 0


def cmd_number(args: argparse.Namespace, ctx: Any) -> int:
    from sqlalchemy import select

    from tatausaha.correspondence import numbering
    from tatausaha.errors import NotFound
    from tatausaha.models.office import Unit

    with ctx.uow() as uow:
        unit_id = None
        if args.unit:
            unit_id = uow.session.execute(select(Unit.id).where(Unit.kode == args.unit)).scalar()
            if unit_id is None:
                raise NotFound(f"Unit dengan kode '{args.unit}' tidak ada.")
        info = numbering.allocate(uow, args.jenis, tanggal=_date(args.tanggal), kka=args.kka, unit_id=unit_id,
                                  keamanan=args.keamanan)
        uow.commit()
    emit(ctx, {"nomor": info.nomor, "id": info.id, "jenis": info.jenis_kode, "urut": info.urut, "tahun": info.tahun,
               "tanggal": info.tanggal}, info.nomor)
    return 0


def _keluar_id(text: str) -> int:
    from tatausaha.correspondence.letters import KELUAR, parse_ref

    arah, record_id = parse_ref(text, default=KELUAR)
    if arah != KELUAR:
        raise ValidationFailed(f"{text} adalah surat masuk; paraf dan tanda tangan untuk surat keluar (K-5).")
    return record_id


def cmd_approval(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.correspondence import approval
    from tatausaha.services import office

    kid = _keluar_id(args.id)
    with ctx.uow() as uow:
        if args.step == "ajukan":
            approval.submit(uow, kid, [office.find_official(uow, t).id for t in args.pemaraf])
        elif args.step == "paraf":
            approval.paraf(uow, kid, args.catatan)
        elif args.step == "ttd":
            approval.sign(uow, kid)
        else:
            approval.return_for_revision(uow, kid, args.catatan)
        uow.commit()
    with ctx.reader() as uow:
        st = approval.state(uow, kid)
    emit(ctx, {"id": kid, "tahap": st.tahap, "menunggu": st.menunggu},
         f"K-{kid}: {st.label}" + (f" — {st.menunggu}" if st.menunggu else "") + ".")
    return 0


def cmd_waiting(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.correspondence import approval

    with ctx.reader() as uow:
        rows = [("paraf", r) for r in approval.waiting_for_me(uow, "paraf")] + [
            ("ttd", r) for r in approval.waiting_for_me(uow, "ttd")]
    data = [{"id": r.id, "ref": r.ref, "menunggu": what, "hal": r.perihal, "tujuan": r.pihak} for what, r in rows]
    emit(ctx, data, "\n".join(f"{d['ref']:<7} {'paraf' if d['menunggu'] == 'paraf' else 'tanda tangan':<13} {d['hal']}"
                              for d in data) or "Tidak ada konsep yang menunggu paraf atau tanda tangan Anda.")
    return 0

