"""The targets of the agreement and its annexes (``targets.csv``): every quantified target and rule."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from analysis.errors import Problem
from analysis.reference_tables import _check_codes, _check_unique, _dir, _raise, load_table

__all__ = [
    "TARGET_COMPARISONS", "TARGET_KINDS", "TARGET_SCOPES", "TARGET_SEGMENTS", "TARGET_STATUSES",
    "target", "target_value", "targets",
]

#: Code lists of targets.csv (vocabulary, not policy figures).
TARGET_SCOPES = ("regio", "gemeente", "corporatie", "landelijk")
TARGET_SEGMENTS = ("sociale_huur", "middenhuur_betaalbare_koop", "flex", "totaal")
TARGET_KINDS = ("minimum", "ambitie", "indicatie", "norm", "maximum")
TARGET_COMPARISONS = (">=", "<=", "==", ">", "<", "rule")
TARGET_STATUSES = ("geldig", "vervallen")


@lru_cache(maxsize=4)
def _targets(directory: str | None) -> pd.DataFrame:
    frame = load_table(
        "targets",
        {
            "target_id": "str", "description_nl": "str", "value": "float", "unit": "str",
            "period_start": "year", "period_end": "year", "scope": "str", "segment": "str",
            "kind": "str", "agreement": "str", "comparison": "str", "status": "str",
            "quote": "str", "note": "str",
        },
        optional=("value", "period_start", "period_end", "segment", "quote", "note"),
        directory=_dir(directory),
    )
    f = "targets.csv"
    problems = _check_unique(frame, f, ["target_id"])
    problems += _check_codes(frame, f, "scope", TARGET_SCOPES)
    problems += _check_codes(frame, f, "segment", TARGET_SEGMENTS, allow_empty=True)
    problems += _check_codes(frame, f, "kind", TARGET_KINDS)
    problems += _check_codes(frame, f, "comparison", TARGET_COMPARISONS)
    problems += _check_codes(frame, f, "status", TARGET_STATUSES)
    for i, r in frame.iterrows():
        if r["comparison"] != "rule" and pd.isna(r["value"]):
            problems.append(Problem(f, "", i + 2, "value", "",
                                    "een getal (alleen leeg als comparison 'rule' is)"))
        start, end = r["period_start"], r["period_end"]
        if not pd.isna(start) and not pd.isna(end) and start > end:
            problems.append(Problem(f, "", i + 2, "period_end", str(end),
                                    f"een jaar >= period_start ({start})"))
    _raise(problems, "targets")
    return frame


def targets(directory: str | None = None) -> pd.DataFrame:
    """Every quantified target and rule of the agreement and its annexes (``targets.csv``).

    Columns: ``target_id`` (stable English id, e.g. ``"social_rent_2024_2028"``),
    ``description_nl``, ``value`` (Float64; NA only for ``comparison == "rule"``), ``unit``,
    ``period_start``/``period_end`` (Int64, NA when the text gives none), ``scope``,
    ``segment``, ``kind``, ``agreement``, ``comparison``, ``status`` (``geldig``/``vervallen``),
    ``source``, ``quote`` (verbatim text from the agreement) and ``note``.
    """
    return _targets(directory).copy()


def target(target_id: str, directory: str | None = None) -> pd.Series:
    """The row of one target, e.g. ``target("social_rent_2024_2028")["value"] == 1350``.

    Raises:
        KeyError: naming the unknown id and listing the known ones.
    """
    frame = _targets(directory)
    hit = frame[frame["target_id"] == target_id]
    if hit.empty:
        raise KeyError(
            f"doel '{target_id}' staat niet in targets.csv; bekende doelen: "
            + ", ".join(frame["target_id"].tolist())
        )
    return hit.iloc[0].copy()


def target_value(target_id: str, directory: str | None = None) -> float:
    """The numeric value of one target (``target_value("new_build_total_2030") == 6775.0``).

    Raises:
        KeyError: unknown id. ValueError: the target is a qualitative rule without a value.
    """
    row = target(target_id, directory)
    if pd.isna(row["value"]):
        raise ValueError(f"doel '{target_id}' is een regel zonder getal (comparison 'rule')")
    return float(row["value"])
