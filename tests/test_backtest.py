"""Scoring last year's forecasts (analysis.monitoring.backtest)."""

import numpy as np
import pandas as pd
import pytest

from analysis.monitoring.backtest import backtest, brier_score, crps_sample, summarise_backtest


def test_crps_of_a_small_sample_by_hand():
    """Sample 0, 10, 10, 20.
    y = 15: E|X - y| = (15 + 5 + 5 + 5) / 4 = 7,5; E|X - X'| over the 16 ordered pairs = 120 / 16 = 7,5;
    CRPS = 7,5 - 7,5 / 2 = 3,75. y = 10: E|X - y| = (10 + 0 + 0 + 10) / 4 = 5 -> 5 - 3,75 = 1,25.
    A sample without spread scores the absolute error: 10 against 8 -> 2."""
    assert crps_sample([0, 10, 10, 20], 15) == pytest.approx(3.75)
    assert crps_sample([0, 10, 10, 20], 10) == pytest.approx(1.25)
    assert crps_sample([10] * 7, 8) == pytest.approx(2.0)
    assert brier_score(0.8, True) == pytest.approx(0.04) and brier_score(0.8, False) == pytest.approx(0.64)


CERTAIN = pd.DataFrame([{"plan_status": s, "horizon_min": 0, "horizon_max": pd.NA, "p_on_time": a, "p_delayed": 0.0,
                         "p_dropped": 1 - a, "p_delay_1": 1.0, "p_delay_2": 0.0, "p_delay_3plus": 0.0,
                         "shock_correlation": 0.3}
                        for s, a in {"in_aanbouw": 1.0, "hard": 1.0, "zacht": 0.0, "idee": 0.0}.items()])


def _p(corp, pid, status, year, n):
    return {"corporation": corp, "project_id": pid, "municipality": "Heerlen", "n_dwellings": n,
            "completion_year": year, "plan_status": status}


def test_backtest_of_a_hand_made_pair_of_deliveries():
    """
    delivery 2025: A plans a1 hard 2025 (10, certain on time); B plans b1 zacht 2025 (5, certain
    dropped); C plans c1 hard 2025 (4).  delivery 2026: A reports r1 opgeleverd 2025 (8 dwellings);
    B reports only b2 idee 2027; C did not deliver.
    A: forecast always 10, realised 8: not in the band [10, 10], CRPS |10 - 8| = 2; own plan 10,
       P(>= 10) = 1, not met -> Brier (1 - 0)^2 = 1.
    B: forecast 0, realised 0: in the band, CRPS 0; plan 5, P = 0, not met -> Brier 0.
    C: not scored (no delivery 2026).  Region (A + B): forecast 10, realised 8: out of band, CRPS 2;
       plan 15, P(10 >= 15) = 0, not met -> Brier 0.
    """
    deliveries = {2025: pd.DataFrame([_p("A", "a1", "hard", 2025, 10), _p("B", "b1", "zacht", 2025, 5),
                                      _p("C", "c1", "hard", 2025, 4)]),
                  2026: pd.DataFrame([_p("A", "r1", "opgeleverd", 2025, 8), _p("B", "b2", "idee", 2027, 3)])}
    bt = backtest(deliveries, CERTAIN, n_simulations=200, seed=1, persistence=0.5,
                  delivered={2025: {"A", "B", "C"}, 2026: {"A", "B"}}).set_index("scope")
    a, b, c, region = bt.loc["A"], bt.loc["B"], bt.loc["C"], bt.loc["Parkstad"]
    assert (a["forecast_mean"], a["realised"], a["in_band"], a["crps"]) == (10.0, 8.0, False, 2.0)
    assert (a["planned"], a["p_plan_met"], a["plan_met"], a["brier"]) == (10.0, 1.0, False, 1.0)
    assert (b["forecast_mean"], b["realised"], b["in_band"], b["crps"], b["p_plan_met"], b["brier"]) == (
        0.0, 0.0, True, 0.0, 0.0, 0.0)
    assert pd.isna(c["crps"]) and c["remark"] == "geen levering 2026: niet te toetsen"
    assert (region["forecast_mean"], region["realised"], region["crps"], region["planned"], region["brier"]) == (
        10.0, 8.0, 2.0, 15.0, 0.0)
    assert region["remark"] == "zonder C (niet beide jaren geleverd)"
    summary = summarise_backtest(bt.reset_index()).set_index("scope")
    assert summary.loc["A", "coverage"] == 0.0 and summary.loc["B", "coverage"] == 1.0
    assert summary.loc["Parkstad", "n_years"] == 1 and "C" not in summary.index


def test_coverage_of_a_calibrated_forecast_is_near_eighty_percent():
    """Twenty years of one corporation with 50 coin-flip plans of 1 dwelling a year, realised from
    the same model: about 80 % of the realisations fall in the 10-90 % band (at least 12 of 20;
    P(fewer than 12 of 20 | p = 0,8) is under 1 %). The realisation of year Y comes from delivery Y+1."""
    coin = CERTAIN.assign(p_on_time=0.5, p_dropped=0.5, shock_correlation=0.0)
    rng = np.random.default_rng(3)
    deliveries = {}
    for y in range(2000, 2021):
        done = int(rng.binomial(50, 0.5)) if y > 2000 else 0
        rows = [_p("A", f"{y}-{i}", "hard", y, 1) for i in range(50)]
        if done:
            rows.append(_p("A", f"done-{y}", "opgeleverd", y - 1, done))
        deliveries[y] = pd.DataFrame(rows)
    bt = backtest(deliveries, coin, n_simulations=2000, seed=2)
    region = bt[bt["scope_type"] == "regio"]
    assert len(region) == 20
    assert region["in_band"].astype(bool).sum() >= 12
    assert region["forecast_mean"].between(23, 27).all()  # 50 * 0,5 = 25
