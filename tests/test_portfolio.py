"""Unit tests of analysis.portfolio on tiny literal frames with hand-computed expectations.

The shared case (``projects``, ``plan_capacity``, ``targets``)::

    corporation projects
    id  corporation  municipality  segment       type           n   year  status
    P1  Weller       Heerlen       sociale_huur  nieuwbouw      30  2023  opgeleverd
    P2  Weller       Heerlen       sociale_huur  nieuwbouw      20  2026  hard
    P3  HEEMwonen    Kerkrade      sociale_huur  aankoop        10  2025  zacht
    P4  HEEMwonen    Kerkrade      middenhuur    nieuwbouw      15  2027  idee
    P5  Weller       Kerkrade      sociale_huur  transformatie   5  2029  in_aanbouw

    municipal plan capacity
    project  municipality  segment          n   year  status  developer   corporation
    M1       Heerlen       betaalbare_koop  12  2026  hard    markt
    M2       Heerlen       sociale_huur      8  2025  hard    markt
    M3       Kerkrade      sociale_huur     20  2026  hard    corporatie  Weller   (never counted)

    targets: social 2022-2030 = 100, social 2024-2028 = 50, mid+affordable 2022-2030 = 40,
             total 2022-2030 = 200 (plus per-year inponding and the sales rule, not in the gap)
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import portfolio as pf

MUNICIPALITIES = ["Heerlen", "Kerkrade"]
CORPORATIONS = ["HEEMwonen", "Weller"]
PROBS = pd.Series({"opgeleverd": 1.0, "in_aanbouw": 0.95, "hard": 0.85, "zacht": 0.6, "idee": 0.3})
YEAR = 2022  # the delivery year the plans are seen from: no plan of the case is overdue


def outcome_table(probs: pd.Series, *, delayed: float = 0.0, shock: float = 0.0) -> pd.DataFrame:
    """Outcome parameters with, per status, realised with ``probs`` (a share ``delayed`` of it 1 year late).

    With ``delayed=0`` and ``shock=0`` this is the old model: each plan on time with its
    probability, else dropped, independently; so the hand-computed expectations hold.
    """
    rows = [{"plan_status": st, "horizon_min": 0, "horizon_max": pd.NA, "p_on_time": p * (1 - delayed),
             "p_delayed": p * delayed, "p_dropped": 1 - p, "p_delay_1": 1.0, "p_delay_2": 0.0, "p_delay_3plus": 0.0,
             "shock_correlation": shock, "source": "test"} for st, p in probs.items() if st != "opgeleverd"]
    return pd.DataFrame(rows).astype({"horizon_max": "Int64"})


OUTCOMES = outcome_table(PROBS)


@pytest.fixture
def projects() -> pd.DataFrame:
    return pd.DataFrame(
        [
            ("P1", "Weller", "Heerlen", "sociale_huur", "nieuwbouw", 30, 2023, "opgeleverd"),
            ("P2", "Weller", "Heerlen", "sociale_huur", "nieuwbouw", 20, 2026, "hard"),
            ("P3", "HEEMwonen", "Kerkrade", "sociale_huur", "aankoop", 10, 2025, "zacht"),
            ("P4", "HEEMwonen", "Kerkrade", "middenhuur", "nieuwbouw", 15, 2027, "idee"),
            ("P5", "Weller", "Kerkrade", "sociale_huur", "transformatie", 5, 2029, "in_aanbouw"),
        ],
        columns=["project_id", "corporation", "municipality", "segment", "project_type", "n_dwellings",
                 "completion_year", "plan_status"],
    )


@pytest.fixture
def plan_capacity() -> pd.DataFrame:
    return pd.DataFrame(
        [
            ("M1", "betaalbare_koop", 12, 2026, "hard", "markt", None, "Heerlen"),
            ("M2", "sociale_huur", 8, 2025, "hard", "markt", None, "Heerlen"),
            ("M3", "sociale_huur", 20, 2026, "hard", "corporatie", "Weller", "Kerkrade"),
        ],
        columns=["project", "segment", "n_dwellings", "completion_year", "plan_status", "developer",
                 "corporation", "sender_municipality"],
    )


@pytest.fixture
def targets() -> pd.DataFrame:
    return pd.DataFrame(
        [
            ("new_build_total_2030", 200, 2022, 2030, "totaal", "regio", "minimum", "2", "test"),
            ("social_rent_2022_2030", 100, 2022, 2030, "sociale_huur", "regio", "minimum", "1", "test"),
            ("social_rent_2024_2028", 50, 2024, 2028, "sociale_huur", "regio", "minimum", "1", "test"),
            ("mid_affordable_2030", 40, 2022, 2030, "middenhuur_betaalbare_koop", "regio", "minimum", "2", "test"),
            ("inponding_per_year", 100, 2024, 2028, "sociale_huur", "regio", "per_year", "8", "test"),
            ("sales_vs_additions", None, 2024, 2028, "sociale_huur", "gemeente", "rule", "7", "test"),
        ],
        columns=["target_id", "value", "period_start", "period_end", "segment", "scope", "kind", "agreement",
                 "source"],
    )


@pytest.fixture
def plans(projects, plan_capacity) -> pd.DataFrame:
    return pf.combine_plans(projects, plan_capacity)


def _row(gap, scope_type, scope, target_id):
    r = gap[(gap["scope_type"] == scope_type) & (gap["scope"] == scope) & (gap["target_id"] == target_id)]
    assert len(r) == 1
    return r.iloc[0]


# ----------------------------------------------------------------------------- targets vs plans

def test_combine_plans_drops_municipal_view_of_corporation_plans(plans):
    assert len(plans) == 7  # 5 projects + M1 + M2; M3 (corporatie) dropped
    assert "M|Kerkrade|M3" not in set(plans["plan_key"])
    assert plans.loc[plans["plan_key"] == "M|Heerlen|M1", "developer"].item() == "markt"


def test_select_portfolio_targets_excludes_per_year_and_rule(targets):
    sel = pf.select_portfolio_targets(targets)
    assert list(sel["target_id"]) == ["social_rent_2022_2030", "social_rent_2024_2028", "mid_affordable_2030",
                                      "new_build_total_2030"]


def test_targets_vs_plans_region(plans, targets):
    scopes = pf.default_scopes(MUNICIPALITIES, CORPORATIONS)
    out = pf.compute_targets_vs_plans(plans, targets, scopes)
    s = _row(out, "regio", "Parkstad", "social_rent_2022_2030")
    # P1 30 realised; P2 20 + P5 5 hard; P3 10 soft (aankoop counts for social rent); M2 is market: not counted
    assert (s["realised"], s["planned_hard"], s["planned_soft"], s["gap"]) == (30, 25, 10, 35)
    assert pd.isna(s["market_dwellings"])
    s = _row(out, "regio", "Parkstad", "social_rent_2024_2028")
    # P1 (2023) and P5 (2029) fall outside 2024-2028
    assert (s["realised"], s["planned_hard"], s["planned_soft"], s["gap"]) == (0, 20, 10, 20)
    m = _row(out, "regio", "Parkstad", "mid_affordable_2030")
    # P4 15 idee (corporation) + M1 12 hard (market)
    assert (m["planned_hard"], m["planned_soft"], m["gap"]) == (12, 15, 13)
    assert (m["corporation_dwellings"], m["market_dwellings"]) == (15, 12)
    t = _row(out, "regio", "Parkstad", "new_build_total_2030")
    # all but P3 (aankoop): 30 + 20 + 15 + 5 + 12 + 8 = 90
    assert (t["realised"], t["planned_hard"], t["planned_soft"], t["gap"]) == (30, 45, 15, 110)
    assert (t["corporation_dwellings"], t["market_dwellings"]) == (70, 20)


def test_targets_vs_plans_municipality_and_corporation_have_no_target(plans, targets):
    scopes = pf.default_scopes(MUNICIPALITIES, CORPORATIONS)
    out = pf.compute_targets_vs_plans(plans, targets, scopes)
    h = _row(out, "gemeente", "Heerlen", "social_rent_2022_2030")
    assert (h["realised"], h["planned_hard"], h["planned_soft"]) == (30, 20, 0)
    assert pd.isna(h["target"]) and pd.isna(h["gap"])
    assert h["regional_target"] == 100 and h["share_of_regional_target"] == pytest.approx(0.5)
    w = _row(out, "corporatie", "Weller", "new_build_total_2030")
    assert (w["realised"], w["planned_hard"], w["planned_soft"]) == (30, 25, 0)
    assert pd.isna(w["market_dwellings"])


def test_region_equals_sum_of_municipalities_and_of_corporations(plans, targets):
    gap = pf.build_portfolio_gap(plans, targets, OUTCOMES, year=YEAR, municipalities=MUNICIPALITIES, corporations=CORPORATIONS,
                                 n_simulations=200, seed=1)
    for tid, g in gap.groupby("target_id"):
        region = g[g["scope_type"] == "regio"].iloc[0]
        mun = g[g["scope_type"] == "gemeente"]
        corp = g[g["scope_type"] == "corporatie"]
        for col in ("realised", "planned_hard", "planned_soft", "expected", "corporation_dwellings"):
            assert region[col] == pytest.approx(mun[col].sum()), (tid, col)
        corp_total = (corp["realised"] + corp["planned_hard"] + corp["planned_soft"]).sum()
        assert region["corporation_dwellings"] == pytest.approx(corp_total), tid
        assert region["corporation_dwellings"] == pytest.approx(corp["corporation_dwellings"].sum()), tid


def test_build_portfolio_gap_expected_is_exact(plans, targets):
    gap = pf.build_portfolio_gap(plans, targets, OUTCOMES, year=YEAR, municipalities=MUNICIPALITIES, corporations=CORPORATIONS,
                                 n_simulations=500, seed=7)
    assert list(gap.columns) == pf.GAP_COLUMNS
    s = _row(gap, "regio", "Parkstad", "social_rent_2022_2030")
    # 30 + 0.85*20 + 0.95*5 + 0.6*10
    assert s["expected"] == pytest.approx(57.75)
    assert s["expected_p10"] <= s["expected"] <= s["expected_p90"]
    assert s["p_target_met"] == 0.0  # even all plans (65) stay below 100


def test_missing_corporation_is_not_zero(plans, targets):
    gap = pf.build_portfolio_gap(plans, targets, OUTCOMES, year=YEAR, municipalities=MUNICIPALITIES,
                                 corporations=[*CORPORATIONS, "ZO Wonen"], n_simulations=50, seed=1,
                                 delivered_corporations=CORPORATIONS, delivered_municipalities=["Heerlen"])
    z = _row(gap, "corporatie", "ZO Wonen", "social_rent_2022_2030")
    assert pd.isna(z["realised"]) and "geen levering" in z["remark"]
    k = _row(gap, "gemeente", "Kerkrade", "mid_affordable_2030")
    assert pd.isna(k["market_dwellings"]) and "marktplannen ontbreken" in k["remark"]
    r = _row(gap, "regio", "Parkstad", "new_build_total_2030")
    assert "ZO Wonen" in r["remark"] and "Kerkrade" in r["remark"]


# ----------------------------------------------------------------------------- simulation

def test_simulation_is_seeded(plans, targets):
    a = pf.build_portfolio_gap(plans, targets, OUTCOMES, year=YEAR, municipalities=MUNICIPALITIES,
                               corporations=CORPORATIONS, n_simulations=100, seed=42)
    b = pf.build_portfolio_gap(plans, targets, OUTCOMES, year=YEAR, municipalities=MUNICIPALITIES,
                               corporations=CORPORATIONS, n_simulations=100, seed=42)
    pd.testing.assert_frame_equal(a, b)


def test_shared_shock_widens_the_band_but_keeps_the_expectation(plans, targets):
    """Same marginal chances, with and without a shared yearly shock (rho 0.5, persistence 1)."""
    kw = {"year": YEAR, "municipalities": MUNICIPALITIES, "corporations": CORPORATIONS, "n_simulations": 4000,
          "seed": 5}
    indep = _row(pf.build_portfolio_gap(plans, targets, OUTCOMES, **kw), "regio", "Parkstad", "new_build_total_2030")
    shock = _row(pf.build_portfolio_gap(plans, targets, outcome_table(PROBS, shock=0.5), persistence=1.0, **kw),
                 "regio", "Parkstad", "new_build_total_2030")
    assert shock["expected"] == pytest.approx(indep["expected"])  # exact, not simulated
    assert shock["expected_p90"] - shock["expected_p10"] >= indep["expected_p90"] - indep["expected_p10"]


def test_delay_beyond_the_period_lowers_the_expectation(plans, targets):
    """Half of every plan's realisation one year late: in 2022-2030 every delay lands inside (P5 2029 -> 2030);
    in a period ending 2025 the delayed half of P3 (2025 -> 2026) falls outside."""
    late = outcome_table(PROBS, delayed=0.5)
    gap = pf.build_portfolio_gap(plans, targets, late, year=YEAR, municipalities=MUNICIPALITIES,
                                 corporations=CORPORATIONS, n_simulations=200, seed=2)
    s = _row(gap, "regio", "Parkstad", "social_rent_2022_2030")
    # 30 + 0.85*20 + 0.95*5 + 0.6*10 (all delays land inside 2030)
    assert s["expected"] == pytest.approx(57.75)
    t = targets.copy()
    t.loc[t["target_id"] == "social_rent_2024_2028", "period_end"] = 2025
    gap = pf.build_portfolio_gap(plans, t, late, year=YEAR, municipalities=MUNICIPALITIES,
                                 corporations=CORPORATIONS, n_simulations=200, seed=2)
    # 2024-2025: only P3 (10, zacht 0.6, 2025) counts, half of it a year late: 0.3 * 10 = 3
    assert _row(gap, "regio", "Parkstad", "social_rent_2024_2028")["expected"] == pytest.approx(3.0)


def test_certain_plans_give_p_exactly_zero_or_one(plans, targets):
    certain = pf.apply_probability_overrides(OUTCOMES, {"in_aanbouw": 1, "hard": 1, "zacht": 1, "idee": 0})
    t = targets.copy()
    t.loc[t["target_id"] == "social_rent_2022_2030", "value"] = 65  # all social plans: 30+25+10 = 65
    t.loc[t["target_id"] == "social_rent_2024_2028", "value"] = 31  # 20 + 10 = 30 < 31
    gap = pf.build_portfolio_gap(plans, t, certain, year=YEAR, municipalities=MUNICIPALITIES, corporations=CORPORATIONS,
                                 n_simulations=300, seed=3)
    s = _row(gap, "regio", "Parkstad", "social_rent_2022_2030")
    assert s["p_target_met"] == 1.0 and s["expected_p10"] == s["expected_p90"] == 65
    assert _row(gap, "regio", "Parkstad", "social_rent_2024_2028")["p_target_met"] == 0.0
    # idee = 0: P4 (15) never realised: mid+affordable expected = M1 12
    assert _row(gap, "regio", "Parkstad", "mid_affordable_2030")["expected"] == 12


def test_probability_overrides_are_checked():
    with pytest.raises(ValueError, match="onbekende planstatus"):
        pf.apply_probability_overrides(OUTCOMES, {"vaag": 0.5})
    with pytest.raises(ValueError, match="tussen 0 en 1"):
        pf.apply_probability_overrides(OUTCOMES, {"hard": 1.5})
    with pytest.raises(ValueError, match="opgeleverd"):
        pf.apply_probability_overrides(OUTCOMES, {"opgeleverd": 0.9})


def test_probability_override_sets_the_chance_realised_at_all_keeping_the_delay_ratio():
    """zacht 0.6 realised of which half late (0.3 on time, 0.3 delayed); override 0.4: 0.2 + 0.2, dropped 0.6."""
    out = pf.apply_probability_overrides(outcome_table(PROBS, delayed=0.5), {"zacht": 0.4}).set_index("plan_status")
    assert out.loc["zacht", "p_on_time"] == pytest.approx(0.2) and out.loc["zacht", "p_delayed"] == pytest.approx(0.2)
    assert out.loc["zacht", "p_dropped"] == pytest.approx(0.6)
    assert out.loc["hard", "p_on_time"] == pytest.approx(0.425)  # untouched


def test_probabilities_reference_table_loads():
    probs = pf.load_realisation_probabilities({"idee": 0.1})
    assert list(probs.index) == list(pf.PLAN_STATUSES)
    assert probs["opgeleverd"] == 1.0 and probs["idee"] == 0.1
    assert ((probs >= 0) & (probs <= 1)).all()


# ----------------------------------------------------------------------------- tempo

def test_tempo_and_pace(plans, targets):
    tempo = pf.compute_tempo(plans, targets, OUTCOMES, YEAR)
    s = tempo[tempo["target_id"] == "social_rent_2024_2028"].set_index("year")
    # P3 10 in 2025, P2 20 in 2026, nothing realised; straight path 50/5 = 10 per year
    assert s.loc[2025, "cum_realised_planned"] == 10 and s.loc[2028, "cum_realised_planned"] == 30
    assert s.loc[2028, "cum_realised"] == 0
    assert s.loc[2024, "straight_path"] == pytest.approx(10) and s.loc[2028, "straight_path"] == pytest.approx(50)
    assert s.loc[2028, "cum_expected"] == pytest.approx(0.6 * 10 + 0.85 * 20)
    pace = pf.compute_pace(tempo, 2026).set_index("target_id")
    p = pace.loc["social_rent_2024_2028"]
    # 2026-2028: 3 years; 50 still needed -> 16.67/yr; 30 planned -> 10/yr
    assert p["remaining_years"] == 3
    assert p["pace_needed"] == pytest.approx(50 / 3) and p["pace_planned"] == pytest.approx(10)
    assert not p["on_pace"]
    q = pace.loc["social_rent_2022_2030"]
    # 100 - 30 realised = 70 over 2026-2030 (5 years) = 14; planned 35/5 = 7
    assert q["pace_needed"] == pytest.approx(14) and q["pace_planned"] == pytest.approx(7)


def test_pace_after_period_is_na(plans, targets):
    pace = pf.compute_pace(pf.compute_tempo(plans, targets, OUTCOMES, YEAR), 2031)
    assert pace["remaining_years"].eq(0).all() and pace["pace_needed"].isna().all()


# ----------------------------------------------------------------------------- stock change, 7, 8

@pytest.fixture
def stock_projects() -> pd.DataFrame:
    """Social projects for the stock change (reporting year 2026)::

        P6 Heerlen  sloop_nieuwbouw 12 2024 opgeleverd   -> 2024 new build 12
        P7 Heerlen  nieuwbouw        7 2025 hard         -> overdue: not realised in 2025
        P2 Heerlen  nieuwbouw       20 2026 hard         -> 2026 prognosis new build 20
        P8 Kerkrade transformatie    4 2025 opgeleverd   -> 2025 transformation 4
        P9 Kerkrade nieuwbouw        9 2026 hard  (middenhuur: not social)
    """
    return pd.DataFrame(
        [
            ("P6", "Weller", "Heerlen", "sociale_huur", "sloop_nieuwbouw", 12, 2024, "opgeleverd"),
            ("P7", "Weller", "Heerlen", "sociale_huur", "nieuwbouw", 7, 2025, "hard"),
            ("P2", "Weller", "Heerlen", "sociale_huur", "nieuwbouw", 20, 2026, "hard"),
            ("P8", "HEEMwonen", "Kerkrade", "sociale_huur", "transformatie", 4, 2025, "opgeleverd"),
            ("P9", "HEEMwonen", "Kerkrade", "middenhuur", "nieuwbouw", 9, 2026, "hard"),
        ],
        columns=["project_id", "corporation", "municipality", "segment", "project_type", "n_dwellings",
                 "completion_year", "plan_status"],
    )


@pytest.fixture
def mutations() -> pd.DataFrame:
    """Mutations; nothing at all for 2027::

        Heerlen  2024 AAN 10 / SLO 6 / VAH 3 / VAC 2 / LIB 1  realisatie
        Heerlen  2024 AAN 99                                   prognose (superseded: ignored)
        Kerkrade 2025 VAB 5                                    realisatie
        Heerlen  2026 SLO 4                                    prognose
    """
    return pd.DataFrame(
        [
            ("Heerlen", 2024, "AAN", 10, "realisatie", "Weller"),
            ("Heerlen", 2024, "SLO", 6, "realisatie", "Weller"),
            ("Heerlen", 2024, "VAH", 3, "realisatie", "Weller"),
            ("Heerlen", 2024, "VAC", 2, "realisatie", "Weller"),
            ("Heerlen", 2024, "LIB", 1, "realisatie", "Weller"),
            ("Heerlen", 2024, "AAN", 99, "prognose", "Weller"),
            ("Kerkrade", 2025, "VAB", 5, "realisatie", "HEEMwonen"),
            ("Heerlen", 2026, "SLO", 4, "prognose", "Weller"),
        ],
        columns=["municipality", "year", "mutation_type", "count", "figure_status", "corporation"],
    )


def test_social_stock_change(stock_projects, mutations):
    sc = pf.compute_social_stock_change(stock_projects, mutations, 2026, 2024, 2027, MUNICIPALITIES)
    sc = sc.set_index(["municipality", "year"])
    h24 = sc.loc[("Heerlen", 2024)]
    assert (h24["new_build"], h24["inponding"], h24["demolition"], h24["sales"], h24["sales_to_corporations"],
            h24["liberalisation"]) == (12, 10, 6, 3, 2, 1)
    assert h24["net"] == 12 + 10 - 6 - 3 - 1 and h24["figure_status"] == "realisatie"
    assert sc.loc[("Heerlen", 2025), "net"] == 0  # P7 overdue: not realised
    assert sc.loc[("Heerlen", 2026), "net"] == 20 - 4 and sc.loc[("Heerlen", 2026), "figure_status"] == "prognose"
    assert sc.loc[("Kerkrade", 2025), "net"] == 4 - 5
    assert sc.loc[("Kerkrade", 2026), "net"] == 0  # P9 is middenhuur
    h27 = sc.loc[("Heerlen", 2027)]
    assert pd.isna(h27["net"]) and pd.isna(h27["sales"]) and not h27["complete"]
    region = pf.summarise_stock_change_region(sc.reset_index()).set_index("year")
    assert region.loc[2024, "net"] == 12 and region.loc[2025, "net"] == -1 and pd.isna(region.loc[2027, "net"])


def test_sales_vs_additions(stock_projects, mutations):
    sc = pf.compute_social_stock_change(stock_projects, mutations, 2026, 2024, 2027, MUNICIPALITIES)
    out = pf.compute_sales_vs_additions(sc, 2024, 2026).set_index("municipality")
    assert (out.loc["Heerlen", "sales"], out.loc["Heerlen", "additions"]) == (3, 12 + 10 + 20)
    assert not out.loc["Heerlen", "flag"]
    assert (out.loc["Kerkrade", "sales"], out.loc["Kerkrade", "additions"]) == (5, 4)
    assert out.loc["Kerkrade", "flag"]
    assert out.loc["Heerlen", "sales_prognosis"] == 0 and out.loc["Heerlen", "additions_prognosis"] == 20
    longer = pf.compute_sales_vs_additions(sc, 2024, 2027).set_index("municipality")
    assert not longer.loc["Heerlen", "complete"] and longer.loc["Heerlen", "missing_years"] == "2027"


@pytest.mark.parametrize(("sales", "flag"), [(4, False), (5, False), (6, True)])
def test_agreement_7_flag_both_sides_of_equality(sales, flag):
    """Additions 5 (3 new build + 2 inponding): sales 5 is allowed, 6 is flagged."""
    sc = pd.DataFrame({"municipality": ["Brunssum"], "year": [2025], "figure_status": ["realisatie"],
                       "new_build": [3.0], "transformation": [0.0], "inponding": [2.0], "demolition": [0.0],
                       "sales": [float(sales)], "sales_to_corporations": [9.0], "liberalisation": [0.0],
                       "net": [np.nan], "complete": [True]})
    out = pf.compute_sales_vs_additions(sc, 2024, 2028)
    assert out["additions"].item() == 5 and out["flag"].item() is flag


def test_inponding_against_ambition():
    m = pd.DataFrame(
        [("Heerlen", 2024, "AAN", 60, "realisatie"), ("Kerkrade", 2024, "AAN", 40, "realisatie"),
         ("Heerlen", 2025, "AAN", 99, "realisatie"), ("Heerlen", 2026, "AAN", 120, "prognose"),
         ("Heerlen", 2026, "SLO", 3, "prognose")],
        columns=["municipality", "year", "mutation_type", "count", "figure_status"])
    out = pf.compute_inponding(m, 2026, 100, 2024, 2027).set_index("year")
    assert out.loc[2024, "inponding"] == 100 and out.loc[2024, "meets_target"]  # equal meets
    assert out.loc[2025, "difference"] == -1 and not out.loc[2025, "meets_target"]
    assert out.loc[2026, "figure_status"] == "prognose" and out.loc[2026, "difference"] == 20
    assert pd.isna(out.loc[2027, "inponding"]) and pd.isna(out.loc[2027, "meets_target"])


def test_the_100_a_year_counts_private_purchases_only():
    """Afspraak 8 ("particuliere woningen"): AAP counts, AAC (from a corporation) does not, the old AAN does.

    2024: AAP 70 + AAC 50 + AAN 10 -> 80 (not 130), below 100; 2025: AAC 200 only -> 0.
    """
    m = pd.DataFrame(
        [("Heerlen", 2024, "AAP", 70, "realisatie"), ("Kerkrade", 2024, "AAC", 50, "realisatie"),
         ("Kerkrade", 2024, "AAN", 10, "realisatie"), ("Heerlen", 2025, "AAC", 200, "realisatie")],
        columns=["municipality", "year", "mutation_type", "count", "figure_status"])
    out = pf.compute_inponding(m, 2026, 100, 2024, 2025).set_index("year")
    assert out.loc[2024, "inponding"] == 80 and not out.loc[2024, "meets_target"]
    assert out.loc[2025, "inponding"] == 0


def test_a_transfer_between_corporations_changes_no_stock():
    """VAC at the seller and AAC at the buyer: neither subtracted nor added; AAP adds (afspraak 1, 7)."""
    m = pd.DataFrame(
        [("Heerlen", 2024, "VAC", 4, "realisatie", "Weller"), ("Heerlen", 2024, "AAC", 4, "realisatie", "Woonpunt"),
         ("Heerlen", 2024, "AAP", 3, "realisatie", "Woonpunt")],
        columns=["municipality", "year", "mutation_type", "count", "figure_status", "corporation"])
    sc = pf.compute_social_stock_change(pd.DataFrame(columns=["municipality", "completion_year", "segment",
                                                              "plan_status", "project_type", "n_dwellings"]),
                                        m, 2026, 2024, 2024, ["Heerlen"]).iloc[0]
    # net = inponding 3 (the AAC 4 and VAC 4 are one transfer)
    assert (sc["inponding"], sc["sales_to_corporations"], sc["purchases_from_corporations"], sc["net"]) == (3, 4, 4, 3)
    additions = pf.compute_sales_vs_additions(pf.compute_social_stock_change(
        pd.DataFrame(columns=["municipality", "completion_year", "segment", "plan_status", "project_type",
                              "n_dwellings"]), m, 2026, 2024, 2024, ["Heerlen"]), 2024, 2024)
    assert additions["additions"].item() == 3


# ----------------------------------------------------------------------------- completeness

def test_reconcile_corporation_plans(projects, plan_capacity):
    rec = pf.reconcile_corporation_plans(projects, plan_capacity)
    r = rec[(rec["municipality"] == "Kerkrade") & (rec["corporation"] == "Weller")
            & (rec["segment"] == "sociale_huur")].iloc[0]
    assert (r["municipality_view"], r["corporation_view"], r["difference"]) == (20, 5, 15)


def test_find_missing_data(projects, mutations):
    rej = pd.DataFrame([("zowonen_2026.xlsx", "projecten", 5, "gemeente", "Maastricht", "een Parkstadgemeente",
                         "fout")], columns=["file", "sheet", "row", "column", "value", "expected", "severity"])
    out = pf.find_missing_data(year=2026, corporations=[*CORPORATIONS, "ZO Wonen"], municipalities=MUNICIPALITIES,
                               delivered_corporations=CORPORATIONS, delivered_municipalities=["Heerlen"],
                               projects=projects, mutations=mutations, rejections=rej, first_year=2024,
                               last_year=2027)
    topics = dict(zip(out["subject"], out["topic"], strict=False))
    assert topics["ZO Wonen"] == "levering" and topics["Kerkrade"] == "levering"
    assert topics["2027"] == "mutaties"
    assert any("1 rij(en) afgewezen" in d for d in out["detail"])
    # P3 (zacht, 2025) is overdue in reporting year 2026
    assert any(s == "HEEMwonen P3" for s in out["subject"])


def test_check_parameters():
    pf.check_parameters(2026, "q3", "gemeente", "Heerlen", 100, 1, {}, municipalities=MUNICIPALITIES,
                        corporations=CORPORATIONS)
    with pytest.raises(ValueError) as exc:
        pf.check_parameters(2026, "q9", "gemeente", "Maastricht", 0, 1, {"hard": 2},
                            municipalities=MUNICIPALITIES, corporations=CORPORATIONS)
    text = str(exc.value)
    assert "phase" in text and "Maastricht" in text and "n_simulations" in text and "tussen 0 en 1" in text


@pytest.mark.parametrize(("p", "text"), [(0.0, "0 %"), (0.004, "< 1 %"), (0.5, "50 %"), (0.999, "> 99 %"),
                                         (1.0, "100 %")])
def test_format_probability_never_rounds_to_certainty(p, text):
    assert pf.format_probability(p) == text


def test_select_portfolio_targets_on_reference_table():
    """The shipped targets.csv: only the five regional dwelling targets of the Woondeal, not the 40 %
    share, the national NPA figures, the research ranges or the per-year inponding ambition."""
    sel = pf.select_portfolio_targets(pf.load_targets())
    assert set(sel["target_id"]) == {"social_rent_2022_2030", "social_rent_2024_2028", "mid_affordable_2030",
                                     "flex_2030", "new_build_total_2030"}
