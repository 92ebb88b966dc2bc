"""Notebook 01 (portefeuille) runs with papermill; snapshot of portfolio_gap.csv on the tiny fixture.

Regenerate the snapshot after an intended change with::

    UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/test_notebook_portfolio.py -k snapshot

and review the diff of ``tests/snapshots/portfolio_gap_tiny.csv`` before committing it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from analysis import config, outputs, portfolio, processed
from analysis.report import export

NOTEBOOK = "01_portefeuille.ipynb"
SNAPSHOTS = Path(__file__).parent / "snapshots"
TINY_SOURCE = Path(__file__).parent / "fixtures" / "tiny"
SNAPSHOT_SIMULATIONS = 2000
SNAPSHOT_SEED = 20240531


def _root(request, name: str, source: Path) -> Path:
    if not source.is_dir():
        pytest.skip(f"geen leveringen onder {source}")
    return request.getfixturevalue(name)


@pytest.fixture
def tiny_root(request) -> Path:
    return _root(request, "tiny_processed", TINY_SOURCE)


@pytest.fixture
def example_root(request) -> Path:
    return _root(request, "example_processed", config.EXAMPLE_DIR)


def _year(root: Path) -> int:
    years = processed.available_years(root)
    if not years:
        pytest.skip(f"geen verwerkte jaren onder {root}")
    return years[-1]


def _first_parties(root: Path, year: int) -> tuple[str, str]:
    data = processed.load(year, root)
    municipalities = sorted(set(data.projects["municipality"].dropna()) | set(
        data.plan_capacity["sender_municipality"].dropna()))
    corporations = sorted(set(data.projects["corporation"].dropna()))
    if not municipalities or not corporations:
        pytest.skip("geen gemeente of corporatie met projecten in de data")
    return municipalities[0], corporations[0]


def _read(out_dir: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(out_dir / "tables" / f"{name}.csv")


def _check_tables(out_dir: Path, scope_type: str, scope: str) -> pd.DataFrame:
    gap = _read(out_dir, "portfolio_gap")
    assert list(gap.columns) == portfolio.GAP_COLUMNS
    if scope_type == "regio":
        region = gap[gap["scope_type"] == "regio"]
        assert len(region) >= 1 and region["target"].notna().all()
        # gap = target - realised - all planned
        total = region["realised"] + region["planned_hard"] + region["planned_soft"]
        assert ((region["target"] - total - region["gap"]).abs() < 1e-6).all()
        assert ((region["p_target_met"] >= 0) & (region["p_target_met"] <= 1)).all()
        assert (region["expected_p10"] <= region["expected_p90"]).all()
    else:
        # a party publishes its own rows: a contribution to the regional target, no target of its own
        assert set(zip(gap["scope_type"], gap["scope"], strict=True)) == {(scope_type, scope)}
        assert gap["target"].isna().all() and gap["regional_target"].notna().all()
    stock = _read(out_dir, "social_stock_change")
    sales = _read(out_dir, "sales_vs_additions")
    assert {"scope_type", "scope", "municipality", "year", "net", "complete"} <= set(stock.columns)
    assert {"scope_type", "scope", "municipality", "sales", "additions", "flag"} <= set(sales.columns)
    for frame in (stock, sales):
        if scope_type == "corporatie":  # the corporation's own sales, additions and stock change
            assert (frame["scope_type"] == "corporatie").all() and (frame["scope"] == scope).all()
        else:  # per municipality: all corporations together in that municipality
            assert (frame["scope_type"] == "gemeente").all() and (frame["scope"] == frame["municipality"]).all()
        if scope_type == "gemeente":
            assert (frame["municipality"] == scope).all()
    inponding = _read(out_dir, "inponding")
    assert {"scope_type", "scope", "year", "figure_status", "inponding", "target"} <= set(inponding.columns)
    assert (inponding["scope_type"] == scope_type).all() and (inponding["scope"] == scope).all()
    assert inponding["target"].notna().all() if scope_type == "regio" else inponding["target"].isna().all()
    share = _read(out_dir, "programme_share")
    assert list(share.columns) == portfolio.SHARE_COLUMNS
    assert share[["scope_type", "scope"]].values.tolist() == [[scope_type, scope]]
    scopes_file = out_dir / outputs.TABLE_SCOPES_FILE
    marked = json.loads(scopes_file.read_text(encoding="utf-8")) if scopes_file.exists() else {}
    if scope_type == "corporatie":
        assert marked == {"sales_vs_additions_all_corporations": "alle corporaties samen"}
        regional = _read(out_dir, "sales_vs_additions_all_corporations")
        assert (regional["scope_type"] == "gemeente").all() and len(regional) >= len(sales)
    else:
        assert marked == {}
    return gap


def _check_html(executed: Path, scope_type: str, scope: str) -> None:
    """Research cells ran (they show intermediate frames) but are not in the stakeholder HTML."""
    nb = nbformat.read(executed, as_version=4)
    research = [c for c in nb.cells if export.RESEARCH_TAG in c.metadata.get("tags", [])]
    assert len(research) >= 5
    assert any("plan_key" in str(o.get("data", {})) for c in research for o in c.get("outputs", []))
    assert not [c for c in export._clean_notebook(nb).cells if export.RESEARCH_TAG in c.metadata.get("tags", [])]
    html = export.export_notebook(nb, scope_type=scope_type, scope=scope, phase_title="Q3", example_data=False,
                                  day=dt.date(2026, 11, 23))
    assert "Opgave tegenover gerealiseerd en gepland" in html
    assert "plan_key" not in html and "Zo gebruik je dit notebook" not in html
    if scope_type == "regio":
        assert "regionaal:" not in html
    else:  # the missing-data table is about every delivery; a corporation also sees the agreement-7 test
        assert "regionaal: alle leveringen samen" in html
        assert ("regionaal: alle corporaties samen" in html) is (scope_type == "corporatie")


def test_notebook_shape():
    """Title, how-to (research), parameters, one loading cell; no definitions or loops in cells."""
    nb = nbformat.read(config.NOTEBOOKS / NOTEBOOK, as_version=4)
    first, howto, params, load = nb.cells[:4]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert howto.source.startswith("## Zo gebruik je dit notebook") and howto.metadata["tags"] == ["research"]
    assert params.metadata["tags"] == ["parameters"]
    assert "pf.load_inputs(year, data_dir)" in load.source and "outputs.show_banner" in load.source
    names = ("year", "phase", "scope_type", "scope", "data_dir", "output_dir", "n_simulations", "seed",
             "probability_overrides")
    assert [line.split(":")[0] for line in params.source.splitlines()] == list(names)
    for cell in nb.cells:
        assert not cell.get("outputs")
        if cell.cell_type == "code":
            assert "def " not in cell.source and "for " not in cell.source and "docs/" not in cell.source


@pytest.mark.notebook
@pytest.mark.parametrize("scope_type", ["regio", "gemeente", "corporatie"])
def test_notebook_tiny(run_notebook, tiny_root, scope_type):
    year = _year(tiny_root)
    municipality, corporation = _first_parties(tiny_root, year)
    scope = {"regio": "Parkstad", "gemeente": municipality, "corporatie": corporation}[scope_type]
    executed, out = run_notebook(NOTEBOOK, year=year, scope_type=scope_type, scope=scope, data_dir=str(tiny_root),
                                 n_simulations=300)
    _check_tables(out, scope_type, scope)
    _check_html(executed, scope_type, scope)


@pytest.mark.notebook
@pytest.mark.parametrize("scope_type", ["regio"])  # every scope runs on the example data in test_consistency
def test_notebook_example(run_notebook, example_root, scope_type):
    year = _year(example_root)
    municipality, corporation = _first_parties(example_root, year)
    scope = {"regio": "Parkstad", "gemeente": municipality, "corporatie": corporation}[scope_type]
    _nb, out = run_notebook(NOTEBOOK, year=year, scope_type=scope_type, scope=scope, data_dir=str(example_root),
                            n_simulations=300, probability_overrides={"zacht": 0.5})
    _check_tables(out, scope_type, scope)


def _tiny_gap(root: Path) -> pd.DataFrame:
    data = processed.load(_year(root), root)
    res = portfolio.run_analysis(data, portfolio.load_targets(), None,
                                 scope_type="regio", scope="Parkstad", n_simulations=SNAPSHOT_SIMULATIONS,
                                 seed=SNAPSHOT_SEED)
    return res.gap


def test_region_equals_sum_of_parts_tiny(tiny_root):
    gap = _tiny_gap(tiny_root)
    for tid, g in gap.groupby("target_id"):
        region = g[g["scope_type"] == "regio"].iloc[0]
        mun = g[g["scope_type"] == "gemeente"]
        corp = g[g["scope_type"] == "corporatie"]
        for col in ("realised", "planned_hard", "planned_soft", "expected", "corporation_dwellings"):
            assert region[col] == pytest.approx(mun[col].sum()), (tid, col)
        assert region["corporation_dwellings"] == pytest.approx(corp["corporation_dwellings"].sum()), tid


def test_portfolio_gap_snapshot_tiny(tiny_root, tmp_path):
    """portfolio_gap.csv on the tiny fixture equals tests/snapshots/portfolio_gap_tiny.csv byte for byte."""
    produced = outputs.write_table(_tiny_gap(tiny_root), "portfolio_gap", tmp_path)
    snapshot = SNAPSHOTS / "portfolio_gap_tiny.csv"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOTS.mkdir(exist_ok=True)
        snapshot.write_bytes(produced.read_bytes())
    if not snapshot.exists():
        pytest.fail(f"snapshot {snapshot} ontbreekt: maak hem met UPDATE_SNAPSHOTS=1 (zie de docstring)")
    assert produced.read_text(encoding="utf-8") == snapshot.read_text(encoding="utf-8")
