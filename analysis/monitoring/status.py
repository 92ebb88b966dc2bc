"""The monitor's own rule: the status of a quantified agreement.

Status rule for a minimum target (``>=``, ``>``), on the *outcome* (realised + planned for a
total over a period; the mean over the period for a per-year target; the share itself for a
share)::

    ratio = outcome / target
    ratio >= on_track_min_ratio   -> "op koers"
    ratio >= attention_min_ratio  -> "aandacht"
    otherwise                     -> "achter"

For a maximum target (``<=``, ``<``) the planned end state is compared directly: at or below
the target ``op koers``, above it ``achter``. Without figures: ``geen gegevens``. An analysis
that gives its own verdict for a target (the energy analysis for the EFG phase-out) supplies
it; the monitor then shows that verdict, so a target never has two.
"""

from __future__ import annotations

import pandas as pd

STATUSES = ("op koers", "aandacht", "achter", "geen gegevens")


def classify_outcome(target: float, outcome: float, comparison: str, rules: dict[str, float]) -> str:
    """Status of one target from its outcome (see module docstring).

    >>> classify_outcome(100, 85, ">=", {"on_track_min_ratio": 1.0, "attention_min_ratio": 0.8})
    'aandacht'
    """
    if pd.isna(target) or pd.isna(outcome):
        return "geen gegevens"
    if comparison in ("<=", "<"):
        ok = outcome <= target if comparison == "<=" else outcome < target
        return "op koers" if ok else "achter"
    if target == 0:
        return "op koers"
    ratio = float(outcome) / float(target)
    if ratio >= rules["on_track_min_ratio"]:
        return "op koers"
    if ratio >= rules["attention_min_ratio"]:
        return "aandacht"
    return "achter"


def classify_status(target: float, realised: float, planned: float, comparison: str,
                    rules: dict[str, float]) -> str:
    """Status of a target over a period from its realised and planned figure.

    For a minimum the outcome is realised + planned; for a maximum, "planned" is the expected
    end state (not added to what is realised).

    >>> rules = {"on_track_min_ratio": 1.0, "attention_min_ratio": 0.8}
    >>> classify_status(100, 60, 30, ">=", rules)
    'aandacht'
    """
    if pd.isna(realised) and pd.isna(planned):
        return "geen gegevens"
    if comparison in ("<=", "<"):
        end = float(realised) if pd.isna(planned) else float(planned)
        return classify_outcome(target, end, comparison, rules)
    outcome = (0.0 if pd.isna(realised) else float(realised)) + (0.0 if pd.isna(planned) else float(planned))
    return classify_outcome(target, outcome, comparison, rules)


def select_monitored_targets(targets: pd.DataFrame) -> pd.DataFrame:
    """The quantified, valid, non-national targets (the ones the monitor can show)."""
    sel = targets[
        (targets["status"] == "geldig")
        & targets["value"].notna()
        & targets["comparison"].isin([">=", ">", "<=", "<"])
        & (targets["scope"] != "landelijk")
        & (targets["kind"] != "indicatie")
    ]
    return sel.reset_index(drop=True)


def _period(start, end) -> str:
    a = "" if pd.isna(start) else str(int(start))
    b = "" if pd.isna(end) else str(int(end))
    return f"{a}-{b}" if a and b else (f"t/m {b}" if b else a)


def compute_agreement_monitor(targets: pd.DataFrame, measures: pd.DataFrame,
                              rules: dict[str, float]) -> pd.DataFrame:
    """Every monitored target with realised, planned, status.

    ``measures`` has ``target_id, realised, planned, measure_nl`` and optionally ``outcome``
    (the figure compared with the target) and ``verdict`` (a status supplied by the analysis
    that owns the target). Returns ``target_id, agreement, description_nl, comparison, value,
    unit, period, realised, planned, status, measure_nl`` in the targets' file order.
    """
    sel = select_monitored_targets(targets)
    out = sel.merge(measures, on="target_id", how="left")
    own = out["verdict"] if "verdict" in out.columns else pd.Series(pd.NA, index=out.index)
    outcome = out["outcome"] if "outcome" in out.columns else pd.Series(pd.NA, index=out.index)
    status = []
    for r, o, s in zip(out.itertuples(), outcome, own, strict=True):
        if isinstance(s, str) and s:
            status.append(s)
        elif not pd.isna(o):
            status.append(classify_outcome(r.value, float(o), r.comparison, rules))
        else:
            status.append(classify_status(r.value, r.realised, r.planned, r.comparison, rules))
    out["status"] = status
    out["period"] = [_period(a, b) for a, b in zip(out["period_start"], out["period_end"], strict=True)]
    if "measure_nl" not in out.columns:
        out["measure_nl"] = pd.NA
    cols = ["target_id", "agreement", "description_nl", "comparison", "value", "unit", "period",
            "realised", "planned", "status", "measure_nl"]
    return out[cols].astype({"value": "float64", "realised": "float64", "planned": "float64"})


def summarise_status(monitor: pd.DataFrame) -> pd.DataFrame:
    """Number of targets per status, in the fixed order of :data:`STATUSES`."""
    counts = monitor["status"].value_counts()
    return pd.DataFrame({"status": list(STATUSES), "n_targets": [int(counts.get(s, 0)) for s in STATUSES]})
