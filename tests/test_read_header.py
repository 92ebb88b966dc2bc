"""Header detection: a title block or merged group labels above the header lose no row.

Each workbook is a small corporation delivery written cell by cell; the sheet under test has its
header lower than row 1. Every valid row below the header is kept, the rows above are skipped
with a note naming the header row, and a problem in a data row names its own Excel row.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from analysis.deliveries.validate import validate_directory
from analysis.deliveries.validate_header import HEADER_SEARCH_ROWS, locate_header

LEVERING = [["corporatie", "leveringsjaar"], ["Weller", 2026]]
MUTATIES = ["gemeente", "jaar", "soort", "aantal", "status"]
VOORRAAD = ["vhe-nummer", "gemeente", "bouwjaar", "woningtype", "netto huur", "energielabel", "aardgasvrij",
            "woonvorm", "monument"]


def _dwelling(vhe: str, label: str = "E", gemeente: str | None = "Kerkrade") -> list:
    return [vhe, gemeente, 1965, "eengezinswoning", 612.35, label, "nee", "regulier", "nee"]


def _validate(tmp_path: Path, sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None):
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in {"levering": LEVERING, **sheets}.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for ref in (merges or {}).get(name, []):
            ws.merge_cells(ref)
    folder = tmp_path / "2026"
    folder.mkdir()
    wb.save(folder / "weller_2026.xlsx")
    return validate_directory(folder, write=False)


def _problems(result, sheet: str) -> list[tuple]:
    return [(p.severity, p.row, p.column) for p in result.problems if p.sheet == sheet]


def test_title_block_above_the_header_keeps_every_valid_row(tmp_path):
    """mutaties: rows 1-2 title, row 3 empty, header in row 4; row 6 has a negative count.

        row 4  gemeente  jaar  soort  aantal  status
        row 5  Heerlen   2025  sloop  14      realisatie   -> kept
        row 6  Heerlen   2027  sloop  -4      prognose     -> 'aantal' rejected
        row 7  Landgraaf 2025  VAH    3       realisatie   -> kept
    """
    result = _validate(tmp_path, {"mutaties": [
        ["Mutaties Weller 2026"], ["peildatum 1 januari 2026", None, "versie 2"], [], MUTATIES,
        ["Heerlen", 2025, "sloop", 14, "realisatie"], ["Heerlen", 2027, "sloop", -4, "prognose"],
        ["Landgraaf", 2025, "VAH", 3, "realisatie"]]})
    assert result.tables["mutations"]["source_row"].tolist() == [5, 7]
    assert _problems(result, "mutaties") == [("waarschuwing", 4, ""), ("fout", 6, "aantal")]
    note = next(p for p in result.problems if p.sheet == "mutaties" and p.severity == "waarschuwing")
    assert note.value == "Mutaties Weller 2026"
    assert "gevonden in rij 4 en rijen 1 t/m 2 erboven (titel) zijn overgeslagen" in note.expected
    assert not any("ontbreekt" in p.expected or "lijkt op" in p.expected for p in result.problems)
    recon = next(r for r in result.reconciliation if r["sheet"] == "mutaties")
    assert (recon["rows_read"], recon["rows_accepted"], recon["rows_rejected"]) == (3, 2, 1)


def test_merged_group_labels_and_a_column_name_merged_over_two_header_rows(tmp_path):
    """voorraad: A1:A2 'vhe-nummer' (merged down), B1:E1 'Woning', F1:G1 'Energie'; names in row 2.

    Row 5 has energy label 'H' (rejected); rows 3 and 4 are kept.
    """
    result = _validate(tmp_path, {"voorraad": [
        ["vhe-nummer", "Woning", None, None, None, "Energie"], [None, *VOORRAAD[1:]],
        _dwelling("V1"), _dwelling("V2", "C"), _dwelling("V3", "H")]},
        {"voorraad": ["A1:A2", "B1:E1", "F1:G1"]})
    assert result.tables["stock"][["vhe_id", "source_row"]].values.tolist() == [["V1", 3], ["V2", 4]]
    assert _problems(result, "voorraad") == [("waarschuwing", 2, ""), ("fout", 5, "energielabel")]


def test_merged_cells_in_the_data_are_reported_and_the_empty_rows_rejected(tmp_path):
    """gemeente merged over B3:B4: only B3 holds 'Kerkrade'; row 4 reads without a municipality."""
    result = _validate(tmp_path, {"voorraad": [VOORRAAD, _dwelling("V1"), _dwelling("V2", gemeente=None),
                                               _dwelling("V3")]},
                       {"voorraad": ["B2:B3"]})
    assert result.tables["stock"]["vhe_id"].tolist() == ["V1", "V3"]
    merged = [p for p in result.problems if p.sheet == "voorraad" and p.value == "B2:B3"]
    assert [(p.severity, p.row) for p in merged] == [("waarschuwing", 2)]
    assert "alleen B2 een waarde" in merged[0].expected
    assert ("fout", 3, "gemeente") in _problems(result, "voorraad")


def test_renamed_columns_on_row_one_still_get_the_close_match_hint(tmp_path):
    """No known column name in the first rows: row 1 stays the header (as before)."""
    result = _validate(tmp_path, {"mutaties": [["gemeentes", "jaren", "soorten", "aantallen", "statussen"],
                                               ["Heerlen", 2025, "sloop", 12, "realisatie"]]})
    missing = [p for p in result.problems if p.sheet == "mutaties" and p.severity == "fout"]
    assert (missing[0].row, missing[0].column) == (1, "gemeente") and "lijkt op: 'gemeentes'" in missing[0].expected
    assert result.tables["mutations"].empty


def test_csv_with_a_title_line(tmp_path):
    folder = tmp_path / "2026"
    folder.mkdir()
    (folder / "weller_2026_mutaties.csv").write_text(
        "Mutaties Weller;;;;\n;;;;\ngemeente;jaar;soort;aantal;status\nHeerlen;2025;sloop;14;realisatie\n"
        "Kerkrade;2024;sloop;veel;realisatie\n", encoding="utf-8")
    result = validate_directory(folder, write=False)
    assert result.tables["mutations"]["source_row"].tolist() == [4]
    assert [(p.severity, p.sheet, p.row, p.column) for p in result.problems] == [
        ("waarschuwing", "", 3, ""), ("fout", "", 5, "aantal")]


def test_locate_header_takes_the_row_with_most_known_names_first_on_a_tie():
    rows = [(1, ("Projecten 2026",)), (2, ("projectnummer", "gemeente", "segment")),
            (3, ("P-1", "Heerlen", "sociale huur")), (4, ("projectnummer", "gemeente", "segment"))]
    assert locate_header(rows, "projecten") == (1, ("projectnummer", "gemeente", "segment"))
    # a header below the search window is not found: the first row is the header
    far = [(i, (f"titel {i}",)) for i in range(1, HEADER_SEARCH_ROWS + 1)] + [(30, ("projectnummer", "gemeente"))]
    assert locate_header(far, "projecten")[0] == 0


@pytest.mark.parametrize("sheet", ["projecten", "onbekend blad"])
def test_locate_header_uses_every_sheet_s_names_for_an_unknown_sheet(sheet):
    rows = [(1, ("titel",)), (2, ("vhe-nummer", "bouwjaar", dt.date(2026, 1, 1)))]
    assert locate_header(rows, sheet)[0] == (1 if sheet == "onbekend blad" else 0)
