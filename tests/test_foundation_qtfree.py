"""The core never loads Qt: every module outside ``tatausaha.ui`` imports without PySide6/shiboken6,
and the import-linter contract in pyproject.toml holds."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

_WALK = r"""
import importlib, json, pkgutil, sys
import tatausaha

imported, failed = [], {}

def walk(path, prefix):
    # pkgutil.walk_packages would import tatausaha.ui to descend into it; walk by hand instead.
    for info in pkgutil.iter_modules(path, prefix):
        name = info.name
        if name == "tatausaha.ui" or name == "tatausaha.__main__":  # __main__ would run the CLI
            continue
        try:
            module = importlib.import_module(name)
            imported.append(name)
        except Exception as exc:  # report every broken module, not just the first
            failed[name] = f"{type(exc).__name__}: {exc}"
            continue
        if info.ispkg:
            walk(module.__path__, name + ".")

walk(tatausaha.__path__, "tatausaha.")
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
ui = sorted(m for m in sys.modules if m == "tatausaha.ui" or m.startswith("tatausaha.ui."))
print(json.dumps({"imported": imported, "failed": failed, "qt": qt, "ui": ui}))
"""


def test_every_core_module_imports_without_qt() -> None:
    out = subprocess.run([sys.executable, "-c", _WALK], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["failed"] == {}, f"core modules that do not import: {result['failed']}"
    # The walk really covered the core (not an empty package by accident).
    for must in ("tatausaha.cli", "tatausaha.cli.core", "tatausaha.storage.migrate", "tatausaha.services.audit",
                 "tatausaha.services.maintenance", "tatausaha.context", "tatausaha.models.account"):
        assert must in result["imported"]
    assert result["qt"] == [], f"Qt loaded by the core: {result['qt'][:10]}"
    assert result["ui"] == [], f"the UI package was loaded by the core: {result['ui']}"


def test_cli_help_and_version_do_not_load_qt() -> None:
    """The CLI entry point (which can start the UI) only touches Qt when no subcommand is given."""
    code = (
        "import sys\n"
        "from tatausaha.cli import build_parser\n"
        "build_parser().format_help()\n"
        "print([m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'tatausaha.ui'))])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def _module_exists(name: str) -> bool:
    """A real module or regular package (import-linter does not see namespace packages)."""
    try:
        spec = importlib.util.find_spec(name)
    except ModuleNotFoundError:
        return False
    return spec is not None and spec.origin not in (None, "namespace")


def test_import_linter_contract(tmp_path: Path) -> None:
    """Run lint-imports on the pyproject contract.

    Area packages that have not landed yet (an empty folder) are left out, since import-linter
    refuses unknown modules; every top-level core module that exists is added, so a new module
    cannot escape the contract by not being listed.
    """
    exe = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    if not Path(exe).exists():
        pytest.skip("import-linter (lint-imports) is not installed")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    contracts = config["contracts"]
    qt_contract = next(c for c in contracts if "PySide6" in c.get("forbidden_modules", []))
    import tatausaha

    top_level = {
        f"tatausaha.{p.stem if p.is_file() else p.name}"
        for p in Path(tatausaha.__file__).parent.iterdir()
        if (p.suffix == ".py" and p.stem not in ("__init__", "__main__")) or (p.is_dir() and (p / "__init__.py").exists())
    }
    top_level.discard("tatausaha.ui")
    sources = sorted({m for m in qt_contract["source_modules"] if _module_exists(m)} | top_level)
    assert "tatausaha.storage" in sources and "tatausaha.services" in sources

    def q(items: list[str]) -> str:
        return "[" + ", ".join(json.dumps(i) for i in items) + "]"

    cfg = tmp_path / "importlinter.toml"
    cfg.write_text(
        "[tool.importlinter]\n"
        f'root_package = "{config["root_package"]}"\n'
        "include_external_packages = true\n\n"
        "[[tool.importlinter.contracts]]\n"
        f"name = {json.dumps(qt_contract['name'])}\n"
        'type = "forbidden"\n'
        f"source_modules = {q(sources)}\n"
        f"forbidden_modules = {q(qt_contract['forbidden_modules'])}\n"
        f"allow_indirect_imports = {str(qt_contract.get('allow_indirect_imports', False)).lower()}\n",
        encoding="utf-8",
    )
    out = subprocess.run([exe, "--config", str(cfg), "--no-cache"], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "1 kept, 0 broken" in out.stdout
