"""The benchmark scripts run on a tiny size (not timed: only that they work end to end)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"


def test_bench_report_and_results_render_on_fixture(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent))
    from benchmarks import bench_report, run_all

    spec = importlib.util.spec_from_file_location("processed_fixture", FIXTURES / "processed_fixture.py")
    fx = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fx)
    processed = fx.write_processed(tmp_path / "processed")
    res = bench_report.run(processed, 2026, FIXTURES / "report_ok.yml", 2, 2, skip_naive=False,
                           work=tmp_path / "work", processed_root=processed, notebooks_dir=FIXTURES)
    assert res["n_reports"] == 2
    assert res["rpa_report_s"] > 0 and res["kernel_free_s"] > 0 and res["naive_s"] > 0
    assert set(res["breakdown"]) >= {"kernel_start_and_overhead_s", "export_html_s"}
    md = run_all.render(run_all.machine(), res, None, "register: see H6", "--sample 2")
    assert "## 1. Reporting set" in md and "register: see H6" in md and "naive loop" in md
