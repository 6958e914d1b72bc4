"""``tatausaha staff import|export|report|kgb``: the spreadsheet and paper side of the staff area
(added to ``tatausaha staff`` by :mod:`tatausaha.cli.staff`). The same commands as the window."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from tatausaha.cli import emit


def add_commands(ls: Any) -> None:
    im = ls.add_parser("import", help="impor pegawai dari Excel (.xlsx) atau CSV (uji dulu dengan --dry-run)")
    im.add_argument("file", type=Path)
    im.add_argument("--dry-run", action="store_true", help="periksa saja (semua pemeriksaan impor), jangan simpan")
    im.add_argument("--map", action="append", default=[], metavar="JUDUL=BIDANG",
                    help='judul kolom berkas ini → bidang, diingat untuk berkas berikutnya; kolom kedua berjudul '
                         'sama: "TMT#2=tmt_jabatan" (boleh berulang)')
    im.add_argument("--fix", action="append", default=[], metavar="BIDANG:NILAI=BENAR",
                    help='koreksi nilai, diingat: "gol_ruang_akhir:3A=III/a" (boleh berulang)')
    im.set_defaults(handler=cmd_import)

    ex = ls.add_parser("export", help="ekspor pegawai ke Excel/CSV dengan kolom yang sama dengan impor")
    ex.add_argument("file", type=Path)
    ex.add_argument("--semua", action="store_true", help="termasuk yang sudah keluar")
    ex.set_defaults(handler=cmd_export)

    rp = ls.add_parser("report", help="laporan di kop surat: duk, nominatif, jatuh_tempo (.pdf, .xlsx atau .csv)")
    rp.add_argument("laporan", choices=["duk", "nominatif", "jatuh_tempo"])
    rp.add_argument("file", type=Path)
    rp.set_defaults(handler=cmd_report)

    kg = ls.add_parser("kgb", help="buat konsep surat pengantar KGB (surat keluar) untuk pegawai ini (ID atau NIP)")
    kg.add_argument("pegawai", nargs="+")
    kg.set_defaults(handler=cmd_kgb)


def cmd_import(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.staff import importer

    fix = importer.corrections_from_args(args.map, args.fix) if (args.map or args.fix) else None
    rep = importer.run_import(ctx.db, ctx.actor, args.file, dry_run=args.dry_run, corrections=fix).value
    lines = [rep.summary()] + [f"  - {p}" for p in rep.problems]
    if rep.unmapped:
        lines.append(f"Kolom tidak dipakai: {', '.join(rep.unmapped)}")
    lines += [f"  ! {w}" for w in rep.warnings]
    emit(ctx, rep.as_dict(), "\n".join(lines))
    return 0 if rep.ok else 1


def cmd_export(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.services.uow import perform
    from tatausaha.staff import importer

    n = perform(ctx.db, ctx.actor, lambda uow: importer.export_file(uow, args.file, include_inactive=args.semua)).value
    emit(ctx, {"file": str(args.file), "pegawai": n}, f"{n} pegawai diekspor ke {args.file}")
    return 0


def cmd_report(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.errors import ValidationFailed
    from tatausaha.fileio import atomic_write_bytes
    from tatausaha.services.uow import perform
    from tatausaha.staff import reports

    suffix = args.file.suffix.lower()
    if suffix == ".pdf":
        with ctx.reader() as uow:
            pdf = reports.pdf(uow, ctx.store, args.laporan)
        atomic_write_bytes(args.file, pdf)
    elif suffix in (".xlsx", ".csv"):
        perform(ctx.db, ctx.actor, lambda uow: reports.export(uow, args.laporan, args.file))
    else:
        raise ValidationFailed("Nama berkas laporan harus berakhiran .pdf, .xlsx atau .csv.")
    emit(ctx, {"laporan": args.laporan, "file": str(args.file)}, f"{reports.TITLES[args.laporan]}: {args.file}")
    return 0


def cmd_kgb(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.errors import NotFound
    from tatausaha.services.uow import perform
    from tatausaha.staff import kgb_letter, service

    ids = []
    with ctx.reader() as uow:
        for ref in args.pegawai:
            eid = int(ref) if ref.isdigit() and len(ref) < 10 else service.find_by_nip(uow, ref)
            if eid is None:
                raise NotFound(f"Pegawai '{ref}' tidak ditemukan (ID angka atau NIP 18 angka).")
            ids.append(eid)
    saved = perform(ctx.db, ctx.actor, lambda uow: kgb_letter.draft(uow, ids)).value
    emit(ctx, {"surat_keluar": saved.id}, f"Konsep surat pengantar KGB dibuat: surat keluar K-{saved.id} "
                                          "(ajukan, tandatangani dan beri nomor lewat 'tatausaha letters').")
    return 0
