"""Office PCs run Windows: the core and the UI use no POSIX-only call on the paths Windows needs.

A static walk over ``tatausaha/`` (AST, not text search): calls and imports that do not exist or do
not behave on Windows are refused unless the line is guarded for the platform (``os.name`` /
``sys.platform`` in the same function, which the walk checks).
"""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "tatausaha"

#: module.attribute calls that do not exist on Windows (or fork, which Windows has no equivalent of)
POSIX_CALLS = {
    ("os", "fork"), ("os", "forkpty"), ("os", "getuid"), ("os", "geteuid"), ("os", "getgid"), ("os", "chown"),
    ("os", "sysconf"), ("os", "setsid"), ("os", "killpg"), ("os", "getpgid"), ("os", "mkfifo"), ("os", "uname"),
    ("signal", "SIGKILL"), ("signal", "SIGHUP"), ("signal", "SIGUSR1"), ("signal", "SIGUSR2"), ("signal", "alarm"),
}
POSIX_MODULES = {"fcntl", "pwd", "grp", "termios", "resource", "posix"}


def _guarded(func: ast.AST | None) -> bool:
    if func is None:
        return False
    text = ast.unparse(func)
    return "os.name" in text or "sys.platform" in text or "platform.system" in text


def findings() -> list[str]:
    out: list[str] = []
    for path in sorted(PKG.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        parents: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                parents[child] = node

        def enclosing(node: ast.AST, parents: dict[ast.AST, ast.AST] = parents) -> ast.AST | None:
            while node in parents:
                node = parents[node]
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    return node
            return None

        rel = path.relative_to(PKG.parent)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                if (node.value.id, node.attr) in POSIX_CALLS and not _guarded(enclosing(node)):
                    out.append(f"{rel}:{node.lineno} {node.value.id}.{node.attr}")
            elif isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                for name in names:
                    if name.split(".")[0] in POSIX_MODULES and not _guarded(enclosing(node)):
                        out.append(f"{rel}:{node.lineno} import {name}")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("/tmp"):
                out.append(f"{rel}:{node.lineno} hard-coded {node.value!r}")
            elif isinstance(node, ast.Call) and ast.unparse(node.func).endswith("get_context"):
                if node.args and isinstance(node.args[0], ast.Constant) and node.args[0].value != "spawn":
                    out.append(f"{rel}:{node.lineno} multiprocessing context {node.args[0].value!r} (Windows has spawn only)")
    return out


def test_no_posix_only_calls_in_the_package() -> None:
    assert findings() == []


def test_the_walk_would_catch_one(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Not vacuous: a module calling os.fork and importing fcntl is named."""
    fake = tmp_path / "tatausaha"
    fake.mkdir()
    (fake / "bad.py").write_text("import fcntl\nimport os\n\ndef go():\n    return os.fork()\n", encoding="utf-8")
    (fake / "ok.py").write_text("import os\n\ndef go():\n    if os.name != 'nt':\n        return os.getuid()\n",
                                encoding="utf-8")
    monkeypatch.setattr(__import__(__name__), "PKG", fake)
    assert findings() == ["tatausaha/bad.py:1 import fcntl", "tatausaha/bad.py:5 os.fork"]
