"""Reference data: the key targets agree with the agreement text, errors name file/row/column,
every table is sourced, and the project portfolio matches the annex table.

The agreement text is ``data/raw/agreement/regionale_prestatieafspraken_parkstad_2024_2028.txt``.
Every target's ``source`` points at lines of that file ("r. 229-230"); the tests read those
lines and look for the row's quote and its value written the Dutch way (6.775, 2.430, ...).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from analysis import config, reference
from analysis.errors import ValidationFailed
from analysis.formatting import format_eur, format_number

AGREEMENT = config.AGREEMENT_DIR / "regionale_prestatieafspraken_parkstad_2024_2028.txt"
AGREEMENT_NAME = AGREEMENT.relative_to(config.ROOT).as_posix()


def _norm(text: str) -> str:
    return " ".join(text.split())


def _agreement_lines() -> list[str]:
    return AGREEMENT.read_text(encoding="utf-8").split("\n")


def _cited_text(source: str) -> str:
    """The agreement lines that a ``source`` cell points to ("... txt r. 8-9, 1069-1071)")."""
    m = re.search(re.escape(AGREEMENT_NAME) + r" r\. ([0-9 ,\-]+)", source)
    assert m, f"source verwijst niet naar regels van {AGREEMENT_NAME}: {source}"
    lines = _agreement_lines()
    parts = []
    for chunk in m.group(1).split(","):
        chunk = chunk.strip()
        if not chunk:
            continue
        a, _, b = chunk.partition("-")
        a, b = int(a), int(b or a)
        assert 1 <= a <= b <= len(lines), chunk
        parts.extend(lines[a - 1 : b])
    return _norm(" ".join(parts))


# (target_id, value as the agreement writes it) -- the figures the issue names.
KEY_TARGETS = [
    ("new_build_total_2030", 6775),
    ("social_rent_2022_2030", 2430),
    ("social_rent_2024_2028", 1350),
    ("mid_affordable_2030", 2020),
    ("flex_2030", 375),
    ("elderly_increase_2040", 4000),
    ("clustered_dwellings", 1450),
    ("inponding_per_year", 100),
    ("voorzieningenwijzer_2023_2026", 1000),
]


@pytest.mark.parametrize(("target_id", "expected"), KEY_TARGETS)
def test_key_target_matches_agreement_text(target_id, expected):
    row = reference.target(target_id)
    assert reference.target_value(target_id) == expected
    cited = _cited_text(row["source"])
    dutch = format_number(row["value"])  # 6775 -> "6.775"
    # the number stands as a whole number in the cited sentence ("6.775", not "16.775")
    assert re.search(rf"(?<![\d.]){re.escape(dutch)}(?![\d.,])", cited), (dutch, cited)
    assert _norm(row["quote"]) in cited
    assert dutch in row["quote"]


def test_key_target_periods_and_kinds():
    """Periods as the text states them (hand-read from the agreement)."""
    t = reference.targets().set_index("target_id")
    assert (t.loc["social_rent_2022_2030", "period_start"], t.loc["social_rent_2022_2030", "period_end"]) == (2022, 2030)
    assert (t.loc["social_rent_2024_2028", "period_start"], t.loc["social_rent_2024_2028", "period_end"]) == (2024, 2028)
    assert (t.loc["voorzieningenwijzer_2023_2026", "period_start"], t.loc["voorzieningenwijzer_2023_2026", "period_end"]) == (2023, 2026)
    assert t.loc["new_build_total_2030", "period_end"] == 2030
    assert t.loc["elderly_increase_2040", "period_end"] == 2040
    assert t.loc["efg_phase_out_2028", "period_end"] == 2028
    assert t.loc["efg_phase_out_2028", "value"] == 0
    assert t.loc["social_rent_2024_2028", "kind"] == "minimum"
    assert t.loc["inponding_per_year", "kind"] == "ambitie"
    assert t.loc["sales_vs_additions", "comparison"] == "rule"
    assert pd.isna(t.loc["sales_vs_additions", "value"])
    assert t.loc["sales_vs_additions", "scope"] == "gemeente"
    assert t.loc["mid_affordable_share_new_build", "value"] == 40
    assert t.loc["mid_affordable_share_new_build", "unit"] == "procent"


def test_every_target_quote_is_in_the_cited_lines():
    for _, row in reference.targets().iterrows():
        if pd.isna(row["quote"]):
            continue
        assert _norm(row["quote"]) in _cited_text(row["source"]), row["target_id"]


def test_npa_annex_figures_match_text():
    t = reference.targets().set_index("target_id")
    for tid, value in [("npa_social_rent_2030", 250000), ("npa_mid_rent_2030", 50000),
                       ("npa_gas_free_2030", 450000), ("npa_insulated_2030", 675000),
                       ("npa_clustered_2030", 50000)]:
        assert t.loc[tid, "value"] == value
        assert t.loc[tid, "scope"] == "landelijk"
        assert format_number(value) in _cited_text(t.loc[tid, "source"])
    assert t.loc["npa_social_share_municipality", "value"] == 30
    assert "30%" in _cited_text(t.loc["npa_social_share_municipality", "source"])
    assert t.loc["npa_efg_exemption_demolition_years", "value"] == 5
    assert "sloop <5jr" in _cited_text(t.loc["npa_efg_exemption_demolition_years", "source"])
    # the hybrid heat pump norm is in the text but was dropped in 2024 (REFERENCE.md section 0)
    assert t.loc["npa_hybrid_heat_pump_2026", "status"] == "vervallen"


def test_target_unknown_id_names_it():
    with pytest.raises(KeyError, match="bestaat_niet"):
        reference.target("bestaat_niet")
    with pytest.raises(ValueError, match="sales_vs_additions"):
        reference.target_value("sales_vs_additions")


# ---------------------------------------------------------------- thresholds

def test_2024_thresholds_match_the_annex_of_the_agreement():
    """The annex 'Toelichting op betaalbaarheidsklassen' writes each limit as '€ 454,47'."""
    annex = _norm(" ".join(_agreement_lines()[1078:1121]))
    for tid in ("kwaliteitskortingsgrens", "aftoppingsgrens_laag", "aftoppingsgrens_hoog",
                "liberalisatiegrens", "middenhuurgrens"):
        value = reference.threshold(2024, tid)
        assert format_eur(value) in annex, tid
    assert reference.threshold(2024, "kwaliteitskortingsgrens") == 454.47
    assert reference.threshold(2024, "liberalisatiegrens") == 879.66
    assert reference.threshold(2024, "middenhuurgrens") == 1123.13
    # koop: Afspraak 2 writes "€390.000"
    assert reference.threshold(2024, "betaalbare_koopgrens") == 390000
    assert "€390.000" in _norm(" ".join(_agreement_lines()[270:275]))


def test_thresholds_cover_2024_to_2026_and_missing_are_reported():
    assert reference.threshold_years() == [2024, 2025, 2026]
    assert len(reference.thresholds(2025)) == len(reference.THRESHOLD_IDS)
    missing = reference.missing_thresholds()
    assert set(missing["year"]) == {2026}
    assert sorted(missing["threshold_id"]) == sorted(
        ["kwaliteitskortingsgrens", "aftoppingsgrens_laag", "aftoppingsgrens_hoog"])
    assert reference.threshold(2026, "kwaliteitskortingsgrens") is None
    assert reference.threshold(2026, "liberalisatiegrens") == 932.93
    assert reference.missing_thresholds([2024, 2025]).empty


def test_missing_thresholds_lists_absent_years():
    missing = reference.missing_thresholds([2027])
    assert len(missing) == len(reference.THRESHOLD_IDS)
    assert set(missing["reason"]) == {"geen rij in thresholds.csv"}
    with pytest.raises(KeyError, match="2027"):
        reference.threshold(2027, "liberalisatiegrens")


# ---------------------------------------------------------------- norms, portfolio

def test_financial_norms():
    assert reference.financial_norm("icr") == (">", 1.4)
    assert reference.financial_norm("ltv_beleidswaarde") == ("<", 0.85)
    assert reference.financial_norm("solvabiliteit") == (">", 0.15)
    assert reference.financial_norm("dekkingsratio_marktwaarde") == ("<", 0.70)
    assert set(reference.financial_norms()["source_quality"]) == {"secundair"}


def _parse_portfolio_marks() -> dict[int, list[bool]]:
    """Re-read the X marks of the annex table from the raw text (rule in docs/reference_data.md).

    After the last name on a row follows one separator space (two when the corporation cell
    is empty), then five cells: a mark is "X " and an empty cell " ". A row whose marks sit on
    a line of their own (wrapped names) has no separator.
    """
    lines = _agreement_lines()
    start = next(i for i, line in enumerate(lines) if line.startswith("1. Verduurzaming"))
    end = next(i for i, line in enumerate(lines) if line.strip().startswith("Bijlagen:"))
    rows: dict[int, list[str]] = {}
    current = None
    for line in lines[start:end]:
        if not line.strip():
            continue
        m = re.match(r"^\s*(\d+)\.\s", line)
        if m:
            current = int(m.group(1))
            rows[current] = []
        rows[current].append(line)
    marks = {}
    for nr, block in rows.items():
        last = block[-1]
        if len(block) > 1 and re.fullmatch(r"[ X]*", last):
            cells = last
        else:
            m = re.search(r"(?<=\S)( [ X]*)$", last)
            cells = last[m.start() + 1:]
        flags, p = [], 0
        n_spaces_needed = len(cells) - 2 * cells.count("X")
        if n_spaces_needed == 5 - cells.count("X") + 1:  # extra separator: empty corporation cell
            cells = cells[1:]
        for _ in range(5):
            if p < len(cells) and cells[p] == "X":
                flags.append(True)
                p += 2
            else:
                flags.append(False)
                p += 1
        assert p == len(cells), (nr, cells)
        marks[nr] = flags
    return marks


def test_portfolio_flags_follow_the_annex_table():
    projects = reference.portfolio_projects().set_index("nr")
    assert list(projects.index) == list(range(1, 52))
    marks = _parse_portfolio_marks()
    assert sorted(marks) == list(range(1, 52))
    for nr, flags in marks.items():
        assert [bool(projects.loc[nr, c]) for c in reference.FUNDING_COLUMNS] == flags, nr


def test_portfolio_cross_checks_with_chapter_5():
    p = reference.portfolio_projects().set_index("nr")
    wbi = set(p.index[p["woningbouwimpuls"].astype(bool)])
    # chapter 5 names these four Woningbouwimpuls projects
    by_name = {r["project"]: nr for nr, r in p.iterrows()}
    for name in ("Schimmert Centrum", "DSM", "Industriestraat", "Schilterstraat"):
        assert by_name[name] in wbi, name
    assert p.loc[by_name["DSM"], "municipality"] == "Heerlen"
    assert (p.loc[by_name["DSM"], "wbi_social_rent_dwellings"], p.loc[by_name["DSM"], "wbi_mid_rent_dwellings"]) == (72, 44)
    # at most the 9 Woningbouwimpuls projects of the text
    assert len(wbi) <= reference.target_value("portfolio_wbi_projects")
    # Startbouwimpuls: chapter 5 names HEEMwonen, Wonen Limburg, Wonen Zuid and Vincio Wonen
    long = reference.project_corporations()
    sbi_nrs = set(p.index[p["startbouwimpuls"].astype(bool)])
    sbi_corps = set(long[long["nr"].isin(sbi_nrs)]["corporation"])
    assert sbi_corps <= {"HEEMwonen", "Wonen Limburg", "Wonen Zuid", "Vincio Wonen"}
    assert set(p["municipality"]) <= {*reference.municipality_names(), "Parkstad"}
    assert p.loc[50, "municipality"] == "Parkstad" and p.loc[51, "municipality"] == "Parkstad"
    assert len(long[long["nr"] == 51]) == 9
    assert pd.isna(p.loc[45, "corporations"])


# ---------------------------------------------------------------- errors and sources

def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_missing_column_names_file_row_and_column(tmp_path):
    _write(tmp_path / "financial_norms.csv",
           "norm_id,operator,value,unit,description_nl,source\n"
           "icr,>,1.4,ratio,ICR,bron\n")
    with pytest.raises(ValidationFailed) as err:
        reference.financial_norms(directory=str(tmp_path))
    msg = str(err.value)
    assert "financial_norms.csv" in msg and "rij 1" in msg and "kolom 'source_quality'" in msg
    p = err.value.problems[0]
    assert (p.file, p.row, p.column) == ("financial_norms.csv", 1, "source_quality")


def test_wrong_type_names_file_row_and_column(tmp_path):
    header = "year,threshold_id,value_eur,status,source,note\n"
    _write(tmp_path / "thresholds.csv",
           header
           + "2024,kwaliteitskortingsgrens,454.47,bron,bijlage,\n"
           + "2024,aftoppingsgrens_laag,zeshonderd,bron,bijlage,\n"
           + "twintig,aftoppingsgrens_hoog,697.07,bron,bijlage,\n")
    with pytest.raises(ValidationFailed) as err:
        reference.thresholds(directory=str(tmp_path))
    where = {(p.file, p.row, p.column, p.value) for p in err.value.problems}
    assert ("thresholds.csv", 3, "value_eur", "zeshonderd") in where
    assert ("thresholds.csv", 4, "year", "twintig") in where
    assert "thresholds.csv, rij 3, kolom 'value_eur'" in str(err.value)


def test_code_list_and_rule_violations_are_reported(tmp_path):
    cols = ("target_id,description_nl,value,unit,period_start,period_end,scope,segment,kind,"
            "agreement,comparison,status,source,quote,note\n")
    _write(tmp_path / "targets.csv",
           cols
           + "a,x,1,woningen,2024,2028,regio,,minimum,A1,>=,geldig,bron,,\n"
           + "b,x,,woningen,2028,2024,planeet,,wens,A1,>=,geldig,bron,,\n"
           + "a,x,1,woningen,,,regio,,minimum,A1,>=,geldig,,,\n")
    with pytest.raises(ValidationFailed) as err:
        reference.targets(directory=str(tmp_path))
    where = {(p.row, p.column) for p in err.value.problems}
    # row 4 has an empty source: the generic loader stops before the code checks
    assert (4, "source") in where
    _write(tmp_path / "targets.csv",
           cols
           + "a,x,1,woningen,2024,2028,regio,,minimum,A1,>=,geldig,bron,,\n"
           + "b,x,,woningen,2028,2024,planeet,,wens,A1,>=,geldig,bron,,\n"
           + "a,x,1,woningen,,,regio,,minimum,A1,>=,geldig,bron,,\n")
    with pytest.raises(ValidationFailed) as err:
        reference.targets(directory=str(tmp_path))
    where = {(p.row, p.column) for p in err.value.problems}
    assert {(3, "scope"), (3, "kind"), (3, "value"), (3, "period_end"), (4, "target_id")} <= where


def test_portfolio_rejects_unknown_corporation(tmp_path):
    _write(tmp_path / "portfolio_projects.csv",
           "nr,project,municipality,corporations,volkshuisvestingsfonds,woningbouwimpuls,"
           "startbouwimpuls,regio_deal,du_bevolkingsdaling,wbi_social_rent_dwellings,"
           "wbi_mid_rent_dwellings,flags_note,source\n"
           "1,P,Heerlen,Weller|Woonbedrijf,true,false,false,false,false,,,,bron\n"
           "2,Q,Maastricht,,ja,false,false,false,false,,,,bron\n")
    with pytest.raises(ValidationFailed) as err:
        reference.portfolio_projects(directory=str(tmp_path))
    where = {(p.row, p.column, p.value) for p in err.value.problems}
    assert (2, "corporations", "Woonbedrijf") in where
    assert (3, "municipality", "Maastricht") in where


@pytest.mark.parametrize("path", sorted(config.REFERENCE_DIR.glob("*.csv")), ids=lambda p: p.name)
def test_every_reference_csv_has_a_source_in_every_row(path):
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert "source" in frame.columns, path.name
    empty = [i + 2 for i, s in enumerate(frame["source"]) if not s.strip()]
    assert not empty, f"{path.name}: lege source in rij {empty}"


def test_all_typed_loaders_load_the_shipped_tables():
    assert len(reference.targets()) >= 30
    assert len(reference.thresholds()) == 3 * len(reference.THRESHOLD_IDS)
    assert len(reference.financial_norms()) == 4
    assert len(reference.portfolio_projects()) == 51
