"""Core subcommands: init, demo, backup, restore, check, audit verify, users."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from tatausaha import clock
from tatausaha.cli import emit, login
from tatausaha.errors import AuthenticationFailed, ValidationFailed
from tatausaha.idformat import angka


def register(sub: Any) -> None:
    p = sub.add_parser("init", help="buat atau mutakhirkan basis data; admin dan profil kantor")
    p.add_argument("--admin-user", help="nama pengguna admin pertama")
    p.add_argument("--admin-name", default="Administrator", help="nama lengkap admin")
    p.add_argument("--admin-password", help="kata sandi admin (atau env TATAUSAHA_ADMIN_PASSWORD)")
    p.add_argument("--pemerintah", help='mis. "PEMERINTAH KOTA BEKASI"')
    p.add_argument("--kantor", help='mis. "KECAMATAN JATISAMPURNA"')
    p.add_argument("--alamat", default="")
    p.add_argument("--kota", default="", help="kota untuk tanggal surat, mis. Bekasi")
    p.add_argument("--kode-unit", default="", help="kode unit pada nomor surat, mis. Kec.JTS")
    p.add_argument("--telepon", default="")
    p.add_argument("--email", default="")
    p.add_argument("--laman", default="")
    p.add_argument("--zona-waktu", default="", choices=["", "WIB", "WITA", "WIT", *(z.key for z in clock.ZONES)],
                   metavar="WIB|WITA|WIT", help="zona waktu kantor (tanpa opsi: dari komputer ini, selain itu WIB)")
    p.set_defaults(handler=cmd_init, access=login.INIT)

    p = sub.add_parser("demo", help="isi kantor contoh (Kecamatan Jatisampurna, Kota Bekasi)")
    p.add_argument("--seed", type=int, default=2024)
    p.add_argument("--force", action="store_true", help="isi walau profil kantor contoh sudah ada (data kantor yang sebenarnya tetap ditolak)")
    p.set_defaults(handler=cmd_demo, access=login.SETUP)

    p = sub.add_parser("backup", help="cadangan konsisten basis data + arsip berkas (ZIP)")
    p.add_argument("-o", "--output", type=Path, help="berkas ZIP tujuan")
    p.set_defaults(handler=cmd_backup, access=login.OWNER)

    p = sub.add_parser("restore", help="pulihkan dari berkas cadangan ZIP")
    p.add_argument("file", type=Path)
    p.add_argument("--force", action="store_true", help="ganti basis data yang ada (yang lama disimpan)")
    p.set_defaults(handler=cmd_restore, needs_db=False, access=login.OWNER)

    p = sub.add_parser("check", help="periksa keutuhan basis data, berkas arsip dan jejak audit")
    p.add_argument("--no-rehash", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(handler=cmd_check, access=login.OWNER)

    p = sub.add_parser("audit", help="jejak audit")
    asub = p.add_subparsers(dest="audit_command", metavar="PERINTAH", required=True)
    v = asub.add_parser("verify", help="periksa rantai jejak audit (segel kunci, jangkar)")
    v.add_argument("--jangkar", action="append", default=[], metavar="BARIS:HASH",
                   help="jangkar dari luar (cetakan register, manifest cadangan): nomor baris dan awal hash-nya")
    v.set_defaults(handler=cmd_audit_verify, access=login.OWNER)
    lst = asub.add_parser("list", help="tampilkan baris audit terakhir")
    lst.add_argument("--limit", type=int, default=20)
    lst.set_defaults(handler=cmd_audit_list)

    p = sub.add_parser("users", help="pengguna")
    usub = p.add_subparsers(dest="users_command", metavar="PERINTAH", required=True)
    a = usub.add_parser("add", help="tambah pengguna")
    a.add_argument("username")
    a.add_argument("--name", required=True)
    a.add_argument("--role", required=True, choices=["operator", "pimpinan", "auditor", "admin"])
    a.add_argument("--password", help="atau env TATAUSAHA_NEW_PASSWORD")
    a.add_argument("--pejabat", help="jabatan yang dipegang akun ini: nomor, NIP, atau nama jabatan (mis. 'Sekretaris Kecamatan')")
    a.add_argument("--unit", help="unit kerja: kode (mis. UMPEG); bawaan: unit pejabatnya")
    a.set_defaults(handler=cmd_users_add)
    ls = usub.add_parser("list", help="daftar pengguna")
    ls.set_defaults(handler=cmd_users_list)
    lk = usub.add_parser("link", help="hubungkan akun ke jabatan (pejabat) dan unit kerjanya")
    lk.add_argument("username")
    lk.add_argument("--pejabat", help="nomor, NIP, atau nama jabatan; '-' melepas")
    lk.add_argument("--unit", help="kode unit; '-' melepas; bawaan: unit pejabatnya")
    lk.set_defaults(handler=cmd_users_link)
    ac = usub.add_parser("acting", help="tugaskan akun sebagai Plt./Plh. sebuah jabatan, atau akhiri (--akhiri)")
    ac.add_argument("username", nargs="?")
    ac.add_argument("--pejabat", help="jabatan yang dilaksanakan (nomor, NIP, atau nama jabatan)")
    ac.add_argument("--jenis", choices=["Plt.", "Plh.", "plt", "plh"], default="Plh.")
    ac.add_argument("--mulai", help="tanggal mulai (mis. 1 Desember 2026); kosong: sekarang")
    ac.add_argument("--selesai", help="tanggal selesai; kosong: sampai diakhiri")
    ac.add_argument("--dasar", default="", help="surat perintah / SK penunjukan")
    ac.add_argument("--akhiri", type=int, metavar="ID", help="akhiri penugasan bernomor ID")
    ac.add_argument("--list", action="store_true", help="daftar penugasan Plt./Plh. yang berjalan")
    ac.set_defaults(handler=cmd_users_acting)


def _interactive() -> bool:
    return sys.stdin.isatty() and not os.environ.get("CI")


def cmd_init(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.app import setup
    from tatausaha.services import office

    admin = None
    password = args.admin_password or os.environ.get("TATAUSAHA_ADMIN_PASSWORD")
    before = setup.state(ctx)
    if args.admin_user:
        if not password and _interactive():
            password = getpass.getpass("Kata sandi admin: ")
        if not password:
            raise ValidationFailed("Kata sandi admin wajib: --admin-password atau TATAUSAHA_ADMIN_PASSWORD.")
        admin = (args.admin_user, args.admin_name, password)
    office_info = None
    if args.pemerintah or args.kantor:
        if not (args.pemerintah and args.kantor):
            raise ValidationFailed("Profil kantor butuh --pemerintah dan --kantor sekaligus.")
        office_info = office.OfficeInfo(
            pemerintah=args.pemerintah, nama_kantor=args.kantor, alamat=args.alamat, kota=args.kota,
            kode_unit=args.kode_unit, telepon=args.telepon, email=args.email, laman=args.laman,
            zona_waktu=next((z.key for z in clock.ZONES if args.zona_waktu in (z.abbr, z.key)), ""),
        )
    if office_info is not None and before.has_office and not login.logged_in(ctx.actor):
        raise AuthenticationFailed(
            "Profil kantor sudah diisi; mengubahnya butuh log-in admin (--user NAMA) atau lewat Pengaturan di aplikasi."
        )
    st = setup.initialize(ctx, admin=admin, office_info=office_info, actor=ctx.actor)
    from tatausaha.storage.migrate import current_revision

    data = {
        "database": ctx.db.url if not ctx.db.is_sqlite else str(ctx.paths.database),
        "schema": current_revision(ctx.db),
        "admin": st.has_admin,
        "kantor": st.has_office,
        "klasifikasi": st.klasifikasi_rows,
        "admin_dibuat": admin is not None and not before.has_admin,
    }
    lines = [f"Basis data siap: {data['database']} (skema {data['schema']}).",
             f"Kode klasifikasi: {st.klasifikasi_rows} baris."]
    if not st.has_admin:
        lines.append("Belum ada admin: buka aplikasi (tatausaha) untuk wizard awal, atau jalankan init --admin-user.")
    if not st.has_office:
        lines.append("Profil kantor belum diisi.")
    emit(ctx, data, "\n".join(lines))
    return 0


def cmd_demo(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.app import demo
    from tatausaha.services.auth import Permission

    ctx.actor.require(Permission.ADMIN)  # a log-in (once accounts exist) must be an admin's
    data = demo.fill(ctx, seed=args.seed, force=args.force)
    emit(ctx, data, f"Kantor contoh {data['kantor']} siap. Masuk sebagai 'admin', 'camat', 'sekcam', 'kasubag', "
                    f"'operator' atau 'auditor' dengan kata sandi '{data['kata_sandi']}'.\nDiisi: {', '.join(map(str, data['diisi']))}.")  # type: ignore[call-overload]
    return 0


def cmd_backup(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.app import maintenance

    target = maintenance.make_backup(ctx, args.output)
    emit(ctx, {"backup": str(target), "bytes": target.stat().st_size}, f"Cadangan dibuat: {target}")
    return 0


def cmd_restore(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.app import maintenance
    from tatausaha.config import AppPaths

    if os.environ.get("TATAUSAHA_DATABASE_URL") or AppPaths.from_env().server() is not None:
        raise ValidationFailed("Pemulihan bawaan hanya untuk basis data SQLite (bukan server). Untuk server kantor "
                               "jalankan 'tatausaha server restore' di server.")
    home = AppPaths.from_env().home
    _restore_allowed(args, home)
    data = maintenance.restore(home, args.file, force=args.force)
    emit(ctx, data, f"Dipulihkan ke {data['database']} ({data['files_restored']} berkas arsip).")
    return 0


def _restore_allowed(args: argparse.Namespace, home: Path) -> None:
    """Restoring replaces the database: an admin log-in of the database in place, or the OS owner of the
    data folder. A folder without a database (a new computer) or a database without accounts needs neither."""
    from tatausaha.config import AppPaths
    from tatausaha.context import AppContext
    from tatausaha.errors import TatausahaError
    from tatausaha.services import accounts
    from tatausaha.services.auth import Permission

    paths = AppPaths(home)
    if not paths.database.exists():
        return
    try:
        current = AppContext.open(paths, migrate=False)
    except TatausahaError:
        current = None  # a damaged or newer database: only the folder's owner may replace it
    if current is not None:
        try:
            try:
                if not login.has_accounts(current):
                    return
            except TatausahaError:
                pass
            else:
                user, password = login.credentials(args)
                if user and password:
                    accounts.login(current.db, user, password).require(Permission.ADMIN)
                    return
        finally:
            current.close()
    if login.owns_folder(home):
        return
    raise AuthenticationFailed(login.NEEDS_LOGIN)


def cmd_check(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.app import maintenance

    r = maintenance.check(ctx)
    lines = [
        "Basis data: " + ("baik" if not r.database_problems else "; ".join(r.database_problems)),
        f"Berkas arsip diperiksa: {angka(r.files_checked)}; hilang {angka(len(r.missing))}, rusak {angka(len(r.corrupt))}, "
        f"yatim (tidak tercatat) {angka(len(r.orphans))}",
        f"Jejak audit: {angka(r.audit_rows)} baris, " + ("utuh" if not r.audit_problems else f"{len(r.audit_problems)} masalah"),
    ]
    lines += [f"  hilang: {h}" for h in r.missing] + [f"  rusak: {h}" for h in r.corrupt]
    lines += [f"  audit: {m}" for m in r.audit_problems]
    if r.record_problems:
        lines.append(f"Catatan diubah di luar aplikasi: {len(r.record_problems)}")
        lines += [f"  catatan: {m}" for m in r.record_problems]
    emit(ctx, r.as_dict(), "\n".join(lines))
    return 0 if r.ok else 1


def cmd_audit_verify(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.services import audit

    external = []
    for item in args.jangkar:
        rid, _, prefix = item.partition(":")
        if not rid.strip().isdigit() or len(prefix.strip()) < 8:
            raise ValidationFailed(f"Jangkar '{item}' harus berbentuk BARIS:HASH (mis. 1234:3fa2c9d1e0b7a5f1).")
        external.append((int(rid), prefix.strip(), f"jangkar {rid}:{prefix.strip()[:16]}"))
    with ctx.reader() as uow:
        rows, problems = audit.verify(uow.session, external=external)
        anchor = audit.current_anchor(uow.session)
    data = {"rows": rows, "ok": not problems, "problems": [p.__dict__ for p in problems],
            "anchor": anchor.as_dict() if anchor else None}
    if problems:
        text = f"JEJAK AUDIT TIDAK UTUH ({rows} baris diperiksa):\n" + "\n".join(f"  - {p.message}" for p in problems)
    else:
        text = f"Jejak audit utuh: {rows} baris, rantai hash sah." + (f"\n{anchor.text}" if anchor else "")
    emit(ctx, data, text)
    return 0 if not problems else 1


def cmd_audit_list(args: argparse.Namespace, ctx: Any) -> int:
    from sqlalchemy import select

    from tatausaha.models.audit import AuditLog
    from tatausaha.services.auth import Permission

    ctx.actor.require(Permission.AUDIT)  # the trail holds before/after values: auditor and admin only
    with ctx.reader() as uow:
        rows = uow.session.execute(select(AuditLog).order_by(AuditLog.id.desc()).limit(args.limit)).scalars().all()
        data = [{"id": r.id, "ts": r.ts.isoformat(), "actor": r.actor_name, "action": r.action, "entity": r.entity,
                 "entity_id": r.entity_id, "before": r.before, "after": r.after} for r in rows]
    emit(ctx, data, "\n".join(f"{d['id']:>6} {d['ts']} {d['actor']:<10} {d['action']:<14} {d['entity']} {d['entity_id'] or ''}" for d in data))
    return 0


def cmd_users_add(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.services import accounts

    password = args.password or os.environ.get("TATAUSAHA_NEW_PASSWORD")
    if not password and _interactive():
        password = getpass.getpass("Kata sandi: ")
    if not password:
        raise ValidationFailed("Kata sandi wajib: --password atau TATAUSAHA_NEW_PASSWORD.")
    with ctx.uow() as uow:
        official_id, unit_id = _post_and_unit(uow, args.pejabat, args.unit)
        info, _ = accounts.create_user(uow, args.username, args.name, args.role, password,
                                       official_id=official_id, unit_id=unit_id)
        uow.commit()
    emit(ctx, {"id": info.id, "username": info.username, "role": info.role.value, "official_id": info.official_id,
               "unit_id": info.unit_id}, f"Pengguna {info.username} dibuat.")
    return 0


def _post_and_unit(uow: Any, pejabat: str | None, unit: str | None,
                   current: tuple[int | None, int | None] = (None, None)) -> tuple[int | None, int | None]:
    """--pejabat / --unit as ids; '-' unlinks, absent keeps ``current``; the unit defaults to the post's unit."""
    from tatausaha.services import office

    official_id, unit_id = current
    post = None
    if pejabat == "-":
        official_id = None
    elif pejabat:
        post = office.find_official(uow, pejabat)
        official_id = post.id
    if unit == "-":
        unit_id = None
    elif unit:
        unit_id = office.find_unit(uow, unit).id
    elif post is not None and post.unit_id is not None:
        unit_id = post.unit_id
    return official_id, unit_id


def cmd_users_link(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.services import accounts

    if args.pejabat is None and args.unit is None:
        raise ValidationFailed("Sebutkan --pejabat dan/atau --unit.")
    with ctx.uow() as uow:
        u = accounts.find_user(uow, args.username)
        official_id, unit_id = _post_and_unit(uow, args.pejabat, args.unit, (u.official_id, u.unit_id))
        accounts.link_user(uow, u.id, official_id=official_id, unit_id=unit_id)
        uow.commit()
    with ctx.reader() as uow:
        row = _user_rows(uow, [accounts.find_user(uow, args.username)])[0]
    emit(ctx, row, f"{row['username']}: jabatan {row['pejabat'] or '-'}, unit {row['unit'] or '-'}.")
    return 0


def cmd_users_acting(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.correspondence.importer import parse_tanggal
    from tatausaha.services import accounts, office

    def date(text: str | None) -> Any:
        if not text:
            return None
        d = parse_tanggal(text)
        if d is None:
            raise ValidationFailed(f"Tanggal '{text}' tidak dikenali.")
        return d

    if args.akhiri is not None:
        with ctx.uow() as uow:
            accounts.end_acting(uow, args.akhiri)
            uow.commit()
        emit(ctx, {"id": args.akhiri, "active": False}, f"Penugasan {args.akhiri} diakhiri.")
        return 0
    if args.list or not args.username:
        with ctx.reader() as uow:
            rows = accounts.list_acting(uow)
        data = [{"id": r.id, "username": r.username, "jenis": r.jenis, "jabatan": r.jabatan,
                 "mulai": r.mulai.isoformat() if r.mulai else None, "selesai": r.selesai.isoformat() if r.selesai else None,
                 "dasar": r.dasar} for r in rows]
        emit(ctx, data, "\n".join(f"{d['id']:>4} {d['username']:<14} {d['jenis']} {d['jabatan']} "
                                   f"({d['mulai'] or '…'} s.d. {d['selesai'] or '…'})" for d in data) or "Tidak ada penugasan Plt./Plh.")
        return 0
    if not args.pejabat:
        raise ValidationFailed("Sebutkan --pejabat: jabatan yang dilaksanakan sebagai Plt./Plh.")
    with ctx.uow() as uow:
        u = accounts.find_user(uow, args.username)
        post = office.find_official(uow, args.pejabat)
        info = accounts.assign_acting(uow, u.id, post.id, args.jenis, mulai=date(args.mulai), selesai=date(args.selesai),
                                      dasar=args.dasar)
        uow.commit()
    emit(ctx, {"id": info.id, "username": info.username, "jenis": info.jenis, "jabatan": info.jabatan},
         f"{info.full_name} ditugaskan sebagai {info.jenis} {info.jabatan} (penugasan {info.id}).")
    return 0


def _user_rows(uow: Any, users: list[Any]) -> list[dict[str, Any]]:
    from tatausaha.services import accounts, office

    posts = {o.id: o for o in office.list_officials(uow)}
    units = {u.id: u for u in office.list_units(uow, include_inactive=True)}
    acting: dict[int, list[str]] = {}
    for a in accounts.list_acting(uow):
        acting.setdefault(a.user_id, []).append(f"{a.jenis} {a.jabatan}")
    return [{"id": u.id, "username": u.username, "name": u.full_name, "role": u.role.value, "active": u.active,
             "locked": u.locked, "pejabat": posts[u.official_id].jabatan if u.official_id in posts else "",
             "unit": units[u.unit_id].kode if u.unit_id in units else "", "acting": acting.get(u.id, [])}
            for u in users]


def cmd_users_list(args: argparse.Namespace, ctx: Any) -> int:
    from tatausaha.services import accounts

    with ctx.reader() as uow:
        data = _user_rows(uow, accounts.list_users(uow))
    emit(ctx, data, "\n".join(
        f"{u['username']:<14} {u['role']:<9} {u['name']}" + (f" — {u['pejabat']}" if u['pejabat'] else "")
        + (f" [{u['unit']}]" if u['unit'] else "") + "".join(f" ({a})" for a in u['acting']) for u in data))
    return 0
