"""Dutch number formatting for reports: 6.775 woningen, € 1.123,13, 12,5 %.

Pure functions on scalars plus a helper that formats a whole frame for display. Missing values
are shown as an en dash so a board member sees "no figure" rather than a misleading zero.
"""

from __future__ import annotations

import math
from numbers import Number

import pandas as pd

MISSING = "–"


def _is_missing(x) -> bool:
    if x is None:
        return True
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def _group(int_digits: str) -> str:
    """Insert '.' thousands separators into a string of digits."""
    out = []
    for i, ch in enumerate(reversed(int_digits)):
        if i and i % 3 == 0:
            out.append(".")
        out.append(ch)
    return "".join(reversed(out))


def format_number(x, decimals: int = 0) -> str:
    """Format a number the Dutch way: ``6775 -> '6.775'``, ``1123.13, 2 -> '1.123,13'``.

    Rounds half away from zero (as people do on paper), not banker's rounding.
    """
    if _is_missing(x):
        return MISSING
    if not isinstance(x, Number):
        x = float(x)
    if isinstance(x, float) and math.isinf(x):
        return "∞" if x > 0 else "-∞"
    factor = 10**decimals
    scaled = abs(float(x)) * factor
    rounded = math.floor(scaled + 0.5 + 1e-9)
    negative = x < 0 and rounded != 0
    int_part, frac_part = divmod(rounded, factor)
    text = _group(str(int(int_part)))
    if decimals > 0:
        text += "," + str(int(frac_part)).zfill(decimals)
    return ("-" if negative else "") + text


def round_half_up(x, decimals: int = 0) -> float:
    """``x`` rounded as :func:`format_number` shows it (half away from zero): ``round_half_up(12.95, 1) -> 13.0``."""
    if _is_missing(x):
        return float("nan")
    factor = 10**decimals
    rounded = math.floor(abs(float(x)) * factor + 0.5 + 1e-9) / factor
    return -rounded if float(x) < 0 else rounded


def format_eur(x, decimals: int = 2) -> str:
    """``1123.13 -> '€ 1.123,13'``; ``-5 -> '€ -5,00'``."""
    if _is_missing(x):
        return MISSING
    return "€ " + format_number(x, decimals)


def format_eur_millions(x, decimals: int = 1) -> str:
    """``12_345_678 -> '€ 12,3 mln'``."""
    if _is_missing(x):
        return MISSING
    return "€ " + format_number(float(x) / 1e6, decimals) + " mln"


def format_percent(x, decimals: int = 1, *, fraction: bool = True) -> str:
    """``0.125 -> '12,5 %'`` (``fraction=False`` when x is already in percent)."""
    if _is_missing(x):
        return MISSING
    value = float(x) * 100 if fraction else float(x)
    return format_number(value, decimals) + " %"


def format_frame(df: pd.DataFrame, formats: dict[str, str | callable]) -> pd.DataFrame:
    """Return a copy of ``df`` with the named columns formatted as Dutch text.

    ``formats`` maps a column to ``"int"``, ``"eur"``, ``"eur0"``, ``"mln"``, ``"pct"``,
    ``"dec1"``/``"dec2"`` or a callable. Other columns are left as they are.
    """
    kinds = {
        "int": lambda v: format_number(v, 0),
        "dec1": lambda v: format_number(v, 1),
        "dec2": lambda v: format_number(v, 2),
        "eur": lambda v: format_eur(v, 2),
        "eur0": lambda v: format_eur(v, 0),
        "mln": format_eur_millions,
        "pct": format_percent,
    }
    out = df.copy()
    for col, kind in formats.items():
        if col not in out.columns:
            continue
        fn = kinds[kind] if isinstance(kind, str) else kind
        out[col] = out[col].map(fn).astype(object)
    return out


def round_to_total(values, decimals: int = 0, total: float | None = None) -> list[float]:
    """Round ``values`` so the rounded parts add up to the rounded total (largest-remainder method).

    A table that shows rounded parts and their total must add up on paper. Each part is rounded
    down to ``decimals``; the units still missing to reach the rounded total go, one each, to
    the parts with the largest remainders (ties: the first part). Negative parts are allowed
    (their remainders are taken from below, too). A missing part stays missing and does not
    count toward the total.

    Args:
        values: the unrounded parts.
        decimals: decimals shown (0: whole dwellings; 1: "€ 12,3 mln" after dividing by 1e6).
        total: the total to reach (default: the sum of the parts), rounded to ``decimals``.

    >>> round_to_total([33.4, 33.3, 33.3])  # floors 33 + 33 + 33 = 99, total 100: the largest remainder gets 1
    [34.0, 33.0, 33.0]
    >>> round_to_total([1.25, 2.25, 3.5], 1)  # floors 1,2 + 2,2 + 3,5 = 6,9, total 7,0: the tie goes to the first
    [1.3, 2.2, 3.5]
    """
    values = list(values)
    factor = 10**decimals
    known = [i for i, v in enumerate(values) if not _is_missing(v)]
    out: list[float] = [float("nan")] * len(values)
    if not known:
        return out
    scaled = [float(values[i]) * factor for i in known]
    target_total = sum(scaled) if total is None else float(total) * factor
    target = math.floor(target_total + 0.5 + 1e-9) if target_total >= 0 else -math.floor(-target_total + 0.5 + 1e-9)
    floors = [math.floor(v + 1e-9) for v in scaled]
    short = target - sum(floors)
    order = sorted(range(len(known)), key=lambda k: (-round(scaled[k] - floors[k], 9), k))  # equal remainders: the first
    if short < 0:  # a total below the floors (a given total): take units back from the smallest remainders
        order = order[::-1]
    for k in order[: abs(short)] if abs(short) <= len(order) else order:
        floors[k] += 1 if short > 0 else -1
    for k, i in enumerate(known):
        out[i] = floors[k] / factor
    return out


def round_with_total(values: pd.Series, is_total: pd.Series, decimals: int = 0) -> pd.Series:
    """A column of parts and one total row, rounded so the shown parts add up to the shown total.

    The parts (rows where ``is_total`` is False) get :func:`round_to_total` against the total
    row's own value (or their sum without a total row); the total row gets that rounded total.
    Missing values stay missing.

    >>> # floors 1,0 + 2,0 + 3,0 = 6,0; total 6,12 -> 6,1: one tenth to the first of the equal remainders
    >>> round_with_total(pd.Series([1.04, 2.04, 3.04, 6.12]), pd.Series([False, False, False, True]), 1).tolist()
    [1.1, 2.0, 3.0, 6.1]
    """
    out = pd.Series(float("nan"), index=values.index, dtype=float)
    parts = values[~is_total.to_numpy()]
    totals = values[is_total.to_numpy()]
    total = float(totals.iloc[0]) if len(totals) and not _is_missing(totals.iloc[0]) else None
    out.loc[parts.index] = round_to_total(parts.tolist(), decimals, total)
    if len(totals):
        shown = [v for v in out.loc[parts.index] if not _is_missing(v)]
        out.loc[totals.index] = round(sum(shown), decimals) if total is not None and shown else (
            float("nan") if total is None else round_half_up(total, decimals))
    return out
