"""The finance task prices exactly the EFG dwellings the EFG rule counts as still to improve.

The tiny register (reporting year 2026; rule: labels E, F, G out by 2028, monuments exempt,
demolition up to 2028 + 5 = 2033 exempt)::

    row corp label monument measure        year  label after  EFG rule                          cost year
     1   A    E                                               to improve (no plan)              2028
     2   A    F     yes                                       exempt: monument                  -
     3   A    G              sloop          2030              exempt: demolition <= 2033        -
     4   A    E              verkoop        2027              leaves by 2028                    -
     5   A    F              verduurzaming  2027  E           to improve (improved, still EFG)  2027
     6   A    G              renovatie      2026  B           to improve (improved)             2026
     7   A    C              renovatie      2027  A           not EFG: other renovation 2027    -
     8   A    E              sloop          2035              to improve (demolition too late)  2028
     9   B    E              verkoop        2030              to improve (sold after 2028)      2028
    10   B    D                                               not EFG                           -
    11   B    G              verduurzaming  2025  B           to improve (plan in the past:     2028
                                                              data problem, counts as it stands)
    12   B    E              sloop          2026              exempt: demolition                -

So A prices 4 EFG improvements (2026: 1, 2027: 1, 2028: 2), B prices 2 (2028), the region 6.
The old finance rule (label E/F/G and no sloop/verkoop planned; monuments not exempt) priced
rows 1, 2, 5, 6 and 11: a different set.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import finance as F
from analysis.rules import efg

RULES = efg.EnergyRules(efg_labels=("E", "F", "G"), deadline_year=2028, exempt_monument=True,
                        demolition_window_years=5, horizon_last_year=2030, on_track_max_remaining_share=0.0,
                        risk_max_remaining_share=0.1, toekomstklaar_labels=("A", "B"))
YEAR = 2026
STOCK = pd.DataFrame({
    "corporation": ["A"] * 8 + ["B"] * 4,
    "municipality": ["Heerlen"] * 12,
    "energy_label": ["E", "F", "G", "E", "F", "G", "C", "E", "E", "D", "G", "E"],
    "monument": [False, True] + [False] * 10,
    "gas_free": [False] * 12,
    "planned_measure": [None, None, "sloop", "verkoop", "verduurzaming", "renovatie", "renovatie", "sloop",
                        "verkoop", None, "verduurzaming", "sloop"],
    "measure_year": pd.array([None, None, 2030, 2027, 2027, 2026, 2027, 2035, 2030, None, 2025, 2026], dtype="Int64"),
    "label_after": [None, None, None, None, "E", "B", "A", None, None, None, "B", None],
})
EMPTY_PROJECTS = pd.DataFrame({"corporation": [], "segment": [], "project_type": [], "n_dwellings": [],
                               "completion_year": [], "plan_status": [], "total_cost_eur": []})
EMPTY_MUTATIONS = pd.DataFrame({"corporation": [], "year": [], "mutation_type": [], "count": [], "figure_status": []})
BASE_YEARS = {"A": 2025, "B": 2025}


def _to_improve() -> pd.Series:
    mask = efg.to_improve_mask(efg.classify_dwellings(STOCK, YEAR, RULES), RULES)
    return mask.groupby(STOCK["corporation"]).sum()


def _units(last_year: int = 2030, stock: pd.DataFrame = STOCK) -> pd.DataFrame:
    return F.count_task_units(EMPTY_PROJECTS, EMPTY_MUTATIONS, stock, BASE_YEARS, last_year, RULES, YEAR)


def test_priced_efg_count_equals_the_rule_per_corporation_and_region():
    units = _units()
    priced = units[units["item"] == "efg_verbetering"].groupby("corporation")["n_units"].sum()
    rule = _to_improve()
    assert priced.to_dict() == {"A": 4, "B": 2}
    assert priced.to_dict() == rule.to_dict()
    assert priced.sum() == rule.sum() == 6


def test_efg_cost_year_is_the_improvement_year_else_the_deadline():
    units = _units()
    got = {(r.corporation, r.item, r.year): r.n_units for r in units.itertuples()}
    assert got == {("A", "efg_verbetering", 2026): 1, ("A", "efg_verbetering", 2027): 1,
                   ("A", "efg_verbetering", 2028): 2, ("A", "renovatie", 2027): 1,
                   ("B", "efg_verbetering", 2028): 2}


def test_efg_plans_after_the_horizon_count_in_its_last_year():
    """Horizon 2027: the 2028 units of A and B move to 2027 (none is dropped); renovation 2027 stays."""
    units = _units(last_year=2027)
    efg_units = units[units["item"] == "efg_verbetering"]
    assert {(r.corporation, r.year): r.n_units for r in efg_units.itertuples()} == {
        ("A", 2026): 1, ("A", 2027): 3, ("B", 2027): 2}


def test_financial_task_table_publishes_the_rule_count():
    """Every item for every corporation (zeros included); the region row is the sum of A and B."""
    sc = F.Scenario("t", interest_rate=0.03, cost_growth_per_year=0.0, rent_growth_per_year=0.0)
    model = F.ModelParameters(0.1, 0.0)
    costs = pd.DataFrame({"item": ["efg_verbetering", "renovatie"], "segment": [None, None],
                          "value_eur": [30000.0, 75000.0], "price_year": [2025, 2025], "used_in_model": [True, True]})
    task = F.price_task(_units(), pd.DataFrame({"corporation": [], "year": []}), costs, BASE_YEARS, sc, model)
    table = F.scope_task(task, ["A", "B"], "t")
    assert list(table.columns) == ["scope_type", "scope", "task_part", "item", "n_units", "task_eur", "scenario"]
    efg_rows = table[table["item"] == "efg_verbetering"].set_index("scope")
    assert efg_rows["n_units"].to_dict() == {F.REGION_NAME: 6, "A": 4, "B": 2}
    assert efg_rows.loc[F.REGION_NAME, "task_eur"] == pytest.approx(6 * 30000.0)
    # every item of every part: plans (4 items), EFG (1), restopgave (2)
    assert list(table["scope_type"]).count("regio") == 7
    assert table.loc[table["item"] == "efg_verbetering", "task_part"].eq("efg").all()
    assert table.loc[(table["scope"] == "B") & (table["item"] == "renovatie"), "n_units"].item() == 0
    own = F.scope_task(task, ["A", "B"], "t", "corporatie", "B")
    assert set(own["scope"]) == {"B"} and own.set_index("item").loc["efg_verbetering", "n_units"] == 2


def test_whole_pipeline_prices_the_rule_count():
    """compute_financial_capacity with the shipped reference data (its EFG rule) on the tiny register."""
    ref = F.load_reference()
    res = F.compute_financial_capacity(EMPTY_PROJECTS, EMPTY_MUTATIONS, STOCK, pd.DataFrame(
        columns=["corporation", "year", "policy_value_eur", "market_value_eur", "debt_eur", "interest_eur",
                 "operating_cash_flow_eur", "planned_investment_eur"]), YEAR, ref, "basis", 0.1, 2030)
    mask = efg.to_improve_mask(efg.classify_dwellings(STOCK, YEAR, ref.efg_rules), ref.efg_rules)
    priced = res.task.loc[res.task["item"] == "efg_verbetering", "n_units"].sum()
    assert priced == mask.sum()
    assert res.unassessed == ["A", "B"]
