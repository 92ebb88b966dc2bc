"""Notebook 04 (financiële ruimte) end to end with papermill on the tiny fixture, plus a snapshot.

Regenerate the snapshots (financial_capacity and financial_task) after an intended change with::

    UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/test_notebook_finance.py -m notebook
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from analysis import finance
from analysis.report import export

SNAPSHOT = Path(__file__).parent / "snapshots" / "finance_financial_capacity_tiny.csv"
SNAPSHOT_TASK = Path(__file__).parent / "snapshots" / "finance_financial_task_tiny.csv"
NOTEBOOK = "04_financiele_ruimte.ipynb"


def _research(nb) -> list:
    return [c for c in nb.cells if export.RESEARCH_TAG in c.get("metadata", {}).get("tags", [])]


def _check_research_cells_hidden(executed: Path, scope_type: str, scope: str) -> None:
    """The notebook has research cells with output; the stakeholder HTML leaves them out."""
    nb = nbformat.read(executed, as_version=4)
    research = _research(nb)
    assert len(research) >= 5
    assert any(c.cell_type == "code" and c.outputs for c in research)
    assert not _research(export._clean_notebook(nb))
    html = export.export_notebook(nb, scope_type=scope_type, scope=scope, phase_title="Q3 bestuurlijke tussenrapportage",
                                  example_data=True, day=dt.date(2026, 11, 23))
    assert "Opgave tot en met de horizon, per onderdeel" in html
    assert "De opgave in drie delen: kosten, financierbaar deel en tekort" in html
    for hidden in ("Zo gebruik je dit notebook", "cost_basis", "efg_verbetering", "scope_type", "task_part", "restopgave_"):
        assert hidden not in html, hidden


@pytest.mark.notebook
def test_notebook_region_writes_headline_tables_and_matches_snapshot(run_notebook, tiny_processed):
    executed, out_dir = run_notebook(NOTEBOOK, year=2026, data_dir=str(tiny_processed))
    assert executed.exists()
    cap_path = out_dir / "tables" / "financial_capacity.csv"
    ratios = pd.read_csv(out_dir / "tables" / "financial_ratios.csv")
    cap = pd.read_csv(cap_path)
    assert list(cap.columns[:8]) == ["corporation", "scenario", "task_eur", "financeable_eur", "gap_eur",
                                     "binding_norm", "first_breach_year", "buffer_eur"]
    assert finance.REGION_NAME in set(cap["corporation"])
    assert set(ratios["scenario"]) == set(cap["scenario"])
    assessed = cap[cap["binding_norm"] != "geen_financien"]
    assert (assessed["financeable_eur"] + assessed["gap_eur"] - assessed["task_eur"]).abs().max() < 1.0
    text = cap_path.read_text(encoding="utf-8")
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert SNAPSHOT.exists(), "snapshot ontbreekt; draai met UPDATE_SNAPSHOTS=1"
    assert text == SNAPSHOT.read_text(encoding="utf-8")
    task_text = (out_dir / "tables" / "financial_task.csv").read_text(encoding="utf-8")
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT_TASK.write_text(task_text, encoding="utf-8")
    assert SNAPSHOT_TASK.exists(), "snapshot ontbreekt; draai met UPDATE_SNAPSHOTS=1"
    assert task_text == SNAPSHOT_TASK.read_text(encoding="utf-8")
    task = pd.read_csv(out_dir / "tables" / "financial_task.csv")
    assert list(task.columns[:6]) == ["scope_type", "scope", "task_part", "item", "n_units", "task_eur"]
    region = task[task["scope_type"] == "regio"].set_index(["task_part", "item"])
    assert set(task["scope"]) == {finance.REGION_NAME} | (set(cap["corporation"]) - {finance.REGION_NAME})
    corps = task[task["scope_type"] == "corporatie"].groupby(["task_part", "item"])["n_units"].sum()
    assert (region["n_units"] == corps.reindex(region.index)).all()
    parts = pd.read_csv(out_dir / "tables" / "financial_task_parts.csv")
    assert list(parts["task_part"].unique()) == list(finance.TASK_PARTS)
    own = parts[parts["scope"] == finance.REGION_NAME]
    total = cap[(cap["corporation"] == finance.REGION_NAME) & (cap["scenario"] == "basis")]
    assert own["task_eur"].sum() == pytest.approx(float(total["task_eur"].iloc[0]))
    assert own["gap_eur"].sum() == pytest.approx(float(total["gap_eur"].iloc[0]))
    assert not (out_dir / "table_scopes.json").exists()
    _check_research_cells_hidden(executed, "regio", finance.REGION_NAME)


@pytest.mark.notebook
def test_notebook_one_corporation(run_notebook, tiny_processed):
    executed, out_dir = run_notebook(NOTEBOOK, year=2026, data_dir=str(tiny_processed), scope_type="corporatie",
                                      scope="Weller", scenario="huurbevriezing", horizon=2035, buffer=0.05)
    cap = pd.read_csv(out_dir / "tables" / "financial_capacity.csv")
    assert set(cap["corporation"]) == {"Weller"}
    ratios = pd.read_csv(out_dir / "tables" / "financial_ratios.csv")
    assert ratios["year"].max() == 2035
    task = pd.read_csv(out_dir / "tables" / "financial_task.csv")
    assert set(task["scope"]) == {"Weller"} and set(task["scenario"]) == {"huurbevriezing"}
    gap = pd.read_csv(out_dir / "tables" / "financial_gap_by_corporation.csv")
    assert "Weller" in set(gap["scope"]) and finance.REGION_NAME in set(gap["scope"])
    scopes = json.loads((out_dir / "table_scopes.json").read_text(encoding="utf-8"))
    assert scopes == {"financial_gap_by_corporation": finance.ALL_CORPORATIONS}
    _check_research_cells_hidden(executed, "corporatie", "Weller")


@pytest.mark.notebook
def test_notebook_refuses_municipality_scope(run_notebook, tiny_processed):
    import papermill as pm

    with pytest.raises(pm.PapermillExecutionError, match="per corporatie"):
        run_notebook(NOTEBOOK, year=2026, data_dir=str(tiny_processed), scope_type="gemeente", scope="Heerlen")
