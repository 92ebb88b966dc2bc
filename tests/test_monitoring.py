"""analysis.monitoring on tiny literal frames with hand-computed expectations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import monitoring as mon

RULES = {"on_track_min_ratio": 1.0, "attention_min_ratio": 0.8}


@pytest.mark.parametrize(
    "target, realised, planned, comparison, expected",
    [
        (100, 60, 40, ">=", "op koers"),   # 100 / 100 = 1.0
        (100, 60, 20, ">=", "aandacht"),   # 0.8
        (100, 60, 19, ">=", "achter"),     # 0.79
        (100, np.nan, np.nan, ">=", "geen gegevens"),
        (0, 5, 2, "<=", "achter"),         # 2 left at the end > 0
        (0, 5, 0, "<=", "op koers"),
    ],
)
def test_classify_status(target, realised, planned, comparison, expected):
    assert mon.classify_status(target, realised, planned, comparison, RULES) == expected


def test_status_rules_from_reference():
    rules = mon.load_status_rules()
    assert rules["on_track_min_ratio"] == 1.0 and rules["attention_min_ratio"] == 0.8


def test_agreement_monitor_status_per_target():
    targets = pd.DataFrame({
        "target_id": ["t_social", "t_vw", "t_info", "t_rule"],
        "agreement": ["Afspraak 1", "Afspraak 22", "Afspraak 4", "Afspraak 7"],
        "description_nl": ["sociaal", "vw", "info", "regel"],
        "value": [10.0, 1000.0, 4000.0, np.nan], "unit": ["woningen", "huishoudens", "personen", "regel"],
        "period_start": [2024, 2023, pd.NA, 2024], "period_end": [2028, 2026, 2040, 2028],
        "scope": ["regio"] * 4, "segment": ["sociale_huur", None, None, None],
        "kind": ["minimum", "minimum", "indicatie", "maximum"], "comparison": [">=", ">=", "==", "rule"],
        "status": ["geldig"] * 4,
    })
    measures = pd.DataFrame({"target_id": ["t_social"], "realised": [6.0], "planned": [3.0], "measure_nl": ["x"]})
    out = mon.compute_agreement_monitor(targets, measures, RULES)
    assert out["target_id"].tolist() == ["t_social", "t_vw"]  # indicatie and rule are not monitored
    assert out["status"].tolist() == ["aandacht", "geen gegevens"]  # 9/10 = 0.9
    assert out["period"].tolist() == ["2024-2028", "2023-2026"]
    assert mon.summarise_status(out)["n_targets"].tolist() == [0, 1, 0, 1]


def test_measures_inponding_and_voorzieningenwijzer():
    targets = pd.DataFrame({
        "target_id": ["inponding_per_year", "voorzieningenwijzer_2023_2026"], "unit": ["woningen_per_jaar", "huishoudens"],
        "segment": [None, None], "scope": ["regio", "regio"], "kind": ["ambitie", "minimum"],
        "period_start": [2024, 2023], "period_end": [2025, 2026],
    })
    mutations = pd.DataFrame({
        "corporation": ["A", "A", "B", "A"], "municipality": ["Heerlen"] * 4,
        "year": [2024, 2025, 2024, 2025], "mutation_type": ["AAN", "AAN", "AAN", "SLO"],
        "count": [30, 50, 10, 4], "figure_status": ["realisatie", "prognose", "realisatie", "prognose"],
    })
    vw = pd.DataFrame({"year": [2023, 2024, 2025, 2026], "households_approached": [100, 200, 300, 400],
                       "households_advised": [50, 60, 70, 80]})
    m = mon.compute_measures(targets, pd.DataFrame(), pd.DataFrame(), mutations, pd.DataFrame(), vw, 2025)
    row = m.set_index("target_id")
    # inponding: realised 2024 = 40 (one realisation year), prognosis 2025 = 50 (one prognosis year):
    # 40 and 50 per year, as the portfolio report and the chart show; the status uses the mean over
    # the period, (40 + 50) / 2 = 45. (Before: totals divided by all years, 20 and 25: a figure per
    # year that no other report showed.)
    assert row.loc["inponding_per_year", ["realised", "planned", "outcome"]].tolist() == [40.0, 50.0, 45.0]
    # voorzieningenwijzer: before 2025 realised 300, 2025-2026 planned 700
    assert row.loc["voorzieningenwijzer_2023_2026", ["realised", "planned"]].tolist() == [300.0, 700.0]


def test_voorzieningenwijzer_cumulative():
    vw = pd.DataFrame({"year": [2023, 2024, 2024], "households_approached": [100, 200, 50],
                       "households_advised": [10, 20, 5]})
    out = mon.compute_voorzieningenwijzer(vw, 2025, 1000, 2023, 2025)
    assert out["households_approached"].tolist()[:2] == [100.0, 250.0]
    assert np.isnan(out["households_approached"].iloc[2])
    assert out["cumulative_approached"].tolist() == [100.0, 350.0, 350.0]
    assert out["share_of_target"].tolist() == [0.1, 0.35, 0.35]
    assert out["figure_status"].tolist() == ["realisatie", "realisatie", "prognose"]


def test_prognosis_accuracy_per_corporation():
    """Delivery 2025 forecast for 2025 vs delivery 2026 realised for 2025.

    prev projects: A 12 dwellings in 2025 (hard), B 8 in 2025 (zacht)
    cur projects:  A 10 opgeleverd in 2025; B absent from the new delivery
    prev mutations: A SLO prognose 2025 = 6 ; cur: A SLO realisatie 2025 = 3
    """
    prev_p = pd.DataFrame({"corporation": ["A", "B"], "n_dwellings": [12, 8], "completion_year": [2025, 2025],
                           "plan_status": ["hard", "zacht"]})
    cur_p = pd.DataFrame({"corporation": ["A", "A"], "n_dwellings": [10, 4], "completion_year": [2025, 2026],
                          "plan_status": ["opgeleverd", "hard"]})
    prev_m = pd.DataFrame({"corporation": ["A"], "year": [2025], "mutation_type": ["SLO"], "count": [6],
                           "figure_status": ["prognose"]})
    cur_m = pd.DataFrame({"corporation": ["A"], "year": [2025], "mutation_type": ["SLO"], "count": [3],
                          "figure_status": ["realisatie"]})
    out = mon.compute_prognosis_accuracy(prev_p, prev_m, cur_p, cur_m, 2026)
    a = out[out["corporation"] == "A"].set_index("measure")
    assert a.loc["nieuwbouw", ["prognosis", "realised", "difference"]].tolist() == [12.0, 10.0, -2.0]
    assert a.loc["sloop", ["prognosis", "realised", "realised_share"]].tolist() == [6.0, 3.0, 0.5]
    b = out[out["corporation"] == "B"].set_index("measure")
    assert b.loc["nieuwbouw", "prognosis"] == 8.0 and np.isnan(b.loc["nieuwbouw", "realised"])  # NA, not 0
    total = mon.summarise_prognosis_accuracy(out).set_index("measure")
    assert total.loc["nieuwbouw", "prognosis"] == 12.0  # B left out: not in both deliveries


def test_portfolio_funding_by_municipality_and_corporation():
    portfolio = pd.DataFrame({
        "nr": [1, 2, 3], "project": ["a", "b", "c"], "municipality": ["Heerlen", "Heerlen", "Kerkrade"],
        "corporations": ["Weller|HEEMwonen", "Weller", None],
        "volkshuisvestingsfonds": [True, False, True], "woningbouwimpuls": [False, True, False],
        "startbouwimpuls": [False, False, False], "regio_deal": [True, True, False],
        "du_bevolkingsdaling": [False, False, False],
    })
    by_m = mon.summarise_portfolio_funding(portfolio, "municipality").set_index("municipality")
    assert by_m.loc["Heerlen", ["n_projects", "volkshuisvestingsfonds", "woningbouwimpuls", "regio_deal"]].tolist() == [2, 1, 1, 2]
    long = pd.DataFrame({"nr": [1, 1, 2], "corporation": ["Weller", "HEEMwonen", "Weller"]})
    by_c = mon.portfolio_by_corporation(portfolio, long).set_index("corporation")
    assert by_c.loc["Weller", ["n_projects", "volkshuisvestingsfonds", "regio_deal"]].tolist() == [2, 1, 2]
    assert by_c.loc["HEEMwonen", "n_projects"] == 1
    listing = mon.format_portfolio_list(portfolio)
    assert listing["funding"].tolist() == ["Volkshuisvestingsfonds, Regio Deal", "Woningbouwimpuls, Regio Deal",
                                           "Volkshuisvestingsfonds"]
    assert listing["corporations"].tolist() == ["Weller, HEEMwonen", "Weller", "–"]


def test_real_portfolio_has_51_projects():
    from analysis import reference

    assert len(mon.format_portfolio_list(reference.portfolio_projects())) == 51
