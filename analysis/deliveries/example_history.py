"""Plan histories with a known truth: slips and drop-outs drawn from known parameters.

For the example-data generator and the calibration test: each plan gets, at its first listing,
a fate drawn from the row of ``plan_outcome_parameters.csv`` (or any table of that shape) for its
plan status and years ahead then, with the model of :func:`analysis.forecast.simulate_plan_outcomes`
(the same thresholds and, when asked, the same shared yearly shock). The later deliveries report
that fate honestly:

- on time: listed as planned until its planned year, then ``opgeleverd`` in that year;
- delayed by d years: listed as planned until its planned year, then with the new year
  (planned + d, the status unchanged) until it is ``opgeleverd`` in that year;
- dropped: listed as planned until it vanishes, from a delivery drawn uniformly between the one
  after its first listing and the one after its planned year.

The plan status does not change over time here (in practice it firms up), so the truth per plan
status and years ahead at the first listing is exactly the parameter row: the calibration
recovers it with ``mode="first"`` (one observation per plan, at its first listing). Later
listings of the same plan are not fresh draws, so ``mode="all"`` estimates a different
(conditional) quantity on these histories.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis.forecast.model import NOT_REALISED, simulate_plan_outcomes

FATES = ("op_tijd", "vertraagd", "uitgevallen")


def draw_plan_fates(plans: pd.DataFrame, parameters: pd.DataFrame, seed: int, *, persistence: float = 0.0,
                    shock: bool = True) -> pd.DataFrame:
    """Each plan's fate, drawn once at its first listing.

    Args:
        plans: one row per plan: ``corporation, project_id, municipality, n_dwellings,
            completion_year, plan_status`` as at the first listing (no ``opgeleverd``), and
            ``first_listed`` (the delivery year of the first listing); other columns are kept.
        parameters: outcome shares per plan status and years ahead.
        seed: ``numpy.random.default_rng(seed)`` (the fate and the moment of vanishing).
        persistence, shock: the shared yearly shock (see :func:`simulate_plan_outcomes`).

    Returns:
        ``plans`` with ``planned_year`` (``max(completion_year, first_listed)``), ``fate``
        (:data:`FATES`), ``realised_year`` (NA when dropped) and ``vanish_year`` (the first
        delivery without the plan; NA unless dropped).
    """
    first = pd.to_numeric(plans["first_listed"]).to_numpy(dtype=np.int64)
    out = simulate_plan_outcomes(plans, parameters, first, 1, seed, persistence=persistence, shock=shock)
    realised = out.year_realised[0].astype(np.int64)
    planned = np.maximum(pd.to_numeric(plans["completion_year"]).to_numpy(dtype=np.int64), first)
    dropped = realised == NOT_REALISED
    rng = np.random.default_rng([int(seed), 1])
    vanish = first + 1 + np.floor(rng.random(len(plans)) * (planned - first + 1)).astype(np.int64)
    return plans.assign(
        planned_year=planned,
        fate=np.where(dropped, FATES[2], np.where(realised > planned, FATES[1], FATES[0])),
        realised_year=pd.Series(realised, index=plans.index, dtype="Int64").where(~dropped),
        vanish_year=pd.Series(vanish, index=plans.index, dtype="Int64").where(dropped),
    )


def plan_view(fates: pd.DataFrame, year: int) -> pd.DataFrame:
    """The plans as delivery ``year`` lists them (:func:`draw_plan_fates` applied).

    Returns the plan columns with ``completion_year`` and ``plan_status`` as reported in that
    year and ``delivery_year``; the fate columns are dropped.
    """
    y = int(year)
    f = fates[(pd.to_numeric(fates["first_listed"]) <= y)
              & (fates["vanish_year"].isna() | (fates["vanish_year"].fillna(0) > y))].copy()
    realised = f["realised_year"].astype("Int64")
    done = realised.notna() & (realised.fillna(0) < y)
    replanned = realised.notna() & ~done & (f["planned_year"] < y)
    f["completion_year"] = np.where(done | replanned, realised.fillna(0), f["completion_year"]).astype(np.int64)
    f["plan_status"] = np.where(done, "opgeleverd", f["plan_status"].astype(str))
    f["delivery_year"] = y
    return f.drop(columns=["planned_year", "fate", "realised_year", "vanish_year", "first_listed"]).reset_index(
        drop=True)


def draw_plan_history(plans: pd.DataFrame, parameters: pd.DataFrame, years: Iterable[int], seed: int, *,
                      persistence: float = 0.0, shock: bool = True) -> dict[int, pd.DataFrame]:
    """The ``projecten`` of every delivery year in ``years``: fates drawn once, then reported."""
    fates = draw_plan_fates(plans, parameters, seed, persistence=persistence, shock=shock)
    return {int(y): plan_view(fates, y) for y in years}
