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


# --------------------------------------------------------------------------------------
# Typed loaders for the policy tables (targets, thresholds, norms, project portfolio).
# Each validates its code lists as well as its types, and reports every problem with
# file, row and column (header = row 1), like load_table.
# --------------------------------------------------------------------------------------

#: Code lists of targets.csv (vocabulary, not policy figures).
TARGET_SCOPES = ("regio", "gemeente", "corporatie", "landelijk")
TARGET_SEGMENTS = ("sociale_huur", "middenhuur_betaalbare_koop", "flex", "totaal")
TARGET_KINDS = ("minimum", "ambitie", "indicatie", "norm", "maximum")
TARGET_COMPARISONS = (">=", "<=", "==", ">", "<", "rule")
TARGET_STATUSES = ("geldig", "vervallen")

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

NORM_OPERATORS = (">=", "<=", ">", "<")
#: Municipality value for region-wide projects in portfolio_projects.csv.
REGION_WIDE = "Parkstad"
FUNDING_COLUMNS = (
    "volkshuisvestingsfonds",
    "woningbouwimpuls",
    "startbouwimpuls",
    "regio_deal",
    "du_bevolkingsdaling",
)


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
