"""Reading delivery files into raw sheets: no interpretation, only cells.

A delivery folder holds ``.xlsx`` workbooks (one per sender per year) and/or ``.csv`` files,
one per sheet, named ``<afzender>_<jaar>_<blad>.csv``. This module turns each file into
:class:`RawSheet` objects (header row + data rows exactly as the cells hold them) or, when a
file cannot be read at all, into a :class:`~analysis.errors.Problem` naming the file and why.
Typing and checking happen in :mod:`analysis.deliveries.validate`.

Workbooks are read with openpyxl in read-only, values-only mode (fast: tens of thousands of
rows per second). The sheets ``toelichting`` and ``lijsten`` (written by ``rpa template``) are
skipped. Rows whose cells are all empty are skipped (Excel often keeps formatted empty rows).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from analysis.errors import Problem

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


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


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


# --------------------------------------------------------------------------------------
# Fast xlsx reader: expat straight over the sheet XML (openpyxl's read-only mode spends most
# of its time building ElementTree elements per cell). Handles shared/inline strings, booleans,
# errors, numbers and date-formatted numbers; anything unexpected raises and the caller falls
# back to openpyxl.
# --------------------------------------------------------------------------------------

_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1]


def _col_index(ref: str) -> int:
    n = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            n = n * 26 + (ord(ch) - 64)
        else:
            break
    return n - 1


def _parse(data_or_file, start, end, chars) -> None:
    from xml.parsers import expat

    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    if isinstance(data_or_file, bytes):
        parser.Parse(data_or_file, True)
    else:
        parser.ParseFile(data_or_file)


def _shared_strings(z: zipfile.ZipFile, name: str | None) -> list[str]:
    if not name or name not in z.namelist():
        return []
    out: list[str] = []
    state = {"parts": None, "in_t": False, "skip": 0}

    def start(tag, attrs):
        tag = _local(tag)
        if tag == "si":
            state["parts"] = []
        elif tag == "rPh":
            state["skip"] += 1
        elif tag == "t" and not state["skip"]:
            state["in_t"] = True

    def end(tag):
        tag = _local(tag)
        if tag == "si":
            out.append("".join(state["parts"]))
            state["parts"] = None
        elif tag == "rPh":
            state["skip"] -= 1
        elif tag == "t":
            state["in_t"] = False

    def chars(text):
        if state["in_t"] and state["parts"] is not None:
            state["parts"].append(text)

    with z.open(name) as fh:
        _parse(fh, start, end, chars)
    return out


def _date_styles(z: zipfile.ZipFile, name: str | None) -> set[int]:
    """Indices of cell formats (``s`` attribute) that show a number as a date."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

    if not name or name not in z.namelist():
        return set()
    custom: dict[int, str] = {}
    xfs: list[int] = []
    depth = {"cellXfs": False}

    def start(tag, attrs):
        tag = _local(tag)
        if tag == "numFmt":
            custom[int(attrs["numFmtId"])] = attrs.get("formatCode", "")
        elif tag == "cellXfs":
            depth["cellXfs"] = True
        elif tag == "xf" and depth["cellXfs"]:
            xfs.append(int(attrs.get("numFmtId", 0)))

    def end(tag):
        if _local(tag) == "cellXfs":
            depth["cellXfs"] = False

    _parse(z.read(name), start, end, lambda text: None)
    out = set()
    for i, fmt_id in enumerate(xfs):
        code = custom.get(fmt_id, BUILTIN_FORMATS.get(fmt_id, "General"))
        if is_date_format(code):
            out.add(i)
    return out


def _workbook_parts(z: zipfile.ZipFile) -> tuple[list[tuple[str, str]], str | None, str | None, bool]:
    """(sheet name, part path) in workbook order, shared strings part, styles part, 1904 epoch."""
    rels: dict[str, tuple[str, str]] = {}

    def rel_start(tag, attrs):
        if _local(tag) == "Relationship":
            rels[attrs["Id"]] = (attrs.get("Type", ""), attrs["Target"])

    _parse(z.read("xl/_rels/workbook.xml.rels"), rel_start, lambda t: None, lambda t: None)
    sheets: list[tuple[str, str]] = []
    flags = {"1904": False}

    def wb_start(tag, attrs):
        tag = _local(tag)
        if tag == "sheet":
            rid = next(v for k, v in attrs.items() if _local(k) == "id")
            sheets.append((attrs["name"], rid))
        elif tag == "workbookPr":
            flags["1904"] = attrs.get("date1904", "0") in ("1", "true")

    _parse(z.read("xl/workbook.xml"), wb_start, lambda t: None, lambda t: None)

    def resolve(target: str) -> str:
        return target.lstrip("/") if target.startswith("/") else "xl/" + target

    parts = [(name, resolve(rels[rid][1])) for name, rid in sheets if rels[rid][0].endswith("/worksheet")]
    shared = next((resolve(t) for typ, t in rels.values() if typ.endswith("/sharedStrings")), None)
    styles = next((resolve(t) for typ, t in rels.values() if typ.endswith("/styles")), None)
    return parts, shared, styles, flags["1904"]


def _sheet_rows(z: zipfile.ZipFile, part: str, shared: list[str], date_styles: set[int],
                epoch1904: bool) -> list[tuple[int, tuple]]:
    """Rows of one worksheet part. Tight closures: this is the hot loop of validation."""
    import datetime as _dt
    from xml.parsers import expat

    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

    epoch = CALENDAR_MAC_1904 if epoch1904 else CALENDAR_WINDOWS_1900
    rows: list[tuple[int, tuple]] = []
    row_no = 0
    cells: dict[int, object] = {}
    col = 0
    next_col = 0
    ctype = "n"
    style = "0"
    text: list[str] | None = None
    date_style_names = {str(i) for i in date_styles}

    def start(tag, attrs):
        nonlocal row_no, cells, col, next_col, ctype, style, text
        if ":" in tag:
            tag = tag.rsplit(":", 1)[1]
        if tag == "c":
            ref = attrs.get("r")
            col = _col_index(ref) if ref else next_col
            ctype = attrs.get("t", "n")
            style = attrs.get("s", "0")
            text = None
        elif tag == "v" or (tag == "t" and ctype == "inlineStr"):
            if text is None:
                text = []
        elif tag == "row":
            r = attrs.get("r")
            row_no = int(r) if r else row_no + 1
            cells = {}
            next_col = 0

    def chars(data):
        if text is not None:
            text.append(data)

    def end(tag):
        nonlocal next_col, text
        if ":" in tag:
            tag = tag.rsplit(":", 1)[1]
        if tag == "c":
            next_col = col + 1
            if text is None:
                return
            raw = text[0] if len(text) == 1 else "".join(text)
            text = None
            t = ctype
            if t == "n":
                if raw == "":
                    return
                if "." in raw or "E" in raw or "e" in raw:
                    value = float(raw)
                else:
                    value = int(raw)
                if style in date_style_names:
                    value = from_excel(value, epoch)
            elif t == "s":
                value = shared[int(raw)]
            elif t == "b":
                value = raw.strip() in ("1", "true")
            elif t == "d":
                value = _dt.datetime.fromisoformat(raw)
            else:  # str, inlineStr, e (error text such as #DIV/0!)
                value = raw
            cells[col] = value
        elif tag == "row":
            if cells:
                width = max(cells) + 1
                rows.append((row_no, tuple(cells.get(i) for i in range(width))))

    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.Parse(z.read(part), True)
    return rows


def _fast_sheets(path: Path) -> list[tuple[str, list[tuple[int, tuple]]]]:
    """(sheet name, [(row number, values)]) for every worksheet, read with expat."""
    with zipfile.ZipFile(path) as z:
        parts, shared_part, styles_part, epoch1904 = _workbook_parts(z)
        shared = _shared_strings(z, shared_part)
        date_styles = _date_styles(z, styles_part)
        out = []
        for name, part in parts:
            if name.strip().lower() in IGNORED_SHEETS:
                out.append((name, []))
                continue
            out.append((name, _sheet_rows(z, part, shared, date_styles, epoch1904)))
        return out
