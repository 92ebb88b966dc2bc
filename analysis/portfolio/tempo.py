"""Tempo: cumulative realisation per year against the straight path to a target, and the pace needed.

The straight path rises linearly from 0 before the first year of a target's period to the
target in its last year; it is a reading aid, not an agreed trajectory. Outside the region
there is no target, so no path and no pace needed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.forecast import expected_within
from analysis.portfolio.targets import select_portfolio_targets
from analysis.rules.plans import REALISED_STATUSES, plans_counting_for
from analysis.rules.scopes import REGION_NAME, is_region, scope_mask


def compute_tempo(
    plans: pd.DataFrame,
    targets: pd.DataFrame,
    parameters: pd.DataFrame,
    year: int,
    scope_type: str = "regio",
    scope: str = REGION_NAME,
) -> pd.DataFrame:
    """Cumulative realised, planned and expected dwellings per year against the straight path.

    ``planned`` is by the reported completion year; ``expected`` by the year a plan is expected
    to be realised (with delay and drop-out, :func:`analysis.forecast.expected_within` seen from
    delivery ``year``, the outcome ``parameters`` per plan status and years ahead), so an
    overdue plan and a delayed one count in a later year, and a plan delayed past the period not.

    Returns:
        One row per portfolio target and year of its period: ``target_id, segment,
        period_start, period_end, year, realised, planned, expected, cum_realised,
        cum_realised_planned, cum_expected, straight_path, target``. ``straight_path`` and
        ``target`` are NA outside the region.
    """
    in_scope = scope_mask(plans, scope_type, scope)
    rows = []
    for _, t in select_portfolio_targets(targets).iterrows():
        seg, start, end = t["segment"], int(t["period_start"]), int(t["period_end"])
        mask = in_scope & plans_counting_for(plans, seg, start, end)
        sel = plans[mask]
        n = sel["n_dwellings"].to_numpy()
        years = sel["completion_year"].to_numpy()
        done = sel["plan_status"].isin(REALISED_STATUSES).to_numpy()
        target = float(t["value"]) if is_region(scope_type) else np.nan
        cum_r = cum_rp = cum_e = 0.0
        for y in range(start, end + 1):
            in_year = years == y
            r = float(n[in_year & done].sum())
            pl = float(n[in_year & ~done].sum())
            e = float(expected_within(sel, parameters, year, y, y).sum())
            cum_r, cum_rp, cum_e = cum_r + r, cum_rp + r + pl, cum_e + e
            rows.append({"target_id": t["target_id"], "segment": seg, "period_start": start, "period_end": end,
                         "year": y, "realised": r, "planned": pl, "expected": e, "cum_realised": cum_r,
                         "cum_realised_planned": cum_rp, "cum_expected": cum_e,
                         "straight_path": target * (y - start + 1) / (end - start + 1), "target": target})
    return pd.DataFrame(rows)


def compute_pace(tempo: pd.DataFrame, year: int) -> pd.DataFrame:
    """Yearly pace still needed against the pace planned, per target.

    The remaining years run from ``max(year, period_start)`` to ``period_end``. Realised to
    date is every completed dwelling in the period; all not-yet-completed plans in the period
    (also overdue ones) count as planned for the remaining years.

    Returns:
        ``target_id, segment, period_start, period_end, target, realised_to_date, remaining,
        remaining_years, pace_needed, pace_planned, pace_expected, on_pace`` (NA when the
        period is over or there is no target).
    """
    rows = []
    for tid, g in tempo.groupby("target_id", sort=False):
        first = g.iloc[0]
        start, end = int(first["period_start"]), int(first["period_end"])
        remaining_years = max(0, end - max(int(year), start) + 1)
        realised = float(g["realised"].sum())
        planned = float(g["planned"].sum())
        expected_open = float(g["expected"].sum()) - realised
        target = first["target"]
        remaining = max(float(target) - realised, 0.0) if pd.notna(target) else np.nan
        if remaining_years:
            need = remaining / remaining_years if pd.notna(remaining) else np.nan
            pace_planned, pace_expected = planned / remaining_years, expected_open / remaining_years
        else:
            need = pace_planned = pace_expected = np.nan
        rows.append({"target_id": tid, "segment": first["segment"], "period_start": start, "period_end": end,
                     "target": target, "realised_to_date": realised, "remaining": remaining,
                     "remaining_years": remaining_years, "pace_needed": need, "pace_planned": pace_planned,
                     "pace_expected": pace_expected,
                     "on_pace": (pace_planned >= need) if pd.notna(need) and pd.notna(pace_planned) else pd.NA})
    return pd.DataFrame(rows)
