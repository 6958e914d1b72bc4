"""Roles are enforced by the services themselves; passwords are Argon2id hashes; lock-out works."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from tatausaha.context import AppContext
from tatausaha.errors import AccountLocked, AuthenticationFailed, PermissionDenied
from tatausaha.models.account import User
from tatausaha.models.audit import AuditLog
from tatausaha.models.document import Document, DocumentLink
from tatausaha.models.office import OfficeProfile, Official, Unit
from tatausaha.services import accounts, auth, documents, office
from tatausaha.services.auth import SYSTEM, Actor, Permission, Role

PASSWORD = "rahasia123"
TABLES = (Unit, OfficeProfile, Official, User, Document, DocumentLink, AuditLog)


def snapshot(ctx: AppContext) -> dict[str, Any]:
    """Row counts of every table a refused write could touch, plus the archive store's files."""
    with ctx.reader(SYSTEM) as uow:
        counts = {m.__tablename__: uow.session.execute(select(func.count()).select_from(m)).scalar_one() for m in TABLES}
    files = sorted(p.name for p in ctx.store.root.rglob("*")) if ctx.store.root.exists() else []
    return {"counts": counts, "files": files}


@pytest.fixture
def seeded(ctx: AppContext) -> dict[str, Any]:
    """An admin account (so create_user needs ADMIN), the office, a unit and one archived document."""
    with ctx.uow(actor=SYSTEM) as uow:
        admin, _ = accounts.create_user(uow, "admin", "Administrator", Role.ADMIN, PASSWORD)
        office.save_office(uow, office.OfficeInfo(pemerintah="PEMERINTAH KOTA BEKASI", nama_kantor="KECAMATAN JATISAMPURNA"))
        unit = office.save_unit(uow, "UMPEG", "Subbagian Umum dan Kepegawaian")
        doc = documents.add_document_bytes(uow, ctx.store, b"%PDF-1.4 contoh surat masuk", "surat.pdf")
        uow.commit()
    return {"admin_id": admin.id, "unit_id": unit.id, "doc_id": doc.id}


def _writes(ctx: AppContext, seeded: dict[str, Any], tmp_path: Path) -> dict[str, Callable[[Any], object]]:
    src = tmp_path / "scan-baru.pdf"
    src.write_bytes(b"%PDF-1.4 berkas yang tidak boleh masuk arsip")
    return {
        "create unit": lambda uow: office.save_unit(uow, "PEM", "Seksi Pemerintahan"),
        "rename unit": lambda uow: office.save_unit(uow, "UMPEG", "Diubah", unit_id=seeded["unit_id"]),
        "save office": lambda uow: office.save_office(
            uow, office.OfficeInfo(pemerintah="PEMERINTAH KOTA X", nama_kantor="KECAMATAN Y")
        ),
        "save official": lambda uow: office.save_official(uow, nama="Budi", jabatan="Kasubag"),
        "create user": lambda uow: accounts.create_user(uow, "penyusup", "Penyusup", Role.ADMIN, PASSWORD),
        "set role": lambda uow: accounts.set_role(uow, seeded["admin_id"], Role.OPERATOR),
        "deactivate user": lambda uow: accounts.set_active(uow, seeded["admin_id"], False),
        "change other's password": lambda uow: accounts.change_password(uow, seeded["admin_id"], "baru12345678"),
        "add document": lambda uow: documents.add_document(uow, ctx.store, src),
        "link document": lambda uow: documents.link_document(uow, seeded["doc_id"], "surat_masuk", 1),
    }


ADMIN_ONLY = {"create unit", "rename unit", "save office", "save official", "create user", "set role",
              "deactivate user", "change other's password"}


def _refused(ctx: AppContext, actor: Actor, fn: Callable[[Any], object]) -> PermissionDenied:
    with pytest.raises(PermissionDenied) as info:
        with ctx.uow(actor=actor) as uow:
            fn(uow)
            uow.commit()
    return info.value


def test_auditor_changes_nothing(ctx: AppContext, seeded: dict[str, Any], auditor: Actor, tmp_path: Path) -> None:
    before = snapshot(ctx)
    for name, fn in _writes(ctx, seeded, tmp_path).items():
        exc = _refused(ctx, auditor, fn)
        assert "tidak berhak" in str(exc) and "auditor" in str(exc), name
    assert snapshot(ctx) == before  # no row, no audit entry, no archived file
    # … but an auditor reads and exports.
    with ctx.reader(auditor) as uow:
        assert documents.get_document(uow, seeded["doc_id"]).original_name == "surat.pdf"
        assert [u.kode for u in office.list_units(uow)] == ["UMPEG"]
    assert auditor.can(Permission.READ) and auditor.can(Permission.EXPORT)


def test_operator_cannot_administer(ctx: AppContext, seeded: dict[str, Any], operator: Actor, tmp_path: Path) -> None:
    before = snapshot(ctx)
    writes = _writes(ctx, seeded, tmp_path)
    for name in sorted(ADMIN_ONLY):
        exc = _refused(ctx, operator, writes[name])
        assert "mengelola pengaturan dan pengguna" in str(exc), name
    with pytest.raises(PermissionDenied):
        with ctx.reader(operator) as uow:
            accounts.list_users(uow)
    assert snapshot(ctx) == before
    # The operator does the daily work: archive and link a document (as a real account: links name their author).
    with ctx.uow(actor=SYSTEM) as uow:
        info, _ = accounts.create_user(uow, "operator", "Siti Nurhaliza", Role.OPERATOR, PASSWORD)
        uow.commit()
    clerk = Actor(info.id, info.username, info.full_name, info.role)
    with ctx.uow(actor=clerk) as uow:
        writes["add document"](uow)
        writes["link document"](uow)
        uow.commit()
    after = snapshot(ctx)["counts"]
    assert after["document"] == before["counts"]["document"] + 1
    assert after["document_link"] == before["counts"]["document_link"] + 1
    with ctx.reader(clerk) as uow:
        link = uow.session.execute(select(DocumentLink)).scalar_one()
        assert link.created_by == info.id


def test_permissions_per_role(pimpinan: Actor, operator: Actor, auditor: Actor, admin: Actor) -> None:
    assert pimpinan.can(Permission.DISPOSE) and pimpinan.can(Permission.SIGN) and pimpinan.can(Permission.SEE_SECRET)
    pimpinan.require(Permission.DISPOSE)  # does not raise
    assert not pimpinan.can(Permission.ADMIN)
    for actor in (operator, auditor):
        assert not actor.can(Permission.DISPOSE)
        with pytest.raises(PermissionDenied, match="tidak berhak membuat disposisi"):
            actor.require(Permission.DISPOSE)
    assert not operator.can(Permission.SEE_SECRET)
    assert all(admin.can(p) for p in Permission)
    # the auditor reads, exports and reads the audit trail; nothing that changes data
    assert {p for p in Permission if auditor.can(p)} == {Permission.READ, Permission.EXPORT, Permission.AUDIT}
    assert not operator.can(Permission.AUDIT) and not pimpinan.can(Permission.AUDIT)


def test_lockout_after_five_wrong_passwords(ctx: AppContext, seeded: dict[str, Any]) -> None:
    for attempt in range(1, auth.MAX_FAILED_ATTEMPTS):
        with pytest.raises(AuthenticationFailed) as info:
            accounts.login(ctx.db, "admin", f"salah-{attempt}")
        assert not isinstance(info.value, AccountLocked)
        assert str(info.value) == "Nama pengguna atau kata sandi salah."
    with pytest.raises(AccountLocked, match=f"dikunci.*dalam {auth.LOCK_MINUTES} menit"):
        accounts.login(ctx.db, "admin", "salah-5")
    # Now even the right password is refused while the lock lasts.
    with pytest.raises(AccountLocked, match=r"Coba lagi dalam 1[45] menit"):
        accounts.login(ctx.db, "admin", PASSWORD)
    with ctx.reader(SYSTEM) as uow:
        assert accounts.list_users(uow)[0].locked
        failed = uow.session.execute(select(AuditLog).where(AuditLog.action == "login_failed")).scalars().all()
        assert len(failed) == auth.MAX_FAILED_ATTEMPTS and failed[-1].after == '{"locked": true}'
    # When the lock has run out, the right password works again and the counter starts afresh.
    with ctx.uow(actor=SYSTEM) as uow:
        uow.session.execute(update(User).values(locked_until=dt.datetime(2000, 1, 1)))
        uow.commit()
    actor = accounts.login(ctx.db, "admin", PASSWORD)
    assert actor.role is Role.ADMIN and actor.user_id == seeded["admin_id"]
    with ctx.reader(SYSTEM) as uow:
        user = uow.session.get(User, seeded["admin_id"])
        assert user is not None and user.failed_attempts == 0 and user.locked_until is None


def test_unknown_user_and_inactive_user_fail_alike(ctx: AppContext, seeded: dict[str, Any]) -> None:
    with pytest.raises(AuthenticationFailed, match="Nama pengguna atau kata sandi salah"):
        accounts.login(ctx.db, "tidakada", PASSWORD)
    with ctx.uow(actor=SYSTEM) as uow:
        accounts.create_user(uow, "operator", "Siti", Role.OPERATOR, PASSWORD)
        uow.commit()
    with ctx.uow(actor=SYSTEM) as uow:
        uid = uow.session.execute(select(User.id).where(User.username == "operator")).scalar_one()
        accounts.set_active(uow, uid, False)
        uow.commit()
    with pytest.raises(AuthenticationFailed, match="Nama pengguna atau kata sandi salah"):
        accounts.login(ctx.db, "operator", PASSWORD)


def test_passwords_are_stored_only_as_argon2id_hashes(ctx: AppContext, seeded: dict[str, Any]) -> None:
    with ctx.uow(actor=SYSTEM) as uow:
        accounts.create_user(uow, "kembar", "Pengguna Kembar", Role.OPERATOR, PASSWORD)
        uow.commit()
    with ctx.reader(SYSTEM) as uow:
        hashes = dict(uow.session.execute(select(User.username, User.password_hash)).all())
        audit_text = " ".join(
            f"{r.before} {r.after}" for r in uow.session.execute(select(AuditLog)).scalars()
        )
    assert set(hashes) == {"admin", "kembar"}
    for h in hashes.values():
        assert h.startswith("$argon2id$"), h
        assert PASSWORD not in h
    assert hashes["admin"] != hashes["kembar"]  # same password, different salt
    salts = {h.split("$")[4] for h in hashes.values()}
    assert len(salts) == 2
    assert auth.verify_password(hashes["kembar"], PASSWORD) and not auth.verify_password(hashes["kembar"], "salah")
    # Neither the password nor its hash reach the audit trail, and the plain password is nowhere in the file.
    assert "password" not in audit_text and "$argon2" not in audit_text
    ctx.db.dispose()
    raw = b"".join(p.read_bytes() for p in ctx.paths.home.glob("tatausaha.sqlite*"))
    assert PASSWORD.encode() not in raw


def test_short_password_is_refused(ctx: AppContext) -> None:
    from tatausaha.errors import ValidationFailed

    with pytest.raises(ValidationFailed, match="minimal 8 karakter"):
        with ctx.uow(actor=SYSTEM) as uow:
            accounts.create_user(uow, "admin", "Administrator", Role.ADMIN, "pendek")
    with ctx.reader(SYSTEM) as uow:
        assert accounts.count_users(uow) == 0


def test_user_changes_own_password_only_with_the_old_one(ctx: AppContext, seeded: dict[str, Any]) -> None:
    me = accounts.login(ctx.db, "admin", PASSWORD)
    with pytest.raises(AuthenticationFailed):
        with ctx.uow(actor=me) as uow:
            accounts.change_password(uow, me.user_id, "sandibaru123", old_password="salah-lama")  # type: ignore[arg-type]
    with ctx.uow(actor=me) as uow:
        accounts.change_password(uow, me.user_id, "sandibaru123", old_password=PASSWORD)  # type: ignore[arg-type]
        uow.commit()
    with pytest.raises(AuthenticationFailed):
        accounts.login(ctx.db, "admin", PASSWORD)
    assert accounts.login(ctx.db, "admin", "sandibaru123").username == "admin"


def test_last_active_admin_cannot_be_demoted(ctx: AppContext, seeded: dict[str, Any], admin: Actor) -> None:
    from tatausaha.errors import ValidationFailed

    with pytest.raises(ValidationFailed, match="administrator aktif terakhir"):
        with ctx.uow(actor=admin) as uow:
            accounts.set_role(uow, seeded["admin_id"], Role.OPERATOR)
    with ctx.uow(actor=SYSTEM) as uow:
        second, _ = accounts.create_user(uow, "admin2", "Admin Kedua", Role.ADMIN, PASSWORD)
        uow.commit()
    with ctx.uow(actor=admin) as uow:  # with a second admin, the first may step down
        accounts.set_role(uow, seeded["admin_id"], Role.OPERATOR)
        uow.commit()
    with ctx.reader(admin) as uow:
        roles = {u.username: u.role for u in accounts.list_users(uow)}
    assert roles == {"admin": Role.OPERATOR, "admin2": Role.ADMIN}
    with pytest.raises(ValidationFailed, match="tidak dikenal"):
        with ctx.uow(actor=admin) as uow:
            accounts.set_role(uow, second.id, "bupati")
