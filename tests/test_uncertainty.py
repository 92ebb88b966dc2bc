"""Plan outcomes with delay and a shared shock (analysis.forecast.model), and its reference data."""

import numpy as np
import pandas as pd
import pytest

from analysis.errors import ValidationFailed
from analysis.forecast import (
    expected_losses,
    forecast_settings,
    plan_bounds,
    plan_outcome_parameters,
    probability_within,
    simulate_plan_dropout_delayed,
    simulate_plan_outcomes,
)
from analysis.forecast.parameters import PARAMETER_COLUMNS, check_outcome_parameters
from analysis.portfolio.inputs import load_realisation_probabilities

STATUSES = ("in_aanbouw", "hard", "zacht", "idee")


def table(rows: dict[str, tuple], rho: float = 0.0) -> pd.DataFrame:
    """One open band (0+) per status: ``status -> (on_time, delayed, dropped, d1, d2, d3plus)``."""
    return pd.DataFrame([{"plan_status": s, "horizon_min": 0, "horizon_max": pd.NA,
                          **dict(zip(PARAMETER_COLUMNS[3:9], v, strict=True)), "shock_correlation": rho}
                         for s, v in rows.items()])


CERTAIN = {"in_aanbouw": (1, 0, 0, 1, 0, 0), "hard": (0, 1, 0, 0, 1, 0), "zacht": (0, 0, 1, 1, 0, 0),
           "idee": (0, 0, 1, 1, 0, 0)}


def test_certain_plans_stay_certain_with_a_strong_shock():
    """
    plan  status      year  n   outcome (certain)
    a     in_aanbouw  2026  10  on time       -> 2026
    b     idee        2026   5  dropped       -> never
    c     hard        2027   7  delayed 2 yr  -> 2029
    d     opgeleverd  2024   3  realised      -> 2024
    Within 2024-2028: 10 + 3 = 13 in every simulation; within 2024-2030: 13 + 7 = 20.
    """
    plans = pd.DataFrame({"plan_status": ["in_aanbouw", "idee", "hard", "opgeleverd"],
                          "completion_year": [2026, 2026, 2027, 2024], "n_dwellings": [10, 5, 7, 3]})
    params = table(CERTAIN, rho=0.6)
    out = simulate_plan_outcomes(plans, params, 2026, 500, seed=1, persistence=0.9)
    assert (out.dwellings_within(2024, 2028).sum(axis=1) == 13).all()
    assert (out.dwellings_within(2024, 2030).sum(axis=1) == 20).all()
    assert probability_within(plans, params, 2026, 2024, 2028).tolist() == [1.0, 0.0, 0.0, 1.0]
    assert plan_bounds(plans, params, 2026, 2024, 2028) == (13.0, 13.0)
    totals = out.dwellings_within(2024, 2028).sum(axis=1)
    assert float(np.mean(totals >= 13)) == 1.0 and float(np.mean(totals >= 14)) == 0.0


def test_shared_shock_widens_the_band_by_the_hand_computed_amount():
    """400 identical plans of 1 dwelling, the same year, realised with p = 0.5 (else dropped).

    Independent: total ~ Binomial(400, 0.5), sd = sqrt(400 * 0.25) = 10, so the 10-90 % band is
    about 2 * 1.2816 * 10 = 25.6 wide.
    Shock rho = 0.1 (Gaussian copula, threshold 0): two plans are both realised with
    P = 1/4 + arcsin(0.1) / (2 pi) = 0.25 + 0.015942, so Cov = 0.015942 and
    Var = 400 * 0.25 + 400 * 399 * 0.015942 = 100 + 2544.4 = 2644.4, sd = 51.4:
    a band about 2 * 1.2816 * 51.4 = 131.8 wide. The mean stays 200 (the marginals do not change).
    """
    plans = pd.DataFrame({"plan_status": ["hard"] * 400, "completion_year": [2027] * 400, "n_dwellings": [1] * 400})
    coin = {s: (0.5, 0.0, 0.5, 1.0, 0.0, 0.0) for s in STATUSES}
    indep = simulate_plan_dropout_delayed(plans, table(coin, 0.0), 4000, 7, year=2026, period=(2024, 2028)).sum(1)
    shock = simulate_plan_dropout_delayed(plans, table(coin, 0.1), 4000, 7, year=2026, period=(2024, 2028)).sum(1)
    w_indep = np.subtract(*np.quantile(indep, [0.9, 0.1]))
    w_shock = np.subtract(*np.quantile(shock, [0.9, 0.1]))
    assert 20 <= w_indep <= 32
    assert 110 <= w_shock <= 160
    assert abs(indep.mean() - 200) < 1.5 and abs(shock.mean() - 200) < 4
    assert 2200 <= shock.var() <= 3100  # hand: 2644


def test_probability_within_counts_delays_that_stay_in_the_period():
    """hard 2027 with on time 0.6, delayed 0.3 (1 yr 0.5, 2 yr 0.3, 3+ 0.2), dropped 0.1.

    Period to 2028: on time 0.6 + delayed 1 yr 0.3 * 0.5 = 0.75. To 2030: 0.6 + 0.3 = 0.9.
    A plan of 2024 not yet completed in 2026 counts from 2026 on: to 2026 only on time: 0.6.
    """
    rows = {s: (0.6, 0.3, 0.1, 0.5, 0.3, 0.2) for s in STATUSES}
    plans = pd.DataFrame({"plan_status": ["hard", "hard"], "completion_year": [2027, 2024], "n_dwellings": [10, 4]})
    assert probability_within(plans, table(rows), 2026, 2024, 2028) == pytest.approx([0.75, 0.6 + 0.15 + 0.09])
    assert probability_within(plans, table(rows), 2026, 2024, 2030)[0] == pytest.approx(0.9)
    assert probability_within(plans, table(rows), 2026, 2024, 2026)[1] == pytest.approx(0.6)
    draws = simulate_plan_outcomes(plans.iloc[:1], table(rows), 2026, 20000, seed=3).dwellings_within(2024, 2028)
    assert draws.mean() == pytest.approx(7.5, abs=0.1)  # 10 * 0.75
    # expected loss 2024-2028: dropped 10 * 0.1 = 1, delayed beyond 2028 10 * 0.3 * 0.5 = 1.5
    loss = expected_losses(plans.iloc[:1], table(rows), 2026, 2024, 2028).iloc[0]
    assert (loss["lost_dropped"], loss["lost_delay"]) == pytest.approx((1.0, 1.5))


def test_same_seed_same_draws_and_unknown_status_is_an_error():
    params = plan_outcome_parameters()
    plans = pd.DataFrame({"plan_status": ["hard", "zacht"], "completion_year": [2027, 2029], "n_dwellings": [5, 9]})
    a = simulate_plan_outcomes(plans, params, 2026, 50, seed=4, persistence=0.5).year_realised
    b = simulate_plan_outcomes(plans, params, 2026, 50, seed=4, persistence=0.5).year_realised
    assert (a == b).all()
    with pytest.raises(ValueError, match="planstatus: onbekend"):
        simulate_plan_outcomes(plans.assign(plan_status=["onbekend", "hard"]), params, 2026, 5, seed=1)


def test_defaults_agree_with_the_realisation_probabilities_for_a_typical_horizon():
    """For plans 1-2 years ahead with one year of slack in the period, P(realised within the period)
    = p_on_time + p_delayed * p_delay_1 lies within 0,05 of plan_realisation_probability.csv
    (e.g. hard: 0,62 + 0,31 * 0,65 = 0,82 against 0,85)."""
    params = plan_outcome_parameters()
    old = load_realisation_probabilities()
    typical = params[params["horizon_min"] == 1]
    for r in typical.itertuples():
        within = r.p_on_time + r.p_delayed * r.p_delay_1
        assert abs(within - old[r.plan_status]) <= 0.05, r.plan_status


def test_shipped_tables_load():
    params = plan_outcome_parameters()
    assert set(params["plan_status"]) == set(STATUSES)
    settings = forecast_settings()
    assert 0 <= settings["shock_persistence"] <= 1 and settings["calibration_min_n"] >= 1


def test_outcome_table_problems_are_all_reported():
    """Row 2: shares sum to 0,9; the hard bands leave a gap (0-0 then 2+); zacht/idee missing."""
    bad = pd.DataFrame([
        {"plan_status": "in_aanbouw", "horizon_min": 0, "horizon_max": pd.NA, "p_on_time": 0.5, "p_delayed": 0.3,
         "p_dropped": 0.1, "p_delay_1": 1, "p_delay_2": 0, "p_delay_3plus": 0, "shock_correlation": 0.1},
        {"plan_status": "hard", "horizon_min": 0, "horizon_max": 0, "p_on_time": 1, "p_delayed": 0,
         "p_dropped": 0, "p_delay_1": 1, "p_delay_2": 0, "p_delay_3plus": 0, "shock_correlation": 0.1},
        {"plan_status": "hard", "horizon_min": 2, "horizon_max": pd.NA, "p_on_time": 1, "p_delayed": 0,
         "p_dropped": 0, "p_delay_1": 1, "p_delay_2": 0, "p_delay_3plus": 0, "shock_correlation": 0.1},
    ])
    problems = check_outcome_parameters(bad)
    where = {(p.row, p.column) for p in problems}
    assert (2, "p_on_time+p_delayed+p_dropped") in where
    assert (None, "horizon_min") in where
    assert {p.value for p in problems if p.column == "plan_status"} == {"zacht", "idee"}


def test_loader_raises_on_a_bad_file(tmp_path):
    (tmp_path / "plan_outcome_parameters.csv").write_text(
        "plan_status,horizon_min,horizon_max,p_on_time,p_delayed,p_dropped,p_delay_1,p_delay_2,p_delay_3plus,"
        "shock_correlation,source\nhard,0,,0.7,0.7,0,1,0,0,0.1,x\n", encoding="utf-8")
    with pytest.raises(ValidationFailed, match="plan_outcome_parameters"):
        plan_outcome_parameters(tmp_path)
