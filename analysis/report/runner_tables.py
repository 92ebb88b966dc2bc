"""A report's tables: the XLSX workbook beside the CSV tables, and the privacy check.

No table or HTML report of the stakeholder set may hold a dwelling-level identifier
(:data:`FORBIDDEN_COLUMNS`).
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["FORBIDDEN_COLUMNS", "privacy_problems", "write_workbook"]

#: Columns that identify a single dwelling; they never appear in a stakeholder output.
FORBIDDEN_COLUMNS = ("vhe_id",)


def write_workbook(tables: list[Path], path: Path) -> None:
    """One XLSX workbook, one sheet per CSV table; formula-like text neutralised."""
    import csv

    from openpyxl import Workbook

    from analysis.outputs import neutralise_formula

    wb = Workbook(write_only=True)
    used: set[str] = set()
    for table in tables:
        name = table.stem[:31] or "tabel"
        base, n = name, 2
        while name.lower() in used:
            suffix = f"_{n}"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        used.add(name.lower())
        ws = wb.create_sheet(title=name)
        with open(table, newline="", encoding="utf-8") as fh:
            for i, row in enumerate(csv.reader(fh)):
                ws.append([neutralise_formula(v) if i == 0 else _cell(v) for v in row])
    if not used:
        wb.create_sheet(title="geen tabellen")
    wb.save(path)


_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _cell(text: str):
    """A CSV cell as an XLSX value: numbers as numbers, text neutralised, empty as blank."""
    from analysis.outputs import neutralise_formula

    if text == "":
        return None
    if _NUMBER.fullmatch(text):
        return int(text) if text.lstrip("-").isdigit() else float(text)
    return neutralise_formula(text)


def privacy_problems(tables: list[Path], html_text: str) -> list[str]:
    """Dwelling-level identifiers in a report's outputs (column names), as Dutch sentences."""
    import csv

    problems = []
    for table in tables:
        with open(table, newline="", encoding="utf-8") as fh:
            header = next(csv.reader(fh), [])
        bad = [c for c in header if c.strip().lower() in FORBIDDEN_COLUMNS]
        if bad:
            problems.append(f"tabel {table.name} bevat woningniveau-identificatie ({', '.join(bad)})")
    for col in FORBIDDEN_COLUMNS:
        if col in html_text:
            problems.append(f"het HTML-rapport bevat woningniveau-identificatie ({col})")
    return problems
