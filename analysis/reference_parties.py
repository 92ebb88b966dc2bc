"""The parties of the agreement: the 7 Parkstad municipalities and the 9 corporations of the ROW.

Each with its canonical name and every accepted spelling (aliases), from
``municipalities.csv`` and ``corporations.csv``.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from analysis.reference_tables import _dir, _split, load_table

__all__ = [
    "corporation_aliases", "corporation_names", "corporations", "municipalities",
    "municipality_aliases", "municipality_names",
]


@lru_cache(maxsize=4)
def municipalities(directory: str | None = None) -> pd.DataFrame:
    """The 7 Parkstad municipalities: code, name, aliases, region."""
    return load_table(
        "municipalities",
        {"code": "str", "name": "str", "aliases": "str", "former_municipalities": "str",
         "region_code": "str", "region_name": "str"},
        optional=("aliases", "former_municipalities"),
        directory=_dir(directory),
    )


@lru_cache(maxsize=4)
def corporations(directory: str | None = None) -> pd.DataFrame:
    """The 9 corporations of the ROW: id, name, aliases."""
    return load_table(
        "corporations",
        {"corporation_id": "str", "name": "str", "aliases": "str"},
        optional=("aliases",),
        directory=_dir(directory),
    )


def _alias_map(frame: pd.DataFrame, key: str, extra_cols: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for _, r in frame.iterrows():
        name = str(r[key])
        spellings = [name, *_split(r.get("aliases"))]
        for c in extra_cols:
            if c in r and isinstance(r[c], str):
                spellings.append(r[c])
        for s in spellings:
            out[" ".join(s.split()).lower()] = name
    return out


def municipality_aliases() -> dict[str, str]:
    """Every accepted spelling (lower-case, single spaces) -> canonical municipality name."""
    return _alias_map(municipalities(), "name", ("code",))


def corporation_aliases() -> dict[str, str]:
    """Every accepted spelling (lower-case, single spaces) -> canonical corporation name."""
    return _alias_map(corporations(), "name", ("corporation_id",))


def municipality_names() -> list[str]:
    return municipalities()["name"].tolist()


def corporation_names() -> list[str]:
    return corporations()["name"].tolist()
