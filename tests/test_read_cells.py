"""Cells a value reader would read as empty: formulas without a computed value, error values.

A program that writes a workbook (openpyxl, a report generator) stores a formula without its
result until Excel opens and saves the file; python-calamine reads such a cell as empty. The
suite reads it as a marker instead: a row whose used column holds one is rejected with the cell
and the fix, in every column; in a column that is not read it is a warning. A formula *with* a
stored result is read as that result. Also here: a hidden data sheet is read, with a note.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from openpyxl import Workbook

from analysis.deliveries.validate import validate_directory

PROJECTEN = ["projectnummer", "projectnaam", "gemeente", "segment", "woonvorm", "soort", "aantal woningen",
             "jaar van oplevering", "planstatus", "opmerking", "notitie"]


def _project(pid: str, n="24", remark=None, note=None) -> list:
    return [pid, "Schilterstraat", "Simpelveld", "sociale huur", "regulier", "nieuwbouw", n, 2027, "hard",
            remark, note]


def _write(folder: Path, rows: list[list], *, hidden: bool = False, cached: dict[str, str] | None = None) -> Path:
    """weller_2026.xlsx with levering and projecten; ``cached`` gives formula cells a stored result."""
    wb = Workbook()
    wb.active.title = "levering"
    wb.active.append(["corporatie", "leveringsjaar"])
    wb.active.append(["Weller", 2026])
    ws = wb.create_sheet("projecten")
    ws.append(PROJECTEN)
    for row in rows:
        ws.append(row)
    if hidden:
        ws.sheet_state = "hidden"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "weller_2026.xlsx"
    wb.save(path)
    if cached:
        _store_results(path, "xl/worksheets/sheet2.xml", cached)
    return path


def _store_results(path: Path, part: str, cached: dict[str, str]) -> None:
    """Put a stored result into formula cells, as Excel does on saving (``'str:'`` = a text result)."""
    with zipfile.ZipFile(path) as z:
        entries = {n: z.read(n) for n in z.namelist()}
    xml = entries[part].decode()
    for ref, value in cached.items():
        kind, value = ("str", value[4:]) if value.startswith("str:") else ("n", value)
        xml, n = re.subn(rf'<c r="{ref}"([^>]*)><f>([^<]*)</f><v\s*/>',
                         rf'<c r="{ref}" t="{kind}"><f>\2</f><v>{value}</v>', xml)
        assert n == 1, ref
    entries[part] = xml.encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)


def test_formula_without_value_rejects_the_row_with_the_cell_and_the_fix(tmp_path):
    """projecten row 3: 'aantal woningen' =2*12 never computed; row 4: 'opmerking' (optional) likewise."""
    _write(tmp_path / "2026", [_project("P-1"), _project("P-2", n="=2*12"), _project("P-3", remark='=A2&"x"'),
                               _project("P-4")])
    result = validate_directory(tmp_path / "2026", write=False)
    assert result.tables["projects"]["project_id"].tolist() == ["P-1", "P-4"]
    errors = [p for p in result.problems if p.severity == "fout" and p.sheet == "projecten"]
    assert [(p.file, p.sheet, p.row, p.column, p.value) for p in errors] == [
        ("weller_2026.xlsx", "projecten", 3, "aantal woningen", "=2*12"),
        ("weller_2026.xlsx", "projecten", 4, "opmerking", '=A2&"x"')]
    assert "cel G3 bevat een formule (=2*12) zonder opgeslagen uitkomst" in errors[0].expected
    assert "open het bestand in Excel en sla het op" in errors[0].expected
    recon = next(r for r in result.reconciliation if r["sheet"] == "projecten")
    assert (recon["rows_read"], recon["rows_accepted"], recon["rows_rejected"]) == (4, 2, 2)


def test_formula_in_a_column_that_is_not_read_is_a_warning(tmp_path):
    _write(tmp_path / "2026", [_project("P-1", note="=1+1")])
    result = validate_directory(tmp_path / "2026", write=False)
    assert result.tables["projects"]["project_id"].tolist() == ["P-1"]
    warn = [p for p in result.problems if p.column == "notitie" and p.row == 2]
    assert len(warn) == 1 and warn[0].severity == "waarschuwing" and "cel K2" in warn[0].expected


def test_formula_with_a_stored_result_is_read_as_that_result(tmp_path):
    """G2 =2*12 stored as 24; J2 a formula whose stored result is the empty text (a legitimate empty)."""
    _write(tmp_path / "2026", [_project("P-1", n="=2*12", remark='=IF(1=1,"","x")')],
           cached={"G2": "24", "J2": "str:"})
    result = validate_directory(tmp_path / "2026", write=False)
    projects = result.tables["projects"]
    assert projects["n_dwellings"].tolist() == [24] and projects["remark"].isna().all()
    assert not [p for p in result.problems if p.sheet == "projecten" and p.column != "notitie"]


def test_error_value_is_never_an_empty_cell(tmp_path):
    _write(tmp_path / "2026", [_project("P-1", remark="#DIV/0!"), _project("P-2")])
    result = validate_directory(tmp_path / "2026", write=False)
    assert result.tables["projects"]["project_id"].tolist() == ["P-2"]
    (error,) = [p for p in result.problems if p.severity == "fout" and p.sheet == "projecten"]
    assert (error.sheet, error.row, error.column, error.value) == ("projecten", 2, "opmerking", "#DIV/0!")
    assert "cel J2 bevat de foutwaarde #DIV/0!" in error.expected


def test_hidden_data_sheet_is_read_with_a_note(tmp_path):
    _write(tmp_path / "2026", [_project("P-1"), _project("P-2")], hidden=True)
    result = validate_directory(tmp_path / "2026", write=False)
    assert len(result.tables["projects"]) == 2
    (note,) = [p for p in result.problems if p.sheet == "projecten" and p.column == ""]
    assert (note.severity, note.row, note.value) == ("waarschuwing", None, "verborgen")
    assert "dit blad is verborgen in de werkmap en is wel gelezen" in note.expected
