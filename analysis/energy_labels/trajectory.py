"""The EFG trajectory: how many EFG dwellings are left at the end of each year, and the pace.

For the dwellings with label E, F or G at 1 January of the reporting year the trajectory counts,
at the end of every year up to the horizon, how many are still EFG and not exempt
(``efg_remaining``), exempt, improved out of EFG or demolished; the four add up to the EFG stock at
the start in every year. A sale is not an improvement (afspraak 7, :mod:`analysis.rules.efg`): a
sold EFG dwelling stays in ``efg_remaining``, and ``sold`` says how many of those are sold
without improvement. The pace compares the improvements needed per year to reach
zero at the end of the deadline year with those planned, and gives a verdict per scope
(``op koers`` / ``risico`` / ``achter``) by the rule in ``energy_rules.csv``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.rules.efg import (
    EVENT_DEMOLISHED,
    EVENT_IMPROVED,
    EVENT_SOLD,
    EXEMPT_NONE,
    EXIT_EVENTS,
    WEIGHT,
    EnergyRules,
)

from .cells import expand_years, sum_by_scope

VERDICTS = ("op koers", "risico", "achter")

#: Columns of the headline table ``efg_trajectory.csv`` (exactly these, in this order).
TRAJECTORY_COLUMNS = (
    "scope_type", "scope", "year", "efg_remaining", "exempt", "improved", "demolished", "sold",
    "needed_per_year", "planned_per_year", "verdict",
)
#: The states of the EFG stock at the end of a year (they add up to ``efg_start``).
STATE_COLUMNS = ("efg_remaining", "exempt", "improved", "demolished", "sold")
SCOPE_KEYS = ["scope_type", "scope"]


def trajectory_years(year: int, rules: EnergyRules) -> np.ndarray:
    """The years of the trajectory: the reporting year up to the horizon (at least one year)."""
    return np.arange(year, max(year, rules.horizon_last_year) + 1)


def compute_trajectory(cells: pd.DataFrame, year: int, rules: EnergyRules,
                       region_name: str | None = None) -> pd.DataFrame:
    """EFG dwellings per scope and year, state at the end of each year ``year .. horizon``.

    For the dwellings with label E, F or G at 1 January of ``year``:

    - ``improved``: improved to a label outside EFG in or before that year (cumulative),
    - ``demolished``: demolished in or before that year (cumulative),
    - ``exempt``: not improved or demolished, and exempt (monument, demolition planned within
      the window),
    - ``efg_remaining``: the rest, not exempt (includes dwellings whose measure leaves them in
      EFG, and dwellings sold without improvement),
    - ``sold``: of ``efg_remaining``, the dwellings sold in or before that year (cumulative):
      verkocht zonder verbetering, not phased out.

    ``efg_remaining + exempt + improved + demolished`` equals the EFG stock at the start for every
    year; ``sold`` is part of ``efg_remaining``. Also returns ``efg_start`` and
    ``efg_remaining_start`` (non-exempt at start).
    """
    years = trajectory_years(year, rules)
    efg = cells[cells["efg_start"]]
    base = efg.groupby(["corporation", "municipality", "exempt_reason", "event", "event_year"],
                       observed=True)[WEIGHT].sum().reset_index()
    n = base[WEIGHT].to_numpy()
    ey = base["event_year"].to_numpy()[:, None]
    ev = base["event"].to_numpy()[:, None]
    done = (ey <= years[None, :]) & (ey > 0)
    exited = done & np.isin(ev, EXIT_EVENTS)
    is_exempt = (base["exempt_reason"].to_numpy() != EXEMPT_NONE)
    values = {
        "efg_remaining": n[:, None] * (~exited & ~is_exempt[:, None]),
        "exempt": n[:, None] * (~exited & is_exempt[:, None]),
        "improved": n[:, None] * (done & (ev == EVENT_IMPROVED)),
        "demolished": n[:, None] * (done & (ev == EVENT_DEMOLISHED)),
        "sold": n[:, None] * (done & (ev == EVENT_SOLD) & ~is_exempt[:, None]),
        "efg_start": n,
        "efg_remaining_start": n * ~is_exempt,
    }
    if base.empty:
        return pd.DataFrame(columns=[*SCOPE_KEYS, "year", *values])
    return sum_by_scope(expand_years(base, years, values), list(values), ["year"], region_name)


def state_at_deadline(trajectory: pd.DataFrame, year: int, rules: EnergyRules) -> pd.DataFrame:
    """Per scope, the :data:`STATE_COLUMNS` at the end of the deadline year (as planned).

    When the deadline lies before the reporting year the state at the start (1 January) is
    returned: nothing improved, demolished or sold yet. When it lies beyond the horizon, the last
    year of the trajectory. Index: ``scope_type, scope`` in the trajectory's order.
    """
    first = trajectory.groupby(SCOPE_KEYS, sort=False)[["efg_start", "efg_remaining_start"]].first()
    if rules.deadline_year >= year:
        last = min(rules.deadline_year, int(trajectory["year"].max())) if len(trajectory) else rules.deadline_year
        rows = trajectory[trajectory["year"] == last].set_index(SCOPE_KEYS)[list(STATE_COLUMNS)]
        return rows.reindex(first.index)
    start = pd.DataFrame(0, index=first.index, columns=list(STATE_COLUMNS), dtype="int64")
    start["efg_remaining"] = first["efg_remaining_start"]
    start["exempt"] = first["efg_start"] - first["efg_remaining_start"]
    return start


def classify_verdict(remaining_at_deadline: pd.Series, remaining_start: pd.Series,
                     rules: EnergyRules) -> pd.Series:
    """Verdict per scope from the share of non-exempt EFG dwellings left at the deadline.

    share = remaining at the end of the deadline year (as planned) / remaining at the start.
    ``op koers`` when share <= on_track_max_remaining_share (or nothing to do), ``risico`` when
    share <= risk_max_remaining_share, else ``achter``.
    """
    start = remaining_start.astype("float64")
    share = np.where(start > 0, remaining_at_deadline.astype("float64") / start.where(start > 0, 1.0), 0.0)
    verdict = np.where(share <= rules.on_track_max_remaining_share, VERDICTS[0],
                       np.where(share <= rules.risk_max_remaining_share, VERDICTS[1], VERDICTS[2]))
    return pd.Series(verdict, index=remaining_start.index, dtype="str")


def compute_pace(trajectory: pd.DataFrame, year: int, rules: EnergyRules) -> pd.DataFrame:
    """Add ``needed_per_year``, ``planned_per_year`` and ``verdict`` to a trajectory.

    - ``planned_per_year`` in year t: the decrease of ``efg_remaining`` from the end of t-1 (the
      start for the reporting year) to the end of t, i.e. non-exempt EFG dwellings improved out
      of EFG or demolished in t (a sale is no progress).
    - ``needed_per_year`` in year t (t <= deadline): ``efg_remaining`` at the end of t-1 divided
      by the years left including t (``deadline - t + 1``): the even pace that reaches zero at the
      end of the deadline year from where the plan stands. After the deadline: NA.
    - ``verdict``: per scope (the same in every year), :func:`classify_verdict` on the planned
      ``efg_remaining`` at the end of the deadline year (the start if the deadline has passed).
    """
    t = trajectory.copy()
    prev = t.groupby(SCOPE_KEYS, sort=False)["efg_remaining"].shift(1)
    prev = prev.fillna(t["efg_remaining_start"]).astype("int64")
    t["planned_per_year"] = (prev - t["efg_remaining"]).astype("int64")
    years_left = rules.deadline_year - t["year"] + 1
    needed = (prev / years_left.where(years_left > 0)).astype("Float64")
    t["needed_per_year"] = needed.round(1)
    at_deadline = state_at_deadline(t, year, rules)["efg_remaining"]
    start = t.groupby(SCOPE_KEYS, sort=False)["efg_remaining_start"].first()
    verdict = classify_verdict(at_deadline.reindex(start.index), start, rules).rename("verdict")
    return t.merge(verdict.reset_index(), on=SCOPE_KEYS, how="left")


def compute_efg_trajectory(cells: pd.DataFrame, year: int, rules: EnergyRules,
                           region_name: str | None = None) -> pd.DataFrame:
    """The headline table ``efg_trajectory``: exactly :data:`TRAJECTORY_COLUMNS`, sorted."""
    t = compute_pace(compute_trajectory(cells, year, rules, region_name), year, rules)
    return t[list(TRAJECTORY_COLUMNS)]


def summarise_pace(efg_trajectory: pd.DataFrame, year: int, rules: EnergyRules) -> pd.DataFrame:
    """One row per scope: start, planned remaining at the deadline, needed vs planned per year.

    ``needed_per_year`` is the even pace from the start (first year's value); ``planned_per_year``
    the mean planned decrease per year from the reporting year to the deadline year.
    """
    t = efg_trajectory
    first = t.groupby(SCOPE_KEYS, sort=False).first()
    upto = t[t["year"] <= rules.deadline_year]
    planned = upto.groupby(SCOPE_KEYS, sort=False)["planned_per_year"].mean()
    deadline_rows = t[t["year"] == rules.deadline_year].set_index(SCOPE_KEYS)["efg_remaining"]
    start = first["efg_remaining"] + first["planned_per_year"]
    out = pd.DataFrame({
        "efg_remaining_start": start,
        "efg_remaining_deadline": deadline_rows.reindex(first.index),
        "needed_per_year": first["needed_per_year"],
        "planned_per_year": planned.reindex(first.index).round(1),
        "verdict": first["verdict"],
    }).reset_index()
    return out
