"""Scopes of a report: the region, a municipality or a corporation.

One vocabulary for every report and every headline table: a scoped table has the columns
``scope_type`` (``regio`` | ``gemeente`` | ``corporatie``) and ``scope`` (``Parkstad``, a
canonical municipality name or a canonical corporation name). The region is the sum of its
parts: :func:`scoped_sums` builds the region row from the same frame as the party rows, so a
region figure can never follow another convention than the figures it adds up.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

#: The region of the agreement (Stadsregio Parkstad Limburg) as it appears in every table.
REGION_NAME = "Parkstad"
REGION_ALIASES = frozenset({"parkstad", "parkstad limburg", "regio parkstad", "et3001"})
#: Scope types, in the order reports and tables list them.
SCOPE_TYPES: tuple[str, ...] = ("regio", "gemeente", "corporatie")
#: Column of a frame that places a row in a party scope.
SCOPE_COLUMNS: dict[str, str] = {"gemeente": "municipality", "corporatie": "corporation"}
#: Phases of the annual cycle (hoofdstuk 3): prognose, realisatie, bestuurlijke tussenrapportage.
PHASES: tuple[str, ...] = ("q1", "q2", "q3")
PHASE_TITLES: dict[str, str] = {
    "q1": "Q1 prognose", "q2": "Q2 realisatie", "q3": "Q3 bestuurlijke tussenrapportage",
}
#: How a scope type reads in a Dutch sentence ("voor de regio", "voor gemeente Heerlen").
SCOPE_WORDS: dict[str, str] = {"regio": "de regio", "gemeente": "gemeente", "corporatie": "corporatie"}


def check_phase(phase: str) -> str:
    """Return ``phase`` when it is a known phase; raise a Dutch ``ValueError`` otherwise."""
    if phase not in PHASES:
        raise ValueError(f"Onbekende fase '{phase}'; kies uit {', '.join(PHASES)}.")
    return phase


def check_scope(scope_type: str, scope: str) -> str:
    """Validate a report scope and return the canonical scope name.

    ``regio`` takes ``"Parkstad"``; ``gemeente`` a Parkstad municipality (any alias, e.g.
    ``"gemeente heerlen"`` -> ``"Heerlen"``); ``corporatie`` one of the 9 corporations
    (``"zowonen"`` -> ``"ZO Wonen"``).

    Raises:
        ValueError: (Dutch) naming the valid scope types or values.
    """
    from analysis import reference

    if scope_type not in SCOPE_TYPES:
        raise ValueError(f"Onbekend scope_type '{scope_type}'; kies uit: {', '.join(SCOPE_TYPES)}.")
    key = " ".join(str(scope).split()).lower()
    if scope_type == "regio":
        if key in REGION_ALIASES:
            return REGION_NAME
        raise ValueError(f"Onbekende regio '{scope}'; geldige waarde: {REGION_NAME}.")
    if scope_type == "gemeente":
        aliases, names = reference.municipality_aliases(), reference.municipality_names()
        what = "gemeente"
    else:
        aliases, names = reference.corporation_aliases(), reference.corporation_names()
        what = "corporatie"
    if key in aliases:
        return aliases[key]
    raise ValueError(f"Onbekende {what} '{scope}'; geldige waarden: {', '.join(names)}.")


def is_region(scope_type: str) -> bool:
    """True for the region scope (the whole of Parkstad)."""
    return scope_type == "regio"


def scope_mask(frame: pd.DataFrame, scope_type: str, scope: str) -> pd.Series:
    """Boolean mask of the rows of ``frame`` that belong to a scope (region = every row).

    ``frame`` places rows by ``municipality`` (gemeente) or ``corporation`` (corporatie); a row
    without that value belongs to no party scope (a market plan has no corporation).
    """
    if scope_type == "regio":
        return pd.Series(True, index=frame.index)
    column = SCOPE_COLUMNS[scope_type]
    if column not in frame.columns:
        return pd.Series(False, index=frame.index)
    return (frame[column].astype("string") == scope).fillna(False).astype(bool)


def filter_to_scope(frame: pd.DataFrame, scope_type: str, scope: str) -> pd.DataFrame:
    """The rows of a party-level frame that belong to a scope (region = all rows)."""
    return frame[scope_mask(frame, scope_type, scope)]


def select_scope_rows(table: pd.DataFrame, scope_type: str, scope: str) -> pd.DataFrame:
    """The rows of a scoped table (columns ``scope_type``, ``scope``) for one scope."""
    keep = (table["scope_type"] == scope_type) & (table["scope"] == scope)
    return table[keep].reset_index(drop=True)


def scope_frame(municipalities: Iterable[str], corporations: Iterable[str]) -> pd.DataFrame:
    """All scopes: the region, every municipality and every corporation (sorted)."""
    rows = [("regio", REGION_NAME)] + [("gemeente", m) for m in sorted(municipalities)] + [
        ("corporatie", c) for c in sorted(corporations)]
    return pd.DataFrame(rows, columns=["scope_type", "scope"])


def scoped_sums(frame: pd.DataFrame, value_cols: Sequence[str], extra_keys: Sequence[str] = (),
                scope_types: Sequence[str] = SCOPE_TYPES, min_count: int = 0) -> pd.DataFrame:
    """Sum ``value_cols`` for the region and per party (region = sum of its parts).

    Args:
        frame: party-level rows with ``municipality`` and/or ``corporation`` columns.
        value_cols: columns to add up.
        extra_keys: further grouping keys kept in every row (e.g. ``year``).
        scope_types: which scope types to produce, in output order.
        min_count: as in ``DataFrame.sum``: with 1, a group of only missing values stays NA.

    Returns:
        ``scope_type, scope, *extra_keys, *value_cols``, grouped rows sorted within each type.
    """
    parts = []
    for scope_type in scope_types:
        col = SCOPE_COLUMNS.get(scope_type)
        keys = ([col] if col else []) + list(extra_keys)
        if keys:
            g = frame.groupby(keys, observed=True, sort=True)[list(value_cols)].sum(min_count=min_count).reset_index()
        else:
            g = frame[list(value_cols)].sum(min_count=min_count).to_frame().T
        g.insert(0, "scope", REGION_NAME if col is None else g.pop(col).astype(str))
        g.insert(0, "scope_type", scope_type)
        parts.append(g)
    return pd.concat(parts, ignore_index=True)


def sort_scopes(frame: pd.DataFrame, extra: Sequence[str] = (),
                scope_types: Sequence[str] = SCOPE_TYPES) -> pd.DataFrame:
    """Sort a scoped table: scope types in ``scope_types`` order, then scope, then ``extra``."""
    order = {s: i for i, s in enumerate(scope_types)}
    frame = frame.assign(_t=frame["scope_type"].map(order))
    frame = frame.sort_values(["_t", "scope", *extra], kind="stable").drop(columns="_t")
    return frame.reset_index(drop=True)


def scope_phrase(scope_type: str, scope: str) -> str:
    """How a scope reads in a Dutch sentence: "de regio Parkstad", "gemeente Heerlen", "corporatie Weller"."""
    return f"{SCOPE_WORDS[scope_type]} {scope}"
