"""Reporting set: ``rpa report`` against (a) the naive loop and (b) the kernel-free bound.

(a) naive loop: for every report of the configuration, ``papermill`` CLI then
    ``jupyter nbconvert --to html`` CLI, one after the other (what an analyst would script).
(b) kernel-free bound: plain Python processes execute the code cells of every report
    (parameters injected, matplotlib Agg, the same tables written), with no kernel, no papermill
    and no nbconvert: the cost of the analysis itself. It does the same work as the reports:
    every figure rendered as the report shows it (SVG cropped to what it draws,
    :func:`analysis.style.figure_svg`, as the report kernel prints it; ``figures="png"`` gives
    the older bound's plain PNG) and the work once per run (:mod:`analysis.cache`) in a cache of
    its own that starts empty, as ``rpa report``'s does in a fresh work folder (``cache=False``:
    every report computes all, the older bound). At equal cores: the bound is split over as many
    worker processes as ``rpa report`` used (each imports once, then takes the next report from a
    shared queue).

All three run on the same processed data (validated once beforehand) and the same jobs.
``python -m benchmarks.bench_report --help``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
_PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h


def run_timed(cmd: list[str], usage: dict | None = None, **kwargs
              ) -> tuple[subprocess.CompletedProcess, float, float | None]:
    """``subprocess.run(cmd)``: its result, wall seconds and the CPU seconds of every process it made.

    The CPU seconds (user + system) count the whole tree, also the processes that outlive their
    parent: ``rpa report``'s fork server, which the runner leaves behind, and the workers forked
    from it. For the length of the call this process is their "subreaper" (Linux ``prctl``), so
    they are handed to it instead of to ``init``; it waits for exactly those (their exit follows
    the runner's within a second) and so gets their CPU time. ``None`` where that cannot be counted
    (not Linux, or one of them still running after 30 s). ``usage``, when given, gets the part of
    those seconds spent in the operating system for the processes (``system_s``: forks, page faults,
    exits) and their minor page faults (``page_faults``), when counted.
    """
    import resource

    prctl = None
    if sys.platform.startswith("linux"):
        import ctypes

        prctl = ctypes.CDLL(None, use_errno=True).prctl
        if prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
            prctl = None
    before = _children() if prctl else set()

    def cpu() -> tuple[float, float, int]:
        use = resource.getrusage(resource.RUSAGE_CHILDREN)
        return use.ru_utime + use.ru_stime, use.ru_stime, use.ru_minflt

    c0 = cpu()
    t0 = time.perf_counter()
    try:
        r = subprocess.run(cmd, **kwargs)
        wall = time.perf_counter() - t0
        counted = prctl is not None and _reap(before, time.monotonic() + 30)
    finally:
        if prctl is not None:
            prctl(_PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0)
    c1 = cpu()
    if counted and usage is not None:
        usage.update(system_s=round(c1[1] - c0[1], 1), page_faults=c1[2] - c0[2])
    return r, wall, (round(c1[0] - c0[0], 1) if counted else None)


def _children() -> set[int]:
    """The pids whose parent is this process (read from ``/proc``)."""
    me, out = os.getpid(), set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process just ended
            continue
        if int(fields[1]) == me:
            out.add(int(stat.parent.name))
    return out


def _reap(before: set[int], deadline: float) -> bool:
    """Wait for the children that came after ``before`` (the run's orphans); False if one still runs at ``deadline``."""
    while True:
        left = _children() - before
        if not left:
            return True
        for pid in left:
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)


def prepare(data_dir: Path, processed_root: Path, year: int) -> None:
    from analysis.report.runner import ensure_processed

    for y in (year - 1, year):
        if (data_dir / str(y)).is_dir():
            ensure_processed(data_dir / str(y), processed_root / str(y), log=lambda *_: None)


def load_jobs(year: int, config: Path | None, sample: int | None, notebooks_dir: Path | None = None):
    from analysis.report.config import load_jobs as _load

    jobs = _load(year, ("q1", "q2", "q3"), config, notebooks_dir=notebooks_dir)
    if sample:
        # a spread over notebooks and scope types, deterministic
        step = max(1, len(jobs) // sample)
        jobs = jobs[::step][:sample]
    return jobs


def write_config(jobs, path: Path) -> Path:
    """A configuration file with exactly ``jobs`` (so rpa report runs the same set)."""
    import yaml

    phases: dict = {}
    for j in jobs:
        phases.setdefault(j.phase, {"runs": []})["runs"].append(
            {"notebook": j.notebook, "scope_type": j.scope_type, "scopes": [j.scope], "parameters": j.parameters})
    path.write_text(yaml.safe_dump({"phases": phases}, sort_keys=False), encoding="utf-8")
    return path


def time_rpa_report(year: int, processed_root: Path, out: Path, config: Path, jobs: int | None,
                    notebooks_dir: Path | None = None, pdf: bool = False, force: bool = True) -> tuple[float, dict]:
    """Wall time of ``rpa report`` in its own process and its manifest (PDF off by default: the bound prints none)."""
    nbd = f"Path({str(notebooks_dir)!r})" if notebooks_dir else "None"
    code = (
        "import sys; from pathlib import Path; from analysis.report.runner import run_report; "
        f"sys.exit(run_report(year={year}, data_dir=Path({str(processed_root)!r}), out_dir=Path({str(out)!r}), "
        f"validate=False, config_path=Path({str(config)!r}), jobs={jobs!r}, progress=False, notebooks_dir={nbd}, "
        f"pdf={pdf!r}, force={force!r}))"
    )
    rc, wall, _ = run_timed([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    if rc.returncode != 0:
        raise RuntimeError(f"rpa report mislukt:\n{rc.stdout[-3000:]}\n{rc.stderr[-3000:]}")
    manifest = json.loads((out / str(year) / "manifest.json").read_text(encoding="utf-8"))
    return wall, manifest


def time_naive(jobs, year: int, processed_root: Path, work: Path) -> float:
    from analysis import config

    t0 = time.perf_counter()
    for i, job in enumerate(jobs):
        out_dir = work / f"{i:03d}"
        out_dir.mkdir(parents=True, exist_ok=True)
        params = job.all_parameters(year, str(processed_root), str(out_dir))
        cmd = [str(BIN / "papermill"), job.notebook_path, str(out_dir / "out.ipynb"), "-k", config.KERNEL_NAME,
               "--cwd", str(ROOT), "--no-progress-bar"]
        for k, v in params.items():
            cmd += ["-p" if not isinstance(v, str) else "-r", k, str(v)]
        subprocess.run(cmd, check=True, capture_output=True)
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(out_dir / "out.ipynb")],
                       check=True, capture_output=True)
    return time.perf_counter() - t0


KERNEL_FREE = r"""
import json, sys, time
from multiprocessing import get_context

def init(fork_each=False):
    from analysis.report.runner_kernels import skip_unused_grammar
    skip_unused_grammar()  # as rpa report's workers: nbformat without jsonschema's unused RFC 3987 grammar
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401
    import nbformat  # noqa: F401
    import analysis.report.config  # noqa: F401
    if fork_each:  # what rpa report's workers import before they fork a report (no kernel machinery)
        import gc, importlib
        from analysis.report.kernel_template import PRELOAD
        for name in PRELOAD:
            importlib.import_module(name)
        gc.collect()
        gc.freeze()

def run_forked(arg):
    # run_one in a fresh fork of this process, the way rpa report runs each report (the isolation, no kernel)
    from analysis.report.kernel_inprocess import run_forked as in_fresh_fork
    return in_fresh_fork(run_one, arg)

def run_one(arg):
    i, j, spec = arg
    from pathlib import Path
    import matplotlib.pyplot as plt
    import nbformat
    from analysis.style import figure_svg
    from analysis.report.config import Job
    job = Job(**j)
    out_dir = f"{spec['work']}/{i:03d}"
    params = job.all_parameters(spec["year"], spec["processed"], out_dir)
    nb = nbformat.read(job.notebook_path, as_version=4)
    ns = {"__name__": "__main__"}
    n_fig = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        src = cell.source
        if "parameters" in cell.metadata.get("tags", []):
            src += "\n" + "\n".join(f"{k} = {v!r}" for k, v in params.items())
        src = "\n".join(l for l in src.splitlines() if not l.lstrip().startswith(("%", "!")))
        exec(compile(src, f"{job.notebook}", "exec"), ns)
        for num in plt.get_fignums():
            if spec["figures"] == "png":
                plt.figure(num).savefig(f"{out_dir}_fig{n_fig}.png")
            else:  # as the report kernel prints it (analysis.style.figure_svg, the tight box in one pass)
                Path(f"{out_dir}_fig{n_fig}.svg").write_text(figure_svg(plt.figure(num)), encoding="utf-8")
            n_fig += 1
        plt.close("all")
    return n_fig

if __name__ == "__main__":
    t0 = time.perf_counter()
    spec = json.loads(sys.argv[1])
    n = spec["workers"]
    args = [(i, j, spec) for i, j in enumerate(spec["jobs"])]
    fork_each = spec.get("fork_each", False)
    one = run_forked if fork_each else run_one
    if n <= 1:
        init(fork_each)
        t_imports = time.perf_counter() - t0
        n_fig = sum(map(one, args))
    else:
        with get_context("fork").Pool(n, initializer=init, initargs=(fork_each,)) as pool:
            t_imports = time.perf_counter() - t0
            n_fig = sum(pool.imap_unordered(one, args))
    print(json.dumps({"imports_s": t_imports, "figures": n_fig, "workers": n}))
"""


def time_kernel_free(jobs, year: int, processed_root: Path, work: Path, workers: int = 1, *,
                     figures: str = "svg", cache: bool = True, fork_each: bool = False) -> tuple[float, dict]:
    """The bound: every report's code cells exec'd without a kernel, split over ``workers`` processes.

    With ``workers`` equal to ``rpa report``'s worker count the two compare at equal cores: each
    bound process imports once and then takes the next report from a shared queue (the same
    scheduling as ``rpa report``'s pool, in its order: :func:`analysis.report.config.run_order`).
    ``figures``: ``svg`` (as the reports) or ``png`` (the older bound); ``cache``: the work once per
    run in an empty cache of its own (as ``rpa report``).
    ``fork_each``: the isolated bound: each process imports what ``rpa report``'s workers import for
    the notebooks and runs every report in a fresh fork of itself, as ``rpa report`` does, still
    without kernel, papermill, export or workbook: what the isolation itself costs.
    """
    from dataclasses import asdict

    from analysis.cache import CACHE_ENV
    from analysis.report.config import run_order

    work.mkdir(parents=True, exist_ok=True)
    ordered = [jobs[i] for i in run_order(jobs, workers)]  # as rpa report's workers take them
    spec = {"jobs": [asdict(j) for j in ordered], "year": year, "processed": str(processed_root), "work": str(work),
            "workers": workers, "figures": figures, "fork_each": fork_each}
    script = work / "kernel_free.py"
    script.write_text(KERNEL_FREE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != CACHE_ENV}
    if cache:
        shutil.rmtree(work / "cache", ignore_errors=True)
        env[CACHE_ENV] = str(work / "cache")
    usage: dict = {}
    r, wall, cpu_s = run_timed([sys.executable, str(script), json.dumps(spec)], usage, cwd=ROOT,
                               capture_output=True, text=True, env=env)
    if r.returncode != 0:
        raise RuntimeError(r.stderr[-3000:])
    return wall, {**json.loads(r.stdout.strip().splitlines()[-1]), "cpu_s": cpu_s, **{k: usage.get(k) for k in ("system_s", "page_faults")}}


def breakdown(manifest: dict) -> dict:
    """Sum of per-report times from the manifest: where the time goes (CPU-seconds over workers)."""
    t = {"kernel_start_and_overhead_s": 0.0, "imports_and_parameters_s": 0.0, "compute_and_figures_s": 0.0,
         "export_html_s": 0.0, "tables_xlsx_s": 0.0, "figures_s": 0.0, "cpu_s": 0.0}
    for r in manifest["reports"]:
        tm = r["timings"]
        t["kernel_start_and_overhead_s"] += tm["execute_s"] - tm.get("cells_s", 0)
        t["imports_and_parameters_s"] += tm.get("first_cells_s", 0)
        t["compute_and_figures_s"] += tm.get("cells_s", 0) - tm.get("first_cells_s", 0)
        t["export_html_s"] += tm.get("export_s", 0)
        t["tables_xlsx_s"] += tm.get("tables_s", 0)
        t["figures_s"] += tm.get("figures_s", 0)
        t["cpu_s"] += tm.get("cpu_s", 0)
    return {k: round(v, 1) for k, v in t.items()}


def run(data_dir: Path, year: int | None, config: Path | None, sample: int | None, jobs: int | None,
        skip_naive: bool = False, work: Path | None = None, processed_root: Path | None = None,
        notebooks_dir: Path | None = None) -> dict:
    """Run the three variants on the same jobs; ``processed_root`` given = skip validation."""
    from analysis.report.runner import latest_year

    year = year or latest_year(processed_root or data_dir, "metadata.json" if processed_root else None)
    work = Path(work or tempfile.mkdtemp(prefix="rpa-bench-", dir=ROOT / "benchmarks" / "work"
                                         if (ROOT / "benchmarks" / "work").exists() else None))
    work.mkdir(parents=True, exist_ok=True)
    processed = Path(processed_root) if processed_root else work / "processed"
    t0 = time.perf_counter()
    if not processed_root:
        prepare(data_dir, processed, year)
    validate_s = time.perf_counter() - t0
    job_list = load_jobs(year, config, sample, notebooks_dir)
    cfg = write_config(job_list, work / "bench.yml")
    rpa_s, manifest = time_rpa_report(year, processed, work / "rpa", cfg, jobs, notebooks_dir)
    bound_s, bound_info = time_kernel_free(job_list, year, processed, work / "bound", manifest["workers"])
    naive_s = None if skip_naive else time_naive(job_list, year, processed, work / "naive")
    res = {
        "year": year, "n_reports": len(job_list), "workers": manifest["workers"], "cpu_count": os.cpu_count(),
        "validate_once_s": round(validate_s, 1), "rpa_report_s": round(rpa_s, 1),
        "kernel_free_s": round(bound_s, 1), "kernel_free_imports_s": round(bound_info["imports_s"], 1),
        "kernel_free_workers": bound_info["workers"],
        "naive_s": None if naive_s is None else round(naive_s, 1),
        "speedup_vs_naive": None if naive_s is None else round(naive_s / rpa_s, 2),
        "ratio_to_bound": round(rpa_s / bound_s, 2),
        "breakdown": breakdown(manifest), "work": str(work),
    }
    shutil.rmtree(work / "naive", ignore_errors=True)
    return res


def main(argv=None) -> int:
    from analysis import config as paths

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=paths.EXAMPLE_DIR)
    p.add_argument("--year", type=int, default=None)
    p.add_argument("--config", type=Path, default=None)
    p.add_argument("--sample", type=int, default=None, help="only this many reports (spread over the set)")
    p.add_argument("--jobs", type=int, default=None)
    p.add_argument("--skip-naive", action="store_true")
    a = p.parse_args(argv)
    print(json.dumps(run(a.data, a.year, a.config, a.sample, a.jobs, a.skip_naive), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
