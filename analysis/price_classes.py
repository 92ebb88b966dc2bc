"""Price classes of a net (kale) rent, as the agreement defines them.

The annex "Toelichting op betaalbaarheidsklassen" of the agreement splits rents at five limits,
each read as *tot en met* (a rent equal to a limit belongs to the class below it):

==================  ==========================================================
class               net rent per month
==================  ==========================================================
goedkoop            <= kwaliteitskortingsgrens
betaalbaar_1        >  kwaliteitskortingsgrens and <= aftoppingsgrens_laag
betaalbaar_2        >  aftoppingsgrens_laag    and <= aftoppingsgrens_hoog
duur                >  aftoppingsgrens_hoog    and <= liberalisatiegrens
middenhuur          >  liberalisatiegrens      and <= middenhuurgrens
boven_middenhuur    >  middenhuurgrens
==================  ==========================================================

The limits of each year come from ``data/raw/reference/thresholds.csv`` (via
:func:`analysis.reference.thresholds`); none is written in this module. Rents are rounded to
whole cents before they are compared, so 454.4700000001 counts as 454,47.

**Missing limits.** Some limits are not (yet) known for a year (e.g. 2026, see
:func:`analysis.reference.missing_thresholds`). A missing limit is never guessed. A rent is
still classified when the missing limit cannot matter: the limits increase, so a missing limit
lies between its known neighbours, and a rent at or below the lower neighbour (or above the
upper one) is on a known side of it. Only a rent *between* those neighbours needs the missing
limit. For such a rent, ``on_missing="raise"`` (the default) raises
:class:`MissingThresholdError` naming the limit(s) and the year; ``on_missing="na"`` returns
NA instead, so a report can show "onbekend" and list the missing limits separately.
A year without any rows in the table always raises.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis import reference

#: Class codes, cheapest first (identifiers; the Dutch labels are in :func:`price_class_labels`).
PRICE_CLASSES = (
    "goedkoop",
    "betaalbaar_1",
    "betaalbaar_2",
    "duur",
    "middenhuur",
    "boven_middenhuur",
)

#: The limit that closes each class from above (``boven_middenhuur`` is open-ended).
BOUNDARIES = reference.RENT_THRESHOLD_IDS

_LABELS = {
    "goedkoop": "Goedkoop",
    "betaalbaar_1": "Betaalbaar 1",
    "betaalbaar_2": "Betaalbaar 2",
    "duur": "Duur",
    "middenhuur": "Middenhuur",
    "boven_middenhuur": "Boven middenhuur",
}


class MissingThresholdError(ValueError):
    """A rent needs a limit that is not known for the year.

    Attributes:
        year: the year asked for.
        threshold_ids: the missing limits that were needed.
    """

    def __init__(self, year: int, threshold_ids: list[str], detail: str = ""):
        self.year = year
        self.threshold_ids = list(threshold_ids)
        several = len(self.threshold_ids) > 1
        msg = (
            f"prijsklasse niet te bepalen voor {year}: "
            + ("grenzen " if several else "grens ")
            + ", ".join(self.threshold_ids)
            + (" ontbreken" if several else " ontbreekt")
            + f" voor {year} in thresholds.csv (wordt niet geschat)"
        )
        if detail:
            msg += f"; {detail}"
        super().__init__(msg)


def price_class_labels() -> dict[str, str]:
    """Class code -> Dutch label, in class order (``"betaalbaar_1" -> "Betaalbaar 1"``)."""
    return dict(_LABELS)


def rent_limits(year: int, thresholds: pd.DataFrame | None = None) -> dict[str, float | None]:
    """The five rent limits of ``year`` in class order; ``None`` where the limit is missing.

    Args:
        year: the price level (year) of the limits.
        thresholds: a frame like :func:`analysis.reference.thresholds` (``year``,
            ``threshold_id``, ``value_eur``); default the reference table.

    Raises:
        MissingThresholdError: the table has no rows at all for ``year``.
        ValueError: the known limits do not increase.
    """
    table = reference.thresholds() if thresholds is None else thresholds
    rows = table[table["year"] == int(year)]
    if rows.empty:
        years = sorted(int(y) for y in table["year"].unique())
        raise MissingThresholdError(
            int(year), list(BOUNDARIES), f"jaren in de tabel: {', '.join(map(str, years))}"
        )
    limits: dict[str, float | None] = {}
    for tid in BOUNDARIES:
        hit = rows[rows["threshold_id"] == tid]
        value = hit.iloc[0]["value_eur"] if not hit.empty else None
        limits[tid] = None if value is None or pd.isna(value) else float(value)
    known = [(t, v) for t, v in limits.items() if v is not None]
    for (t1, v1), (t2, v2) in zip(known, known[1:], strict=False):
        if not v1 < v2:
            raise ValueError(f"grenzen {year} lopen niet op: {t1} ({v1}) >= {t2} ({v2})")
    return limits


def _side(rents: np.ndarray, limits: dict[str, float | None]) -> tuple[np.ndarray, list[list[str]]]:
    """Per limit: 1.0 if rent > limit, 0.0 if rent <= limit, NaN if the missing limit matters.

    Returns the (n_limits, n_rents) array and, per rent, the missing limits it would need.
    """
    values = [limits[t] for t in BOUNDARIES]
    out = np.empty((len(values), len(rents)))
    needed: list[list[str]] = [[] for _ in range(len(rents))]
    for k, v in enumerate(values):
        if v is not None:
            out[k] = np.where(rents > v, 1.0, 0.0)
            continue
        lower = max((x for x in values[:k] if x is not None), default=-math.inf)
        upper = min((x for x in values[k + 1:] if x is not None), default=math.inf)
        side = np.where(rents <= lower, 0.0, np.where(rents > upper, 1.0, np.nan))
        out[k] = side
        for i in np.flatnonzero(np.isnan(side) & ~np.isnan(rents)):
            needed[i].append(BOUNDARIES[k])
    return out, needed


def classify_rents(
    rents: pd.Series,
    year: int,
    *,
    thresholds: pd.DataFrame | None = None,
    on_missing: str = "raise",
) -> pd.Series:
    """Price class of every net rent in ``rents`` at the limits of ``year``.

    Args:
        rents: net (kale) rents in euros per month; NA stays NA.
        year: the year whose limits apply.
        thresholds: optional limits table (see :func:`rent_limits`); default the reference.
        on_missing: ``"raise"`` or ``"na"``: what to do with a rent that needs a missing limit.

    Returns:
        A ``string`` Series with the same index, values from :data:`PRICE_CLASSES`.

    Raises:
        MissingThresholdError: a needed limit is missing and ``on_missing == "raise"``.
        ValueError: a negative rent, or an unknown ``on_missing``.

    Example (2024 limits 454,47 / 650,43 / 697,07 / 879,66 / 1.123,13)::

        rent     class
        454.47   goedkoop
        454.48   betaalbaar_1
        1123.14  boven_middenhuur
    """
    if on_missing not in ("raise", "na"):
        raise ValueError(f"on_missing moet 'raise' of 'na' zijn, niet {on_missing!r}")
    limits = rent_limits(year, thresholds)
    values = pd.to_numeric(pd.Series(rents), errors="raise").astype("Float64")
    arr = values.round(2).to_numpy(dtype=float, na_value=np.nan)
    if np.any(arr < 0):
        bad = values[values < 0]
        raise ValueError(f"negatieve huur bij index {list(bad.index)[:5]}: {list(bad)[:5]}")
    sides, needed = _side(arr, limits)
    unknown = np.isnan(sides).any(axis=0) & ~np.isnan(arr)
    if unknown.any() and on_missing == "raise":
        missing = [t for t in BOUNDARIES if any(t in n for n in needed)]
        first = int(np.flatnonzero(unknown)[0])
        raise MissingThresholdError(
            int(year), missing,
            f"bijv. huur {arr[first]:.2f} (index {values.index[first]!r}); "
            "gebruik on_missing='na' om zulke huren als onbekend te tonen",
        )
    idx = np.nan_to_num(sides, nan=0.0).sum(axis=0).astype(int)
    classes = np.array(PRICE_CLASSES, dtype=object)[idx]
    classes[np.isnan(arr) | unknown] = None
    return pd.Series(classes, index=values.index, dtype="string", name=getattr(rents, "name", None))


def classify_rent(
    net_rent: float,
    year: int,
    *,
    thresholds: pd.DataFrame | None = None,
    on_missing: str = "raise",
) -> str | None:
    """Price class of one net rent (see :func:`classify_rents`); ``None`` for a missing rent
    or, with ``on_missing="na"``, when a needed limit is missing."""
    result = classify_rents(
        pd.Series([net_rent], dtype="Float64"), year, thresholds=thresholds, on_missing=on_missing
    ).iloc[0]
    return None if pd.isna(result) else str(result)


def price_class_bounds(year: int, thresholds: pd.DataFrame | None = None) -> pd.DataFrame:
    """Table of the classes of ``year`` for display: ``price_class, label,
    lower_exclusive_eur, upper_inclusive_eur`` (NA where open-ended or missing)."""
    limits = rent_limits(year, thresholds)
    uppers = [limits[t] for t in BOUNDARIES] + [None]
    lowers = [None] + [limits[t] for t in BOUNDARIES]
    return pd.DataFrame(
        {
            "price_class": pd.array(PRICE_CLASSES, dtype="string"),
            "label": pd.array([_LABELS[c] for c in PRICE_CLASSES], dtype="string"),
            "lower_exclusive_eur": pd.array(lowers, dtype="Float64"),
            "upper_inclusive_eur": pd.array(uppers, dtype="Float64"),
        }
    )
