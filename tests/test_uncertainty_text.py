"""Probabilities in words with their band (analysis.forecast.text)."""

import pandas as pd

from analysis.forecast import probability_words
from analysis.forecast.text import (
    TargetChance,
    chance_of_target,
    describe_chance,
    describe_drivers,
    format_probability,
    target_chance_sentence,
    words_for,
)

WORDS = probability_words()


def test_no_zero_or_hundred_percent_unless_exact():
    assert format_probability(0.0) == "< 1 %"  # 0 of 5.000 simulations is not impossible
    assert format_probability(0.004) == "< 1 %"
    assert format_probability(0.996) == "> 99 %"
    assert format_probability(1.0) == "> 99 %"
    assert format_probability(0.0, exact=True) == "0 %"
    assert format_probability(1.0, exact=True) == "100 %"
    assert format_probability(0.237) == "24 %"


def test_words_follow_the_likelihood_scale():
    assert words_for(0.004, WORDS) == "vrijwel uitgesloten"
    assert words_for(0.04, WORDS) == "zeer onwaarschijnlijk"
    assert words_for(0.5, WORDS) == "ongeveer even waarschijnlijk als niet"
    assert words_for(0.995, WORDS) == "vrijwel zeker"
    assert words_for(0.0, WORDS, exact=True) == "uitgesloten met de huidige plannen"


def test_chance_is_exact_only_when_the_plans_decide_it():
    """Target 100: plans can give at most 90 -> exactly 0, with the shortfall of 10 named;
    at least 120 certain -> exactly 1; otherwise the share of simulations (2 of 4 reach 100)."""
    none = chance_of_target([80, 90], 100, minimum=50, maximum=90)
    assert (none.p, none.exact) == (0.0, True)
    assert describe_chance(none, WORDS) == (
        "uitgesloten met de huidige plannen (0 %): zelfs als alle plannen op tijd komen blijven er 10 woningen tekort")
    sure = chance_of_target([120, 130], 100, minimum=120, maximum=130)
    assert (sure.p, sure.exact) == (1.0, True)
    some = chance_of_target([90, 100, 110, 95], 100, minimum=50, maximum=200)
    assert (some.p, some.exact) == (0.5, False)
    assert describe_chance(chance_of_target([90] * 1000, 100, minimum=50, maximum=200), WORDS) == (
        "vrijwel uitgesloten (< 1 %)")


def test_target_sentence_and_drivers():
    sentence = target_chance_sentence("sociale huur", 2430, (2024, 2028), TargetChance(0.04, False), 2101.4,
                                      (1903.0, 2296.0), WORDS)
    assert sentence == ("Kans dat het doel van 2.430 woningen sociale huur in 2024-2028 wordt gehaald: zeer "
                        "onwaarschijnlijk (4 %). Verwacht: 2.101 woningen, met 80 % kans tussen 1.903 en 2.296.")
    losses = pd.DataFrame({"plan_status": ["hard", "zacht"], "planned": [500.0, 300.0],
                           "lost_dropped": [35.0, 69.0], "lost_delay": [90.0, 40.0]})
    assert describe_drivers(losses, 2028, shock=False) == (
        "Het verschil met alle plannen op tijd komt door vertraging tot na 2028 (130 woningen, vooral harde "
        "plannen) en uitval (104 woningen, vooral zachte plannen).")
    assert describe_drivers(losses, 2028, shock=True).endswith(
        "raakt alle plannen van een jaar tegelijk en maakt de band breder.")


def test_backtest_display_and_sentence():
    from analysis.forecast.text import backtest_sentence, display_backtest

    summary = pd.DataFrame({"scope_type": ["regio", "corporatie", "corporatie"], "scope": ["Parkstad", "A", "B"],
                            "n_years": [4, 4, 3], "coverage": [0.75, 0.5, 1.0], "mean_crps": [60.0, 5.0, 2.0],
                            "mean_brier": [0.0, 0.2, 0.1], "forecast_total": [1430.0, 500.0, 90.0],
                            "realised_total": [1086.0, 400.0, 88.0]})
    # corporations: 0,5 x 4 + 1,0 x 3 = 5 of 7 = 71 %
    assert backtest_sentence(summary) == (
        "Voor de regio lag de gerealiseerde oplevering in 3 van de 4 jaren binnen de band van 10-90 % van de "
        "prognose uit de levering van dat jaar (verwacht 1.430, gerealiseerd 1.086 woningen). Bij de corporaties "
        "was dat 5 van de 7 keer (71 %). Bij een goede prognose ligt ongeveer 8 op de 10 realisaties binnen de band.")
    assert backtest_sentence(summary.iloc[0:0]).startswith("Er is nog geen prognose te toetsen")
    frame = pd.DataFrame({"scope": ["Parkstad", "C"], "forecast_year": [2025, 2025], "planned": [541.0, None],
                          "forecast_mean": [434.3, None], "forecast_p10": [351.0, None], "forecast_p90": [510.0, None],
                          "realised": [364.0, None], "in_band": pd.array([True, None], dtype="boolean"),
                          "crps": [46.37, None], "p_plan_met": [0.0112, None], "remark": ["", "geen levering 2026"]})
    shown = display_backtest(frame)
    assert shown.iloc[0].tolist() == ["Parkstad", "2025", "541", "434", "351-510", "364", "ja", "46,4", "1 %", ""]
    assert shown.iloc[1]["Band 10-90 %"] == "–" and shown.iloc[1]["Binnen de band"] == "–"
