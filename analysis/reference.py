"""Reference data: every target, threshold, norm and parameter, each with its source.

All tables live as CSV in ``data/raw/reference/`` and every one has a non-empty ``source``
column (document and agreement number or page, or an address). Code never hard-codes a
policy figure: it asks this module.

:func:`load_table` is the one generic loader. It checks the columns and types that the caller
declares and raises :class:`~analysis.errors.ValidationFailed` with *every* problem found,
each naming the file, the row (as numbered in a spreadsheet, header = row 1) and the column.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.errors import Problem, ValidationFailed

#: Column kinds understood by :func:`load_table`.
KINDS = ("str", "int", "float", "bool", "year")
_KIND_TEXT = {
    "str": "tekst",
    "int": "een geheel getal",
    "float": "een getal (punt als decimaalteken)",
    "bool": "true/false",
    "year": "een jaartal",
}


def _coerce(value: str, kind: str):
    """Convert one CSV cell (text) to ``kind``; raise ValueError when impossible."""
    if kind == "str":
        return value
    if kind in ("int", "year"):
        f = float(value)
        if not f.is_integer():
            raise ValueError(value)
        return int(f)
    if kind == "float":
        return float(value)
    if kind == "bool":
        v = value.strip().lower()
        if v in ("true", "1", "ja", "yes", "x"):
            return True
        if v in ("false", "0", "nee", "no", ""):
            return False
        raise ValueError(value)
    raise KeyError(kind)


def load_table(
    name: str,
    columns: dict[str, str],
    *,
    optional: tuple[str, ...] = (),
    directory: Path | None = None,
) -> pd.DataFrame:
    """Load ``<directory>/<name>.csv`` and check it against ``columns``.

    Args:
        name: file name without ``.csv``.
        columns: column -> kind (see :data:`KINDS`). ``source`` is always required.
        optional: columns that may be empty in a row (a missing value stays NA; it is
            never guessed). All other declared columns must be filled in every row.
        directory: defaults to ``data/raw/reference``.

    Returns:
        The table with typed columns (nullable dtypes), in file order.

    Raises:
        ValidationFailed: listing every missing column, empty required cell and cell of
            the wrong type, with file, row and column.
    """
    directory = Path(directory) if directory is not None else config.REFERENCE_DIR
    path = directory / f"{name}.csv"
    fname = path.name
    if not path.exists():
        raise ValidationFailed(
            [Problem(fname, "", None, "", "", f"het bestand {path} bestaat niet")],
            what=f"referentietabel {name}",
        )
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    spec = dict(columns)
    spec.setdefault("source", "str")
    problems: list[Problem] = []
    for col in spec:
        if col not in raw.columns:
            problems.append(
                Problem(fname, "", 1, col, "", f"kolom '{col}' ({_KIND_TEXT[spec[col]]}) ontbreekt in de kopregel")
            )
    if problems:
        raise ValidationFailed(problems, what=f"referentietabel {name}")

    out = {}
    for col, kind in spec.items():
        values = []
        for i, cell in enumerate(raw[col].tolist()):
            row = i + 2  # header is row 1
            cell = cell.strip()
            if cell == "":
                if col in optional:
                    values.append(None)
                    continue
                problems.append(Problem(fname, "", row, col, "", f"{_KIND_TEXT[kind]} (verplicht veld)"))
                values.append(None)
                continue
            try:
                values.append(_coerce(cell, kind))
            except (ValueError, KeyError):
                problems.append(Problem(fname, "", row, col, cell, _KIND_TEXT[kind]))
                values.append(None)
        dtype = {"str": "string", "int": "Int64", "year": "Int64", "float": "Float64", "bool": "boolean"}[kind]
        out[col] = pd.array(values, dtype=dtype)
    if problems:
        raise ValidationFailed(problems, what=f"referentietabel {name}")
    extra = [c for c in raw.columns if c not in spec]
    frame = pd.DataFrame(out)
    for c in extra:  # keep undeclared columns as text, untouched
        frame[c] = raw[c].astype("string")
    return frame


def _split(s) -> list[str]:
    return [a.strip() for a in str(s).split("|") if a.strip()] if isinstance(s, str) else []


@lru_cache(maxsize=4)
def municipalities(directory: str | None = None) -> pd.DataFrame:
    """The 7 Parkstad municipalities: code, name, aliases, region."""
    return load_table(
        "municipalities",
        {"code": "str", "name": "str", "aliases": "str", "former_municipalities": "str",
         "region_code": "str", "region_name": "str"},
        optional=("aliases", "former_municipalities"),
        directory=Path(directory) if directory else None,
    )


@lru_cache(maxsize=4)
def corporations(directory: str | None = None) -> pd.DataFrame:
    """The 9 corporations of the ROW: id, name, aliases."""
    return load_table(
        "corporations",
        {"corporation_id": "str", "name": "str", "aliases": "str"},
        optional=("aliases",),
        directory=Path(directory) if directory else None,
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
