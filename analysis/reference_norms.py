"""The Aw/WSW financial ratio norms (``financial_norms.csv``)."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from analysis.reference_tables import _check_codes, _check_unique, _dir, _raise, load_table

__all__ = ["NORM_OPERATORS", "financial_norm", "financial_norms"]

NORM_OPERATORS = (">=", "<=", ">", "<")


@lru_cache(maxsize=4)
def _financial_norms(directory: str | None) -> pd.DataFrame:
    frame = load_table(
        "financial_norms",
        {"norm_id": "str", "operator": "str", "value": "float", "unit": "str",
         "description_nl": "str", "source_quality": "str", "note": "str"},
        optional=("note",),
        directory=_dir(directory),
    )
    f = "financial_norms.csv"
    problems = _check_unique(frame, f, ["norm_id"])
    problems += _check_codes(frame, f, "operator", NORM_OPERATORS)
    problems += _check_codes(frame, f, "source_quality", ("primair", "secundair"))
    _raise(problems, "financial_norms")
    return frame


def financial_norms(directory: str | None = None) -> pd.DataFrame:
    """The Aw/WSW ratio norms (``financial_norms.csv``): ``norm_id, operator, value`` (a
    fraction or ratio, e.g. 0.85 for 85 %), ``unit, description_nl, source_quality, source, note``.
    """
    return _financial_norms(directory).copy()


def financial_norm(norm_id: str, directory: str | None = None) -> tuple[str, float]:
    """``(operator, value)`` of one norm, e.g. ``financial_norm("icr") == (">", 1.4)``."""
    frame = _financial_norms(directory)
    hit = frame[frame["norm_id"] == norm_id]
    if hit.empty:
        raise KeyError(f"norm '{norm_id}' staat niet in financial_norms.csv; bekend: "
                       + ", ".join(frame["norm_id"].tolist()))
    return str(hit.iloc[0]["operator"]), float(hit.iloc[0]["value"])
