"""Plan drop-out and delay: how many planned dwellings will really be built, and the headline gap table.

Each plan that is not yet completed is realised on time, delayed by 1, 2 or 3+ years or dropped,
with chances per plan status and years ahead (:mod:`analysis.forecast`; the reference defaults in
``plan_outcome_parameters.csv`` or what ``rpa calibrate`` learned from the earlier deliveries). A
shared yearly shock moves all plans of a year together (interest rates, building costs, permits,
nitrogen), so the band is as wide as history and the assumptions say, not as narrow as
independent coin flips. A plan is realised as a whole or not at all. One set of draws serves
every scope, so the region is the sum of its municipalities in every simulation.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis import forecast
from analysis.cache import per_run
from analysis.forecast.text import chance_of_target
from analysis.portfolio import words
from analysis.portfolio.targets import compute_targets_vs_plans, select_portfolio_targets
from analysis.rules.plans import market_counts_toward, plans_counting_for
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


def summarise_draws(totals: np.ndarray, target: float | None) -> dict:
    """Expected value, 10-90 % band and P(total >= target) of simulated totals."""
    totals = np.asarray(totals, dtype=float)
    p10, p90 = np.quantile(totals, [0.1, 0.9]) if totals.size else (np.nan, np.nan)
    met = float(np.mean(totals >= target)) if target is not None and not pd.isna(target) else np.nan
    return {"mean": float(totals.mean()) if totals.size else np.nan, "p10": float(p10), "p90": float(p90),
            "p_target_met": met}


def add_dropout(base: pd.DataFrame, plans: pd.DataFrame, targets: pd.DataFrame, parameters: pd.DataFrame,
                year: int, n_simulations: int, seed: int, *, persistence: float = 0.0) -> pd.DataFrame:
    """``base`` (:func:`compute_targets_vs_plans`) with ``expected``, its 10-90 % band and ``p_target_met``.

    ``expected`` is exact (the sum over plans of the chance to be realised within the target
    period x dwellings, :func:`analysis.forecast.expected_within`); the band and the chance come
    from one set of draws (:func:`analysis.forecast.simulate_plan_outcomes`) shared by every row.
    ``p_target_met`` is exactly 0 or 1 only when the plans decide it (:func:`chance_bounds`).
    """
    outcomes = forecast.simulate_plan_outcomes(plans, parameters, year, n_simulations, seed, persistence=persistence)
    ptargets = select_portfolio_targets(targets).set_index("target_id")
    out = {"expected": [], "expected_p10": [], "expected_p90": [], "p_target_met": []}
    cache: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}
    for _, r in base.iterrows():
        t = ptargets.loc[r["target_id"]]
        ps, pe = int(t["period_start"]), int(t["period_end"])
        if (ps, pe) not in cache:
            cache[(ps, pe)] = (outcomes.dwellings_within(ps, pe),
                               forecast.expected_within(plans, parameters, year, ps, pe))
        within, expected = cache[(ps, pe)]
        mask = (plans_counting_for(plans, t["segment"], ps, pe) & scope_mask(plans, r["scope_type"], r["scope"])
                ).to_numpy()
        totals = within[:, mask].sum(axis=1)
        s = summarise_draws(totals, r["target"])
        if not pd.isna(r["target"]):
            lo, hi = forecast.plan_bounds(plans[mask], parameters, year, ps, pe)
            s["p_target_met"] = chance_of_target(totals, float(r["target"]), minimum=lo, maximum=hi).p
        out["expected"].append(float(expected[mask].sum()))
        out["expected_p10"].append(s["p10"])
        out["expected_p90"].append(s["p90"])
        out["p_target_met"].append(s["p_target_met"])
    return base.assign(**out)


CHANCE_COLUMNS = ["scope_type", "scope", "target_id", "target", "period_start", "period_end", "minimum", "maximum",
                  "exact", "reason", "drivers"]


def chance_bounds(gap: pd.DataFrame, plans: pd.DataFrame, targets: pd.DataFrame, parameters: pd.DataFrame,
                  year: int) -> pd.DataFrame:
    """Per gap row with a target: what the plans can give at least and at most, and what drives the chance.

    Columns :data:`CHANCE_COLUMNS`: ``minimum`` (dwellings certain within the period: realised and
    plans with chance 1), ``maximum`` (every plan with any chance, on time), ``exact`` (True when
    the plans decide the chance: 0 or 1 without simulation), its ``reason`` (Dutch) and
    ``drivers``: what lowers the expectation below "every plan on time" (delay beyond the period,
    drop-out, by plan status) and the shared shock (:func:`analysis.forecast.text.describe_drivers`).
    """
    from analysis.forecast.text import describe_drivers

    ptargets = select_portfolio_targets(targets).set_index("target_id")
    shock = bool((parameters["shock_correlation"].astype(float) > 0).any())
    rows = []
    for _, r in gap[gap["target"].notna() & gap["realised"].notna()].iterrows():
        t = ptargets.loc[r["target_id"]]
        ps, pe = int(t["period_start"]), int(t["period_end"])
        mask = (plans_counting_for(plans, t["segment"], ps, pe) & scope_mask(plans, r["scope_type"], r["scope"])
                ).to_numpy()
        sel = plans[mask]
        lo, hi = forecast.plan_bounds(sel, parameters, year, ps, pe)
        chance = chance_of_target([], float(r["target"]), minimum=lo, maximum=hi)
        losses = forecast.expected_losses(sel, parameters, year, ps, pe)
        rows.append({"scope_type": r["scope_type"], "scope": r["scope"], "target_id": r["target_id"],
                     "target": float(r["target"]), "period_start": ps, "period_end": pe, "minimum": lo, "maximum": hi,
                     "exact": chance.exact, "reason": chance.reason,
                     "drivers": describe_drivers(losses, pe, shock=shock and not chance.exact)})
    return pd.DataFrame(rows, columns=CHANCE_COLUMNS)


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


@per_run("portfolio_gap")  # every scope at once, the same in every report: once per run
def build_portfolio_gap(
    plans: pd.DataFrame,
    targets: pd.DataFrame,
    parameters: pd.DataFrame,
    *,
    year: int,
    persistence: float = 0.0,
    municipalities: Iterable[str],
    corporations: Iterable[str],
    n_simulations: int = 5000,
    seed: int = 20240101,
    delivered_corporations: Iterable[str] | None = None,
    delivered_municipalities: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The headline table ``portfolio_gap``: every scope x portfolio target.

    Columns: see :data:`GAP_COLUMNS`. ``gap`` = target - realised - all planned (negative =
    surplus). ``parameters``: outcome shares per plan status and years ahead
    (:func:`analysis.forecast.outcome_parameters_for`); ``year``: the delivery year the plans are
    seen from; ``persistence``: of the shared yearly shock (``forecast_parameters.csv``). A corporation without a delivery gets NA figures and a remark; a municipality
    without a delivery gets a remark (its market plans are missing) and NA market dwellings.
    """
    municipalities, corporations = list(municipalities), list(corporations)
    base = compute_targets_vs_plans(plans, targets, scope_frame(municipalities, corporations))
    if base.empty:
        return pd.DataFrame(columns=GAP_COLUMNS)
    base = add_dropout(base, plans, targets, parameters, year, n_simulations, seed, persistence=persistence)
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
