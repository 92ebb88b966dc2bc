"""Scoring the forecasts: what delivery ``Y`` forecast for year ``Y`` against what delivery ``Y+1`` reports.

For every year ``Y`` with both deliveries, the plans of delivery ``Y`` that are not completed are
simulated with :func:`analysis.forecast.simulate_plan_outcomes` (delay, drop-out, the shared
yearly shock); the forecast is the sample of dwellings completed in ``Y`` (per corporation, and
for the region as the sum over the same simulations). The realisation is what delivery ``Y+1``
lists as ``opgeleverd`` with completion year ``Y`` (the rule of :mod:`analysis.rules.plans`, as in
:mod:`analysis.monitoring.accuracy`). Scores:

- **in the band**: the realisation lies within the 10-90 % band of the forecast (a well calibrated
  forecast has about 80 % of its realisations inside);
- **CRPS** (continuous ranked probability score, in dwellings; lower is better; for a forecast
  without spread it is the absolute error): ``E|X - y| - E|X - X'| / 2`` over the sample;
- **Brier** for "own plan for the year met" (realised >= the dwellings the delivery planned for
  ``Y``): ``(p - o)^2`` with ``p`` the forecast chance and ``o`` 1 or 0. No target of the agreement
  applies to one year, so the event is the corporation's own year plan.

A corporation that did not deliver in one of the two years is not scored (NA, with a remark).
Pure functions on frames; no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis.forecast.model import simulate_plan_outcomes
from analysis.rules.plans import REALISED_STATUSES
from analysis.rules.scopes import REGION_NAME

BACKTEST_COLUMNS = ["scope_type", "scope", "forecast_year", "n_plans", "planned", "forecast_mean", "forecast_p10",
                    "forecast_p90", "realised", "in_band", "crps", "p_plan_met", "plan_met", "brier", "remark"]
SUMMARY_COLUMNS = ["scope_type", "scope", "n_years", "coverage", "mean_crps", "mean_brier", "forecast_total",
                   "realised_total"]
BAND = (0.1, 0.9)


def crps_sample(sample, observed: float) -> float:
    """CRPS of a forecast sample against one observation: ``E|X - y| - E|X - X'| / 2``.

    ``E|X - X'|`` from the sorted sample ``x_(1..m)``: ``2 / m^2 * sum_i (2i - m - 1) x_(i)``.
    """
    x = np.sort(np.asarray(sample, dtype=float))
    m = x.size
    if m == 0 or pd.isna(observed):
        return np.nan
    spread = 2.0 / (m * m) * float(np.sum((2 * np.arange(1, m + 1) - m - 1) * x))
    return float(np.mean(np.abs(x - float(observed))) - spread / 2)


def brier_score(p: float, outcome: bool | float) -> float:
    """``(p - o)^2`` for a forecast chance ``p`` of an event and its outcome ``o`` (1 or 0)."""
    if pd.isna(p) or pd.isna(outcome):
        return np.nan
    return (float(p) - float(bool(outcome))) ** 2


def score_sample(sample, realised: float, planned: float | None = None) -> dict:
    """Mean, 10-90 % band, whether ``realised`` is inside, CRPS, and the Brier score of "planned met"."""
    x = np.asarray(sample, dtype=float)
    p10, p90 = np.quantile(x, BAND)
    p_met = float(np.mean(x >= planned)) if planned is not None and not pd.isna(planned) else np.nan
    met = bool(realised >= planned) if planned is not None and not pd.isna(planned) else np.nan
    return {"forecast_mean": float(x.mean()), "forecast_p10": float(p10), "forecast_p90": float(p90),
            "realised": float(realised), "in_band": bool(p10 <= realised <= p90),
            "crps": crps_sample(x, realised), "p_plan_met": p_met, "plan_met": met,
            "brier": brier_score(p_met, met) if not pd.isna(p_met) else np.nan}


def _realised(projects: pd.DataFrame, year: int) -> pd.Series:
    if not len(projects):
        return pd.Series(dtype=float)
    sel = projects[projects["plan_status"].isin(REALISED_STATUSES)
                   & (pd.to_numeric(projects["completion_year"]) == int(year))]
    return sel.groupby("corporation")["n_dwellings"].sum().astype(float)


def backtest_year(prev_projects: pd.DataFrame, cur_projects: pd.DataFrame, parameters: pd.DataFrame, *, year: int,
                  n_simulations: int, seed: int, persistence: float = 0.0, shock: bool = True,
                  delivered_prev: set[str] | None = None, delivered_cur: set[str] | None = None) -> pd.DataFrame:
    """The forecast of delivery ``year`` for completions in ``year`` against delivery ``year + 1``.

    Returns one row per corporation of either delivery and one for the region
    (:data:`BACKTEST_COLUMNS`); the region sums the corporations that delivered both years.
    """
    y = int(year)
    prev_corp = set(delivered_prev) if delivered_prev is not None else set(prev_projects.get("corporation", []))
    cur_corp = set(delivered_cur) if delivered_cur is not None else set(cur_projects.get("corporation", []))
    plans = prev_projects[~prev_projects["plan_status"].isin(REALISED_STATUSES)].reset_index(drop=True) \
        if len(prev_projects) else prev_projects
    both = sorted(prev_corp & cur_corp)
    realised = _realised(cur_projects, y)
    rows = []
    region = None
    if len(plans):
        out = simulate_plan_outcomes(plans, parameters, y, n_simulations, seed, persistence=persistence, shock=shock)
        draws = out.dwellings_in_year(y)
        planned_year = np.maximum(pd.to_numeric(plans["completion_year"]).to_numpy(dtype=np.int64), y)
        n = pd.to_numeric(plans["n_dwellings"]).to_numpy(dtype=float)
    for corp in sorted(prev_corp | cur_corp):
        if corp not in both:
            missing = y if corp not in prev_corp else y + 1
            rows.append({"scope_type": "corporatie", "scope": corp, "forecast_year": y,
                         "remark": f"geen levering {missing}: niet te toetsen"})
            continue
        mask = (plans["corporation"].astype(str) == corp).to_numpy() if len(plans) else np.zeros(0, bool)
        sample = draws[:, mask].sum(axis=1) if len(plans) else np.zeros(int(n_simulations))
        planned = float(n[mask & (planned_year == y)].sum()) if len(plans) else 0.0
        region = sample if region is None else region + sample
        rows.append({"scope_type": "corporatie", "scope": corp, "forecast_year": y, "n_plans": int(mask.sum()),
                     "planned": planned, **score_sample(sample, float(realised.get(corp, 0.0)), planned),
                     "remark": ""})
    if both:
        scored = [r for r in rows if r.get("n_plans") is not None]
        planned = float(sum(r["planned"] for r in scored))
        left_out = sorted((prev_corp | cur_corp) - set(both))
        rows.append({"scope_type": "regio", "scope": REGION_NAME, "forecast_year": y,
                     "n_plans": int(sum(r["n_plans"] for r in scored)), "planned": planned,
                     **score_sample(region, float(sum(realised.get(c, 0.0) for c in both)), planned),
                     "remark": f"zonder {', '.join(left_out)} (niet beide jaren geleverd)" if left_out else ""})
    frame = pd.DataFrame(rows, columns=BACKTEST_COLUMNS)
    return frame.astype({"n_plans": "Int64", "in_band": "boolean", "plan_met": "boolean"})


def backtest(deliveries: Mapping[int, pd.DataFrame], parameters: pd.DataFrame, *, n_simulations: int, seed: int,
             persistence: float = 0.0, shock: bool = True,
             delivered: Mapping[int, set[str]] | None = None) -> pd.DataFrame:
    """:func:`backtest_year` for every year ``Y`` with deliveries ``Y`` and ``Y + 1`` (seed ``seed + Y``)."""
    years = sorted(int(y) for y in deliveries)
    frames = [backtest_year(deliveries[y], deliveries[y + 1], parameters, year=y, n_simulations=n_simulations,
                            seed=int(seed) + y, persistence=persistence, shock=shock,
                            delivered_prev=(delivered or {}).get(y), delivered_cur=(delivered or {}).get(y + 1))
              for y in years if y + 1 in deliveries]
    if not frames:
        return pd.DataFrame(columns=BACKTEST_COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    order = out["scope_type"].map({"regio": 0, "corporatie": 1})
    return out.assign(_o=order).sort_values(["_o", "scope", "forecast_year"]).drop(columns="_o").reset_index(drop=True)


def summarise_backtest(frame: pd.DataFrame) -> pd.DataFrame:
    """Per scope: years scored, share of realisations in the 10-90 % band, mean CRPS and Brier, totals."""
    scored = frame[frame["in_band"].notna()]
    if scored.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    g = scored.groupby(["scope_type", "scope"], sort=False)
    out = pd.DataFrame({
        "n_years": g.size(),
        "coverage": g["in_band"].apply(lambda s: float(s.astype(bool).mean())),
        "mean_crps": g["crps"].mean(),
        "mean_brier": g["brier"].mean(),
        "forecast_total": g["forecast_mean"].sum(),
        "realised_total": g["realised"].sum(),
    }).reset_index()
    return out[SUMMARY_COLUMNS]
