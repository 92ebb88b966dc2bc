"""``tables/datapackage.json``: a Frictionless Data Package that describes a report's CSV tables.

The CSV tables stay machine-readable (UTF-8, English snake_case names with units, ``.`` as
decimal separator, codes). Beside them, ``datapackage.json`` (Frictionless Tabular Data
Package, Table Schema per file) says for every column its type, its Dutch header
(``title``), what it means in Dutch (``description``) and in English (``description_en``)
and its unit, taken from :mod:`analysis.report.columns` (for a coded column also ``labels_nl``, the
Dutch label of every code in the file); and for the package the report it
belongs to (year, phase, scope, data source, code version) and ``example_data``: true when
the set is built on the illustrative example deliveries (the description then starts with
the example-data warning of the reports).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from analysis.report.columns import BOOL_LABELS, column_info, table_info

__all__ = ["DATAPACKAGE_FILE", "About", "field_type", "package_descriptor", "read_table", "write_datapackage"]

DATAPACKAGE_FILE = "datapackage.json"

_INT = re.compile(r"-?\d+")
_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


@dataclass(frozen=True)
class About:
    """What a report's tables belong to: the report, its data and the code that made it.

    The runner fills it in (:func:`analysis.report.runner_tables.report_about`); the workbook's
    "Lees mij" sheet and ``datapackage.json`` show it.
    """

    title: str
    year: int
    phase: str
    phase_title: str
    scope_type: str
    scope: str
    slug: str
    example_data: bool
    source: str
    code_version: str
    day: dt.date
    regional: dict[str, str] = field(default_factory=dict)

    @property
    def scope_label(self) -> str:
        """``regio Parkstad``, ``gemeente Heerlen``, ``corporatie Weller``."""
        return f"{self.scope_type} {self.scope}"


def read_table(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a CSV table, as text."""
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return (rows[0] if rows else []), rows[1:]


def field_type(values: list[str]) -> str:
    """Table Schema type of a CSV column from its cells: boolean, integer, number or string.

    Empty cells are missing values and do not decide the type; a column of only empty cells
    is a string column.
    """
    filled = [v for v in values if v != ""]
    if not filled:
        return "string"
    if all(v in BOOL_LABELS for v in filled):
        return "boolean"
    if all(_INT.fullmatch(v) for v in filled):
        return "integer"
    if all(_NUMBER.fullmatch(v) for v in filled):
        return "number"
    return "string"


def _field(table: str, name: str, values: list[str]) -> dict:
    info = column_info(table, name)
    out = {"name": name, "type": field_type(values)}
    if info is not None:
        out.update(title=info.header_nl, description=info.description_nl, description_en=info.description_en)
        if info.unit_nl:
            out["unit"] = info.unit_nl
        if info.codes:
            from analysis.report.columns import display_code

            present = sorted({v for v in values if v != ""})
            out["labels_nl"] = {v: display_code(info.codes, v) for v in present}
    return out


def _resource(path: Path, about: About | None) -> dict:
    header, rows = read_table(path)
    table = path.stem
    info = table_info(table)
    columns = [[r[i] if i < len(r) else "" for r in rows] for i in range(len(header))]
    out = {
        "name": table.lower(),
        "path": path.name,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {"fields": [_field(table, n, v) for n, v in zip(header, columns, strict=True)],
                   "missingValues": [""]},
    }
    if info is not None:
        out.update(title=info.title_nl, description=info.title_nl, description_en=info.description_en)
    if about is not None and table in about.regional:
        out["regional"] = about.regional[table]
    return out


def _name(slug: str) -> str:
    return re.sub(r"[^a-z0-9._-]+", "-", slug.lower()).strip("-") or "tabellen"


def package_descriptor(tables: list[Path], about: About | None) -> dict:
    """The Data Package descriptor of ``tables`` (one CSV resource each)."""
    from analysis.outputs import EXAMPLE_BANNER_TEXT

    out: dict = {
        "profile": "tabular-data-package",
        "resources": [_resource(p, about) for p in tables],
    }
    if about is None:
        out["name"] = "tabellen"
        return out
    description = (f"De tabellen van {about.title} ({about.scope_label}), {about.phase_title} {about.year}. "
                   f"Gegevens: {about.source}")
    description_en = (f"The tables of the report '{about.title}' ({about.scope_type} {about.scope}), phase "
                      f"{about.phase}, {about.year}." + (" Illustrative example data: generated deliveries, not real "
                                                        "figures." if about.example_data else ""))
    out.update(
        name=_name(f"rpa-{about.year}-{about.slug}"),
        title=f"{about.title} – {about.scope_label} ({about.phase_title} {about.year})",
        description=(EXAMPLE_BANNER_TEXT + " " if about.example_data else "") + description,
        description_en=description_en,
        example_data=about.example_data,
        year=about.year,
        phase=about.phase,
        scope_type=about.scope_type,
        scope=about.scope,
        report_date=about.day.isoformat(),
        sources=[{"title": about.source}],
        code_version=about.code_version,
    )
    return out


def write_datapackage(tables: list[Path], folder: Path, about: About | None = None) -> Path | None:
    """Write ``folder/datapackage.json`` for ``tables`` (CSV files in ``folder``); None if no tables."""
    if not tables:
        return None
    path = Path(folder) / DATAPACKAGE_FILE
    text = json.dumps(package_descriptor(tables, about), indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    return path
