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
   failed executed notebook) is kept for inspection; the summary names it.

The parent process stays light (no pandas, papermill or nbconvert unless it validates
deliveries); the heavy imports happen once per worker.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict
from pathlib import Path

from analysis import config as paths
from analysis.errors import ValidationFailed
from analysis.report.config import PHASE_TITLES, PHASES, Job, load_jobs

#: Columns that identify a single dwelling; they never appear in a stakeholder output.
FORBIDDEN_COLUMNS = ("vhe_id",)
PACKAGES = (
    "rpa-parkstad", "pandas", "numpy", "matplotlib", "seaborn", "papermill", "nbconvert",
    "nbformat", "nbclient", "ipykernel", "jupyter_client", "openpyxl", "pyarrow", "pandera",
    "pydantic", "pyyaml", "tqdm", "duckdb",
)
DELIVERY_SUFFIXES = (".xlsx", ".csv", ".md")


# --------------------------------------------------------------------------- small helpers


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def delivery_files(directory: Path) -> dict[str, str]:
    """File name -> sha256 of every delivery file in ``directory`` (sorted, top level)."""
    return {
        p.name: sha256_file(p)
        for p in sorted(Path(directory).iterdir())
        if p.is_file() and not p.name.startswith((".", "~$")) and p.suffix.lower() in DELIVERY_SUFFIXES
    }


def latest_year(data_dir: Path, marker: str | None = None) -> int | None:
    """The highest ``<year>`` folder under ``data_dir`` that holds files (or ``marker``)."""
    years = []
    if not Path(data_dir).is_dir():
        return None
    for p in Path(data_dir).iterdir():
        if p.is_dir() and p.name.isdigit() and len(p.name) == 4:
            if (marker and (p / marker).exists()) or (not marker and any(p.iterdir())):
                years.append(int(p.name))
    return max(years) if years else None


def _code_fingerprint() -> str:
    """Hash of the code that validates deliveries: a change there forces re-validation."""
    h = hashlib.sha256()
    pkg = Path(__file__).resolve().parent.parent
    files = sorted((pkg / "deliveries").glob("*.py")) + [pkg / "schemas.py", pkg / "reference.py"]
    files += sorted(paths.REFERENCE_DIR.glob("*.csv"))
    for f in files:
        if f.exists():
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return h.hexdigest()


STAMP = ".rpa-report-inputs.json"


def ensure_processed(source: Path, target: Path, log=print) -> tuple[dict, bool]:
    """Validate ``source`` into ``target`` unless nothing changed; return (metadata, validated).

    Unchanged means: ``target/metadata.json`` exists and the stamp written after the last
    validation records the same sha256 per input file and the same validation code.
    """
    inputs = delivery_files(source)
    fingerprint = _code_fingerprint()
    stamp_path = target / STAMP
    meta_path = target / "metadata.json"
    if stamp_path.exists() and meta_path.exists():
        try:
            stamp = json.loads(stamp_path.read_text(encoding="utf-8"))
        except ValueError:
            stamp = {}
        if stamp.get("files") == inputs and stamp.get("code") == fingerprint:
            return json.loads(meta_path.read_text(encoding="utf-8")), False
    log(f"Leveringen {source} controleren -> {target}")
    from analysis.deliveries.validate import validate_directory
    from analysis.formatting import format_number

    target.mkdir(parents=True, exist_ok=True)
    result = validate_directory(source, target)
    read = sum(r["rows_read"] for r in result.reconciliation)
    log(f"  {len(result.files)} bestanden, {format_number(read)} rijen gelezen, "
        f"{format_number(result.n_rejected)} afgekeurd"
        + (f", {len(result.unreadable)} onleesbaar" if result.unreadable else "")
        + (f" (details: rpa validate {source})" if result.n_rejected or result.unreadable else ""))
    stamp_path.write_text(json.dumps({"files": inputs, "code": fingerprint}, indent=2) + "\n", encoding="utf-8")
    return json.loads(meta_path.read_text(encoding="utf-8")), True


def git_version(root: Path) -> dict:
    """``{"commit": sha or None, "dirty": bool or None}`` of the code that made the set."""
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True,
                                text=True, timeout=20, check=True).stdout.strip()
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                                capture_output=True, text=True, timeout=60, check=True).stdout
        return {"commit": commit, "dirty": bool(status.strip())}
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None}


def package_versions() -> dict[str, str]:
    from importlib import metadata

    out = {"python": sys.version.split()[0]}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "niet geïnstalleerd"
    return out


def publish(tmp: Path, final: Path) -> None:
    """Replace ``final`` by ``tmp`` with renames; the old set is moved aside, then removed.

    Both folders live in the same parent, so every rename is atomic. If the second rename
    fails the old set is put back.
    """
    old = None
    if final.exists():
        old = final.with_name(f".old-{final.name}-{secrets.token_hex(4)}")
        os.rename(final, old)
    try:
        os.rename(tmp, final)
    except OSError:
        if old is not None:
            os.rename(old, final)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


# --------------------------------------------------------------------------- worker side

_WORKER: dict = {}


def _worker_init(kernel_log: str | None = None) -> None:
    """Import the heavy machinery once per worker and build the exporter.

    Kernels inherit the worker's stderr; their start/stop chatter ("running over TCP",
    "KeyboardInterrupt caught in kernel" at shutdown) goes to ``kernel_log`` instead of the
    analyst's terminal. Failures are still reported from papermill's exceptions.
    """
    if kernel_log:
        fd = os.open(kernel_log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(fd, 2)
        os.close(fd)
    import nbformat  # noqa: F401
    import papermill  # noqa: F401

    from analysis.report.export import make_exporter

    _WORKER["exporter"] = make_exporter()


def _new_kernel():
    """Start a brand-new kernel process (``KERNEL_NAME``); it returns before the kernel is ready."""
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name=paths.KERNEL_NAME)
    km.start_kernel(cwd=str(paths.ROOT))
    return km


def _shutdown_spare() -> None:
    km = _WORKER.pop("next_kernel", None)
    if km is not None:
        try:
            km.shutdown_kernel(now=True)
        except Exception:  # noqa: BLE001 - best effort at exit
            pass


def _take_kernel():
    """A fresh, never-used kernel for the next report, and start the one after it.

    Every report still runs in its own new kernel; the next one is started while this report
    runs, so its start-up (interpreter, ipykernel) overlaps with work instead of adding to it.
    """
    km = _WORKER.pop("next_kernel", None)
    if km is None or not km.is_alive():
        km = _new_kernel()
    if not _WORKER.get("finalizer"):
        from multiprocessing import util

        # pool workers leave through os._exit, which skips atexit; multiprocessing finalizers run
        _WORKER["finalizer"] = util.Finalize(None, _shutdown_spare, exitpriority=10)
    _WORKER["next_kernel"] = _new_kernel()
    return km


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


def write_workbook(tables: list[Path], path: Path) -> None:
    """One XLSX workbook, one sheet per CSV table; formula-like text neutralised."""
    import csv

    from openpyxl import Workbook

    from analysis.outputs import neutralise_formula

    wb = Workbook(write_only=True)
    used: set[str] = set()
    for table in tables:
        name = table.stem[:31] or "tabel"
        base, n = name, 2
        while name.lower() in used:
            suffix = f"_{n}"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        used.add(name.lower())
        ws = wb.create_sheet(title=name)
        with open(table, newline="", encoding="utf-8") as fh:
            for i, row in enumerate(csv.reader(fh)):
                ws.append([neutralise_formula(v) if i == 0 else _cell(v) for v in row])
    if not used:
        wb.create_sheet(title="geen tabellen")
    wb.save(path)


_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _cell(text: str):
    """A CSV cell as an XLSX value: numbers as numbers, text neutralised, empty as blank."""
    from analysis.outputs import neutralise_formula

    if text == "":
        return None
    if _NUMBER.fullmatch(text):
        return int(text) if text.lstrip("-").isdigit() else float(text)
    return neutralise_formula(text)


def privacy_problems(tables: list[Path], html_text: str) -> list[str]:
    """Dwelling-level identifiers in a report's outputs (column names), as Dutch sentences."""
    import csv

    problems = []
    for table in tables:
        with open(table, newline="", encoding="utf-8") as fh:
            header = next(csv.reader(fh), [])
        bad = [c for c in header if c.strip().lower() in FORBIDDEN_COLUMNS]
        if bad:
            problems.append(f"tabel {table.name} bevat woningniveau-identificatie ({', '.join(bad)})")
    for col in FORBIDDEN_COLUMNS:
        if col in html_text:
            problems.append(f"het HTML-rapport bevat woningniveau-identificatie ({col})")
    return problems


def run_job(job: Job, year: int, processed_root: str, set_dir: str, example_data: bool,
            day: dt.date) -> dict:
    """Execute one report in a fresh kernel, export it and write its workbook (worker side)."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    from analysis.report.export import export_notebook

    if "exporter" not in _WORKER:
        _worker_init()
    out_dir = Path(set_dir) / job.slug
    out_dir.mkdir(parents=True, exist_ok=True)
    executed = out_dir / job.notebook
    result = {**asdict(job), "slug": job.slug, "status": "ok", "error": None, "cell": None,
              "title": None, "html": None, "xlsx": None, "tables": [], "timings": {}}
    params = job.all_parameters(year, processed_root, str(out_dir))
    t0 = time.perf_counter()
    nb = None
    km = None
    try:
        km = _take_kernel()
        nb = pm.execute_notebook(job.notebook_path, str(executed), parameters=params,
                                 kernel_name=paths.KERNEL_NAME, cwd=str(paths.ROOT),
                                 progress_bar=False, log_output=False, km=km)
    except PapermillExecutionError as exc:
        result.update(status="mislukt", cell=exc.cell_index + 1, error=f"{exc.ename}: {exc.evalue}".strip(),
                      exec_count=exc.exec_count)
    except Exception as exc:  # kernel died, notebook unreadable, ...
        result.update(status="mislukt", error=f"{type(exc).__name__}: {exc}")
    finally:
        if km is not None:
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
    xlsx = out_dir / "tabellen.xlsx"
    write_workbook(tables, xlsx)
    executed.unlink()  # the stakeholder set holds no code; the HTML is the report
    result.update(html=f"{job.slug}/rapport.html", xlsx=f"{job.slug}/tabellen.xlsx",
                  tables=[f"{job.slug}/tables/{t.name}" for t in tables])
    result["timings"]["export_s"] = round(t2 - t1, 3)
    result["timings"]["tables_s"] = round(time.perf_counter() - t2, 3)
    result["timings"]["total_s"] = round(time.perf_counter() - t0, 3)
    return result


# --------------------------------------------------------------------------- parent side


def _run_all(jobs: list[Job], n_workers: int, args: tuple, progress: bool,
             kernel_log: str | None = None) -> list[dict]:
    results: dict[int, dict] = {}
    if n_workers <= 1:
        from tqdm import tqdm

        try:
            for i, job in enumerate(tqdm(jobs, desc="rapporten", unit="rapport", disable=not progress)):
                results[i] = run_job(job, *args)
        finally:
            _shutdown_spare()
        return [results[i] for i in range(len(jobs))]
    import multiprocessing as mp

    ctx = mp.get_context("forkserver" if sys.platform.startswith("linux") else "spawn")
    with ProcessPoolExecutor(max_workers=n_workers, mp_context=ctx, initializer=_worker_init,
                             initargs=(kernel_log,)) as pool:
        futures = {pool.submit(run_job, job, *args): i for i, job in enumerate(jobs)}
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


def failure_line(r: dict) -> str:
    cell = f"cel {r['cell']}" if r.get("cell") else "cel onbekend"
    if r.get("exec_count"):
        cell += f" (In [{r['exec_count']}])"
    return f"MISLUKT {r['phase']} {r['notebook']} {r['scope_type']} {r['scope']}: {cell}: {r['error']}"


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
    """
    t_start = time.perf_counter()
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
            log(f"Geen leveringen voor {year} in {data_dir}.")
            return 2
        for y in (year - 1, year):
            if (data_dir / str(y)).is_dir():
                try:
                    meta, _ = ensure_processed(data_dir / str(y), processed_root / str(y), log=log)
                except ValidationFailed as exc:
                    log(f"De leveringen van {y} zijn onbruikbaar:\n{exc}")
                    return 2
                inputs[str(y)] = {"source_dir": str(data_dir / str(y)), "files": meta.get("files", {}),
                                  "example_data": meta.get("example_data")}
    else:
        processed_root = data_dir
        for y in (year - 1, year):
            mp_ = processed_root / str(y) / "metadata.json"
            if mp_.exists():
                meta = json.loads(mp_.read_text(encoding="utf-8"))
                inputs[str(y)] = {"source_dir": meta.get("source_dir"), "files": meta.get("files", {}),
                                  "example_data": meta.get("example_data")}
    if str(year) not in inputs:
        log(f"Geen verwerkte gegevens voor {year} in {processed_root}.")
        return 2
    example_data = bool(inputs[str(year)].get("example_data"))
    validate_s = time.perf_counter() - t_val

    # 2. the reports, in parallel
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = out_dir / f".tmp-{year}-{secrets.token_hex(4)}"
    tmp.mkdir()
    n_workers = max(1, min(jobs or os.cpu_count() or 1, len(job_list)))
    log(f"{len(job_list)} rapporten voor {year} ({', '.join(phases)}) met {n_workers} parallelle processen")
    t_nb = time.perf_counter()
    kernel_log = out_dir / f".kernels-{year}.log"
    kernel_log.write_text("", encoding="utf-8")
    results = _run_all(job_list, n_workers, (year, str(processed_root), str(tmp), example_data, day), progress,
                       kernel_log=str(kernel_log))
    notebooks_s = time.perf_counter() - t_nb

    # 3. index and manifest
    from analysis.report.index import write_index

    failures = [r for r in results if r["status"] != "ok"]
    write_index(tmp / "index.html", results, year=year, example_data=example_data, day=day)
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
        "packages": package_versions(),
        "code": git_version(paths.ROOT),
        "kernel_name": paths.KERNEL_NAME,
        "workers": n_workers,
        "timings": {"validate_s": round(validate_s, 3), "notebooks_wall_s": round(notebooks_s, 3),
                    "total_s": round(time.perf_counter() - t_start, 3)},
        "reports": [
            {k: r.get(k) for k in ("phase", "notebook", "scope_type", "scope", "parameters", "status",
                                   "error", "cell", "title", "html", "xlsx", "tables", "timings")}
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
            if r.get("executed_notebook"):
                log(f"    uitgevoerd notebook: {r['executed_notebook']}")
        log(f"Niet gepubliceerd: {out_dir / str(year)} is ongewijzigd. De onvolledige set staat in {tmp}")
        return 1
    publish(tmp, out_dir / str(year))
    log(f"Klaar: {len(results)} rapporten in {out_dir / str(year)} (index.html) in "
        f"{time.perf_counter() - t_start:.1f} s")
    return 0


def _config_files(year, config_path, reports_dir):
    from analysis.report.config import config_files

    return config_files(year, config_path, reports_dir)


def report_command(args) -> int:
    """Entry point of ``rpa report`` (see :func:`run_report`)."""
    phases = PHASES if args.phase in (None, "all") else (args.phase,)
    return run_report(year=args.year, phases=phases, data_dir=args.data, out_dir=args.out,
                      jobs=args.jobs, config_path=args.config)
