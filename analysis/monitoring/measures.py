"""The monitor's figures, composed from the analyses that own them (no counting here).

Each monitored target gets ``realised``, ``planned``, the ``outcome`` that its status compares
with the target, an optional ``verdict`` from the owning analysis, and ``measure_nl`` (what the
figures mean, in Dutch):

============================  =========================================================
target                        source
============================  =========================================================
dwelling targets (woningen)   portfolio ``compute_targets_vs_plans``, region rows
                              (realised; planned = hard plans)
mid_affordable_share          portfolio ``compute_programme_share`` (share in %)
efg_phase_out_2028            energy ``compute_efg_headline`` (EFG now / at the deadline)
                              and the energy verdict
inponding_per_year            portfolio ``compute_inponding`` + ``summarise_inponding``
                              (mean per realised year / per forecast year; status on the
                              mean over the period)
voorzieningenwijzer           :mod:`analysis.monitoring.voorzieningenwijzer`
============================  =========================================================
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.rules import plans as plan_rules
from analysis.rules.scopes import REGION_NAME, scope_frame

#: The energy verdict (op koers / risico / achter) in the monitor's status words.
ENERGY_VERDICT_STATUS = {"op koers": "op koers", "risico": "aandacht", "achter": "achter"}
EFG_TARGET = "efg_phase_out_2028"
INPONDING_TARGET = "inponding_per_year"
SHARE_TARGET = "mid_affordable_share_new_build"
VW_PREFIX = "voorzieningenwijzer_2023_2026"


def _row(target_id, realised, planned, measure_nl, outcome=np.nan, verdict=None) -> dict:
    return {"target_id": target_id, "realised": realised, "planned": planned, "outcome": outcome,
            "verdict": verdict, "measure_nl": measure_nl}


def dwelling_target_rows(projects: pd.DataFrame, plan_capacity: pd.DataFrame, targets: pd.DataFrame) -> list[dict]:
    """Realised and hard-planned dwellings per portfolio target (region), from the portfolio analysis."""
    from analysis import portfolio

    plans = plan_rules.combine_plans(projects, plan_capacity)
    region = scope_frame([], []).iloc[:1]
    base = portfolio.compute_targets_vs_plans(plans, targets, region)
    rows = [_row(r.target_id, float(r.realised), float(r.planned_hard),
                 "nieuwbouw opgeleverd / hard gepland in de periode (zoals in de portefeuilleanalyse)")
            for r in base.itertuples()]
    share = portfolio.compute_programme_share(plans, targets)
    for r in share.itertuples():
        rows.append(_row(r.target_id, np.nan, float(r.share_pct),
                         "aandeel in % van het hele programma (gerealiseerd + hard gepland)", outcome=float(r.share_pct)))
    return rows


def efg_rows(stock: pd.DataFrame, year: int, efg_rules) -> list[dict]:
    """EFG now and at the end of the deadline year (region), with the energy verdict."""
    from analysis import energy_labels

    if not len(stock) or efg_rules is None:
        return []
    cells = energy_labels.compute_cells(stock, year, efg_rules)
    head = energy_labels.compute_efg_headline(cells, year, efg_rules)
    region = head[(head["scope_type"] == "regio") & (head["scope"] == REGION_NAME)]
    if region.empty:
        return []
    r = region.iloc[0]
    trajectory = energy_labels.compute_efg_trajectory(cells, year, efg_rules)
    verdicts = trajectory.loc[(trajectory["scope_type"] == "regio"), "verdict"]
    verdict = ENERGY_VERDICT_STATUS.get(str(verdicts.iloc[0])) if len(verdicts) else None
    return [_row(EFG_TARGET, float(r["efg_now"]), float(r["efg_remaining_deadline"]),
                 f"woningen E/F/G nu (niet vrijgesteld) / over eind {efg_rules.deadline_year} volgens plan; "
                 f"daarnaast {int(r['exempt_deadline'])} vrijgesteld (zoals in de energielabelanalyse)",
                 outcome=float(r["efg_remaining_deadline"]), verdict=verdict)]


def inponding_rows(mutations: pd.DataFrame, year: int, target: pd.Series | None) -> tuple[list[dict], pd.DataFrame]:
    """Inponding per year (mean per realised / forecast year), from the portfolio analysis."""
    from analysis import portfolio

    if target is None or not len(mutations):
        return [], pd.DataFrame()
    table = portfolio.compute_inponding(mutations, year, target.get("value", np.nan), target["period_start"],
                                        target["period_end"])
    s = portfolio.summarise_inponding(table)
    row = _row(INPONDING_TARGET, s["realised_per_year"], s["planned_per_year"],
               "gemiddeld per jaar: gerealiseerde jaren / prognosejaren (status op het gemiddelde over de looptijd)",
               outcome=s["period_mean"])
    return [row], table


def compute_measures(targets: pd.DataFrame, projects: pd.DataFrame, plan_capacity: pd.DataFrame,
                     mutations: pd.DataFrame, stock: pd.DataFrame, voorzieningenwijzer: pd.DataFrame,
                     year: int, efg_rules=None) -> pd.DataFrame:
    """Realised and planned figure per target that the deliveries can measure.

    Returns ``target_id, realised, planned, outcome, verdict, measure_nl`` (one row per
    measurable target; ``outcome``/``verdict`` NA where the status follows from realised and
    planned).
    """
    from analysis.monitoring.voorzieningenwijzer import voorzieningenwijzer_row

    ids = set(targets["target_id"])
    rows = []
    if len(projects) or len(plan_capacity):
        rows += [r for r in dwelling_target_rows(projects, plan_capacity, targets) if r["target_id"] in ids]
    if EFG_TARGET in ids:
        rows += efg_rows(stock, year, efg_rules)
    if INPONDING_TARGET in ids:
        rows += inponding_rows(mutations, year, targets.set_index("target_id").loc[INPONDING_TARGET])[0]
    for t in targets[targets["target_id"].astype(str).str.startswith(VW_PREFIX)].itertuples():
        if len(voorzieningenwijzer):
            rows.append(voorzieningenwijzer_row(voorzieningenwijzer, year, t))
    cols = ["target_id", "realised", "planned", "outcome", "verdict", "measure_nl"]
    out = pd.DataFrame(rows, columns=cols)
    for c in ("realised", "planned", "outcome"):
        out[c] = out[c].astype("float64")
    return out
