"""The core never loads Qt: every module outside ``tatausaha.ui`` imports without PySide6/shiboken6,
and the import-linter contract in pyproject.toml holds."""

from __future__ import annotations

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
                 "tatausaha.app.maintenance", "tatausaha.context", "tatausaha.models.account"):
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


def _core_modules() -> set[str]:
    """Every module and package of the core (everything but the UI), by its dotted name."""
    import tatausaha

    root = Path(tatausaha.__file__).parent
    out = set()
    for path in root.rglob("*.py"):
        rel = path.relative_to(root.parent).with_suffix("")
        parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
        name = ".".join(parts)
        if name == "tatausaha.ui" or name.startswith("tatausaha.ui.") or "migrations" in parts:
            continue
        out.add(name)
    return out


def test_every_core_module_has_a_place_in_the_contracts() -> None:
    """A new module cannot escape the contracts by not being listed: each core module sits in a
    layer of the house (its own or a parent package's) and under the no-Qt contract."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    contracts = config["contracts"]
    house = next(c for c in contracts if c["type"] == "layers" and "containers" not in c)
    placed = {m.strip() for layer in house["layers"] for m in layer.replace(":", "|").split("|")}
    qt = next(c for c in contracts if "PySide6" in c.get("forbidden_modules", []))

    def covered(name: str, by: set[str]) -> bool:
        return any(name == m or name.startswith(m + ".") for m in by)

    modules = _core_modules() - {"tatausaha", "tatausaha.__main__", "tatausaha.services"}
    assert "tatausaha.search.index" in modules and "tatausaha.registry" in modules
    assert sorted(m for m in modules if not covered(m, placed)) == []
    assert sorted(m for m in modules if not covered(m, set(qt["source_modules"]))) == []


def test_import_linter_contracts() -> None:
    """Run lint-imports on every contract in pyproject.toml: the house's layers, the areas'
    independence, the search and ingest rooms in order, no circles anywhere, no Qt in the core."""
    exe = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    if not Path(exe).exists():
        pytest.skip("import-linter (lint-imports) is not installed")
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]
    assert {c["type"] for c in contracts} >= {"layers", "independence", "acyclic_siblings", "forbidden"}
    out = subprocess.run([exe, "--config", str(ROOT / "pyproject.toml"), "--no-cache"], capture_output=True, text=True,
                         timeout=300, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert f"{len(contracts)} kept, 0 broken" in out.stdout
