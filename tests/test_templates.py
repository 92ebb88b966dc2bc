"""``rpa template`` and :func:`write_workbook`: layout, drop-downs, determinism, round trip."""

from __future__ import annotations

from argparse import Namespace

import openpyxl
import pandas as pd
import pytest

from analysis import schemas
from analysis.deliveries.templates import template_command, write_workbook
from analysis.deliveries.validate import validate_directory


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    out = tmp_path_factory.mktemp("tpl")
    assert template_command(Namespace(out=out)) == 0
    return out


def test_template_sheets_headers_and_example_row(templates):
    wb = openpyxl.load_workbook(templates / "corporatie_template.xlsx")
    assert wb.sheetnames == ["toelichting", "levering", "projecten", "mutaties", "voorraad", "financien", "lijsten"]
    assert wb["lijsten"].sheet_state == "hidden"
    for spec in schemas.CORPORATION_SHEETS:
        ws = wb[spec.sheet]
        assert [c.value for c in ws[1]] == spec.headers
        assert ws.max_row == 2  # header + one example row
        assert ws.freeze_panes == "A2"
        assert ws["A1"].font.b
    gem = openpyxl.load_workbook(templates / "gemeente_template.xlsx")
    assert gem.sheetnames == ["toelichting", "levering", "plancapaciteit", "voorzieningenwijzer", "lijsten"]


def test_dropdowns_on_coded_columns(templates):
    wb = openpyxl.load_workbook(templates / "corporatie_template.xlsx")
    ws = wb["voorraad"]
    dvs = {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}
    # energielabel is column G; its list holds A++++ .. G
    formula = dvs["G2"].formula1
    col = formula.split("!")[1].split(":")[0].replace("$", "")[0]
    values = [c.value for c in wb["lijsten"][col][1:] if c.value is not None]
    assert values == ["A++++", "A+++", "A++", "A+", "A", "B", "C", "D", "E", "F", "G"]
    assert dvs["B2"].type == "list"  # gemeente
    assert "A2" not in dvs  # vhe-nummer is free text


def test_instructions_list_every_field(templates):
    wb = openpyxl.load_workbook(templates / "corporatie_template.xlsx")
    rows = [tuple(c.value for c in r) for r in wb["toelichting"].iter_rows()]
    listed = {(r[0], r[1]) for r in rows if r[1]}
    for spec in schemas.CORPORATION_SHEETS:
        for f in spec.fields:
            assert (spec.sheet, f.header) in listed


def test_template_is_deterministic(tmp_path):
    a = write_workbook(tmp_path / "a.xlsx", "gemeente")
    b = write_workbook(tmp_path / "b.xlsx", "gemeente")
    assert a.read_bytes() == b.read_bytes()


def test_template_example_rows_are_valid_cells_but_rejected_as_examples(templates, tmp_path):
    """Every example value passes the cell checks; left in a delivery, the example rows are rejected
    as the template's (issue 15), and for no other reason."""
    src = tmp_path / "2026"
    src.mkdir()
    for name in ("corporatie_template.xlsx", "gemeente_template.xlsx"):
        (src / name).write_bytes((templates / name).read_bytes())
    result = validate_directory(src, tmp_path / "out")
    errors = [p for p in result.problems if p.severity == "fout"]
    assert {(p.file, p.sheet, p.row) for p in errors} == {
        ("corporatie_template.xlsx", s, 2) for s in ("levering", "projecten", "mutaties", "voorraad", "financien")
    } | {("gemeente_template.xlsx", s, 2) for s in ("levering", "plancapaciteit", "voorzieningenwijzer")}
    assert all("de voorbeeldrij uit het invulbestand" in p.expected for p in errors)
    assert result.n_rejected == 8 and all(df.empty for df in result.tables.values())


def test_filled_template_round_trips(tmp_path):
    """Fill the template's example row with other values, write, validate: the values come back typed."""
    stock = pd.DataFrame([{"vhe_id": "Z9", "municipality": "Landgraaf", "build_year": 1999,
                           "dwelling_type": "meergezinswoning", "net_rent_eur": 701.5, "energy_label": "A+",
                           "gas_free": "ja", "housing_form": "regulier", "monument": "nee"}])
    write_workbook(tmp_path / "in" / "x.xlsx", "corporatie",
                   {"levering": pd.DataFrame([{"corporatie": "Woonpunt", "leveringsjaar": 2026}]), "voorraad": stock})
    result = validate_directory(tmp_path / "in", write=False)
    row = result.tables["stock"].iloc[0]
    assert (row["vhe_id"], row["municipality"], row["build_year"], row["net_rent_eur"], row["energy_label"],
            row["gas_free"], row["corporation"]) == ("Z9", "Landgraaf", 1999, 701.5, "A+", True, "Woonpunt")


def test_unknown_column_or_sheet_is_refused(tmp_path):
    with pytest.raises(ValueError, match="Onbekende kolom"):
        write_workbook(tmp_path / "x.xlsx", "corporatie", {"voorraad": pd.DataFrame({"onzin": [1]})})
    with pytest.raises(ValueError, match="blad"):
        write_workbook(tmp_path / "x.xlsx", "gemeente", {"voorraad": pd.DataFrame()})
