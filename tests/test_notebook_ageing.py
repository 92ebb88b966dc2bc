"""Notebook 02 (ouderenhuisvesting) runs with papermill; snapshot of ageing_need.csv on the tiny fixture.

Regenerate the snapshot with ``UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/test_notebook_ageing.py``.
"""

from __future__ import annotations

import datetime as dt
import json
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
    assert set(need["scope_type"]) <= {"regio", "gemeente"} and set(clustered["scope_type"]) <= {"regio", "gemeente"}
    return need, clustered


def _check_research_cells_hidden(executed: Path, scope_type: str, scope: str) -> None:
    """Cells tagged research exist, ran, and are left out of the stakeholder HTML."""
    import nbformat

    from analysis.report.export import RESEARCH_TAG, _clean_notebook, export_notebook

    nb = nbformat.read(executed, as_version=4)
    research = [c for c in nb.cells if RESEARCH_TAG in c.metadata.get("tags", [])]
    assert len(research) >= 3, "het notebook heeft geen cellen met tag research"
    assert any(c.get("outputs") for c in research if c.cell_type == "code"), "research-cellen tonen niets"
    assert not [c for c in _clean_notebook(nb).cells if RESEARCH_TAG in c.metadata.get("tags", [])]
    html = export_notebook(nb, scope_type=scope_type, scope=scope, phase_title="Q3", example_data=True,
                           day=dt.date(2026, 11, 23))
    for marker in ("Zo gebruik je dit notebook", "persons_need_low", "pipeline_cumulative"):
        assert marker not in html, f"research-uitvoer '{marker}' staat in de HTML"
    assert "Geclusterde woningen" in html


def _regional_tables_are_marked(region_out: Path, party_out: Path) -> None:
    """Every table byte-identical to the region report's must be listed in table_scopes.json."""
    scopes_file = party_out / "table_scopes.json"
    scopes = json.loads(scopes_file.read_text(encoding="utf-8")) if scopes_file.exists() else {}
    for table in sorted((party_out / "tables").glob("*.csv")):
        twin = region_out / "tables" / table.name
        if twin.exists() and twin.read_bytes() == table.read_bytes():
            assert table.stem in scopes, f"{table.name} is gelijk aan de regiotabel maar niet als regionaal gemarkeerd"


@pytest.mark.notebook
def test_notebook_region_tiny(run_notebook, tiny_processed):
    year = _year(tiny_processed)
    executed, out = run_notebook(NOTEBOOK, year=year, scope_type="regio", scope="Parkstad",
                                 data_dir=str(tiny_processed))
    need, clustered = _check_tables(out)
    assert need["scope"].iloc[0] == "Parkstad" and need["scope_type"].iloc[0] == "regio"
    # the region rows are the sums of the municipality rows
    sums = need[need["scope_type"] == "gemeente"].groupby("year")[["need_low", "gap_high", "suitable_supply"]].sum()
    region = need[need["scope_type"] == "regio"].set_index("year")[["need_low", "gap_high", "suitable_supply"]]
    assert ((sums - region).abs() < 1e-3).all().all()
    _check_research_cells_hidden(executed, "regio", "Parkstad")
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
def test_notebook_each_municipality_tiny(run_notebook, tiny_processed, tmp_path):
    year = _year(tiny_processed)
    munis = _municipalities(tiny_processed, year)
    assert munis, "de tiny fixture heeft geen gemeenten"
    region_out = tmp_path / "regio"
    run_notebook(NOTEBOOK, year=year, scope_type="regio", scope="Parkstad", data_dir=str(tiny_processed),
                 output_dir=str(region_out))
    for m in munis:
        out = tmp_path / m
        executed, _ = run_notebook(NOTEBOOK, year=year, scope_type="gemeente", scope=m, data_dir=str(tiny_processed),
                                   output_dir=str(out))
        need, clustered = _check_tables(out)
        assert set(need["scope"]) == {m}
        assert clustered["scope"].tolist() == [m]
        _regional_tables_are_marked(region_out, out)
        # the map of all municipalities is regional in a municipality's report, and marked so
        scopes = json.loads((out / "table_scopes.json").read_text(encoding="utf-8"))
        assert scopes == {"ageing_gap_by_municipality": "alle gemeenten samen"}
        html = executed.read_text(encoding="utf-8")
        assert "(regionaal: alle gemeenten samen)" in html  # the caption of the map of every municipality
        assert "bijdrage" in html and "aan het regionale doel" in html
    _check_research_cells_hidden(executed, "gemeente", munis[-1])


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
