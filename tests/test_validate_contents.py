"""No silent change of a value: file name against contents, template example rows, dates.

- a file name that says another year or sender than the sheet 'levering' gets a warning naming both;
- the example rows ``rpa template`` writes, left in a delivery, are rejected with the reason (a
  short example row that a real row could equal is only a warning, unless another sheet of the
  file still holds its example row too);
- a date field becomes an ISO date whatever form it comes in, or the row is rejected.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from analysis import schemas
from analysis.deliveries.templates import write_workbook
from analysis.deliveries.validate import validate_directory
from analysis.deliveries.validate_cells import Invalid, parse_date

EXAMPLE_REASON = "dit is de voorbeeldrij uit het invulbestand (rpa template)"


def _example(spec: schemas.SheetSpec) -> dict:
    return {f.header: f.example for f in spec.fields}


PROJECT = {"projectnummer": "W-7", "projectnaam": "Oude school", "gemeente": "Heerlen", "segment": "middenhuur",
           "woonvorm": "nultreden", "soort": "transformatie", "aantal woningen": 12, "jaar van oplevering": 2027,
           "planstatus": "hard"}
MUTATION = {"gemeente": "Landgraaf", "jaar": 2025, "soort": "sloop", "aantal": 8, "status": "realisatie"}


def _validate(tmp_path: Path, name: str, levering: dict, **sheets: list[dict]):
    folder = tmp_path / "2026"
    frames = {"levering": pd.DataFrame([levering])} | {k: pd.DataFrame(v) for k, v in sheets.items()}
    write_workbook(folder / name, "corporatie", frames)
    return validate_directory(folder, write=False)


def _rows(result, sheet: str) -> list[tuple]:
    return [(p.severity, p.row, p.column, p.value) for p in result.problems if p.sheet == sheet]


WELLER_2026 = {"corporatie": "Weller", "leveringsjaar": 2026}


def test_file_name_with_another_year_warns_naming_both_and_keeps_the_rows(tmp_path):
    result = _validate(tmp_path, "weller_2025.xlsx", WELLER_2026, projecten=[PROJECT])
    assert result.year == 2026 and len(result.tables["projects"]) == 1
    (warn,) = [p for p in result.problems if p.column == "leveringsjaar"]
    assert (warn.severity, warn.sheet, warn.row, warn.value) == ("waarschuwing", "levering", 2, "2026")
    assert "bestandsnaam (2025)" in warn.expected and "zegt 2026" in warn.expected


def test_file_name_with_another_sender_warns_naming_both(tmp_path):
    result = _validate(tmp_path, "Levering Wonen Limburg 2026.xlsx", WELLER_2026, projecten=[PROJECT])
    (warn,) = [p for p in result.problems if p.column == "corporatie"]
    assert (warn.severity, warn.sheet, warn.row, warn.value) == ("waarschuwing", "levering", 2, "Weller")
    assert "bestandsnaam (Wonen Limburg)" in warn.expected
    assert result.tables["projects"]["corporation"].tolist() == ["Weller"]


@pytest.mark.parametrize("name", ["weller_2026.xlsx", "levering.xlsx", "weller_wonen_2026_definitief.xlsx"])
def test_file_name_that_agrees_or_says_nothing_gives_no_warning(tmp_path, name):
    result = _validate(tmp_path, name, WELLER_2026, projecten=[PROJECT])
    assert result.problems == [p for p in result.problems if p.column not in ("leveringsjaar", "corporatie")]


def test_csv_name_year_against_its_levering_file(tmp_path):
    folder = tmp_path / "2026"
    folder.mkdir()
    (folder / "weller_2025_levering.csv").write_text("corporatie;leveringsjaar\nWeller;2026\n", encoding="utf-8")
    result = validate_directory(folder, write=False)
    (warn,) = [p for p in result.problems if p.column == "leveringsjaar"]
    assert (warn.file, warn.sheet, warn.row, warn.severity) == ("weller_2025_levering.csv", "", 2, "waarschuwing")
    assert "bestandsnaam (2025)" in warn.expected


def test_template_example_row_left_in_is_rejected_and_the_real_rows_kept(tmp_path):
    """projecten: the example row (13 fields) in row 2, a real project in row 3."""
    result = _validate(tmp_path, "weller_2026.xlsx", WELLER_2026,
                       projecten=[_example(schemas.PROJECTEN), PROJECT], mutaties=[MUTATION])
    assert result.tables["projects"]["project_id"].tolist() == ["W-7"]
    (error,) = [p for p in result.problems if p.severity == "fout"]
    assert (error.file, error.sheet, error.row, error.column) == ("weller_2026.xlsx", "projecten", 2, "")
    assert EXAMPLE_REASON in error.expected and "verwijder deze rij" in error.expected
    assert len(result.tables["mutations"]) == 1


def test_short_example_row_alone_is_a_warning_and_kept(tmp_path):
    """mutaties' example (Heerlen 2025 sloop 12 realisatie) could be a real row: warned, kept."""
    result = _validate(tmp_path, "weller_2026.xlsx", WELLER_2026, mutaties=[_example(schemas.MUTATIES), MUTATION])
    assert len(result.tables["mutations"]) == 2
    assert _rows(result, "mutaties") == [("waarschuwing", 2, "", "")]


def test_short_example_row_beside_another_example_row_is_rejected(tmp_path):
    result = _validate(tmp_path, "weller_2026.xlsx", WELLER_2026, mutaties=[_example(schemas.MUTATIES), MUTATION],
                       financien=[_example(schemas.FINANCIEN)])
    assert result.tables["mutations"]["municipality"].tolist() == ["Landgraaf"]
    assert result.tables["finances"].empty
    assert {(p.sheet, p.row) for p in result.problems if p.severity == "fout" and EXAMPLE_REASON in p.expected} == {
        ("mutaties", 2), ("financien", 2)}


def test_untouched_levering_example_with_other_examples_rejects_the_file_saying_why(tmp_path):
    result = _validate(tmp_path, "x.xlsx", _example(schemas.LEVERING_CORP), projecten=[_example(schemas.PROJECTEN)],
                       mutaties=[MUTATION])
    assert all(df.empty for df in result.tables.values())
    reasons = set(result.rejections.loc[result.rejections["sheet"] == "mutaties", "expected"])
    assert reasons == {"het blad 'levering' bevat de voorbeeldrij uit het invulbestand: het bestand is niet verwerkt"}


@pytest.mark.parametrize("raw", ["31-12-2025", "31/12/2025", "31.12.2025", "2025-12-31", " 2025/12/31 ",
                                 "31 december 2025", "31-dec-2025", 46022, "46022", dt.datetime(2025, 12, 31),
                                 dt.date(2025, 12, 31)])
def test_delivery_date_in_any_form_becomes_iso(tmp_path, raw):
    result = _validate(tmp_path, "weller_2026.xlsx", WELLER_2026 | {"datum": raw}, projecten=[PROJECT])
    assert result.tables["deliveries_corporation"]["delivery_date"].tolist() == ["2025-12-31"]
    assert not [p for p in result.problems if p.severity == "fout"]


def test_delivery_date_that_is_no_date_rejects_the_levering_row_and_says_so_on_every_row(tmp_path):
    result = _validate(tmp_path, "weller_2026.xlsx", WELLER_2026 | {"datum": "12/31/2025"}, projecten=[PROJECT])
    errors = [p for p in result.problems if p.severity == "fout"]
    assert [(p.sheet, p.row, p.column, p.value) for p in errors][0] == ("levering", 2, "datum", "12/31/2025")
    assert "dag-maand-jaar (31-12-2025)" in errors[0].expected
    project = [p for p in errors if p.sheet == "projecten"]
    assert [(p.row, p.expected) for p in project] == [
        (2, "de rij op het blad 'levering' is afgekeurd (rij 2, kolom datum): het bestand is niet verwerkt")]


@pytest.mark.parametrize("raw, expected", [
    ("01/02/2026", dt.date(2026, 2, 1)), ("2026-02-01 10:30", dt.datetime(2026, 2, 1, 10, 30)),
    ("2025-12-31T00:00:00", dt.date(2025, 12, 31)), (46022.5, dt.datetime(2025, 12, 31, 12)),
    (dt.datetime(2026, 2, 1, 0, 0), dt.date(2026, 2, 1)),
])
def test_parse_date_forms(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw, fragment", [
    ("31-12-25", "dag-maand-jaar"), ("31-02-2026", "geen bestaande datum"), ("12/31/2025", "geen bestaande datum"),
    (2026, "als Excel-datumgetal: 36526 t/m 73415"), ("morgen", "jaar-maand-dag"), (True, "dag-maand-jaar"),
    (dt.time(10, 0), "dag-maand-jaar"),
])
def test_parse_date_refuses_what_is_not_a_date(raw, fragment):
    with pytest.raises(Invalid) as exc:
        parse_date(raw)
    assert fragment in exc.value.args[0]
