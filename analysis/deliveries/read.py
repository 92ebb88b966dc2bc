"""Reading delivery files into raw sheets: no interpretation, only cells.

A delivery folder holds ``.xlsx`` workbooks (one per sender per year) and/or ``.csv`` files,
one per sheet, named ``<afzender>_<jaar>_<blad>.csv``. This module turns each file into
:class:`RawSheet` objects (header row + data rows exactly as the cells hold them) or, when a
file cannot be read at all, into a :class:`~analysis.errors.Problem` naming the file and why.
Typing and checking happen in :mod:`analysis.deliveries.validate`.

Workbooks are read by the streaming reader of :mod:`analysis.deliveries.fast_xlsx`, with
openpyxl in read-only, values-only mode as the fallback (fast: tens of thousands of rows per
second). The sheets ``toelichting`` and ``lijsten`` (written by ``rpa template``) are
skipped. Rows whose cells are all empty are skipped (Excel often keeps formatted empty rows).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from analysis.checksums import sha256_file as sha256_of
from analysis.deliveries.fast_xlsx import fast_sheets
from analysis.errors import Problem

__all__ = [
    "CSV_NAME", "IGNORED_SHEETS", "IGNORED_SUFFIXES", "UNSUPPORTED_SUFFIXES", "XLSX_NAME",
    "FileRead", "RawSheet", "list_delivery_files", "read_csv", "read_file", "read_xlsx", "sha256_of",
]


#: Sheets written by ``rpa template`` that hold no data.
IGNORED_SHEETS = ("toelichting", "lijsten")

#: Files in a delivery folder that are not deliveries (documentation, notes).
IGNORED_SUFFIXES = (".md", ".txt", ".pdf", ".json", ".html")

#: Spreadsheet formats we cannot read; the sender is asked to save as .xlsx.
UNSUPPORTED_SUFFIXES = (".xls", ".xlsm", ".xlsb", ".ods", ".numbers")

CSV_NAME = re.compile(r"^(?P<sender>.+)_(?P<year>\d{4})_(?P<sheet>[^_]+)$")
XLSX_NAME = re.compile(r"^(?P<sender>.+?)_(?P<year>\d{4})(?:_.*)?$")


@dataclass
class RawSheet:
    """One sheet (or CSV file) as read: headers and data rows.

    Attributes:
        file: file name.
        sheet: sheet name as written in the workbook (for CSV: the ``<blad>`` part of the name).
        headers: row 1 as text (``""`` for an empty header cell), trailing empty headers removed.
        rows: (excel row number, cell values) per non-empty data row, in file order; the
            values tuple has ``len(headers)`` entries (padded with None).
        is_csv: True for a CSV file (problems then carry sheet ``""``).
        header_row: row number of the header (1 unless leading rows are empty).
        stray_rows: rows with values right of the last header (no column name: not read).
    """

    file: str
    sheet: str
    headers: list[str]
    rows: list[tuple[int, tuple]]
    is_csv: bool = False
    header_row: int = 1
    stray_rows: list[int] = field(default_factory=list)

    @property
    def problem_sheet(self) -> str:
        return "" if self.is_csv else self.sheet


@dataclass
class FileRead:
    """The result of reading one file: its sheets, or the problem that made it unreadable."""

    path: Path
    sha256: str
    sheets: list[RawSheet] = field(default_factory=list)
    unreadable: Problem | None = None
    sheet_problems: list[Problem] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.name


def list_delivery_files(directory: Path) -> tuple[list[Path], list[Path]]:
    """The delivery files of a folder (sorted by name) and the unsupported spreadsheets.

    Hidden files, Office lock files (``~$...``) and documentation (``.md``, ``.txt``, ...) are
    left out; sub-folders are not searched.
    """
    files, unsupported = [], []
    for p in sorted(Path(directory).iterdir(), key=lambda q: q.name):
        if not p.is_file() or p.name.startswith((".", "~$")):
            continue
        suffix = p.suffix.lower()
        if suffix in (".xlsx", ".csv"):
            files.append(p)
        elif suffix in UNSUPPORTED_SUFFIXES:
            unsupported.append(p)
    return files, unsupported


def _header_text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return " ".join(str(v).split())


def _is_empty(v) -> bool:
    return v is None or (isinstance(v, str) and v.strip() == "")


def _to_raw_sheet(file: str, sheet: str, rows_iter, *, is_csv: bool) -> RawSheet:
    header_row = None
    data: list[tuple[int, tuple]] = []
    stray: list[int] = []
    for excel_row, values in rows_iter:
        if header_row is None:
            if values is None or all(_is_empty(v) for v in values):
                # Leading empty rows: the header is the first non-empty row.
                continue
            header_row = excel_row
            headers = [_header_text(v) for v in values]
            while headers and headers[-1] == "":
                headers.pop()
            width = len(headers)
            continue
        if values is None or all(_is_empty(v) for v in values):
            continue
        vals = tuple(values[:width])
        if len(vals) < width:
            vals = vals + (None,) * (width - len(vals))
        elif len(values) > width and any(not _is_empty(v) for v in values[width:]):
            stray.append(excel_row)
        if all(_is_empty(v) for v in vals):
            continue
        data.append((excel_row, vals))
    if header_row is None:
        return RawSheet(file, sheet, [], [], is_csv)
    return RawSheet(file, sheet, headers, data, is_csv, header_row, stray)


def _unreadable(path: Path, why: str) -> Problem:
    return Problem(path.name, "", None, "", "", why)


def _fast_sheets(path: Path) -> list[tuple[str, list[tuple[int, tuple]]]]:
    """Every worksheet read by the streaming reader (tests patch this to force openpyxl)."""
    return fast_sheets(path, IGNORED_SHEETS)


def read_xlsx(path: Path) -> FileRead:
    """Read every data sheet of a workbook; a file that cannot be opened gives ``unreadable``.

    The fast streaming reader (:func:`_fast_sheets`) is tried first; any surprise in the file
    falls back to openpyxl, which also decides whether the file is unreadable.
    """
    from openpyxl import load_workbook

    result = FileRead(path, sha256_of(path))
    if path.stat().st_size > 0 and zipfile.is_zipfile(path):
        try:
            for title, rows in _fast_sheets(path):
                if title.strip().lower() in IGNORED_SHEETS:
                    continue
                result.sheets.append(_to_raw_sheet(path.name, title, rows, is_csv=False))
            return result
        except Exception:  # noqa: BLE001 - fall back to openpyxl, which reports what is wrong
            result.sheets = []
    size = path.stat().st_size
    if size == 0:
        result.unreadable = _unreadable(path, "een Excel-werkmap (.xlsx); het bestand is leeg (0 bytes)")
        return result
    if not zipfile.is_zipfile(path):
        with open(path, "rb") as fh:
            head = fh.read(8)
        if head.startswith(b"PK"):
            why = "een Excel-werkmap (.xlsx); het bestand is beschadigd (onvolledig zip-bestand)"
        elif head.startswith(b"\xd0\xcf\x11\xe0"):
            why = "een .xlsx-werkmap; dit is een oud Excel-bestand (.xls) of versleuteld: sla op als .xlsx"
        else:
            why = "een Excel-werkmap (.xlsx); dit bestand is geen werkmap (bijvoorbeeld tekst met de extensie .xlsx)"
        result.unreadable = _unreadable(path, why)
        return result
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any failure to open means: unreadable, for this file only
        result.unreadable = _unreadable(
            path, f"een leesbare Excel-werkmap (.xlsx); het bestand is beschadigd ({type(exc).__name__})")
        return result
    try:
        for ws in wb.worksheets:
            if ws.title.strip().lower() in IGNORED_SHEETS:
                continue
            try:
                if hasattr(ws, "reset_dimensions"):
                    ws.reset_dimensions()  # trust the cells, not the stored dimension
                rows = enumerate(ws.iter_rows(values_only=True), start=1)
                result.sheets.append(_to_raw_sheet(path.name, ws.title, rows, is_csv=False))
            except Exception as exc:  # noqa: BLE001 - a broken sheet must not stop the others
                result.sheet_problems.append(Problem(
                    path.name, ws.title, None, "", "",
                    f"een leesbaar blad; het blad is beschadigd ({type(exc).__name__})"))
    finally:
        wb.close()
    return result


def _decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def read_csv(path: Path) -> FileRead:
    """Read a CSV delivery file (``;`` or ``,`` separated, UTF-8 or Windows-1252)."""
    result = FileRead(path, sha256_of(path))
    m = CSV_NAME.match(path.stem)
    if not m:
        result.unreadable = _unreadable(
            path, "een bestandsnaam <afzender>_<jaar>_<blad>.csv, bijvoorbeeld weller_2026_voorraad.csv")
        return result
    data = path.read_bytes()
    if not data.strip():
        result.unreadable = _unreadable(path, "een CSV-bestand met een kopregel; het bestand is leeg")
        return result
    if b"\x00" in data[:4096]:
        result.unreadable = _unreadable(path, "een CSV-tekstbestand; dit bestand is binair")
        return result
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") and first.count(";") > 0 else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = ((n, [c if c != "" else None for c in r]) for n, r in enumerate(reader, start=1))
    result.sheets.append(_to_raw_sheet(path.name, m.group("sheet"), rows, is_csv=True))
    return result


def read_file(path: Path) -> FileRead:
    """Read one delivery file (xlsx or csv)."""
    if path.suffix.lower() == ".csv":
        return read_csv(path)
    return read_xlsx(path)
