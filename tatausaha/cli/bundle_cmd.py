"""Auditor bundles: ``tatausaha export bundle --scope … -o FILE.zip``, ``tatausaha verify FILE.zip``,
``tatausaha export history`` and ``tatausaha export scopes``.

``--scope`` takes ``AREA:KIND`` (``tatausaha export scopes`` lists them) or ``pencarian=<id>`` for a
saved search; ``--param KEY=VALUE`` fills the scope's questions. ``verify`` needs no log-in and no
database: anyone holding the file can run it (in the office, the audit key is used to check seals).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from tatausaha.cli import emit
from tatausaha.errors import ValidationFailed


def register(sub: Any) -> None:
    p = sub.add_parser("export", help="bundel bukti untuk pemeriksa (BagIt dalam ZIP atau folder)")
    esub = p.add_subparsers(dest="export_command", metavar="PERINTAH", required=True)
    b = esub.add_parser(
        "bundle", help="ekspor bundel untuk pemeriksa",
        description="Contoh: tatausaha export bundle --scope correspondence:klasifikasi --param kode=000.1 "
                    "--dari 2026-01-01 --sampai 2026-06-30 --surat-permintaan 'X/123/2026' -o bundel.zip",
    )
    b.add_argument("--scope", required=True, help="AREA:JENIS (lihat 'tatausaha export scopes') atau pencarian=<id>")
    b.add_argument("--param", action="append", default=[], metavar="KUNCI=NILAI", help="isian cakupan (boleh berulang)")
    b.add_argument("--dari", type=dt.date.fromisoformat, help="awal periode (YYYY-MM-DD)")
    b.add_argument("--sampai", type=dt.date.fromisoformat, help="akhir periode (YYYY-MM-DD)")
    b.add_argument("--rahasia", action=argparse.BooleanOptionalAction, default=None,
                   help="sertakan catatan rahasia yang boleh Anda lihat (bawaan: tidak, kecuali cakupan berkas pribadi "
                        "seperti berkas pegawai)")
    b.add_argument("--surat-permintaan", metavar="NOMOR", help="nomor surat permintaan pemeriksa (surat masuk terdaftar)")
    b.add_argument("--tanggal-permintaan", type=dt.date.fromisoformat, help="tanggal surat permintaan, bila tidak terdaftar")
    b.add_argument("--folder", action="store_true", help="tulis sebagai folder bag, bukan ZIP")
    b.add_argument("-o", "--output", type=Path, required=True, help="berkas .zip (atau folder dengan --folder)")
    b.set_defaults(handler=cmd_export)
    s = esub.add_parser("scopes", help="cakupan yang dapat dibundel")
    s.set_defaults(handler=cmd_scopes)
    h = esub.add_parser("history", help="riwayat bundel yang telah diserahkan")
    h.set_defaults(handler=cmd_history)
    v = sub.add_parser("verify", help="periksa keutuhan bundel (ZIP atau folder): berkas hilang, berubah, tambahan")
    v.add_argument("bundle", type=Path, help="berkas .zip atau folder bag")
    v.set_defaults(handler=cmd_verify, needs_db=False, access="none")


def parse_scope(args: argparse.Namespace, uow: Any) -> Any:
    from tatausaha.bundles import service
    from tatausaha.bundles.types import SAVED_SEARCH, RequestLetter, Scope

    params: dict[str, str] = {}
    for raw in args.param:
        key, eq, value = raw.partition("=")
        if not eq:
            raise ValidationFailed(f"--param harus berbentuk KUNCI=NILAI, bukan {raw!r}.")
        params[key.strip()] = value.strip()
    spec = args.scope.strip()
    if spec.startswith("pencarian="):
        area, kind = "", SAVED_SEARCH
        params["pencarian"] = spec.partition("=")[2]
    else:
        area, colon, kind = spec.partition(":")
        if not colon:
            raise ValidationFailed(f"--scope harus berbentuk AREA:JENIS atau pencarian=<id>, bukan {spec!r}.")
    request = None
    if args.surat_permintaan:
        nomor = args.surat_permintaan.strip()
        found = [r for r in service.request_letters(uow, nomor) if r.nomor == nomor]
        request = found[0] if found else RequestLetter(nomor, args.tanggal_permintaan)
    rahasia = args.rahasia
    if rahasia is None:
        probe = Scope(area, kind)
        rahasia = service.check_scope_kind(probe).asks_rahasia
    return Scope(area, kind, tuple(sorted(params.items())), args.dari, args.sampai, rahasia, request)


def cmd_export(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.bundles import service
    from tatausaha.jobs import CallbackProgress
    from tatausaha.services.uow import perform

    quiet = ctx.json or not sys.stderr.isatty()

    def show(done: int, total: int, label: str) -> None:
        if not quiet:
            print(f"\r{label}: {done}/{total}   ", end="", file=sys.stderr, flush=True)

    def run(uow: Any) -> Any:
        scope = parse_scope(args, uow)
        return service.export_bundle(uow, ctx.store, scope, args.output, as_zip=not args.folder,
                                     progress=CallbackProgress(show))

    r = perform(ctx.db, ctx.actor, run).value
    if not quiet:
        print(file=sys.stderr)
    text = (f"Bundel {r.bundle_id} ditulis ke {r.path}: {r.records} catatan, {r.files} berkas asli, "
            f"{r.payload_files} berkas di data/ ({r.payload_octets} bita).\n"
            f"Rahasia: {r.secret_included} disertakan, {r.secret_withheld} tidak disertakan; bukti kurang: {r.missing}.\n"
            f"SHA-256 tagmanifest (tercatat di jejak audit): {r.tagmanifest_sha256}")
    emit(ctx, r.__dict__, text)
    return 0


def cmd_scopes(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.bundles import service

    rows: list[dict[str, Any]] = []
    with ctx.reader(actor=ctx.actor) as uow:
        for area, label, kind in service.scope_choices():
            spec = f"{area}:{kind.key}" if area else "pencarian=<id>"
            params: list[dict[str, Any]] = []
            for p in kind.params:
                choices = p.choices(uow) if p.choices is not None and area else None
                params.append({"key": p.key, "label": p.label, "required": p.required,
                               "choices": [c for c, _ in choices] if choices else None})
            rows.append({"scope": spec, "area": label, "label": kind.label, "period": kind.uses_period, "params": params})
    lines = []
    for r in rows:
        ps = ", ".join(f"{p['key']}{'' if p['required'] else '?'}" + (f" ({'|'.join(p['choices'])})" if p["choices"] else "")
                       for p in r["params"])
        lines.append(f"{r['scope']:<32} {r['label']}" + (f" — {ps}" if ps else "") + (" [--dari/--sampai]" if r["period"] else ""))
    emit(ctx, rows, "\n".join(lines))
    return 0


def cmd_history(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.bundles import service

    with ctx.reader(actor=ctx.actor) as uow:
        rows = service.history(uow)
    data = [{**r.__dict__, "when": r.when.isoformat() if r.when else None} for r in rows]
    lines = [f"{r.bundle_id}  {r.when:%d-%m-%Y %H:%M}  {r.by:<10} {r.records} catatan  {r.file}  "
             f"tagmanifest {r.tagmanifest_sha256[:16]}…  {r.scope_text}" for r in rows] or ["Belum ada bundel yang diekspor."]
    emit(ctx, data, "\n".join(lines))
    return 0


def _office_key() -> bytes | None:
    """The audit key of this computer's office, when there is one (never created here)."""
    try:
        from tatausaha.config import AppPaths
        from tatausaha.services.audit import AuditSeal

        paths = AppPaths.from_env()
        return AuditSeal.for_home(paths.home).key
    except Exception:  # noqa: BLE001 - no office here: the seals are simply not checked
        return None


def cmd_verify(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.bundles.verify import verify_bundle

    report = verify_bundle(args.bundle, key=_office_key())
    if ctx.json:
        emit(ctx, report.as_dict())
        return 0 if report.ok else 1
    lines = []
    ident = report.bag_info.get("External-Identifier", "")
    if report.ok:
        lines.append(f"UTUH: bundel {ident} — {report.payload_files} berkas ({report.payload_octets} bita) cocok dengan "
                     f"manifest {', '.join(a.upper() for a in report.algorithms)}; jejak audit {report.audit_rows} baris "
                     "bersambung.")
    else:
        lines.append(f"TIDAK UTUH: bundel {ident} — {len(report.problems)} masalah:")
        lines += [f"  - {p.message}" for p in report.problems]
    if report.audit_sealed is True:
        lines.append("Segel kunci kantor pada jejak audit: cocok.")
    elif report.audit_sealed is None and report.audit_rows:
        lines.append("Segel kunci kantor tidak diperiksa (kunci jejak audit kantor tidak ada di komputer ini).")
    if report.tagmanifest_sha256:
        lines.append(f"SHA-256 tagmanifest: {report.tagmanifest_sha256} (bandingkan dengan riwayat ekspor kantor).")
    print("\n".join(lines))
    return 0 if report.ok else 1
