"""Shared fixtures.

- ``tiny_processed``: the tiny delivery fixture (``tests/fixtures/tiny/<year>/``), validated with
  the real ``rpa validate`` code path into a temporary ``data/processed`` root (session scope).
- ``example_processed``: the shipped example deliveries (``data/raw/example/<year>/``), validated
  the same way (session scope; the years the notebooks need).
- ``run_notebook``: execute a notebook from ``notebooks/`` with papermill in a fresh kernel.
- ``example_set`` / ``tiny_set``: the whole reporting set run once per session on those data (HTML,
  tables, workbooks; no PDF), shared by the consistency, scope-honesty and print tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import config

FIXTURES = Path(__file__).parent / "fixtures"
TINY_DELIVERIES = FIXTURES / "tiny"


def _validate_all_years(source_root: Path, processed_root: Path) -> Path:
    from analysis.deliveries.validate import validate_directory

    years = sorted(p for p in source_root.iterdir() if p.is_dir() and p.name.isdigit())
    if not years:
        pytest.skip(f"geen leveringen onder {source_root}")
    for ydir in years:
        validate_directory(ydir, processed_root / ydir.name)
    return processed_root


@pytest.fixture(scope="session")
def tiny_processed(tmp_path_factory) -> Path:
    """Processed data root (with one folder per year) built from tests/fixtures/tiny."""
    return _validate_all_years(TINY_DELIVERIES, tmp_path_factory.mktemp("tiny_processed"))


@pytest.fixture(scope="session")
def example_processed(tmp_path_factory) -> Path:
    """Processed data root built from the shipped example deliveries."""
    return _validate_all_years(config.EXAMPLE_DIR, tmp_path_factory.mktemp("example_processed"))


@pytest.fixture
def run_notebook(tmp_path):
    """Run ``notebooks/<name>`` with papermill; return (executed notebook path, output dir)."""
    import papermill as pm

    def _run(name: str, **parameters):
        out_dir = tmp_path / Path(name).stem
        out_dir.mkdir(parents=True, exist_ok=True)
        parameters.setdefault("output_dir", str(out_dir))
        executed = out_dir / name
        pm.execute_notebook(
            str(config.NOTEBOOKS / name),
            str(executed),
            parameters=parameters,
            kernel_name=config.KERNEL_NAME,
            cwd=str(config.ROOT),
            progress_bar=False,
        )
        return executed, out_dir

    return _run


def _run_whole_set(processed: Path, out: Path) -> tuple[int, list[str], Path]:
    """The real reporting set (``reports/default.yml``, all phases, every scope), HTML only."""
    import datetime as dt

    from analysis.report.runner import run_report

    log: list[str] = []
    rc = run_report(data_dir=processed, out_dir=out, validate=False, config_path=config.ROOT / "reports" / "default.yml",
                    jobs=2, progress=False, day=dt.date(2026, 11, 23), pdf=False, log=log.append)
    return rc, log, out / "2026"


def _set_once(name: str, processed: str, request, tmp_path_factory) -> tuple[int, list[str], Path]:
    """The whole set on ``processed`` (a fixture's name), run once per test session.

    ``make test`` runs the tests in parallel processes (pytest-xdist, ``--dist loadfile``), and
    each would build its own session fixtures. The tests that read a set live in several files, so
    the first process to ask runs the set into the folder the processes share; the others wait
    for it (a lock on a file there) and read the same set. Without xdist: a plain session fixture.
    """
    import fcntl
    import json
    import os

    if "PYTEST_XDIST_WORKER" not in os.environ:
        return _run_whole_set(request.getfixturevalue(processed), tmp_path_factory.mktemp(name))
    shared = tmp_path_factory.getbasetemp().parent  # the same folder for every worker of this session
    done = shared / f"{name}.json"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not done.exists():
            rc, log, set_dir = _run_whole_set(request.getfixturevalue(processed), shared / name)
            done.write_text(json.dumps({"rc": rc, "log": log, "set_dir": str(set_dir)}), encoding="utf-8")
    result = json.loads(done.read_text(encoding="utf-8"))
    return result["rc"], result["log"], Path(result["set_dir"])


@pytest.fixture(scope="session")
def example_set(request, tmp_path_factory):
    """(exit code, log, set folder) of the whole reporting set on the example deliveries."""
    return _set_once("set_example", "example_processed", request, tmp_path_factory)


@pytest.fixture(scope="session")
def tiny_set(request, tmp_path_factory):
    """(exit code, log, set folder) of the whole reporting set on the tiny fixture."""
    return _set_once("set_tiny", "tiny_processed", request, tmp_path_factory)
