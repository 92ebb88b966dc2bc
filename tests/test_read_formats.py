"""Workbook formats as they come: .ods, .xls, .xlsb, a password, a wrong extension, not a workbook.

The .ods, .xls and protected files are in ``tests/fixtures/awkward`` (made by ``make_awkward.py``
with LibreOffice and msoffcrypto-tool; see its README). Each is validated on its own: every
expected problem names file, sheet, row and column, and exactly the valid rows are kept.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
import zipfile
from pathlib import Path

import pytest

from analysis.deliveries import read
from analysis.deliveries.validate import validate_directory
from analysis.deliveries.validate_workbook import sniff_format

AWKWARD = Path(__file__).parent / "fixtures" / "awkward"


def _expected() -> dict:
    spec = importlib.util.spec_from_file_location("make_awkward", AWKWARD / "make_awkward.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["make_awkward"] = mod
    spec.loader.exec_module(mod)
    return mod.EXPECTED


EXPECTED = _expected()


def _validate(tmp_path: Path, source: Path, name: str | None = None):
    folder = tmp_path / "2026"
    folder.mkdir()
    shutil.copy(source, folder / (name or source.name))
    return validate_directory(folder, write=False)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_awkward_file_reports_problems_and_keeps_valid_rows(tmp_path, name):
    problems, accepted = EXPECTED[name]
    result = _validate(tmp_path, AWKWARD / name)
    for severity, sheet, row, column, fragment in problems:
        hits = [p for p in result.problems if (p.file, p.severity, p.sheet, p.row, p.column) ==
                (name, severity, sheet, row, column) and fragment in p.expected]
        assert hits, f"{severity} {sheet} {row} {column} '{fragment}' niet in:\n" + "\n".join(
            p.message() for p in result.problems)
    assert {t: len(df) for t, df in result.tables.items() if len(df)} == accepted
    for r in result.reconciliation:
        assert r["rows_read"] == r["rows_accepted"] + r["rows_rejected"]
    n_errors = sum(p.severity == "fout" for p in result.problems)
    assert n_errors == sum(s == "fout" for s, *_ in problems)


def test_ods_text_date_becomes_iso_and_hidden_sheet_rows_are_kept(tmp_path):
    result = _validate(tmp_path, AWKWARD / "heerlen_2026.ods")
    assert result.tables["deliveries_municipality"]["delivery_date"].tolist() == ["2025-12-31"]
    plan = result.tables["plan_capacity"]
    assert plan[["project", "source_row"]].values.tolist() == [["Centrumplan", 5], ["Kloosterhof", 7]]
    assert result.tables["voorzieningenwijzer"]["source_row"].tolist() == [2, 3]
    recon = {r["sheet"]: (r["rows_read"], r["rows_accepted"], r["rows_rejected"]) for r in result.reconciliation}
    assert recon == {"levering": (1, 1, 0), "plancapaciteit": (3, 2, 1), "voorzieningenwijzer": (2, 2, 0)}


def test_xls_merged_group_labels_and_merged_column_name(tmp_path):
    result = _validate(tmp_path, AWKWARD / "weller_2026.xls")
    stock = result.tables["stock"]
    assert stock[["vhe_id", "energy_label", "source_row"]].values.tolist() == [["V1", "E", 3], ["V2", "C", 4]]
    assert result.tables["deliveries_corporation"]["delivery_date"].tolist() == ["2026-02-01"]  # a date cell


def test_xls_with_xlsx_extension_is_read_as_xls_with_a_warning(tmp_path):
    result = _validate(tmp_path, AWKWARD / "weller_2026.xls", "weller_2026.xlsx")
    assert len(result.tables["stock"]) == 2 and not result.unreadable
    warn = [p for p in result.problems if p.file == "weller_2026.xlsx" and p.sheet == "" and p.value == ".xlsx"]
    assert len(warn) == 1 and warn[0].severity == "waarschuwing"
    assert "dit is een .xls-werkmap" in warn[0].expected and "weller_2026.xls)" in warn[0].expected


def test_password_protected_workbook_gets_its_own_message_not_the_xls_advice(tmp_path):
    result = _validate(tmp_path, AWKWARD / "weller_2026_beveiligd.xlsx")
    assert result.unreadable == ["weller_2026_beveiligd.xlsx"] and result.exit_code() == 2
    (problem,) = result.problems
    assert "met een wachtwoord beveiligd" in problem.expected and ".xls" not in problem.expected


def test_encrypted_ods_is_recognised_from_its_manifest(tmp_path):
    path = tmp_path / "heerlen_2026.ods"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", '<manifest:manifest><manifest:file-entry manifest:full-path="content.xml">'
                                            "<manifest:encryption-data/></manifest:file-entry></manifest:manifest>")
        z.writestr("content.xml", b"\x00\x01 versleuteld")
    assert sniff_format(path) == "encrypted"
    assert "met een wachtwoord beveiligd" in read.read_file(path).unreadable.expected


@pytest.mark.parametrize("content, suffix, fragment", [
    (b"<html><table><tr><td>gemeente</td></tr></table></html>", ".xls", "geen werkmap (bijvoorbeeld tekst of HTML"),
    (b"", ".ods", "leeg (0 bytes)"),
    (None, ".xlsx", "bevat geen werkblad"),
])
def test_files_that_are_not_workbooks_name_why(tmp_path, content, suffix, fragment):
    path = tmp_path / f"heerlen_2026{suffix}"
    if content is None:  # a zip file, but a Word document rather than a workbook
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("word/document.xml", "<w:document/>")
    else:
        path.write_bytes(content)
    fr = read.read_file(path)
    assert fr.unreadable is not None and fragment in fr.unreadable.expected
    assert (fr.unreadable.file, fr.unreadable.sheet, fr.unreadable.row) == (path.name, "", None)


def test_xlsb_is_read():
    fr = read.read_file(AWKWARD / "calamine_base.xlsb")
    assert fr.unreadable is None
    sheet1 = next(s for s in fr.sheets if s.sheet == "Sheet1")
    assert sheet1.header_row == 2 and sheet1.headers[:5] == ["String", "1", "1.1", "True", "False"]


def test_numbers_files_are_unsupported_and_the_folder_lists_every_workbook_format(tmp_path):
    for name in ("a.xlsx", "b.xlsm", "c.xls", "d.xlsb", "e.ods", "f.csv", "g.numbers", "h.md", "~$a.xlsx"):
        (tmp_path / name).write_bytes(b"x")
    files, unsupported = read.list_delivery_files(tmp_path)
    assert [p.name for p in files] == ["a.xlsx", "b.xlsm", "c.xls", "d.xlsb", "e.ods", "f.csv"]
    assert [p.name for p in unsupported] == ["g.numbers"]
