"""Woondeal targets against realised and planned dwellings (afspraken 1, 2 and 3).

Which plan counts toward which target is the agreement's rule and lives in
:mod:`analysis.rules.plans` (:func:`~analysis.rules.plans.plans_counting_for`,
:func:`~analysis.rules.plans.count_by_status`); this module selects the dwelling targets from
the targets table and applies that rule per scope. The targets are regional: a municipality's or
a corporation's row has no target of its own, only its share of the regional one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.rules.plans import (
    PLAN_STATUSES,
    SEGMENT_DEVELOPERS,
    SEGMENT_GROUPS,
    SEGMENT_TOTAL,
    TOTAL_ALIASES,
    count_by_status,
    market_counts_toward,
    plans_counting_for,
)
from analysis.rules.scopes import is_region, scope_frame, scope_mask

#: The share target of afspraak 2: "40% van het nieuwbouwprogramma".
SHARE_TARGET_ID = "mid_affordable_share_new_build"
SHARE_COLUMNS = ["scope_type", "scope", "target_id", "numerator_dwellings", "denominator_dwellings", "share_pct"]


def normalise_targets(targets: pd.DataFrame) -> pd.DataFrame:
    """Give the targets table a ``target_id`` column and canonical segment codes.

    Accepts an id column named ``target_id`` or ``id``; the total segment may be spelt
    ``totaal``/``total``/``alle`` or left empty.
    """
    out = targets.copy()
    if "target_id" not in out.columns:
        if "id" in out.columns:
            out = out.rename(columns={"id": "target_id"})
        else:
            raise ValueError("targets: kolom 'target_id' ontbreekt")
    seg = out["segment"].astype("string").fillna("").str.strip().str.lower() if "segment" in out else ""
    out["segment"] = seg.where(~seg.isin(TOTAL_ALIASES), SEGMENT_TOTAL)
    for col in ("period_start", "period_end"):
        out[col] = pd.to_numeric(out[col], errors="coerce").astype("Int64")
    out["value"] = pd.to_numeric(out["value"], errors="coerce").astype("Float64")
    out["target_id"] = out["target_id"].astype(str)
    return out


def select_portfolio_targets(targets: pd.DataFrame) -> pd.DataFrame:
    """The dwelling-count targets over a period (the rows of ``portfolio_gap``).

    A portfolio target is a regional number of dwellings (``scope == "regio"``, ``unit ==
    "woningen"`` where those columns exist) in a segment of ``SEGMENT_GROUPS``, with a value
    and both period years, not ``vervallen`` and not a mere ``indicatie`` (a research outcome).
    Per-year and rule targets (inponding, sales vs additions), shares in percent and national
    targets are excluded.
    """
    t = normalise_targets(targets)

    def col(name):
        return (t[name].astype("string").fillna("").str.strip().str.lower() if name in t
                else pd.Series("", index=t.index, dtype="string"))

    kind, unit, scope, status = col("kind"), col("unit"), col("scope"), col("status")
    keep = (
        t["segment"].isin(list(SEGMENT_GROUPS))
        & t["value"].notna()
        & t["period_start"].notna()
        & t["period_end"].notna()
        & ~kind.str.contains("rule|regel|per_year|per_jaar|indicatie", regex=True)
        & unit.isin(["woningen", ""])
        & scope.isin(["regio", ""])
        & (status != "vervallen")
    ).fillna(False).astype(bool)
    order = {s: i for i, s in enumerate(SEGMENT_GROUPS)}
    out = t[keep].copy()
    out["_o"] = out["segment"].map(order)
    out = out.sort_values(["_o", "period_start", "period_end", "target_id"]).drop(columns="_o")
    return out.reset_index(drop=True)


def find_target(targets: pd.DataFrame, target_id: str) -> pd.Series | None:
    """One target row by id (None when the table has no such row)."""
    t = normalise_targets(targets)
    rows = t[t["target_id"] == target_id]
    return None if rows.empty else rows.iloc[0]


def target_period(target: pd.Series | None, default: tuple[int, int]) -> tuple[int, int]:
    """``(period_start, period_end)`` of a target row; a missing year falls back to ``default``."""
    if target is None:
        return default
    start = int(target["period_start"]) if pd.notna(target["period_start"]) else default[0]
    end = int(target["period_end"]) if pd.notna(target["period_end"]) else default[1]
    return start, end


def portfolio_years(targets: pd.DataFrame, default: tuple[int, int]) -> tuple[int, int]:
    """First and last year over all portfolio targets (``default`` when there are none)."""
    sel = select_portfolio_targets(targets)
    if sel.empty:
        return default
    return int(sel["period_start"].min()), int(sel["period_end"].max())


def compute_targets_vs_plans(plans: pd.DataFrame, targets: pd.DataFrame, scopes: pd.DataFrame) -> pd.DataFrame:
    """Realised and planned dwellings per scope and portfolio target (deterministic part).

    Args:
        plans: output of :func:`analysis.rules.plans.combine_plans`.
        targets: the targets table (any; portfolio targets are selected).
        scopes: frame with ``scope_type, scope`` (one row per scope to report).

    Returns:
        One row per scope x target: ``scope_type, scope, target_id, segment, period_start,
        period_end, target, realised, planned_hard, planned_soft, gap, corporation_dwellings,
        market_dwellings, inponding_realised, inponding_planned, regional_target,
        share_of_regional_target``. The inponding columns are the purchases among realised and
        planned (afspraak 1; only where ``plans`` holds them, see
        :func:`analysis.rules.plans.combine_plans`). ``target`` and ``gap``
        are NA outside the region (targets are regional). ``market_dwellings`` is NA where
        market plans do not count (social rent) and for corporation scopes.
    """
    rows = []
    for _, t in select_portfolio_targets(targets).iterrows():
        seg, start, end = t["segment"], int(t["period_start"]), int(t["period_end"])
        regional = float(t["value"])
        for _, s in scopes.iterrows():
            n = count_by_status(plans, seg, start, end, s["scope_type"], s["scope"])
            total = n["realised"] + n["planned_hard"] + n["planned_soft"]
            region = is_region(s["scope_type"])
            market_counts = market_counts_toward(seg) and s["scope_type"] != "corporatie"
            rows.append({
                "scope_type": s["scope_type"], "scope": s["scope"], "target_id": t["target_id"],
                "segment": seg, "period_start": start, "period_end": end,
                "target": regional if region else np.nan,
                "realised": n["realised"], "planned_hard": n["planned_hard"], "planned_soft": n["planned_soft"],
                "gap": regional - total if region else np.nan,
                "corporation_dwellings": n["corporation_dwellings"],
                "market_dwellings": n["market_dwellings"] if market_counts else np.nan,
                "inponding_realised": n["inponding_realised"], "inponding_planned": n["inponding_planned"],
                "regional_target": regional,
                "share_of_regional_target": total / regional if regional else np.nan,
            })
    return pd.DataFrame(rows)


def summarise_by_status(plans: pd.DataFrame, targets: pd.DataFrame, scope_type: str, scope: str) -> pd.DataFrame:
    """Dwellings per portfolio target, developer and plan status for one scope (for figures).

    Returns:
        ``target_id, segment, period_start, period_end, developer, plan_status, n_dwellings``
        with every status present (0 where no plan), statuses in pipeline order.
    """
    rows = []
    in_scope = scope_mask(plans, scope_type, scope)
    for _, t in select_portfolio_targets(targets).iterrows():
        seg, start, end = t["segment"], int(t["period_start"]), int(t["period_end"])
        sel = plans[in_scope & plans_counting_for(plans, seg, start, end)]
        for dev in SEGMENT_DEVELOPERS[seg]:
            if scope_type == "corporatie" and dev == "markt":
                continue
            for status in PLAN_STATUSES:
                n = sel.loc[(sel["developer"] == dev) & (sel["plan_status"] == status), "n_dwellings"].sum()
                rows.append({"target_id": t["target_id"], "segment": seg, "period_start": start,
                             "period_end": end, "developer": dev, "plan_status": status, "n_dwellings": int(n)})
    return pd.DataFrame(rows)


def compute_programme_share(plans: pd.DataFrame, targets: pd.DataFrame, share_target_id: str = SHARE_TARGET_ID,
                            *, scopes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Share (in %) of middenhuur + betaalbare koop in the whole counted new-build programme.

    Afspraak 2: "40% van het nieuwbouwprogramma". Over the share target's period, counting
    realised and hard plans (``opgeleverd``, ``in_aanbouw``, ``hard``) with the same rules as
    the 2.020 and 6.775 targets: the numerator is what counts toward the share target's segment
    (``middenhuur_betaalbare_koop``), the denominator what counts toward the total.

    Args:
        plans: output of :func:`analysis.rules.plans.combine_plans`.
        targets: the targets table (holding ``share_target_id``).
        share_target_id: the share target.
        scopes: ``scope_type, scope`` rows; None gives the region only.

    Returns:
        ``scope_type, scope, target_id, numerator_dwellings, denominator_dwellings, share_pct``;
        ``share_pct`` NaN where nothing counts; no rows when the table lacks the target or its
        period.
    """
    t = find_target(targets, share_target_id)
    if t is None or pd.isna(t["period_start"]) or pd.isna(t["period_end"]):
        return pd.DataFrame(columns=SHARE_COLUMNS)
    start, end = int(t["period_start"]), int(t["period_end"])
    scopes = scope_frame([], []) if scopes is None else scopes
    rows = []
    for s in scopes.itertuples(index=False):
        num = count_by_status(plans, t["segment"], start, end, s.scope_type, s.scope)
        den = count_by_status(plans, SEGMENT_TOTAL, start, end, s.scope_type, s.scope)
        n_num, n_den = num["realised"] + num["planned_hard"], den["realised"] + den["planned_hard"]
        rows.append({"scope_type": s.scope_type, "scope": s.scope, "target_id": share_target_id,
                     "numerator_dwellings": n_num, "denominator_dwellings": n_den,
                     "share_pct": 100.0 * n_num / n_den if n_den else np.nan})
    return pd.DataFrame(rows, columns=SHARE_COLUMNS)

