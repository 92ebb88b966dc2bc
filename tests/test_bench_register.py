"""Smoke test: the register benchmark runs end to end on a tiny size (not a timed test)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.mark.parametrize("engine", ["pandas", "stream", "duckdb"])
def test_bench_register_runs_tiny(tmp_path, monkeypatch, engine):
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent))  # works with bare `pytest` too
    from benchmarks import bench_register

    monkeypatch.setattr(bench_register, "WORK", tmp_path)
    monkeypatch.setenv("RPA_BENCH_WORK", str(tmp_path))
    out = tmp_path / "results.md"
    rc = bench_register.main(["--sizes", "1000", "--engines", engine, "--output", str(out)])
    text = out.read_text(encoding="utf-8")
    assert rc == 0, text
    assert "| 1.000 | " + engine in text
    assert "fout" not in text
