"""Rent and purchase limits per year (``thresholds.csv``); a limit without a source stays empty."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from analysis.errors import Problem
from analysis.reference_tables import _check_codes, _check_unique, _dir, _raise, load_table

__all__ = [
    "RENT_THRESHOLD_IDS", "THRESHOLD_IDS", "THRESHOLD_STATUSES", "missing_thresholds",
    "threshold", "threshold_years", "thresholds",
]

#: Rent and price limits in thresholds.csv, in increasing order. The first five bound the
#: price classes of :mod:`analysis.price_classes`; ``betaalbare_koopgrens`` is a purchase price.
RENT_THRESHOLD_IDS = (
    "kwaliteitskortingsgrens",
    "aftoppingsgrens_laag",
    "aftoppingsgrens_hoog",
    "liberalisatiegrens",
    "middenhuurgrens",
)
THRESHOLD_IDS = (*RENT_THRESHOLD_IDS, "betaalbare_koopgrens")
THRESHOLD_STATUSES = ("bron", "niet_gevonden", "berekend")


@lru_cache(maxsize=4)
def _thresholds(directory: str | None) -> pd.DataFrame:
    frame = load_table(
        "thresholds",
        {"year": "year", "threshold_id": "str", "value_eur": "float", "status": "str", "note": "str"},
        optional=("value_eur", "note"),
        directory=_dir(directory),
    )
    f = "thresholds.csv"
    problems = _check_codes(frame, f, "threshold_id", THRESHOLD_IDS)
    problems += _check_codes(frame, f, "status", THRESHOLD_STATUSES)
    problems += _check_unique(frame, f, ["year", "threshold_id"])
    for i, r in frame.iterrows():
        empty = pd.isna(r["value_eur"])
        if empty and r["status"] != "niet_gevonden":
            problems.append(Problem(f, "", i + 2, "value_eur", "",
                                    "een bedrag (leeg mag alleen bij status 'niet_gevonden')"))
        if not empty and r["status"] == "niet_gevonden":
            problems.append(Problem(f, "", i + 2, "status", str(r["status"]),
                                    "'bron' of 'berekend' (er staat een bedrag)"))
        if not empty and r["value_eur"] <= 0:
            problems.append(Problem(f, "", i + 2, "value_eur", str(r["value_eur"]), "een bedrag > 0"))
    _raise(problems, "thresholds")
    return frame


def thresholds(year: int | None = None, directory: str | None = None) -> pd.DataFrame:
    """Rent and purchase limits per year (``thresholds.csv``), optionally for one year.

    ``value_eur`` is NA where no source was found (status ``niet_gevonden``); such a value is
    never estimated. Columns: ``year, threshold_id, value_eur, status, source, note``.
    """
    frame = _thresholds(directory)
    if year is not None:
        frame = frame[frame["year"] == int(year)]
    return frame.reset_index(drop=True).copy()


def threshold_years(directory: str | None = None) -> list[int]:
    """The years that have rows in ``thresholds.csv``, ascending."""
    return sorted(int(y) for y in _thresholds(directory)["year"].unique())


def threshold(year: int, threshold_id: str, directory: str | None = None) -> float | None:
    """One limit in euros, or ``None`` when it is recorded as not found.

    Raises:
        KeyError: when ``threshold_id`` is not a known id, or the table has no row for
            this year and id (then the year is simply not covered).
    """
    if threshold_id not in THRESHOLD_IDS:
        raise KeyError(f"onbekende grens '{threshold_id}'; bekend: {', '.join(THRESHOLD_IDS)}")
    frame = _thresholds(directory)
    hit = frame[(frame["year"] == int(year)) & (frame["threshold_id"] == threshold_id)]
    if hit.empty:
        raise KeyError(
            f"thresholds.csv heeft geen rij voor {threshold_id} in {year}; "
            f"jaren in de tabel: {', '.join(map(str, threshold_years(directory)))}"
        )
    value = hit.iloc[0]["value_eur"]
    return None if pd.isna(value) else float(value)


def missing_thresholds(
    years: list[int] | tuple[int, ...] | None = None, directory: str | None = None
) -> pd.DataFrame:
    """Every (year, threshold) without a value: empty cells and rows absent from the table.

    Args:
        years: the years to check; default every year in the table.

    Returns:
        Columns ``year, threshold_id, reason`` (Dutch), sorted by year and the order of
        :data:`THRESHOLD_IDS`. Empty when nothing is missing.
    """
    frame = _thresholds(directory)
    years = threshold_years(directory) if years is None else sorted(int(y) for y in years)
    rows = []
    for y in years:
        for tid in THRESHOLD_IDS:
            hit = frame[(frame["year"] == y) & (frame["threshold_id"] == tid)]
            if hit.empty:
                rows.append((y, tid, "geen rij in thresholds.csv"))
            elif pd.isna(hit.iloc[0]["value_eur"]):
                note = hit.iloc[0]["note"]
                reason = "niet gevonden in een bron"
                if not pd.isna(note):
                    reason += f": {note}"
                rows.append((y, tid, reason))
    return pd.DataFrame(rows, columns=["year", "threshold_id", "reason"]).astype(
        {"year": "Int64", "threshold_id": "string", "reason": "string"}
    )
