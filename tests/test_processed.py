"""analysis.processed: loading, empty tables with columns, scopes."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import processed
from analysis.deliveries.templates import write_workbook
from analysis.deliveries.validate import validate_directory
from analysis.errors import ValidationFailed


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


def _validated(tmp_path):
    """A processed 2026 folder from a small delivery (one corporation, two dwellings, one mutation)."""
    src = tmp_path / "in" / "2026"
    write_workbook(src / "weller_2026.xlsx", "corporatie", {
        "levering": pd.DataFrame([{"corporatie": "Weller", "leveringsjaar": 2026}]),
        "mutaties": pd.DataFrame([{"gemeente": "Heerlen", "jaar": 2025, "soort": "sloop", "aantal": 4,
                                   "status": "realisatie"}]),
        "voorraad": pd.DataFrame([{"vhe-nummer": v, "gemeente": "Heerlen", "bouwjaar": 1970, "woningtype": "EGW",
                                   "netto huur": 600, "energielabel": "C", "aardgasvrij": "nee",
                                   "woonvorm": "regulier", "monument": "nee"} for v in ("A1", "A2")]),
    })
    validate_directory(src, tmp_path / "processed" / "2026")
    return tmp_path / "processed"


def test_rpa_validate_records_the_contract_check_and_load_trusts_only_those_bytes(tmp_path):
    root = _validated(tmp_path)
    folder = root / "2026"
    meta = processed.load(2026, root).metadata
    assert meta["contract"]["fingerprint"] == processed.contract_fingerprint()
    assert set(meta["contract"]["tables"]) == {f"{t}.parquet" for t in (*processed.TABLE_NAMES, "rejections")}
    assert processed._stamp_holds(folder, meta)
    stock = pd.read_parquet(folder / "stock.parquet")
    stock.to_parquet(folder / "stock.parquet", index=False, compression="gzip")  # same rows, other bytes
    assert not processed._stamp_holds(folder, meta)
    assert processed.load(2026, root).stock["vhe_id"].tolist() == ["A1", "A2"]  # checked again, and valid


def test_a_table_that_breaks_the_contract_names_table_row_column_source_and_expected(tmp_path):
    """stock row 2 gets label 'H', row 1 no municipality and the vhe of row 2; mutations a bad count."""
    root = _validated(tmp_path)
    folder = root / "2026"
    stock = pd.read_parquet(folder / "stock.parquet")
    stock.loc[1, "energy_label"] = "H"
    stock.loc[0, "municipality"] = None
    stock.loc[0, "vhe_id"] = "A2"
    stock.to_parquet(folder / "stock.parquet", index=False)
    mutations = pd.read_parquet(folder / "mutations.parquet")
    mutations["count"] = mutations["count"].astype(str).replace({"4": "vier"})
    mutations.to_parquet(folder / "mutations.parquet", index=False)
    with pytest.raises(ValidationFailed) as exc:
        processed.load(2026, root)
    found = {(p.file, p.row, p.column, p.value): p.expected for p in exc.value.problems}
    assert found.keys() == {("mutations.parquet", 1, "count", "vier"), ("stock.parquet", 1, "municipality", ""),
                            ("stock.parquet", 2, "energy_label", "H"),
                            ("stock.parquet", 1, "corporation, vhe_id", "Weller / A2")}
    assert found[("stock.parquet", 2, "energy_label", "H")].startswith(
        "een code uit de lijst energy_label: A++++, A+++, A++, A+, A, B, C, D, E, F, G "
        "(bron: weller_2026.xlsx, blad 'voorraad', rij 3)")
    assert found[("mutations.parquet", 1, "count", "vier")].startswith("een geheel getal (kolomtype Int64)")
    assert "draai 'rpa validate' opnieuw" in str(exc.value)


def test_check_contract_on_a_literal_frame():
    """voorzieningenwijzer: advised is a count (>= 0), sender a Parkstad municipality, one row per year.

        year  households_approached  households_advised  sender_municipality
        2024  60                     -1                  Heerlen              <- advised < 0
        2024  70                     40                  Maastricht           <- not in Parkstad
    """
    df = pd.DataFrame({"year": [2024, 2024], "households_approached": [60, 70], "households_advised": [-1, 40],
                       "sender_municipality": ["Heerlen", "Maastricht"], "delivery_year": [2026, 2026],
                       "source_file": ["h.xlsx"] * 2, "source_sheet": ["voorzieningenwijzer"] * 2,
                       "source_row": [2, 3]})
    _, problems = processed.check_contract(df, "voorzieningenwijzer")
    assert [(p.row, p.column, p.value) for p in problems] == [
        (1, "households_advised", "-1"), (2, "sender_municipality", "Maastricht")]
    assert problems[0].expected == "een waarde >= 0 (bron: h.xlsx, blad 'voorzieningenwijzer', rij 2); 1 rij(en)"
    ok, none = processed.check_contract(df.iloc[:1].assign(households_advised=35), "voorzieningenwijzer")
    assert none == [] and ok["year"].dtype == "Int64"
