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

An *ambition* (``kind == "ambitie"`` in ``targets.csv``: the flex dwellings of afspraak 3, whose
parties "onderzoeken de mogelijkheden"; the inponding of afspraak 8; the NPA's 30 % social
share) is not a minimum the parties must meet, so it never lags ("achter"). The same ratios
are said in its own words::

    ratio >= on_track_min_ratio   -> "ambitie: in zicht"
    ratio >= attention_min_ratio  -> "ambitie: dichtbij"
    otherwise                     -> "ambitie: nog ver weg"

Agreements without a number get a status from the analysis that reads them: the 0-meting of
afspraak 14 is ``gemeten`` once the stock registers hold the social stock, and the check of
afspraak 7 (a complex sold first to corporations) says ``na te gaan`` when corporations sold to
third parties, ``geen signaal`` when they did not (see :mod:`analysis.social_stock`).
"""

from __future__ import annotations

import pandas as pd

#: The minimum rule's words (op koers / aandacht / achter), in order.
MINIMUM_STATUSES = ("op koers", "aandacht", "achter")
#: An ambition's words for the same ratios (an ambition never lags: no "achter").
AMBITION_STATUSES = ("ambitie: in zicht", "ambitie: dichtbij", "ambitie: nog ver weg")
#: Statuses of agreements without a number: the 0-meting measured; afspraak 7's signal.
MEASURED, TO_CHECK, NO_SIGNAL = "gemeten", "na te gaan", "geen signaal"
NO_DATA = "geen gegevens"
STATUSES = (*MINIMUM_STATUSES, *AMBITION_STATUSES, MEASURED, TO_CHECK, NO_SIGNAL, NO_DATA)
AMBITION_KIND = "ambitie"


def classify_outcome(target: float, outcome: float, comparison: str, rules: dict[str, float],
                     kind: str = "minimum") -> str:
    """Status of one target from its outcome (see module docstring).

    >>> rules = {"on_track_min_ratio": 1.0, "attention_min_ratio": 0.8}
    >>> classify_outcome(100, 85, ">=", rules)
    'aandacht'
    >>> classify_outcome(375, 191, ">=", rules, kind="ambitie")  # 191 / 375 = 0.51
    'ambitie: nog ver weg'
    """
    if pd.isna(target) or pd.isna(outcome):
        return NO_DATA
    if comparison in ("<=", "<"):
        ok = outcome <= target if comparison == "<=" else outcome < target
        return "op koers" if ok else "achter"
    words = AMBITION_STATUSES if kind == AMBITION_KIND else MINIMUM_STATUSES
    if target == 0:
        return words[0]
    ratio = float(outcome) / float(target)
    if ratio >= rules["on_track_min_ratio"]:
        return words[0]
    if ratio >= rules["attention_min_ratio"]:
        return words[1]
    return words[2]


def classify_status(target: float, realised: float, planned: float, comparison: str,
                    rules: dict[str, float], kind: str = "minimum") -> str:
    """Status of a target over a period from its realised and planned figure.

    For a minimum (or an ambition) the outcome is realised + planned; for a maximum, "planned"
    is the expected end state (not added to what is realised).

    >>> rules = {"on_track_min_ratio": 1.0, "attention_min_ratio": 0.8}
    >>> classify_status(100, 60, 30, ">=", rules)
    'aandacht'
    >>> classify_status(100, 60, 30, ">=", rules, kind="ambitie")
    'ambitie: dichtbij'
    """
    if pd.isna(realised) and pd.isna(planned):
        return NO_DATA
    if comparison in ("<=", "<"):
        end = float(realised) if pd.isna(planned) else float(planned)
        return classify_outcome(target, end, comparison, rules)
    outcome = (0.0 if pd.isna(realised) else float(realised)) + (0.0 if pd.isna(planned) else float(planned))
    return classify_outcome(target, outcome, comparison, rules, kind)


def select_monitored_targets(targets: pd.DataFrame, rule_targets: tuple[str, ...] = ()) -> pd.DataFrame:
    """The quantified, valid, non-national targets (the ones the monitor can show), plus the
    rules without a number in ``rule_targets`` that an analysis gives a status (afspraak 7, 14,
    chapter 5)."""
    quantified = (
        targets["value"].notna()
        & targets["comparison"].isin([">=", ">", "<=", "<"])
        & (targets["scope"] != "landelijk")
        & (targets["kind"] != "indicatie")
    )
    sel = targets[(targets["status"] == "geldig") & (quantified | targets["target_id"].isin(rule_targets))]
    return sel.reset_index(drop=True)


def _period(start, end) -> str:
    a = "" if pd.isna(start) else str(int(start))
    b = "" if pd.isna(end) else str(int(end))
    return f"{a}-{b}" if a and b else (f"t/m {b}" if b else a)


def compute_agreement_monitor(targets: pd.DataFrame, measures: pd.DataFrame,
                              rules: dict[str, float], rule_targets: tuple[str, ...] = ()) -> pd.DataFrame:
    """Every monitored target with realised, planned, status.

    ``measures`` has ``target_id, realised, planned, measure_nl`` and optionally ``outcome``
    (the figure compared with the target), ``verdict`` (a status supplied by the analysis
    that owns the target) and ``target_value`` (the target when ``targets.csv`` holds a rule
    whose number follows from reference rows, e.g. the dwellings promised in chapter 5).
    Returns ``target_id, agreement, description_nl, kind, comparison, value, unit, period,
    realised, planned, status, measure_nl`` in the targets' file order; an ambition
    (``kind == "ambitie"``) gets the ambition words, a rule without a measure ``geen gegevens``,
    a rule with a ``target_value`` is scored as a minimum of that value.
    """
    sel = select_monitored_targets(targets, rule_targets)
    out = sel.merge(measures, on="target_id", how="left")
    if "target_value" in out.columns:
        out["value"] = out["value"].astype("Float64").fillna(out["target_value"].astype("Float64"))
    own = out["verdict"] if "verdict" in out.columns else pd.Series(pd.NA, index=out.index)
    outcome = out["outcome"] if "outcome" in out.columns else pd.Series(pd.NA, index=out.index)
    status = []
    for r, o, s in zip(out.itertuples(), outcome, own, strict=True):
        if isinstance(s, str) and s:
            status.append(s)
        elif r.comparison == "rule" and pd.isna(r.value):
            status.append(NO_DATA)
        else:
            # a rule whose number the analysis supplies (chapter 5: the promised dwellings) is a minimum
            comparison = ">=" if r.comparison == "rule" else r.comparison
            status.append(classify_outcome(r.value, float(o), comparison, rules, r.kind) if not pd.isna(o)
                          else classify_status(r.value, r.realised, r.planned, comparison, rules, r.kind))
    out["status"] = status
    out["period"] = [_period(a, b) for a, b in zip(out["period_start"], out["period_end"], strict=True)]
    if "measure_nl" not in out.columns:
        out["measure_nl"] = pd.NA
    cols = ["target_id", "agreement", "description_nl", "kind", "comparison", "value", "unit", "period",
            "realised", "planned", "status", "measure_nl"]
    return out[cols].astype({"value": "float64", "realised": "float64", "planned": "float64"})


def classify_shares(share: pd.DataFrame, target: pd.Series | None, rules: dict[str, float]) -> pd.Series:
    """The status of every row of a share table (``social_share_pct``) against one target row.

    Used for the NPA's 30 % social share per municipality (an ambition): each municipality and
    the region's reconciled line get their own status. ``geen gegevens`` where the share is unknown.
    """
    if target is None or share.empty:
        return pd.Series([NO_DATA] * len(share), index=share.index, dtype="string")
    return pd.Series([classify_outcome(target["value"], v, target["comparison"], rules, target["kind"])
                      for v in share["social_share_pct"]], index=share.index, dtype="string")


def furthest_status(statuses) -> str | None:
    """The status furthest from its target among ``statuses`` (for a target that holds per
    municipality, like the NPA's 30 %: the region is as far as its furthest municipality).

    >>> furthest_status(["ambitie: in zicht", "ambitie: nog ver weg", "geen gegevens"])
    'ambitie: nog ver weg'
    """
    order = [*MINIMUM_STATUSES[::-1], *AMBITION_STATUSES[::-1]]
    known = [s for s in statuses if s in order]
    return min(known, key=order.index) if known else None


def summarise_status(monitor: pd.DataFrame) -> pd.DataFrame:
    """Number of targets per status, in the fixed order of :data:`STATUSES`."""
    counts = monitor["status"].value_counts()
    return pd.DataFrame({"status": list(STATUSES), "n_targets": [int(counts.get(s, 0)) for s in STATUSES]})
