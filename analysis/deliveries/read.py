"""Reading delivery files into raw sheets: the cells as the file holds them, below the header.

A delivery folder holds workbooks (one per sender per year: ``.xlsx``, ``.xlsm``, ``.xls``,
``.xlsb`` or ``.ods``) and/or ``.csv`` files, one per sheet, named ``<afzender>_<jaar>_<blad>.csv``.
This module turns each file into :class:`RawSheet` objects (header + data rows exactly as the
cells hold them) or, when a file cannot be read at all, into a :class:`~analysis.errors.Problem`
naming the file and why. Typing and checking happen in :mod:`analysis.deliveries.validate`.

Workbooks are read with python-calamine (one maintained reader for every format; about four
times faster than the hand-written expat reader it replaced, see ``docs/reading.md``). What it
cannot see is added from :mod:`~analysis.deliveries.validate_workbook`: the format from the
file's first bytes (an encrypted workbook or a renamed file gets its own message) and, in
``.xlsx`` and ``.ods``, formulas without a computed value and error values, which take the cell's
place as markers. The header is the row with the known column names among the first filled rows
(:mod:`~analysis.deliveries.validate_header`). The sheets ``toelichting`` and ``lijsten``
(written by ``rpa template``) and chart sheets are skipped; a hidden sheet is read, with a note.
Rows whose cells are all empty are skipped (Excel often keeps formatted empty rows).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from analysis.checksums import sha256_file as sha256_of
from analysis.deliveries.validate_header import Merged, locate_header, merged_notes, title_note
from analysis.deliveries.validate_workbook import CellFlag, audit_ods, audit_xlsx, sniff_format
from analysis.errors import Problem

__all__ = [
    "CSV_NAME", "IGNORED_SHEETS", "IGNORED_SUFFIXES", "SPREADSHEET_SUFFIXES", "UNSUPPORTED_SUFFIXES",
    "XLSX_NAME", "FileRead", "RawSheet", "list_delivery_files", "read_csv", "read_file", "read_workbook",
    "sha256_of",
]


#: Sheets written by ``rpa template`` that hold no data.
IGNORED_SHEETS = ("toelichting", "lijsten")

#: Files in a delivery folder that are not deliveries (documentation, notes).
IGNORED_SUFFIXES = (".md", ".txt", ".pdf", ".json", ".html")

#: Workbook formats read (by python-calamine), and the format each suffix promises.
SPREADSHEET_SUFFIXES = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".xlsb": "xlsb", ".ods": "ods"}

#: Spreadsheet formats we cannot read; the sender is asked to save as .xlsx.
UNSUPPORTED_SUFFIXES = (".numbers",)

CSV_NAME = re.compile(r"^(?P<sender>.+)_(?P<year>\d{4})_(?P<sheet>[^_]+)$")

#: A CSV register larger than this (about 20.000 dwellings) is checked column by column
#: (:mod:`analysis.deliveries.register_large`); smaller ones go cell by cell, like a workbook.
LARGE_CSV_BYTES = 2_000_000
REGISTER_SHEET = "voorraad"


def is_large_register(path: Path, csv_bytes: int | None = None) -> bool:
    """A ``<afzender>_<jaar>_voorraad`` file that goes the column-wise way (Parquet, or a large CSV)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return True
    m = CSV_NAME.match(path.stem)
    limit = LARGE_CSV_BYTES if csv_bytes is None else csv_bytes
    return (suffix == ".csv" and m is not None and m.group("sheet").lower() == REGISTER_SHEET
            and path.stat().st_size > limit)
XLSX_NAME = re.compile(r"^(?P<sender>.+?)_(?P<year>\d{4})(?:_.*)?$")

_WORKBOOK = "een werkmap (.xlsx, .xls, .xlsb of .ods)"
#: Why a file of a sniffed format cannot be read (``analysis.deliveries.validate_workbook.sniff_format``).
_UNREADABLE = {
    "empty": f"{_WORKBOOK}; het bestand is leeg (0 bytes)",
    "zip-broken": f"{_WORKBOOK}; het bestand is beschadigd (onvolledig zip-bestand): sla het opnieuw op of "
                  "stuur het opnieuw",
    "zip-other": f"{_WORKBOOK}; dit zip-bestand bevat geen werkblad (bijvoorbeeld een ander soort document "
                 "met een werkmap-extensie)",
    "other": f"{_WORKBOOK}; dit bestand is geen werkmap (bijvoorbeeld tekst of HTML met de extensie van een "
             "werkmap): open het in Excel en sla het op als .xlsx",
    "encrypted": "een werkmap zonder wachtwoord; dit bestand is met een wachtwoord beveiligd (versleuteld) en "
                 "kan niet gelezen worden: sla een kopie op zonder wachtwoord (Excel: Bestand > Info > Werkmap "
                 "beveiligen > Versleutelen met wachtwoord, wachtwoord leegmaken) en lever die",
}


@dataclass
class RawSheet:
    """One sheet (or CSV file) as read: headers and data rows.

    Attributes:
        file: file name.
        sheet: sheet name as written in the workbook (for CSV: the ``<blad>`` part of the name).
        headers: the header row as text (``""`` for an empty header cell), trailing empty
            headers removed.
        rows: (excel row number, cell values) per non-empty data row below the header, in file
            order; the values tuple has ``len(headers)`` entries (padded with None). A formula
            without a computed value or an error value is a
            :class:`~analysis.deliveries.validate_workbook.CellFlag`.
        is_csv: True for a CSV file (problems then carry sheet ``""``).
        header_row: row number of the header (1 unless rows above it are empty or a title).
        stray_rows: rows with values right of the last header (no column name: not read).
        notes: what the sender should know about how the sheet was read (header found lower,
            merged cells in the data, a hidden sheet); reported when the sheet is used.
        flagged: True when a cell holds a ``CellFlag``.
    """

    file: str
    sheet: str
    headers: list[str]
    rows: list[tuple[int, tuple]]
    is_csv: bool = False
    header_row: int = 1
    stray_rows: list[int] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    flagged: bool = False  # holds a CellFlag somewhere (a formula without a value, an error value)

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
    left out; sub-folders are not searched. Large registers (Parquet, or a large
    ``..._voorraad.csv``) are left out too: they are checked column by column
    (:mod:`analysis.deliveries.register_large`).
    """

    files, unsupported = [], []
    for p in sorted(Path(directory).iterdir(), key=lambda q: q.name):
        if not p.is_file() or p.name.startswith((".", "~$")) or is_large_register(p):
            continue
        suffix = p.suffix.lower()
        if suffix in SPREADSHEET_SUFFIXES or suffix == ".csv":
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


def _filled(values) -> bool:
    """Some cell holds a value (a loop, not a generator: this runs once per row of a register)."""
    for v in values:
        if v is not None and (v.__class__ is not str or v.strip()):
            return True
    return False


def _to_raw_sheet(file: str, sheet: str, rows_iter, *, is_csv: bool, merged: list[Merged] | None = None) -> RawSheet:
    filled = [(r, v) for r, v in rows_iter if v is not None and _filled(v)]
    if not filled:
        return RawSheet(file, sheet, [], [], is_csv)
    problem_sheet = "" if is_csv else sheet
    index, header_values = locate_header(filled, sheet, merged)
    header_row = filled[index][0]
    headers = [_header_text(v) for v in header_values]
    while headers and headers[-1] == "":
        headers.pop()
    width = len(headers)
    data: list[tuple[int, tuple]] = []
    stray: list[int] = []
    for excel_row, values in filled[index + 1:]:
        vals = tuple(values[:width])
        if len(vals) < width:
            vals = vals + (None,) * (width - len(vals))
        elif len(values) > width and _filled(values[width:]):
            stray.append(excel_row)
            if not _filled(vals):
                continue
        data.append((excel_row, vals))
    notes = [n for n in [title_note(file, problem_sheet, filled, index)] if n is not None]
    notes += merged_notes(file, problem_sheet, header_row, merged)
    return RawSheet(file, sheet, headers, data, is_csv, header_row, stray, notes)


def _unreadable(path: Path, why: str) -> Problem:
    return Problem(path.name, "", None, "", "", why)


def _grid_rows(grid: list[list], flags: dict[tuple[int, int], CellFlag] | None):
    """(excel row, values) from calamine's grid (``""`` = empty -> None), flagged cells put in place."""
    rows = [[None if v == "" else v for v in row] for row in grid]
    for (r, c), flag in (flags or {}).items():
        while len(rows) < r:
            rows.append([])
        row = rows[r - 1]
        if len(row) <= c:
            row.extend([None] * (c + 1 - len(row)))
        row[c] = flag
    return ((i, tuple(row)) for i, row in enumerate(rows, start=1))


def read_workbook(path: Path) -> FileRead:
    """Read every data sheet of a workbook; a file that cannot be opened gives ``unreadable``."""
    from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

    result = FileRead(path, sha256_of(path))
    fmt = sniff_format(path)
    if fmt in _UNREADABLE:
        result.unreadable = _unreadable(path, _UNREADABLE[fmt])
        return result
    suffix = path.suffix.lower()
    try:
        if SPREADSHEET_SUFFIXES.get(suffix) == fmt:
            wb = CalamineWorkbook.from_path(path)
        else:  # calamine picks the reader by suffix from a path, by content from bytes
            with open(path, "rb") as fh:
                wb = CalamineWorkbook.from_filelike(fh)
            result.sheet_problems.append(Problem(
                path.name, "", None, "", suffix or "(geen)",
                f"een extensie die bij de inhoud past: dit is een .{fmt}-werkmap; het bestand is als .{fmt} "
                f"gelezen (hernoem het naar {path.stem}.{fmt})", "waarschuwing"))
    except PasswordError:
        result.unreadable = _unreadable(path, _UNREADABLE["encrypted"])
        return result
    except Exception as exc:  # noqa: BLE001 - any failure to open means: unreadable, for this file only
        result.unreadable = _unreadable(path, f"een leesbare werkmap; het bestand is beschadigd ({type(exc).__name__}: "
                                              f"{str(exc)[:80]})")
        return result
    with wb:
        metas = [m for m in wb.sheets_metadata
                 if m.typ == SheetTypeEnum.WorkSheet and m.name.strip().lower() not in IGNORED_SHEETS]
        flags = _audit(path, fmt, [m.name for m in metas], result)
        for meta in metas:
            try:
                sheet = wb.get_sheet_by_name(meta.name)
                grid = sheet.to_python(skip_empty_area=False)
                merged = sheet.merged_cell_ranges or []
            except Exception as exc:  # noqa: BLE001 - a broken sheet must not stop the others
                result.sheet_problems.append(Problem(
                    path.name, meta.name, None, "", "",
                    f"een leesbaar blad; het blad is beschadigd ({type(exc).__name__})"))
                continue
            raw = _to_raw_sheet(path.name, meta.name, _grid_rows(grid, flags.get(meta.name)), is_csv=False,
                                merged=merged)
            raw.flagged = bool(flags.get(meta.name))
            if meta.visible != SheetVisibleEnum.Visible:
                raw.notes.append(Problem(path.name, meta.name, None, "", "verborgen",
                                         "een zichtbaar blad; dit blad is verborgen in de werkmap en is wel gelezen "
                                         "en verwerkt (controleer of dat de bedoeling is)", "waarschuwing"))
            result.sheets.append(raw)
    return result


def _audit(path: Path, fmt: str, sheets: list[str], result: FileRead) -> dict:
    """Formulas without a value and error values (``.xlsx``, ``.ods``); a failed audit is reported."""
    audit = {"xlsx": audit_xlsx, "ods": audit_ods}.get(fmt)
    if audit is None:
        return {}
    try:
        return audit(path, sheets)
    except Exception as exc:  # noqa: BLE001 - the values are still read; say what was not checked
        result.sheet_problems.append(Problem(
            path.name, "", None, "", "",
            f"een werkmap waarvan de formules gecontroleerd kunnen worden; dat lukte niet ({type(exc).__name__}): "
            "controleer zelf of elke formule een uitkomst heeft", "waarschuwing"))
        return {}


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
    head = [line for line in text.splitlines()[:50] if line.strip()][:20]  # a title line may come first
    semis, commas = sum(line.count(";") for line in head), sum(line.count(",") for line in head)
    delimiter = ";" if semis >= commas and semis > 0 else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = ((n, [c if c != "" else None for c in r]) for n, r in enumerate(reader, start=1))
    result.sheets.append(_to_raw_sheet(path.name, m.group("sheet"), rows, is_csv=True))
    return result


def read_file(path: Path) -> FileRead:
    """Read one delivery file (a workbook or a CSV file)."""
    if path.suffix.lower() == ".csv":
        return read_csv(path)
    return read_workbook(path)
