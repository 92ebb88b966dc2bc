"""The restopgave: the part of the agreement's targets that no plan covers yet, and the corporations' share.

Afspraak 16 (r. 644-645 of the agreement text): "Voorkomen moet worden, dat woningcorporaties
investeringsvoornemens temporiseren, waardoor een deel van de opgave dan niet gerealiseerd wordt."
The corporations' own plans (:mod:`.task`) are only part of the task; this module adds what the
targets still ask beyond them, so that the gap of afspraak 16 is not understated.

Counting is the portfolio's, never redone here: the plans are
:func:`analysis.rules.plans.combine_plans` (corporation projects, market plan capacity and the
inponding mutations, which count toward social rent), the gap of every dwelling target is
:func:`analysis.portfolio.compute_targets_vs_plans` (target minus realised and all planned
dwellings, region row), the inponding per year is :func:`analysis.portfolio.compute_inponding`
(:data:`analysis.rules.plans.COUNTED_AS_INPONDING`). From those:

- per segment the remainder is ``max(gap, 0)`` (a surplus is never a negative task); with two
  targets of one segment (2.430 in 2022-2030 and 1.350 in 2024-2028) the larger remainder;
- the inponding shortfall is ``max(0, ambition per year x known years - inponding in them)`` over
  the period of afspraak 8. Because afspraak 1 lets inponding count toward the social-rent target,
  buying those dwellings also closes that much of the social remainder (of a social target whose
  period holds the inponding period): it is subtracted there and priced once, as inponding;
- the corporations' share of a segment's remainder is their share of the current plans in that
  segment (afspraak 2, r. 275: "Zowel marktpartijen als woningcorporaties kunnen deze woningen
  realiseren"); social rent and inponding are the corporations' alone (afspraak 1 and 8). A segment
  without any plan takes ``restopgave_corporation_share_default`` from ``finance_parameters.csv``;
- the middenhuur/betaalbare-koop remainder is priced as middenhuur (corporations rent, they do
  not sell), the social remainder as social new build, flex as flex.

Each corporation gets a share of the region's remainder in proportion to its dwellings in the
stock register (a calculation key for the balance-sheet test, not an agreed division: the targets
are regional), in whole dwellings (largest remainder), spread evenly over the years from its first
projection year to the target's last year (capped at the horizon).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis import portfolio
from analysis.rules.plans import SEGMENT_TOTAL, SOCIAL_SEGMENT, combine_plans
from analysis.rules.scopes import scope_frame

from .task import UNIT_COLUMNS
from .vocabulary import PART_REMAINDER

#: Target segment -> (task item, pricing segment) of its remainder.
REMAINDER_PRICING: dict[str, tuple[str, str]] = {
    SOCIAL_SEGMENT: ("nieuwbouw", "sociale_huur"),
    "middenhuur_betaalbare_koop": ("nieuwbouw", "middenhuur"),
    "flex": ("nieuwbouw", "flex"),
}
#: The row of the inponding shortfall (afspraak 8) in the remainder frame.
INPONDING_ROW = "inponding"
REMAINDER_COLUMNS: tuple[str, ...] = (
    "segment", "target_id", "period_end", "target", "counted", "gap", "inponding_overlap", "corporation_share",
    "n_dwellings", "item", "price_segment",
)


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=float if c not in ("segment", "target_id", "item", "price_segment")
                                      else object) for c in REMAINDER_COLUMNS})


def compute_inponding_shortfall(mutations: pd.DataFrame, targets: pd.DataFrame, year: int) -> dict | None:
    """Afspraak 8 over its period: the ambition, the inponding in the years with figures, the shortfall.

    Returns None without an inponding target; ``shortfall`` NaN when no year has figures (unknown).
    """
    t = portfolio.find_target(targets, portfolio.INPONDING_TARGET_ID)
    if t is None or pd.isna(t["value"]) or pd.isna(t["period_start"]) or pd.isna(t["period_end"]):
        return None
    per_year, start, end = float(t["value"]), int(t["period_start"]), int(t["period_end"])
    inp = portfolio.compute_inponding(mutations, int(year), per_year, start, end)
    known = inp["inponding"].dropna()
    target = per_year * len(known)
    counted = float(known.sum()) if len(known) else np.nan
    return {"target_id": str(t["target_id"]), "period_start": start, "period_end": end,
            "target": target if len(known) else np.nan,
            "counted": counted, "shortfall": max(0.0, target - counted) if len(known) else np.nan}


def compute_remainder(projects: pd.DataFrame, plan_capacity: pd.DataFrame, mutations: pd.DataFrame,
                      targets: pd.DataFrame, year: int, default_share: float) -> pd.DataFrame:
    """The region's restopgave per segment and the inponding shortfall (:data:`REMAINDER_COLUMNS`).

    ``counted`` is realised + hard + soft plans (the portfolio's count), ``gap`` the target minus
    that, ``inponding_overlap`` the inponding shortfall subtracted from the social remainder,
    ``n_dwellings`` the corporations' part in whole dwellings. Without any plan (nobody delivered
    projects, plan capacity or inponding) the remainder is unknown: every figure but the target NaN,
    never the whole target.

    >>> targets = pd.DataFrame({"target_id": ["s"], "segment": ["sociale_huur"], "value": [30],
    ...     "period_start": [2022], "period_end": [2030], "unit": ["woningen"], "scope": ["regio"], "kind": ["minimum"]})
    >>> projects = pd.DataFrame({"corporation": ["A"], "project_id": ["p"], "municipality": ["Heerlen"],
    ...     "segment": ["sociale_huur"], "project_type": ["nieuwbouw"], "n_dwellings": [20],
    ...     "completion_year": [2027], "plan_status": ["hard"]})
    >>> r = compute_remainder(projects, pd.DataFrame(), pd.DataFrame(), targets, 2026, 0.5)
    >>> r[["segment", "gap", "n_dwellings"]].to_dict("records")
    [{'segment': 'sociale_huur', 'gap': 10.0, 'n_dwellings': 10.0}]
    """
    if len(mutations) == 0:
        mutations = pd.DataFrame({"corporation": [], "municipality": [], "year": [], "figure_status": [],
                                  "mutation_type": [], "count": []})
    plans = combine_plans(projects, plan_capacity, mutations, year=int(year))
    known = len(plans) > 0
    inponding = compute_inponding_shortfall(mutations, targets, year)
    shortfall = 0.0 if inponding is None or pd.isna(inponding["shortfall"]) else inponding["shortfall"]
    gap = portfolio.compute_targets_vs_plans(plans, targets, scope_frame([], []))
    rows = []
    for seg, g in (gap[gap["segment"] != SEGMENT_TOTAL].groupby("segment", sort=False) if len(gap) else ()):
        if seg not in REMAINDER_PRICING:
            continue
        inside = (g["period_start"] <= inponding["period_start"]) & (g["period_end"] >= inponding["period_end"]) \
            if inponding is not None else False
        g = g.assign(_overlap=(shortfall if seg == SOCIAL_SEGMENT else 0.0) * inside)
        g = g.assign(_rest=(g["gap"].astype(float) - g["_overlap"]).clip(lower=0.0))
        r = g.loc[g["_rest"].idxmax()]  # the target that asks most beyond the plans
        corp, market = float(r["corporation_dwellings"]), r["market_dwellings"]
        share = 1.0 if pd.isna(market) else (corp / (corp + float(market)) if corp + float(market) > 0
                                              else float(default_share))
        item, price_segment = REMAINDER_PRICING[seg]
        unknown = np.nan
        rows.append({"segment": seg, "target_id": r["target_id"], "period_end": int(r["period_end"]),
                     "target": float(r["target"]),
                     "counted": float(r["target"]) - float(r["gap"]) if known else unknown,
                     "gap": float(r["gap"]) if known else unknown,
                     "inponding_overlap": float(r["_overlap"]) if known else unknown,
                     "corporation_share": share if known else unknown,
                     "n_dwellings": float(np.floor(r["_rest"] * share + 0.5)) if known else unknown,
                     "item": item, "price_segment": price_segment})
    if inponding is not None:
        rows.append({"segment": INPONDING_ROW, "target_id": inponding["target_id"],
                     "period_end": inponding["period_end"], "target": inponding["target"],
                     "counted": inponding["counted"], "gap": inponding["shortfall"], "inponding_overlap": 0.0,
                     "corporation_share": 1.0, "n_dwellings": inponding["shortfall"], "item": "inponding",
                     "price_segment": ""})
    return pd.DataFrame(rows, columns=list(REMAINDER_COLUMNS)) if rows else _empty()


def missing_plan_parties(corporations, municipalities, deliveries_corporation: pd.DataFrame,
                         deliveries_municipality: pd.DataFrame, projects: pd.DataFrame,
                         plan_capacity: pd.DataFrame) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The corporations and municipalities of the agreement that did not deliver (their plans are not counted).

    Who delivered is the portfolio's :func:`analysis.portfolio.delivered_parties` (the deliveries
    tables, else the data itself). A missing delivery makes the restopgave too high, never too low.
    """
    corp = set(portfolio.delivered_parties(deliveries_corporation, "corporation", projects))
    capacity = plan_capacity.rename(columns={"sender_municipality": "municipality"}) if len(plan_capacity) else None
    mun = set(portfolio.delivered_parties(deliveries_municipality, "municipality", capacity))
    return (tuple(c for c in corporations if c not in corp), tuple(m for m in municipalities if m not in mun))


def allocate_whole(n: int, weights: Mapping[str, float]) -> dict[str, int]:
    """Divide ``n`` whole dwellings over the keys in proportion to ``weights`` (largest remainder).

    All weights zero: equal shares. Ties go to the key first in sorted order.

    >>> allocate_whole(10, {"A": 2, "B": 1})
    {'A': 7, 'B': 3}
    """
    keys = sorted(weights)
    if not keys or n <= 0:
        return dict.fromkeys(keys, 0)
    w = np.array([max(float(weights[k]), 0.0) for k in keys])
    w = w if w.sum() > 0 else np.ones(len(keys))
    exact = n * w / w.sum()
    whole = np.floor(exact).astype(int)
    order = sorted(range(len(keys)), key=lambda i: (-(exact[i] - whole[i]), keys[i]))
    for i in order[: n - int(whole.sum())]:
        whole[i] += 1
    return {k: int(v) for k, v in zip(keys, whole, strict=True)}


def allocation_weights(stock: pd.DataFrame, corporations) -> dict[str, float]:
    """Each corporation's dwellings in the stock register (the key of the restopgave); 0 without a register."""
    counts = stock.groupby("corporation").size() if len(stock) and "corporation" in stock else pd.Series(dtype=int)
    return {str(c): float(counts.get(c, 0)) for c in corporations}


def remainder_units(remainder: pd.DataFrame, weights: Mapping[str, float], base_years: Mapping[str, int],
                    last_year: int) -> pd.DataFrame:
    """Unit lines (:data:`analysis.finance.task.UNIT_COLUMNS`) of the restopgave for the corporations in ``base_years``.

    ``weights`` holds every corporation the region's remainder is divided over (so a corporation's
    report gets the same share as the region report); the lines are those of ``base_years``' keys,
    spread evenly over base year + 1 to the target's last year (at most ``last_year``; a target
    ending before the first projection year falls in that year).
    """
    rows = []
    for r in remainder[remainder["n_dwellings"].fillna(0) > 0].itertuples():
        shares = allocate_whole(int(r.n_dwellings), weights)
        for corp, base_year in sorted(base_years.items()):
            n = shares.get(corp, 0)
            if n <= 0:
                continue
            first = int(base_year) + 1
            years = list(range(first, max(first, min(int(r.period_end), int(last_year))) + 1))
            rows += [(corp, y, PART_REMAINDER, r.item, r.price_segment, n / len(years), np.nan) for y in years]
    return pd.DataFrame(rows, columns=list(UNIT_COLUMNS))
