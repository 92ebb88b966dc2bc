"""Notebook 02 (ouderenhuisvesting) runs with papermill; snapshot of ageing_need.csv on the tiny fixture.

Regenerate the snapshot with ``UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/test_notebook_ageing.py``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import ageing, processed

NOTEBOOK = "02_ouderenhuisvesting.ipynb"
SNAPSHOTS = Path(__file__).parent / "snapshots"


def _year(root: Path) -> int:
    years = processed.available_years(root)
    if not years:
        pytest.skip(f"geen verwerkte jaren onder {root}")
    return years[-1]


def _municipalities(root: Path, year: int) -> list[str]:
    data = processed.load(year, root)
    return sorted(set(data.stock["municipality"].dropna()) | set(data.projects["municipality"].dropna()))


def _check_tables(out_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    need = pd.read_csv(out_dir / "tables" / "ageing_need.csv")
    clustered = pd.read_csv(out_dir / "tables" / "clustered_gap.csv")
    assert list(need.columns) == list(ageing.NEED_COLUMNS)
    assert list(clustered.columns) == list(ageing.CLUSTERED_COLUMNS)
    assert (need["need_low"] <= need["need_high"]).all()
    assert (need["gap_low"] <= need["gap_high"]).all()
    assert ((need["need_low"] - need["suitable_supply"] - need["gap_low"]).abs() < 1e-6).all()
    assert ((clustered["target"] - clustered["pipeline_units"]) == clustered["gap"]).all()
    return need, clustered


@pytest.mark.notebook
def test_notebook_region_tiny(run_notebook, tiny_processed):
    year = _year(tiny_processed)
    _nb, out = run_notebook(NOTEBOOK, year=year, scope_type="regio", scope="Parkstad", data_dir=str(tiny_processed))
    need, clustered = _check_tables(out)
    assert need["scope"].iloc[0] == "Parkstad"
    # the municipalities' shares of the clustered target add up exactly to the regional target
    assert clustered.loc[clustered["scope"] != "Parkstad", "target"].sum() == clustered["target"].iloc[0]
    snapshot = SNAPSHOTS / "ageing_need_tiny.csv"
    produced = out / "tables" / "ageing_need.csv"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1" or not snapshot.exists():
        SNAPSHOTS.mkdir(exist_ok=True)
        shutil.copyfile(produced, snapshot)
        if os.environ.get("UPDATE_SNAPSHOTS") != "1":
            pytest.fail(f"snapshot {snapshot.name} ontbrak en is aangemaakt; controleer en commit hem")
    assert produced.read_text(encoding="utf-8") == snapshot.read_text(encoding="utf-8")


@pytest.mark.notebook
def test_notebook_each_municipality_tiny(run_notebook, tiny_processed):
    year = _year(tiny_processed)
    munis = _municipalities(tiny_processed, year)
    assert munis, "de tiny fixture heeft geen gemeenten"
    for m in munis:
        _nb, out = run_notebook(NOTEBOOK, year=year, scope_type="gemeente", scope=m, data_dir=str(tiny_processed))
        need, clustered = _check_tables(out)
        assert set(need["scope"]) == {m}
        assert clustered["scope"].tolist() == [m]


@pytest.mark.notebook
def test_notebook_municipality_example(run_notebook, example_processed):
    year = _year(example_processed)
    _nb, out = run_notebook(NOTEBOOK, year=year, scope_type="gemeente", scope="Heerlen",
                            data_dir=str(example_processed))
    need, _clustered = _check_tables(out)
    assert set(need["scope"]) == {"Heerlen"}


@pytest.mark.notebook
def test_notebook_refuses_corporation_scope(run_notebook, tmp_path):
    import papermill as pm

    # the parameters are checked before any data is read, so no processed data is needed
    with pytest.raises(pm.PapermillExecutionError, match="per regio of per gemeente"):
        run_notebook(NOTEBOOK, year=2026, scope_type="corporatie", scope="Weller", data_dir=str(tmp_path))


def test_notebook_has_one_parameters_cell_and_no_outputs():
    import nbformat

    from analysis import config

    nb = nbformat.read(config.NOTEBOOKS / NOTEBOOK, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in nb.cells if c.cell_type == "code")
