"""What a workbook file is, and the cells a value reader cannot see (rule 1 of ``rpa validate``).

Workbooks are read with python-calamine (:mod:`analysis.deliveries.read`), which gives every
cell's *value*. Two things it cannot tell, and that must never pass silently:

- **a formula without a computed value** (a file written by a program, never opened and saved in
  Excel): calamine reads it as an empty cell, which in an optional column would quietly become
  "no value";
- **an error value** (``#DEEL/0!``, ``#N/B``, ``#VERW!``): calamine reads it as an empty cell too.

:func:`audit_xlsx` finds both in the sheet XML of an ``.xlsx``/``.xlsm`` (only for sheets that
hold a formula or an error at all, so an ordinary register costs one byte search), and
:func:`audit_ods` the error values of an ``.ods`` (which stores every formula's result). The cells
come back as :class:`Uncomputed` and :class:`CellError` markers that take the cell's place in the
raw rows; :mod:`analysis.deliveries.validate_sheets` rejects a row whose used column holds one,
with the cell and the fix. In ``.xls`` and ``.xlsb`` an error value is read as empty: see
``docs/reading.md``.

:func:`sniff_format` decides a file's format from its first bytes, not from its name, so an old
``.xls`` renamed to ``.xlsx``, a password-protected (encrypted) workbook and a text file with a
spreadsheet extension each get their own message.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

__all__ = ["CellError", "CellFlag", "Uncomputed", "audit_ods", "audit_xlsx", "cell_ref", "sniff_format"]

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: An encrypted Office Open XML file is an OLE2 container with this stream (name in UTF-16).
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
#: Byte strings of which one occurs in every sheet XML holding a formula (``<f>``, ``<x:f ...>``) or an
#: error value (``t="e"``); a plain search, so a register without formulas costs a few milliseconds.
_FORMULA_OR_ERROR = (b"<f>", b"<f ", b":f>", b":f ", b't="e"')


def cell_ref(row: int, col: int) -> str:
    """Excel cell reference: ``cell_ref(4, 7) -> 'H4'`` (row 1-based, column 0-based)."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


@dataclass(frozen=True)
class CellFlag:
    """A cell whose value cannot be used as read; ``ref`` is its Excel reference (``H4``)."""

    ref: str

    def expected(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError


@dataclass(frozen=True)
class Uncomputed(CellFlag):
    """A formula whose result was never computed and saved (``formula`` without the ``=``)."""

    formula: str = ""

    def __str__(self) -> str:
        return "=" + self.formula if self.formula else "(formule)"

    def expected(self) -> str:
        shown = f" ({self})" if self.formula else ""
        return (f"een berekende waarde; cel {self.ref} bevat een formule{shown} zonder opgeslagen uitkomst: "
                "open het bestand in Excel en sla het op (dan wordt de uitkomst bewaard)")


@dataclass(frozen=True)
class CellError(CellFlag):
    """An error value (``#DIV/0!``, ``#N/A``, ...) in a cell."""

    code: str = "#FOUT"

    def __str__(self) -> str:
        return self.code

    def expected(self) -> str:
        return (f"een geldige waarde; cel {self.ref} bevat de foutwaarde {self.code}: herstel de formule of "
                "de waarde in Excel en sla het bestand op")


def sniff_format(path: Path) -> str:
    """The format of a file from its content.

    Returns one of ``"xlsx"`` (also ``.xlsm``), ``"xlsb"``, ``"ods"``, ``"xls"``, ``"encrypted"``
    (a password-protected workbook), ``"empty"``, ``"zip-broken"`` (starts like a zip file but is
    not one: cut off), ``"zip-other"`` (a zip file without a workbook in it) or ``"other"``.
    """
    with open(path, "rb") as fh:
        head = fh.read(8)
    if not head:
        return "empty"
    if head.startswith(_OLE2):
        data = Path(path).read_bytes()
        return "encrypted" if _ENCRYPTED_STREAM in data else "xls"
    if not head.startswith(b"PK"):
        return "other"
    if not zipfile.is_zipfile(path):
        return "zip-broken"
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "xl/workbook.bin" in names:
                return "xlsb"
            if "content.xml" in names or "mimetype" in names:
                manifest = z.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
                return "encrypted" if b"encryption-data" in manifest else "ods"
    except (zipfile.BadZipFile, OSError, KeyError):
        return "zip-broken"
    return "zip-other"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> worksheet part (``xl/worksheets/sheet1.xml``)."""
    rels = {}
    for el in ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels")):
        target = el.get("Target", "")
        rels[el.get("Id")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    out = {}
    for el in ElementTree.fromstring(z.read("xl/workbook.xml")).iter():
        if _local(el.tag) == "sheet":
            rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), None)
            if rid in rels:
                out[el.get("name")] = rels[rid]
    return out


def _flag(cell: ElementTree.Element) -> CellFlag | None:
    """The flag of one ``<c>`` element, or None for an ordinary cell."""
    f = v = None
    for child in cell:
        name = _local(child.tag)
        if name == "f":
            f = child
        elif name == "v":
            v = child
    kind = cell.get("t", "n")
    ref = cell.get("r", "")
    if kind == "e":
        return CellError(ref, (v.text or "#FOUT") if v is not None else "#FOUT")
    if f is not None and kind not in ("str", "inlineStr") and (v is None or not (v.text or "").strip()):
        return Uncomputed(ref, (f.text or "").strip())
    return None


def _ref_position(ref: str) -> tuple[int, int]:
    """``'H4' -> (4, 7)``: Excel row (1-based) and column index (0-based)."""
    m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col - 1


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_ERROR = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}value-type"


def audit_ods(path: Path, sheets: list[str]) -> dict[str, dict[tuple[int, int], CellFlag]]:
    """Error values in an ``.ods`` (LibreOffice marks them ``calcext:value-type="error"``), per sheet.

    An OpenDocument spreadsheet stores every formula's result, so only error values are searched;
    positions follow the repeated rows and columns of the format.
    """
    with zipfile.ZipFile(path) as z:
        data = z.read("content.xml")
    if b'value-type="error"' not in data:
        return {}
    out: dict[str, dict[tuple[int, int], CellFlag]] = {}
    wanted = set(sheets)
    name, row, col = None, 0, 0
    for event, el in ElementTree.iterparse(io.BytesIO(data), events=("start", "end")):
        tag = el.tag
        if event == "start":
            if tag == _ODS_TABLE + "table":
                name, row = el.get(_ODS_TABLE + "name"), 0
            elif tag == _ODS_TABLE + "table-row":
                col = 0
            continue
        if tag in (_ODS_TABLE + "table-cell", _ODS_TABLE + "covered-table-cell"):
            repeat = int(el.get(_ODS_TABLE + "number-columns-repeated", "1"))
            if el.get(_ODS_ERROR) == "error" and name in wanted:
                code = "".join(el.itertext()).strip() or "#FOUT"
                for c in range(col, col + min(repeat, 1000)):
                    out.setdefault(name, {})[(row + 1, c)] = CellError(cell_ref(row + 1, c), code)
            col += repeat
            el.clear()
        elif tag == _ODS_TABLE + "table-row":
            row += int(el.get(_ODS_TABLE + "number-rows-repeated", "1"))
            el.clear()
    return out


def audit_xlsx(path: Path, sheets: list[str]) -> dict[str, dict[tuple[int, int], CellFlag]]:
    """Formulas without a computed value and error values, per sheet: ``{(row, col): flag}``.

    Only the named sheets are searched, and only those whose XML holds a formula or an error
    element are parsed. A part that cannot be parsed gives no flags (the value reader decides
    whether the sheet is readable).
    """
    out: dict[str, dict[tuple[int, int], CellFlag]] = {}
    with zipfile.ZipFile(path) as z:
        parts = _sheet_parts(z)
        for name in sheets:
            part = parts.get(name)
            if part is None or part not in z.namelist():
                continue
            data = z.read(part)
            if not any(marker in data for marker in _FORMULA_OR_ERROR):
                continue
            flags: dict[tuple[int, int], CellFlag] = {}
            try:
                for _event, el in ElementTree.iterparse(io.BytesIO(data)):
                    if _local(el.tag) != "c":
                        continue
                    flag = _flag(el)
                    if flag is not None and flag.ref:
                        flags[_ref_position(flag.ref)] = flag
                    el.clear()
            except ElementTree.ParseError:
                continue
            if flags:
                out[name] = flags
    return out

