"""Notebook 01 (portefeuille) runs with papermill; snapshot of portfolio_gap.csv on the tiny fixture.

Regenerate the snapshot after an intended change with::

    UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/test_notebook_portfolio.py -k snapshot

and review the diff of ``tests/snapshots/portfolio_gap_tiny.csv`` before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from analysis import config, outputs, portfolio, processed

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


def _check_tables(out_dir: Path, scope_type: str, scope: str) -> pd.DataFrame:
    gap = pd.read_csv(out_dir / "tables" / "portfolio_gap.csv")
    assert list(gap.columns) == portfolio.GAP_COLUMNS
    region = gap[gap["scope_type"] == "regio"]
    assert len(region) >= 1 and region["target"].notna().all()
    # gap = target - realised - all planned
    total = region["realised"] + region["planned_hard"] + region["planned_soft"]
    assert ((region["target"] - total - region["gap"]).abs() < 1e-6).all()
    assert ((region["p_target_met"] >= 0) & (region["p_target_met"] <= 1)).all()
    assert (region["expected_p10"] <= region["expected_p90"]).all()
    if scope_type != "regio":
        assert (gap["scope_type"] == scope_type).any() and (gap["scope"] == scope).any()
    stock = pd.read_csv(out_dir / "tables" / "social_stock_change.csv")
    assert {"municipality", "year", "net", "complete"} <= set(stock.columns)
    sales = pd.read_csv(out_dir / "tables" / "sales_vs_additions.csv")
    assert {"municipality", "sales", "additions", "flag"} <= set(sales.columns)
    return gap


@pytest.mark.notebook
@pytest.mark.parametrize("scope_type", ["regio", "gemeente", "corporatie"])
def test_notebook_tiny(run_notebook, tiny_root, scope_type):
    year = _year(tiny_root)
    municipality, corporation = _first_parties(tiny_root, year)
    scope = {"regio": "Parkstad", "gemeente": municipality, "corporatie": corporation}[scope_type]
    _nb, out = run_notebook(NOTEBOOK, year=year, scope_type=scope_type, scope=scope, data_dir=str(tiny_root),
                            n_simulations=300)
    _check_tables(out, scope_type, scope)


@pytest.mark.notebook
@pytest.mark.parametrize("scope_type", ["regio", "gemeente", "corporatie"])
def test_notebook_example(run_notebook, example_root, scope_type):
    year = _year(example_root)
    municipality, corporation = _first_parties(example_root, year)
    scope = {"regio": "Parkstad", "gemeente": municipality, "corporatie": corporation}[scope_type]
    _nb, out = run_notebook(NOTEBOOK, year=year, scope_type=scope_type, scope=scope, data_dir=str(example_root),
                            n_simulations=300, probability_overrides={"zacht": 0.5})
    _check_tables(out, scope_type, scope)


def _tiny_gap(root: Path) -> pd.DataFrame:
    data = processed.load(_year(root), root)
    res = portfolio.run_analysis(data, portfolio.load_targets(), portfolio.load_realisation_probabilities(),
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
