"""Audited rows written with Core statements must reach the trail by hand.

The ORM's flush events put every change of an audited model on the trail. A Core ``insert(Model)``,
``update(Model)`` or ``delete(Model)`` bypasses them, and ``tatausaha check`` would then report
those rows as changed behind the app's back. This static walk over the package (AST, not text)
finds such statements. It requires that the same function puts the rows on the trail, through
``audit.record_rows``, ``uow.record`` or ``audit.record_event``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import tatausaha.models  # noqa: F401 - registers every model
from tatausaha.models.base import Base

PKG = Path(__file__).resolve().parents[1] / "tatausaha"
RECORDERS = {"record_rows", "record", "record_event"}


def audited_names() -> set[str]:
    return {m.class_.__name__ for m in Base.registry.mappers if getattr(m.class_, "__audit__", False)}


def findings(root: Path = PKG, audited: set[str] | None = None) -> list[str]:
    audited = audited if audited is not None else audited_names()
    found: list[str] = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            calls = [n for n in ast.walk(fn) if isinstance(n, ast.Call)]
            names = {c.func.attr if isinstance(c.func, ast.Attribute) else getattr(c.func, "id", "") for c in calls}
            for c in calls:
                verb = c.func.attr if isinstance(c.func, ast.Attribute) else getattr(c.func, "id", "")
                if verb not in ("insert", "update", "delete") or not c.args:
                    continue
                target = c.args[0]
                model = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
                if model in audited and not (names & RECORDERS):
                    found.append(f"{path.relative_to(root.parent)}:{c.lineno} {verb}({model}) in {fn.name}")
    return found


def test_core_writes_of_audited_models_are_put_on_the_trail() -> None:
    assert findings() == []


def test_the_walk_finds_a_bypass(tmp_path: Path) -> None:
    pkg = tmp_path / "tatausaha"
    pkg.mkdir()
    (pkg / "bad.py").write_text(
        "from sqlalchemy import update\n"
        "def rename(s):\n"
        "    s.execute(update(SuratMasuk).values(perihal='x'))\n"
        "def fine(s, audit):\n"
        "    s.execute(update(SuratMasuk).values(perihal='x'))\n"
        "    audit.record_rows(s, SuratMasuk, True, 'update')\n"
    )
    assert findings(pkg, {"SuratMasuk"}) == ["tatausaha/bad.py:3 update(SuratMasuk) in rename"]
