"""Notebook 04 (financiële ruimte) end to end with papermill on the tiny fixture, plus a snapshot.

Regenerate the snapshot after an intended change with::

    UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/test_notebook_finance.py -m notebook
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from analysis import finance

SNAPSHOT = Path(__file__).parent / "snapshots" / "finance_financial_capacity_tiny.csv"
NOTEBOOK = "04_financiele_ruimte.ipynb"


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


@pytest.mark.notebook
def test_notebook_one_corporation(run_notebook, tiny_processed):
    _executed, out_dir = run_notebook(NOTEBOOK, year=2026, data_dir=str(tiny_processed), scope_type="corporatie",
                                      scope="Weller", scenario="huurbevriezing", horizon=2035, buffer=0.05)
    cap = pd.read_csv(out_dir / "tables" / "financial_capacity.csv")
    assert set(cap["corporation"]) == {"Weller"}
    ratios = pd.read_csv(out_dir / "tables" / "financial_ratios.csv")
    assert ratios["year"].max() == 2035


@pytest.mark.notebook
def test_notebook_refuses_municipality_scope(run_notebook, tiny_processed):
    import papermill as pm

    with pytest.raises(pm.PapermillExecutionError, match="per corporatie"):
        run_notebook(NOTEBOOK, year=2026, data_dir=str(tiny_processed), scope_type="gemeente", scope="Heerlen")
