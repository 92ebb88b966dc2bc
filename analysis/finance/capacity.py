"""Step 4: the financeable part, the gap and the remaining capacity of one corporation.

Because the projection is linear in the flows, the euro slack of every norm in every year with a
share ``x`` of the task is ``S(x) = S(0) + x (S(1) - S(0))``: the largest financeable share and
the largest extra borrowing follow exactly from the slacks, without a search.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .flows import add_flows, make_flows
from .parameters import ModelParameters, Scenario
from .projection import compute_slack, project_corporation
from .task import reference_unit_cost

_TOL = 1e-3  # euro; slack changes smaller than this are rounding noise


@dataclass(frozen=True)
class PartResult:
    """One part of the task (afspraak 16): its cost, the part of it that fits within the norms, the gap."""

    task_eur: float
    financeable_eur: float
    gap_eur: float


@dataclass(frozen=True)
class Assessment:
    """The outcome for one corporation in one scenario; ``parts`` per part of the task (financing order)."""

    task_eur: float
    financeable_share: float
    financeable_eur: float
    gap_eur: float
    capacity_eur: float
    binding_norm: str
    binding_year: int | None
    first_breach_year: int | None
    first_breach_norm: str
    buffer_eur: float
    alternatives: dict[str, float]
    parts: dict[str, PartResult] = field(default_factory=dict)


def _max_share(s0: pd.DataFrame, a: pd.DataFrame) -> tuple[float, str, int | None]:
    """Largest x in [0, 1] with ``s0 + x a >= 0`` everywhere, and the (norm, year) that limits it.

    A constraint with ``a < 0`` (the task eats slack) gives an upper bound ``-s0/a``; one with
    ``a > 0`` (the task adds slack, e.g. rent from new dwellings) a lower bound. When the
    bounds cross, the norm is breached even without the task and the task cannot repair it:
    then nothing is financeable (x = 0) and that norm is reported.
    """
    sv, av = s0.to_numpy(dtype=float), a.to_numpy(dtype=float)

    def at(idx) -> tuple[str, int]:
        i, j = np.unravel_index(idx, sv.shape)
        return str(s0.columns[j]), int(s0.index[i])

    flat = np.abs(av) <= _TOL
    stuck = flat & (sv < -_TOL)  # breached with or without the task
    if stuck.any():
        return (0.0, *at(int(np.argmax(stuck.ravel()))))
    with np.errstate(divide="ignore", invalid="ignore"):
        bound = np.where(flat, np.nan, -sv / np.where(flat, 1.0, av))
    up = np.where(av < -_TOL, bound, np.inf).ravel()
    down = np.where(av > _TOL, bound, -np.inf).ravel()
    hi_i, lo_i = int(np.argmin(up)), int(np.argmax(down))
    hi, lo = min(1.0, float(up[hi_i])), max(0.0, float(down[lo_i]))
    if hi < lo:  # report the earliest breach without the task, else the limiting bound
        breached = (sv < -_TOL).ravel()
        return (0.0, *at(int(np.argmax(breached)) if breached.any() else lo_i))
    if up[hi_i] > 1.0:
        return 1.0, "", None
    return (hi, *at(hi_i))


def _max_units(s: pd.DataFrame, slope: pd.DataFrame) -> tuple[float, str, int | None]:
    """Largest u >= 0 with ``s + u slope >= 0`` everywhere (inf when no norm limits it)."""
    sv, sl = s.to_numpy(dtype=float), slope.to_numpy(dtype=float)
    neg = sl < -1e-9
    if not neg.any():
        return np.inf, "", None
    u = np.where(neg, np.maximum(sv, 0.0) / np.where(neg, -sl, 1.0), np.inf)
    k = int(np.argmin(u))
    i, j = np.unravel_index(k, u.shape)
    return float(u.ravel()[k]), str(s.columns[j]), int(s.index[i])


def _first_breach(slack: pd.DataFrame) -> tuple[int | None, str]:
    for year in slack.index:
        bad = [n for n in slack.columns if float(slack.at[year, n]) < -_TOL]
        if bad:
            return int(year), bad[0]
    return None, ""


def alternative_packages(
    costs: pd.DataFrame, base: Mapping, scenario: Scenario, model: ModelParameters,
) -> dict[str, pd.DataFrame]:
    """Flows of one unit of each alternative use, spent in the first projection year.

    ``extra_lening``: one euro borrowed and spent without any return (the IBW notion).
    ``nieuwbouw_sociale_huur``: one new social dwelling at the reference cost, with the cash flow
    and values it adds. ``efg_verbetering`` / ``renovatie``: one improvement (adds nothing).
    ``inponding``: one purchased dwelling with its cash flow and values.
    """
    y = int(base["base_year"]) + 1
    b = int(base["base_year"])

    def cost(item, seg=None):
        return reference_unit_cost(costs, item, seg, y, b, scenario, model)

    def dwelling(key):
        return {"ocf_added_eur": {y: model.ocf_added.get(key, 0.0)},
                "policy_value_added_eur": {y: model.policy_value_added.get(key, 0.0)},
                "market_value_added_eur": {y: model.market_value_added.get(key, 0.0)}}

    return {
        "extra_lening": make_flows(investment_eur={y: 1.0}),
        "nieuwbouw_sociale_huur": make_flows(investment_eur={y: cost("nieuwbouw", "sociale_huur")}, **dwelling("sociale_huur")),
        "efg_verbetering": make_flows(investment_eur={y: cost("efg_verbetering")}),
        "inponding": make_flows(investment_eur={y: cost("inponding")}, **dwelling("inponding")),
        "renovatie": make_flows(investment_eur={y: cost("renovatie")}),
    }


def _as_parts(task_flows) -> dict[str, pd.DataFrame]:
    """One flows frame is the whole task as one part; a mapping keeps its parts (financing order)."""
    return dict(task_flows) if isinstance(task_flows, Mapping) else {"opgave": task_flows}


def _cost(flows: pd.DataFrame) -> float:
    return float(flows["investment_eur"].sum()) if len(flows) else 0.0


def assess_corporation(
    base: Mapping, other_flows: pd.DataFrame, task_flows: pd.DataFrame | Mapping[str, pd.DataFrame],
    scenario: Scenario, model: ModelParameters, norms: pd.DataFrame, buffer: float, last_year: int,
    packages: Mapping[str, pd.DataFrame] | None = None,
) -> Assessment:
    """Financeable part, gap, capacity, binding norm and first breach for one corporation.

    Because the projection is linear in the flows, the slack of every norm in every year with
    a share ``x`` of a part of the task is ``S(x) = S(0) + x (S(1) - S(0))``. ``task_flows`` is
    one flows frame (the whole task) or the parts of the task in financing order (afspraak 16:
    plans, EFG improvement, restopgave). Each part in turn gets the largest share ``x`` in
    [0, 1] with ``S(x) >= 0`` everywhere (buffered norms), on top of the parts before it; once a
    part does not fit entirely, the parts after it get nothing (they come later in the order).
    A part's gap is ``(1 - x) x its cost``; the totals are the sums over the parts. With every
    part financed, the same reasoning gives the capacity: the largest extra borrowing (spent in
    the first year, without return) that keeps ``S >= 0``; and the number of units of each
    alternative use. ``buffer_eur`` is how much room the buffer holds back: (financeable +
    capacity without buffer) - (financeable + capacity with buffer). The first breach year is
    the first year in which the full task (every part) breaks an unbuffered norm.
    """
    parts = _as_parts(task_flows)
    projections = {"other": project_corporation(base, add_flows(other_flows), scenario, model, last_year)}
    for name, flows in parts.items():
        projections[name] = project_corporation(base, add_flows(other_flows, flows), scenario, model, last_year)
    first_year = int(base["base_year"]) + 1
    extra = make_flows(investment_eur={first_year: 1e6})
    projections["_extra"] = project_corporation(base, add_flows(other_flows, extra), scenario, model, last_year)
    costs = {name: _cost(f) for name, f in parts.items()}
    task_eur = sum(costs.values())

    memo: dict[float, tuple] = {}

    # The slack is affine in the flows, so S(other + sum x_i part_i) = S(other) + sum x_i delta_i exactly.
    def slacks(buf):
        if buf not in memo:
            s_other = compute_slack(projections["other"], norms, buf)
            deltas = {n: compute_slack(projections[n], norms, buf) - s_other for n in parts}
            memo[buf] = s_other, deltas, (compute_slack(projections["_extra"], norms, buf) - s_other) / 1e6
        return memo[buf]

    def solve(buf):
        s, deltas, e = slacks(buf)
        shares, norm, year, blocked = {}, "", None, False
        for name in parts:
            share = 1.0
            if costs[name] > 0:
                if blocked:
                    share = 0.0
                else:
                    share, n, y = _max_share(s, deltas[name])
                    if share < 1.0:
                        norm, year, blocked = n, y, True
            shares[name] = share
            s = s + share * deltas[name]
        cap, cnorm, cyear = _max_units(s, e)
        if blocked:
            cap = 0.0
        else:
            norm, year = cnorm, cyear
        return shares, norm, year, cap, s

    shares, norm, year, cap, s_at = solve(buffer)
    shares0, _, _, cap0, _ = solve(0.0)
    financed = sum(shares[n] * costs[n] for n in parts)
    room_b = financed + (cap if np.isfinite(cap) else 0.0)
    room_0 = sum(shares0[n] * costs[n] for n in parts) + (cap0 if np.isfinite(cap0) else 0.0)
    s_other0, deltas0, _ = slacks(0.0)
    breach_year, breach_norm = _first_breach(s_other0 + sum(deltas0.values()) if deltas0 else s_other0)

    alternatives = {}
    if packages is not None:
        s_other = slacks(buffer)[0]
        for name, pkg in packages.items():
            pk = project_corporation(base, add_flows(other_flows, pkg), scenario, model, last_year)
            units, _, _ = _max_units(s_at, compute_slack(pk, norms, buffer) - s_other)
            alternatives[name] = 0.0 if financed < task_eur - _TOL else units
    part_results = {n: PartResult(task_eur=costs[n], financeable_eur=float(shares[n] * costs[n]),
                                  gap_eur=float((1 - shares[n]) * costs[n])) for n in parts}
    return Assessment(
        task_eur=float(task_eur),
        financeable_share=float(financed / task_eur) if task_eur > 0 else 1.0,
        financeable_eur=float(financed),
        gap_eur=float(task_eur - financed),
        capacity_eur=float(cap),
        binding_norm=norm or "",
        binding_year=year,
        first_breach_year=breach_year,
        first_breach_norm=breach_norm,
        buffer_eur=float(max(0.0, room_0 - room_b)),
        alternatives=alternatives,
        parts=part_results,
    )
