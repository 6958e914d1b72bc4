"""``tatausaha staff``: list employees, show one (personal data only for who may see it; each opening
audited), the due dates (KP, KGB, pensiun, kontrak) and the DUK. ``--json`` for machines."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from tatausaha.cli import emit
from tatausaha.errors import NotFound, ValidationFailed


def register(sub: Any) -> None:
    p = sub.add_parser("staff", help="kepegawaian: daftar pegawai, berkas, jatuh tempo KP/KGB/pensiun, DUK")
    ls = p.add_subparsers(dest="staff_command", metavar="PERINTAH", required=True)

    li = ls.add_parser("list", help="daftar pegawai")
    li.add_argument("--cari", default="", help="nama (atau NIP, bagi yang berhak melihat data pribadi)")
    li.add_argument("--status", choices=["pns", "cpns", "pppk", "pppk_paruh_waktu", "non_asn"])
    li.add_argument("--semua", action="store_true", help="termasuk yang sudah pensiun/pindah/berhenti")
    li.set_defaults(handler=cmd_list)

    sh = ls.add_parser("show", help="berkas satu pegawai dengan riwayatnya (ID angka atau NIP)")
    sh.add_argument("id")
    sh.set_defaults(handler=cmd_show)

    du = ls.add_parser("due", help="jatuh tempo: KP, KGB, pensiun, kontrak PPPK/non-ASN")
    du.add_argument("--hari", type=int, default=None, help="hanya yang jatuh tempo dalam N hari (default: semua)")
    du.add_argument("--jenis", action="append", choices=["kp", "kgb", "pensiun_proses", "bup", "kontrak_usul",
                                                          "kontrak_akhir"], help="boleh berulang")
    du.add_argument("--tanggal", help="hitung per tanggal ini (default: hari ini), mis. 01-01-2027")
    du.set_defaults(handler=cmd_due)

    dk = ls.add_parser("duk", help="Daftar Urut Kepangkatan (PNS aktif)")
    dk.add_argument("--tanggal", help="masa kerja per tanggal ini (default: hari ini)")
    dk.set_defaults(handler=cmd_duk)

    at = ls.add_parser("aturan", help="aturan kepegawaian bertanggal (periode KP, KGB, BUP, kontrak, H-60, cuti)")
    at.add_argument("--tanggal", help="tandai aturan yang berlaku pada tanggal ini (default: hari ini)")
    at.set_defaults(handler=cmd_rules)
    ad = ls.add_parser("aturan-tambah", help="tambah aturan bertanggal (admin), mis. periode KP baru sejak tanggalnya")
    ad.add_argument("jenis", help="kp_periode | kp_interval | kgb_interval | bup | pensiun_proses | kontrak_usul | "
                                  "peringatan | cuti_tahunan")
    ad.add_argument("nilai", help="angka, atau daftar bulan untuk kp_periode (mis. 4,10)")
    ad.add_argument("--mulai", required=True, help="berlaku mulai tanggal, mis. 01-01-2027")
    ad.add_argument("--sampai", help="berlaku sampai tanggal (kosong: seterusnya)")
    ad.add_argument("--kunci", default="", help="untuk bup: administrasi | jpt | ahli_pertama | … ; kontrak_usul: pppk; "
                                                 "cuti_tahunan: hak | bawa")
    ad.add_argument("--dasar", required=True, help="dasar hukum, mis. 'Peraturan BKN 4/2025'")
    ad.set_defaults(handler=cmd_rule_add)

    ft = ls.add_parser("foto", help="pasang pasfoto pegawai (JPG/PNG)")
    ft.add_argument("id")
    ft.add_argument("file", type=Path)
    ft.set_defaults(handler=cmd_photo)

    from tatausaha.cli.staff_files import add_commands  # import, export, report, kgb (the staffui side)

    add_commands(ls)


def _date(text: str | None) -> dt.date | None:
    from tatausaha.idparse import parse_tanggal

    if not text:
        return None
    try:
        return parse_tanggal(text)
    except ValueError as exc:
        raise ValidationFailed(f"Tanggal {exc}.") from exc


def _iso(v: Any) -> Any:
    return v.isoformat() if isinstance(v, dt.date) else v


def cmd_list(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.staff import service

    with ctx.reader() as uow:
        rows = service.list_employees(uow, query=args.cari, status=args.status, include_inactive=args.semua)
    data = [{"id": r.id, "nip": r.nip, "nama": r.nama_lengkap, "status": r.status_pegawai, "golongan": r.golongan,
             "pangkat": r.pangkat, "jabatan": r.jabatan_nama, "unit": r.unor_nama, "kedudukan": r.kedudukan}
            for r in rows]
    lines = [f"{r.id:>4}  {r.nip:<22} {r.nama_lengkap[:38]:<38} {r.status_label:<17} {r.golongan:<6} "
             f"{r.jabatan_nama[:40]}" for r in rows]
    emit(ctx, data, "\n".join(lines) if lines else "Belum ada pegawai.")
    return 0


def _employee_id(uow: Any, ref: str) -> int:
    from tatausaha.staff import access, service

    digits = "".join(ch for ch in ref if ch.isdigit())
    if len(digits) == 18:
        access.require_personal(uow)  # finding by NIP is reading personal data
        found = service.find_by_nip(uow, digits)
        if found is None:
            raise NotFound(f"Tidak ada pegawai dengan NIP {ref}.")
        return found
    try:
        return int(ref)
    except ValueError:
        raise ValidationFailed(f"'{ref}' bukan ID pegawai atau NIP 18 angka.") from None


def cmd_show(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.services.uow import perform
    from tatausaha.staff import access, due, service

    with ctx.reader() as uow:
        eid = _employee_id(uow, args.id)
        personal = access.may_see_personal(uow)
    if personal:  # opening the personal file: recorded in the audit trail
        detail = perform(ctx.db, ctx.actor, lambda uow: service.get_employee(uow, eid, personal=True)).value
    else:
        with ctx.reader() as uow:
            detail = service.get_employee(uow, eid)
    with ctx.reader() as uow:
        items = due.due_items(uow, employee_id=eid)
    f = detail.fields
    data = {
        "id": detail.id, "nama": detail.nama_lengkap, "data_pribadi_ditampilkan": detail.personal_shown,
        "pegawai": {k: _iso(v) for k, v in f.items() if k not in ("created_by", "foto_document_id")},
        "golongan_pangkat": detail.golongan_pangkat,
        "masa_kerja_golongan": {"tahun": detail.masa_kerja_golongan[0], "bulan": detail.masa_kerja_golongan[1]},
        "masa_kerja_total": {"tahun": detail.masa_kerja_total[0], "bulan": detail.masa_kerja_total[1]},
        "riwayat": {k: [{c: _iso(v) for c, v in row.items()} for row in rows] for k, rows in detail.riwayat.items()},
        "jatuh_tempo": [{"jenis": i.jenis, "tanggal": i.tanggal.isoformat(), "status": i.status,
                         "keterangan": i.keterangan} for i in items],
    }
    from tatausaha.staff import ident

    lines = [
        f"{detail.nama_lengkap}",
        f"  NIP        : {ident.format_nip(f['nip_baru']) if personal else (f['nip_baru'] or '-')}",
        f"  Status     : {service.STATUS_LABELS[f['status_pegawai']]} ({f['kedudukan']})",
        f"  Golongan   : {detail.golongan_pangkat or '-'}  TMT {f['tmt_gol_akhir'] or '-'}",
        f"  Jabatan    : {f['jabatan_nama'] or '-'}  ({service.JENIS_JABATAN_LABELS.get(f['jenis_jabatan'], '')})",
        f"  Masa kerja : golongan {detail.masa_kerja_golongan[0]} th {detail.masa_kerja_golongan[1]} bl; "
        f"seluruhnya {detail.masa_kerja_total[0]} th {detail.masa_kerja_total[1]} bl",
    ]
    if personal:
        lines += [f"  Lahir      : {f['tempat_lahir']}, {f['tgl_lahir']:%d-%m-%Y}", f"  NIK        : {f['nik'] or '-'}",
                  f"  NPWP       : {f['no_npwp'] or '-'}",
                  f"  Rekening   : {f['bank_nama']} {f['bank_rekening']} a.n. {f['bank_atas_nama']}".rstrip()]
    else:
        lines.append("  (data pribadi disembunyikan: Anda tidak berhak melihatnya)")
    for kind, rows in detail.riwayat.items():
        if rows:
            lines.append(f"  {service.RIWAYAT[kind][1]}: {len(rows)} entri")
    for i in items:
        lines.append(f"  Jatuh tempo: {i.jenis_label} {i.tanggal:%d-%m-%Y} ({i.status_label}) — {i.keterangan}")
    emit(ctx, data, "\n".join(lines))
    return 0


def cmd_due(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.staff import due

    on = _date(args.tanggal)
    with ctx.reader() as uow:
        items = due.due_items(uow, on=on, within_days=args.hari, jenis=args.jenis)
    data = [{"pegawai_id": i.employee_id, "nama": i.nama, "nip": i.nip, "jenis": i.jenis, "tanggal": i.tanggal.isoformat(),
             "peringatan_mulai": i.peringatan_mulai.isoformat(), "status": i.status, "keterangan": i.keterangan,
             "dasar": i.dasar} for i in items]
    lines = [f"{i.tanggal:%d-%m-%Y}  {i.status_label:<9} {i.jenis_label:<32} {i.nama[:40]:<40} {i.keterangan}"
             for i in items]
    emit(ctx, data, "\n".join(lines) if lines else "Tidak ada yang jatuh tempo.")
    return 0


def cmd_duk(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.staff import duk

    with ctx.reader() as uow:
        rows = duk.duk(uow, on=_date(args.tanggal))
    data = [{"nomor": r.nomor, "pegawai_id": r.employee_id, "nama": r.nama, "nip": r.nip, "golongan": r.golongan,
             "pangkat": r.pangkat, "tmt_golongan": _iso(r.tmt_golongan), "jabatan": r.jabatan,
             "tmt_jabatan": _iso(r.tmt_jabatan), "masa_kerja": {"tahun": r.masa_kerja[0], "bulan": r.masa_kerja[1]},
             "latihan_jabatan": r.latihan, "pendidikan": r.pendidikan, "tahun_lulus": r.tahun_lulus,
             "tgl_lahir": _iso(r.tgl_lahir), "penentu_urutan": r.penentu} for r in rows]
    lines = [f"{r.nomor:>3}. {r.nama[:38]:<38} {r.golongan:<6} {r.jabatan[:34]:<34} MK {r.masa_kerja[0]:>2}/{r.masa_kerja[1]:<2}"
             f" {('(' + r.penentu + ')') if r.penentu else ''}" for r in rows]
    emit(ctx, data, "\n".join(lines) if lines else "Belum ada PNS aktif.")
    return 0


def cmd_rules(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha import clock
    from tatausaha.staff import rules

    on = _date(args.tanggal) or clock.today()
    with ctx.reader() as uow:
        all_rules = rules.list_rules(uow)
        rs = rules.load(uow)
    in_force = {(r.jenis, r.kunci): rs.rule(r.jenis, on, r.kunci) for r in all_rules
                if any(x.in_force(on) for x in all_rules if (x.jenis, x.kunci) == (r.jenis, r.kunci))}
    data = [{"jenis": r.jenis, "kunci": r.kunci, "nilai": r.nilai, "berlaku_mulai": r.berlaku_mulai.isoformat(),
             "berlaku_sampai": _iso(r.berlaku_sampai), "dasar_hukum": r.dasar_hukum,
             "sumber": "kantor" if r.office else "bawaan", "berlaku_pada_tanggal": in_force.get((r.jenis, r.kunci)) == r}
            for r in all_rules]
    lines = [f"{'*' if d['berlaku_pada_tanggal'] else ' '} {r.jenis:<15} {r.kunci:<13} {str(r.nilai):<28} "
             f"{r.berlaku_mulai:%d-%m-%Y} s.d. {(f'{r.berlaku_sampai:%d-%m-%Y}' if r.berlaku_sampai else 'seterusnya'):<11} "
             f"{'kantor' if r.office else 'bawaan'}  {r.dasar_hukum}" for r, d in zip(all_rules, data, strict=True)]
    lines.append(f"(* = berlaku pada {on:%d-%m-%Y})")
    emit(ctx, data, "\n".join(lines))
    return 0


def cmd_rule_add(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.services.uow import perform
    from tatausaha.staff import rules

    start = _date(args.mulai)
    if start is None:
        raise ValidationFailed("Tanggal mulai berlaku wajib diisi.")
    text = args.nilai.strip()
    try:
        nilai: Any = [int(x) for x in text.split(",") if x.strip()] if args.jenis == "kp_periode" else int(text)
    except ValueError:
        raise ValidationFailed(f"Nilai '{text}' harus angka (kp_periode: daftar bulan dipisah koma).") from None
    rid = perform(ctx.db, ctx.actor, lambda uow: rules.add_rule(
        uow, args.jenis, nilai, start, kunci=args.kunci, berlaku_sampai=_date(args.sampai), dasar_hukum=args.dasar)).value
    emit(ctx, {"id": rid}, f"Aturan {args.jenis} {args.kunci} = {nilai} berlaku mulai {start:%d-%m-%Y} disimpan.")
    return 0


def cmd_photo(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.services.uow import perform
    from tatausaha.staff import service

    with ctx.reader() as uow:
        eid = _employee_id(uow, args.id)
    saved = perform(ctx.db, ctx.actor, lambda uow: service.set_foto(uow, ctx.store, eid, args.file)).value
    emit(ctx, {"id": saved.id}, f"Foto pegawai #{saved.id} dipasang.")
    return 0
