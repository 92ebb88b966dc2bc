"""Plan drop-out: how many planned dwellings will really be built, and the headline gap table.

Each plan that is not yet completed gets a realisation probability per plan status (an
assumption, ``plan_realisation_probability.csv``). The simulation draws one Bernoulli variable
**per project**: a plan is realised as a whole or not at all, which is more realistic than
independent dwellings and gives a wider, more honest band. One set of draws serves every scope,
so the region is the sum of its municipalities in every simulation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from analysis.portfolio import words
from analysis.portfolio.targets import compute_targets_vs_plans, select_portfolio_targets
from analysis.rules.plans import REALISED_STATUSES, market_counts_toward, plans_counting_for
from analysis.rules.scopes import scope_frame, scope_mask, sort_scopes

GAP_COLUMNS = [
    "scope_type", "scope", "segment", "period_start", "period_end", "target", "realised",
    "planned_hard", "planned_soft", "expected", "expected_p10", "expected_p90", "p_target_met", "gap",
    "corporation_dwellings", "market_dwellings", "inponding_realised", "inponding_planned", "regional_target",
    "share_of_regional_target", "target_id", "remark",
]
#: Figures that are unknown for a corporation without a delivery.
UNKNOWN_WITHOUT_DELIVERY = ("realised", "planned_hard", "planned_soft", "expected", "expected_p10", "expected_p90",
                            "corporation_dwellings", "inponding_realised", "inponding_planned",
                            "share_of_regional_target")
FLOAT_COLUMNS = ("target", "realised", "planned_hard", "planned_soft", "gap", "corporation_dwellings",
                 "market_dwellings", "inponding_realised", "inponding_planned", "expected", "expected_p10",
                 "expected_p90", "p_target_met", "regional_target", "share_of_regional_target")


def plan_probabilities(plans: pd.DataFrame, probabilities: Mapping[str, float] | pd.Series) -> np.ndarray:
    """Realisation probability of each plan (by its status); ``opgeleverd`` is always 1."""
    probs = pd.Series(dict(probabilities), dtype=float)
    probs[REALISED_STATUSES[0]] = 1.0
    p = plans["plan_status"].astype(str).map(probs)
    if p.isna().any():
        unknown = sorted(plans.loc[p.isna(), "plan_status"].astype(str).unique())
        raise ValueError(f"geen realisatiekans voor planstatus: {', '.join(unknown)}")
    return p.to_numpy(dtype=float)


def simulate_plan_dropout(
    plans: pd.DataFrame, probabilities: Mapping[str, float] | pd.Series, n_simulations: int, seed: int
) -> np.ndarray:
    """Simulate which plans are realised: one Bernoulli draw per plan per simulation.

    A plan is realised as a whole with the probability of its plan status (``opgeleverd``
    always). Draws use ``numpy.random.default_rng(seed)``, so a seed gives the same result.
    A probability of exactly 1 is always realised and 0 never (``U[0,1) < p``).

    Returns:
        Integer array ``(n_simulations, len(plans))``: dwellings realised per plan.
    """
    p = plan_probabilities(plans, probabilities)
    rng = np.random.default_rng(seed)
    realised = rng.random((int(n_simulations), len(plans))) < p[None, :]
    return realised * plans["n_dwellings"].to_numpy(dtype=np.int64)[None, :]


def summarise_draws(totals: np.ndarray, target: float | None) -> dict:
    """Expected value, 10-90 % band and P(total >= target) of simulated totals."""
    totals = np.asarray(totals, dtype=float)
    p10, p90 = np.quantile(totals, [0.1, 0.9]) if totals.size else (np.nan, np.nan)
    met = float(np.mean(totals >= target)) if target is not None and not pd.isna(target) else np.nan
    return {"mean": float(totals.mean()) if totals.size else np.nan, "p10": float(p10), "p90": float(p90),
            "p_target_met": met}


def add_dropout(base: pd.DataFrame, plans: pd.DataFrame, targets: pd.DataFrame,
                probabilities: Mapping[str, float] | pd.Series, n_simulations: int, seed: int) -> pd.DataFrame:
    """``base`` (:func:`compute_targets_vs_plans`) with ``expected``, its 10-90 % band and ``p_target_met``.

    ``expected`` is exact (realised + sum of probability x dwellings); the band and the chance
    come from one set of draws shared by every row.
    """
    probs = plan_probabilities(plans, probabilities)
    draws = simulate_plan_dropout(plans, probabilities, n_simulations, seed)
    n = plans["n_dwellings"].to_numpy()
    ptargets = select_portfolio_targets(targets).set_index("target_id")
    out = {"expected": [], "expected_p10": [], "expected_p90": [], "p_target_met": []}
    for _, r in base.iterrows():
        t = ptargets.loc[r["target_id"]]
        mask = (plans_counting_for(plans, t["segment"], int(t["period_start"]), int(t["period_end"]))
                & scope_mask(plans, r["scope_type"], r["scope"])).to_numpy()
        s = summarise_draws(draws[:, mask].sum(axis=1), r["target"])
        out["expected"].append(float((probs[mask] * n[mask]).sum()))
        out["expected_p10"].append(s["p10"])
        out["expected_p90"].append(s["p90"])
        out["p_target_met"].append(s["p_target_met"])
    return base.assign(**out)


def nothing_delivered(scope_type: str, scope: str, segment: str, delivered_corp: set[str],
                      delivered_mun: set[str]) -> bool:
    """True when no party whose plans count for the row delivered (its figures are unknown, not 0).

    Corporation plans count everywhere; market plans (segments the market counts toward) come
    from the municipality's own delivery (a municipality's row) or any municipality's (the region).
    """
    if scope_type == "corporatie":
        return scope not in delivered_corp
    market = market_counts_toward(segment) and (scope in delivered_mun if scope_type == "gemeente" else delivered_mun)
    return not delivered_corp and not market


def gap_remark(scope_type: str, scope: str, segment: str, missing_corp: set[str], missing_mun: set[str]) -> str:
    """What a gap row misses because a party did not deliver (Dutch, empty when complete)."""
    market = market_counts_toward(segment)
    if scope_type == "corporatie":
        return words.REMARK_NO_CORPORATION_DELIVERY if scope in missing_corp else ""
    if scope_type == "gemeente":
        parts = [words.remark_corporations_missing(len(missing_corp))] if missing_corp else []
        if scope in missing_mun and market:
            parts.append(words.REMARK_NO_MUNICIPALITY_DELIVERY)
        return "; ".join(parts)
    corp = sorted(missing_corp)
    mun = sorted(missing_mun) if market else []
    return words.remark_region_incomplete(corp, mun)


def build_portfolio_gap(
    plans: pd.DataFrame,
    targets: pd.DataFrame,
    probabilities: Mapping[str, float] | pd.Series,
    *,
    municipalities: Iterable[str],
    corporations: Iterable[str],
    n_simulations: int = 5000,
    seed: int = 20240101,
    delivered_corporations: Iterable[str] | None = None,
    delivered_municipalities: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The headline table ``portfolio_gap``: every scope x portfolio target.

    Columns: see :data:`GAP_COLUMNS`. ``gap`` = target - realised - all planned (negative =
    surplus). A corporation without a delivery gets NA figures and a remark; a municipality
    without a delivery gets a remark (its market plans are missing) and NA market dwellings.
    """
    municipalities, corporations = list(municipalities), list(corporations)
    base = compute_targets_vs_plans(plans, targets, scope_frame(municipalities, corporations))
    if base.empty:
        return pd.DataFrame(columns=GAP_COLUMNS)
    base = add_dropout(base, plans, targets, probabilities, n_simulations, seed)
    missing_corp = set(corporations) - set(delivered_corporations) if delivered_corporations is not None else set()
    missing_mun = (set(municipalities) - set(delivered_municipalities) if delivered_municipalities is not None
                   else set())
    base["remark"] = [gap_remark(r.scope_type, r.scope, r.segment, missing_corp, missing_mun)
                      for r in base.itertuples()]
    base = base.astype(dict.fromkeys(FLOAT_COLUMNS, float))
    if delivered_corporations is not None and delivered_municipalities is not None:
        delivered_corp, delivered_mun = set(corporations) - missing_corp, set(municipalities) - missing_mun
        no_delivery = pd.Series([nothing_delivered(r.scope_type, r.scope, r.segment, delivered_corp, delivered_mun)
                                 for r in base.itertuples()], index=base.index)
    else:
        no_delivery = (base["scope_type"] == "corporatie") & base["scope"].isin(missing_corp)
    base.loc[no_delivery, [*UNKNOWN_WITHOUT_DELIVERY, "gap", "p_target_met", "market_dwellings"]] = np.nan
    no_market = ((base["scope_type"] == "gemeente") & base["scope"].isin(missing_mun)
                 & base["segment"].map(market_counts_toward))
    base.loc[no_market, "market_dwellings"] = np.nan
    order = {tid: i for i, tid in enumerate(select_portfolio_targets(targets)["target_id"])}
    base = sort_scopes(base.assign(_target=base["target_id"].map(order)), extra=["_target"])
    return base[GAP_COLUMNS].reset_index(drop=True)
