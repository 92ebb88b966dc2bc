"""python-calamine (what ``rpa validate`` reads with) must read exactly what openpyxl reads.

``analysis.deliveries.read.read_workbook`` reads workbooks with python-calamine. This test reads
the same ``.xlsx`` files with openpyxl (read-only, values only: the reference) and compares every
header and cell: the shipped tiny deliveries, the readable files of the broken corpus, one example
corporation workbook, and a workbook with the awkward cases. Calamine gives a whole number as
``2025.0`` and a date as a ``date``; those representations are made equal first. Where the two
*must* differ, the suite is the stricter one: a formula without a computed value and an error value
are markers (openpyxl reads them as ``None`` and as the error text).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from analysis import config
from analysis.deliveries import read
from analysis.deliveries.validate_workbook import CellError, Uncomputed, sniff_format

FIXTURES = Path(__file__).parent / "fixtures"
WORKBOOKS = sorted(p for p in [*(FIXTURES / "tiny").rglob("*.xlsx"), *(FIXTURES / "broken").glob("*.xlsx")]
                   if sniff_format(p) == "xlsx")


def _plain(v):
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, dt.datetime) and v.time() == dt.time():
        return v.date()
    return v


def _openpyxl_rows(path: Path, sheet: str) -> list[tuple[int, tuple]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb[sheet]
        ws.reset_dimensions()
        return [(i, tuple(_plain(v) for v in row)) for i, row in enumerate(ws.iter_rows(values_only=True), start=1)
                if any(v is not None and str(v).strip() for v in row)]
    finally:
        wb.close()


def _assert_same(path: Path) -> None:
    fr = read.read_workbook(path)
    assert fr.unreadable is None
    for raw in fr.sheets:
        reference = dict(_openpyxl_rows(path, raw.sheet))
        assert raw.header_row in reference, raw.sheet
        header = tuple(read._header_text(v) for v in reference[raw.header_row])
        assert tuple(raw.headers) == header[:len(raw.headers)], raw.sheet
        assert [r for r, _ in raw.rows] == [r for r in reference if r > raw.header_row], raw.sheet
        for r, values in raw.rows:
            assert tuple(_plain(v) for v in values) == _padded(reference[r], len(values)), (raw.sheet, r)


def _padded(values: tuple, width: int) -> tuple:
    return values[:width] + (None,) * (width - len(values))


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_workbooks_read_identically(path):
    _assert_same(path)


def test_example_corporation_workbook_reads_identically():
    path = config.EXAMPLE_DIR / "2026" / "krijtland_2026.xlsx"
    if not path.exists():
        pytest.skip("voorbeelddata ontbreekt")
    _assert_same(path)


def test_awkward_cells_read_identically_and_formulas_are_marked(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "mutaties"
    ws.append(["gemeente", "jaar", "soort", "aantal", "status", "datum", "vlag"])
    ws.append(["Heerlen", 2025, "sloop", 12, "realisatie", dt.datetime(2025, 3, 1), True])
    ws.append([" gemeente heerlen ", "2024", "Verkoop aan huurder", "3", "prognose", None, False])
    ws.append(["Kerkrade", 2026.0, "inponding", "1.234,5", "", dt.date(2026, 1, 31), None])
    ws.append([None, None, None, None, None, None, None])
    ws.append(["Landgraaf", 2027, None, -4, "prognose", "2027-02-01", "ja"])
    ws.append(["Simpelveld", 2025, "sloop", "=2*3", "realisatie", dt.datetime(2025, 3, 1, 14, 30), "#DIV/0!"])
    wb.create_sheet("toelichting").append(["wordt genegeerd"])
    path = tmp_path / "awkward.xlsx"
    wb.save(path)
    fr = read.read_workbook(path)
    assert [s.sheet for s in fr.sheets] == ["mutaties"]
    raw = fr.sheets[0]
    assert [r for r, _ in raw.rows] == [2, 3, 4, 6, 7]
    reference = dict(_openpyxl_rows(path, "mutaties"))
    for r, values in raw.rows[:-1]:
        assert tuple(_plain(v) for v in values) == _padded(reference[r], len(values)), r
    last = raw.rows[-1][1]
    assert last[3] == Uncomputed("D7", "2*3") and reference[7][3] is None  # openpyxl: silently empty
    assert last[6] == CellError("G7", "#DIV/0!")
    assert last[5] == dt.datetime(2025, 3, 1, 14, 30)
