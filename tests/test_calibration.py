"""Learning plan outcomes from successive deliveries (analysis.forecast.calibration, example_history)."""

import numpy as np
import pandas as pd
import pytest

from analysis.deliveries.example_history import draw_plan_fates, draw_plan_history, plan_view
from analysis.forecast import forecast_settings, plan_outcome_parameters
from analysis.forecast.calibration import (
    OUTCOMES,
    calibrate,
    match_and_classify,
    select_parameters,
    wilson_interval,
)
from analysis.forecast.parameters import DELAY_SHARES, OUTCOME_SHARES

SETTINGS = {"shock_persistence": 0.0, "calibration_min_n": 2, "interval_level": 0.95, "id_reuse_size_factor": 2.0}


def _p(pid, status, year, n=10, muni="Heerlen", corp="A"):
    return {"corporation": corp, "project_id": pid, "municipality": muni, "n_dwellings": n,
            "completion_year": year, "plan_status": status}


def hand_history():
    """
    corp A    2022                 2023                    2024
    P1        hard 2022            opgeleverd 2022         opgeleverd 2022      -> on time
    P2        zacht 2022           zacht 2024              opgeleverd 2023      -> 1 year late
    P3        hard 2023            hard 2023               opgeleverd 2023      -> on time (seen twice)
    P4        idee 2022            -                       -                    -> dropped (vanished)
    P5        hard 2022 Heerlen    hard 2023 Kerkrade      opgeleverd 2023 Kerk -> number reused
    P6        -                    hard 2023 (new)         -                    -> dropped
    corp B    Q1 hard 2022         (no delivery)           (no delivery)        -> unknown
    """
    return {
        2022: pd.DataFrame([_p("P1", "hard", 2022), _p("P2", "zacht", 2022), _p("P3", "hard", 2023),
                            _p("P4", "idee", 2022), _p("P5", "hard", 2022), _p("Q1", "hard", 2022, corp="B")]),
        2023: pd.DataFrame([_p("P1", "opgeleverd", 2022), _p("P2", "zacht", 2024), _p("P3", "hard", 2023),
                            _p("P5", "hard", 2023, muni="Kerkrade"), _p("P6", "hard", 2023)]),
        2024: pd.DataFrame([_p("P1", "opgeleverd", 2022), _p("P2", "opgeleverd", 2023), _p("P3", "opgeleverd", 2023),
                            _p("P5", "opgeleverd", 2023, muni="Kerkrade")]),
    }


def test_matching_and_outcomes_of_a_hand_made_history():
    obs, matching, unmatched = match_and_classify(hand_history(), {2022: {"A", "B"}, 2023: {"A"}, 2024: {"A"}},
                                                  size_factor=2.0)
    got = {(r.project_id, r.delivery_year): (r.outcome, None if pd.isna(r.delay_years) else int(r.delay_years))
           for r in obs.itertuples()}
    assert got == {
        ("P1", 2022): ("op_tijd", 0), ("P2", 2022): ("vertraagd", 1), ("P2", 2023): ("nog_onbekend", None),
        ("P3", 2022): ("op_tijd", 0), ("P3", 2023): ("op_tijd", 0), ("P4", 2022): ("uitgevallen", None),
        ("P5", 2022): ("hergebruikt", None), ("P5", 2023): ("hergebruikt", None),
        ("P6", 2023): ("uitgevallen", None), ("Q1", 2022): ("onbekend", None),
    }
    pairs = matching.set_index(["corporation", "delivery_year"])
    # 2022->2023: P1, P2, P3 matched; P4 vanished; P5 reused; P6 new. 2023->2024: P1, P2, P3, P5 matched; P6 vanished
    assert pairs.loc[("A", 2022), ["matched", "new", "vanished", "reused", "returned"]].tolist() == [3, 1, 1, 1, 0]
    assert pairs.loc[("A", 2023), ["matched", "new", "vanished", "reused", "returned"]].tolist() == [4, 0, 1, 0, 0]
    assert "B" not in set(matching["corporation"])  # B delivered once: nothing to match
    assert set(zip(unmatched["project_id"], unmatched["reason"], strict=True)) == {
        ("P4", "verdwenen (geldt als uitgevallen)"), ("P5", "nummer hergebruikt: andere gemeente of omvang"),
        ("P6", "nieuw"), ("P6", "verdwenen (geldt als uitgevallen)")}


def test_estimates_of_the_hand_made_history():
    """hard, 0 years ahead: P1 (2022) on time, P3 (2023) on time, P6 (2023) dropped -> 2/3, 0, 1/3;
    not known: P5 twice (reused) and Q1 (B never delivered again) = 3.
    Wilson 95 % for 2 of 3 (z = 1,96): centre (2/3 + z^2/6) / (1 + z^2/3) = 0,5731,
    half-width z * sqrt(2/27 + z^2/36) / (1 + z^2/3) = 0,3654 -> [0,2077; 0,9385]."""
    params = plan_outcome_parameters()
    cal = calibrate(hand_history(), params, SETTINGS, delivered={2022: {"A", "B"}, 2023: {"A"}, 2024: {"A"}})
    e = cal.estimates.set_index(["plan_status", "horizon_min"])
    hard0 = e.loc[("hard", 0)]
    assert (hard0["n"], hard0["n_on_time"], hard0["n_delayed"], hard0["n_dropped"], hard0["n_not_known"]) == (
        3, 2, 0, 1, 3)
    assert (hard0["p_on_time_low"], hard0["p_on_time_high"]) == pytest.approx((0.2077, 0.9385), abs=1e-4)
    assert hard0["p_delayed_low"] == 0.0  # 0 of 3: lower bound exactly 0
    assert e.loc[("hard", 1), "n_on_time"] == 1  # P3 seen from 2022
    z = e.loc[("zacht", 0)]
    assert (z["n"], z["n_delayed"], z["n_delay_known"], z["n_delay_1"], z["p_delay_1"]) == (1, 1, 1, 1, 1.0)
    assert e.loc[("zacht", 1), "n_not_known"] == 1  # P2 as seen in 2023: planned 2024, no 2025 delivery yet
    assert e.loc[("idee", 0), "p_dropped"] == 1.0
    assert np.isnan(e.loc[("idee", 3), "p_on_time"])  # no observation: unknown, not 0


def test_select_parameters_uses_calibration_only_where_n_suffices():
    params = plan_outcome_parameters()
    cal = calibrate(hand_history(), params, SETTINGS, delivered={2022: {"A", "B"}, 2023: {"A"}, 2024: {"A"}})
    used = select_parameters(cal.estimates, params, min_n=3).set_index(["plan_status", "horizon_min"])
    assert used.loc[("hard", 0), "p_on_time"] == pytest.approx(2 / 3)  # n = 3 >= 3: calibrated
    assert used.loc[("hard", 0), "basis_outcome"] == "kalibratie (n = 3)"
    assert used.loc[("hard", 0), "basis_delay"] == "referentie (n = 0, minder dan 3)"
    ref = params.set_index(["plan_status", "horizon_min"])
    assert used.loc[("zacht", 0), "p_on_time"] == ref.loc[("zacht", 0), "p_on_time"]  # n = 1 < 3: default
    assert used.loc[("hard", 0), "shock_correlation"] == ref.loc[("hard", 0), "shock_correlation"]
    assert used.loc[("hard", 1), "band"] == "1-2" and used.loc[("hard", 3), "band"] == "3+"


def test_wilson_interval_edges():
    low, high = wilson_interval([0, 5, 5], [5, 5, 0], 0.95)
    assert low[0] == 0.0 and high[1] == 1.0 and np.isnan(low[2])
    # 0 of 5: upper bound z^2/n / (1 + z^2/n) = 0,7683 / 1,7683 = 0,4345
    assert high[0] == pytest.approx(0.4345, abs=1e-4)


def synthetic_plans(n_per_cell: int, seed: int) -> pd.DataFrame:
    """n plans per plan status x band (0; 1-2; 3-4 years ahead), first listed 2022-2024."""
    rng = np.random.default_rng(seed)
    rows = []
    for status in ("in_aanbouw", "hard", "zacht", "idee"):
        for horizons in ((0,), (1, 2), (3, 4)):
            for _ in range(n_per_cell):
                first = int(rng.integers(2022, 2025))
                rows.append({"corporation": f"C{len(rows) % 3}", "project_id": f"P{len(rows):05d}",
                             "municipality": "Heerlen", "n_dwellings": 10,
                             "completion_year": first + int(rng.choice(horizons)), "plan_status": status,
                             "first_listed": first})
    return pd.DataFrame(rows)


def test_calibration_recovers_known_parameters_within_its_intervals():
    """Deliveries 2022-2032 drawn from the reference parameters (400 plans per cell, no shock):
    the 72 reported 95 % intervals (12 cells x 3 outcome + 3 delay shares) cover the truth in
    about 95 % of cases; we require at least 85 % (binomial sd of the coverage is 2,6 points) and
    no estimate further than twice its interval's half-width from the truth (checked over 20 seeds:
    coverage 0,89-1,00, largest distance 1,74 half-widths)."""
    params = plan_outcome_parameters()
    history = draw_plan_history(synthetic_plans(400, seed=5), params, range(2022, 2033), seed=5, shock=False)
    est = calibrate(history, params, forecast_settings(), mode="first").estimates
    assert (est["n"] == 400).all() and (est["n_not_known"] == 0).all()
    covered, distance = [], []
    for col in (*OUTCOME_SHARES, *DELAY_SHARES):
        truth, low, high, e = (params[col].to_numpy(), est[f"{col}_low"].to_numpy(), est[f"{col}_high"].to_numpy(),
                               est[col].to_numpy())
        covered += list((low <= truth) & (truth <= high))
        distance += list(np.abs(truth - e) / np.where(truth < e, e - low, high - e))
    assert np.mean(covered) >= 0.85, np.mean(covered)
    assert max(distance) <= 2.0


def test_example_history_reports_a_fate_honestly():
    """A hard plan for 2024 first listed 2022: on time -> opgeleverd from 2025; delayed 2 years ->
    listed for 2026 in 2025 and 2026, opgeleverd 2026 from 2027; dropped -> gone from its vanish year."""
    plans = pd.DataFrame([{"corporation": "A", "project_id": p, "municipality": "Heerlen", "n_dwellings": 8,
                           "completion_year": 2024, "plan_status": s, "first_listed": 2022}
                          for p, s in (("on", "in_aanbouw"), ("late", "hard"), ("gone", "zacht"))])
    certain = pd.DataFrame([{"plan_status": s, "horizon_min": 0, "horizon_max": pd.NA, "p_on_time": a,
                             "p_delayed": b, "p_dropped": c, "p_delay_1": 0, "p_delay_2": 1, "p_delay_3plus": 0,
                             "shock_correlation": 0.0}
                            for s, (a, b, c) in {"in_aanbouw": (1, 0, 0), "hard": (0, 1, 0), "zacht": (0, 0, 1),
                                                 "idee": (0, 0, 1)}.items()])
    fates = draw_plan_fates(plans, certain, seed=1).set_index("project_id")
    assert fates["fate"].tolist() == ["op_tijd", "vertraagd", "uitgevallen"]
    assert fates.loc["late", "realised_year"] == 2026
    vanish = int(fates.loc["gone", "vanish_year"])
    assert 2023 <= vanish <= 2025
    view = {y: plan_view(fates.reset_index(), y).set_index("project_id") for y in range(2022, 2028)}
    assert view[2024].loc["on", "plan_status"] == "in_aanbouw" and view[2025].loc["on", "plan_status"] == "opgeleverd"
    assert [view[y].loc["late", "completion_year"] for y in (2024, 2025, 2026, 2027)] == [2024, 2026, 2026, 2026]
    assert view[2027].loc["late", "plan_status"] == "opgeleverd" and view[2026].loc["late", "plan_status"] == "hard"
    assert all(("gone" in view[y].index) == (y < vanish) for y in view)
    assert set(OUTCOMES) == set(fates["fate"])
