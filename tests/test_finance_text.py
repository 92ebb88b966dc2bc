"""Every Dutch sentence of the finance report, on tiny hand-made rows; expected text written out in full."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import finance as F
from analysis.finance import text
from analysis.rules import efg

M = 1e6
RULES = efg.EnergyRules(efg_labels=("E", "F", "G"), deadline_year=2028, exempt_monument=True,
                        demolition_window_years=5, horizon_last_year=2030, on_track_max_remaining_share=0.0,
                        risk_max_remaining_share=0.1, toekomstklaar_labels=("A", "B"))
BASIS = F.Scenario("basis", 0.03, 0.03, 0.03, label_nl="Basis")
FREEZE = F.Scenario("huurbevriezing", 0.03, 0.03, 0.03, 2025, 2026, label_nl="Huurbevriezing", what_if=True)
EFG_SENTENCE = ("Voor de EFG-woningen geldt dezelfde regel als in het rapport over de energielabels: de opgave bevat "
                "elke woning met label E, F of G, behalve monumenten, woningen die uiterlijk 2033 worden gesloopt en "
                "woningen die uiterlijk 2028 worden verkocht. Een woning zonder geplande verbetering telt mee in 2028.")


def row(**kw):
    r = {"corporation": "A", "task_eur": 10 * M, "financeable_eur": 10 * M, "gap_eur": 0.0, "capacity_eur": 2 * M,
         "binding_norm": "ltv_beleidswaarde", "binding_year": 2030, "first_breach_year": None}
    r.update(kw)
    return r


# ---------------------------------------------------------------- the EFG rule and the pricing

def test_efg_rule_sentence():
    assert text.efg_rule_sentence(RULES) == EFG_SENTENCE


def test_efg_rule_sentence_without_monument_exemption():
    rules = efg.EnergyRules(("E", "F", "G"), 2028, False, 5, 2030, 0.0, 0.1, ("A",))
    assert text.efg_rule_sentence(rules) == (
        "Voor de EFG-woningen geldt dezelfde regel als in het rapport over de energielabels: de opgave bevat "
        "elke woning met label E, F of G, behalve woningen die uiterlijk 2033 worden gesloopt en woningen die "
        "uiterlijk 2028 worden verkocht. Een woning zonder geplande verbetering telt mee in 2028.")


def test_task_text_shares_of_cost_basis():
    """6 mln from project budgets, 2 mln from reference figures: 75 %, 0 %, 25 %."""
    task = pd.DataFrame({"cost_basis": ["projectbegroting", "referentie"], "cost_eur": [6 * M, 2 * M]})
    assert text.task_text(task, RULES) == (
        "Van de geraamde kosten komt 75 % uit projectbegrotingen van de corporaties, 0 % uit eigen "
        "kostenkengetallen van de corporaties en 25 % uit referentiekengetallen (Aedes of aanname, geïndexeerd). "
        "Kosten vallen in het jaar van oplevering of van de ingreep. " + EFG_SENTENCE)


def test_task_text_without_task():
    empty = pd.DataFrame({"cost_basis": [], "cost_eur": []})
    assert text.task_text(empty, RULES) == "De leveringen bevatten geen opgave binnen de projectieperiode."


# ---------------------------------------------------------------- intro

def test_intro_region_with_gap_breach_and_missing_finances():
    r = row(corporation="Parkstad", task_eur=828.5 * M, financeable_eur=677.0 * M, gap_eur=151.5 * M,
            first_breach_year=2027)
    got = text.intro_sentences(r, BASIS, buffer=0.1, horizon=2030, phase="q3", year=2026, scope_type="regio",
                               scope="Parkstad", unassessed=["ZO Wonen"])
    assert got == (
        "Rapportage Q3 bestuurlijke tussenrapportage, leveringsjaar 2026, scenario **Basis**, projectie tot en met "
        "2030, veiligheidsmarge 10 % van elke norm.\n"
        "\n"
        "- De opgave van de corporaties in Parkstad tot en met 2030 kost naar schatting **€ 828,5 mln**.\n"
        "- Binnen de normen (met buffer) is daarvan **€ 677,0 mln** te financieren; **€ 151,5 mln** niet: dat is "
        "het tekort.\n"
        "- Met de volledige opgave wordt een norm voor het eerst overschreden in **2027**.\n"
        "- Geen financiële gegevens geleverd door: ZO Wonen; hun opgave telt wel mee in de opgave, niet in het "
        "financierbare deel en het tekort.")


def test_intro_corporation_without_breach():
    got = text.intro_sentences(row(corporation="Weller", task_eur=160.3 * M, financeable_eur=160.3 * M), BASIS,
                               buffer=0.1, horizon=2030, phase="q2", year=2026, scope_type="corporatie",
                               scope="Weller")
    assert got == (
        "Rapportage Q2 realisatie, leveringsjaar 2026, scenario **Basis**, projectie tot en met 2030, "
        "veiligheidsmarge 10 % van elke norm.\n"
        "\n"
        "- De opgave van Weller tot en met 2030 kost naar schatting **€ 160,3 mln**.\n"
        "- Binnen de normen (met buffer) is daarvan **€ 160,3 mln** te financieren; **€ 0,0 mln** niet: dat is "
        "het tekort.\n"
        "- Met de volledige opgave wordt geen norm overschreden tot en met 2030.")


def test_intro_corporation_without_finances_in_a_what_if_scenario():
    """The corporation's own report does not repeat it in a list of corporations without figures."""
    r = row(corporation="Weller", task_eur=12 * M, financeable_eur=np.nan, gap_eur=np.nan)
    got = text.intro_sentences(r, FREEZE, buffer=0.05, horizon=2035, phase="q1", year=2026,
                               scope_type="corporatie", scope="Weller", unassessed=["Weller"])
    assert got == (
        "Rapportage Q1 prognose, leveringsjaar 2026, scenario **Huurbevriezing**, projectie tot en met 2035, "
        "veiligheidsmarge 5 % van elke norm. Dit scenario is een **wat-als**: het beschrijft geen geldend beleid.\n"
        "\n"
        "- De opgave van Weller tot en met 2035 kost naar schatting **€ 12,0 mln**.\n"
        "- Zonder financiële gegevens kan niet worden bepaald welk deel financierbaar is.")


def test_intro_without_row():
    got = text.intro_sentences(None, BASIS, buffer=0.1, horizon=2030, phase="q3", year=2026,
                               scope_type="corporatie", scope="Weller")
    assert got == "Geen financiële gegevens of opgave gevonden voor Weller in de levering 2026."


# ---------------------------------------------------------------- gap and room

def test_corporation_gap_text_with_gap():
    r = row(corporation="Vincio Wonen", task_eur=64.2 * M, financeable_eur=24.5 * M, gap_eur=39.7 * M,
            capacity_eur=0.0, binding_year=2028)
    assert text.corporation_gap_text(r, "Vincio Wonen") == (
        "Vincio Wonen kan € 24,5 mln van de opgave van € 64,2 mln binnen de normen (met buffer) financieren; het "
        "tekort is € 39,7 mln (bindend: LTV (beleidswaarde) in 2028). Leenruimte van een andere corporatie kan dit "
        "tekort niet dekken: elke corporatie heeft een eigen balans.")


def test_corporation_gap_text_with_room():
    r = row(corporation="Weller", task_eur=160.3 * M, financeable_eur=160.3 * M, capacity_eur=5.9 * M)
    assert text.corporation_gap_text(r, "Weller") == (
        "Weller kan de hele opgave van € 160,3 mln binnen de normen (met buffer) financieren; daarna blijft "
        "€ 5,9 mln leenruimte over (bindend: LTV (beleidswaarde) in 2030). Die ruimte staat hieronder als "
        "alternatieven.")


def test_corporation_gap_text_with_unlimited_room():
    r = row(corporation="Weller", task_eur=1 * M, financeable_eur=1 * M, capacity_eur=np.inf, binding_norm="",
            binding_year=None)
    assert text.corporation_gap_text(r, "Weller") == (
        "Weller kan de hele opgave van € 1,0 mln binnen de normen (met buffer) financieren; daarna begrenst geen "
        "norm de extra leenruimte. Die ruimte staat hieronder als alternatieven.")


def test_corporation_gap_text_without_finances_or_row():
    r = row(corporation="ZO Wonen", task_eur=10.1 * M, financeable_eur=np.nan, gap_eur=np.nan,
            binding_norm="geen_financien")
    assert text.corporation_gap_text(r, "ZO Wonen") == (
        "ZO Wonen heeft geen financiële gegevens geleverd; daarom is niet te bepalen welk deel van de opgave van "
        "€ 10,1 mln financierbaar is.")
    assert text.corporation_gap_text(None, "ZO Wonen") == "Voor ZO Wonen zijn geen financiële gegevens of opgave gevonden."


CAPACITY = pd.DataFrame([
    row(corporation="A", task_eur=20 * M, financeable_eur=14.5 * M, gap_eur=5.5 * M, capacity_eur=0.0,
        binding_norm="icr", binding_year=2027),
    row(corporation="B"),
    row(corporation="C", financeable_eur=np.nan, gap_eur=np.nan, binding_norm="geen_financien", binding_year=None),
    row(corporation="Parkstad", gap_eur=5.5 * M, binding_norm="", binding_year=None),
])


def test_gap_text_region_names_the_corporations_with_a_gap():
    assert text.gap_text(CAPACITY) == (
        "Een tekort hebben: A (€ 5,5 mln; bindend: ICR in 2027). De leenruimte van de ene corporatie kan het "
        "tekort van een andere niet dekken (elke corporatie heeft een eigen balans); het regionale tekort is daarom "
        "de som van de tekorten, niet de regionale opgave min de regionale ruimte.")


def test_gap_text_region_without_gap_or_without_finances():
    assert text.gap_text(CAPACITY[CAPACITY["corporation"] == "B"]) == (
        "Alle corporaties kunnen hun opgave binnen de normen (met buffer) financieren. De resterende ruimte staat "
        "hieronder als alternatieven.")
    assert text.gap_text(CAPACITY[CAPACITY["corporation"] == "C"]) == "Er zijn geen corporaties met financiële gegevens."


def test_gap_text_corporation_speaks_of_its_own_figures():
    assert text.gap_text(CAPACITY, "corporatie", "B") == (
        "B kan de hele opgave van € 10,0 mln binnen de normen (met buffer) financieren; daarna blijft € 2,0 mln "
        "leenruimte over (bindend: LTV (beleidswaarde) in 2030). Die ruimte staat hieronder als alternatieven.")


def test_freeze_text():
    cap = pd.DataFrame({"corporation": ["A", "A"], "scenario": ["basis", "huurbevriezing"],
                        "gap_eur": [10 * M, 12.5 * M]})
    assert text.freeze_text(cap, "A") == (
        "De huurbevriezing 2025-2026 is op 3 juni 2025 ingetrokken; de huren mochten per 1 juli 2025 stijgen. "
        "Het scenario laat zien wat een bevriezing zou hebben gedaan: het tekort zou € 2,5 mln groter zijn dan in "
        "het basisscenario.")
    assert text.freeze_text(cap[cap["scenario"] == "basis"], "A") == ""


# ---------------------------------------------------------------- display tables

def test_task_table_in_display_order_with_total():
    task = pd.DataFrame({"item": ["sloop", "efg_verbetering", "efg_verbetering"], "n_units": [2.0, 3.0, 1.0],
                         "cost_eur": [40000.0, 1.5 * M, 0.5 * M]})
    t = text.format_task_table(task)
    assert t.to_dict("list") == {"Onderdeel": ["verbetering EFG-woningen", "sloop", "totaal"],
                                 "Aantal woningen": ["4", "2", "–"],
                                 "Kosten": ["€ 2,0 mln", "€ 0,0 mln", "€ 2,0 mln"]}
