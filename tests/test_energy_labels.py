"""Unit tests of analysis.energy_labels on a hand-made register (reporting year 2026).

The register (rules: EFG out by end 2028; monument exempt; demolition exempt when planned in or
before 2028 + 5 = 2033; horizon 2030)::

    vhe  corp      gemeente  label monument measure        year after  what happens
    V01  Weller    Heerlen   G     -        verduurzaming  2026 B      improved 2026
    V02  Weller    Heerlen   F     -        verduurzaming  2027 E      measure leaves it in EFG
    V03  Weller    Heerlen   E     ja       -              -    -      exempt (monument)
    V04  Weller    Kerkrade  E     -        sloop          2031 -      exempt (sloop <= 2033)
    V05  Weller    Kerkrade  G     -        sloop          2035 -      not exempt (2035 > 2033)
    V06  Weller    Kerkrade  F     -        verkoop        2027 -      sold 2027: not improved, stays EFG left
    V07  HEEMwonen Heerlen   E     -        sloop          2027 -      exempt, demolished 2027
    V08  HEEMwonen Heerlen   D     -        -              -    -      not EFG (gas-free)
    V09  HEEMwonen Kerkrade  E     -        renovatie      2028 A      improved 2028
    V10  HEEMwonen Kerkrade  G     -        verduurzaming  2024 C      PROBLEM: past, still G
    V11  HEEMwonen Kerkrade  C     -        verduurzaming  2026 E      PROBLEM: label after worse
    V12  HEEMwonen Heerlen   E     ja       verduurzaming  2029 B      exempt, improved 2029
    V13  HEEMwonen Heerlen   F     -        sloop          2025 -      PROBLEM: demolished, still here
    V14  Weller    Heerlen   E     -        verduurzaming  2030 B      improved 2030

Hand-computed region totals (end of year); a sale is not an improvement (afspraak 7), so the sold
V06 stays in ``remaining`` and ``sold`` is the part of ``remaining`` sold without improvement::

    year remaining exempt improved demolished sold   remaining + exempt + improved + demolished = 12
    2026     7       4       1        0        0    (exempt V03 V04 V07 V12)
    2027     7       3       1        1        1    (V07 demolished; V06 sold, still counted as left)
    2028     6       3       2        1        1    (V09 improved)
    2029     6       2       3        1        1    (V12 improved: leaves exempt)
    2030     5       2       4        1        1    (V14 improved)
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import energy_labels as el

YEAR = 2026

RULES = el.EnergyRules(
    efg_labels=("E", "F", "G"),
    deadline_year=2028,
    exempt_monument=True,
    demolition_window_years=5,
    horizon_last_year=2030,
    on_track_max_remaining_share=0.0,
    risk_max_remaining_share=0.10,
    toekomstklaar_labels=("A++++", "A+++", "A++", "A+", "A", "B"),
)

ROWS = [
    # vhe, corp, muni, label, monument, measure, year, after, gas_free
    ("V01", "Weller", "Heerlen", "G", False, "verduurzaming", 2026, "B", False),
    ("V02", "Weller", "Heerlen", "F", False, "verduurzaming", 2027, "E", False),
    ("V03", "Weller", "Heerlen", "E", True, None, None, None, False),
    ("V04", "Weller", "Kerkrade", "E", False, "sloop", 2031, None, False),
    ("V05", "Weller", "Kerkrade", "G", False, "sloop", 2035, None, False),
    ("V06", "Weller", "Kerkrade", "F", False, "verkoop", 2027, None, False),
    ("V07", "HEEMwonen", "Heerlen", "E", False, "sloop", 2027, None, True),
    ("V08", "HEEMwonen", "Heerlen", "D", False, None, None, None, True),
    ("V09", "HEEMwonen", "Kerkrade", "E", False, "renovatie", 2028, "A", False),
    ("V10", "HEEMwonen", "Kerkrade", "G", False, "verduurzaming", 2024, "C", False),
    ("V11", "HEEMwonen", "Kerkrade", "C", False, "verduurzaming", 2026, "E", False),
    ("V12", "HEEMwonen", "Heerlen", "E", True, "verduurzaming", 2029, "B", False),
    ("V13", "HEEMwonen", "Heerlen", "F", False, "sloop", 2025, None, False),
    ("V14", "Weller", "Heerlen", "E", False, "verduurzaming", 2030, "B", False),
]


def make_register(rows=ROWS, gas_free_after=None) -> pd.DataFrame:
    """The register of ``rows``; ``gas_free_after``: one value per row (None: column all empty)."""
    cols = ["vhe_id", "corporation", "municipality", "energy_label", "monument", "planned_measure",
            "measure_year", "label_after", "gas_free"]
    df = pd.DataFrame(rows, columns=cols)
    df["gas_free_after"] = pd.array(gas_free_after if gas_free_after is not None else [None] * len(df),
                                    dtype="boolean")
    df["measure_year"] = df["measure_year"].astype("Int64")
    df["monument"] = df["monument"].astype("boolean")
    df["gas_free"] = df["gas_free"].astype("boolean")
    for c in ("vhe_id", "corporation", "municipality", "energy_label", "planned_measure", "label_after"):
        df[c] = df[c].astype("str")
    df["build_year"] = pd.array([1965] * len(df), dtype="Int64")
    df["ep2_kwh_m2"] = np.nan
    df["accessibility_label"] = pd.Series(["ZON"] * len(df), dtype="str")
    return df


@pytest.fixture
def cells():
    return el.compute_cells(make_register(), YEAR, RULES)


@pytest.fixture
def trajectory(cells):
    return el.compute_efg_trajectory(cells, YEAR, RULES, region_name="Parkstad")


def _rows(traj, scope_type, scope, cols):
    t = el.filter_scope(traj, scope_type, scope)
    return [tuple(int(x) for x in r) for r in t[["year", *cols]].to_numpy()]


COLS = ["efg_remaining", "exempt", "improved", "demolished", "sold"]


def test_region_trajectory_hand_computed(trajectory):
    assert _rows(trajectory, "regio", "Parkstad", COLS) == [
        (2026, 7, 4, 1, 0, 0),
        (2027, 7, 3, 1, 1, 1),
        (2028, 6, 3, 2, 1, 1),
        (2029, 6, 2, 3, 1, 1),
        (2030, 5, 2, 4, 1, 1),
    ]


def test_corporation_trajectories_hand_computed(trajectory):
    # Weller: EFG V01-V06, V14 (7); exempt V03 (monument), V04 (sloop 2031); V06 sold 2027 stays left.
    assert _rows(trajectory, "corporatie", "Weller", COLS) == [
        (2026, 4, 2, 1, 0, 0),
        (2027, 4, 2, 1, 0, 1),
        (2028, 4, 2, 1, 0, 1),
        (2029, 4, 2, 1, 0, 1),
        (2030, 3, 2, 2, 0, 1),
    ]
    # HEEMwonen: EFG V07, V09, V10, V12, V13 (5); exempt V07 (sloop 2027), V12 (monument).
    assert _rows(trajectory, "corporatie", "HEEMwonen", COLS) == [
        (2026, 3, 2, 0, 0, 0),
        (2027, 3, 1, 0, 1, 0),
        (2028, 2, 1, 1, 1, 0),
        (2029, 2, 0, 2, 1, 0),
        (2030, 2, 0, 2, 1, 0),
    ]


def test_municipality_trajectory_hand_computed(trajectory):
    # Kerkrade: V04 (exempt), V05, V06 (sold 2027: still left), V09 (improved 2028), V10 (problem, stays).
    assert _rows(trajectory, "gemeente", "Kerkrade", COLS) == [
        (2026, 4, 1, 0, 0, 0),
        (2027, 4, 1, 0, 0, 1),
        (2028, 3, 1, 1, 0, 1),
        (2029, 3, 1, 1, 0, 1),
        (2030, 3, 1, 1, 0, 1),
    ]


def test_parts_add_up_to_efg_start(trajectory):
    """remaining + exempt + improved + demolished = EFG at the start; the sold are part of remaining."""
    total = trajectory[["efg_remaining", "exempt", "improved", "demolished"]].sum(axis=1)
    assert (trajectory["sold"] <= trajectory["efg_remaining"]).all()
    start = {"Parkstad": 12, "Weller": 7, "HEEMwonen": 5, "Heerlen": 7, "Kerkrade": 5}
    assert (total == trajectory["scope"].map(start)).all()


def test_region_equals_sum_over_corporations_and_municipalities(trajectory):
    region = el.filter_scope(trajectory, "regio", "Parkstad").set_index("year")[COLS + ["planned_per_year"]]
    for scope_type in ("corporatie", "gemeente"):
        parts = trajectory[trajectory["scope_type"] == scope_type]
        summed = parts.groupby("year")[COLS + ["planned_per_year"]].sum()
        pd.testing.assert_frame_equal(summed, region, check_dtype=False)


def test_pace_needed_and_planned(trajectory):
    t = el.filter_scope(trajectory, "regio", "Parkstad")
    # non-exempt EFG at the start: 12 - 4 = 8; decreases 8->7->7->6->6->5 (the sale of V06 in 2027 is no progress)
    assert t["planned_per_year"].tolist() == [1, 0, 1, 0, 1]
    needed = t["needed_per_year"].tolist()
    assert needed[:3] == [pytest.approx(2.7), pytest.approx(3.5), pytest.approx(7.0)]  # 8/3, 7/2, 7/1
    assert pd.isna(needed[3]) and pd.isna(needed[4])  # after the deadline


def test_verdicts_in_table(trajectory):
    verdict = trajectory.groupby(["scope_type", "scope"])["verdict"].agg(set)
    # Region: 6 of 8 left at end 2028; Weller 4 of 5; HEEMwonen 2 of 3 -> all behind.
    assert verdict[("regio", "Parkstad")] == {"achter"}
    assert verdict[("corporatie", "Weller")] == {"achter"}


def test_verdict_rule_both_sides():
    remaining = pd.Series([0, 1, 2, 0, 5])
    start = pd.Series([10, 10, 10, 0, 0])
    # 0/10 = 0 -> op koers; 1/10 = 0.10 <= 0.10 -> risico; 2/10 = 0.2 -> achter; nothing to do -> op koers
    assert el.classify_verdict(remaining, start, RULES).tolist() == [
        "op koers", "risico", "achter", "op koers", "op koers"]


def test_verdict_on_course_when_plan_reaches_zero():
    rows = [("W1", "Weller", "Heerlen", "E", False, "verduurzaming", 2027, "C", False),
            ("W2", "Weller", "Heerlen", "G", False, "renovatie", 2028, "A", False)]
    t = el.compute_efg_trajectory(el.compute_cells(make_register(rows), YEAR, RULES), YEAR, RULES,
                                  region_name="Parkstad")
    r = el.filter_scope(t, "corporatie", "Weller")
    assert r["efg_remaining"].tolist() == [2, 1, 0, 0, 0]
    assert set(r["verdict"]) == {"op koers"}


def test_a_sold_efg_dwelling_is_not_improved():
    """Afspraak 7: a sale is not an improvement. W2 (G) sold 2028 instead of improved.

    W1 improved 2027 -> 1 left; W2 sold 2028 stays left (verkocht zonder verbetering): remaining
    2, 1, 1, 1, 1 and sold 0, 0, 1, 1, 1; improved stays 1; 1 of 2 left at end 2028 (50 % > 10 %):
    achter. The sold dwelling is not to improve either (it leaves the corporation's stock).
    """
    rows = [("W1", "Weller", "Heerlen", "E", False, "verduurzaming", 2027, "C", False),
            ("W2", "Weller", "Heerlen", "G", False, "verkoop", 2028, None, False)]
    cells = el.compute_cells(make_register(rows), YEAR, RULES)
    t = el.compute_efg_trajectory(cells, YEAR, RULES, region_name="Parkstad")
    r = el.filter_scope(t, "corporatie", "Weller")
    assert r["efg_remaining"].tolist() == [2, 1, 1, 1, 1]
    assert r["sold"].tolist() == [0, 0, 1, 1, 1] and r["improved"].tolist() == [0, 1, 1, 1, 1]
    assert set(r["verdict"]) == {"achter"}
    head = el.compute_efg_headline(cells, YEAR, RULES).set_index(["scope_type", "scope"]).loc[("corporatie", "Weller")]
    # at end 2028: 1 improved, 1 left of which 1 sold; to improve: W1 only (W2 is sold)
    assert (head["improved_deadline"], head["efg_remaining_deadline"], head["sold_deadline"],
            head["to_improve"]) == (1, 1, 1, 1)
    assert el.EVENT_SOLD not in el.EXIT_EVENTS


def test_headline_columns_exact(trajectory):
    assert tuple(trajectory.columns) == el.TRAJECTORY_COLUMNS
    assert len(trajectory) == 5 * (1 + 2 + 2)


def test_data_problems_listed_with_ids():
    problems = el.find_data_problems(make_register(), YEAR, RULES)
    got = sorted(zip(problems["vhe_id"], problems["problem"], strict=True))
    assert got == [("V10", "verbeterd_voor_rapportagejaar_nog_efg"),
                   ("V11", "label_na_slechter"),
                   ("V13", "ingreep_op_vertrokken_woning")]
    summary = el.summarise_data_problems(problems)
    assert "vhe_id" not in summary.columns
    assert summary.groupby("corporation")["n_dwellings"].sum().to_dict() == {"HEEMwonen": 3}


def test_missing_year_and_label_after_are_problems():
    rows = [("X1", "Weller", "Heerlen", "E", False, "verduurzaming", None, "B", False),
            ("X2", "Weller", "Heerlen", "E", False, "verduurzaming", 2027, None, False),
            ("X3", "Weller", "Heerlen", "E", False, None, None, "B", False)]
    reg = make_register(rows)
    problems = el.find_data_problems(reg, YEAR, RULES)
    assert sorted(zip(problems["vhe_id"], problems["problem"], strict=True)) == [
        ("X1", "jaar_ingreep_ontbreekt"), ("X2", "label_na_ontbreekt"), ("X3", "label_na_zonder_ingreep")]
    t = el.compute_efg_trajectory(el.compute_cells(reg, YEAR, RULES), YEAR, RULES, region_name="Parkstad")
    # none of the three is counted as improved: all stay remaining
    assert el.filter_scope(t, "regio", "Parkstad")["efg_remaining"].tolist() == [3] * 5


def test_future_stock_toekomstklaar_and_gas_free(cells):
    f = el.filter_scope(el.compute_future_stock(cells, YEAR, RULES, region_name="Parkstad"), "regio", "Parkstad")
    assert f["year"].tolist() == [2025, 2026, 2027, 2028, 2029, 2030]
    # improvements to B or better: V01 2026, V09 2028, V12 2029, V14 2030 (V11's is a problem)
    assert f["n_toekomstklaar"].tolist() == [0, 1, 1, 2, 3, 4]
    # V06 sold and V07 demolished in 2027 (V13's demolition in 2025 is a problem: still counted)
    assert f["n_stock"].tolist() == [14, 14, 12, 12, 12, 12]
    # gas-free: V07 (demolished 2027) and V08
    assert f["n_gas_free"].tolist() == [2, 2, 1, 1, 1, 1]


GAS_ROWS = [
    # vhe, corp, muni, label, monument, measure, year, after, gas_free | gas_free_after
    ("G1", "Weller", "Heerlen", "E", False, "renovatie", 2027, "A", False),       # ja: switches 2027
    ("G2", "Weller", "Heerlen", "F", False, "sloop", 2028, None, True),           # demolished 2028
    ("G3", "Weller", "Kerkrade", "B", False, None, None, None, True),             # gas-free already
    ("G4", "HEEMwonen", "Kerkrade", "G", False, "verduurzaming", 2029, "B", False),  # nee: stays on gas
    ("G5", "HEEMwonen", "Heerlen", "E", False, "verduurzaming", 2030, "A", False),   # empty: unknown
    ("G6", "HEEMwonen", "Heerlen", "D", False, "verduurzaming", 2024, "B", False),   # ja, but year past
]
GAS_AFTER = [True, None, None, False, None, True]


def test_gas_free_growth_hand_computed():
    """Reporting year 2026; n_gas_free at 1-1-2026 and at the end of each year::

        year   G1  G2  G3  G4  G5  G6   n_gas_free  switched  n_stock
        start  -   ja  ja  -   -   -       2           0         6
        2026   -   ja  ja  -   -   -       2           0         6
        2027   ja  ja  ja  -   -   -       3           1         6   G1 renovated with gas_free_after ja
        2028   ja  x   ja  -   -   -       2           1         5   G2 demolished
        2029   ja  x   ja  nee -   -       2           1         5   G4 improved, stays on gas
        2030   ja  x   ja  nee ?   -       2           1         5   G5 unknown: no switch

    G6's measure (2024) is before the reporting year, so it is not counted and its
    gas_free_after is not used (the register says the dwelling is not gas-free).
    """
    reg = make_register(GAS_ROWS, GAS_AFTER)
    cells = el.compute_cells(reg, YEAR, RULES)
    f = el.filter_scope(el.compute_future_stock(cells, YEAR, RULES, region_name="Parkstad"), "regio", "Parkstad")
    assert f["year"].tolist() == [2025, 2026, 2027, 2028, 2029, 2030]
    assert f["n_gas_free"].tolist() == [2, 2, 3, 2, 2, 2]
    assert f["n_gas_free_switched"].tolist() == [0, 0, 1, 1, 1, 1]
    assert f["n_stock"].tolist() == [6, 6, 6, 5, 5, 5]
    weller = el.filter_scope(el.compute_future_stock(cells, YEAR, RULES, region_name="Parkstad"),
                             "corporatie", "Weller")
    assert weller["n_gas_free"].tolist() == [2, 2, 3, 2, 2, 2]  # G1, G2, G3 are Weller's
    heerlen = el.filter_scope(el.compute_future_stock(cells, YEAR, RULES, region_name="Parkstad"),
                              "gemeente", "Heerlen")
    assert heerlen["n_gas_free"].tolist() == [1, 1, 2, 1, 1, 1]  # G1 (switch), G2 (demolished 2028)

    plans = el.summarise_gas_free_plans(cells, region_name="Parkstad").set_index(["scope_type", "scope"])
    # counted improvements: G1 (ja), G4 (nee), G5 (onbekend); G6 is a problem
    assert plans.loc[("regio", "Parkstad")].tolist() == [3, 1, 0, 1, 1]
    assert plans.loc[("corporatie", "HEEMwonen")].tolist() == [2, 0, 0, 1, 1]
    assert plans.loc[("gemeente", "Kerkrade")].tolist() == [1, 0, 0, 1, 0]


def test_gas_free_without_column_means_no_planned_switches():
    """An older register without gas_free_after: the same cells as an empty column; no growth."""
    reg = make_register(GAS_ROWS, GAS_AFTER)
    old = reg.drop(columns="gas_free_after")
    empty = make_register(GAS_ROWS)
    keys = list(el.CELL_KEYS)
    a = _plain(el.compute_cells(old, YEAR, RULES)).sort_values(keys).reset_index(drop=True)
    b = _plain(el.compute_cells(empty, YEAR, RULES)).sort_values(keys).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, check_dtype=False)
    cells = el.compute_cells(old, YEAR, RULES)
    f = el.filter_scope(el.compute_future_stock(cells, YEAR, RULES, region_name="Parkstad"), "regio", "Parkstad")
    assert f["n_gas_free"].tolist() == [2, 2, 2, 1, 1, 1]  # only G2's demolition changes it
    assert f["n_gas_free_switched"].tolist() == [0] * 6
    plans = el.summarise_gas_free_plans(cells, region_name="Parkstad")
    assert el.filter_scope(plans, "regio", "Parkstad")[["n_improvements", "n_unknown"]].values.tolist() == [[3, 3]]


def test_label_distribution_and_efg_share(cells):
    d = el.compute_label_distribution(cells)
    heem_heerlen = d[(d["corporation"] == "HEEMwonen") & (d["municipality"] == "Heerlen")]
    assert heem_heerlen[["energy_label", "n_dwellings"]].values.tolist() == [["D", 1], ["E", 2], ["F", 1]]
    share = el.compute_efg_share_by_municipality(cells)
    assert share["Heerlen"] == pytest.approx(7 / 8)  # V08 is the only non-EFG in Heerlen
    assert share["Kerkrade"] == pytest.approx(5 / 6)  # V11 is C


def test_cells_are_additive():
    reg = make_register()
    whole = el.compute_cells(reg, YEAR, RULES)
    parts = el.combine_cells([el.compute_cells(reg.iloc[:5], YEAR, RULES),
                              el.compute_cells(reg.iloc[5:], YEAR, RULES)])
    keys = list(el.CELL_KEYS)
    a = _plain(whole).sort_values(keys).reset_index(drop=True)
    b = _plain(parts).sort_values(keys).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, check_dtype=False)


def _plain(frame):
    return frame.astype({c: str for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)})


def test_check_register_counts_failures():
    reg = make_register()
    reg.loc[0, "energy_label"] = "Z"
    reg.loc[1, "vhe_id"] = "V03"
    reg.loc[2, "measure_year"] = 1900
    checks = el.check_register(reg).set_index(["check", "column"])["n_failed"]
    assert checks[("code", "energy_label")] == 1
    assert checks[("uniek", "vhe_id")] == 1
    assert checks[("bereik", "measure_year")] == 1
    assert checks[("code", "planned_measure")] == 0


def test_rules_load_from_reference():
    rules = el.load_rules()
    assert rules.efg_labels == ("E", "F", "G")
    assert rules.deadline_year == 2028  # the agreement annex: "in 2028 alle EFG-labels uitgefaseerd"
    clauses = el.load_clauses()
    assert "heat_pump_2026" in set(clauses["clause_id"])
    assert clauses["source"].str.contains("http").all()


def test_check_parameters():
    assert el.check_parameters(2026, "q3", "corporatie", "zowonen") == "ZO Wonen"
    with pytest.raises(ValueError):
        el.check_parameters(2026, "q9", "regio", "Parkstad")


def test_pre_aggregated_register_gives_same_cells():
    """A register grouped by RAW_CELL_COLUMNS with a count (as DuckDB does) gives the same cells."""
    reg = make_register()
    raw = (reg.groupby(list(el.RAW_CELL_COLUMNS), dropna=False).size().rename(el.WEIGHT).reset_index())
    assert raw[el.WEIGHT].sum() == len(reg)
    keys = list(el.CELL_KEYS)
    a = _plain(el.compute_cells(reg, YEAR, RULES)).sort_values(keys).reset_index(drop=True)
    b = _plain(el.summarise_cells(el.classify_dwellings(raw, YEAR, RULES))).sort_values(keys).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, check_dtype=False)
