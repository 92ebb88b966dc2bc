"""``make bench``: every benchmark, then ``benchmarks/RESULTS.md``.

1. reporting set (:mod:`benchmarks.bench_report`): ``rpa report`` vs the naive loop vs the
   kernel-free bound, side by side in one run;
2. register scale (:mod:`benchmarks.bench_register`, engineer H6), which writes
   ``benchmarks/results_register.md``; included here verbatim;
3. fresh start (:mod:`benchmarks.bench_fresh_start`): clone to first finished report.

``python -m benchmarks.run_all [--sample N] [--skip-naive] [--skip-fresh] [--skip-register]``.
Results of this run are also kept as JSON in ``benchmarks/work/results.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def machine() -> dict:
    from analysis.report.runner import git_version, package_versions

    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")).split()[1])
        mem = f"{kb / 1024 / 1024:.1f} GB"
    except (OSError, StopIteration, ValueError):
        pass
    return {"date": dt.date.today().isoformat(), "platform": platform.platform(), "cpu": cpu,
            "cores": os.cpu_count(), "memory": mem, "versions": package_versions(), "code": git_version(ROOT)}


def demote(markdown: str) -> str:
    """Push the headings of an included file one level down (it sits under '## 2.')."""
    return "\n".join("#" + line if line.startswith("#") else line for line in markdown.splitlines())


def gap_note(r: dict) -> str:
    """Explain the ratio to the naive loop from the measured figures."""
    if r["naive_s"] is None:
        return "Not measured."
    n, w = r["n_reports"], r["workers"]
    per_naive = (r["naive_s"] - r["kernel_free_s"]) / n
    b = r["breakdown"]
    per_kernel = b["kernel_start_and_overhead_s"] / n
    per_first = b["imports_and_parameters_s"] / n
    floor = r["kernel_free_s"] / w
    return (
        f"The naive loop spends {per_naive:.1f} s per report on overhead beyond the analysis itself "
        f"(two CLI start-ups with their imports, a kernel). `rpa report` removes the CLI start-ups and the "
        f"per-report nbconvert process and runs {w} reports at a time, but with {w} cores parallelism "
        f"cannot give more than {w}×, and the analysis itself (the kernel-free bound, {r['kernel_free_s']} s) "
        f"is already {r['naive_s'] / r['kernel_free_s']:.1f}× less than the naive loop: even a perfect "
        f"{w}-way split of the bound ({floor:.1f} s) would be {r['naive_s'] / floor:.1f}× faster than the naive "
        f"loop. What remains per report: {per_kernel:.1f} s kernel start and papermill overhead (each worker "
        "starts the next report's fresh kernel while the current report runs; kernels are forked from a "
        "template that imported pandas, matplotlib and `analysis` once per worker) and "
        f"{per_first:.1f} s in the first code cell (parameter check and loading the processed data)."
    )


def render(m: dict, report: dict | None, fresh: dict | None, register_md: str | None, args: str,
           full_set: dict | None = None) -> str:
    v = m["versions"]
    lines = [
        "# Benchmark results",
        "",
        f"Produced by `python -m benchmarks.run_all {args}`".rstrip() + " (`make bench`) on "
        f"{m['date']}. Benchmarks are not tests: figures depend on the machine.",
        "",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['memory']} RAM; {m['platform']}",
        f"- Python {v['python']}; papermill {v['papermill']}, nbconvert {v['nbconvert']}, nbclient {v['nbclient']}, "
        f"ipykernel {v['ipykernel']}, pandas {v['pandas']}, matplotlib {v['matplotlib']}",
        f"- Code: commit {m['code']['commit']} (dirty: {m['code']['dirty']})",
        "",
        "## 1. Reporting set",
        "",
    ]
    if report:
        b = report["breakdown"]
        naive = "not run (`--skip-naive`)" if report["naive_s"] is None else f"{report['naive_s']} s"
        lines += [
            f"{report['n_reports']} reports (year {report['year']}, example data), {report['workers']} workers on "
            f"{report['cpu_count']} cores. Processed data validated once beforehand ({report['validate_once_s']} s; "
            "`rpa report` skips it when the inputs' checksums are unchanged).",
            "",
            "| Variant | Wall time | Ratio |",
            "|---|---:|---:|",
            f"| `rpa report` (parallel workers, fresh kernel per report, export in the worker) | {report['rpa_report_s']} s | 1 |",
            f"| (a) naive loop: `papermill` CLI then `jupyter nbconvert --to html` CLI per report, serially | {naive} | "
            f"{'–' if report['speedup_vs_naive'] is None else str(report['speedup_vs_naive']) + '× slower'} |",
            f"| (b) kernel-free bound: code cells of every report exec'd in {report.get('kernel_free_workers', 1)} plain "
            "process(es) (equal cores), figures saved as PNG, same tables | "
            f"{report['kernel_free_s']} s (of which imports {report['kernel_free_imports_s']} s) | "
            f"`rpa report` = {report['ratio_to_bound']}× the bound |",
            "",
            "Goal (issue 17): at least 10× faster than (a): "
            + ("not measured" if report["speedup_vs_naive"] is None else
               ("**met**" if report["speedup_vs_naive"] >= 10 else f"**missed** ({report['speedup_vs_naive']}×)"))
            + "; at most 1,2× (b) at equal cores: " + ("**met**" if report["ratio_to_bound"] <= 1.2 else
                                                      f"**missed** ({report['ratio_to_bound']}×)") + ".",
            "",
            "Where the time of `rpa report` goes (seconds summed over all reports, i.e. CPU-side time spread over the "
            "workers; from `manifest.json`):",
            "",
            "| Part | Seconds |",
            "|---|---:|",
            f"| kernel start, papermill overhead (execute time minus cell time) | {b['kernel_start_and_overhead_s']} |",
            f"| parameters + first code cell (imports, loading processed data) | {b['imports_and_parameters_s']} |",
            f"| remaining cells (compute, figures) | {b['compute_and_figures_s']} |",
            f"| HTML export (nbconvert, in the worker) | {b['export_html_s']} |",
            f"| CSV check + XLSX workbook | {b['tables_xlsx_s']} |",
            "",
            "Command: `python -m benchmarks.bench_report` (options `--sample N`, `--jobs N`, `--config FILE`).",
            "",
            "**Against the naive loop.** " + gap_note(report),
        ]
    else:
        lines += ["Not run in this invocation."]
    if full_set:
        lines += ["", f"Full default set: `{full_set['command']}` built {full_set['n_reports']} reports in "
                  f"{full_set['total_s']} s wall time (of which validating two delivery years "
                  f"{full_set['validate_s']} s), exit code {full_set['exit_code']} ({full_set['date']}, same machine)."]
    lines += ["", "## 2. Register scale", ""]
    lines += [demote(register_md.strip())] if register_md else ["`benchmarks/results_register.md` is missing; run "
                                                         "`python -m benchmarks.bench_register`."]
    lines += ["", "## 3. Fresh start", ""]
    if fresh:
        lines += [
            f"From `git clone` of {fresh['repo']} to the first finished report (the Q3 monitor, `--jobs 1`):",
            "",
            "| Step | Seconds |",
            "|---|---:|",
            f"| git clone | {fresh['clone_s']} |",
            f"| install (`make .venv/.installed`: venv, pip install -e .[dev], kernel) | {fresh['install_s']} |",
            f"| example deliveries (`rpa example-data`, only if the clone holds none) | {fresh['example_data_s']} |",
            f"| first report (`rpa report`, incl. validating 2 delivery years) | {fresh['first_report_s']} |",
            f"| **total** | **{fresh['total_s']}** |",
            "",
            "Command: `python -m benchmarks.bench_fresh_start` (pip uses its cache when warm).",
        ]
    else:
        lines += ["Not run in this invocation (`--skip-fresh`)."]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=None)
    p.add_argument("--config", type=Path, default=None)
    p.add_argument("--sample", type=int, default=None)
    p.add_argument("--jobs", type=int, default=None)
    p.add_argument("--skip-naive", action="store_true")
    p.add_argument("--skip-fresh", action="store_true")
    p.add_argument("--skip-register", action="store_true")
    p.add_argument("--skip-report", action="store_true")
    p.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    p.add_argument("--render-only", action="store_true",
                   help="rewrite RESULTS.md from benchmarks/work/results.json without running anything")
    a = p.parse_args(argv)
    from analysis import config

    (HERE / "work").mkdir(exist_ok=True)
    report = fresh = None
    if a.render_only:
        saved = json.loads((HERE / "work" / "results.json").read_text())
        reg = HERE / "results_register.md"
        a.output.write_text(render(machine(), saved["report"], saved["fresh"],
                                   reg.read_text(encoding="utf-8") if reg.exists() else None,
                                   saved.get("args", ""), saved.get("full_set")), encoding="utf-8")
        return 0
    if not a.skip_report:
        from benchmarks import bench_report

        report = bench_report.run(a.data or config.EXAMPLE_DIR, None, a.config, a.sample, a.jobs, a.skip_naive)
        print(json.dumps(report, indent=2))
    if not a.skip_register and (HERE / "bench_register.py").exists():
        subprocess.run([sys.executable, "-m", "benchmarks.bench_register"], cwd=ROOT, check=False)
    reg = HERE / "results_register.md"
    register_md = reg.read_text(encoding="utf-8") if reg.exists() else None
    if not a.skip_fresh:
        from benchmarks import bench_fresh_start

        fresh = bench_fresh_start.run(str(ROOT))
        print(json.dumps(fresh, indent=2))
    args = " ".join(x for x in (argv if argv is not None else sys.argv[1:]) if x != str(a.output))
    a.output.write_text(render(machine(), report, fresh, register_md, args), encoding="utf-8")
    (HERE / "work" / "results.json").write_text(json.dumps({"report": report, "fresh": fresh, "args": args}, indent=2))
    print(f"geschreven: {a.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
