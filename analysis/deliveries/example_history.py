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

By default the plan status does not change over time, so the truth per plan status and years
ahead at the first listing is exactly the parameter row: the calibration recovers it with
``mode="first"`` (one observation per plan, at its first listing). With ``firm_up`` (the example
generator) the status firms up in later deliveries as it does in practice (:func:`firmed_status`):
by the years left to the real completion, and never back; the first listing keeps its drawn
status, so the truth at the first listing is the same. Later listings of the same plan are not
fresh draws, so ``mode="all"`` estimates a different (conditional) quantity on these histories.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from analysis.forecast.model import NOT_REALISED, simulate_plan_outcomes

FATES = ("op_tijd", "vertraagd", "uitgevallen")
#: Plan statuses from soft to firm: a status that firms up moves right, never back.
FIRMNESS = ("idee", "zacht", "hard", "in_aanbouw")


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


def firmed_status(fates: pd.DataFrame, year: int, firm_up: Mapping[str, float]) -> np.ndarray:
    """The plan status as delivery ``year`` reports it when statuses firm up (not yet ``opgeleverd``).

    ``firm_up[s]`` is the most years before the completion at which a plan is reported with status
    ``s`` (``in_aanbouw``, ``hard``, ``zacht``; farther ahead: ``idee``). The completion is the real
    one (``realised_year``, so a delayed plan firms up later); a dropped plan firms up towards its
    planned year but never beyond ``hard`` (it is never built). The reported status is the firmer
    of this and the status at the first listing, and in the delivery of the first listing it is
    that status (the calibration's truth): e.g. with ``{in_aanbouw: 1, hard: 3, zacht: 5}`` a plan
    completed in 2027 is ``in_aanbouw`` in the deliveries of 2026 and 2027 (the delivery precedes the
    completion; ``opgeleverd`` from 2028), ``hard`` in 2024-2025 and ``zacht`` in 2022-2023.
    """
    y = int(year)
    realised = fates["realised_year"].astype("Int64")
    dropped = realised.isna().to_numpy()
    target = np.where(dropped, pd.to_numeric(fates["planned_year"]).to_numpy(dtype=np.int64),
                      realised.fillna(0).to_numpy(dtype=np.int64))
    left = target - y
    rank = np.select([left <= float(firm_up[s]) for s in ("in_aanbouw", "hard", "zacht")], [3, 2, 1], 0)
    rank = np.where(dropped, np.minimum(rank, FIRMNESS.index("hard")), rank)
    first = fates["plan_status"].astype(str).map({s: i for i, s in enumerate(FIRMNESS)})
    if first.isna().any():
        raise ValueError(f"onbekende planstatus bij de eerste vermelding: {sorted(set(fates['plan_status'][first.isna()]))}")
    first = first.to_numpy(dtype=np.int64)
    later = pd.to_numeric(fates["first_listed"]).to_numpy(dtype=np.int64) < y
    return np.asarray(FIRMNESS, dtype=object)[np.where(later, np.maximum(first, rank), first)]


def plan_view(fates: pd.DataFrame, year: int, *, firm_up: Mapping[str, float] | None = None) -> pd.DataFrame:
    """The plans as delivery ``year`` lists them (:func:`draw_plan_fates` applied).

    Returns the plan columns with ``completion_year`` and ``plan_status`` as reported in that
    year and ``delivery_year``; the fate columns are dropped. Without ``firm_up`` a plan keeps its
    first listing's status until ``opgeleverd``; with it the status firms up (:func:`firmed_status`).
    """
    y = int(year)
    f = fates[(pd.to_numeric(fates["first_listed"]) <= y)
              & (fates["vanish_year"].isna() | (fates["vanish_year"].fillna(0) > y))].copy()
    realised = f["realised_year"].astype("Int64")
    done = realised.notna() & (realised.fillna(0) < y)
    replanned = realised.notna() & ~done & (f["planned_year"] < y)
    f["completion_year"] = np.where(done | replanned, realised.fillna(0), f["completion_year"]).astype(np.int64)
    status = f["plan_status"].astype(str) if firm_up is None else firmed_status(f, y, firm_up)
    f["plan_status"] = np.where(done, "opgeleverd", status)
    f["delivery_year"] = y
    return f.drop(columns=["planned_year", "fate", "realised_year", "vanish_year", "first_listed"]).reset_index(
        drop=True)


def draw_plan_history(plans: pd.DataFrame, parameters: pd.DataFrame, years: Iterable[int], seed: int, *,
                      persistence: float = 0.0, shock: bool = True) -> dict[int, pd.DataFrame]:
    """The ``projecten`` of every delivery year in ``years``: fates drawn once, then reported."""
    fates = draw_plan_fates(plans, parameters, seed, persistence=persistence, shock=shock)
    return {int(y): plan_view(fates, y) for y in years}
