"""``rpa report``: the yearly reporting set (Q1 prognose, Q2 realisatie, Q3 tussenrapportage).

One command, in this order:

1. read and validate the report configuration (:mod:`analysis.report.config`) - nothing runs
   when it has a problem;
2. validate the deliveries of the reporting year and of the year before (prognosis accuracy
   needs both) into ``data/processed/<year>``, once per run, skipped when the input files'
   checksums and the validation code are unchanged since the last run;
3. run every report in parallel worker processes: papermill executes the notebook in a fresh
   kernel (``analysis.config.KERNEL_NAME``); the same worker exports it to HTML right away
   (:mod:`analysis.report.export`, one exporter per worker), checks the tables for
   dwelling-level identifiers and writes the XLSX workbook beside the CSV tables;
4. writes ``index.html`` and ``manifest.json``;
5. publishes atomically: the set is built in ``outputs/.tmp-<year>-<random>/`` and replaces
   ``outputs/<year>/`` by a rename only when every report succeeded. When a report fails,
   nothing is published: the previous set stays as it was, and the temporary folder (with the
   failed executed notebook) is kept for inspection. The summary says per failure, in Dutch,
   which report and scope failed in which cell, which data that scope had (who delivered which
   sheet, what is missing) and what to do (:mod:`~analysis.report.runner_failures`); the same
   lines are in ``manifest.json`` (``summary``).

The parent process stays light (no papermill or nbconvert unless it validates deliveries or a
report failed; pandas for the party lists and the consistency check); the heavy imports happen
once per worker.

This module plans the run and drives the worker pool; the parts live beside it:
:mod:`~analysis.report.runner_inputs` (year, delivery checksums, validation once),
:mod:`~analysis.report.runner_job` (one report, worker side), :mod:`~analysis.report.runner_kernels`
(per-worker state and fresh kernels), :mod:`~analysis.report.runner_tables` (XLSX workbook,
privacy check), :mod:`~analysis.report.runner_failures` (what a failure summary says) and
:mod:`~analysis.report.runner_publish` (provenance, atomic publication).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict
from pathlib import Path

from analysis import config as paths
from analysis.checksums import sha256_file
from analysis.errors import ValidationFailed
from analysis.report.config import PHASES, Job, load_jobs, run_order
from analysis.report.runner_failures import describe_failure, failure_line
from analysis.report.runner_inputs import (
    DELIVERY_SUFFIXES,
    STAMP,
    delivery_files,
    ensure_processed,
    latest_year,
    unknown_year_message,
)
from analysis.report.runner_job import run_job
from analysis.report.runner_kernels import _shutdown_spare, _worker_init, kernel_mode, start_early
from analysis.report.runner_publish import PACKAGES, git_version, package_versions, publish
from analysis.report.runner_reuse import plan_reuse, reuse_summary
from analysis.report.runner_tables import FORBIDDEN_COLUMNS, privacy_problems, write_workbook

__all__ = [
    "DELIVERY_SUFFIXES", "FORBIDDEN_COLUMNS", "PACKAGES", "STAMP", "delivery_files",
    "ensure_processed", "failure_line", "git_version", "latest_year", "package_versions",
    "privacy_problems", "publish", "report_command", "run_job", "run_report", "sha256_file",
    "write_workbook",
]


def _run_all(jobs: list[Job], n_workers: int, args: tuple, progress: bool,
             kernel_log: str | None = None, cache_dir: str | None = None) -> list[dict]:
    results: dict[int, dict] = {}
    # in-process kernels are forks of a worker that never ran anything: one worker process even for --jobs 1
    # (forking this process would hand its state, whatever the caller did before, to every report)
    if n_workers <= 1 and kernel_mode() != "inprocess":
        from analysis.cache import CACHE_ENV

        before = os.environ.get(CACHE_ENV)
        if cache_dir:
            os.environ[CACHE_ENV] = cache_dir
        from tqdm import tqdm

        try:
            for i, job in enumerate(tqdm(jobs, desc="rapporten", unit="rapport", disable=not progress)):
                results[i] = run_job(job, *args)
        finally:
            _shutdown_spare()
            if before is None:
                os.environ.pop(CACHE_ENV, None)
            else:
                os.environ[CACHE_ENV] = before
        return [results[i] for i in range(len(jobs))]
    import multiprocessing as mp

    ctx = mp.get_context("forkserver" if sys.platform.startswith("linux") else "spawn")
    with ProcessPoolExecutor(max_workers=n_workers, mp_context=ctx, initializer=_worker_init,
                             initargs=(kernel_log, cache_dir)) as pool:
        futures = {pool.submit(run_job, jobs[i], *args): i for i in run_order(jobs, n_workers)}
        from tqdm import tqdm

        with tqdm(total=len(jobs), desc="rapporten", unit="rapport", disable=not progress) as bar:
            for fut in as_completed(futures):
                i = futures[fut]
                try:
                    results[i] = fut.result()
                except Exception as exc:  # a worker crashed outright
                    job = jobs[i]
                    results[i] = {**asdict(job), "slug": job.slug, "status": "mislukt", "cell": None,
                                  "error": f"{type(exc).__name__}: {exc}", "title": None, "html": None,
                                  "xlsx": None, "tables": [], "timings": {}}
                bar.update(1)
    return [results[i] for i in range(len(jobs))]


def run_report(
    *,
    year: int | None = None,
    phases: tuple[str, ...] = PHASES,
    data_dir: Path | None = None,
    out_dir: Path | None = None,
    jobs: int | None = None,
    config_path: Path | None = None,
    processed_root: Path | None = None,
    notebooks_dir: Path | None = None,
    reports_dir: Path | None = None,
    validate: bool = True,
    progress: bool = True,
    day: dt.date | None = None,
    pdf: bool = True,
    force: bool = False,
    log=print,
) -> int:
    """Build (and, when every report succeeded, publish) the reporting set. Returns the exit code.

    Args:
        year: reporting (delivery) year; default the latest year with data under ``data_dir``.
        phases: any of ``q1``, ``q2``, ``q3``.
        data_dir: deliveries root with ``<year>/`` folders (default the example data). With
            ``validate=False`` it is a processed root instead (``<year>/metadata.json``).
        out_dir: where ``<year>/`` is published (default ``outputs/``).
        jobs: worker processes (default ``os.cpu_count()``).
        config_path: one configuration file instead of ``reports/default.yml`` (+ ``<year>.yml``).
        processed_root: where validated data goes (default ``data/processed``).
        notebooks_dir, reports_dir: override the repository folders (tests).
        validate: validate deliveries first (False: ``data_dir`` is already processed).
        progress: show the progress bar.
        day: the date printed on the reports (default today).
        pdf: also print every report and one document per phase to PDF (needs Chromium; without it
            one line says so and the set is published without PDF).
        force: redo every report; without it a report whose notebook, parameters, deliveries and
            code are unchanged since the published set is reused (:mod:`~analysis.report.runner_reuse`).
    """
    t_start = time.perf_counter()
    start_early()  # the workers' fork server imports their machinery while this process prepares the run
    data_dir = Path(data_dir) if data_dir else paths.EXAMPLE_DIR
    out_dir = Path(out_dir) if out_dir else paths.OUTPUTS
    day = day or dt.date.today()
    if year is None:
        year = latest_year(data_dir, None if validate else "metadata.json")
        if year is None:
            log(f"Geen jaarmappen met gegevens gevonden onder {data_dir}.")
            return 2
    try:
        job_list = load_jobs(year, tuple(phases), config_path, notebooks_dir=notebooks_dir, reports_dir=reports_dir)
    except ValidationFailed as exc:
        log(f"De rapportconfiguratie klopt niet; er is niets gedraaid.\n{exc}")
        return 2
    if not job_list:
        log("De configuratie bevat geen rapporten voor deze fase(n).")
        return 2

    # 1. processed data, once per run
    t_val = time.perf_counter()
    inputs: dict[str, dict] = {}
    if validate:
        processed_root = Path(processed_root) if processed_root else paths.DATA_PROCESSED
        if not (data_dir / str(year)).is_dir():
            log(unknown_year_message(year, data_dir))
            return 2
        from analysis.report.prepare import process_years

        done, error = process_years(data_dir, processed_root, year, log)
        if error:
            log(error)
            return 2
        for y, (meta, _validated) in done.items():
            inputs[str(y)] = {"source_dir": str(data_dir / str(y)), "files": meta.get("files", {}),
                              "example_data": meta.get("example_data")}
    else:
        from analysis.report.prepare import delivery_years

        processed_root = data_dir
        for y in delivery_years(processed_root, year):
            mp_ = processed_root / str(y) / "metadata.json"
            if mp_.exists():
                meta = json.loads(mp_.read_text(encoding="utf-8"))
                inputs[str(y)] = {"source_dir": meta.get("source_dir"), "files": meta.get("files", {}),
                                  "example_data": meta.get("example_data")}
    if str(year) not in inputs:
        log(unknown_year_message(year, processed_root, "metadata.json"))
        return 2
    example_data = bool(inputs[str(year)].get("example_data"))
    validate_s = time.perf_counter() - t_val

    # 2. the reports, in parallel
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = out_dir / f".tmp-{year}-{secrets.token_hex(4)}"
    tmp.mkdir()
    t_nb = time.perf_counter()
    to_run, reused, keys = plan_reuse(job_list, year, inputs, out_dir / str(year), tmp, force)
    n_workers = max(1, min(jobs or os.cpu_count() or 1, len(to_run) or 1))
    log(f"{len(job_list)} rapporten voor {year} ({', '.join(phases)}); {len(to_run)} te maken met "
        f"{n_workers} parallelle processen, {len(reused)} ongewijzigd")
    kernel_log = out_dir / f".kernels-{year}.log"
    kernel_log.write_text("", encoding="utf-8")
    cache_root = Path(processed_root) / ".cache"  # work done once per run (analysis.cache); RPA_CACHE=off: none
    cache_on = os.environ.get("RPA_CACHE", "on") != "off"
    ran = _run_all([job_list[i] for i in to_run], n_workers, (year, str(processed_root), str(tmp), example_data, day),
                   progress, kernel_log=str(kernel_log), cache_dir=str(cache_root) if cache_on else None) if to_run else []
    if to_run and cache_on:
        from analysis.cache import clean_unused

        clean_unused(cache_root)
    for i, r in zip(to_run, ran, strict=True):
        reused[i] = {**r, "reused": False, "made": day.isoformat()}
    results = [reused[i] | {"key": keys[i]["key"], "redo_reason": keys[i]["reason"]} for i in range(len(job_list))]
    reuse_lines = reuse_summary(results)
    for line in reuse_lines:
        log(line)
    notebooks_s = time.perf_counter() - t_nb

    # 2b. PDF for the meeting package (optional: needs Chromium; the HTML set is complete without it)
    all_ok = all(r["status"] == "ok" for r in results)
    pdf_info = (print_pdfs(tmp, results, year, example_data, n_workers, log, published=out_dir / str(year))
                if pdf and all_ok else {"skipped": "uitgezet" if not pdf else "niet alle rapporten gelukt"})

    # 3. index and manifest
    from analysis.report.index import write_index

    failures = [r for r in results if r["status"] != "ok"]
    for r in failures:  # which scope, which data, what to do (Dutch), for the log and the manifest
        r["summary"] = describe_failure(r, processed_root, year)[1:]
    write_index(tmp / "index.html", results, year=year, example_data=example_data, day=day,
                combined=pdf_info.get("combined"))
    # the reports' own processes read their figures; the reused reports' tables are read here
    consistency = check_consistency(tmp, log, known={r["slug"]: r["figures"] for r in ran
                                                     if r.get("figures") is not None})
    manifest = {
        "year": year,
        "phases": list(phases),
        "created": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "report_date": day.isoformat(),
        "example_data": example_data,
        "data_dir": str(data_dir),
        "processed_root": str(processed_root),
        "config_files": {
            str(f): sha256_file(f) for f in _config_files(year, config_path, reports_dir) if f.exists()
        },
        "inputs": inputs,
        "consistency": consistency,
        "pdf": pdf_info,
        "packages": package_versions(),
        "code": git_version(paths.ROOT),
        "kernel_name": paths.KERNEL_NAME,
        "workers": n_workers,
        "reuse": {"code_version": keys[0]["key"]["code"] if keys else None, "force": force,
                  "reused": sum(1 for r in results if r.get("reused")), "summary": reuse_lines},
        "timings": {"validate_s": round(validate_s, 3), "notebooks_wall_s": round(notebooks_s, 3),
                    "total_s": round(time.perf_counter() - t_start, 3)},
        "reports": [
            {k: r.get(k) for k in ("phase", "notebook", "scope_type", "scope", "parameters", "slug", "status",
                                   "error", "cell", "summary", "title", "html", "pdf", "xlsx", "tables",
                                   "timings", "reused", "redo_reason", "made", "key")}
            | {"all_parameters": Job(r["phase"], r["notebook"], r["notebook_path"], r["scope_type"], r["scope"],
                                     r["parameters"]).all_parameters(year, str(processed_root), r["slug"])}
            for r in results
        ],
    }
    from analysis.outputs import write_json

    write_json(manifest, tmp / "manifest.json")

    # 4. publish or keep for inspection
    if failures:
        log(f"\n{len(failures)} van {len(results)} rapporten mislukt:")
        for r in failures:
            log("  " + failure_line(r))
            for line in r["summary"]:
                log("      " + line)
            if r.get("executed_notebook"):
                log(f"    uitgevoerd notebook: {r['executed_notebook']}")
        log(f"Niet gepubliceerd: {out_dir / str(year)} is ongewijzigd. De onvolledige set staat in {tmp}")
        return 1
    publish(tmp, out_dir / str(year))
    from analysis.formatting import format_number

    log(f"Klaar: {len(results)} rapporten in {out_dir / str(year)} (index.html) in "
        f"{format_number(time.perf_counter() - t_start, 1)} s")
    return 0


def print_pdfs(set_dir: Path, results: list[dict], year: int, example_data: bool, workers: int, log=print,
               published: Path | None = None) -> dict:
    """Every report as PDF beside its HTML and one PDF per phase (:mod:`analysis.report.pdf`).

    Reports reused from the ``published`` set keep their PDF; only what changed is printed
    (:func:`analysis.report.runner_pdf.print_changed`).
    """
    from analysis.outputs import banner_html
    from analysis.report.config import PHASE_TITLES
    from analysis.report.runner_pdf import print_changed

    info = print_changed(published or set_dir.parent / str(year), set_dir, results, year=year,
                         phase_titles=PHASE_TITLES, banner=banner_html(example_data), log=log, workers=workers)
    for r in results:
        pdf_path = info.get("reports", {}).get(r.get("slug"))
        r["pdf"] = pdf_path
    return info


def check_consistency(set_dir: Path, log=print, known: dict[str, list[tuple]] | None = None) -> dict:
    """One set, one truth: compare every figure that several reports publish; say the outcome in one line.

    ``known``: the figures the reports' own processes read from their tables (by slug); the
    reused reports' tables are read here.
    """
    from analysis.formatting import format_number
    from analysis.report.consistency import collect_figures, find_contradictions
    from analysis.rules.efg import load_rules

    figures = collect_figures(set_dir, load_rules().deadline_year, known)
    shared = int((figures.groupby(["figure", "scope_type", "scope", "key"])["report"].nunique() >= 2).sum()) \
        if len(figures) else 0
    contradictions = find_contradictions(figures)
    if contradictions.empty:
        log(f"Eén set, één waarheid: {format_number(shared)} cijfers staan in meer dan één rapport en zijn overal gelijk.")
    else:
        log(f"LET OP: {len(contradictions)} cijfers staan met verschillende waarden in de set "
            "(een fout in de suite; meld het met manifest.json):")
        for r in contradictions.head(10).itertuples():
            log(f"  {r.figure} ({r.scope_type} {r.scope} {r.key}): {r.values}")
    return {"shared_figures": shared, "contradictions": contradictions.to_dict("records")}


def _config_files(year, config_path, reports_dir):
    from analysis.report.config import config_files

    return config_files(year, config_path, reports_dir)


def report_command(args) -> int:
    """Entry point of ``rpa report`` (see :func:`run_report`)."""
    phases = PHASES if args.phase in (None, "all") else (args.phase,)
    return run_report(year=args.year, phases=phases, data_dir=args.data, out_dir=args.out,
                      jobs=args.jobs, config_path=args.config, force=getattr(args, "force", False))
