"""Notebook 00 (monitor) end to end with papermill on the tiny fixture.

The monitor counts nothing itself: its figures must be those of the analyses it is composed of
(portfolio, energy labels), and its research cells must stay out of the stakeholder HTML.
"""

from __future__ import annotations

import nbformat
import pandas as pd
import pytest

from analysis import energy_labels, portfolio
from analysis.monitoring.status import STATUSES
from analysis.report import export
from analysis.rules import efg, plans, scopes

NOTEBOOK = "00_monitor.ipynb"


@pytest.mark.notebook
def test_monitor_runs_and_shows_the_analyses_figures(run_notebook, tiny_processed):
    from analysis import processed, reference

    executed, out_dir = run_notebook(NOTEBOOK, year=2026, data_dir=str(tiny_processed))
    monitor = pd.read_csv(out_dir / "tables" / "afspraken_monitor.csv").set_index("target_id")
    data = processed.load(2026, tiny_processed)
    rules = efg.load_rules()
    head = energy_labels.compute_efg_headline(energy_labels.compute_cells(data.stock, 2026, rules), 2026, rules)
    region = head[head["scope_type"] == "regio"].iloc[0]
    assert monitor.loc["efg_phase_out_2028", ["realised", "planned"]].tolist() == [
        float(region["efg_now"]), float(region["efg_remaining_deadline"])]
    gap = portfolio.compute_targets_vs_plans(plans.combine_plans(data.projects, data.plan_capacity, data.mutations,
                                                                 year=2026),
                                             reference.targets(), scopes.scope_frame([], []).iloc[:1])
    for r in gap.itertuples():
        assert monitor.loc[r.target_id, ["realised", "planned"]].tolist() == [float(r.realised), float(r.planned_hard)]
    assert set(monitor["status"]) <= set(STATUSES)
    assert monitor.loc["flex_2030", "kind"] == "ambitie" and not str(monitor.loc["flex_2030", "status"]) == "achter"

    # the new agreements: each table has the region and the municipalities, and the region is their sum
    share = pd.read_csv(out_dir / "tables" / "social_share.csv")
    munis, region = share[share["scope_type"] == "gemeente"], share[share["scope_type"] == "regio"].iloc[0]
    assert region["n_social_corporation"] == munis["n_social_corporation"].sum()
    assert monitor.loc["social_stock_baseline", "realised"] == region["n_social_corporation"]
    dist = pd.read_csv(out_dir / "tables" / "social_stock_distribution.csv")
    assert dist.loc[dist["scope_type"] == "regio", "n_dwellings"].sum() == region["n_social_corporation"]
    for name in ("affordability_obligations", "affordability_obligations_totals", "third_party_sales"):
        assert {"scope_type", "scope"} <= set(pd.read_csv(out_dir / "tables" / f"{name}.csv").columns)

    # the backtest (issue 18): the tiny set has 2025 and 2026, so one year is scored; the region's realisation is
    # the prognosis-accuracy table's (one rule: opgeleverd in 2025 per the 2026 delivery), its coverage 0 or 1
    per_year = pd.read_csv(out_dir / "tables" / "prognose_toets_per_jaar.csv")
    toets = pd.read_csv(out_dir / "tables" / "prognose_toets.csv").set_index("scope")
    accuracy = pd.read_csv(out_dir / "tables" / "prognose_nauwkeurigheid_regio.csv").set_index("measure")
    region_bt = per_year[per_year["scope_type"] == "regio"].iloc[0]
    assert (region_bt["year"], region_bt["realised"]) == (2025, accuracy.loc["nieuwbouw", "realised"])
    assert toets.loc[scopes.REGION_NAME, "n_years"] == 1
    assert toets.loc[scopes.REGION_NAME, "coverage"] == float(region_bt["in_band"])
    for name in ("prognose_toets", "prognose_toets_per_jaar"):
        header = (out_dir / "tables" / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0]
        assert header.startswith("scope_type,scope,")

    nb = nbformat.read(executed, as_version=4)
    shown = "\n".join(str(o.get("data", {}).get("text/markdown", "")) + str(o.get("data", {}).get("text/html", ""))
                      for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "Toets van de prognoses per partij" in shown and "binnen de band van 10-90 %" in shown
    research = [c for c in nb.cells if export.RESEARCH_TAG in c.metadata.get("tags", [])]
    assert len(research) >= 2
    kept = export._clean_notebook(nb)
    assert not [c for c in kept.cells if export.RESEARCH_TAG in c.metadata.get("tags", [])]
    assert any("Zo gebruik je dit notebook" in c.source for c in research)


@pytest.mark.notebook
def test_monitor_refuses_a_party_scope(run_notebook, tiny_processed):
    import papermill as pm

    with pytest.raises(pm.PapermillExecutionError, match="alleen voor de hele regio"):
        run_notebook(NOTEBOOK, year=2026, data_dir=str(tiny_processed), scope_type="gemeente", scope="Heerlen")
