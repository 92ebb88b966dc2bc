"""The broken-delivery corpus (tests/fixtures/broken, made by tests/fixtures/make_broken.py).

Each file is validated on its own: the expected problem must be reported with file, sheet,
Excel row and column, and exactly the valid rows of that file must be kept.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from analysis.deliveries.validate import validate_directory

FIXTURES = Path(__file__).parent / "fixtures"
BROKEN = FIXTURES / "broken"


def _load_cases():
    spec = importlib.util.spec_from_file_location("make_broken", FIXTURES / "make_broken.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["make_broken"] = mod  # dataclasses need the module registered
    spec.loader.exec_module(mod)
    return mod.cases()


CASES = _load_cases()


def test_corpus_has_at_least_15_broken_files_and_all_are_committed():
    assert len(CASES) >= 15
    for case in CASES:
        assert (BROKEN / case.file).exists(), f"{case.file} ontbreekt: draai tests/fixtures/make_broken.py"


def _validate_one(tmp_path: Path, name: str):
    folder = tmp_path / "2026"
    folder.mkdir()
    shutil.copy(BROKEN / name, folder / name)
    return validate_directory(folder, tmp_path / "out")


@pytest.mark.parametrize("case", CASES, ids=[c.file for c in CASES])
def test_broken_file_reports_problem_and_keeps_valid_rows(tmp_path, case):
    result = _validate_one(tmp_path, case.file)
    errors = [p for p in result.problems if p.severity == "fout"]
    for sheet, row, column, fragment in case.expected:
        hits = [p for p in errors if p.file == case.file and p.sheet == sheet and p.row == row
                and p.column == column and fragment in p.expected]
        assert hits, f"verwacht probleem {sheet=} {row=} {column=} '{fragment}' niet gevonden in:\n" + "\n".join(
            p.message() for p in errors)
    if case.no_errors:
        assert errors == []
    for table, df in result.tables.items():
        assert len(df) == case.accepted.get(table, 0), table
    assert result.exit_code() == (2 if case.unreadable else 0)
    assert result.exit_code(strict=True) in ((2,) if case.unreadable else ((0,) if case.no_errors else (1,)))
    for r in result.reconciliation:
        assert r["rows_read"] == r["rows_accepted"] + r["rows_rejected"]


def test_unknown_corporation_rejects_every_row_with_reason(tmp_path):
    result = _validate_one(tmp_path, "b14_unknown_corporation.xlsx")
    rej = result.rejections
    # levering 1 + projecten 3 + mutaties 3 + voorraad 4 + financien 2 = 13 rows, each with a reason
    assert rej[["sheet", "row"]].drop_duplicates().shape[0] == 13
    assert set(rej.loc[rej["sheet"] == "voorraad", "expected"]) == {"afzender onbekend: het bestand is niet verwerkt"}


def test_missing_column_rows_land_in_rejections_with_raw_values(tmp_path):
    result = _validate_one(tmp_path, "b02_missing_column.xlsx")
    rej = result.rejections[result.rejections["sheet"] == "voorraad"]
    assert rej["row"].tolist() == [2, 3, 4, 5]
    assert '"vhe-nummer": "V1"' in rej["raw_row"].iloc[0]


def test_normalised_values_are_typed(tmp_path):
    result = _validate_one(tmp_path, "b16_normalisation_accepted.xlsx")
    stock = result.tables["stock"]
    assert stock["net_rent_eur"].tolist() == [612.35, 1234.56, 701.0, 480.0]
    assert stock["municipality"].tolist() == ["Kerkrade", "Kerkrade", "Brunssum", "Voerendaal"]
    assert stock["build_year"].tolist() == [1965, 1972, 2015, 1930]  # a date cell gives its year
    assert stock["vhe_id"].tolist() == ["V1", "V2", "3", "V4"]
    assert stock["energy_label"].tolist() == ["E", "C", "A", "G"]
    assert stock["dwelling_type"].tolist() == ["EGW", "MGW", "MGW", "EGW"]
    assert stock["monument"].tolist() == [False, False, False, True]
    assert stock["corporation"].unique().tolist() == ["Vanhier Wonen"]
    projects = result.tables["projects"]
    assert projects["segment"].iloc[0] == "sociale_huur"
    assert projects["n_dwellings"].iloc[0] == 24
    assert projects["total_cost_eur"].iloc[0] == 4_800_000
    assert projects["municipality"].iloc[0] == "Simpelveld"
    assert result.tables["finances"]["policy_value_eur"].iloc[0] == 850_000_000
    assert result.tables["mutations"]["mutation_type"].tolist() == ["SLO", "SLO", "VAH"]


def test_whole_corpus_runs_through_and_exit_code_2(tmp_path):
    result = validate_directory(BROKEN, tmp_path / "out")
    assert result.exit_code() == 2
    assert result.unreadable == ["b11_empty.xlsx", "b12_not_a_workbook.xlsx", "b13_corrupt_zip.xlsx"]
    files_in_recon = {r["file"] for r in result.reconciliation}
    assert len(files_in_recon) == len(CASES) - 3
    assert (tmp_path / "out" / "validatie" / "Weller.xlsx").exists()
