"""The generic loader of the reference tables and the checks the typed loaders share.

:func:`load_table` checks the columns and types that the caller declares and raises
:class:`~analysis.errors.ValidationFailed` with *every* problem found, each naming the file,
the row (as numbered in a spreadsheet, header = row 1) and the column. The helpers below it
check code lists and unique keys in the same way for the typed loaders of
:mod:`analysis.reference`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import config
from analysis.errors import Problem, ValidationFailed

__all__ = ["KINDS", "load_table"]

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


def _dir(directory: str | None) -> Path | None:
    return Path(directory) if directory else None


def _check_codes(
    frame: pd.DataFrame, fname: str, column: str, allowed, *, allow_empty: bool = False
) -> list[Problem]:
    """One Problem per cell of ``column`` whose value is not in ``allowed``."""
    problems = []
    allowed = tuple(allowed)
    for i, v in enumerate(frame[column].tolist()):
        if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)):
            if allow_empty:
                continue
            v = ""
        if v not in allowed:
            problems.append(
                Problem(fname, "", i + 2, column, str(v), "een van: " + ", ".join(allowed))
            )
    return problems


def _check_unique(frame: pd.DataFrame, fname: str, columns: list[str]) -> list[Problem]:
    """One Problem per row that repeats an earlier key."""
    dup = frame.duplicated(subset=columns, keep="first")
    return [
        Problem(fname, "", i + 2, columns[-1], " / ".join(str(frame.iloc[i][c]) for c in columns),
                "een unieke " + " + ".join(columns) + " (komt eerder voor)")
        for i in range(len(frame)) if bool(dup.iloc[i])
    ]


def _raise(problems: list[Problem], name: str) -> None:
    if problems:
        raise ValidationFailed(problems, what=f"referentietabel {name}")
