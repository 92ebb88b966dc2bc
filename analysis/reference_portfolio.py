"""The regional project portfolio (``portfolio_projects.csv``, agreement chapter 5 annex table)."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from analysis.errors import Problem
from analysis.reference_parties import corporation_names, municipality_names
from analysis.reference_tables import _check_codes, _check_unique, _dir, _raise, _split, load_table

__all__ = ["FUNDING_COLUMNS", "REGION_WIDE", "portfolio_projects", "project_corporations"]

#: Municipality value for region-wide projects in portfolio_projects.csv.
REGION_WIDE = "Parkstad"
FUNDING_COLUMNS = (
    "volkshuisvestingsfonds",
    "woningbouwimpuls",
    "startbouwimpuls",
    "regio_deal",
    "du_bevolkingsdaling",
)


@lru_cache(maxsize=4)
def _portfolio_projects(directory: str | None) -> pd.DataFrame:
    frame = load_table(
        "portfolio_projects",
        {"nr": "int", "project": "str", "municipality": "str", "corporations": "str",
         **{c: "bool" for c in FUNDING_COLUMNS},
         "wbi_social_rent_dwellings": "int", "wbi_mid_rent_dwellings": "int", "flags_note": "str"},
        optional=("corporations", "wbi_social_rent_dwellings", "wbi_mid_rent_dwellings", "flags_note"),
        directory=_dir(directory),
    )
    f = "portfolio_projects.csv"
    problems = _check_unique(frame, f, ["nr"])
    problems += _check_codes(frame, f, "municipality", (*municipality_names(), REGION_WIDE))
    known = set(corporation_names())
    for i, cell in enumerate(frame["corporations"].tolist()):
        for name in _split(cell if not pd.isna(cell) else None):
            if name not in known:
                problems.append(Problem(f, "", i + 2, "corporations", name,
                                        "canonieke corporatienamen uit corporations.csv, gescheiden door |"))
    _raise(problems, "portfolio_projects")
    return frame


def portfolio_projects(directory: str | None = None) -> pd.DataFrame:
    """The 51 projects of the regional project portfolio (agreement chapter 5 annex table).

    Columns: ``nr, project, municipality`` (canonical name, or ``"Parkstad"`` when
    region-wide), ``corporations`` (canonical names separated by ``|``; NA when none listed),
    the boolean funding flags :data:`FUNDING_COLUMNS`, ``wbi_social_rent_dwellings`` and
    ``wbi_mid_rent_dwellings`` (only the four projects chapter 5 quantifies), ``flags_note``
    (how a row was reconstructed, or an inconsistency with the text), ``source``.
    """
    return _portfolio_projects(directory).copy()


def project_corporations(directory: str | None = None) -> pd.DataFrame:
    """The portfolio in long form: one row per (project ``nr``, ``corporation``)."""
    frame = _portfolio_projects(directory)
    rows = [(int(r["nr"]), name) for _, r in frame.iterrows()
            for name in _split(r["corporations"] if not pd.isna(r["corporations"]) else None)]
    return pd.DataFrame(rows, columns=["nr", "corporation"]).astype({"nr": "Int64", "corporation": "string"})
