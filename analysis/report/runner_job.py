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

__all__ = ["run_job"]

def _papermill(input_path: str, executed: Path, parameters: dict, km, **engine_kwargs) -> object:
    """papermill's ``execute_notebook`` without writing the executed notebook when it succeeds.

    The same steps as :func:`papermill.execute_notebook` (parameterise, papermill's metadata,
    its nbclient engine in ``km``, the error check), with the engine's ``output_path`` left out:
    papermill would save the growing notebook at the start and end of every cell and write it
    whole twice at the end (JSON encoding and schema validation of all figures, about 0,05 s a
    report); the runner reads the returned notebook and the published set holds no notebooks.
    ``engine_kwargs`` go to nbclient (``on_cell_execute``, say). When a cell fails, papermill's own
    check writes the notebook, the error marked at the top, to ``executed`` for inspection and
    raises ``PapermillExecutionError``.
    """
    from papermill.engines import papermill_engines
    from papermill.execute import (
        prepare_notebook_metadata,
        raise_for_execution_errors,
        remove_error_markers,
    )
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook
    from papermill.utils import chdir

    nb = load_notebook_node(input_path)
    nb = parameterize_notebook(nb, parameters, False, kernel_name=paths.KERNEL_NAME)
    nb = remove_error_markers(prepare_notebook_metadata(nb, input_path, str(executed)))
    with chdir(str(paths.ROOT)):
        nb = papermill_engines.execute_notebook_with_engine(
            None, nb, input_path=input_path, output_path=None, kernel_name=paths.KERNEL_NAME,
            progress_bar=False, log_output=False, km=km, **engine_kwargs)
    raise_for_execution_errors(nb, str(executed))
    return nb


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


def _figures(out_dir: Path, set_dir: Path) -> list[tuple]:
    """The report's figures for the set's consistency check, read here while the other reports run."""
    from analysis.report.consistency import report_figures

    deadline = _WORKER.get("deadline_year")
    if deadline is None:  # not read by this worker (kernel processes, not in-process)
        from analysis.rules.efg import load_rules

        deadline = load_rules().deadline_year
    return report_figures(out_dir, set_dir, deadline)


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
            from analysis.report.export import RESEARCH_TAG
            from analysis.report.kernel_inprocess import kernel_manager, quiet_cells

            km = kernel_manager()
            hooks = {"on_cell_execute": quiet_cells(km, RESEARCH_TAG)}  # research frames are not in the HTML
        else:
            km, hooks = _take_kernel(), {}
        nb = _papermill(job.notebook_path, executed, params, km, **hooks)
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
        import nbformat

        nbformat.write(nb, str(executed))  # for inspection
        result["executed_notebook"] = str(executed)
        return result
    (out_dir / "rapport.html").write_text(html_text, encoding="utf-8")
    write_report_tables(tables, out_dir, job=job, year=year, processed_root=processed_root,
                        example_data=example_data, day=day, title=result["title"])
    # the stakeholder set holds no code; the HTML is the report (the executed notebook is not written)
    result.update(html=f"{job.slug}/rapport.html", xlsx=f"{job.slug}/tabellen.xlsx",
                  tables=[f"{job.slug}/tables/{t.name}" for t in tables])
    t3 = time.perf_counter()
    result["figures"] = _figures(out_dir, Path(set_dir))
    result["timings"]["export_s"] = round(t2 - t1, 3)
    result["timings"]["tables_s"] = round(t3 - t2, 3)
    result["timings"]["figures_s"] = round(time.perf_counter() - t3, 3)
    result["timings"]["total_s"] = round(time.perf_counter() - t0, 3)
    if inprocess:  # the report's own process: its CPU seconds are the report's
        import resource

        use = resource.getrusage(resource.RUSAGE_SELF)
        result["timings"]["cpu_s"] = round(use.ru_utime + use.ru_stime, 3)
    return result
