"""Delivery workbooks: the empty templates (``rpa template``) and filled workbooks.

One writer serves both: :func:`write_workbook` writes a corporation or municipality workbook
with the sheets of :mod:`analysis.schemas` in contract order, Dutch headers in row 1 (bold,
frozen, with autofilter and readable widths), an instructions sheet ``toelichting`` (first,
so it opens first), and a hidden sheet ``lijsten`` holding the code lists that feed the
drop-down lists on every coded column. Without data it writes one example row per sheet
(the template); with data (``sheets``) it writes those rows, e.g. the illustrative example
deliveries.

The drop-downs warn but do not block: the validator also accepts aliases (``"Gemeente
Heerlen"``, ``"sociaal"``), so a sender may type them.

Output is deterministic: the workbook properties and the zip entry times are fixed, so the
same input gives byte-identical files. Sheets are streamed (openpyxl write-only mode), so a
register of tens of thousands of dwellings is written in a second or two.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from analysis import schemas

#: Sheets written by the template that the reader ignores.
INSTRUCTIONS_SHEET = "toelichting"
LISTS_SHEET = "lijsten"
IGNORED_SHEETS = (INSTRUCTIONS_SHEET, LISTS_SHEET)

#: Fixed timestamp written into every workbook (determinism).
FIXED_TIME = dt.datetime(2024, 1, 1, 0, 0, 0)

#: Code lists whose drop-down shows the code itself (a VERA code senders know) instead of the label.
_DROPDOWN_SHOWS_CODE = {"accessibility_label", "energy_label"}

_KIND_TEXT = {
    "str": "tekst",
    "int": "geheel getal",
    "float": "getal (komma of punt als decimaalteken)",
    "year": "jaartal (vier cijfers)",
    "bool": "ja of nee",
    "code": "keuze uit de lijst",
    "municipality": "Parkstadgemeente",
    "corporation": "corporatie (ROW)",
}

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_TITLE_FONT = Font(bold=True, size=14)


def sheets_for(workbook_kind: str) -> tuple[schemas.SheetSpec, ...]:
    """The sheet specs of a ``"corporatie"`` or ``"gemeente"`` workbook, in contract order."""
    if workbook_kind == "corporatie":
        return schemas.CORPORATION_SHEETS
    if workbook_kind == "gemeente":
        return schemas.MUNICIPALITY_SHEETS
    raise ValueError(f"Onbekend soort werkboek '{workbook_kind}'; kies 'corporatie' of 'gemeente'.")


def dropdown_values(fld: schemas.Field) -> list[str] | None:
    """The values offered in the drop-down of a field, or None for a free field."""
    from analysis import reference

    if fld.kind == "code":
        codes = schemas.current_codes(fld.codes)  # the old contract's codes are read, not offered
        if fld.codes in _DROPDOWN_SHOWS_CODE:
            return list(codes)
        return [label for label, _ in codes.values()]
    if fld.kind == "bool":
        return ["ja", "nee"]
    if fld.kind == "municipality":
        return reference.municipality_names()
    if fld.kind == "corporation":
        return reference.corporation_names()
    return None


def allowed_text(fld: schemas.Field) -> str:
    """Dutch description of the values a field accepts (for the instructions and docs)."""
    if fld.kind == "code":
        parts = []
        for code, (label, _aliases) in schemas.current_codes(fld.codes).items():
            parts.append(label if label == code else f"{label} ({code})")
        return "; ".join(parts)
    values = dropdown_values(fld)
    if values:
        return "; ".join(values)
    bounds = []
    if fld.min is not None:
        bounds.append(f">= {_fmt_num(fld.min)}")
    if fld.max is not None:
        bounds.append(f"<= {_fmt_num(fld.max)}")
    return f"{_KIND_TEXT[fld.kind]} {' en '.join(bounds)}".strip()


def _fmt_num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x).replace(".", ",")


def _plain(value):
    """A cell value openpyxl can write: NA -> None, numpy scalars -> Python."""
    if value is None:
        return None
    if isinstance(value, str):
        return value if value != "" else None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        return value
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isfinite(value) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _frame_rows(spec: schemas.SheetSpec, frame: pd.DataFrame | None) -> tuple[list[str], list[list]]:
    """Headers and rows (lists of cell values) for one sheet."""
    headers = spec.headers
    if frame is None:
        example = [_plain(f.example) for f in spec.fields]
        return headers, [example]
    by_name = {f.name: f.header for f in spec.fields}
    by_name.update({old: f.header for f in spec.fields for old in f.old_headers})  # old contract's names
    renamed = frame.rename(columns={c: by_name[c] for c in frame.columns if c in by_name and c not in headers})
    unknown = [c for c in renamed.columns if c not in headers]
    if unknown:
        raise ValueError(f"Onbekende kolom(men) voor blad '{spec.sheet}': {', '.join(map(str, unknown))}")
    cols = [renamed[h].tolist() if h in renamed.columns else [None] * len(renamed) for h in headers]
    rows = [[_plain(v) for v in row] for row in zip(*cols, strict=True)] if len(renamed) else []
    return headers, rows


def _width(header: str, rows: list[list], j: int) -> float:
    longest = len(header)
    for row in rows[:200]:
        v = row[j]
        if v is not None:
            longest = max(longest, len(str(v)))
    return float(min(max(longest + 2, 10), 45))


def _header_cells(ws, values: list[str]) -> list[WriteOnlyCell]:
    cells = []
    for v in values:
        c = WriteOnlyCell(ws, value=v)
        c.font = _HEADER_FONT
        c.fill = _HEADER_FILL
        cells.append(c)
    return cells


def _write_instructions(wb: Workbook, specs: tuple[schemas.SheetSpec, ...], workbook_kind: str) -> None:
    ws = wb.create_sheet(INSTRUCTIONS_SHEET)
    for letter, width in zip("ABCDEFG", (18, 28, 10, 26, 60, 60, 22), strict=True):
        ws.column_dimensions[letter].width = width
    wie = "corporatie" if workbook_kind == "corporatie" else "gemeente"
    title = WriteOnlyCell(ws, value=f"Toelichting bij het leveringsbestand voor de {wie} "
                                    "(Regionale Prestatieafspraken Parkstad Limburg 2024-2028)")
    title.font = _TITLE_FONT
    ws.append([title])
    intro = [
        "Vul per blad één rij per regel in; laat de kopregel (rij 1) ongewijzigd. Verwijder de voorbeeldrij.",
        "Het blad 'levering' heeft één rij: wie levert en voor welk leveringsjaar.",
        "Kolommen met een keuzelijst: kies een waarde uit de lijst (gangbare schrijfwijzen worden ook herkend).",
        "Getallen mogen met komma of punt als decimaalteken; bedragen in euro zonder €-teken.",
        "Controleer het bestand met 'rpa validate <map>': u krijgt per rij en kolom te zien wat niet klopt.",
        "Ook CSV mag: één bestand per blad, naam <afzender>_<jaar>_<blad>.csv, dezelfde kolommen.",
    ]
    for line in intro:
        ws.append([line])
    ws.append([])
    ws.append(_header_cells(ws, ["blad", "kolom", "verplicht", "soort", "toegestane waarden",
                                 "omschrijving", "voorbeeld"]))
    for spec in specs:
        sheet_cell = WriteOnlyCell(ws, value=spec.sheet)
        sheet_cell.font = _HEADER_FONT
        ws.append([sheet_cell, None, None, None, None, spec.description, None])
        for f in spec.fields:
            wrap = WriteOnlyCell(ws, value=allowed_text(f))
            wrap.alignment = Alignment(wrap_text=True, vertical="top")
            ex = _plain(f.example)
            ws.append([spec.sheet, f.header, "ja" if f.required else "nee", _KIND_TEXT[f.kind], wrap,
                       f.description, ex])


def _list_layout(specs: tuple[schemas.SheetSpec, ...]):
    """Code lists used by ``specs`` (name -> values) and (sheet, header) -> list range formula."""
    lists: dict[str, list[str]] = {}
    key_of: dict[tuple[str, str], str] = {}
    for spec in specs:
        for f in spec.fields:
            values = dropdown_values(f)
            if values is None:
                continue
            key = f.codes if f.kind == "code" else f.kind
            lists.setdefault(key, values)
            key_of[(spec.sheet, f.header)] = key
    ranges = {}
    for n_idx, (n, values) in enumerate(lists.items()):
        col = get_column_letter(n_idx + 1)
        ranges[n] = f"{LISTS_SHEET}!${col}$2:${col}${len(values) + 1}"
    return lists, {k: ranges[v] for k, v in key_of.items()}


def _write_lists(wb: Workbook, lists: dict[str, list[str]]) -> None:
    """Write the hidden code-list sheet (one column per list, name in row 1)."""
    names = list(lists)
    ws = wb.create_sheet(LISTS_SHEET)
    ws.sheet_state = "hidden"
    ws.append(names)
    longest = max((len(v) for v in lists.values()), default=0)
    for i in range(longest):
        ws.append([lists[n][i] if i < len(lists[n]) else None for n in names])


def _write_sheet(wb: Workbook, spec: schemas.SheetSpec, headers: list[str], rows: list[list],
                 list_ranges: dict[tuple[str, str], str]) -> None:
    ws = wb.create_sheet(spec.sheet)
    for j, h in enumerate(headers):
        ws.column_dimensions[get_column_letter(j + 1)].width = _width(h, rows, j)
    ws.freeze_panes = "A2"
    last_col = get_column_letter(len(headers))
    ws.auto_filter.ref = f"A1:{last_col}{max(len(rows), 1) + 1}"
    last_row = max(len(rows) + 1000, 2000)
    by_header = spec.by_header()
    for j, h in enumerate(headers):
        formula = list_ranges.get((spec.sheet, h))
        if formula is None:
            continue
        f = by_header[h]
        dv = DataValidation(type="list", formula1=f"={formula}", allow_blank=True,
                            showErrorMessage=True, errorStyle="warning",
                            errorTitle="Waarde niet in de lijst",
                            error=f"Kies bij '{h}' een waarde uit de lijst. Andere schrijfwijzen worden "
                                  "bij de controle herkend als ze bekend zijn.",
                            showInputMessage=True, promptTitle=h[:32],
                            prompt=f.description[:250])
        col = get_column_letter(j + 1)
        dv.add(f"{col}2:{col}{last_row}")
        ws.data_validations.append(dv)
    ws.append(_header_cells(ws, headers))
    for row in rows:
        ws.append(row)


def _deterministic(data: bytes) -> bytes:
    """Rewrite an xlsx (zip) with fixed entry times and a fixed 'modified' property."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            content = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = content.decode("utf-8")
                text = re.sub(r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rf"\g<1>{stamp}\g<2>", text)
                text = re.sub(r"(<dcterms:created[^>]*>)[^<]*(</dcterms:created>)", rf"\g<1>{stamp}\g<2>", text)
                content = text.encode("utf-8")
            zi = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            zout.writestr(zi, content)
    return out.getvalue()


def write_workbook(
    path: str | Path,
    workbook_kind: str,
    sheets: dict[str, pd.DataFrame] | None = None,
    *,
    with_instructions: bool = True,
) -> Path:
    """Write a delivery workbook.

    Args:
        path: the ``.xlsx`` file to write (parent folders are created).
        workbook_kind: ``"corporatie"`` or ``"gemeente"``.
        sheets: sheet name -> rows, columns named by the Dutch headers (``Field.header``) or the
            English field names. A sheet left out is written with its header only. ``None``
            writes the template: one example row per sheet (``Field.example``).
        with_instructions: also write the ``toelichting`` sheet.

    Returns:
        The path written.

    Raises:
        ValueError: unknown workbook kind, sheet name or column.
    """
    specs = sheets_for(workbook_kind)
    if sheets is not None:
        unknown = [s for s in sheets if s not in {sp.sheet for sp in specs}]
        if unknown:
            raise ValueError(f"Onbekend(e) blad(en) voor een {workbook_kind}-werkboek: {', '.join(unknown)}")
    # Build every sheet's rows first: a bad column raises before the (streaming) workbook exists.
    prepared = {sp.sheet: _frame_rows(sp, None if sheets is None else sheets.get(sp.sheet, pd.DataFrame()))
                for sp in specs}
    wb = Workbook(write_only=True)
    wb.properties.creator = "rpa (Regionale Prestatieafspraken Parkstad)"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    if with_instructions:
        _write_instructions(wb, specs, workbook_kind)
    # Sheet order is creation order: toelichting, data sheets, then the hidden lists (last).
    lists, ranges = _list_layout(specs)
    for sp in specs:
        _write_sheet(wb, sp, *prepared[sp.sheet], ranges)
    _write_lists(wb, lists)
    buf = io.BytesIO()
    wb.save(buf)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_deterministic(buf.getvalue()))
    return path


def template_command(args) -> int:
    """``rpa template [--out DIR]``: write the empty corporation and municipality workbooks."""
    out = Path(getattr(args, "out", None) or "templates")
    written = [
        write_workbook(out / "corporatie_template.xlsx", "corporatie"),
        write_workbook(out / "gemeente_template.xlsx", "gemeente"),
    ]
    for p in written:
        print(f"Geschreven: {p}")
    print("Vul per blad de rijen in (verwijder de voorbeeldrij) en controleer met 'rpa validate <map>'.")
    return 0
