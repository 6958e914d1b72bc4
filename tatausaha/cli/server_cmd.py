"""``tatausaha server init|check|backup|restore|connect``: the office's PostgreSQL server.

Run on the server (or any PC that reaches it) by whoever administers PostgreSQL: the commands log in
to PostgreSQL as its administrator (``--admin``, default ``postgres``; password from ``PGPASSWORD`` or
asked without echo), not to tatausaha. ``connect`` points this PC at the server (what the first-run
wizard does). No password is printed, logged or put on a command line.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from tatausaha import clock
from tatausaha.cli import emit
from tatausaha.errors import ValidationFailed
from tatausaha.idformat import angka


def register(sub: Any) -> None:
    p = sub.add_parser("server", help="server PostgreSQL kantor untuk beberapa komputer (init, check, backup, restore)")
    ssub = p.add_subparsers(dest="server_command", metavar="PERINTAH", required=True)

    def common(q: argparse.ArgumentParser) -> None:
        q.add_argument("--host", default=os.environ.get("PGHOST", "localhost"), help="alamat server (bawaan: localhost)")
        q.add_argument("--port", type=int, default=int(os.environ.get("PGPORT", "5432")))
        q.add_argument("--admin", default=os.environ.get("PGUSER", "postgres"),
                       help="akun administrator PostgreSQL (kata sandinya dari PGPASSWORD atau ditanyakan)")
        q.add_argument("--database", default="tatausaha", help="nama basis data kantor (bawaan: tatausaha)")
        q.set_defaults(needs_db=False)

    q = ssub.add_parser("init", help="siapkan/mutakhirkan basis data kantor, akun, arsip bersama dan hak akses")
    common(q)
    q.add_argument("--app-user", default="tatausaha", help="akun yang dipakai komputer kantor (bawaan: tatausaha)")
    q.add_argument("--impor-arsip", type=Path, metavar="FOLDER",
                   help="masukkan berkas dari folder arsip lokal (mis. data lama satu komputer) ke arsip server")
    q.set_defaults(handler=cmd_init)

    q = ssub.add_parser("check", help="periksa server: skema, akun, pengaman arsip, setiap berkas arsip, jejak audit")
    common(q)
    q.add_argument("--app-user", default="tatausaha")
    q.set_defaults(handler=cmd_check)

    q = ssub.add_parser("backup", help="satu berkas cadangan: pg_dump (catatan + arsip berkas) + manifest, diuji-pulih")
    common(q)
    q.add_argument("-o", "--output", type=Path, help="berkas ZIP tujuan (bawaan: cadangan-server-<waktu>.zip)")
    q.add_argument("--tanpa-uji", action="store_true", help="lewati uji pulih ke basis data sementara (tidak disarankan)")
    q.set_defaults(handler=cmd_backup)

    q = ssub.add_parser("restore", help="pulihkan cadangan server (diperiksa dulu; yang lama disimpan)")
    common(q)
    q.add_argument("file", type=Path)
    q.add_argument("--force", action="store_true", help="ganti basis data kantor yang ada (disimpan dengan nama lain)")
    q.set_defaults(handler=cmd_restore)

    q = ssub.add_parser("connect", help="arahkan komputer ini ke server kantor (seperti wizard awal)")
    q.add_argument("--host", required=True)
    q.add_argument("--port", type=int, default=5432)
    q.add_argument("--database", default="tatausaha")
    q.add_argument("--akun", dest="app_user", default="tatausaha", help="akun komputer kantor di server")
    q.add_argument("--kunci-audit", type=Path, metavar="BERKAS",
                   help="salin kunci jejak audit kantor (berkas kunci-audit dari komputer pertama) ke komputer ini")
    q.set_defaults(handler=cmd_connect, needs_db=False)


def _interactive() -> bool:
    return sys.stdin.isatty() and not os.environ.get("CI")


def _admin(args: argparse.Namespace) -> Any:
    from tatausaha.app.server import Admin

    password = os.environ.get("PGPASSWORD")
    if password is None and _interactive():
        password = getpass.getpass(f"Kata sandi administrator PostgreSQL '{args.admin}' (kosong bila tidak ada): ") or None
    return Admin(host=args.host, port=args.port, user=args.admin, password=password, database=args.database)


def cmd_init(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.app import server

    admin = _admin(args)
    app_password = os.environ.get("TATAUSAHA_APP_PASSWORD")
    if app_password is None and _interactive():
        first = getpass.getpass(f"Kata sandi akun komputer kantor '{args.app_user}' (kosong: tidak diubah): ")
        if first:
            if getpass.getpass("Ulangi kata sandi: ") != first:
                raise ValidationFailed("Kedua kata sandi tidak sama; tidak ada yang diubah.")
            app_password = first
    if app_password is not None and len(app_password) < 10:
        raise ValidationFailed("Kata sandi akun komputer kantor minimal 10 karakter.")
    report = server.init(admin, app_user=args.app_user, app_password=app_password, import_folder=args.impor_arsip)
    lines = [f"Server siap: {report.database} (skema {report.schema}).",
             f"Akun komputer kantor: {report.app_user}" + (" (kata sandi diatur)." if report.password_set else "."),
             f"Arsip bersama di dalam basis data: {angka(report.archive_files)} berkas."]
    if report.created_roles:
        lines.append("Dibuat: " + ", ".join(report.created_roles) + (", basis data" if report.created_database else "") + ".")
    if args.impor_arsip:
        lines.append(f"Diimpor dari {args.impor_arsip}: {angka(report.imported_files)} berkas.")
    lines.append("Di tiap komputer: buka tatausaha, pilih \"Server kantor\" pada wizard awal (atau 'tatausaha server "
                 f"connect --host {args.host if args.host not in ('localhost', '127.0.0.1') else 'ALAMAT-SERVER'}').")
    emit(ctx, report.as_dict(), "\n".join(lines))
    return 0


def cmd_check(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.app import server

    r = server.check(_admin(args), args.app_user)
    lines = [f"PostgreSQL {r.server_version}, skema {r.schema}{' (mutakhir)' if r.schema_ok else ''}, "
             f"ukuran basis data {angka(r.database_bytes // (1024 * 1024))} MiB.",
             f"Arsip: {angka(r.archive_files)} berkas ({angka(r.archive_bytes // (1024 * 1024))} MiB), "
             f"{angka(r.files_checked)} diperiksa ulang sidiknya.",
             f"Jejak audit: {angka(r.audit_rows)} baris."]
    for label, items in (("Berkas hilang", r.missing), ("Berkas rusak", r.corrupt),
                         ("Berkas yatim (tidak disebut catatan mana pun)", r.orphans)):
        if items:
            lines.append(f"{label}: {len(items)} (mis. {items[0][:12]}…)")
    lines += [f"MASALAH: {p}" for p in [*r.problems, *r.audit_problems]]
    lines.append("Server sehat." if r.ok else "Server TIDAK sehat: lihat masalah di atas.")
    emit(ctx, r.as_dict(), "\n".join(lines))
    return 0 if r.ok else 1


def cmd_backup(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.app import server

    target = args.output or Path.cwd() / f"cadangan-server-{clock.now_local_naive():%Y%m%d-%H%M%S}.zip"
    data = server.backup(_admin(args), target, verify=not args.tanpa_uji)
    size, files = int(str(data["bytes"])), int(str(data["archive_files"]))
    emit(ctx, data, f"Cadangan server dibuat: {data['backup']} ({angka(size // (1024 * 1024))} MiB; "
                    f"{angka(files)} berkas arsip; "
                    + ("diuji pulih ke basis data sementara: utuh)." if not args.tanpa_uji else "TIDAK diuji pulih)."))
    return 0


def cmd_restore(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.app import server

    data = server.restore(_admin(args), args.file, force=args.force)
    kept = f" Basis data lama disimpan sebagai {data['previous_kept_as']}." if data["previous_kept_as"] else ""
    emit(ctx, data, f"Dipulihkan ke '{data['database']}' dari cadangan {data['created']} "
                    f"({angka(data['archive_files'])} berkas arsip, diperiksa).{kept}")  # type: ignore[arg-type]
    return 0


def cmd_connect(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.app import server
    from tatausaha.config import AppPaths, ServerSpec

    spec = ServerSpec(host=args.host, port=args.port, database=args.database, user=args.app_user)
    password = os.environ.get("TATAUSAHA_APP_PASSWORD")
    if password is None and _interactive():
        password = getpass.getpass(f"Kata sandi akun '{args.app_user}' di server: ")
    if not password:
        raise ValidationFailed("Kata sandi akun server wajib (TATAUSAHA_APP_PASSWORD atau ketik saat diminta).")
    paths = AppPaths.from_env()
    result = server.connect_pc(paths, spec, password)
    message = result.message
    if result.ok and args.kunci_audit:
        copied = server.install_audit_key(paths, args.kunci_audit)
        message += " Kunci jejak audit kantor " + ("dipasang." if copied else "sudah terpasang.")
    emit(ctx, {"ok": result.ok, "server": spec.describe(), "pesan": message}, message)
    return 0 if result.ok else 2
