"""One report, worker side: execute the notebook in a fresh kernel, export it, write its tables.

:func:`run_job` is what the worker processes of :func:`analysis.report.runner.run_report` run;
it returns a plain dict (status, error and failing cell, outputs, timings).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import asdict
from pathlib import Path

from analysis import config as paths
from analysis.report.config import PHASE_TITLES, Job
from analysis.report.runner_kernels import _WORKER, _take_kernel, _worker_init, kernel_mode
from analysis.report.runner_tables import privacy_problems, write_report_tables

__all__ = ["ENGINE_NAME", "run_job"]

#: The papermill engine of ``rpa report`` (:func:`_register_engine`).
ENGINE_NAME = "rpa-report"


def _register_engine() -> None:
    """Papermill's nbclient engine without writing the whole notebook after every cell.

    Papermill saves the executed notebook at the start and the end of every cell (about 55
    writes of a growing notebook with its figures per report: 0,4 s of JSON encoding). The
    runner reads the returned notebook and deletes the file on success, so the cells are not
    saved one by one here; the notebook is still written at the start, at the end and, with the
    error marked, when a cell fails (for inspection).
    """
    from papermill.engines import NBClientEngine, papermill_engines

    class QuietEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
            output_path, nb_man.output_path = nb_man.output_path, None
            try:
                return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
            finally:
                nb_man.output_path = output_path

    papermill_engines.register(ENGINE_NAME, QuietEngine)


def _cell_timings(nb) -> dict:
    """Execution time split from papermill's per-cell metadata.

    ``first_cells_s`` is the parameters cell, the injected parameters and the first code cell
    after them (by the notebook contract: imports, parameter check, loading the data).
    """
    durations, first = [], 0.0
    seen_params = False
    after = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        d = float(cell.get("metadata", {}).get("papermill", {}).get("duration") or 0.0)
        durations.append(d)
        tags = cell.get("metadata", {}).get("tags", [])
        if "parameters" in tags or "injected-parameters" in tags:
            seen_params = True
            first += d
        elif seen_params and after == 0:
            first += d
            after = 1
    return {"cells_s": round(sum(durations), 3), "first_cells_s": round(first, 3)}


def _failed(job: Job, error: str) -> dict:
    return {**asdict(job), "slug": job.slug, "status": "mislukt", "error": error, "cell": None, "title": None,
            "html": None, "xlsx": None, "tables": [], "timings": {}}


def run_job(job: Job, year: int, processed_root: str, set_dir: str, example_data: bool,
            day: dt.date) -> dict:
    """Execute one report in a fresh kernel, export it and write its workbook (worker side).

    By default (:func:`~analysis.report.runner_kernels.kernel_mode` ``inprocess``) all of it
    happens in a fork of this worker with its own new kernel inside
    (:mod:`analysis.report.kernel_inprocess`); the worker itself never runs report code.
    """
    if "exporter" not in _WORKER:
        _worker_init()
    if not _WORKER.get("engine"):
        _register_engine()
        _WORKER["engine"] = ENGINE_NAME
    args = (job, year, processed_root, set_dir, example_data, day)
    if kernel_mode() != "inprocess":
        return _run_here(*args, inprocess=False)
    from analysis.report.kernel_inprocess import ChildFailed, run_forked

    t0 = time.perf_counter()
    try:
        return run_forked(_run_here, *args)
    except ChildFailed as exc:
        result = _failed(job, str(exc))
        result["timings"]["execute_s"] = round(time.perf_counter() - t0, 3)
        return result


def _run_here(job: Job, year: int, processed_root: str, set_dir: str, example_data: bool,
              day: dt.date, inprocess: bool = True) -> dict:
    """The report itself, in this process: papermill in a new kernel, HTML export, tables."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    from analysis.report.export import export_notebook

    out_dir = Path(set_dir) / job.slug
    out_dir.mkdir(parents=True, exist_ok=True)
    executed = out_dir / job.notebook
    result = {**_failed(job, None), "status": "ok"}
    params = job.all_parameters(year, processed_root, str(out_dir))
    t0 = time.perf_counter()
    nb = None
    km = None
    try:
        if inprocess:
            from analysis.report.kernel_inprocess import kernel_manager

            km = kernel_manager()
        else:
            km = _take_kernel()
        nb = pm.execute_notebook(job.notebook_path, str(executed), parameters=params,
                                 kernel_name=paths.KERNEL_NAME, cwd=str(paths.ROOT),
                                 progress_bar=False, log_output=False, km=km, engine_name=ENGINE_NAME)
    except PapermillExecutionError as exc:
        result.update(status="mislukt", cell=exc.cell_index + 1, error=f"{exc.ename}: {exc.evalue}".strip(),
                      exec_count=exc.exec_count)
    except Exception as exc:  # kernel died, notebook unreadable, ...
        result.update(status="mislukt", error=f"{type(exc).__name__}: {exc}")
    finally:
        if km is not None and not inprocess:
            km.shutdown_kernel(now=True)
    t1 = time.perf_counter()
    result["timings"]["execute_s"] = round(t1 - t0, 3)
    if result["status"] != "ok":
        result["executed_notebook"] = str(executed) if executed.exists() else None
        return result
    result["timings"].update(_cell_timings(nb))
    from analysis.report.export import notebook_title

    result["title"] = notebook_title(nb)
    html_text = export_notebook(
        nb, scope_type=job.scope_type, scope=job.scope, phase_title=PHASE_TITLES.get(job.phase, job.phase),
        example_data=example_data, day=day, exporter=_WORKER["exporter"],
    )
    t2 = time.perf_counter()
    tables = sorted((out_dir / "tables").glob("*.csv")) if (out_dir / "tables").is_dir() else []
    problems = privacy_problems(tables, html_text)
    if problems:
        result.update(status="mislukt", error="; ".join(problems))
        result["executed_notebook"] = str(executed)
        return result
    (out_dir / "rapport.html").write_text(html_text, encoding="utf-8")
    write_report_tables(tables, out_dir, job=job, year=year, processed_root=processed_root,
                        example_data=example_data, day=day, title=result["title"])
    executed.unlink()  # the stakeholder set holds no code; the HTML is the report
    result.update(html=f"{job.slug}/rapport.html", xlsx=f"{job.slug}/tabellen.xlsx",
                  tables=[f"{job.slug}/tables/{t.name}" for t in tables])
    result["timings"]["export_s"] = round(t2 - t1, 3)
    result["timings"]["tables_s"] = round(time.perf_counter() - t2, 3)
    result["timings"]["total_s"] = round(time.perf_counter() - t0, 3)
    return result
