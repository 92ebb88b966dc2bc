"""The monitor's Dutch sentences, each against a sentence written out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.monitoring import text


def test_status_sentence_singular_and_plural():
    counts = pd.DataFrame({"status": ["op koers", "aandacht", "achter", "geen gegevens"], "n_targets": [2, 1, 3, 4]})
    assert text.status_sentence(counts) == (
        "Van de 10 gemonitorde afspraken zijn er 2 op koers, 1 vraagt aandacht en 3 lopen achter; voor 4 "
        "leveren de gegevens (nog) geen cijfer.")
    counts["n_targets"] = [0, 2, 1, 0]
    assert text.status_sentence(counts) == (
        "Van de 3 gemonitorde afspraken zijn er 0 op koers, 2 vragen aandacht en 1 loopt achter; voor 0 "
        "leveren de gegevens (nog) geen cijfer.")


def test_status_sentence_names_the_ambitions_and_the_rules_apart():
    counts = pd.DataFrame({"status": ["op koers", "achter", "ambitie: in zicht", "ambitie: nog ver weg", "gemeten",
                                      "na te gaan", "geen gegevens"], "n_targets": [3, 1, 1, 2, 1, 1, 2]})
    assert text.status_sentence(counts) == (
        "Van de 11 gemonitorde afspraken zijn er 3 op koers, 0 vragen aandacht en 1 loopt achter; van de 3 ambities "
        "(geen harde minimumafspraak) is 1 in zicht, 0 dichtbij en 2 nog ver weg; 1 meting is gedaan (gemeten), "
        "1 afspraak is na te gaan; voor 2 leveren de gegevens (nog) geen cijfer.")


def test_status_rule_sentence_takes_thresholds_from_the_rules():
    assert text.status_rule_sentence({"on_track_min_ratio": 1.0, "attention_min_ratio": 0.75}) == (
        "**Op koers**: gerealiseerd plus hard gepland haalt het doel (100 % of meer); **aandacht**: minstens 75 % "
        "ervan; **achter**: minder. Bij een doel per jaar telt het gemiddelde over de looptijd, bij de EFG-labels "
        "het oordeel van de energielabelanalyse. Een **ambitie** is geen harde minimumafspraak (zoals de "
        "flexwoningen van afspraak 3, waarvoor partijen 'de mogelijkheden onderzoeken', en de inponding van "
        "afspraak 8): met dezelfde grenzen is die **in zicht**, **dichtbij** of **nog ver weg**, nooit 'achter'. "
        "Afspraken zonder getal: de 0-meting van afspraak 14 is **gemeten** zodra de voorraadregisters er zijn; bij "
        "afspraak 7 (complexgewijze verkoop eerst aan corporaties) is verkoop aan derden **na te gaan**, zonder "
        "zulke verkoop is er **geen signaal**.")


def _target(value=100.0, start=2024, end=2028):
    return pd.Series({"value": value, "period_start": start, "period_end": end})


def test_inponding_sentence_says_the_per_year_figures():
    measures = pd.DataFrame({"target_id": ["inponding_per_year"], "realised": [79.0], "planned": [78.0]})
    assert text.inponding_sentence(measures, _target()) == (
        "Inponding 2024-2028: gemiddeld 79 per jaar gerealiseerd, gemiddeld 78 per jaar in de prognose; "
        "de ambitie is zo'n 100 per jaar.")
    measures["realised"] = np.nan
    assert text.inponding_sentence(measures, _target()) == (
        "Inponding 2024-2028: geen realisatiecijfers, gemiddeld 78 per jaar in de prognose; "
        "de ambitie is zo'n 100 per jaar.")
    assert text.inponding_sentence(measures.iloc[:0], _target()) == "Er zijn geen mutatiecijfers over inponding geleverd."


def test_voorzieningenwijzer_sentence():
    vw = pd.DataFrame({"year": [2025, 2026], "households_approached": [600.0, 251.0],
                       "cumulative_approached": [600.0, 851.0], "share_of_target": [0.6, 0.851]})
    assert text.voorzieningenwijzer_sentence(vw, _target(1000.0, 2023, 2026)) == (
        "Tot en met 2026 zijn (inclusief prognose) 851 huishoudens benaderd: 85 % van het doel van 1.000.")
    assert text.voorzieningenwijzer_intro(_target(1000.0, 2023, 2026)) == (
        "Doel: in 2023-2026 minimaal 1.000 kwetsbare huishoudens benaderen.")
    assert text.voorzieningenwijzer_sentence(vw.iloc[:0], None) == "Er zijn geen cijfers over de VoorzieningenWijzer geleverd."


def test_display_monitor_has_no_code_in_it():
    monitor = pd.DataFrame({"agreement": ["Afspraak 8"], "description_nl": ["Inponding"], "comparison": [">="],
                            "value": [100.0], "unit": ["woningen_per_jaar"], "period": ["2024-2028"],
                            "realised": [78.4], "planned": [74.0], "status": ["achter"]})
    out = text.display_monitor(monitor)
    assert out.iloc[0].tolist() == ["Afspraak 8", "Inponding", "minimaal", "100", "woningen per jaar", "2024-2028",
                                    "78,4", "74,0", "achter"]
    out = text.display_monitor(monitor.assign(kind="ambitie", status="ambitie: dichtbij"))
    assert out.iloc[0].tolist()[2::6] == ["ambitie: minimaal", "ambitie: dichtbij"]


def test_display_accuracy_total_shows_no_code_columns():
    total = pd.DataFrame({"scope_type": ["regio"], "scope": ["Parkstad"], "measure": ["sloop"], "prognosis": [178.0],
                          "realised": [133.0], "difference": [-45.0], "realised_share": [0.747]})
    out = text.display_accuracy_total(total)
    assert list(out.columns) == ["onderdeel", "prognose", "realisatie", "verschil", "realisatie / prognose"]
    assert out.iloc[0].tolist() == ["sloop", "178", "133", "-45", "74,7 %"]


def test_backtest_basis_sentence_says_years_skipped_parameters_and_in_sample():
    assert text.backtest_basis_sentence([2024, 2025, 2026], {2023: "kapot"}, "Kansen: gekalibreerd.", True, 2000) == (
        "Getoetst zijn de leveringen 2024-2026: 2 keer de prognose van een levering voor haar eigen jaar (alle nog "
        "niet opgeleverde plannen, met vertraging, uitval en de gezamenlijke jaarschok, 2.000 keer gesimuleerd) naast "
        "wat de levering van het jaar erna als opgeleverd in dat jaar meldt. Niet gebruikt: 2023 (kapot). Kansen: "
        "gekalibreerd. Die kansen zijn geleerd uit dezelfde leveringen: de toets is daardoor gunstiger dan een toets "
        "op jaren die de kalibratie nog niet kende.")
    assert text.backtest_basis_sentence([], {}, "Kansen: referentie.", False, 10) == (
        "Er zijn geen verwerkte leveringen om de prognose mee te toetsen. Kansen: referentie.")


def test_backtest_trivial_sentence_counts_years_with_nothing_to_forecast():
    """Four corporation-years: two with p90 = 0 and nothing realised (trivially inside), one inside, one outside;
    the region row is not counted. Without the trivial ones: 1 of 2 inside (50 %)."""
    bt = pd.DataFrame({"scope_type": ["regio", "corporatie", "corporatie", "corporatie", "corporatie", "corporatie"],
                       "in_band": pd.array([True, True, True, True, False, pd.NA], dtype="boolean"),
                       "forecast_p90": [9.0, 0.0, 0.0, 5.0, 9.0, np.nan], "realised": [0.0, 0.0, 0.0, 4.0, 12.0, np.nan]})
    assert text.backtest_trivial_sentence(bt) == (
        "Bij 2 van de 4 toetsen van corporaties was voor dat jaar niets te verwachten en niets gerealiseerd; die "
        "liggen vanzelf binnen de band. Zonder die toetsen lag 1 van de 2 realisaties binnen de band (50 %).")
    assert text.backtest_trivial_sentence(bt.iloc[[0, 3, 4]]) == ""


def test_display_backtest_summary_and_detail_in_dutch_with_words():
    summary = pd.DataFrame({"scope_type": ["regio"], "scope": ["Parkstad"], "n_years": [4], "coverage": [0.75],
                            "mean_crps": [59.34], "mean_brier": [0.0011], "forecast_total": [1462.6],
                            "realised_total": [1136.0]})
    out = text.display_backtest_summary(summary)
    assert out.iloc[0].tolist() == ["Parkstad", "4", "3 van 4", "75 %", "59,3", "0,001", "1.463", "1.136"]
    assert list(out.columns)[:3] == ["Partij", "Jaren getoetst", "Binnen de band 10-90 %"]
    assert text.display_backtest_summary(summary.iloc[:0]).empty

    words = pd.DataFrame({"p_min": [0.0, 0.01, 0.1, 0.33, 0.66, 0.9, 0.99], "p_max": [0.01, 0.1, 0.33, 0.66, 0.9, 0.99, 1.0],
                          "words_nl": ["vrijwel uitgesloten", "zeer onwaarschijnlijk", "onwaarschijnlijk", "even",
                                       "waarschijnlijk", "zeer waarschijnlijk", "vrijwel zeker"]})
    bt = pd.DataFrame({"scope_type": ["corporatie"] * 3, "scope": ["A", "B", "C"], "forecast_year": [2025] * 3,
                       "n_plans": [3, 1, 0], "planned": [10.0, 4.0, 0.0], "forecast_mean": [8.0, 3.9, 0.0],
                       "forecast_p10": [6.0, 4.0, 0.0], "forecast_p90": [10.0, 4.0, 0.0], "realised": [7.0, 4.0, 0.0],
                       "in_band": [True, True, True], "crps": [1.0, 0.0, 0.0], "p_plan_met": [0.2, 0.995, 1.0],
                       "plan_met": [False, True, True], "brier": [0.04, 0.0, 0.0], "remark": ["", "", ""]})
    # 0,2 -> onwaarschijnlijk; 0,995 is not certain -> "> 99 %"; nothing planned (C) makes "planning gehaald" certain
    assert text.display_backtest_detail(bt, words)["Kans planning gehaald"].tolist() == [
        "onwaarschijnlijk (20 %)", "vrijwel zeker (> 99 %)", "zeker (100 %)"]


def test_status_names_sentence_names_each_agreement_under_its_status():
    """The verdict box names the agreements: achter first, then aandacht, op koers, the ambitions, na te gaan."""
    monitor = pd.DataFrame({
        "scope_type": ["regio"] * 5,
        "description_nl": ["Nieuwbouw woningen in Parkstad (bouwambitie)", "Flexwoningen in Parkstad (Woondeal)",
                           "Nieuwe sociale huurwoningen door corporaties (Woondeal Limburg)",
                           "Middenhuurwoningen of betaalbare koopwoningen", "Kwetsbare huishoudens benaderd"],
        "period": ["2022-2030", "2022-2030", "2024-2028", "2022-2030", "2023-2026"],
        "status": ["achter", "ambitie: nog ver weg", "op koers", "achter", "geen gegevens"],
    })
    assert text.status_names_sentence(monitor) == (
        "- **Loopt achter**: Nieuwbouw woningen in Parkstad (2022-2030); Middenhuurwoningen of betaalbare "
        "koopwoningen (2022-2030).\n"
        "- **Op koers**: Nieuwe sociale huurwoningen door corporaties (2024-2028).\n"
        "- **Ambitie nog ver weg**: Flexwoningen in Parkstad (2022-2030).")
    assert text.status_names_sentence(monitor.iloc[0:0]) == ""
