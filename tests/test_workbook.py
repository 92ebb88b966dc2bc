"""The XLSX workbook of a report is made for people: Dutch, formatted, with a "Lees mij" sheet.

Unit tests on two hand-made tables, then the real reporting set (the tiny fixture through
the runner): every published column and table is described in ``analysis/report/columns.csv``
and ``tables.csv``, and a report's workbook has Dutch headers, number formats, a frozen
header row, a filter and the "Lees mij" sheet.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from analysis import config
from analysis.report import columns as cols
from analysis.report.datapackage import About, read_table
from analysis.report.runner_tables import README_SHEET, write_workbook

DAY = dt.date(2026, 11, 23)
EUR, COUNT, SHARE, YEAR = '"€ "#,##0;"€ "-#,##0', "#,##0", "0.0%", "0"


def _about(example_data: bool = True) -> About:
    return About(title="Financiële ruimte", year=2026, phase="q3", phase_title="Q3 bestuurlijke tussenrapportage",
                 scope_type="regio", scope="Parkstad", slug="q3/04_financiele_ruimte/regio-parkstad",
                 example_data=example_data, source="de leveringen 2026 van de woningcorporaties en gemeenten.",
                 code_version="rpa-parkstad 0.1.0, code abc123", day=DAY,
                 regional={"inponding": "alle corporaties samen"})


@pytest.fixture
def workbook(tmp_path):
    """Two tables as a notebook writes them.

    financial_task.csv                                   inponding.csv
    scope_type scope    item      n_units task_eur  scenario   year figure_status inponding meets_target share_of_regional_target
    regio      Parkstad nieuwbouw 1721    507863004.26 basis   2024 realisatie    84.000000 False        0.840000
    regio      Parkstad sloop     12      -1500.5      stress  2026 prognose      101.0     True         1.010000
    """
    t = tmp_path / "tables"
    t.mkdir()
    (t / "financial_task.csv").write_text(
        "scope_type,scope,item,n_units,task_eur,scenario\n"
        "regio,Parkstad,nieuwbouw,1721,507863004.263813,basis\n"
        "regio,Parkstad,sloop,12,-1500.5,stress\n", encoding="utf-8")
    (t / "inponding.csv").write_text(
        "year,figure_status,inponding,meets_target,share_of_regional_target\n"
        "2024,realisatie,84.000000,False,0.840000\n"
        "2026,prognose,101.0,True,1.010000\n", encoding="utf-8")
    path = tmp_path / "tabellen.xlsx"
    write_workbook(sorted(t.glob("*.csv")), path, _about())
    return load_workbook(path)


def test_sheets_are_dutch_and_lees_mij_comes_first(workbook):
    assert workbook.sheetnames == [README_SHEET, "Opgave in euro", "Inponding"]


def test_headers_are_dutch(workbook):
    ws = workbook["Opgave in euro"]
    assert [c.value for c in ws[1]] == ["Soort gebied", "Gebied of partij", "Onderdeel", "Aantal", "Opgave (euro)",
                                        "Scenario"]
    assert [c.value for c in workbook["Inponding"][1]] == [
        "Jaar", "Realisatie of prognose", "Inponding", "Doel gehaald", "Bijdrage aan het regionale doel"]


def test_numbers_stay_numbers_with_dutch_formats(workbook):
    ws = workbook["Opgave in euro"]
    n_units, task = ws["D2"], ws["E2"]
    assert (n_units.value, n_units.number_format) == (1721, COUNT)
    assert task.value == pytest.approx(507863004.263813) and task.number_format == EUR
    assert ws["E3"].value == -1500.5
    inp = workbook["Inponding"]
    assert (inp["A2"].value, inp["A2"].number_format) == (2024, YEAR)
    assert (inp["C2"].value, inp["C2"].number_format) == (84, COUNT)
    assert (inp["E3"].value, inp["E3"].number_format) == (1.01, SHARE)


def test_booleans_and_codes_in_dutch(workbook):
    ws = workbook["Opgave in euro"]
    assert [ws["C2"].value, ws["C3"].value] == ["nieuwbouw", "sloop"]
    assert ws["F2"].value == "Basis" and ws["F3"].value.startswith("Stress: ")
    inp = workbook["Inponding"]
    assert [inp["D2"].value, inp["D3"].value] == ["nee", "ja"]
    assert [inp["B2"].value, inp["B3"].value] == ["realisatie", "prognose"]


def test_frozen_header_filter_and_widths(workbook):
    ws = workbook["Opgave in euro"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:F3"
    assert ws.print_title_rows == "$1:$1"
    widths = _shown_widths(ws)
    assert set(widths) == set("ABCDEF")
    assert all(8 <= w <= 60 for w in widths.values())
    assert widths["E"] >= len("€ 507.863.004")  # the largest amount fits


def _shown_widths(ws) -> dict[str, int]:
    """Column widths in characters as a spreadsheet shows them.

    The file stores each width with 5 pixels of cell padding more (7 pixels a character), and
    neighbouring columns of the same width as one range.
    """
    from openpyxl.utils import get_column_letter

    return {get_column_letter(i): round(d.width - 5 / 7) for d in ws.column_dimensions.values()
            for i in range(d.min, d.max + 1)}


def test_long_text_wraps_and_its_row_is_tall_enough(tmp_path):
    t = tmp_path / "afspraken_monitor.csv"
    remark = "woord " * 25  # 150 characters: more than the widest column (60)
    t.write_text(f"target_id,remark,value\nx,{remark.strip()},1\ny,kort,2\n", encoding="utf-8")
    write_workbook([t], tmp_path / "w.xlsx")
    ws = load_workbook(tmp_path / "w.xlsx")["Afspraken"]
    assert _shown_widths(ws)["B"] == 60
    assert ws["B2"].alignment.wrap_text and ws["B2"].alignment.vertical == "top"
    assert not ws["C2"].alignment.wrap_text and ws["C2"].alignment.vertical == "top"
    # 149 characters at 63 a line (58 usable characters, 1,1 per width unit): 3 lines of 15 points
    assert ws.row_dimensions[2].height == 45
    assert not ws["B3"].alignment.wrap_text and ws.row_dimensions[3].height in (None, 15)


def test_the_same_tables_give_the_same_workbook(workbook, tmp_path):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    tables = sorted((tmp_path / "tables").glob("*.csv"))
    write_workbook(tables, first, _about())
    write_workbook(tables, second, _about())
    assert first.read_bytes() == second.read_bytes()
    import zipfile

    with zipfile.ZipFile(first) as z:  # dated by the report, not by the clock
        assert "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-11-23T00:00:00Z" in z.read("docProps/core.xml").decode()


def test_lees_mij_says_what_the_workbook_holds(workbook):
    ws = workbook[README_SHEET]
    rows = [tuple(c for c in r if c is not None) for r in ws.iter_rows(values_only=True)]
    labels = {r[0]: r[1] for r in rows if len(r) == 2}
    assert rows[0] == ("Financiële ruimte – regio Parkstad",)
    assert labels["Let op"].startswith("Illustratieve voorbeelddata: ")
    assert labels["Rapportagejaar"] == 2026
    assert labels["Fase"] == "Q3 bestuurlijke tussenrapportage"
    assert labels["Gebied of partij"] == "regio Parkstad"
    assert labels["Datum"] == "23 november 2026"
    assert labels["Gegevens"] == "De leveringen 2026 van de woningcorporaties en gemeenten."
    assert labels["Versie van de suite"] == "rpa-parkstad 0.1.0, code abc123"
    assert labels["Voorbeelddata"].startswith("ja")
    assert labels["Inponding"] == "Inponding per jaar tegen het doel (regionaal: alle corporaties samen)"
    assert ("Opgave in euro", "Opgave (euro)", "Investeringen die de Parkstad-opgave vraagt", "euro",
            "task_eur") in rows


def test_the_warning_row_is_tall_enough_for_its_bold_text(workbook):
    ws = workbook[README_SHEET]
    row = next(r for r in ws.iter_rows(min_row=1, max_row=5) if r[0].value == "Let op")[0].row
    # 185 characters of bold text in a column 60 wide: about 54 a line, 4 lines of 15 points
    assert ws.row_dimensions[row].height == 60


def test_real_data_have_no_warning(tmp_path):
    t = tmp_path / "inponding.csv"
    t.write_text("year,inponding\n2026,3\n", encoding="utf-8")
    write_workbook([t], tmp_path / "w.xlsx", _about(example_data=False))
    ws = load_workbook(tmp_path / "w.xlsx")[README_SHEET]
    labels = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0]}
    assert "Let op" not in labels and labels["Voorbeelddata"].startswith("nee")


def test_per_unit_columns_take_the_unit_of_their_row(tmp_path):
    t = tmp_path / "afspraken_monitor.csv"
    t.write_text("target_id,comparison,value,unit\nx,>=,6775.0,woningen\ny,<,355000.0,euro\nz,>=,40.0,procent\n",
                 encoding="utf-8")
    write_workbook([t], tmp_path / "w.xlsx")
    ws = load_workbook(tmp_path / "w.xlsx")["Afspraken"]
    assert [ws[f"C{i}"].number_format for i in (2, 3, 4)] == [COUNT, EUR, '0.0"%"']
    assert [ws[f"B{i}"].value for i in (2, 3)] == ["minimaal", "lager dan"]
    assert ws["A2"].value == "x"  # the monitor shows the description beside the code


def test_reference_is_complete_and_well_formed():
    described = cols.columns()
    assert all(c.header_nl and c.description_nl and c.description_en for c in described.values())
    assert all(t in cols.tables() for t, _ in described if t)  # table overrides name real tables
    for source in {c.codes for c in described.values() if c.codes}:
        assert cols.display_code(source, "geen_code") in ("geen_code", "geen code"), source  # every code list loads
        assert source == "unit" or cols.code_labels(source), source
    assert all(len(t.sheet_nl) <= 31 for t in cols.tables().values())
    assert len({t.sheet_nl.lower() for t in cols.tables().values()}) == len(cols.tables())


# --------------------------------------------------------------------------------------------
# The real reporting set
# --------------------------------------------------------------------------------------------


def _run_tiny_set(processed: Path, out: Path) -> tuple[int, list[str], Path]:
    from analysis.report.runner import run_report

    log: list[str] = []
    extra = {"pdf": False} if "pdf" in inspect.signature(run_report).parameters else {}
    rc = run_report(data_dir=processed, out_dir=out, validate=False, config_path=config.ROOT / "reports" / "default.yml",
                    jobs=2, progress=False, day=DAY, log=log.append, **extra)
    return rc, log, out / "2026"


@pytest.fixture(scope="module")
def tiny_set_dir(request, tmp_path_factory) -> Path:
    """The whole set on the tiny fixture (the session's ``tiny_set`` where conftest has it)."""
    try:
        rc, log, set_dir = request.getfixturevalue("tiny_set")
    except pytest.FixtureLookupError:
        rc, log, set_dir = _run_tiny_set(request.getfixturevalue("tiny_processed"), tmp_path_factory.mktemp("set"))
    assert rc == 0, "\n".join(log[-30:])
    return set_dir


def test_every_published_table_and_column_is_described(tiny_set_dir):
    missing_tables, missing_columns = set(), set()
    for path in sorted(tiny_set_dir.glob("*/*/*/tables/*.csv")):
        header, _rows = read_table(path)
        if cols.table_info(path.stem) is None:
            missing_tables.add(path.stem)
        missing_columns |= {f"{path.stem}.{c}" for c in header if cols.column_info(path.stem, c) is None}
        headers = [cols.column_info(path.stem, c).header_nl for c in header if cols.column_info(path.stem, c)]
        assert len(headers) == len(set(headers)), (path, headers)  # one Dutch header, one column
    assert sorted(missing_tables) == [] and sorted(missing_columns) == []


def test_a_report_workbook_is_made_for_people(tiny_set_dir):
    manifest = json.loads((tiny_set_dir / "manifest.json").read_text(encoding="utf-8"))
    report = tiny_set_dir / "q3/04_financiele_ruimte/regio-parkstad"
    wb = load_workbook(report / "tabellen.xlsx")
    assert wb.sheetnames[0] == README_SHEET
    assert {"Financiële ruimte", "Tekort per corporatie", "Financiële kengetallen", "Opgave in euro"} <= set(wb.sheetnames)
    ws = wb["Financiële kengetallen"]
    header = [c.value for c in ws[1]]
    assert header[:5] == ["Corporatie", "Scenario", "Jaar", "Soort cijfer", "Investeringen (euro)"]
    assert not [h for h in header if "_" in h]  # no snake_case left
    by_header = {h: i for i, h in enumerate(header)}
    row = [c for c in ws[2]]
    assert row[by_header["Leningen (euro)"]].number_format == EUR
    assert row[by_header["LTV (beleidswaarde)"]].number_format == SHARE
    assert row[by_header["Jaar"]].number_format == YEAR
    assert row[by_header["Norm overschreden"]].value in ("ja", "nee")
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    readme = {r[0]: r[1] for r in wb[README_SHEET].iter_rows(values_only=True) if r[0]}
    assert readme["Rapportagejaar"] == 2026
    assert readme["Fase"] == "Q3 bestuurlijke tussenrapportage"
    assert readme["Gebied of partij"] == "regio Parkstad"
    assert readme["Versie van de suite"].startswith("rpa-parkstad ")
    assert readme["Gegevens"]
    assert ("Let op" in readme) == manifest["example_data"]


def test_every_workbook_of_the_set_opens_with_lees_mij(tiny_set_dir):
    books = sorted(tiny_set_dir.glob("*/*/*/tabellen.xlsx"))
    assert books
    for book in books:
        wb = load_workbook(book, read_only=True)
        assert wb.sheetnames[0] == README_SHEET, book
        wb.close()
