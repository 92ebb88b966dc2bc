"""The benchmark scripts run on a tiny size (not timed: only that they work end to end), and
``make bench``'s RESULTS.md layout (:mod:`benchmarks.run_all`) from hand-made inputs."""

from __future__ import annotations

import importlib.util
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
MACHINE = {"date": "2026-12-02", "platform": "Linux-test", "cpu": "Test CPU", "cores": 2, "memory": "1.0 GB",
           "versions": {"python": "3.11.7", "pandas": "3.1.1", "pyarrow": "26.0.1", "papermill": "niet geïnstalleerd"},
           "code": {"commit": "0123456789abcdef", "dirty": False}}
HEADINGS = ["## 1. Reporting set", "## 2. Kernels that start ready: the choice", "## 3. Figures: PNG or SVG",
            "## 4. Register scale: the suite's own path", "## 5. Fresh start"]


def test_bench_report_runs_on_fixture(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent))
    from benchmarks import bench_report

    spec = importlib.util.spec_from_file_location("processed_fixture", FIXTURES / "processed_fixture.py")
    fx = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fx)
    processed = fx.write_processed(tmp_path / "processed")
    res = bench_report.run(processed, 2026, FIXTURES / "report_ok.yml", 2, 2, skip_naive=False,
                           work=tmp_path / "work", processed_root=processed, notebooks_dir=FIXTURES)
    assert res["n_reports"] == 2
    assert res["rpa_report_s"] > 0 and res["kernel_free_s"] > 0 and res["naive_s"] > 0
    assert set(res["breakdown"]) >= {"kernel_start_and_overhead_s", "export_html_s"}


def _section(md: str, number: int) -> str:
    start = md.index(HEADINGS[number - 1])
    end = md.index(HEADINGS[number]) if number < len(HEADINGS) else len(md)
    return md[start:end]


def test_results_render_layout_notes_and_kept_sections(monkeypatch):
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent))
    from benchmarks import run_all

    kernels = {"template_start_s": 0.86, "rounds": 3,
               "spawn": {"ready_s": 0.52, "imports_s": 0.73, "shutdown_s": 0.11, "total_s": 1.29},
               "inprocess": {"ready_s": 0.2, "imports_s": 0.01, "shutdown_s": 0.05, "total_s": 0.26}}
    figures = {"n_figures": 52, "sample": 10, "formats": {
        "png-100dpi": {"render_s": 3.9, "html_kb": 3622, "per_figure_kb": 69.7, "print_s": 1.32, "pdf_kb": 1848,
                       "ppi_on_a4": 137},
        "svg": {"render_s": 3.18, "html_kb": 4080, "per_figure_kb": 78.5, "print_s": float("nan"), "pdf_kb": 0,
                "ppi_on_a4": "vector"}}}
    old = ("# Benchmark results\n\nold header\n\n## 1. Reporting set\n\nOLD SET TABLE 58.4 s\n\nOLD SET NOTE\n\n"
           "## 2. Kernels that start ready: the choice\n\nOLD KERNEL TABLE\n\n## 3. Figures: PNG or SVG\n\nOLD FIGS\n")
    notes = ("Preamble that is not copied.\n\n## 1. Reporting set\n\nOLD SET NOTE\n\n"
             "## 2.\n\nWhy the default kernel way.\n\n## 3. Figures\n\nChosen: SVG.\n\n## 5.\n\nFRESH NOTE\n")
    register = "### Register scale\n\n| rows | total s |\n|---:|---:|\n| 40.000 | **1,1** |\n"
    md = run_all.render(MACHINE, {"runs": None, "kernels": kernels, "figures": figures, "fresh": None},
                        "--skip-runs --skip-fresh", old, notes, register)

    positions = [md.index(h) for h in HEADINGS]
    assert positions == sorted(positions) and all(md.count(h) == 1 for h in HEADINGS)
    assert md.startswith("# Benchmark results\n")
    header = md[:positions[0]]
    assert "`python -m benchmarks.run_all --skip-runs --skip-fresh`" in header and "pyarrow 26.0.1" in header
    assert "papermill" not in header and "old header" not in header and "commit 0123456789ab" in header

    s1, s2, s3, s4, s5 = (_section(md, n) for n in range(1, 6))
    # skipped: kept from the old file, its note once (the old copy is replaced by the notes file's)
    assert "OLD SET TABLE 58.4 s" in s1 and s1.count("OLD SET NOTE") == 1
    assert s1.index("OLD SET TABLE") < s1.index("OLD SET NOTE")
    # generated, then the notes of the same number, and nothing of the old text
    assert "OLD KERNEL TABLE" not in s2 and "Why the default kernel way." not in s1 + s3
    row = "| plain kernel process (papermill's way, before issue 17) | 0.52 | 0.73 | 0.11 | **1.29** |"
    assert s2.index(row) < s2.index("(the default) | 0.2 | 0.01 | 0.05 | **0.26** |") \
        < s2.index("(0.86 s)") < s2.index("Why the default kernel way.")
    assert s3.index("| png-100dpi | 3.9 | 3622 | 69.7 | 1.32 | 1848 | 137 ppi |") \
        < s3.index("| svg | 3.18 | 4080 | 78.5 | – | – | vector |") < s3.index("Chosen: SVG.")
    assert "the 52 figures of 10 reports" in s3 and "OLD FIGS" not in s3
    assert "#### Register scale" in s4 and "| 40.000 | **1,1** |" in s4
    # not run and nothing old to keep: no notes either (they would explain figures that are not there)
    assert s5.strip().endswith("Not run in this invocation.") and "FRESH NOTE" not in md and "Preamble" not in md

    # rendering again over its own output, every section skipped: the same file, notes not doubled,
    # "Not run" not kept as if it were a result
    again = run_all.render(MACHINE, {}, "--skip-runs --skip-fresh", md, notes, register)
    assert again == md
    changed = run_all.render(MACHINE, {}, "--skip-runs --skip-fresh", md, notes.replace("SVG.", "SVG, vector."),
                             register)
    assert "Chosen: SVG, vector." in changed and "Chosen: SVG.\n" not in changed


def test_isolated_bound_runs_each_report_in_a_fork_and_names_a_failure(tmp_path, monkeypatch):
    """The isolated bound (c) does the same work as the bound (b), each report in a fork; a failing report stops it."""
    import pytest

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent))
    from benchmarks import bench_report

    spec = importlib.util.spec_from_file_location("processed_fixture", FIXTURES / "processed_fixture.py")
    fx = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fx)
    processed = fx.write_processed(tmp_path / "processed")
    jobs = bench_report.load_jobs(2026, FIXTURES / "report_ok.yml", None, FIXTURES)
    _, plain = bench_report.time_kernel_free(jobs, 2026, processed, tmp_path / "plain", 2)
    _, isolated = bench_report.time_kernel_free(jobs, 2026, processed, tmp_path / "isolated", 2, fork_each=True)
    assert isolated["figures"] == plain["figures"] == 2  # the two fx_projecten reports draw one figure each
    assert sorted(p.name for p in (tmp_path / "isolated").glob("*.svg")) == \
        sorted(p.name for p in (tmp_path / "plain").glob("*.svg"))
    failing = bench_report.load_jobs(2026, FIXTURES / "report_test.yml", None, FIXTURES)
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        bench_report.time_kernel_free(failing, 2026, processed, tmp_path / "failing", 1, fork_each=True)


def test_the_ratio_goal_is_judged_on_every_estimate_and_not_on_a_disturbed_run(monkeypatch):
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent))
    from benchmarks.bench_runs import ratio_verdict

    # steady: medians 36/30 = 1,20; per turn 1,20, 1,20, 1,20; fastest 36/30 = 1,20 -> met
    assert ratio_verdict([36.0, 36.0, 36.0], [30.0, 30.0, 30.0])[0] == "met"
    # medians 37/30 = 1,23 -> missed, although the fastest turns give 33/30 = 1,10
    verdict, why = ratio_verdict([33.0, 37.0, 40.0], [30.0, 30.0, 30.0])
    assert verdict == "missed" and "ratio of the medians 1,23×" in why and "fastest turns 1,10×" in why
    # the bound slower than rpa report in one turn (40 > 38): disturbed, not judged, even with a ratio below 1
    verdict, why = ratio_verdict([36.0, 38.0, 37.0], [30.0, 40.0, 31.0])
    assert verdict == "not judged" and "in 1 of 3 turns" in why


def test_cpu_seconds_count_the_processes_that_outlive_their_parent(monkeypatch):
    """rpa report's fork server and workers outlive the runner; their CPU time must still be counted."""
    import sys

    import pytest

    if not sys.platform.startswith("linux"):
        pytest.skip("the subreaper is Linux only")
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent))
    from benchmarks.bench_report import run_timed

    # the child starts a grandchild that burns 0,4 s of CPU and leaves at once: the grandchild is orphaned
    burn = "import time\nwhile time.process_time() < 0.4: pass"
    child = (f"import subprocess, sys; subprocess.Popen([sys.executable, '-c', {burn!r}], "
             "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)")
    r, wall, cpu = run_timed([sys.executable, "-c", child], capture_output=True, text=True)
    assert r.returncode == 0
    assert cpu is not None and cpu >= 0.4  # without the subreaper only the child's ~0,05 s would count
    assert wall < cpu  # the run itself ended before the grandchild did its work


def test_cpu_line_gives_the_turn_by_turn_ratio_and_nothing_when_not_counted(monkeypatch):
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent))
    from benchmarks.bench_runs import _cpu_lines

    # per turn 110/100 = 1,100 and 105,5/96,9 = 1,089: median 1,094 -> 1,09
    text = " ".join(_cpu_lines({"full_cpu_s": [110.0, 105.5], "bound_cpu_s": [100.0, 96.9]}))
    assert "`rpa report` 110,0, 105,5; the bound 100,0, 96,9." in text
    assert "uses 1,09× the bound's CPU seconds" in text
    assert _cpu_lines({"full_cpu_s": [110.0, None], "bound_cpu_s": [100.0, 96.9]}) == []
    assert _cpu_lines({"full_s": [40.0]}) == []  # a run from before the CPU seconds were counted


def test_run_timed_counts_the_system_part_and_the_page_faults_apart(monkeypatch):
    import sys

    import pytest

    if not sys.platform.startswith("linux"):
        pytest.skip("the subreaper is Linux only")
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent))
    from benchmarks.bench_report import run_timed

    # the child writes one byte in each 4 KB page of 200 MB of new memory, in plain pages (no transparent
    # huge pages, which would take 512 pages in one fault): 51.200 pages, each a page fault
    touch = ("import mmap; m = mmap.mmap(-1, 200 << 20); m.madvise(mmap.MADV_NOHUGEPAGE)\n"
             "for i in range(0, 200 << 20, 4096): m[i] = 1")
    usage: dict = {}
    r, _wall, cpu = run_timed([sys.executable, "-c", touch], usage, capture_output=True, text=True)
    assert r.returncode == 0
    assert usage["page_faults"] >= 51_200
    assert 0 <= usage["system_s"] <= cpu


def test_system_line_lists_both_variants_turn_by_turn_and_nothing_when_not_counted(monkeypatch):
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent))
    from benchmarks.bench_runs import _cpu_lines, _system_line

    repeats = {"full_cpu_s": [110.0, 105.5], "bound_cpu_s": [100.0, 96.9],
               "full_system_s": [10.5, 9.8], "bound_system_s": [4.7, 4.4]}
    assert _system_line(repeats) == ["", "Of those, system time (the operating system's work for the processes: "
                                         "forks, page faults, exits): `rpa report` 10,5, 9,8; the bound 4,7, 4,4."]
    assert _cpu_lines(repeats)[-1] == _system_line(repeats)[-1]
    assert _system_line({**repeats, "bound_system_s": [4.7, None]}) == []
    assert _system_line({"full_cpu_s": [110.0]}) == []  # a run from before the system time was counted


def test_reruns_heading_says_when_chromium_was_missing_and_nothing_when_it_printed(monkeypatch):
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent))
    from analysis.report.pdf import MISSING_BROWSER
    from benchmarks.bench_runs import _reruns_heading

    printed = {"log": ["PDF: 56 rapporten en 3 gebundelde fasedocument(en) (q1/prognose-2026.pdf).", "Klaar"]}
    res = {k: printed for k in ("with_pdf", "unchanged", "notebook_edited", "delivery_changed")}
    assert "Chromium" not in _reruns_heading(res)
    res["unchanged"] = {"log": [MISSING_BROWSER, "Klaar"]}  # one rerun without a browser is enough to say so
    assert "Chromium was missing on this machine, so these reruns printed no PDF" in _reruns_heading(res)
    assert _reruns_heading({k: {} for k in res}).endswith("published):")  # a run saved without its log
