"""Solvency (Aw/WSW): equity over total assets on beleidswaarde, not 1 - LTV; unknown when not delivered.

The corporation of tests/test_finance.py (amounts in € mln; base year 2025; 5 % interest on all
debt; no rent growth), now with a balance sheet on beleidswaarde::

    base 2025:  D = 100   interest = 5   OCF (before interest) = 10   BW = 200   MW = 400
                total assets A = 250 (the stock at BW 200 plus 50 other assets)
                equity E = 60 (so other liabilities = 250 - 60 - 100 = 90)
                solvency 60 / 250 = 24 %; LTV 100 / 200 = 50 %; 1 - LTV = 50 %: not the same

    projection 2026, investment I in 2026 adding no beleidswaarde:
        D_2026 = 100 + I + 5 - 10 = 95 + I            (interest counted once: OCF is before interest)
        A_2026 = 250 + (200 - 200) = 250               (assets move with the beleidswaarde only)
        E_2026 = 60 + 0 - (D_2026 - 100) = 65 - I      (a cash surplus adds to equity, the cost lowers it)
        solvency = (65 - I) / 250

    slack without buffer:  solvency E - 0,15 A = 65 - I - 37,5 = 27,5 - I   (binding)
                           LTV 0,85 x 200 - (95 + I) = 75 - I
                           dekkingsratio 0,70 x 400 - (95 + I) = 185 - I
                           ICR 10 - 1,4 x 5 = 3 (independent of I in 2026)

    task I = 50: financeable 27,5, gap 22,5, binding and first breach: solvency in 2026.
    Then LTV = 145 / 200 = 72,5 % < 85 % and ICR = 10 / 5 = 2 > 1,4: neither breaks.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import finance as F
from analysis.finance import text_task

M = 1e6
NORMS = pd.DataFrame({
    "norm_id": ["icr", "ltv_beleidswaarde", "solvabiliteit", "dekkingsratio_marktwaarde"],
    "operator": [">", "<", ">", "<"],
    "value": [1.4, 0.85, 0.15, 0.70],
})
MODEL = F.ModelParameters(refinance_share_per_year=0.1, cost_index_historic_per_year=0.0,
                          ocf_added={"sociale_huur": 5000.0}, policy_value_added={"sociale_huur": 80000.0},
                          market_value_added={"sociale_huur": 160000.0}, sale_proceeds={})
FLAT = F.Scenario("test", interest_rate=0.05, cost_growth_per_year=0.0, rent_growth_per_year=0.0)


def base(**kw):
    b = {"corporation": "A", "base_year": 2025, "policy_value_eur": 200 * M, "market_value_eur": 400 * M,
         "debt_eur": 100 * M, "interest_eur": 5 * M, "operating_cash_flow_eur": 10 * M,
         "equity_policy_value_eur": 60 * M, "total_assets_policy_value_eur": 250 * M, "n_dwellings": 0}
    b.update(kw)
    return b


def invest(amount, year=2026):
    return F.make_flows(investment_eur={year: amount})


def test_solvency_is_equity_over_total_assets_not_one_minus_ltv():
    p = F.compute_ratios(F.project_corporation(base(), invest(0.0), FLAT, MODEL, 2026)).set_index("year")
    assert p.loc[2025, "solvabiliteit"] == pytest.approx(60 / 250)  # 24 %
    assert p.loc[2025, "ltv_beleidswaarde"] == pytest.approx(0.5)
    assert p.loc[2025, "solvabiliteit"] + p.loc[2025, "ltv_beleidswaarde"] != pytest.approx(1.0)
    # 2026 without investment: D = 95, E = 65, A = 250
    assert p.loc[2026, "equity_policy_value_eur"] == pytest.approx(65 * M)
    assert p.loc[2026, "total_assets_policy_value_eur"] == pytest.approx(250 * M)
    assert p.loc[2026, "solvabiliteit"] == pytest.approx(65 / 250)
    assert p.loc[2026, "icr"] == pytest.approx(10 / 5)  # cash flow before interest / interest


def test_new_dwellings_move_equity_and_assets_by_value_added_minus_cost():
    """100 social dwellings, cost 20, BW +8, OCF +0,5: D = 100 + 20 + 5 - 10,5 = 114,5;
    A = 250 + 8 = 258; E = 60 + 8 - 14,5 = 53,5 (the loss on the investment: 20 - 8 = 12)."""
    task = pd.DataFrame({"corporation": ["A"], "year": [2026], "task_part": ["plannen"], "item": ["nieuwbouw"],
                         "segment": ["sociale_huur"], "n_units": [100.0], "unit_cost_eur": [200000.0],
                         "cost_eur": [20 * M], "cost_basis": ["referentie"]})
    flows = F.compute_task_flows(task, base(), MODEL)
    p = F.compute_ratios(F.project_corporation(base(), flows, FLAT, MODEL, 2026)).set_index("year")
    assert p.loc[2026, "debt_eur"] == pytest.approx(114.5 * M)
    assert p.loc[2026, "total_assets_policy_value_eur"] == pytest.approx(258 * M)
    assert p.loc[2026, "equity_policy_value_eur"] == pytest.approx(53.5 * M)
    assert p.loc[2026, "solvabiliteit"] == pytest.approx(53.5 / 258)


def test_solvency_binds_where_ltv_and_icr_do_not():
    a = F.assess_corporation(base(), F.make_flows(), invest(50 * M), FLAT, MODEL, NORMS, 0.0, 2026)
    assert a.binding_norm == "solvabiliteit" and a.binding_year == 2026
    assert a.financeable_eur == pytest.approx(27.5 * M)
    assert a.gap_eur == pytest.approx(22.5 * M)
    assert a.first_breach_year == 2026 and a.first_breach_norm == "solvabiliteit"
    full = F.compute_ratios(F.project_corporation(base(), invest(50 * M), FLAT, MODEL, 2026)).set_index("year")
    assert full.loc[2026, "ltv_beleidswaarde"] == pytest.approx(145 / 200)  # below 85 %
    assert full.loc[2026, "icr"] == pytest.approx(2.0)  # above 1,4
    assert full.loc[2026, "solvabiliteit"] == pytest.approx(15 / 250)  # 6 % < 15 %


def test_without_equity_solvency_is_unknown_and_the_other_norms_bind():
    """The same corporation without the two fields: no solvency test, LTV binds at 75 (not 27,5)."""
    b = base(equity_policy_value_eur=float("nan"), total_assets_policy_value_eur=float("nan"))
    p = F.compute_ratios(F.project_corporation(b, invest(50 * M), FLAT, MODEL, 2026))
    assert p["solvabiliteit"].isna().all()
    assert not F.breach_flags(p, NORMS).any()
    a = F.assess_corporation(b, F.make_flows(), invest(100 * M), FLAT, MODEL, NORMS, 0.0, 2026)
    assert a.binding_norm == "ltv_beleidswaarde" and a.financeable_eur == pytest.approx(75 * M)


def test_select_base_reads_the_optional_fields_and_keeps_missing_unknown():
    fin = pd.DataFrame({"corporation": ["A", "B"], "year": [2025, 2025], "policy_value_eur": [200.0, 50.0],
                        "market_value_eur": [400.0, 90.0], "debt_eur": [100.0, 40.0], "interest_eur": [5.0, 1.0],
                        "operating_cash_flow_eur": [10.0, 2.0], "equity_policy_value_eur": [60.0, None],
                        "total_assets_policy_value_eur": [250.0, None]})
    b = F.select_base(fin, pd.DataFrame(), 2026).set_index("corporation")
    assert b.loc["A", "equity_policy_value_eur"] == 60.0 and b.loc["A", "total_assets_policy_value_eur"] == 250.0
    assert math.isnan(b.loc["B", "equity_policy_value_eur"])
    old = F.select_base(fin.drop(columns=["equity_policy_value_eur", "total_assets_policy_value_eur"]),
                        pd.DataFrame(), 2026)  # an old delivery without the columns
    assert old["equity_policy_value_eur"].isna().all() and old["total_assets_policy_value_eur"].isna().all()


def test_pipeline_names_the_corporations_without_equity():
    ref = F.load_reference()
    fin = pd.DataFrame({
        "corporation": ["A", "B"], "year": [2025, 2025], "policy_value_eur": [200 * M, 50 * M],
        "market_value_eur": [400 * M, 90 * M], "debt_eur": [100 * M, 40 * M], "interest_eur": [5 * M, 1.2 * M],
        "operating_cash_flow_eur": [10 * M, 2 * M], "planned_investment_eur": [0.0, 0.0],
        "equity_policy_value_eur": [60 * M, None], "total_assets_policy_value_eur": [250 * M, None]})
    empty_p = pd.DataFrame({"corporation": [], "segment": [], "project_type": [], "n_dwellings": [],
                            "completion_year": [], "plan_status": [], "total_cost_eur": []})
    empty_m = pd.DataFrame({"corporation": [], "year": [], "mutation_type": [], "count": [], "figure_status": []})
    r = F.compute_financial_capacity(empty_p, empty_m, pd.DataFrame(), fin, 2026, ref, "basis", 0.1, 2030)
    assert r.no_equity == ["B"]
    ratios = r.ratios.set_index(["corporation", "year"])
    assert ratios.loc[("A", 2025), "solvabiliteit"] == pytest.approx(0.24)
    assert math.isnan(ratios.loc[("B", 2025), "solvabiliteit"])
    assert text_task.solvency_text(r.no_equity, ["A", "B"]) == (
        "B leverde het eigen vermogen en het balanstotaal op beleidswaarde niet; voor haar kon de solvabiliteit "
        "daarom niet worden getoetst en is de bindende norm gekozen uit de andere normen (ICR, LTV (beleidswaarde) "
        "en dekkingsratio (marktwaarde)).")


def test_solvency_sentences():
    assert text_task.solvency_text([], ["A", "B"]) == ""
    assert text_task.solvency_text(["A", "B"], ["A", "B"]).startswith(
        "Geen enkele corporatie leverde het eigen vermogen en het balanstotaal op beleidswaarde; de solvabiliteit "
        "kon daarom niet worden getoetst.")
    assert text_task.solvency_text(["A"], ["A", "B"], "corporatie", "A").startswith(
        "A leverde het eigen vermogen en het balanstotaal op beleidswaarde niet; de solvabiliteit kon daarom niet "
        "worden getoetst.")
    assert text_task.solvency_text(["A"], ["A", "B"], "corporatie", "B") == ""
