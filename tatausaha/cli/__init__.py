"""The one command. ``tatausaha`` alone opens the app; subcommands work headless.

Each area adds its subcommands from its own module (``Area.cli_module`` in the registry) through
``register(subparsers)``; a handler is ``fn(args, ctx) -> int | None`` and gets an opened
``AppContext`` unless its parser sets ``needs_db=False``. Who runs it: ``tatausaha.cli.login``
(a log-in unless the parser sets ``access=`` to a set-up or repair level).
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import sys
from collections.abc import Sequence
from typing import Any

from tatausaha import __version__
from tatausaha.errors import TatausahaError

#: The commands of the house itself; each installed area adds its own (``Area.cli_module``).
CORE_MODULES = [
    "tatausaha.cli.core",
    "tatausaha.cli.areas_cmd",
    "tatausaha.cli.print_cmd",
    "tatausaha.cli.watch",
    "tatausaha.cli.search_cmd",
    "tatausaha.cli.server_cmd",
    "tatausaha.cli.bundle_cmd",
]


def command_modules() -> list[str]:
    """The house's command modules, then every installed area's, in installation order."""
    from tatausaha import registry

    return [*CORE_MODULES, *(a.cli_module for a in registry.areas() if a.built and a.cli_module)]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tatausaha",
        description="Aplikasi tata usaha kecamatan. Tanpa argumen: membuka aplikasi.",
    )
    parser.add_argument("--version", action="version", version=f"tatausaha {__version__}")
    parser.add_argument("--json", action="store_true", help="keluaran data sebagai JSON")
    parser.add_argument("-v", "--verbose", action="store_true", help="tampilkan log rinci")
    sub = parser.add_subparsers(dest="command", metavar="PERINTAH")
    for name in command_modules():
        importlib.import_module(name).register(sub)
    from tatausaha.cli import login

    login.add_user_option(parser)
    return parser


def emit(ctx: Any, data: Any, text: str | None = None) -> None:
    """Print ``data`` as JSON with --json, else the human text (or a plain rendering)."""
    if getattr(ctx, "json", False):
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    elif text is not None:
        print(text)
    else:
        print(data)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from tatausaha import logsetup
    from tatausaha.config import AppPaths

    logsetup.configure(AppPaths.from_env().logs, console_level=logging.INFO if args.verbose else logging.WARNING)
    if args.command is None:
        if sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")
        ):
            print("tatausaha: tidak ada layar grafis (DISPLAY/WAYLAND_DISPLAY kosong). Buka dari desktop, "
                  "atau pakai perintah baris (tatausaha --help).", file=sys.stderr)
            return 2
        app = importlib.import_module("tatausaha.ui.app")  # lazily: the core never imports Qt
        return int(app.main())
    handler = args.handler
    ctx: Any = None
    try:
        if getattr(args, "needs_db", True):
            from tatausaha.cli import login
            from tatausaha.context import AppContext

            ctx = AppContext.open()
            ctx.json = args.json
            ctx.actor = login.resolve(args, ctx)
        else:
            from types import SimpleNamespace

            ctx = SimpleNamespace(json=args.json)
        result = handler(args, ctx)
        return int(result or 0)
    except TatausahaError as exc:
        logging.getLogger("tatausaha").warning("'%s' refused: %s", args.command, exc, extra=logsetup.FILE_ONLY)
        print(f"tatausaha: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("tatausaha: dibatalkan.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - last resort: one line, the details in the log with -v
        logging.getLogger("tatausaha").error("unhandled error in '%s'", args.command, exc_info=True,
                                             extra=logsetup.FILE_ONLY)
        where = logsetup.log_file()
        print(f"tatausaha: kesalahan tak terduga ({type(exc).__name__}). Rinciannya tercatat di "
              f"{where or 'log'}; jalankan dengan -v untuk melihatnya di sini.", file=sys.stderr)
        if args.verbose:
            import traceback

            traceback.print_exc()
        return 3
    finally:
        if ctx is not None and hasattr(ctx, "close"):
            ctx.close()
