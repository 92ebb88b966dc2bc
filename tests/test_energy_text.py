"""The Dutch sentences of the energy report, checked word for word on hand-made registers.

Registers: ``H_ROWS`` of test_energy_headline (9 dwellings, its docstring gives the key figures),
``ROWS`` and ``GAS_ROWS`` of test_energy_labels. Reporting year 2026, deadline 2028.

Pace of ``H_ROWS`` (non-exempt EFG at the start and at the end of each year)::

    scope      start 2026 2027 2028   needed (start / 3)  planned mean 2026-2028  verdict (2028 / start)
    Parkstad     5     5    4    4    5/3 = 1,7            (0+1+0)/3 = 0,3          4/5 -> achter
    Weller       2     2    1    1    2/3 = 0,7            (0+1+0)/3 = 0,3          1/2 -> achter
    Kerkrade     2     2    2    2    2/3 = 0,7            (0+0+0)/3 = 0,0          2/2 -> achter

H3 (Weller, Kerkrade) is sold in 2028: a sale is not an improvement (afspraak 7), so it stays among the
EFG dwellings left at the end of 2028 (1 of them sold without improvement) and is no planned progress.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
from test_energy_headline import ROWS as H_ROWS
from test_energy_labels import GAS_AFTER, GAS_ROWS, ROWS, RULES, YEAR, make_register

from analysis import energy_labels as el
from analysis.energy_labels import text

CLAUSES = pd.DataFrame({
    "clause_id": ["heat_pump_2026"], "agreement_text": ["Vanaf 2026 de hybride warmtepomp als norm."],
    "agreement_source": ["afspraak 11, p. 10"], "status": ["Vervallen in 2024."], "status_date": ["2025-01-01"],
    "source": ["https://example.org/bron"]})


def result(rows=H_ROWS, scope_type="regio", scope="Parkstad", rules=RULES, gas_free_after=None):
    inputs = el.EnergyInputs(year=YEAR, stock=make_register(rows, gas_free_after), rules=rules, clauses=CLAUSES)
    return el.analyse(inputs, el.EnergyParams(scope_type, scope))


EXEMPT = "(monument, of sloop gepland uiterlijk 2033)"


def test_intro_region():
    assert text.text_intro(result()) == (
        "Op 1 januari 2026 hebben 8 van de 9 corporatiewoningen in de regio Parkstad (88,9 %) label E, F of G; "
        f"3 daarvan zijn vrijgesteld {EXEMPT}, dus de opgave is 5 woningen. Volgens plan resteren eind 2028 "
        "nog 4 niet-vrijgestelde EFG-woningen, waarvan 1 verkocht zonder verbetering (een verkoop is geen verbetering en telt niet als uitgefaseerd). Van de opgave moeten 4 woningen worden "
        "verbeterd; 1 wordt vóór eind 2028 gesloopt of verkocht. Nodig is gemiddeld 2 verbeteringen per jaar; "
        "gepland zijn er gemiddeld 0 per jaar tot en met 2028. Oordeel voor alle corporaties samen: **achter** (de norm geldt "
        "per corporatie; zie het oordeel per corporatie hieronder).")


def test_intro_corporation():
    assert text.text_intro(result(scope_type="corporatie", scope="Weller")) == (
        "Op 1 januari 2026 hebben 4 van de 4 corporatiewoningen van corporatie Weller (100,0 %) label E, F of G; "
        f"2 daarvan zijn vrijgesteld {EXEMPT}, dus de opgave is 2 woningen. Volgens plan resteren eind 2028 "
        "nog 1 niet-vrijgestelde EFG-woning, waarvan 1 verkocht zonder verbetering (een verkoop is geen verbetering en telt niet als uitgefaseerd). Van de opgave moet 1 woning worden verbeterd; "
        "1 wordt vóór eind 2028 gesloopt of verkocht. Nodig is gemiddeld 1 verbeteringen per jaar; gepland "
        "zijn er gemiddeld 0 per jaar tot en met 2028. Oordeel voor Weller: **achter**.")


def test_intro_municipality_says_whose_verdict_it_is():
    assert text.text_intro(result(scope_type="gemeente", scope="Kerkrade")) == (
        "Op 1 januari 2026 hebben 4 van de 5 corporatiewoningen in gemeente Kerkrade (80,0 %) label E, F of G; "
        f"2 daarvan zijn vrijgesteld {EXEMPT}, dus de opgave is 2 woningen. Volgens plan resteren eind 2028 "
        "nog 2 niet-vrijgestelde EFG-woningen, waarvan 1 verkocht zonder verbetering (een verkoop is geen verbetering en telt niet als uitgefaseerd). Van de opgave moet 1 woning worden "
        "verbeterd; 1 wordt vóór eind 2028 gesloopt of verkocht. Nodig is gemiddeld 1 verbeteringen per jaar; "
        "gepland zijn er gemiddeld 0 per jaar tot en met 2028. Oordeel voor de corporatiewoningen in gemeente Kerkrade (de "
        "woningen van alle corporaties in deze gemeente samen; de norm geldt per corporatie): **achter**.")


def test_intro_after_the_deadline():
    """Deadline 2025: the window runs to 2030; nothing counted has happened, 5 of 5 left -> achter."""
    r = result(rules=dataclasses.replace(RULES, deadline_year=2025))
    assert text.text_intro(r) == (
        "Op 1 januari 2026 hebben 8 van de 9 corporatiewoningen in de regio Parkstad (88,9 %) label E, F of G; "
        "3 daarvan zijn vrijgesteld (monument, of sloop gepland uiterlijk 2030), dus de opgave is 5 woningen. "
        "Het doeljaar 2025 is voorbij: er resteren nog 5 niet-vrijgestelde EFG-woningen. Oordeel voor alle "
        "corporaties samen: **achter** (de norm geldt per corporatie; zie het oordeel per corporatie hieronder).")


def test_intro_without_efg_dwellings():
    rows = [("N1", "Weller", "Heerlen", "B", False, None, None, None, True)]
    assert text.text_intro(result(rows)) == (
        "In het woningregister van 2026 staan in de regio Parkstad geen woningen met label E, F of G; "
        "er is geen opgave.")


def test_verdict_rule():
    base = ("**Oordeel**: *op koers* als volgens plan eind 2028 hooguit 0 % van de niet-vrijgestelde "
            "EFG-woningen van de start over is; *risico* als dat hooguit 10 % is; anders *achter*. Deze grenzen "
            "zijn een aanname van de analisten (zie het overzicht van aannames).")
    assert text.text_verdict_rule(RULES) == base
    assert text.text_verdict_rule(RULES, "gemeente") == base + (
        " De norm geldt per corporatie; het oordeel voor een gemeente telt de woningen van alle corporaties in "
        "die gemeente samen.")


def test_trajectory_legend():
    assert text.text_trajectory_legend(RULES) == (
        "*EFG resterend*: nog label E, F of G, niet vrijgesteld (ook woningen waarvan de geplande ingreep het "
        "label in E, F of G laat, en verkochte woningen: een verkoop is geen verbetering). *Verbeterd*, "
        "*gesloopt* en *verkocht zonder verbetering* (een deel van EFG resterend) zijn opgeteld sinds 1 januari "
        "van het rapportagejaar. *Nodig per jaar*: wat er vanaf dat jaar gelijkmatig moet gebeuren om eind 2028 op nul "
        "te komen; *gepland in jaar*: de geplande afname in dat jaar.")


def test_map_note_per_scope():
    assert text.text_map_note(result()) == "De kaart toont de woningen van alle corporaties, per gemeente."
    assert text.text_map_note(result(scope_type="corporatie", scope="Weller")) == (
        "De kaart toont alleen de woningen van Weller; een grijze gemeente heeft geen woningen van Weller.")
    # Kerkrade: H3 H4 H7 H9 of H3 H4 H7 H8 H9 have an EFG label: 4 / 5
    assert text.text_map_note(result(scope_type="gemeente", scope="Kerkrade")) == (
        "De kaart is regionaal: alle corporaties samen. Ze toont alle gemeenten, met gemeente Kerkrade "
        "omlijnd. In Kerkrade heeft 80,0 % van de corporatiewoningen label E, F of G.")


def test_problems_counts_only():
    # ROWS: V10, V11 and V13 (all HEEMwonen) have a problem
    assert text.text_problems(result(ROWS)) == (
        "Bij 3 woningen past de geplande ingreep niet bij het register (zie de tabel). Deze ingrepen zijn "
        "**niet** meegeteld: de woning telt zoals ze in het register staat. De lijst met VHE-nummers gaat alleen "
        "naar de leverende corporatie, niet in dit rapport.")
    assert text.text_problems(result(ROWS, "corporatie", "Weller")) == (
        "In de levering zijn geen tegenstrijdige geplande ingrepen gevonden.")


GAS_START = "Op 1 januari 2026 waren 2 van de 6 corporatiewoningen in de regio Parkstad aardgasvrij (33,3 %). "


def test_gas_free_with_plans():
    """GAS_ROWS: G1 ja (switches 2027), G4 nee, G5 unknown; end 2030 2 of 5 gas-free, 1 switched."""
    assert text.text_gas_free(result(GAS_ROWS, gas_free_after=GAS_AFTER)) == GAS_START + (
        "Van de 3 geplande renovaties en verduurzamingen maakt er 1 de woning aardgasvrij. Volgens de plannen "
        "zijn eind 2030 2 woningen aardgasvrij (40,0 %), waarvan 1 door een geplande ingreep (sloop en verkoop "
        "zijn afgetrokken). Bij 1 geplande ingreep is niet opgegeven of de woning daarna aardgasvrij is; die is "
        "geteld als niet aardgasvrij, dus de groei is mogelijk groter.")


def test_gas_free_unknown():
    assert text.text_gas_free(result(GAS_ROWS)) == GAS_START + (
        "Bij geen van de 3 geplande renovaties en verduurzamingen staat in het register of de woning daarna "
        "aardgasvrij is (kolom 'aardgasvrij na ingreep' leeg, of afwezig in een oudere levering). De geplande "
        "groei van aardgasvrij is daarom **onbekend**: de cijfers hieronder rekenen zonder omschakeling en dalen "
        "alleen door sloop en verkoop.")


def test_gas_free_without_improvements():
    assert text.text_gas_free(result(GAS_ROWS[1:3])) == (
        "Op 1 januari 2026 waren 2 van de 2 corporatiewoningen in de regio Parkstad aardgasvrij (100,0 %). "
        "Er zijn geen renovaties of verduurzamingen gepland; een groei van aardgasvrij is niet gepland.")


def test_clauses():
    assert text.text_clauses(CLAUSES) == (
        "> Vanaf 2026 de hybride warmtepomp als norm.\n\n*Vindplaats:* afspraak 11, p. 10.\n\n"
        "**Stand van zaken (2025-01-01):** Vervallen in 2024. *Bron:* https://example.org/bron")


def test_display_headline_of_the_scope():
    d = text.display_headline(result(scope_type="corporatie", scope="Weller"))
    # start 4, exempt 2, task 2, left end 2028 1 (H3 sold, not improved), of which sold 1, exempt 2, improved 1,
    # demolished 0, to improve 1
    assert d["woningen"].tolist() == ["4", "2", "2", "1", "1", "2", "1", "0", "1"]
    assert d["kerncijfer"].iloc[0] == "label E, F of G op 1 januari 2026"
    assert d["kerncijfer"].iloc[-1] == "te verbeteren (opgave zonder sloop of verkoop tot en met 2028)"


def test_captions_name_the_scope():
    r = result(scope_type="gemeente", scope="Kerkrade")
    assert text.caption_pace(r) == "Tempo en oordeel per corporatie: hun woningen in gemeente Kerkrade"
    assert text.caption_headline(r) == "Kerncijfers EFG-woningen in gemeente Kerkrade (levering 2026)"
    assert text.caption_pace(result(scope_type="corporatie", scope="Weller")) == (
        "Tempo en oordeel per gemeente: de woningen van Weller")
    assert text.caption_pace(result()) == "Tempo en oordeel per corporatie en per gemeente"
    assert text.caption_trajectory(r) == (
        "EFG-woningen in gemeente Kerkrade aan het eind van elk jaar (stand van de plannen, levering 2026)")
    assert text.caption_future(r) == "Toekomstklare en aardgasvrije woningen in gemeente Kerkrade"
    assert text.caption_problems(r) == "Dataproblemen per corporatie (aantal woningen in gemeente Kerkrade)"
