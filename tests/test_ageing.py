"""Unit tests for analysis.ageing on tiny literal frames, with hand-computed expectations."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis import ageing

# Reference-like tables written out in the test (not loaded) so the expectations are visible.
PREVALENCE = pd.DataFrame({
    "age_group": ["65_74", "65_74", "75plus", "75plus"],
    "variant": ["low", "high", "low", "high"],
    "prevalence": [0.05, 0.10, 0.25, 0.30],
})
GROWTH = pd.DataFrame({
    "scenario": ["midden", "midden"],
    "age_group": ["65plus", "75plus"],
    "base_year": [2020, 2020],
    "target_year": [2040, 2040],
    "growth_factor": [1.2, 1.5],
})
CLASSES = pd.DataFrame({
    "system": ["vera"] * 7 + ["bat"] * 4 + ["woonvorm"] * 2,
    "code": ["NUL", "ROA", "ROL", "RUI", "GNV", "ROG", "ZON", "0", "1", "2", "3", "GEC", "ZWO"],
    "accessibility_class": ["geschikt"] * 4 + ["aanpasbaar"] * 2 + ["ongeschikt", "ongeschikt"]
    + ["geschikt"] * 3 + ["geschikt"] * 2,
})
STATUS = pd.DataFrame({
    "plan_status": ["opgeleverd", "in_aanbouw", "hard", "zacht", "idee"],
    "in_supply": [True, True, True, False, False],
    "in_clustered_count": [True, True, True, True, False],
})


def test_elderly_from_bands_hand_computed():
    # 65+ = 0.5*100 + 80 + 30 + 10 = 170 ; 75+ = 0.5*80 + 30 + 10 = 80
    bands = pd.DataFrame({"municipality": ["B", "A"], "60-69": [100, 10], "70-79": [80, 20],
                          "80-89": [30, 4], "90+": [10, 1]})
    out = ageing.compute_elderly_from_bands(bands, 0.5, 0.5, 2020)
    assert out["municipality"].tolist() == ["A", "B"]
    assert out["elderly_65plus"].tolist() == [5 + 20 + 4 + 1, 170.0]
    assert out["elderly_75plus"].tolist() == [10 + 4 + 1, 80.0]
    assert (out["base_year"] == 2020).all()


def test_growth_factor_linear_and_held():
    assert ageing.growth_factor(2020, 2020, 2040, 1.5) == 1.0
    assert ageing.growth_factor(2025, 2020, 2040, 1.5) == pytest.approx(1.125)
    assert ageing.growth_factor(2040, 2020, 2040, 1.5) == 1.5
    assert ageing.growth_factor(2045, 2020, 2040, 1.5) == 1.5
    assert ageing.growth_factor(2015, 2020, 2040, 1.5) == 1.0


def test_project_elderly_scenario_rebased_to_base_year():
    # Base year 2030 (halfway): f65(2030)=1.1, f65(2040)=1.2 -> 110 * 1.2/1.1 = 120
    # f75(2030)=1.25, f75(2040)=1.5 -> 50 * 1.5/1.25 = 60
    base = pd.DataFrame({"municipality": ["A"], "base_year": [2030], "elderly_65plus": [110.0],
                         "elderly_75plus": [50.0]})
    out = ageing.project_elderly(base, GROWTH, "midden", [2030, 2040])
    assert out["elderly_65plus"].tolist() == pytest.approx([110.0, 120.0])
    assert out["elderly_75plus"].tolist() == pytest.approx([50.0, 60.0])
    assert set(out["method"]) == {"scenario midden"}


def test_project_elderly_forecast_interpolates_and_overrides():
    # A follows its forecast: base 2020 = 100/40, forecast 2030 = 120/60, 2040 = 140/80.
    # 2025 is halfway 2020-2030 -> 110/50; after 2040 held at 140/80. B follows the scenario.
    base = pd.DataFrame({"municipality": ["A", "B"], "base_year": [2020, 2020],
                         "elderly_65plus": [100.0, 100.0], "elderly_75plus": [40.0, 40.0]})
    fc = pd.DataFrame({"municipality": ["A", "A"], "year": [2030, 2040], "elderly_65plus": [120.0, 140.0],
                       "elderly_75plus": [60.0, 80.0], "source": ["test", "test"]})
    out = ageing.project_elderly(base, GROWTH, "midden", [2025, 2040, 2042], fc).set_index(["municipality", "year"])
    assert out.loc[("A", 2025), "elderly_65plus"] == pytest.approx(110.0)
    assert out.loc[("A", 2025), "elderly_75plus"] == pytest.approx(50.0)
    assert out.loc[("A", 2042), "elderly_75plus"] == pytest.approx(80.0)
    assert out.loc[("A", 2025), "method"] == "prognose"
    assert out.loc[("B", 2040), "elderly_75plus"] == pytest.approx(60.0)  # 40 * 1.5


def test_validate_forecast_lists_problems():
    bad = pd.DataFrame({"municipality": ["Heerlen", "Atlantis"], "year": [2030, 2030],
                        "elderly_65plus": [1, -5], "elderly_75plus": [1, 1], "source": ["x", ""]})
    with pytest.raises(ValueError) as exc:
        ageing.validate_forecast(bad)
    msg = str(exc.value)
    assert "Atlantis" in msg and "elderly_65plus" in msg and "source" in msg
    ok = ageing.validate_forecast(pd.DataFrame({"municipality": ["gemeente heerlen"], "year": [2030],
                                                "elderly_65plus": [10], "elderly_75plus": [5], "source": ["P"]}))
    assert ok["municipality"].tolist() == ["Heerlen"]


def test_compute_need_hand_computed():
    # 65+ = 100, 75+ = 40 -> 65-74 = 60.
    # persons_low = 0.05*60 + 0.25*40 = 3 + 10 = 13 ; persons_high = 0.10*60 + 0.30*40 = 6 + 12 = 18
    # need_low = 13 * 0.3 * 1.0 = 3.9 ; need_high = 18 * 0.4 * 1.0 = 7.2
    elderly = pd.DataFrame({"municipality": ["A"], "year": [2030], "elderly_65plus": [100.0],
                            "elderly_75plus": [40.0]})
    out = ageing.compute_need(elderly, PREVALENCE, {"low": 0.3, "high": 0.4}, 1.0).iloc[0]
    assert out["persons_need_low"] == pytest.approx(13.0)
    assert out["persons_need_high"] == pytest.approx(18.0)
    assert out["need_low"] == pytest.approx(3.9)
    assert out["need_high"] == pytest.approx(7.2)


def test_reconcile_with_agreement():
    # Region persons_low 2020 = 10 + 20 = 30, 2040 = 15 + 40 = 55 -> +25; high 40 -> 90 -> +50.
    need = pd.DataFrame({"municipality": ["A", "B", "A", "B"], "year": [2020, 2020, 2040, 2040],
                         "persons_need_low": [10.0, 20.0, 15.0, 40.0], "persons_need_high": [15.0, 25.0, 30.0, 60.0]})
    r = ageing.reconcile_with_agreement(need, 40, 2020, 2040).iloc[0]
    assert (r["increase_low"], r["increase_high"]) == (25.0, 50.0)
    assert (r["difference_low"], r["difference_high"]) == (-15.0, 10.0)


def test_classify_accessibility_rules():
    stock = pd.DataFrame({
        "bat_stars": pd.array([2, 0, 0, None, None, None, None, 1, 3, 2], dtype="Int64"),
        "accessibility_label": ["ZON", "GNV", None, "ROG", "NUL", None, None, "GNV", "ROL", None],
        "housing_form": ["REG", "REG", "REG", "REG", "REG", "GEC", "REG", "REG", "REG", "REG"],
    })
    got = ageing.classify_accessibility(stock, CLASSES).tolist()
    # BAT 2 + ZON disagree -> the lower (ongeschikt); BAT 0 + GNV -> aanpasbaar; BAT 0 alone -> ongeschikt;
    # label only; label only; woonvorm GEC only; nothing -> onbekend; BAT 1 + GNV -> aanpasbaar (lower);
    # BAT 3 + ROL -> geschikt; BAT 2 alone -> geschikt
    assert got == ["ongeschikt", "aanpasbaar", "ongeschikt", "aanpasbaar", "geschikt", "geschikt", "onbekend",
                   "aanpasbaar", "geschikt", "geschikt"]


def test_summarise_supply_counts_per_class():
    stock = pd.DataFrame({
        "municipality": ["A", "A", "A", "B"],
        "bat_stars": pd.array([1, 0, None, 3], dtype="Int64"),
        "accessibility_label": [None, None, None, None],
        "housing_form": ["REG", "REG", "REG", "REG"],
    })
    out = ageing.summarise_supply(stock, CLASSES).set_index("municipality")
    assert out.loc["A", ["geschikt", "aanpasbaar", "ongeschikt", "onbekend", "total"]].tolist() == [1, 0, 1, 1, 3]
    assert out.loc["B", ["geschikt", "total"]].tolist() == [1, 1]


PROJECTS = pd.DataFrame({
    "municipality": ["A", "A", "A", "A", "B", "B", "A"],
    "housing_form": ["nultreden", "geclusterd", "regulier", "zorggeschikt", "geclusterd", "geclusterd", "geclusterd"],
    "n_dwellings": pd.array([10, 20, 99, 5, 7, 3, 11], dtype="Int64"),
    "completion_year": pd.array([2026, 2028, 2027, 2030, 2027, 2029, 2023], dtype="Int64"),
    "plan_status": ["hard", "in_aanbouw", "hard", "zacht", "hard", "idee", "opgeleverd"],
    "rent_class": ["betaalbaar_1", "goedkoop", "duur", None, "betaalbaar_2", "goedkoop", "goedkoop"],
})


def test_pipeline_and_supply_path_hand_computed():
    pipe = ageing.summarise_pipeline(PROJECTS, 2026, STATUS)
    # regulier dropped; the 2023 completion is before 2026 (already in stock) -> dropped.
    assert len(pipe) == 5
    assert pipe["in_supply"].tolist() == [True, True, False, True, False]  # A26 hard, A28 aanbouw, A30 zacht, B27, B29
    supply = pd.DataFrame({"municipality": ["A", "B"], "geschikt": [100, 50]})
    path = ageing.compute_supply_path(supply, pipe, ["A", "B", "C"], [2026, 2027, 2028, 2030]).set_index(
        ["municipality", "year"])
    # A: 100 (+10 in 2026) (+20 in 2028) ; the zacht 5 in 2030 is not counted.
    assert path.loc[("A", 2026), "suitable_supply"] == 110
    assert path.loc[("A", 2027), "suitable_supply"] == 110
    assert path.loc[("A", 2028), "suitable_supply"] == 130
    assert path.loc[("A", 2030), "suitable_supply"] == 130
    # B: 50, +7 from 2027; idee 3 not counted. C has nothing.
    assert path.loc[("B", 2026), "suitable_supply"] == 50
    assert path.loc[("B", 2030), "suitable_supply"] == 57
    assert path.loc[("C", 2030), "suitable_supply"] == 0


def test_gap_and_need_table():
    need = pd.DataFrame({"municipality": ["A", "B"], "year": [2030, 2030], "elderly_65plus": [100.0, 50.0],
                         "elderly_75plus": [40.0, 20.0], "need_low": [30.0, 10.0], "need_high": [45.0, 16.0]})
    path = pd.DataFrame({"municipality": ["A", "B"], "year": [2030, 2030], "suitable_supply": [25, 20]})
    gap = ageing.compute_gap(need, path)
    assert gap["gap_low"].tolist() == [5.0, -10.0]
    assert gap["gap_high"].tolist() == [20.0, -4.0]
    region = ageing.build_need_table(gap, "regio", "Parkstad")
    assert list(region.columns) == list(ageing.NEED_COLUMNS)
    assert region["scope"].tolist() == ["Parkstad", "A", "B"]
    assert region.iloc[0][["elderly_65plus", "need_low", "need_high", "suitable_supply", "gap_low", "gap_high"]
                          ].tolist() == [150.0, 40.0, 61.0, 45, -5.0, 16.0]
    muni = ageing.build_need_table(gap, "gemeente", "B")
    assert muni["scope"].tolist() == ["B"] and muni["gap_low"].tolist() == [-10.0]


def test_split_target_largest_remainder_hand_computed():
    # 1450 over weights 3:2:2 -> exact 621.43, 414.29, 414.29 -> floors 621+414+414 = 1449;
    # one unit left goes to the largest remainder (0.43, A).
    out = ageing.split_target(1450, pd.Series({"A": 3, "B": 2, "C": 2}))
    assert out.to_dict() == {"A": 622, "B": 414, "C": 414}
    # Ties: 10 over three equal weights -> 3.33 each, one left over -> the first part.
    assert ageing.split_target(10, pd.Series({"X": 1, "Y": 1, "Z": 1})).tolist() == [4, 3, 3]
    # Two left over with remainders .6 (B) and .4 (A, C): B gets one, then A (first of the tie).
    # 5 over 2:3:... use 7 over weights 1.2, 3.6, 2.2 (sum 7): exact 1.2, 3.6, 2.2 -> floors 1,3,2 = 6, +1 to B.
    assert ageing.split_target(7, pd.Series({"A": 1.2, "B": 3.6, "C": 2.2})).tolist() == [1, 4, 2]
    assert ageing.split_target(0, pd.Series({"A": 1})).tolist() == [0]
    with pytest.raises(ValueError):
        ageing.split_target(5, pd.Series({"A": 0, "B": 0}))


@given(st.integers(min_value=0, max_value=100_000),
       st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1, max_size=9))
def test_split_target_sums_exactly(total, weights):
    w = pd.Series(weights, index=[f"m{i}" for i in range(len(weights))])
    if w.sum() <= 0:
        return
    out = ageing.split_target(total, w)
    assert int(out.sum()) == total
    exact = w / w.sum() * total
    assert ((out - exact).abs() < 1 + 1e-9).all()  # each part within one unit of its exact share


def test_clustered_gap_region_and_municipality():
    key = pd.Series({"B": 2.0, "A": 3.0, "C": 2.0})
    units = ageing.compute_clustered_pipeline(PROJECTS, STATUS)
    # geclusterd/zorggeschikt with counted status: A 20 (aanbouw) + 5 (zacht) + 11 (opgeleverd) = 36; B 7 (idee excluded)
    assert units.to_dict() == {"A": 36, "B": 7}
    region = ageing.compute_clustered_gap(1450, key, units, "regio", "Parkstad")
    assert list(region.columns) == list(ageing.CLUSTERED_COLUMNS)
    assert region.iloc[0].tolist() == ["regio", "Parkstad", 1450, 43, 1407]
    munis = region.iloc[1:]
    assert munis["target"].sum() == 1450
    assert munis.set_index("scope")["target"].to_dict() == {"A": 622, "B": 414, "C": 414}
    assert munis.set_index("scope")["gap"].to_dict() == {"A": 586, "B": 407, "C": 414}
    one = ageing.compute_clustered_gap(1450, key, units, "gemeente", "B")
    assert one.iloc[0].tolist() == ["gemeente", "B", 414, 7, 407]


def test_affordability_hand_computed():
    stock = pd.DataFrame({
        "municipality": ["A", "A", "A", "B"],
        "net_rent_eur": [600.0, 700.0, 500.0, 650.43],
        "bat_stars": pd.array([1, 2, 0, 3], dtype="Int64"),  # the 500 one is unsuitable: not counted
        "accessibility_label": [None] * 4,
        "housing_form": ["REG"] * 4,
    })
    pipe = ageing.counted_pipeline_projects(PROJECTS, 2026, STATUS)
    # counted: A nultreden 10 betaalbaar_1, A geclusterd 20 goedkoop, B geclusterd 7 betaalbaar_2
    out = ageing.compute_affordability(stock, pipe, CLASSES, 650.43).set_index(["scope", "what"])
    assert out.loc[("Parkstad", "voorraad geschikt"), ["n_total", "n_affordable"]].tolist() == [3, 2]
    assert out.loc[("Parkstad", "voorraad geschikt"), "share_affordable"] == pytest.approx(2 / 3)
    assert out.loc[("B", "voorraad geschikt"), "n_affordable"] == 1  # exactly at the cap counts
    assert out.loc[("Parkstad", "pijplijn"), ["n_total", "n_affordable"]].tolist() == [37, 30]
    assert out.loc[("B", "pijplijn"), "share_affordable"] == 0.0
    empty = ageing.compute_affordability(stock.iloc[0:0], pipe.iloc[0:0], CLASSES, 650.43)
    assert math.isnan(empty.iloc[0]["share_affordable"])


def test_check_parameters_refuses_corporation_scope_and_bad_values():
    params = ageing.load_parameters()
    with pytest.raises(ValueError, match="per regio of per gemeente"):
        ageing.check_parameters(2026, "corporatie", "Weller", "midden", 2040, params)
    with pytest.raises(ValueError, match="scenario"):
        ageing.check_parameters(2026, "regio", "Parkstad", "extreem", 2040, params)
    with pytest.raises(ValueError, match="horizon"):
        ageing.check_parameters(2026, "regio", "Parkstad", "midden", 2020, params)
    assert ageing.check_parameters(2026, "gemeente", "gemeente heerlen", "midden", 2040, params) == "Heerlen"


def test_reference_tables_load_with_sources():
    params = ageing.load_parameters()
    assert set(params.prevalence["age_group"]) == set(ageing.AGE_GROUPS)
    assert {"laag", "midden", "hoog"} <= set(ageing.scenarios(params))
    for frame in (params.prevalence, params.growth, params.classes, params.pipeline_status, params.parameters):
        assert frame["source"].str.strip().str.len().min() > 10
    # every VERA label and BAT star of the data contract is mapped
    from analysis.schemas import CODE_LISTS
    assert set(CODE_LISTS["accessibility_label"]) <= set(params.classes.loc[params.classes["system"] == "vera", "code"])
    assert {"0", "1", "2", "3"} <= set(params.classes.loc[params.classes["system"] == "bat", "code"])


def test_load_forecast_file_and_absent(tmp_path):
    f = tmp_path / "prognose.csv"
    f.write_text("municipality,year,elderly_65plus,elderly_75plus,source\n"
                 "Kerkrade,2030,13000,7000,Primos 2024\nKerkrade,2040,14000,8500,Primos 2024\n", encoding="utf-8")
    fc = ageing.load_forecast(str(f))
    assert fc["year"].tolist() == [2030, 2040] and fc["elderly_75plus"].tolist() == [7000, 8500]
    with pytest.raises(FileNotFoundError):
        ageing.load_forecast(str(tmp_path / "bestaat_niet.csv"))
