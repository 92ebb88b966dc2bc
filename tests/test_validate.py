"""Cell normalisation, CSV deliveries, exit codes and the never-touch-data/raw rule."""

from __future__ import annotations

import datetime as dt
import hashlib
from argparse import Namespace
from pathlib import Path

import pandas as pd
import pytest

from analysis import config, schemas
from analysis.deliveries.templates import write_workbook
from analysis.deliveries.validate import (
    Invalid,
    make_converter,
    parse_number,
    validate_command,
    validate_directory,
)


@pytest.mark.parametrize("text, expected", [
    ("612,35", 612.35), ("612.35", 612.35), ("1.234,56", 1234.56), ("1,234.56", 1234.56),
    ("1.234.567", 1234567.0), ("€ 1.234,50", 1234.5), (" 24 ", 24.0), ("-3", -3.0), ("0,125", 0.125),
    (24, 24.0), (612.35, 612.35), ("1,5e3", 1500.0),
])
def test_parse_number_accepts_dutch_and_english_forms(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["zeshonderd", "1.500", "1,500", "12,3,4", "", "1.23,4", "--1", True])
def test_parse_number_refuses_text_and_ambiguous_thousands(text):
    with pytest.raises(Invalid):
        parse_number(text)


def _field(sheet: str, header: str) -> schemas.Field:
    return next(s for s in schemas.ALL_SHEETS if s.sheet == sheet and header in s.headers).by_header()[header]


@pytest.mark.parametrize("raw, expected", [
    ("  heerlen ", "Heerlen"), ("Gemeente Heerlen", "Heerlen"), ("GEMEENTE   HEERLEN", "Heerlen"),
    ("GM0917", "Heerlen"), (917, "Heerlen"), ("Nuth", "Beekdaelen"),
])
def test_municipality_aliases(raw, expected):
    assert make_converter(_field("voorraad", "gemeente"))(raw) == expected


def test_unknown_municipality_lists_the_seven():
    with pytest.raises(Invalid) as exc:
        make_converter(_field("voorraad", "gemeente"))("Maastricht")
    assert "Beekdaelen, Brunssum, Heerlen, Kerkrade, Landgraaf, Simpelveld, Voerendaal" in exc.value.args[0]


@pytest.mark.parametrize("sheet, header, raw, expected", [
    ("projecten", "segment", "Sociaal", "sociale_huur"),
    ("projecten", "segment", "vrije sector", "vrije_sector"),
    ("projecten", "planstatus", "In Aanbouw", "in_aanbouw"),
    ("projecten", "soort", "sloop-nieuwbouw", "sloop_nieuwbouw"),
    ("mutaties", "soort", "verkoop aan huurder", "VAH"),
    ("mutaties", "soort", "vah", "VAH"),
    ("voorraad", "energielabel", "a+++", "A+++"),
    ("voorraad", "aardgasvrij", "JA", True),
    ("voorraad", "aardgasvrij", 0, False),
    ("levering", "corporatie", "zowonen", "ZO Wonen"),
    ("levering", "corporatie", "De Voorzorg", "Vincio Wonen"),
    ("voorraad", "bouwjaar", "1965", 1965),
    ("voorraad", "bouwjaar", dt.datetime(1965, 1, 1), 1965),
    ("voorraad", "bouwjaar", 1965.0, 1965),
    ("voorraad", "vhe-nummer", 1234.0, "1234"),
    ("voorraad", "netto huur", "612,35", 612.35),
])
def test_safe_normalisations(sheet, header, raw, expected):
    assert make_converter(_field(sheet, header))(raw) == expected


@pytest.mark.parametrize("sheet, header, raw, fragment", [
    ("voorraad", "energielabel", "H", "A++++ t/m G"),
    ("mutaties", "aantal", -1, ">= 0"),
    ("mutaties", "aantal", 2.5, "geen decimalen"),
    ("projecten", "aantal woningen", 0, ">= 1"),
    ("voorraad", "bouwjaar", "negentienzestig", "jaartal"),
    ("voorraad", "aardgasvrij", "misschien", "ja of nee"),
    ("levering", "corporatie", "Woonstichting Fantasie", "een corporatie van de ROW"),
])
def test_invalid_cells_say_what_is_expected(sheet, header, raw, fragment):
    with pytest.raises(Invalid) as exc:
        make_converter(_field(sheet, header))(raw)
    assert fragment in exc.value.args[0]


def _corp_sheets(corp="Weller", voorraad=None):
    return {
        "levering": pd.DataFrame([{"corporatie": corp, "leveringsjaar": 2026}]),
        "voorraad": pd.DataFrame(voorraad or [
            {"vhe-nummer": "A1", "gemeente": "Heerlen", "bouwjaar": 1970, "woningtype": "EGW", "netto huur": 600,
             "energielabel": "C", "aardgasvrij": "nee", "woonvorm": "regulier", "monument": "nee"},
            {"vhe-nummer": "A2", "gemeente": "Heerlen", "bouwjaar": 2030, "woningtype": "EGW", "netto huur": 600,
             "energielabel": "C", "aardgasvrij": "nee", "woonvorm": "regulier", "monument": "nee"},
        ]),
    }


def test_reconciliation_and_strict_exit_code(tmp_path, capsys):
    src = tmp_path / "in"
    write_workbook(src / "weller_2026.xlsx", "corporatie", _corp_sheets())
    out = tmp_path / "out"
    result = validate_directory(src, out)
    stock = [r for r in result.reconciliation if r["sheet"] == "voorraad"][0]
    assert (stock["rows_read"], stock["rows_accepted"], stock["rows_rejected"]) == (2, 1, 1)
    # bouwjaar 2030 > leveringsjaar 2026 is rejected, A1 kept
    assert result.tables["stock"]["vhe_id"].tolist() == ["A1"]
    assert result.rejections["row"].tolist() == [3]
    assert validate_command(Namespace(directory=src, out=out, strict=False)) == 0
    assert validate_command(Namespace(directory=src, out=out, strict=True)) == 1
    printed = capsys.readouterr().out
    assert "gelezen       2 = geaccepteerd       1 + afgekeurd      1" in printed
    for name in ["stock.parquet", "rejections.parquet", "rejections.csv", "metadata.json", "validatie/Weller.xlsx"]:
        assert (out / name).exists(), name


def test_duplicate_vhe_across_files_of_one_corporation_but_not_across_corporations(tmp_path):
    src = tmp_path / "in"
    write_workbook(src / "a.xlsx", "corporatie", _corp_sheets("Weller"))
    write_workbook(src / "b.xlsx", "corporatie", _corp_sheets("Woonpunt"))
    write_workbook(src / "c.xlsx", "corporatie", _corp_sheets("Weller Wonen"))
    result = validate_directory(src, write=False)
    stock = result.tables["stock"]
    assert stock[["corporation", "vhe_id"]].values.tolist() == [["Weller", "A1"], ["Woonpunt", "A1"]]
    dup = [p for p in result.problems if p.file == "c.xlsx" and p.column == "vhe-nummer"]
    assert [(p.row, p.expected) for p in dup] == [(2, "een uniek(e) vhe-nummer; komt al voor in a.xlsx, rij 2")]
    # the second Weller file also repeats the levering row: levering kept (it is not keyed)
    assert result.tables["deliveries_corporation"]["corporation"].tolist() == ["Weller", "Woonpunt", "Weller"]


def test_csv_delivery_with_semicolons_and_decimal_commas(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "weller_2026_voorraad.csv").write_text(
        "vhe-nummer;gemeente;bouwjaar;woningtype;netto huur;energielabel;aardgasvrij;woonvorm;monument\n"
        "X1;Gemeente Brunssum;1980;eengezinswoning;612,35;D;nee;regulier;nee\n"
        "X2;Brunssum;1981;eengezinswoning;veel;D;nee;regulier;nee\n", encoding="utf-8")
    result = validate_directory(src, write=False)
    assert result.year == 2026
    stock = result.tables["stock"]
    assert stock[["vhe_id", "municipality", "net_rent_eur", "corporation"]].values.tolist() == [
        ["X1", "Brunssum", 612.35, "Weller"]]
    bad = [p for p in result.problems if p.severity == "fout"]
    assert [(p.file, p.sheet, p.row, p.column) for p in bad] == [("weller_2026_voorraad.csv", "", 3, "netto huur")]


def test_missing_levering_sheet_falls_back_to_file_name_with_warning(tmp_path):
    src = tmp_path / "in"
    sheets = _corp_sheets()
    # levering written with its header only (no row): sender and year come from the file name
    write_workbook(src / "weller_2026.xlsx", "corporatie", {"voorraad": sheets["voorraad"]})
    result = validate_directory(src, write=False)
    assert result.year == 2026
    assert result.tables["stock"]["corporation"].tolist() == ["Weller"]
    warn = [p for p in result.problems if p.sheet == "levering"]
    assert len(warn) == 1 and warn[0].severity == "waarschuwing" and "Weller, 2026" in warn[0].expected


def test_file_without_sender_anywhere_is_rejected_not_dropped(tmp_path):
    src = tmp_path / "in"
    sheets = _corp_sheets()
    write_workbook(src / "weller_2026.xlsx", "corporatie", sheets)
    write_workbook(src / "onbekend.xlsx", "corporatie", {"voorraad": sheets["voorraad"]})
    result = validate_directory(src, write=False)
    recon = [r for r in result.reconciliation if r["file"] == "onbekend.xlsx" and r["sheet"] == "voorraad"]
    assert recon == [{"sender": "onbekend", "file": "onbekend.xlsx", "sheet": "voorraad", "table": "stock",
                      "rows_read": 2, "rows_accepted": 0, "rows_rejected": 2}]


def test_refuses_to_write_under_data_raw(tmp_path):
    src = tmp_path / "in"
    write_workbook(src / "weller_2026.xlsx", "corporatie", _corp_sheets())
    with pytest.raises(ValueError, match="data/raw"):
        validate_directory(src, config.DATA_RAW / "processed_here")
    assert not (config.DATA_RAW / "processed_here").exists()


def _checksums(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_validating_never_changes_data_raw(tmp_path):
    before = _checksums(config.DATA_RAW)
    example = sorted(p for p in config.EXAMPLE_DIR.glob("[0-9]*") if p.is_dir()) if config.EXAMPLE_DIR.exists() else []
    folder = example[-1] if example else Path(__file__).parent / "fixtures" / "broken"
    validate_directory(folder, tmp_path / "out")
    assert _checksums(config.DATA_RAW) == before


def test_example_marker_sets_example_data_flag(tmp_path):
    src = tmp_path / "in"
    write_workbook(src / "weller_2026.xlsx", "corporatie", _corp_sheets())
    (src / "VOORBEELDDATA.md").write_text("illustratief", encoding="utf-8")
    result = validate_directory(src, tmp_path / "out")
    assert result.example_data is True
    import json
    meta = json.loads((tmp_path / "out" / "metadata.json").read_text(encoding="utf-8"))
    assert meta["example_data"] is True and meta["year"] == 2026
    assert list(meta["files"]) == ["weller_2026.xlsx"]


def test_output_is_deterministic(tmp_path):
    src = tmp_path / "in"
    write_workbook(src / "weller_2026.xlsx", "corporatie", _corp_sheets())
    validate_directory(src, tmp_path / "o1")
    validate_directory(src, tmp_path / "o2")
    assert _checksums(tmp_path / "o1") == _checksums(tmp_path / "o2")


def test_gas_free_after_cross_checks_warn_and_keep_rows(tmp_path):
    """aardgasvrij na ingreep: kept as bool; a warning without renovatie/verduurzaming (G2, G3) and
    for ja -> nee (G4); G1 (verduurzaming, ja) and G5 (column empty) give no warning."""
    base = {"gemeente": "Heerlen", "bouwjaar": 1970, "woningtype": "EGW", "netto huur": 600,
            "energielabel": "E", "aardgasvrij": "nee", "woonvorm": "regulier", "monument": "nee"}
    rows = [
        base | {"vhe-nummer": "G1", "geplande ingreep": "verduurzaming", "jaar ingreep": 2027,
                "label na ingreep": "A", "aardgasvrij na ingreep": "ja"},
        base | {"vhe-nummer": "G2", "geplande ingreep": "sloop", "jaar ingreep": 2027, "aardgasvrij na ingreep": "nee"},
        base | {"vhe-nummer": "G3", "aardgasvrij na ingreep": "ja"},
        base | {"vhe-nummer": "G4", "aardgasvrij": "ja", "geplande ingreep": "renovatie", "jaar ingreep": 2028,
                "label na ingreep": "B", "aardgasvrij na ingreep": "nee"},
        base | {"vhe-nummer": "G5", "geplande ingreep": "renovatie", "jaar ingreep": 2028, "label na ingreep": "B"},
    ]
    src = tmp_path / "in"
    write_workbook(src / "weller_2026.xlsx", "corporatie", _corp_sheets(voorraad=rows))
    result = validate_directory(src, write=False)
    stock = result.tables["stock"].set_index("vhe_id")
    assert len(stock) == 5  # warnings only: every row accepted
    assert stock["gas_free_after"].tolist()[:4] == [True, False, True, False]
    assert pd.isna(stock.loc["G5", "gas_free_after"])
    warned = [(p.row, p.value) for p in result.problems
              if p.column == "aardgasvrij na ingreep" and p.severity == "waarschuwing"]
    assert warned == [(3, "nee"), (4, "ja"), (5, "nee")]
