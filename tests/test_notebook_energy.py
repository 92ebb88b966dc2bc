"""Notebook 03 end to end (papermill, fresh kernel) and the snapshot of efg_trajectory.csv.

Regenerate the snapshot after an intended change with::

    UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/test_notebook_energy.py -m notebook

Every scope on the example data runs in ``tests/test_consistency.py`` (the whole reporting set).
"""

from __future__ import annotations

import datetime as dt
import json
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
    research = [c for c in nb.cells if "research" in c.get("metadata", {}).get("tags", [])]
    assert research and research[0].cell_type == "markdown"
    assert research[0].source.startswith("## Zo gebruik je dit notebook")


def _check_research_cells_hidden(executed: Path, scope_type: str, scope: str) -> None:
    """Cells tagged research exist, ran, and are left out of the stakeholder HTML."""
    from analysis.report.export import RESEARCH_TAG, _clean_notebook, export_notebook

    nb = nbformat.read(executed, as_version=4)
    research = [c for c in nb.cells if RESEARCH_TAG in c.metadata.get("tags", [])]
    assert len(research) >= 3, "het notebook heeft te weinig cellen met tag research"
    assert all(c.get("outputs") for c in research if c.cell_type == "code"), "research-cellen tonen niets"
    assert not [c for c in _clean_notebook(nb).cells if RESEARCH_TAG in c.metadata.get("tags", [])]
    html = export_notebook(nb, scope_type=scope_type, scope=scope, phase_title="Q2", example_data=True,
                           day=dt.date(2026, 11, 23))
    # the research cells show the key figures, the parts' pace and the future stock with English columns
    for marker in ("Zo gebruik je dit notebook", "exempt_deadline", "efg_remaining_deadline", "n_gas_free_switched"):
        assert marker not in html, f"research-uitvoer '{marker}' staat in de HTML"
    assert "Kerncijfers EFG-woningen" in html


def _regional_tables_are_marked(region_out: Path, party_out: Path) -> None:
    """Every table byte-identical to the region report's must be listed in table_scopes.json."""
    scopes_file = party_out / "table_scopes.json"
    scopes = json.loads(scopes_file.read_text(encoding="utf-8")) if scopes_file.exists() else {}
    for table in sorted((party_out / "tables").glob("*.csv")):
        twin = region_out / "tables" / table.name
        if twin.exists() and twin.read_bytes() == table.read_bytes():
            assert table.stem in scopes, f"{table.name} is gelijk aan de regiotabel maar niet als regionaal gemarkeerd"


def _check_tables(out: Path, scope_type: str, scope: str) -> pd.DataFrame:
    table = pd.read_csv(out / "tables" / "efg_trajectory.csv")
    assert tuple(table.columns) == energy_labels.TRAJECTORY_COLUMNS
    key = pd.read_csv(out / "tables" / "efg_kerncijfers.csv")
    assert tuple(key.columns) == energy_labels.HEADLINE_COLUMNS
    assert key[["scope_type", "scope"]].values.tolist() == [[scope_type, scope]]
    if scope_type == "regio":  # the region report holds every scope: region = sum of the parts
        cols = ["efg_remaining", "exempt", "improved", "demolished", "sold"]
        region = table[table["scope_type"] == "regio"].set_index("year")[cols]
        for part in ("corporatie", "gemeente"):
            summed = table[table["scope_type"] == part].groupby("year")[cols].sum()
            pd.testing.assert_frame_equal(summed, region, check_dtype=False)
    else:
        assert set(table["scope"]) == {scope}
    return table


@pytest.mark.notebook
def test_notebook_runs_on_tiny_each_scope(tiny_processed, run_notebook, tmp_path):
    """Region, the first corporation and the first municipality of the tiny fixture."""
    from analysis import processed

    year = _tiny_year(tiny_processed)
    stock = processed.load(year, tiny_processed).stock
    ids = {i for i in stock["vhe_id"].dropna().astype(str) if len(i) >= 4}
    scopes = [("regio", "Parkstad"), ("corporatie", sorted(stock["corporation"].dropna().unique())[0]),
              ("gemeente", sorted(stock["municipality"].dropna().unique())[0])]
    outs = {}
    for scope_type, scope in scopes:
        out = tmp_path / scope_type
        executed, _ = run_notebook(NOTEBOOK, year=year, scope_type=scope_type, scope=scope,
                                   data_dir=str(tiny_processed), output_dir=str(out))
        table = _check_tables(out, scope_type, scope)
        assert not (out / "internal").exists()
        # no dwelling-level identifier in the stakeholder outputs
        assert not any(i in executed.read_text(encoding="utf-8") for i in ids)
        assert not any(i in table.to_csv() for i in ids)
        _check_research_cells_hidden(executed, scope_type, scope)
        outs[scope_type] = out
    _check_snapshot((outs["regio"] / "tables" / "efg_trajectory.csv").read_text(encoding="utf-8"))
    for party in ("corporatie", "gemeente"):
        _regional_tables_are_marked(outs["regio"], outs[party])
    scopes_file = json.loads((outs["gemeente"] / "table_scopes.json").read_text(encoding="utf-8"))
    assert scopes_file == {"efg_share_by_municipality": "alle corporaties samen"}
    assert not (outs["corporatie"] / "table_scopes.json").exists()


def _check_snapshot(text: str) -> None:
    if os.environ.get("UPDATE_SNAPSHOTS") == "1" or not SNAPSHOT.exists():
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text(text, encoding="utf-8")
        if os.environ.get("UPDATE_SNAPSHOTS") != "1":
            pytest.fail(f"snapshot {SNAPSHOT.name} ontbrak en is aangemaakt; controleer en commit hem")
    assert text == SNAPSHOT.read_text(encoding="utf-8")
