"""``tatausaha spj``: import the budget or items, list and show SPJ items, completeness per
sub-kegiatan / month, close an item (a pimpinan may close an incomplete one with a reason)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from tatausaha.errors import NotFound, ValidationFailed


def _json_flag(p: Any) -> None:
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="keluaran data sebagai JSON")


def register(sub: Any) -> None:
    p = sub.add_parser("spj", help="SPJ: anggaran, item pembayaran, kelengkapan bukti, pajak")
    ss = p.add_subparsers(dest="spj_command", metavar="PERINTAH", required=True)

    i = ss.add_parser("import", help="impor anggaran (DPA) atau item SPJ dari Excel (.xlsx) atau CSV")
    i.add_argument("file", type=Path)
    i.add_argument("--jenis", choices=["anggaran", "item"], help="isi berkas (default: ditebak dari kolomnya)")
    i.add_argument("--tahun", type=int, help="tahun anggaran bila berkas tidak punya kolom Tahun")
    i.add_argument("--dry-run", action="store_true", help="periksa saja, jangan simpan")
    _json_flag(i)
    i.set_defaults(handler=cmd_import)

    li = ss.add_parser("list", help="daftar item SPJ dengan kelengkapannya")
    li.add_argument("--tahun", type=int)
    li.add_argument("--status", choices=["draft", "siap", "ditutup"])
    li.add_argument("--sub", metavar="KODE", help="kode sub kegiatan")
    li.add_argument("--jenis", help="jenis belanja (barang, jasa, honorarium, …)")
    li.add_argument("--bulan", type=int, choices=range(1, 13), metavar="1-12")
    li.add_argument("--cari", default="", help="teks di uraian, penerima, penyedia, nomor, kode")
    li.add_argument("--min", type=int, help="jumlah paling sedikit (rupiah)")
    li.add_argument("--max", type=int, help="jumlah paling banyak (rupiah)")
    li.add_argument("--belum-lengkap", action="store_true", help="hanya yang dokumen wajibnya belum lengkap")
    li.add_argument("--limit", type=int, default=2000)
    _json_flag(li)
    li.set_defaults(handler=cmd_list)

    sh = ss.add_parser("show", help="satu item SPJ: anggaran, penerima, bukti, pajak (ID, nomor SPJ atau TBP)")
    sh.add_argument("id")
    _json_flag(sh)
    sh.set_defaults(handler=cmd_show)

    st = ss.add_parser("status", help="kelengkapan per sub kegiatan dan per bulan")
    st.add_argument("--tahun", type=int, help="tahun anggaran (default: yang terbaru)")
    st.add_argument("--per", choices=["sub", "bulan", "semua"], default="semua")
    _json_flag(st)
    st.set_defaults(handler=cmd_status)

    at = ss.add_parser("aturan", help="aturan kelengkapan bukti, pajak dan bea meterai yang berlaku pada suatu tanggal")
    at.add_argument("--tanggal", help="tanggal berlaku (default: hari ini), mis. 01-01-2025")
    at.add_argument("--jenis", help="hanya jenis belanja ini (aturan kelengkapan)")
    _json_flag(at)
    at.set_defaults(handler=cmd_rules)

    cl = ss.add_parser("close", help="tutup item SPJ (memberi nomor bila belum); pimpinan boleh menutup yang belum "
                                     "lengkap dengan --alasan")
    cl.add_argument("id")
    cl.add_argument("--alasan", default="", help="alasan menutup walau dokumen wajib belum lengkap (pimpinan)")
    _json_flag(cl)
    cl.set_defaults(handler=cmd_close)


def _rp(amount: int) -> str:
    return "Rp" + f"{amount:,}".replace(",", ".")


def _item_id(uow: Any, text: str) -> int:
    from tatausaha.spj import service

    t = text.strip().lstrip("#")
    if t.isdigit():
        return int(t)
    found = service.find_by_number(uow, t)
    if not found:
        raise NotFound(f"Item SPJ '{text}' tidak ditemukan (pakai ID, nomor SPJ, nomor TBP atau NPD).")
    return found[0]


def _completeness(k: Any) -> dict[str, Any]:
    return {"wajib": k.wajib, "terpenuhi": k.terpenuhi, "persen": k.persen, "lengkap": k.lengkap,
            "tingkat": k.tingkat, "kurang": list(k.kurang), "perlu_perbaikan": k.perlu_perbaikan,
            "lewat_tenggat": k.lewat_tenggat}


def cmd_import(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.cli import emit
    from tatausaha.spj import importer

    report = importer.run_import(ctx.db, ctx.actor, args.file, jenis=args.jenis, tahun=args.tahun,
                                 dry_run=args.dry_run).value
    data = {"file": report.file, "baris": report.rows, "valid": report.valid, "diimpor": report.imported,
            "uji_coba": report.dry_run, "pemetaan": report.mapping, "kolom_tidak_dipakai": report.unmapped,
            "masalah": [{"baris": p.row, "kolom": p.column, "pesan": p.message} for p in report.problems]}
    if report.problems:
        head = (f"{report.file}: {len(report.bad_rows)} dari {report.rows} baris bermasalah; "
                "tidak ada yang diimpor.")
    elif report.dry_run:
        head = f"{report.file}: {report.rows} baris baik (uji coba, belum disimpan)."
    else:
        head = f"{report.file}: {report.imported} baris diimpor."
    lines = [head, *(f"  - {p}" for p in report.problems)]
    if report.unmapped:
        lines.append(f"Kolom tidak dipakai: {', '.join(report.unmapped)}")
    emit(ctx, data, "\n".join(lines))
    return 0 if report.ok else 1


def _summary_dict(r: Any) -> dict[str, Any]:
    return {"id": r.id, "tahun": r.tahun, "tanggal": r.tanggal, "nomor": r.nomor, "status": r.status, "versi": r.versi,
            "sub_kegiatan": r.sub_kegiatan_kode, "rekening": r.rekening_kode, "jenis_belanja": r.jenis_belanja,
            "uraian": r.uraian, "jumlah": r.jumlah, "penerima_jenis": r.penerima_jenis, "penerima": r.penerima_nama,
            "penyedia": r.supplier_nama, "no_npd": r.no_npd, "no_tbp": r.no_tbp,
            "kelengkapan": _completeness(r.kelengkapan)}


def cmd_list(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.cli import emit
    from tatausaha.spj import service

    flt = service.ItemFilter(tahun=args.tahun, status=args.status, sub_kegiatan_kode=args.sub,
                             jenis_belanja=args.jenis, bulan=args.bulan, teks=args.cari, jumlah_min=args.min,
                             jumlah_max=args.max, kelengkapan="belum" if args.belum_lengkap else None, limit=args.limit)
    with ctx.reader() as uow:
        rows = service.list_items(uow, flt)
    lines = [f"#{r.id:<5} {r.tanggal:%d-%m-%Y} {r.nomor or '(konsep)':<15} {r.status:<8} "
             f"{_rp(r.jumlah):>16} {r.kelengkapan.terpenuhi:>2}/{r.kelengkapan.wajib:<2} "
             f"{r.sub_kegiatan_kode:<18} {r.uraian[:50]}" for r in rows]
    emit(ctx, [_summary_dict(r) for r in rows], "\n".join(lines) if lines else "Belum ada item SPJ.")
    return 0


def cmd_show(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.cli import emit
    from tatausaha.spj import service

    with ctx.reader() as uow:
        v = service.item(uow, _item_id(uow, args.id))
    data = _summary_dict(v) | {
        "program": [v.program_kode, v.program_nama], "kegiatan": [v.kegiatan_kode, v.kegiatan_nama],
        "sub_kegiatan_nama": v.sub_kegiatan_nama, "rekening_nama": v.rekening_nama, "pegawai_id": v.pegawai_id,
        "supplier_id": v.supplier_id, "penerima_nip": v.penerima_nip, "penerima_nik": v.penerima_nik,
        "penerima_npwp": v.penerima_npwp, "penerima_golongan": v.penerima_golongan, "metode_bayar": v.metode_bayar,
        "bank": [v.bank_nama, v.bank_rekening], "kegiatan_selesai": v.kegiatan_selesai, "alasan_override": v.override_alasan,
        "bukti": [{"id": b.id, "dokumen": b.dokumen, "nama": b.nama, "wajib": b.wajib, "status": b.status,
                   "alasan": b.alasan, "diterbitkan_oleh": b.diterbitkan_oleh, "penerbit": b.penerbit_nama,
                   "tenggat": b.tenggat, "berkas": list(b.document_ids)} for b in v.bukti],
        "pajak": [{"jenis": p.jenis, "dasar": p.dasar, "tarif_ppm": p.tarif_ppm, "jumlah_hitung": p.jumlah_hitung,
                   "jumlah": p.jumlah, "alasan_ubah": p.alasan_ubah, "disetor": p.disetor, "ntpn": p.ntpn}
                  for p in v.pajak],
        "pelaksana": [{"nama": t.nama, "nip": t.nip, "surat_tugas": t.surat_tugas_nomor, "surat_tugas_id": t.surat_tugas_id,
                       "spd": t.spd_nomor} for t in v.pelaksana],
        "dibayar_bersih": v.dibayar_bersih,
    }
    k = v.kelengkapan
    lines = [
        f"Item SPJ #{v.id} {v.nomor or '(konsep)'} — {service.STATUS_ITEM_LABEL[v.status]}, versi {v.versi}",
        f"Tanggal     : {v.tanggal:%d-%m-%Y}",
        f"Sub kegiatan: {v.sub_kegiatan_kode} {v.sub_kegiatan_nama}",
        f"Rekening    : {v.rekening_kode} {v.rekening_nama}",
        f"Uraian      : {v.uraian} ({v.jenis_belanja})",
        f"Jumlah      : {_rp(v.jumlah)}; pajak {_rp(v.pajak_total)}; dibayar {_rp(v.dibayar_bersih)}",
        f"Penerima    : {v.penerima_nama} ({v.penerima_jenis})" + (f", {v.supplier.nama}" if v.supplier else ""),
        f"SIPD        : NPD {v.no_npd or '-'}, TBP {v.no_tbp or '-'}",
        f"Kelengkapan : {k.terpenuhi}/{k.wajib} dokumen wajib ({k.persen}%)",
    ]
    if v.override_alasan:
        lines.append(f"Ditutup pimpinan walau belum lengkap: {v.override_alasan}")
    lines.append("Bukti:")
    for b in v.bukti:
        extra = f" — {b.alasan}" if b.alasan else ""
        lines.append(f"  [{b.status_label:<15}] {b.nama}{'' if b.wajib else ' (tidak wajib)'}{extra}")
    if v.pajak:
        lines.append("Pajak:")
        lines += [f"  {p.jenis:<8} {_rp(p.jumlah):>14}" + (f" (ubah: {p.alasan_ubah})" if p.alasan_ubah else "")
                  for p in v.pajak]
    emit(ctx, data, "\n".join(lines))
    return 0


def _rollup_dict(r: Any) -> dict[str, Any]:
    return {"kode": r.key, "nama": r.label, "item": r.items, "lengkap": r.lengkap, "ditutup": r.ditutup,
            "jumlah": r.jumlah, "dokumen_wajib": r.wajib, "terpenuhi": r.terpenuhi, "persen": r.persen,
            "item_belum_lengkap": list(r.kurang_items)}


def cmd_status(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.cli import emit
    from tatausaha.spj import service

    with ctx.reader() as uow:
        years = service.tahun_list(uow)
        tahun = args.tahun or (years[0] if years else None)
        if tahun is None:
            raise ValidationFailed("Belum ada tahun anggaran SPJ. Impor anggaran dulu: tatausaha spj import DPA.xlsx")
        total = service.rollup_total(uow, tahun)
        subs = service.rollup_by_sub_kegiatan(uow, tahun) if args.per in ("sub", "semua") else []
        months = service.rollup_by_month(uow, tahun) if args.per in ("bulan", "semua") else []
    data = {"tahun": tahun, "total": _rollup_dict(total), "sub_kegiatan": [_rollup_dict(r) for r in subs],
            "bulan": [_rollup_dict(r) for r in months]}

    def line(r: Any) -> str:
        return (f"  {r.key:<20} {r.items:>4} item, {r.lengkap:>4} lengkap, {r.ditutup:>4} ditutup, "
                f"{r.persen:>3}% dokumen  {_rp(r.jumlah):>18}  {r.label[:50]}")

    lines = [f"Tahun anggaran {tahun}: {total.items} item, {total.lengkap} lengkap, {total.ditutup} ditutup, "
             f"{total.persen}% dokumen wajib terpenuhi"]
    if subs:
        lines += ["Per sub kegiatan:", *map(line, subs)]
    if months:
        lines += ["Per bulan:", *map(line, months)]
    emit(ctx, data, "\n".join(lines))
    return 0


def cmd_close(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.cli import emit
    from tatausaha.services.uow import perform
    from tatausaha.spj import service

    def close(uow: Any) -> Any:
        return service.close_item(uow, _item_id(uow, args.id), override_alasan=args.alasan)

    v = perform(ctx.db, ctx.actor, close).value
    text = f"Item SPJ #{v.id} {v.nomor} ditutup."
    if v.override_alasan:
        text += f" Dokumen wajib belum lengkap ({', '.join(v.kelengkapan.kurang)}); alasan dicatat: {v.override_alasan}"
    emit(ctx, {"id": v.id, "nomor": v.nomor, "status": v.status, "alasan_override": v.override_alasan,
               "kelengkapan": _completeness(v.kelengkapan)}, text)
    return 0


def cmd_rules(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha import clock
    from tatausaha.cli import emit
    from tatausaha.idparse import parse_tanggal
    from tatausaha.spj import config

    try:
        on = parse_tanggal(args.tanggal) if args.tanggal else clock.today()
    except ValueError as exc:
        raise ValidationFailed(f"Tanggal {exc}.") from exc
    assert on is not None
    with ctx.reader() as uow:
        checklist = config.checklist_rules(uow, args.jenis, on=on)
        taxes = config.tax_rules(uow, on=on)
        meterai = config.meterai_rules(uow, on=on)
    data = {"tanggal": on,
            "kelengkapan": [{"id": r.id, "jenis_belanja": r.jenis_belanja, "batas_bawah": r.batas_bawah,
                             "batas_atas": r.batas_atas, "dokumen": r.dokumen, "nama": r.nama, "wajib": r.wajib,
                             "diterbitkan_oleh": r.diterbitkan_oleh, "tenggat_hari": r.tenggat_hari,
                             "berlaku_mulai": r.berlaku_mulai, "berlaku_sampai": r.berlaku_sampai} for r in checklist],
            "pajak": [{"id": r.id, "jenis_pajak": r.jenis_pajak, "jenis_belanja": r.jenis_belanja,
                       "penerima_jenis": r.penerima_jenis, "golongan": r.golongan, "hanya_pkp": r.hanya_pkp,
                       "batas_bawah": r.batas_bawah, "tarif_ppm": r.tarif_ppm,
                       "dpp": [r.dpp_pembilang, r.dpp_penyebut], "dasar_hukum": r.dasar_hukum,
                       "berlaku_mulai": r.berlaku_mulai, "berlaku_sampai": r.berlaku_sampai} for r in taxes],
            "meterai": [{"id": m.id, "lebih_dari": m.batas_bawah, "sampai_dengan": m.batas_atas, "tarif": m.tarif,
                         "dasar_hukum": m.dasar_hukum, "berlaku_mulai": m.berlaku_mulai,
                         "berlaku_sampai": m.berlaku_sampai} for m in meterai]}
    lines = [f"Aturan yang berlaku pada {on:%d-%m-%Y}", "Pajak:"]
    for r in taxes:
        tarif = f"{r.tarif_ppm / 10_000:g}%".replace(".", ",")
        dpp = f" x DPP {r.dpp_pembilang}/{r.dpp_penyebut}" if r.dpp_penyebut != 1 else ""
        who = ", ".join(x for x in (r.jenis_belanja, r.penerima_jenis, r.golongan and f"gol {r.golongan}",
                                    "PKP" if r.hanya_pkp else "", r.batas_bawah and f"mulai {_rp(r.batas_bawah)}") if x)
        lines.append(f"  {r.jenis_pajak:<8} {tarif:>6}{dpp}  {who}  ({r.dasar_hukum})")
    lines.append("Bea meterai (kwitansi):")
    for m in meterai:
        band = f"lebih dari {_rp(m.batas_bawah)}" + (f" s.d. {_rp(m.batas_atas)}" if m.batas_atas is not None else "")
        lines.append(f"  {_rp(m.tarif):>9}  {band}  ({m.dasar_hukum})")
    if not meterai:
        lines.append("  (tidak ada)")
    lines.append("Kelengkapan:")
    for c in checklist:
        tier = f"{_rp(c.batas_bawah)}–{_rp(c.batas_atas - 1) if c.batas_atas else '…'}"
        lines.append(f"  {c.jenis_belanja:<16} {tier:<28} {'wajib' if c.wajib else 'tidak wajib':<11} {c.nama}")
    emit(ctx, data, "\n".join(lines))
    return 0
