"""Plan outcomes with delay and a shared yearly shock: how many planned dwellings come, and when.

Each plan that is not completed has, by its plan status and the years ahead of its completion
year (``plan_outcome_parameters.csv``), a chance to be realised on time, to be delayed by 1, 2 or
3+ years, or to be dropped. The outcomes are ordered (dropped < 3+ < 2 < 1 year late < on time) and
drawn from one latent standard-normal variable per plan,

    X_i = sqrt(rho_i) * Z(sim, year_i) + sqrt(1 - rho_i) * e_i,

cut at the thresholds that give the shares of its row (a Gaussian copula). ``Z`` is the shared
shock of the plan's planned year (interest rates, building costs, permits, nitrogen rulings move
every plan of a year together); across years it follows an AR(1) with ``persistence``. Each plan
keeps exactly the marginal shares of its row, so expected dwellings do not depend on the shock;
only the spread of the total does. ``rho = 0`` gives independent plans.

``opgeleverd`` is realised in its completion year. A plan whose completion year has passed
without completion is planned for the delivery year (``max(completion_year, year)``).

The result has the contract of :func:`analysis.portfolio.dropout.simulate_plan_dropout`
(dwellings realised per plan per simulation) once a target period is given:
``simulate_plan_outcomes(...).dwellings_within(start, end)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import pandas as pd

from analysis.forecast.parameters import DELAY_SHARES, DELAY_YEARS
from analysis.rules.plans import REALISED_STATUSES

#: Simulated completion year of a dropped plan (outside every period).
NOT_REALISED = 0
#: Outcome codes per simulation and plan: 0 dropped, else delay categories, ON_TIME on time.
ON_TIME = 4
_DELAY_BY_CODE = np.array([0, DELAY_YEARS["p_delay_3plus"], DELAY_YEARS["p_delay_2"], DELAY_YEARS["p_delay_1"], 0])
_EPS = 1e-12


@dataclass(frozen=True)
class PlanOutcomes:
    """Simulated outcomes of a set of plans.

    Attributes:
        year_realised: int array ``(n_simulations, n_plans)``, the simulated completion year,
            :data:`NOT_REALISED` (0) for a dropped plan.
        n_dwellings: int array ``(n_plans,)``.
    """

    year_realised: np.ndarray
    n_dwellings: np.ndarray

    def dwellings_within(self, period_start: int, period_end: int) -> np.ndarray:
        """Dwellings realised per simulation and plan within ``[period_start, period_end]``.

        Same shape and meaning as :func:`analysis.portfolio.dropout.simulate_plan_dropout`.
        """
        y = self.year_realised
        inside = (y >= int(period_start)) & (y <= int(period_end))
        return inside * self.n_dwellings[None, :]

    def dwellings_in_year(self, year: int) -> np.ndarray:
        """Dwellings realised per simulation and plan in exactly ``year``."""
        return self.dwellings_within(year, year)


def _rows_for(plans: pd.DataFrame, parameters: pd.DataFrame, year) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per plan: the index of its parameter row (-1 for ``opgeleverd``), its effective planned year, done flag."""
    status = plans["plan_status"].astype(str).to_numpy()
    completion = pd.to_numeric(plans["completion_year"]).to_numpy(dtype=np.int64)
    year = np.broadcast_to(np.asarray(year, dtype=np.int64), completion.shape)
    done = np.isin(status, REALISED_STATUSES)
    planned = np.where(done, completion, np.maximum(completion, year))
    horizon = planned - year
    index = np.full(len(plans), -1, dtype=np.int64)
    p_status = parameters["plan_status"].astype(str).to_numpy()
    lo = parameters["horizon_min"].astype(int).to_numpy()
    hi = parameters["horizon_max"].astype("Float64").fillna(np.inf).to_numpy(dtype=float)
    for j in range(len(parameters)):
        hit = ~done & (status == p_status[j]) & (horizon >= lo[j]) & (horizon <= hi[j])
        index[hit] = j
    missing = ~done & (index < 0)
    if missing.any():
        unknown = sorted(set(status[missing]))
        raise ValueError(f"geen uitkomstkansen voor planstatus: {', '.join(unknown)} "
                         "(plan_outcome_parameters.csv)")
    return index, planned, done


def _thresholds(parameters: pd.DataFrame) -> np.ndarray:
    """Cut points on the latent scale per parameter row, shape ``(n_rows, 4)``.

    Cumulative shares in outcome order: dropped, delay 3+, delay 2, delay 1 (the rest on time).
    A cumulative share of 0 gives -inf and of 1 gives +inf, so certain plans stay certain.
    """
    drop = parameters["p_dropped"].to_numpy(dtype=float)
    late = parameters["p_delayed"].to_numpy(dtype=float)
    q = {c: parameters[c].to_numpy(dtype=float) for c in DELAY_SHARES}
    cum = np.column_stack([drop, drop + late * q["p_delay_3plus"],
                           drop + late * (q["p_delay_3plus"] + q["p_delay_2"]),
                           drop + late])
    inv = NormalDist().inv_cdf
    out = np.empty_like(cum)
    for idx, c in np.ndenumerate(cum):
        out[idx] = -np.inf if c <= _EPS else np.inf if c >= 1 - _EPS else inv(float(c))
    return out


def year_shocks(rng: np.random.Generator, n_simulations: int, n_years: int, persistence: float) -> np.ndarray:
    """Standard-normal shocks ``(n_simulations, n_years)``, AR(1) across consecutive years.

    ``Z_t = persistence * Z_(t-1) + sqrt(1 - persistence^2) * e_t``, so each year's shock is
    N(0, 1) and two years ``k`` apart correlate ``persistence^k``.
    """
    e = rng.standard_normal((int(n_simulations), int(n_years)))
    z = np.empty_like(e)
    if n_years:
        z[:, 0] = e[:, 0]
    a, b = float(persistence), float(np.sqrt(max(0.0, 1.0 - float(persistence) ** 2)))
    for t in range(1, int(n_years)):
        z[:, t] = a * z[:, t - 1] + b * e[:, t]
    return z


def simulate_plan_outcomes(plans: pd.DataFrame, parameters: pd.DataFrame, year, n_simulations: int, seed: int,
                           *, persistence: float = 0.0, shock: bool = True) -> PlanOutcomes:
    """Draw each plan's outcome (on time, delayed 1/2/3+ years, dropped) per simulation.

    Args:
        plans: columns ``plan_status, completion_year, n_dwellings`` (e.g.
            :func:`analysis.rules.plans.combine_plans`).
        parameters: :func:`analysis.forecast.parameters.plan_outcome_parameters` (or a
            calibrated table of the same shape).
        year: the delivery year the plans are seen from (years ahead = completion year - year);
            an int, or one per plan.
        n_simulations, seed: ``numpy.random.default_rng(seed)``; a seed gives the same result.
        persistence: AR(1) coefficient of the yearly shock (``forecast_parameters.csv``).
        shock: False draws every plan independently (``rho`` ignored).

    Returns:
        :class:`PlanOutcomes`.
    """
    rng = np.random.default_rng(seed)
    n_sim, n = int(n_simulations), len(plans)
    index, planned, done = _rows_for(plans, parameters, year)
    cuts = _thresholds(parameters)[np.maximum(index, 0)]  # (n, 4); rows of done plans unused
    rho = np.where(index >= 0, parameters["shock_correlation"].to_numpy(dtype=float)[np.maximum(index, 0)], 0.0)
    if not shock:
        rho = np.zeros(n)
    latent = rng.standard_normal((n_sim, n))
    if n and (rho > 0).any():
        first = int(planned.min())
        z = year_shocks(rng, n_sim, int(planned.max()) - first + 1, persistence)
        latent = np.sqrt(rho)[None, :] * z[:, planned - first] + np.sqrt(1.0 - rho)[None, :] * latent
    code = (latent[:, :, None] >= cuts[None, :, :]).sum(axis=2)  # 0 dropped .. 4 on time
    delay = _DELAY_BY_CODE[code]
    years = np.where(code == 0, NOT_REALISED, planned[None, :] + delay)
    years = np.where(done[None, :], planned[None, :], years)
    return PlanOutcomes(year_realised=years.astype(np.int32),
                        n_dwellings=pd.to_numeric(plans["n_dwellings"]).to_numpy(dtype=np.int64))


def probability_within(plans: pd.DataFrame, parameters: pd.DataFrame, year, period_start: int,
                       period_end: int) -> np.ndarray:
    """Exact chance per plan of being realised within ``[period_start, period_end]`` (no simulation).

    ``opgeleverd``: 1 when its completion year is in the period, else 0. Other plans: the sum of
    the shares of the outcomes whose year (planned + delay) falls in the period.
    """
    index, planned, done = _rows_for(plans, parameters, year)
    lo, hi = int(period_start), int(period_end)
    p = np.where(done, ((planned >= lo) & (planned <= hi)).astype(float), 0.0)
    rows = np.maximum(index, 0)
    on = parameters["p_on_time"].to_numpy(dtype=float)[rows]
    late = parameters["p_delayed"].to_numpy(dtype=float)[rows]
    inside = (planned >= lo) & (planned <= hi)
    total = np.where(inside, on, 0.0)
    for col, d in DELAY_YEARS.items():
        share = parameters[col].to_numpy(dtype=float)[rows]
        total = total + np.where((planned + d >= lo) & (planned + d <= hi), late * share, 0.0)
    return np.where(done, p, total)


def expected_within(plans: pd.DataFrame, parameters: pd.DataFrame, year, period_start: int,
                    period_end: int) -> np.ndarray:
    """Expected dwellings per plan within the period: :func:`probability_within` x ``n_dwellings``."""
    n = pd.to_numeric(plans["n_dwellings"]).to_numpy(dtype=float)
    return probability_within(plans, parameters, year, period_start, period_end) * n


def simulate_plan_dropout_delayed(plans: pd.DataFrame, parameters: pd.DataFrame, n_simulations: int, seed: int, *,
                                  year: int, period: tuple[int, int], persistence: float = 0.0,
                                  shock: bool = True) -> np.ndarray:
    """Drop-in for :func:`analysis.portfolio.dropout.simulate_plan_dropout` with delay and the shared shock.

    Returns:
        Integer array ``(n_simulations, len(plans))``: dwellings realised per plan within
        ``period`` (inclusive).
    """
    outcomes = simulate_plan_outcomes(plans, parameters, year, n_simulations, seed,
                                      persistence=persistence, shock=shock)
    return outcomes.dwellings_within(*period)


def expected_losses(plans: pd.DataFrame, parameters: pd.DataFrame, year, period_start: int,
                    period_end: int) -> pd.DataFrame:
    """Where the expected shortfall against "every plan on time" comes from, per plan status.

    Per plan status of the plans planned within the period: ``planned`` (dwellings),
    ``lost_dropped`` (expected dwellings of dropped plans) and ``lost_delay`` (expected
    dwellings delayed beyond ``period_end``). Exact, from the shares.
    """
    index, planned, done = _rows_for(plans, parameters, year)
    n = pd.to_numeric(plans["n_dwellings"]).to_numpy(dtype=float)
    inside = ~done & (planned >= int(period_start)) & (planned <= int(period_end))
    rows = np.maximum(index, 0)
    drop = parameters["p_dropped"].to_numpy(dtype=float)[rows] * n
    within = probability_within(plans, parameters, year, period_start, period_end) * n
    frame = pd.DataFrame({"plan_status": plans["plan_status"].astype(str).to_numpy(), "planned": n,
                          "lost_dropped": drop, "lost_delay": n - drop - within})[inside]
    return frame.groupby("plan_status", as_index=False)[["planned", "lost_dropped", "lost_delay"]].sum()


def plan_bounds(plans: pd.DataFrame, parameters: pd.DataFrame, year, period_start: int,
                period_end: int) -> tuple[float, float]:
    """The least and the most dwellings the plans can give within the period, whatever happens.

    ``minimum``: plans certain to be realised within the period (chance exactly 1, e.g.
    ``opgeleverd``); ``maximum``: plans with any chance (> 0). A target below the minimum is met
    for sure, above the maximum never: only then is a chance exactly 1 or 0.
    """
    p = probability_within(plans, parameters, year, period_start, period_end)
    n = pd.to_numeric(plans["n_dwellings"]).to_numpy(dtype=float)
    return float(n[p >= 1.0].sum()), float(n[p > 0.0].sum())
