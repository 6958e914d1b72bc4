"""Who runs a command: the command line acts as a person, never as an anonymous administrator.

Every subcommand that reads or changes records needs a log-in: ``tatausaha --user NAMA …`` (the
password is asked without echo when a terminal is attached) or ``TATAUSAHA_USER`` and
``TATAUSAHA_PASSWORD`` in the environment for scripts and services. A wrong password counts toward
the lock-out exactly as in the app; the audit trail names the user.

A parser declares what it needs with ``set_defaults(access=…)``:

``login`` (default)
    a log-in, always.
``owner``
    repair commands (``check``, ``backup``, ``restore``, ``audit verify``, ``reindex``): a log-in, or,
    without one, the operating-system owner of the SQLite data folder (who can copy or replace the
    database file anyway). On a server database (PostgreSQL) these need a log-in as well.
``setup``
    ``demo``: before any account exists it runs without a log-in; afterwards an admin log-in.
``init``
    ``init``: always allowed, but without a log-in it only does what is missing (creates or upgrades
    the database, the first admin when there is none, the office profile when there is none).
``none``
    commands that touch no data (``print separator``, ``--version``).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from tatausaha.errors import AuthenticationFailed
from tatausaha.services.auth import SYSTEM, Actor

LOGIN = "login"
OWNER = "owner"
SETUP = "setup"
INIT = "init"
NONE = "none"

USER_ENV = "TATAUSAHA_USER"
PASSWORD_ENV = "TATAUSAHA_PASSWORD"

NEEDS_LOGIN = (
    "Perintah ini butuh log-in: jalankan dengan --user NAMA (kata sandi ditanyakan), atau isi "
    f"{USER_ENV} dan {PASSWORD_ENV} untuk skrip."
)


def interactive() -> bool:
    return sys.stdin.isatty() and not os.environ.get("CI")


def add_user_option(parser: argparse.ArgumentParser) -> None:
    """``--user`` on the top-level parser and on every subcommand (so it may stand before or after it)."""
    parser.add_argument("--user", "-u", metavar="NAMA", help=f"masuk sebagai pengguna ini (atau env {USER_ENV})")
    for leaf in _subparsers(parser):
        leaf.add_argument("--user", "-u", metavar="NAMA", default=argparse.SUPPRESS,
                          help=f"masuk sebagai pengguna ini (atau env {USER_ENV})")


def _subparsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    seen: set[int] = set()
    for action in parser._actions:  # noqa: SLF001 - argparse keeps its subparsers here
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            for sub in action.choices.values():
                if id(sub) in seen:
                    continue
                seen.add(id(sub))
                yield sub
                yield from _subparsers(sub)


def credentials(args: argparse.Namespace) -> tuple[str | None, str | None]:
    """The user name and password this run offers (``None`` when it offers none)."""
    user = getattr(args, "user", None) or os.environ.get(USER_ENV) or None
    if not user:
        return None, None
    password = os.environ.get(PASSWORD_ENV)
    if password is None and interactive():
        password = getpass.getpass(f"Kata sandi {user}: ")
    if not password:
        raise AuthenticationFailed(
            f"Kata sandi untuk {user} wajib: ketik saat diminta (dari terminal) atau isi {PASSWORD_ENV}."
        )
    return user, password


def owner_of_data_folder(ctx: Any) -> bool:
    """The process runs as the operating-system account that owns the SQLite data folder."""
    db = getattr(ctx, "db", None)
    if db is None or not db.is_sqlite:
        return False
    return owns_folder(ctx.paths.home)


def owns_folder(home: Any) -> bool:
    try:
        st = os.stat(home)
    except OSError:
        return False
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # Windows: the folder sits in the user's own profile and is writable
        return os.access(home, os.W_OK)
    return getuid() in (0, st.st_uid)


def owner_actor() -> Actor:
    try:
        who = getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name available: still a named system act
        who = "?"
    return replace(SYSTEM, username=f"sistem:{who}", full_name=f"Sistem (pemilik folder data, akun OS {who})")


def has_accounts(ctx: Any) -> bool:
    from tatausaha.services import accounts

    with ctx.reader(SYSTEM) as uow:
        return accounts.count_users(uow) > 0


def resolve(args: argparse.Namespace, ctx: Any) -> Actor:
    """The actor this command runs as, or ``AuthenticationFailed``/``AccountLocked`` with one Indonesian line."""
    from tatausaha.services import accounts

    access = getattr(args, "access", LOGIN)
    if access == NONE:
        return SYSTEM
    if access in (INIT, SETUP) and not has_accounts(ctx):
        return SYSTEM  # before the first account there is nobody to log in as
    user, password = credentials(args)
    if user and password:
        return accounts.login(ctx.db, user, password)
    if access == INIT:
        return SYSTEM  # the command limits itself to what is missing
    if access == OWNER and owner_of_data_folder(ctx):
        return owner_actor()
    if not has_accounts(ctx):
        raise AuthenticationFailed(
            "Belum ada akun pengguna di basis data ini: buat admin pertama dengan "
            "'tatausaha init --admin-user NAMA' (atau buka aplikasi), lalu jalankan perintah ini dengan --user."
        )
    raise AuthenticationFailed(NEEDS_LOGIN)


def logged_in(actor: Actor) -> bool:
    return actor.user_id is not None
