"""Fast xlsx reader: expat straight over the sheet XML.

openpyxl's read-only mode spends most of its time building ElementTree elements per cell; this
reader parses each worksheet part with expat instead (about 6x faster on a 40.000-row
register). It handles shared/inline strings, booleans, errors, numbers and date-formatted
numbers; anything unexpected raises, and :func:`analysis.deliveries.read.read_xlsx` then falls
back to openpyxl.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

__all__ = ["fast_sheets"]

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

    _parse(z.read(part), start, end, chars)
    return rows


def fast_sheets(path: Path, skip: tuple[str, ...] = ()) -> list[tuple[str, list[tuple[int, tuple]]]]:
    """(sheet name, [(row number, values)]) for every worksheet, read with expat.

    Sheets whose name (stripped, lower-case) is in ``skip`` are listed with no rows.
    """
    with zipfile.ZipFile(path) as z:
        parts, shared_part, styles_part, epoch1904 = _workbook_parts(z)
        shared = _shared_strings(z, shared_part)
        date_styles = _date_styles(z, styles_part)
        out = []
        for name, part in parts:
            if name.strip().lower() in skip:
                out.append((name, []))
                continue
            out.append((name, _sheet_rows(z, part, shared, date_styles, epoch1904)))
        return out
