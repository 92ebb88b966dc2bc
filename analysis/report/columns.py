"""What the columns of a published table mean: Dutch header, descriptions, unit and display format.

A report's CSV tables stay machine-readable (English snake_case names, dot decimals, codes);
the XLSX workbook shows the same figures to people, in Dutch. Both take the meaning of a
column from one reference, ``columns.csv`` beside this module:

- one row per published column name (``table`` empty), and a row with a ``table`` where the
  same name means something more specific in that table (``target`` of ``inponding`` is a
  yearly target);
- ``header_nl`` (the workbook header), ``description_nl``, ``description_en`` (the
  ``datapackage.json``), ``unit_nl``;
- ``format``: how a person reads the number (:data:`NUMBER_FORMATS`); ``per_unit`` means the
  row's ``unit`` column decides (the monitor's targets are in woningen, euro or procent);
- ``codes``: the code list whose Dutch labels replace the codes in the workbook
  (:func:`code_labels`).

``tables.csv`` gives each table its Dutch sheet name and a title in Dutch and English.
``tests/test_workbook.py`` fails when a table of a real reporting set has a column or a
table that is not described here.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = [
    "BOOL_LABELS", "Column", "NUMBER_FORMATS", "TableInfo", "code_labels", "column_info", "columns", "display_code",
    "number_format", "table_info", "tables",
]

HERE = Path(__file__).resolve().parent
COLUMNS_FILE = HERE / "columns.csv"
TABLES_FILE = HERE / "tables.csv"

#: Display format -> Excel number format code. The codes are stored in Excel's neutral
#: (en-US) notation, which Excel and LibreOffice show in the reader's locale: ``#,##0`` is
#: shown as 1.234 and ``0.0%`` as 12,3% in a Dutch Excel. ``None``: text or General.
NUMBER_FORMATS: dict[str, str | None] = {
    "text": None,
    "count": "#,##0",
    "decimal": "#,##0.0",
    "eur": '"€ "#,##0;"€ "-#,##0',
    "share": "0.0%",          # a fraction 0-1 shown as a percentage
    "percent": '0.0"%"',      # already a percentage (0-100)
    "ratio": "0.00",
    "year": "0",
    "number": "0",
    "bool": None,
    "per_unit": None,         # decided per row by UNIT_FORMATS
}

#: Row unit (the monitor's ``unit`` column) -> display format, for ``per_unit`` columns.
UNIT_FORMATS = {"euro": "eur", "euro_per_maand": "eur", "procent": "percent"}
#: Units counted in whole things; any other unit is shown with one decimal.
COUNT_UNITS = ("woningen", "woningen_per_jaar", "huishoudens", "gebieden", "projecten", "personen")

#: How a CSV boolean is shown in the workbook.
BOOL_LABELS = {"True": "ja", "False": "nee", "true": "ja", "false": "nee"}

#: Comparison operators of the targets, in words.
COMPARISON_LABELS = {">=": "minimaal", "<=": "hoogstens", ">": "meer dan", "<": "lager dan", "=": "gelijk aan"}


@dataclass(frozen=True)
class Column:
    """The meaning of one published column (a row of ``columns.csv``)."""

    name: str
    header_nl: str
    description_nl: str
    description_en: str
    unit_nl: str
    format: str
    codes: str


@dataclass(frozen=True)
class TableInfo:
    """A published table's Dutch sheet name and titles (a row of ``tables.csv``)."""

    name: str
    sheet_nl: str
    title_nl: str
    description_en: str


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@cache
def columns() -> dict[tuple[str, str], Column]:
    """``(table or "", column) -> Column`` for every row of ``columns.csv``."""
    out = {}
    for r in _read(COLUMNS_FILE):
        fmt = r["format"]
        if (r["table"], r["column"]) in out:
            raise ValueError(f"{COLUMNS_FILE.name}: kolom {r['column']} staat twee keer in de lijst ({r['table'] or 'alle tabellen'})")
        if fmt not in NUMBER_FORMATS:
            raise ValueError(f"{COLUMNS_FILE.name}: kolom {r['column']} heeft onbekend formaat {fmt!r}")
        out[(r["table"], r["column"])] = Column(r["column"], r["header_nl"], r["description_nl"],
                                                r["description_en"], r["unit_nl"], fmt, r["codes"])
    return out


@cache
def tables() -> dict[str, TableInfo]:
    """Table name -> :class:`TableInfo` for every row of ``tables.csv``."""
    return {r["table"]: TableInfo(r["table"], r["sheet_nl"], r["title_nl"], r["description_en"])
            for r in _read(TABLES_FILE)}


def column_info(table: str, column: str) -> Column | None:
    """The meaning of ``column`` in ``table`` (the table's own row first), or None if undescribed."""
    known = columns()
    return known.get((table, column)) or known.get(("", column))


def table_info(table: str) -> TableInfo | None:
    """The Dutch sheet name and titles of ``table``, or None if undescribed."""
    return tables().get(table)


def number_format(column: Column | None, row_unit: str | None = None) -> str | None:
    """The Excel number format of a numeric cell of ``column`` (``row_unit``: the row's unit)."""
    if column is None:
        return None
    fmt = column.format
    if fmt == "per_unit":
        unit = (row_unit or "").strip()
        fmt = UNIT_FORMATS.get(unit) or ("count" if unit in COUNT_UNITS else "decimal")
    return NUMBER_FORMATS[fmt]


@cache
def code_labels(source: str) -> dict[str, str]:
    """Code -> Dutch label for a ``codes`` entry of ``columns.csv``.

    ``source`` is a code list of the delivery contract (:data:`analysis.schemas.CODE_LISTS`)
    or one of the suite's vocabularies: ``target_segment`` (the targets' segments),
    ``norm`` and ``task_item`` (the finance model), ``scenario`` and ``target`` (reference
    tables) and ``comparison``. The analyses' own words are used, so the workbook
    says what the report says. Imported lazily: only a workbook with such a column pays.
    """
    from analysis.schemas import CODE_LISTS, code_label

    if source in CODE_LISTS:
        return {code: code_label(source, code) for code in CODE_LISTS[source]}
    if source == "target_segment":
        from analysis.rules.plans import SEGMENT_LABELS

        return dict(SEGMENT_LABELS)
    if source == "norm":
        from analysis.finance.text import norm_label
        from analysis.finance.vocabulary import NO_FINANCES, NORM_IDS

        return {n: norm_label(n) for n in (*NORM_IDS, NO_FINANCES)}
    if source == "task_item":
        from analysis.finance.vocabulary import ITEM_LABELS

        return dict(ITEM_LABELS)
    if source == "scenario":
        from analysis.finance.inputs import load_scenarios

        s = load_scenarios()
        return dict(zip(s["scenario"], s["label_nl"], strict=True))
    if source == "target":
        from analysis import reference

        t = reference.targets()
        return dict(zip(t["target_id"], t["description_nl"], strict=True))
    if source == "comparison":
        return dict(COMPARISON_LABELS)
    raise KeyError(f"onbekende codelijst {source!r} in {COLUMNS_FILE.name}")


def display_code(source: str, code: str) -> str:
    """The Dutch label of ``code`` in ``source`` (see :func:`code_labels`); unknown codes unchanged.

    Units are snake_case words (``woningen_per_jaar``) and are shown with spaces.
    """
    if source == "unit":
        return code.replace("_", " ")
    return code_labels(source).get(code, code)
