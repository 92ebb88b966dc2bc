"""analysis.processed: loading, empty tables with columns, scopes."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import processed
from analysis.deliveries.templates import write_workbook
from analysis.deliveries.validate import validate_directory


def test_missing_year_names_folder_and_rpa_validate(tmp_path):
    with pytest.raises(FileNotFoundError) as exc:
        processed.load(2031, tmp_path)
    assert str(tmp_path / "2031") in str(exc.value) and "rpa validate" in str(exc.value)


def test_load_round_trip_and_empty_tables(tmp_path):
    src = tmp_path / "in"
    write_workbook(src / "w.xlsx", "corporatie", {
        "levering": pd.DataFrame([{"corporatie": "Weller", "leveringsjaar": 2026}]),
        "mutaties": pd.DataFrame([{"gemeente": "Heerlen", "jaar": 2025, "soort": "sloop", "aantal": 4,
                                   "status": "realisatie"}]),
    })
    validate_directory(src, tmp_path / "processed" / "2026")
    assert processed.available_years(tmp_path / "processed") == [2026]
    data = processed.load(2026, tmp_path / "processed")
    assert data.year == 2026 and data.example_data is False
    m = data.mutations
    assert m[["municipality", "year", "mutation_type", "count", "figure_status", "corporation"]].values.tolist() == [
        ["Heerlen", 2025, "SLO", 4, "realisatie", "Weller"]]
    assert m["count"].dtype == "Int64"
    assert (m["delivery_year"].tolist(), m["source_file"].tolist(), m["source_row"].tolist()) == ([2026], ["w.xlsx"], [2])
    # absent tables are empty but have their columns and dtypes
    assert data.stock.empty and list(data.stock.columns) == list(processed.table_dtypes("stock"))
    assert data.plan_capacity.empty and "sender_municipality" in data.plan_capacity.columns
    assert list(data.rejections.columns) == list(processed.REJECTION_COLUMNS)


def test_empty_table_columns():
    cols = list(processed.empty_table("voorzieningenwijzer").columns)
    assert cols == ["year", "households_approached", "households_advised", "sender_municipality",
                    "delivery_year", "source_file", "source_sheet", "source_row"]


@pytest.mark.parametrize("scope_type, scope, expected", [
    ("regio", "Parkstad", "Parkstad"), ("regio", "parkstad limburg", "Parkstad"),
    ("gemeente", "  gemeente heerlen ", "Heerlen"), ("gemeente", "Kerkrade", "Kerkrade"),
    ("corporatie", "zowonen", "ZO Wonen"), ("corporatie", "Weller", "Weller"),
])
def test_check_scope_normalises(scope_type, scope, expected):
    assert processed.check_scope(scope_type, scope) == expected


@pytest.mark.parametrize("scope_type, scope, fragment", [
    ("provincie", "Limburg", "regio, gemeente, corporatie"),
    ("regio", "Heerlen", "Parkstad"),
    ("gemeente", "Maastricht", "Beekdaelen, Brunssum, Heerlen"),
    ("corporatie", "Fantasie", "HEEMwonen"),
])
def test_check_scope_lists_valid_values(scope_type, scope, fragment):
    with pytest.raises(ValueError, match=fragment):
        processed.check_scope(scope_type, scope)
