"""Benchmarks cannot rot: every ``bench/*.py`` entry point runs at its ``--smoke`` size.

No timing is asserted (speed is measured by the benchmarks themselves, at full size, by hand).
What is asserted: each entry point exists in this list or is found by the walk, exits 0, and prints
its figure as a ratio against the limit it measures. A benchmark added to ``bench/`` joins by itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


def entry_points() -> list[Path]:
    """Scripts with a ``__main__`` block; helper modules (corpus makers, the run half) are not."""
    return sorted(p for p in BENCH.glob("*.py") if 'if __name__ == "__main__":' in p.read_text(encoding="utf-8"))


def test_the_walk_finds_the_benchmarks() -> None:
    names = {p.name for p in entry_points()}
    assert {"bench_letter_list.py", "bench_printing.py", "bench_ingest.py", "bench_search.py"} <= names


@pytest.mark.slow
@pytest.mark.parametrize("script", entry_points(), ids=lambda p: p.stem)
def test_benchmark_runs_at_smoke_size(script: Path, tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TATAUSAHA_HOME": str(tmp_path / "home")}
    env.pop("TATAUSAHA_DATABASE_URL", None)
    done = subprocess.run([sys.executable, str(script), "--smoke"], cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{script.name} --smoke failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    assert "ratio" in done.stdout.lower(), f"{script.name} printed no ratio against its limit:\n{done.stdout[-2000:]}"
