"""Scope honesty of :func:`analysis.portfolio.analyse` on hand-made inputs (no files), and its figures.

A municipality's report holds that municipality's figures; a corporation's report holds the
corporation's own (its projects and its mutations only), with the agreement-7 test of all
corporations together beside it; no party gets a target or a verdict of its own.

The case (reporting year 2026; targets: social rent 2024-2026 = 30, inponding 10 a year
2024-2026, the agreement-7 rule 2024-2026, the share target 40 % 2024-2026)::

    projects
    id  corporation  municipality  segment       type           n   year  status
    W1  Weller       Heerlen       sociale_huur  nieuwbouw      10  2024  opgeleverd
    W2  Weller       Kerkrade      sociale_huur  nieuwbouw       4  2026  hard
    H1  HEEMwonen    Heerlen       sociale_huur  transformatie   3  2025  opgeleverd
    H2  HEEMwonen    Kerkrade      middenhuur    nieuwbouw       6  2026  hard

    mutations
    corporation  municipality  year  type  n   status
    Weller       Heerlen       2024  VAH   20  realisatie
    Weller       Heerlen       2025  AAP    5  realisatie   (inponding: counts toward social rent, afspraak 1)
    HEEMwonen    Kerkrade      2025  VAB    2  realisatie
    HEEMwonen    Kerkrade      2025  AAC    3  realisatie   (from another corporation: counts nowhere)
    HEEMwonen    Heerlen       2026  AAN    4  prognose     (old code, origin unknown: counted as inponding, hard)

Social rent 2024-2026 (region): realised W1 10 + H1 3 + inponding 5 = 18; hard W2 4 + inponding 4 = 8;
gap 30 - 26 = 4.

All corporations together, agreement 7 (2024-2026):
    Heerlen   additions 10 + 3 + 5 + 4 = 22, sales 20   -> no signal
    Kerkrade  additions 4,                sales 2    -> no signal
Weller alone (its mutations cover 2024 and 2025, not 2026):
    Heerlen   additions 10 + 5 = 15, sales 20  -> its own sales exceed its own additions
    Kerkrade  additions 4,          sales 0
"""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from analysis import forecast, processed
from analysis import portfolio as pf
from analysis.figures import MUTED
from analysis.portfolio import figures

PROJECT_COLUMNS = ["project_id", "corporation", "municipality", "segment", "project_type", "n_dwellings",
                   "completion_year", "plan_status"]


#: Outcome parameters of the old model (no delay, no shock): realised on time with the chance, else dropped.
OUTCOMES = pd.DataFrame([
    {"plan_status": st, "horizon_min": 0, "horizon_max": pd.NA, "p_on_time": p, "p_delayed": 0.0, "p_dropped": 1 - p,
     "p_delay_1": 1.0, "p_delay_2": 0.0, "p_delay_3plus": 0.0, "shock_correlation": 0.0, "source": "test"}
    for st, p in {"in_aanbouw": 0.9, "hard": 0.8, "zacht": 0.5, "idee": 0.2}.items()]).astype({"horizon_max": "Int64"})

@pytest.fixture
def inputs() -> pf.PortfolioInputs:
    projects = pd.DataFrame([
        ("W1", "Weller", "Heerlen", "sociale_huur", "nieuwbouw", 10, 2024, "opgeleverd"),
        ("W2", "Weller", "Kerkrade", "sociale_huur", "nieuwbouw", 4, 2026, "hard"),
        ("H1", "HEEMwonen", "Heerlen", "sociale_huur", "transformatie", 3, 2025, "opgeleverd"),
        ("H2", "HEEMwonen", "Kerkrade", "middenhuur", "nieuwbouw", 6, 2026, "hard"),
    ], columns=PROJECT_COLUMNS)
    mutations = pd.DataFrame([
        ("Weller", "Heerlen", 2024, "VAH", 20, "realisatie"),
        ("Weller", "Heerlen", 2025, "AAP", 5, "realisatie"),
        ("HEEMwonen", "Kerkrade", 2025, "VAB", 2, "realisatie"),
        ("HEEMwonen", "Kerkrade", 2025, "AAC", 3, "realisatie"),
        ("HEEMwonen", "Heerlen", 2026, "AAN", 4, "prognose"),
    ], columns=["corporation", "municipality", "year", "mutation_type", "count", "figure_status"])
    targets = pd.DataFrame([
        ("social_rent_2024_2026", 30, "woningen", 2024, 2026, "regio", "sociale_huur", "minimum"),
        ("mid_affordable_share_new_build", 40, "procent", 2024, 2026, "regio", "middenhuur_betaalbare_koop",
         "minimum"),
        ("inponding_per_year", 10, "woningen_per_jaar", 2024, 2026, "regio", None, "ambitie"),
        ("sales_vs_additions", None, "regel", 2024, 2026, "gemeente", "sociale_huur", "maximum"),
    ], columns=["target_id", "value", "unit", "period_start", "period_end", "scope", "segment", "kind"])
    return pf.PortfolioInputs(
        year=2026, projects=projects, mutations=mutations, plan_capacity=processed.empty_table("plan_capacity"),
        deliveries_corporation=pd.DataFrame({"corporation": ["HEEMwonen", "Weller"]}),
        deliveries_municipality=pd.DataFrame({"municipality": ["Heerlen", "Kerkrade"]}),
        rejections=processed.empty_table("rejections"), targets=pf.normalise_targets(targets),
        outcome_parameters=OUTCOMES, outcome_note="test", shock_persistence=0.0,
        probability_words=forecast.probability_words(),
        municipalities=("Heerlen", "Kerkrade"), corporations=("HEEMwonen", "Weller"))


def _run(inputs, scope_type="regio", scope="Parkstad"):
    return pf.analyse(inputs, pf.PortfolioParams(scope_type=scope_type, scope=scope, n_simulations=200, seed=1))


def _by_municipality(frame: pd.DataFrame, *cols: str) -> dict:
    return {r["municipality"]: tuple(r[c] for c in cols) for _, r in frame.iterrows()}


def test_region_report(inputs):
    res = _run(inputs)
    region = pf.filter_scope(res.gap, "regio", "Parkstad").iloc[0]
    # W1 10 + H1 3 + AAP 5 realised, W2 4 + AAN 4 (prognosis: hard) planned: gap 30 - 26 = 4; AAC 3 not counted
    assert (region["realised"], region["planned_hard"], region["gap"]) == (18, 8, 4)
    assert (region["inponding_realised"], region["inponding_planned"]) == (5, 4)
    assert len(res.gap_output) == len(res.gap) == 5  # region, 2 municipalities, 2 corporations
    assert _by_municipality(res.sales_vs_additions, "sales", "additions", "flag") == {
        "Heerlen": (20, 22, False), "Kerkrade": (2, 4, False)}
    assert res.sales_vs_additions[["scope_type", "scope"]].values.tolist() == [["gemeente", "Heerlen"],
                                                                               ["gemeente", "Kerkrade"]]
    assert res.sales_vs_additions_all is None
    # inponding 2024: 0 (figures delivered, none AAP/AAN), 2025: 5 (AAC 3 is not inponding), 2026: 4, against 10
    assert res.inponding["inponding"].tolist() == [0, 5, 4] and res.inponding["target"].tolist() == [10] * 3
    assert res.inponding_summary["realised_per_year"] == 2.5 and res.inponding_summary["planned_per_year"] == 4
    # share: H2 6 middenhuur of W1 10 + W2 4 + H1 3 + H2 6 = 23 new-build dwellings
    assert res.programme_share[["scope_type", "numerator_dwellings", "denominator_dwellings"]].values.tolist() == [
        ["regio", 6, 23]]
    assert set(res.contributions["scope_type"]) == {"gemeente"}


def test_corporation_report_holds_its_own_figures(inputs):
    res = _run(inputs, "corporatie", "Weller")
    assert res.gap_output[["scope_type", "scope"]].drop_duplicates().values.tolist() == [["corporatie", "Weller"]]
    row = res.gap_output.iloc[0]
    assert pd.isna(row["target"]) and pd.isna(row["gap"]) and pd.isna(row["p_target_met"])
    # W1 10 + its own inponding 5 realised, W2 4 hard
    assert (row["realised"], row["planned_hard"], row["regional_target"]) == (15, 4, 30)
    assert row["share_of_regional_target"] == pytest.approx(19 / 30)
    # own sales and additions; its mutations do not cover 2026
    own = res.sales_vs_additions
    assert _by_municipality(own, "sales", "additions", "flag", "missing_years") == {
        "Heerlen": (20, 15, True, "2026"), "Kerkrade": (0, 4, False, "2026")}
    assert own[["scope_type", "scope"]].drop_duplicates().values.tolist() == [["corporatie", "Weller"]]
    # the agreement-7 test itself: all corporations together, per municipality
    assert _by_municipality(res.sales_vs_additions_all, "sales", "additions", "flag") == {
        "Heerlen": (20, 22, False), "Kerkrade": (2, 4, False)}
    stock = res.stock_change.set_index(["municipality", "year"])
    assert stock.loc[("Heerlen", 2024), "new_build"] == 10 and stock.loc[("Heerlen", 2024), "sales"] == 20
    assert pd.isna(stock.loc[("Heerlen", 2026), "net"])  # no prognosis from Weller
    assert stock.loc[("Heerlen", 2025), "transformation"] == 0  # H1 is HEEMwonen's
    # inponding: Weller's own, a contribution to the regional 10 a year
    assert res.inponding["inponding"].tolist()[:2] == [0, 5] and pd.isna(res.inponding["inponding"].iloc[2])
    assert res.inponding["target"].isna().all() and res.inponding["meets_target"].isna().all()
    assert res.inponding["share_of_regional_target"].tolist()[:2] == [0.0, 0.5]
    assert res.programme_share[["scope", "numerator_dwellings", "denominator_dwellings"]].values.tolist() == [
        ["Weller", 0, 14]]
    assert set(res.contributions["scope_type"]) == {"corporatie"}


def test_municipality_report_holds_its_own_rows(inputs):
    res = _run(inputs, "gemeente", "Kerkrade")
    assert res.gap_output[["scope_type", "scope"]].drop_duplicates().values.tolist() == [["gemeente", "Kerkrade"]]
    assert res.sales_vs_additions["municipality"].tolist() == ["Kerkrade"]
    assert set(res.stock_change["municipality"]) == {"Kerkrade"}
    # no inponding in Kerkrade, but the corporations delivered figures for every year: 0, not missing
    assert res.inponding["inponding"].tolist() == [0, 0, 0]
    assert res.inponding[["scope_type", "scope"]].drop_duplicates().values.tolist() == [["gemeente", "Kerkrade"]]
    assert res.inponding["target"].isna().all()


def test_party_rows_equal_the_region_reports_rows(inputs):
    """The same figure in two reports is the same figure (one set, one truth)."""
    region = _run(inputs)
    for scope_type, scope in (("gemeente", "Heerlen"), ("corporatie", "Weller")):
        party = _run(inputs, scope_type, scope)
        pd.testing.assert_frame_equal(party.gap_output, pf.filter_scope(region.gap, scope_type, scope))
    heerlen = _run(inputs, "gemeente", "Heerlen")
    pd.testing.assert_frame_equal(heerlen.sales_vs_additions,
                                  region.sales_vs_additions.iloc[:1].reset_index(drop=True))
    mine = region.stock_change[region.stock_change["municipality"] == "Heerlen"].reset_index(drop=True)
    pd.testing.assert_frame_equal(heerlen.stock_change, mine)


def test_analyse_is_deterministic_and_leaves_inputs_alone(inputs):
    before = inputs.projects.copy(), inputs.mutations.copy()
    a, b = _run(inputs), _run(inputs)
    pd.testing.assert_frame_equal(a.gap, b.gap)
    pd.testing.assert_frame_equal(inputs.projects, before[0])
    pd.testing.assert_frame_equal(inputs.mutations, before[1])


def test_probability_overrides_reach_the_simulation(inputs):
    certain = pf.analyse(inputs, pf.PortfolioParams(n_simulations=50, seed=1, probability_overrides={"hard": 1.0}))
    row = pf.filter_scope(certain.gap, "regio", "Parkstad").iloc[0]
    used = certain.outcome_parameters.set_index("plan_status")
    assert used.loc["hard", "p_on_time"] == 1.0 and used.loc["hard", "p_dropped"] == 0.0
    # every plan certain: 18 realised + 8 hard (W2 4, forecast inponding 4) = 26
    assert row["expected"] == row["expected_p10"] == row["expected_p90"] == 26
    assert row["p_target_met"] == 0.0  # 26 < 30: exact, the plans decide it
    chance = certain.chances.set_index("scope").loc["Parkstad"]
    assert chance["exact"] and chance["maximum"] == 26 and "4 woningen tekort" in chance["reason"]
    assert np.isclose(_run(inputs).outcome_parameters.set_index("plan_status").loc["hard", "p_on_time"], 0.8)


# ---------------------------------------------------------------- figures: a figure, or None when there is nothing to draw

@pytest.fixture
def result(inputs):
    return pf.analyse(inputs, pf.PortfolioParams(n_simulations=50, seed=1))


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_every_plot_returns_a_figure_and_draws_into_a_given_axes(result):
    calls = [
        lambda **kw: figures.plot_status_bars(result.by_status, result.gap_scope, **kw),
        lambda **kw: figures.plot_tempo(result.tempo, **kw),
        lambda **kw: figures.plot_stock_change(result.stock_change_scope, **kw),
        lambda **kw: figures.plot_inponding(result.inponding, **kw),
        lambda **kw: figures.plot_expected_band(result.gap_scope, **kw),
        lambda **kw: figures.plot_contributions(result.contributions, **kw),
    ]
    for call in calls:
        fig = call(title="Titel")
        assert isinstance(fig, matplotlib.figure.Figure)
        own_fig, ax = plt.subplots()
        assert call(ax=ax) is own_fig


def test_nothing_to_draw_gives_none(result):
    assert figures.plot_status_bars(result.by_status.iloc[:0]) is None
    assert figures.plot_tempo(result.tempo.iloc[:0]) is None
    assert figures.plot_stock_change(result.stock_change_scope.iloc[:0]) is None
    assert figures.plot_inponding(result.inponding.iloc[:0]) is None
    assert figures.plot_expected_band(result.gap_scope.iloc[:0]) is None
    assert figures.plot_contributions(result.contributions.iloc[:0]) is None


def _bar_colours(fig) -> list[str]:
    return [to_hex(p.get_facecolor()) for p in fig.axes[0].patches]


def test_contributions_highlight_the_party(result):
    fig = figures.plot_contributions(result.contributions, highlight="Kerkrade")
    assert _bar_colours(fig)[0] == MUTED and _bar_colours(fig)[1] != MUTED  # Heerlen muted, Kerkrade not
    region = figures.plot_contributions(result.contributions, highlight="Parkstad")  # not a party: none muted
    assert MUTED not in _bar_colours(region)
