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
    counts = mon.summarise_status(out).set_index("status")["n_targets"]
    assert counts[counts > 0].to_dict() == {"aandacht": 1, "geen gegevens": 1}
    assert counts.index.tolist() == list(mon.STATUSES)


@pytest.mark.parametrize(
    "target, realised, planned, expected",
    [
        (375, 100, 275, "ambitie: in zicht"),     # 375 / 375 = 1.0
        (375, 100, 200, "ambitie: dichtbij"),     # 300 / 375 = 0.8
        (375, 100, 91, "ambitie: nog ver weg"),   # 191 / 375 = 0.51: an ambition never lags ("achter")
        (375, np.nan, np.nan, "geen gegevens"),
    ],
)
def test_an_ambition_has_its_own_words(target, realised, planned, expected):
    assert mon.classify_status(target, realised, planned, ">=", RULES, kind="ambitie") == expected


def test_flex_is_an_ambition_and_the_monitor_says_so():
    """Afspraak 3 (flex): 'onderzoeken de mogelijkheden'; targets.csv says ambitie, the monitor uses its words.

    flex: realised 50 + hard 141 = 191 of 375 = 0.51 -> "ambitie: nog ver weg" (a minimum would be "achter").
    """
    from analysis import reference

    targets = reference.targets()
    assert targets.set_index("target_id").loc["flex_2030", "kind"] == "ambitie"
    measures = pd.DataFrame({"target_id": ["flex_2030", "social_rent_2024_2028"], "realised": [50.0, 500.0],
                             "planned": [141.0, 500.0], "measure_nl": ["x", "x"]})
    out = mon.compute_agreement_monitor(targets, measures, RULES).set_index("target_id")
    assert out.loc["flex_2030", "status"] == "ambitie: nog ver weg"
    assert out.loc["social_rent_2024_2028", "status"] == "achter"  # 1.000 / 1.350 = 0.74, a minimum
    assert out.loc["flex_2030", "kind"] == "ambitie"


def test_a_rule_gets_the_status_its_analysis_supplies_or_none():
    """Rules without a number: listed ones are shown (status from the analysis, else geen gegevens);
    a rule with a target_value from the analysis is a minimum of that value (chapter 5: 249 promised,
    realised 100 + hard 120 = 220 / 249 = 0.88 -> aandacht)."""
    targets = pd.DataFrame({
        "target_id": ["r_measured", "r_missing", "r_valued", "r_other"], "agreement": ["A14", "A7", "H5", "A9"],
        "description_nl": ["a", "b", "c", "d"], "value": [np.nan] * 4, "unit": ["regel"] * 4,
        "period_start": [pd.NA] * 4, "period_end": [2024, 2028, pd.NA, pd.NA], "scope": ["regio"] * 4,
        "segment": [None] * 4, "kind": ["norm"] * 4, "comparison": ["rule"] * 4, "status": ["geldig"] * 4,
    })
    measures = pd.DataFrame({"target_id": ["r_measured", "r_valued"], "realised": [40117.0, 100.0],
                             "planned": [np.nan, 120.0], "verdict": ["gemeten", None],
                             "target_value": [np.nan, 249.0], "measure_nl": ["x", "y"]})
    out = mon.compute_agreement_monitor(targets, measures, RULES, rule_targets=("r_measured", "r_missing", "r_valued"))
    assert out["target_id"].tolist() == ["r_measured", "r_missing", "r_valued"]  # r_other is not monitored
    assert out["status"].tolist() == ["gemeten", "geen gegevens", "aandacht"]
    assert out["value"].tolist()[2] == 249.0


def test_measures_inponding_and_voorzieningenwijzer():
    targets = pd.DataFrame({
        "target_id": ["inponding_per_year", "voorzieningenwijzer_2023_2026"], "unit": ["woningen_per_jaar", "huishoudens"],
        "segment": [None, None], "scope": ["regio", "regio"], "kind": ["ambitie", "minimum"],
        "period_start": [2024, 2023], "period_end": [2025, 2026], "value": [100.0, 1000.0],
        "comparison": [">=", ">="], "status": ["geldig", "geldig"],
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


# --- the backtest of the forecasts in the monitor (issue 18) ---------------------------------------------

CERTAIN = pd.DataFrame([{"plan_status": s, "horizon_min": 0, "horizon_max": pd.NA, "p_on_time": a, "p_delayed": 0.0,
                         "p_dropped": 1 - a, "p_delay_1": 1.0, "p_delay_2": 0.0, "p_delay_3plus": 0.0,
                         "shock_correlation": 0.3}
                        for s, a in {"in_aanbouw": 1.0, "hard": 1.0, "zacht": 0.0, "idee": 0.0}.items()])


def _plan(corp, pid, status, year, n):
    return {"corporation": corp, "project_id": pid, "municipality": "Heerlen", "n_dwellings": n,
            "completion_year": year, "plan_status": status}


def _history(projects, delivered):
    from analysis.monitoring.inputs import ForecastHistory

    return ForecastHistory(projects=projects, delivered=delivered, skipped={}, parameters=CERTAIN,
                           parameters_sentence="", calibrated=False, settings={"shock_persistence": 0.5},
                           words=pd.DataFrame())


def test_monitor_backtest_scores_each_earlier_delivery():
    """Three deliveries, two pairs; hard plans are certain on time, zacht plans certain to drop.
    2024 -> 2025: A plans 6 (hard, 2024) and realises 6 -> in the band [6, 6], CRPS 0;
                  B plans 4 (zacht, 2024): forecast 0, realises 2 -> out of the band, CRPS 2.
                  Region: forecast 6, realised 8 -> out of the band, CRPS 2.
    2025 -> 2026: A plans 5 (hard, 2025), realises 5 -> in; B plans nothing, realises nothing -> in (0 = 0).
                  Region: 5 against 5 -> in.
    Summary: region 1 of 2 in the band (50 %), mean CRPS (2 + 0) / 2 = 1; A 2 of 2, B 1 of 2."""
    projects = {
        2024: pd.DataFrame([_plan("A", "a1", "hard", 2024, 6), _plan("B", "b1", "zacht", 2024, 4)]),
        2025: pd.DataFrame([_plan("A", "a1", "opgeleverd", 2024, 6), _plan("A", "a2", "hard", 2025, 5),
                            _plan("B", "b2", "opgeleverd", 2024, 2)]),
        2026: pd.DataFrame([_plan("A", "a2", "opgeleverd", 2025, 5), _plan("B", "b2", "opgeleverd", 2024, 2)]),
    }
    from analysis.monitoring.analyse import compute_backtest

    delivered = dict.fromkeys(projects, {"A", "B"})
    bt, summary = compute_backtest(_history(projects, delivered), mon.MonitorParams(year=2026, n_simulations=50, seed=3))
    rows = bt.set_index(["scope", "year"])
    assert rows.loc[("A", 2024), ["forecast_mean", "realised", "in_band", "crps"]].tolist() == [6.0, 6.0, True, 0.0]
    assert rows.loc[("B", 2024), ["forecast_mean", "realised", "in_band", "crps"]].tolist() == [0.0, 2.0, False, 2.0]
    assert rows.loc[("Parkstad", 2024), ["forecast_mean", "realised", "in_band"]].tolist() == [6.0, 8.0, False]
    assert rows.loc[("B", 2025), ["forecast_mean", "realised", "in_band"]].tolist() == [0.0, 0.0, True]
    s = summary.set_index("scope")
    assert s.loc["Parkstad", ["n_years", "coverage", "mean_crps"]].tolist() == [2, 0.5, 1.0]
    assert s.loc["A", "coverage"] == 1.0 and s.loc["B", "coverage"] == 0.5


def test_monitor_backtest_without_history_or_with_one_year():
    from analysis.monitoring.analyse import compute_backtest

    params = mon.MonitorParams(year=2026, n_simulations=10, seed=1)
    assert compute_backtest(None, params) == (None, None)
    bt, summary = compute_backtest(_history({2026: pd.DataFrame([_plan("A", "a", "hard", 2026, 3)])}, {2026: {"A"}}),
                                   params)
    assert bt.empty and summary.empty  # one delivery: nothing to score, the text says so (not a crash)


def test_load_history_reads_every_year_uses_the_calibration_and_skips_a_broken_year(tiny_processed, tmp_path):
    """The tiny set has 2025 and 2026. A calibration file in 2026 is used (and said to be in-sample);
    a 2024 folder whose projects table breaks the contract is skipped with the reason."""
    import shutil

    from analysis import forecast
    from analysis.monitoring.inputs import load_history

    root = tmp_path / "processed"
    shutil.copytree(tiny_processed, root)
    history = load_history(2026, root, {})
    assert sorted(history.projects) == [2025, 2026] and not history.calibrated and history.skipped == {}
    assert history.delivered[2026] and "referentiewaarden" in history.parameters_sentence

    used = forecast.plan_outcome_parameters().drop(columns="source")
    used["basis_outcome"] = ["kalibratie (n = 40)"] + ["referentie (n = 3, minder dan 30)"] * (len(used) - 1)
    used["basis_delay"] = "referentie (n = 0, minder dan 30)"
    used.to_csv(root / "2026" / "plan_outcome_parameters_used.csv", index=False)
    (root / "2024").mkdir()
    shutil.copy(root / "2025" / "metadata.json", root / "2024" / "metadata.json")
    pd.DataFrame({"corporation": ["A"], "n_dwellings": ["veel"]}).to_parquet(root / "2024" / "projects.parquet")
    history = load_history(2026, root, {})
    assert history.calibrated and "gekalibreerd" in history.parameters_sentence
    assert sorted(history.projects) == [2025, 2026] and list(history.skipped) == [2024]
    assert "datacontract" in history.skipped[2024]
    assert sorted(load_history(2025, root, {}).projects) == [2025]  # never a later delivery
