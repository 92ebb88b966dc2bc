"""Smoke test: the register benchmark runs the suite's own path end to end on a tiny size (not timed)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_bench_register_runs_tiny(tmp_path, monkeypatch, fmt):
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent))  # works with bare `pytest` too
    from benchmarks import bench_register

    monkeypatch.setattr(bench_register, "WORK", tmp_path)
    monkeypatch.setenv("RPA_BENCH_WORK", str(tmp_path))
    out = tmp_path / "results.md"
    rc = bench_register.main(["--sizes", "2000", "--formats", fmt, "--output", str(out)])
    text = out.read_text(encoding="utf-8")
    assert rc == 0, text
    assert "| 2.000 | " + fmt in text
    assert "fout" not in text


def test_generated_register_goes_the_large_path_and_keeps_most_rows(tmp_path, monkeypatch):
    """The synthetic register is a valid delivery with a few problems, checked column by column."""
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent))
    from analysis.deliveries.register_large import is_large_register
    from analysis.deliveries.validate import validate_directory
    from benchmarks import bench_register

    monkeypatch.setattr(bench_register, "WORK", tmp_path)
    folder = bench_register.generate(3000, "parquet")
    assert is_large_register(folder / "weller_2026_voorraad.parquet")
    result = validate_directory(folder, write=False)
    kept = len(result.tables["stock"])
    assert 0.98 * 3000 < kept < 3000  # about 0,5 % of the rows carry a problem
    assert result.n_rejected == 3000 - kept
