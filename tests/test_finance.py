"""Tests of analysis 4 (analysis.finance): hand-computed ratios, capacity and gap; properties.

The small corporation used throughout (amounts in € mln; base year 2025; interest 5 % on all
debt, no refinancing effect because the corporation's own rate is also 5 %; no rent growth)::

    base 2025:  debt D = 100   interest = 5   OCF = 10   beleidswaarde BW = 200   marktwaarde MW = 400

    projection 2026 (investment I in 2026, no value added):
        interest_2026 = 0,05 x D_2025           = 5          (interest on last year's debt)
        D_2026        = 100 + I + 5 - 10        = 95 + I
        ICR           = 10 / 5                  = 2,0
        LTV           = (95 + I) / 200          (I = 0: 47,5 %)
        dekkingsratio = (95 + I) / 400          (I = 0: 23,75 %)

    slack without buffer:  LTV 0,85 x 200 - (95 + I) = 75 - I      (binding)
                           dekkingsratio 0,70 x 400 - (95 + I) = 185 - I
                           ICR 10 - 1,4 x 5 = 3 (independent of I in 2026)
                           solvabiliteit: not tested (no equity and total assets delivered;
                           tests/test_finance_solvency.py has the case with them)
    slack with buffer 10 %: LTV 0,765 x 200 - 95 = 58 - I

    task I = 100: financeable 75 (no buffer) / 58 (buffer); gap 25 / 42; buffer holds back 17.
    task I =  50: all financeable; remaining capacity 25 (no buffer) / 8 (buffer); no breach.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import finance as F
from analysis.rules import efg, plans

M = 1e6
NORMS = pd.DataFrame({
    "norm_id": ["icr", "ltv_beleidswaarde", "solvabiliteit", "dekkingsratio_marktwaarde"],
    "operator": [">", "<", ">", "<"],
    "value": [1.4, 0.85, 0.15, 0.70],
})
MODEL = F.ModelParameters(refinance_share_per_year=0.1, cost_index_historic_per_year=0.0,
                          ocf_added={"sociale_huur": 5000.0}, policy_value_added={"sociale_huur": 80000.0},
                          market_value_added={"sociale_huur": 160000.0}, sale_proceeds={})
#: The EFG rule as in the agreement: E/F/G out by 2028, monuments and demolition up to 2033 exempt.
RULES = efg.EnergyRules(efg_labels=("E", "F", "G"), deadline_year=2028, exempt_monument=True,
                        demolition_window_years=5, horizon_last_year=2030, on_track_max_remaining_share=0.0,
                        risk_max_remaining_share=0.1, toekomstklaar_labels=("A", "B"))
FLAT = F.Scenario("test", interest_rate=0.05, cost_growth_per_year=0.0, rent_growth_per_year=0.0)


def base(**kw):
    b = {"corporation": "A", "base_year": 2025, "policy_value_eur": 200 * M, "market_value_eur": 400 * M,
         "debt_eur": 100 * M, "interest_eur": 5 * M, "operating_cash_flow_eur": 10 * M, "n_dwellings": 0}
    b.update(kw)
    return b


def invest(amount, year=2026):
    return F.make_flows(investment_eur={year: amount})


NONE = F.make_flows()


# ---------------------------------------------------------------- projection and ratios

def test_projection_and_ratios_by_hand():
    p = F.compute_ratios(F.project_corporation(base(), invest(100 * M), FLAT, MODEL, 2026))
    r = p.set_index("year").loc[2026]
    assert r["interest_eur"] == pytest.approx(5 * M)
    assert r["debt_eur"] == pytest.approx(195 * M)
    assert r["icr"] == pytest.approx(2.0)
    assert r["ltv_beleidswaarde"] == pytest.approx(195 / 200)
    assert math.isnan(r["solvabiliteit"])  # no equity and total assets: unknown, never 1 - LTV
    assert r["dekkingsratio_marktwaarde"] == pytest.approx(195 / 400)
    assert p.set_index("year").loc[2025, "figure"] == "realisatie"


def test_slack_with_and_without_buffer():
    p = F.project_corporation(base(), NONE, FLAT, MODEL, 2026)
    s0 = F.compute_slack(p, NORMS, 0.0).loc[2026]
    assert s0["ltv_beleidswaarde"] == pytest.approx(75 * M)
    assert "solvabiliteit" not in s0.index  # not delivered: that norm is not tested
    assert s0["dekkingsratio_marktwaarde"] == pytest.approx(185 * M)
    assert s0["icr"] == pytest.approx(3 * M)
    s1 = F.compute_slack(p, NORMS, 0.1).loc[2026]
    assert s1["ltv_beleidswaarde"] == pytest.approx(58 * M)
    assert s1["icr"] == pytest.approx(10 * M - 1.54 * 5 * M)


def test_rent_freeze_and_refinancing():
    """Rent +10 % a year except a 2026 freeze; old debt at 2 %, new rate 6 %, 10 % refinanced a year.

    2026: R = 1 (freeze); interest = 0,02 x 0,9 x 100 + 0,06 x (100 - 0,9 x 100) = 1,8 + 0,6 = 2,4
    2027: R = 1,1; OCF = 11; D_2026 = 100 + 2,4 - 10 = 92,4;
          interest = 0,02 x 0,8 x 100 + 0,06 x (92,4 - 80) = 1,6 + 0,744 = 2,344
    """
    sc = F.Scenario("t", interest_rate=0.06, cost_growth_per_year=0.0, rent_growth_per_year=0.10,
                    rent_freeze_first_year=2026, rent_freeze_last_year=2026)
    p = F.project_corporation(base(interest_eur=2 * M), NONE, sc, MODEL, 2027).set_index("year")
    assert p.loc[2026, "interest_eur"] == pytest.approx(2.4 * M)
    assert p.loc[2026, "operating_cash_flow_eur"] == pytest.approx(10 * M)
    assert p.loc[2027, "operating_cash_flow_eur"] == pytest.approx(11 * M)
    assert p.loc[2027, "policy_value_eur"] == pytest.approx(220 * M)
    assert p.loc[2027, "interest_eur"] == pytest.approx(2.344 * M)


# ---------------------------------------------------------------- capacity and gap

def test_gap_by_hand_without_and_with_buffer():
    a0 = F.assess_corporation(base(), NONE, invest(100 * M), FLAT, MODEL, NORMS, 0.0, 2026)
    assert a0.financeable_eur == pytest.approx(75 * M)
    assert a0.gap_eur == pytest.approx(25 * M)
    assert a0.capacity_eur == 0.0
    assert a0.binding_norm == "ltv_beleidswaarde" and a0.binding_year == 2026
    assert a0.first_breach_year == 2026 and a0.first_breach_norm == "ltv_beleidswaarde"
    a1 = F.assess_corporation(base(), NONE, invest(100 * M), FLAT, MODEL, NORMS, 0.1, 2026)
    assert a1.financeable_eur == pytest.approx(58 * M)
    assert a1.gap_eur == pytest.approx(42 * M)
    assert a1.buffer_eur == pytest.approx(17 * M)


def test_no_breach_case_capacity_and_alternatives():
    packages = {"extra_lening": invest(1.0), "renovatie": invest(2 * M)}
    a = F.assess_corporation(base(), NONE, invest(50 * M), FLAT, MODEL, NORMS, 0.1, 2026, packages)
    assert a.gap_eur == pytest.approx(0.0)
    assert a.financeable_eur == pytest.approx(50 * M)
    assert a.first_breach_year is None
    assert a.capacity_eur == pytest.approx(8 * M)
    assert a.binding_norm == "ltv_beleidswaarde"
    assert a.buffer_eur == pytest.approx(17 * M)  # (50 + 25) - (50 + 8)
    assert a.alternatives["extra_lening"] == pytest.approx(8 * M)
    assert a.alternatives["renovatie"] == pytest.approx(4)  # 8 / 2: four renovations, OR the 8 mln


def test_binding_norm_dekkingsratio_when_market_value_low():
    """MW = 150: dekkingsratio slack 0,70 x 150 - (95 + I) = 10 - I binds before LTV (75 - I)."""
    a = F.assess_corporation(base(market_value_eur=150 * M), NONE, invest(20 * M), FLAT, MODEL, NORMS, 0.0, 2026)
    assert a.binding_norm == "dekkingsratio_marktwaarde"
    assert a.financeable_eur == pytest.approx(10 * M)


def test_binding_norm_icr_over_two_years():
    """OCF 7,5: ICR 2026 = 7,5/5 = 1,5 (slack 0,5, independent of I).

    2027: D_2026 = 100 + I + 5 - 7,5 = 97,5 + I; interest = 0,05 (97,5 + I);
    slack = 7,5 - 1,4 x 0,05 x (97,5 + I) = 0,675 - 0,07 I  ->  I <= 9,642857...
    LTV 2027: D_2027 = 1,05 (97,5 + I) - 7,5; slack 170 - D = 75,125 - 1,05 I (not binding).
    """
    a = F.assess_corporation(base(operating_cash_flow_eur=7.5 * M), NONE, invest(20 * M), FLAT, MODEL, NORMS, 0.0, 2027)
    assert a.binding_norm == "icr" and a.binding_year == 2027
    assert a.financeable_eur == pytest.approx(0.675 / 0.07 * M)
    assert a.first_breach_year == 2027


def test_breach_without_task_finances_nothing():
    """Debt 180 at 2,78 % (interest 5): 2026 interest = 5 x 0,9 + 0,05 x (180 - 162) = 5,4; ICR 1,85 is fine,
    but LTV slack 170 - (180 + I + 5,4 - 10) = -5,4 - I < 0 for any I >= 0."""
    a = F.assess_corporation(base(debt_eur=180 * M, interest_eur=5 * M), NONE, invest(10 * M), FLAT, MODEL, NORMS, 0.0, 2026)
    assert a.financeable_eur == 0.0 and a.gap_eur == pytest.approx(10 * M)
    assert a.binding_norm == "ltv_beleidswaarde"


def test_new_dwellings_add_value_and_cash_flow():
    """100 social dwellings in 2026: BW +8 mln, MW +16 mln, OCF +0,5 mln."""
    task = pd.DataFrame({"corporation": ["A"], "year": [2026], "item": ["nieuwbouw"], "segment": ["sociale_huur"],
                         "n_units": [100.0], "unit_cost_eur": [200000.0], "cost_eur": [20 * M], "cost_basis": ["referentie"]})
    flows = F.compute_task_flows(task, base(), MODEL)
    p = F.project_corporation(base(), flows, FLAT, MODEL, 2026).set_index("year")
    assert p.loc[2026, "policy_value_eur"] == pytest.approx(208 * M)
    assert p.loc[2026, "market_value_eur"] == pytest.approx(416 * M)
    assert p.loc[2026, "operating_cash_flow_eur"] == pytest.approx(10.5 * M)
    assert p.loc[2026, "debt_eur"] == pytest.approx(100 * M + 20 * M + 5 * M - 10.5 * M)


# ---------------------------------------------------------------- task pricing

COSTS = pd.DataFrame({
    "cost_id": ["nb", "efg", "ren", "slo", "inp"],
    "item": ["nieuwbouw", "efg_verbetering", "renovatie", "sloop", "inponding"],
    "segment": ["sociale_huur", None, None, None, None],
    "value_eur": [100000.0, 20000.0, 50000.0, 10000.0, 150000.0],
    "price_year": [2025, 2025, 2025, 2025, 2025],
    "used_in_model": [True] * 5,
})


def test_compute_task_prices_every_item():
    """Cost growth 10 % a year from base year 2025; reference figures in 2025 prices.

    projects: P1 10 social 2027 (reference 100.000 x 1,1^2 = 121.000 -> 1,21 mln);
              P2 with own budget 3 mln; P3 opgeleverd and P4 aankoop are not counted.
    mutations: 5 inponding (plans.INPONDING) in 2026 (150.000 x 1,1 = 165.000), 2 SLO in 2030 (outside horizon 2029).
    stock: E unplanned -> deadline 2028 (20.000 x 1,1^3); G planned for sloop -> not improved;
           C with renovatie 2020 (overdue) -> 2026 (50.000 x 1,1).
    """
    sc = F.Scenario("t", interest_rate=0.03, cost_growth_per_year=0.10, rent_growth_per_year=0.0)
    projects = pd.DataFrame({
        "corporation": ["A"] * 4, "segment": ["sociale_huur"] * 4,
        "project_type": ["nieuwbouw", "nieuwbouw", "nieuwbouw", "aankoop"], "n_dwellings": [10, 20, 5, 8],
        "completion_year": [2027, 2028, 2026, 2027], "plan_status": ["hard", "zacht", "opgeleverd", "hard"],
        "total_cost_eur": [None, 3 * M, None, None]})
    mutations = pd.DataFrame({"corporation": ["A", "A", "A"], "year": [2026, 2030, 2024],
                              "mutation_type": [plans.INPONDING[0], "SLO", "SLO"], "count": [5, 2, 3],
                              "figure_status": ["prognose", "prognose", "realisatie"]})
    stock = pd.DataFrame({"corporation": ["A"] * 3, "energy_label": ["E", "G", "C"],
                          "planned_measure": [None, "sloop", "renovatie"], "measure_year": [None, 2027, 2020]})
    finances = pd.DataFrame({"corporation": ["A"], "year": [2025]})
    t = F.compute_task(projects, mutations, stock, finances, COSTS, {"A": 2025}, 2029, sc, MODEL,
                       efg_rules=RULES, year=2026)
    got = {(r.item, r.year, r.cost_basis): (r.n_units, round(r.cost_eur, 2)) for r in t.itertuples()}
    assert got == {
        ("nieuwbouw", 2027, "referentie"): (10, round(10 * 100000 * 1.1**2, 2)),
        ("nieuwbouw", 2028, "projectbegroting"): (20, 3 * M),
        ("inponding", 2026, "referentie"): (5, round(5 * 150000 * 1.1, 2)),
        ("efg_verbetering", 2028, "referentie"): (1, round(20000 * 1.1**3, 2)),
        ("renovatie", 2026, "referentie"): (1, round(50000 * 1.1, 2)),
    }


def test_own_cost_figure_is_used_and_carried_forward():
    sc = F.Scenario("t", interest_rate=0.03, cost_growth_per_year=0.10, rent_growth_per_year=0.0)
    projects = pd.DataFrame({"corporation": ["A"], "segment": ["sociale_huur"], "project_type": ["nieuwbouw"],
                             "n_dwellings": [2], "completion_year": [2027], "plan_status": ["hard"],
                             "total_cost_eur": [None]})
    finances = pd.DataFrame({"corporation": ["A", "A"], "year": [2025, 2026],
                             "cost_new_dwelling_eur": [None, 200000.0], "cost_improvement_eur": [None, None]})
    t = F.compute_task(projects, projects.iloc[0:0].assign(mutation_type=[], figure_status=[], year=[], count=[]),
                       pd.DataFrame(), finances, COSTS, {"A": 2025}, 2030, sc, MODEL, efg_rules=RULES, year=2026)
    assert t["cost_basis"].tolist() == ["eigen kengetal"]
    assert t["cost_eur"].iloc[0] == pytest.approx(2 * 200000 * 1.1)


def test_reference_unit_cost_indexation():
    """187.000 in 2020 prices, 4 % a year to 2025, then 3 % a year to 2027."""
    costs = pd.DataFrame({"item": ["nieuwbouw"], "segment": ["sociale_huur"], "value_eur": [187000.0],
                          "price_year": [2020], "used_in_model": [True]})
    model = F.ModelParameters(0.1, 0.04)
    sc = F.Scenario("t", 0.03, 0.03, 0.0)
    got = F.reference_unit_cost(costs, "nieuwbouw", "sociale_huur", 2027, 2025, sc, model)
    assert got == pytest.approx(187000 * 1.04**5 * 1.03**2)


def test_other_investments_committed_outside_the_task():
    planned = pd.Series({2026: 30 * M, 2027: 5 * M})
    task = pd.DataFrame({"year": [2026, 2027], "cost_eur": [10 * M, 8 * M]})
    other = F.compute_other_flows(planned, task, 1.0)
    assert other.loc[2026, "investment_eur"] == pytest.approx(20 * M)
    assert other.loc[2027, "investment_eur"] == 0.0


# ---------------------------------------------------------------- whole pipeline on literal frames

def _frames():
    fin = pd.DataFrame({
        "corporation": ["A", "B"], "year": [2025, 2025], "policy_value_eur": [200 * M, 50 * M],
        "market_value_eur": [400 * M, 90 * M], "debt_eur": [100 * M, 40 * M], "interest_eur": [5 * M, 1.2 * M],
        "operating_cash_flow_eur": [10 * M, 2 * M], "planned_investment_eur": [0.0, 0.0],
        "cost_new_dwelling_eur": [None, None], "cost_improvement_eur": [None, None]})
    projects = pd.DataFrame({"corporation": ["A", "B", "C"], "segment": ["sociale_huur"] * 3,
                             "project_type": ["nieuwbouw"] * 3, "n_dwellings": [100, 200, 10],
                             "completion_year": [2027, 2028, 2027], "plan_status": ["hard", "zacht", "hard"],
                             "total_cost_eur": [None, None, None]})
    empty_m = pd.DataFrame({"corporation": [], "year": [], "mutation_type": [], "count": [], "figure_status": []})
    return projects, empty_m, pd.DataFrame(), fin


def test_region_row_sums_corporations_and_flags_missing_finances():
    ref = F.load_reference()
    projects, mutations, stock, fin = _frames()
    r = F.compute_financial_capacity(projects, mutations, stock, fin, 2026, ref, "basis", 0.1, 2030)
    cap = r.capacity.set_index("corporation")
    assert list(cap.index) == ["A", "B", "C", "Parkstad"]
    assert r.unassessed == ["C"]
    assert cap.loc["C", "binding_norm"] == "geen_financien" and math.isnan(cap.loc["C", "gap_eur"])
    assert cap.loc["Parkstad", "task_eur"] == pytest.approx(cap.loc[["A", "B", "C"], "task_eur"].sum())
    assert cap.loc["Parkstad", "gap_eur"] == pytest.approx(cap.loc[["A", "B"], "gap_eur"].sum())
    for c in ("A", "B"):
        assert cap.loc[c, "financeable_eur"] + cap.loc[c, "gap_eur"] == pytest.approx(cap.loc[c, "task_eur"])
    assert set(r.ratios["corporation"]) == {"A", "B"}


def test_tornado_has_one_bar_per_group():
    ref = F.load_reference()
    projects, mutations, stock, fin = _frames()
    sc = F.stack_capacity(F.compute_scenarios(projects, mutations, stock, fin, 2026, ref, 0.1, 2030))
    t = F.compute_tornado(sc, ref)
    assert set(t["group"]) == {"rente", "bouwkosten", "huurgroei", "huurbevriezing"}
    r = t.set_index("group")
    assert r.loc["rente", "gap_high_eur"] >= r.loc["rente", "gap_low_eur"]
    assert r.loc["bouwkosten", "gap_high_eur"] >= r.loc["bouwkosten", "gap_low_eur"]
    assert r.loc["huurbevriezing", "gap_low_eur"] >= r.loc["huurbevriezing", "gap_basis_eur"]


def test_alternatives_table_says_or():
    alt = pd.DataFrame({"corporation": ["A"] * 5, "scenario": ["basis"] * 5, "use": list(F.ALTERNATIVES),
                        "units": [8 * M, 40.7, 266.0, 35.2, 106.9]})
    t = F.format_alternatives(alt, "A")
    assert t[""].tolist() == ["", "óf", "óf", "óf", "óf"]
    assert t["Aantal of bedrag"].tolist() == ["€ 8,0 mln", "40", "266", "35", "106"]


def test_check_parameters_refuses_municipality_scope():
    ref = F.load_reference()
    with pytest.raises(ValueError, match="per corporatie"):
        F.check_parameters(2026, "q3", "gemeente", "Heerlen", "basis", None, 2030, ref)
    with pytest.raises(ValueError, match="Onbekend scenario"):
        F.check_parameters(2026, "q3", "regio", "Parkstad", "zomaar", None, 2030, ref)
    with pytest.raises(ValueError, match="horizon"):
        F.check_parameters(2026, "q3", "regio", "Parkstad", "basis", None, 2032, ref)
    scope, buf, hor = F.check_parameters(2026, "q3", "corporatie", "zowonen", "basis", None, 2035, ref)
    assert scope == "ZO Wonen" and buf == pytest.approx(0.10) and hor == 2035


# ---------------------------------------------------------------- properties

corp_st = st.fixed_dictionaries({
    "debt": st.floats(20, 300), "rate0": st.floats(0.01, 0.05), "ocf": st.floats(5, 30),
    "pv": st.floats(150, 600), "mv_factor": st.floats(1.2, 3.0),
    "task": st.lists(st.floats(0, 80), min_size=5, max_size=5), "dwellings": st.floats(0, 300),
    "rent": st.floats(0.0, 0.05),
})
prop = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _case(c, rate=0.03, cost_factor=1.0, buffer=0.1):
    b = base(debt_eur=c["debt"] * M, interest_eur=c["debt"] * c["rate0"] * M, operating_cash_flow_eur=c["ocf"] * M,
             policy_value_eur=c["pv"] * M, market_value_eur=c["pv"] * c["mv_factor"] * M)
    years = range(2026, 2031)
    n = c["dwellings"]
    task = F.make_flows(
        investment_eur={y: v * M * cost_factor for y, v in zip(years, c["task"], strict=True)},
        ocf_added_eur={2027: n * 5000.0}, policy_value_added_eur={2027: n * 80000.0},
        market_value_added_eur={2027: n * 160000.0})
    sc = F.Scenario("p", interest_rate=rate, cost_growth_per_year=0.0, rent_growth_per_year=c["rent"])
    return F.assess_corporation(b, NONE, task, sc, MODEL, NORMS, buffer, 2030)


@prop
@given(c=corp_st, r1=st.floats(0.01, 0.08), dr=st.floats(0.0, 0.04))
def test_higher_interest_never_lowers_gap(c, r1, dr):
    low, high = _case(c, rate=r1), _case(c, rate=r1 + dr)
    assert high.gap_eur >= low.gap_eur - 1.0  # euro tolerance


@prop
@given(c=corp_st, k=st.floats(1.0, 1.5))
def test_higher_costs_never_lower_gap(c, k):
    low, high = _case(c), _case(c, cost_factor=k)
    assert high.gap_eur >= low.gap_eur - 1.0


@prop
@given(c=corp_st, b1=st.floats(0.0, 0.3), db=st.floats(0.0, 0.2))
def test_larger_buffer_never_raises_capacity(c, b1, db):
    small, large = _case(c, buffer=b1), _case(c, buffer=b1 + db)
    assert large.capacity_eur <= small.capacity_eur + 1.0
    assert large.financeable_eur <= small.financeable_eur + 1.0
