"""Sentences that state a conclusion, not covered by an analysis' own text tests: each written out by hand."""

from __future__ import annotations

from types import SimpleNamespace

from analysis.energy_labels import text as energy_text
from analysis.monitoring import text as monitor_text
from analysis.portfolio import words


def test_energy_verdict_says_whose_verdict_it_is():
    corp = SimpleNamespace(scope_type="corporatie", scope="Weller")
    assert energy_text.text_verdict_for(corp, "risico") == "Oordeel voor Weller: **risico**."
    mun = SimpleNamespace(scope_type="gemeente", scope="Heerlen")
    assert energy_text.text_verdict_for(mun, "achter") == (
        "Oordeel voor de corporatiewoningen in gemeente Heerlen (de woningen van alle corporaties in deze gemeente "
        "samen; de norm geldt per corporatie): **achter**.")
    region = SimpleNamespace(scope_type="regio", scope="Parkstad")
    assert energy_text.text_verdict_for(region, "op koers") == (
        "Oordeel voor alle corporaties samen: **op koers** (de norm geldt per corporatie; zie het oordeel per "
        "corporatie hieronder).")


def test_monitor_without_last_years_delivery():
    assert monitor_text.accuracy_missing_sentence(2026) == (
        "Er is geen levering van 2025; de prognose kan niet worden vergeleken.")


def test_portfolio_remarks_on_missing_deliveries():
    assert words.remark_corporations_missing(2) == "onvolledig: 2 corporatie(s) zonder levering"
    assert words.remark_region_incomplete(["Weller"], ["Heerlen", "Kerkrade"]) == (
        "onvolledig: zonder levering van Weller; zonder marktplannen van Heerlen, Kerkrade")
    assert words.remark_region_incomplete([], []) == ""


def test_portfolio_missing_data_lines():
    assert words.missing_mutations("realisatie", 2025) == "geen realisatiecijfers voor voorraadmutaties in 2025"
    assert words.missing_rejected(3, "projecten") == "3 rij(en) afgewezen bij validatie en niet meegeteld (projecten)"
    assert words.missing_overdue(2025, "hard") == (
        "oplevering 2025 verwacht maar status 'hard': telt als gepland, niet als gerealiseerd")
    assert words.missing_early(2027, 2026) == "status opgeleverd maar opleverjaar 2027 ligt na 2026"


def test_portfolio_phase_intro():
    assert words.phase_intro("q2", 2026) == (
        "Q2, realisatie: de nadruk ligt op wat in 2025 en eerder daadwerkelijk is opgeleverd, ingepond, gesloopt "
        "en verkocht.")
    assert words.phase_intro("q3", 2026) == (
        "Q3, bestuurlijke tussenrapportage: realisatie tot en met 2025 en prognose vanaf 2026 samen.")
