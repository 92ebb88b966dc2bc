"""Notebook 03 end to end (papermill, fresh kernel) and the snapshot of efg_trajectory.csv.

Regenerate the snapshot after an intended change with::

    UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/test_notebook_energy.py -m notebook
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from analysis import config, energy_labels

NOTEBOOK = "03_energielabels.ipynb"
SNAPSHOT = Path(__file__).parent / "snapshots" / "efg_trajectory_tiny.csv"


def _tiny_year(root: Path) -> int:
    return max(int(p.name) for p in root.iterdir() if p.is_dir() and p.name.isdigit())


def test_notebook_structure():
    nb = nbformat.read(config.NOTEBOOKS / NOTEBOOK, as_version=4)
    assert nb.cells[0].cell_type == "markdown"
    assert nb.cells[0].source.startswith("# Uitfasering energielabels E, F en G")
    tagged = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
    for name in ("year", "phase", "scope_type", "scope", "data_dir", "output_dir"):
        assert f"{name}:" in tagged[0].source
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "commit zonder uitvoer"
    assert not any("def " in c.source for c in nb.cells if c.cell_type == "code")


@pytest.mark.notebook
@pytest.mark.parametrize("scope_type,scope", [("regio", "Parkstad"), ("corporatie", None), ("gemeente", None)])
def test_notebook_runs_on_tiny(tiny_processed, run_notebook, scope_type, scope):
    from analysis import processed

    year = _tiny_year(tiny_processed)
    stock = processed.load(year, tiny_processed).stock
    if scope is None:
        col = "corporation" if scope_type == "corporatie" else "municipality"
        scope = sorted(stock[col].dropna().unique())[0]
    executed, out = run_notebook(NOTEBOOK, year=year, scope_type=scope_type, scope=scope,
                                 data_dir=str(tiny_processed))
    table = pd.read_csv(out / "tables" / "efg_trajectory.csv")
    assert tuple(table.columns) == energy_labels.TRAJECTORY_COLUMNS
    if scope_type == "regio":  # the region report holds every scope: region = sum of the parts
        cols = ["efg_remaining", "exempt", "improved", "demolished", "sold"]
        region = table[table["scope_type"] == "regio"].set_index("year")[cols]
        for part in ("corporatie", "gemeente"):
            summed = table[table["scope_type"] == part].groupby("year")[cols].sum()
            pd.testing.assert_frame_equal(summed, region, check_dtype=False)
    else:
        assert set(table["scope"]) == {scope}
    assert not (out / "internal").exists()
    html_text = executed.read_text(encoding="utf-8")
    ids = set(stock["vhe_id"].dropna().astype(str))
    # no dwelling-level identifier in the stakeholder outputs
    assert not any(i in html_text for i in ids if len(i) >= 4)
    assert not any(i in table.to_csv() for i in ids if len(i) >= 4)
    if scope_type == "regio":
        _check_snapshot((out / "tables" / "efg_trajectory.csv").read_text(encoding="utf-8"))


def _check_snapshot(text: str) -> None:
    if os.environ.get("UPDATE_SNAPSHOTS") == "1" or not SNAPSHOT.exists():
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text(text, encoding="utf-8")
        if os.environ.get("UPDATE_SNAPSHOTS") != "1":
            pytest.fail(f"snapshot {SNAPSHOT.name} ontbrak en is aangemaakt; controleer en commit hem")
    assert text == SNAPSHOT.read_text(encoding="utf-8")


@pytest.mark.notebook
def test_notebook_runs_on_example_each_scope(example_processed, run_notebook):
    """Region, one corporation and one municipality on the example data (all scopes: rpa report)."""
    from analysis import processed

    year = max(int(p.name) for p in example_processed.iterdir() if p.name.isdigit())
    stock = processed.load(year, example_processed).stock
    for scope_type, scope in (("regio", "Parkstad"), ("corporatie", sorted(stock["corporation"].unique())[0]),
                              ("gemeente", sorted(stock["municipality"].unique())[0])):
        _executed, out = run_notebook(NOTEBOOK, year=year, scope_type=scope_type, scope=scope,
                                      data_dir=str(example_processed), output_dir="")
        assert out.exists()
