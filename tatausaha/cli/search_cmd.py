"""Search subcommands: ``tatausaha search "QUERY"`` and ``tatausaha reindex``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from tatausaha.cli import emit
from tatausaha.idformat import angka, durasi


def register(sub: Any) -> None:
    p = sub.add_parser(
        "search", help="cari di seluruh arsip (surat, disposisi, dokumen, pegawai, SPJ)",
        description=(
            'Bahasa kueri: kata (semua harus cocok), "frasa persis", awalan*, OR, -kecuali, '
            "nomor: dari: kepada: perihal: isi: pegawai: kode:800 (beserta turunannya) tahun:2024 "
            "tanggal:2024-01-01..2024-03-31 sifat: keamanan: jenis:masuk|keluar status:"
        ),
    )
    p.add_argument("query", nargs="?", default="", help='kueri, mis. "undangan rapat tahun:2024"')
    p.add_argument("--limit", type=int, default=20, help="jumlah hasil per halaman (maks. 500)")
    p.add_argument("--offset", type=int, default=0, help="lewati sekian hasil pertama")
    p.add_argument("--order", choices=["relevance", "date"], default="relevance", help="urutan: relevansi atau tanggal")
    p.add_argument("--facets", action="store_true", help="tampilkan juga jumlah per jenis, tahun, kode, sifat")
    p.add_argument("--exact", action="store_true", help="hitung total persis walau lebih dari 10.000 hasil (lebih lambat)")
    p.add_argument("--export", type=Path, metavar="BERKAS", help="ekspor semua hasil ke .csv atau .xlsx")
    p.set_defaults(handler=cmd_search)

    p = sub.add_parser("reindex", help="bangun ulang indeks pencarian dari semua data (dengan kemajuan)")
    p.set_defaults(handler=cmd_reindex, access="owner")


def _fmt_hit(i: int, h: Any) -> str:
    tgl = h.tanggal.strftime("%d-%m-%Y") if h.tanggal else "-"
    head = f"{i:>3}. [{h.kind_label}] {h.title}"
    meta = "  ".join(x for x in (h.nomor and f"No. {h.nomor}", tgl, h.dari and f"dari {h.dari}") if x)
    lines = [head, f"     {meta}"]
    snip = h.snippet_text("[", "]")
    if snip:
        lines.append(f"     {snip}")
    return "\n".join(lines)


def cmd_search(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.search import service

    actor = ctx.actor  # the logged-in user: rights and rahasia letters follow that person
    if args.export:
        from tatausaha.services.uow import perform

        n = perform(ctx.db, actor, lambda uow: service.export_results(uow, args.query, args.export, order=args.order)).value
        emit(ctx, {"exported": n, "file": str(args.export)}, f"{angka(n)} hasil diekspor ke {args.export}.")
        return 0
    with ctx.reader(actor=actor) as uow:
        res = service.search(uow, args.query, limit=args.limit, offset=args.offset, order=args.order,
                             facets=args.facets, exact_total=args.exact)
    if ctx.json:
        emit(ctx, res.as_dict())
        return 0
    lines = []
    if res.stale:
        lines.append("PERHATIAN: indeks pencarian dibuat oleh versi lama; jalankan 'tatausaha reindex'.")
    shown = f"{res.offset + 1}–{res.offset + len(res.hits)}" if res.hits else "0"
    total = angka(res.total)
    if not res.total_exact:
        total = f"lebih dari {total}"
    lines.append(f"{total} hasil (menampilkan {shown}; {angka(res.elapsed_ms)} md)")
    for i, h in enumerate(res.hits, start=res.offset + 1):
        lines.append(_fmt_hit(i, h))
    if res.facets:
        f = res.facets
        approx = "" if f.exact else " (perkiraan)"
        lines.append(f"Jenis{approx}: " + ", ".join(f"{k} {v}" for k, v in f.kinds))
        lines.append("Tahun: " + ", ".join(f"{k} {v}" for k, v in f.years))
        lines.append(f"Kode{approx}: " + ", ".join(f"{k} {v}" for k, v in f.groups))
        lines.append(f"Sifat{approx}: " + ", ".join(f"{k} {v}" for k, v in f.sifat))
    print("\n".join(lines))
    return 0


def cmd_reindex(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.jobs import CallbackProgress
    from tatausaha.search.index import registered_sources, reindex_all
    from tatausaha.services.auth import Permission

    ctx.actor.require(Permission.ADMIN)
    t0 = time.perf_counter()
    last = [0.0]

    def report(done: int, total: int, label: str) -> None:
        now = time.perf_counter()
        if now - last[0] >= 0.5 or done == total:
            last[0] = now
            pct = f"{100 * done / total:.0f}%" if total else ""
            counts = f"{angka(done)}/{angka(total)}"
            print(f"\r{label}: {counts} {pct}    ", end="", file=sys.stderr, flush=True)

    n = reindex_all(ctx.db, registered_sources(), CallbackProgress(report))
    print(file=sys.stderr)
    secs = time.perf_counter() - t0
    emit(ctx, {"indexed": n, "seconds": round(secs, 2)}, f"Indeks pencarian dibangun ulang: {angka(n)} rekaman, {durasi(secs, 1)}.")
    return 0
