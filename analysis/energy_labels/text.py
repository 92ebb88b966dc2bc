"""The Dutch text of the energy report: sentences, captions and display tables.

Every figure in a sentence comes from the result (years and thresholds from the rules, never a
literal); numbers are formatted the Dutch way (:mod:`analysis.formatting`).
"""

from __future__ import annotations

import pandas as pd

from analysis.formatting import format_frame, format_percent
from analysis.formatting import format_number as n
from analysis.missing import join_names
from analysis.outputs import REGIONAL_MARK
from analysis.rules.efg import EnergyRules
from analysis.rules.scopes import scope_phrase, select_scope_rows

from .analyse import EnergyResult

#: The dwellings still to be dealt with at a moment, as a noun for :func:`dwellings`.
REMAINING = "niet-vrijgestelde EFG-woning"

DUTCH_HEADERS = {
    "year": "jaar (eind)", "efg_remaining": "EFG resterend", "exempt": "vrijgesteld", "improved": "verbeterd",
    "demolished": "gesloopt", "sold": "waarvan verkocht zonder verbetering", "needed_per_year": "nodig per jaar",
    "planned_per_year": "gepland in jaar", "verdict": "oordeel", "scope": "", "corporation": "corporatie",
    "municipality": "gemeente", "efg_remaining_start": "opgave bij start",
    "efg_remaining_deadline": "resterend eind doeljaar", "problem": "probleem", "description": "omschrijving",
    "n_dwellings": "woningen", "n_stock": "woningen", "n_toekomstklaar": "toekomstklaar",
    "n_gas_free": "aardgasvrij", "share_toekomstklaar": "aandeel toekomstklaar", "share_gas_free": "aandeel aardgasvrij",
    "n_gas_free_switched": "waarvan aardgasvrij gemaakt", "scope_type": "soort",
}


def format_labels(labels: tuple[str, ...]) -> str:
    """``("E", "F", "G") -> "E, F of G"``."""
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} of {labels[-1]}"


def count_noun(count: int, singular: str, plural: str) -> str:
    """``(1, "ingreep", "ingrepen") -> "1 ingreep"``; ``(1500, ...) -> "1.500 ingrepen"``."""
    return f"{n(count)} {singular if count == 1 else plural}"


def dwellings(count: int, noun: str = "woning") -> str:
    """``1 -> "1 woning"``, ``2 -> "2 woningen"``; ``noun`` e.g. "niet-vrijgestelde EFG-woning"."""
    return count_noun(count, noun, noun + "en")


def scope_in(scope_type: str, scope: str) -> str:
    """Where the dwellings are: "in de regio ...", "in gemeente Heerlen", "van corporatie Weller"."""
    return ("van " if scope_type == "corporatie" else "in ") + scope_phrase(scope_type, scope)


def text_verdict_for(r: EnergyResult, verdict: str) -> str:
    """The verdict sentence, saying whose verdict it is (the norm holds per corporation)."""
    if r.scope_type == "corporatie":
        return f"Oordeel voor {r.scope}: **{verdict}**."
    if r.scope_type == "gemeente":
        return (f"Oordeel voor de corporatiewoningen in gemeente {r.scope} (de woningen van alle corporaties in "
                f"deze gemeente samen; de norm geldt per corporatie): **{verdict}**.")
    return (f"Oordeel voor alle corporaties samen: **{verdict}** (de norm geldt per corporatie; zie het oordeel "
            "per corporatie hieronder).")


UNKNOWN = "zijn daarom onbekend: dit rapport toont er geen cijfers over, ook geen nul."


def text_no_register(r: EnergyResult) -> str | None:
    """What is missing when the scope has no dwelling in the register (None when it has)."""
    if r.n_stock:
        return None
    if r.scope_type == "corporatie":
        return (f"{r.scope} heeft voor {r.year} geen woningregister geleverd (het blad voorraad ontbreekt of is "
                f"leeg). De energielabels en EFG-woningen van {r.scope} {UNKNOWN}")
    if r.scope_type == "gemeente":
        without = f" (geen register van {join_names(r.missing_registers)})" if r.missing_registers else ""
        return (f"In de geleverde woningregisters staan geen corporatiewoningen in gemeente {r.scope}{without}. "
                f"De energielabels en EFG-woningen in deze gemeente {UNKNOWN}")
    return (f"Geen enkele corporatie heeft voor {r.year} een woningregister geleverd. De energielabels en "
            f"EFG-woningen in de regio {UNKNOWN}")


def text_missing_registers(r: EnergyResult) -> str:
    """Which corporations' dwellings are not in a region's or municipality's figures ("" when none)."""
    if r.scope_type == "corporatie" or not r.missing_registers or not r.n_stock:
        return ""
    return (f"**Let op:** geen woningregister van {join_names(r.missing_registers)}; hun woningen tellen in "
            "dit rapport niet mee (ook niet als nul).")


def note_missing(r: EnergyResult, what: str) -> str:
    """Why a table or figure is not there: ``what`` (e.g. "Geen traject") and the reason, briefly.

    >>> # no register:  "Geen traject: er is geen woningregister (zie boven)."
    >>> # no E/F/G:     "Geen traject: er zijn van corporatie Weller geen woningen met label E, F of G."
    """
    if not r.n_stock:
        return f"{what}: er is geen woningregister (zie boven)."
    return (f"{what}: er zijn {scope_in(r.scope_type, r.scope)} geen woningen met label "
            f"{format_labels(r.rules.efg_labels)}.")


def text_intro(r: EnergyResult) -> str:
    """Dutch opening paragraph: the key figures of the scope and its verdict."""
    rules, where = r.rules, scope_in(r.scope_type, r.scope)
    labels = format_labels(rules.efg_labels)
    if not r.n_stock:
        return text_no_register(r)
    missing = text_missing_registers(r)
    missing = f"\n\n{missing}" if missing else ""
    if r.efg_kerncijfers.empty:
        return (f"In het woningregister van {r.year} staan {where} geen woningen met label {labels}; "
                "er is geen opgave." + missing)
    k = r.efg_kerncijfers.iloc[0]
    p = select_scope_rows(r.pace, r.scope_type, r.scope).iloc[0]
    share = format_percent(k["efg_start"] / r.n_stock) if r.n_stock else "–"
    deadline = rules.deadline_year
    has = "heeft" if k["efg_start"] == 1 else "hebben"
    are = "is" if k["exempt_now"] == 1 else "zijn"
    text = (f"Op 1 januari {r.year} {has} {n(k['efg_start'])} van de {n(r.n_stock)} corporatiewoningen {where} "
            f"({share}) label {labels}; {n(k['exempt_now'])} daarvan {are} vrijgesteld (monument, of sloop gepland "
            f"uiterlijk {deadline + rules.demolition_window_years}), dus de opgave is "
            f"{dwellings(int(k['efg_now']))}. ")
    if deadline < r.year:
        return text + (f"Het doeljaar {deadline} is voorbij: er resteren nog "
                       f"{dwellings(int(k['efg_remaining_deadline']), REMAINING)}. "
                       + text_verdict_for(r, p["verdict"])) + missing
    gone, to_improve = int(k["efg_now"] - k["to_improve"]), int(k["to_improve"])
    sold = int(k["sold_deadline"])
    sold_part = (f", waarvan {n(sold)} verkocht zonder verbetering (een verkoop is geen verbetering en telt "
                 "niet als uitgefaseerd)" if sold else "")
    text += (f"Volgens plan resteren eind {deadline} nog {dwellings(int(k['efg_remaining_deadline']), REMAINING)}"
             f"{sold_part}. "
             f"Van de opgave {'moet' if to_improve == 1 else 'moeten'} {dwellings(to_improve)} worden verbeterd")
    text += (f"; {n(gone)} {'wordt' if gone == 1 else 'worden'} vóór eind {deadline} gesloopt of verkocht. "
             if gone else ". ")
    # dwellings per year are whole dwellings (issue 16: no "1.028,7 per jaar")
    text += (f"Nodig is gemiddeld {n(p['needed_per_year'])} verbeteringen per jaar; gepland zijn er gemiddeld "
             f"{n(p['planned_per_year'])} per jaar tot en met {deadline}. ")
    return text + text_verdict_for(r, p["verdict"]) + missing


def text_verdict_rule(rules: EnergyRules, scope_type: str = "regio") -> str:
    """The verdict rule in plain Dutch (numbers from the reference data)."""
    text = (
        f"**Oordeel**: *op koers* als volgens plan eind {rules.deadline_year} hooguit "
        f"{format_percent(rules.on_track_max_remaining_share, 0)} van de niet-vrijgestelde EFG-woningen van de "
        f"start over is; *risico* als dat hooguit {format_percent(rules.risk_max_remaining_share, 0)} is; anders "
        "*achter*. Deze grenzen zijn een aanname van de analisten (zie het overzicht van aannames).")
    if scope_type == "gemeente":
        text += (" De norm geldt per corporatie; het oordeel voor een gemeente telt de woningen van alle "
                 "corporaties in die gemeente samen.")
    return text


def text_trajectory_legend(rules: EnergyRules) -> str:
    """What the columns of the trajectory table mean (deadline year from the rules)."""
    return (
        f"*EFG resterend*: nog label {format_labels(rules.efg_labels)}, niet vrijgesteld (ook woningen waarvan "
        f"de geplande ingreep het label in {format_labels(rules.efg_labels)} laat, en verkochte woningen: een "
        "verkoop is geen verbetering). *Verbeterd*, *gesloopt* en *verkocht zonder verbetering* (een deel van "
        "EFG resterend) zijn opgeteld sinds 1 januari van het rapportagejaar. *Nodig per jaar*: wat er vanaf dat jaar "
        f"gelijkmatig moet gebeuren om eind {rules.deadline_year} op nul te komen; *gepland in jaar*: de geplande "
        "afname in dat jaar.")


def text_map_note(r: EnergyResult) -> str:
    """Whose dwellings the EFG map shows ("" when there is no map)."""
    if r.efg_share.empty:
        return ""
    if r.scope_type == "corporatie":
        return (f"De kaart toont alleen de woningen van {r.scope}; een grijze gemeente heeft geen woningen "
                f"van {r.scope}.")
    if r.scope_type == "gemeente":
        own = r.efg_share[r.efg_share["municipality"] == r.scope]["efg_share"]
        text = (f"De kaart is {REGIONAL_MARK}: {r.efg_share_regional}. Ze toont alle gemeenten, met gemeente "
                f"{r.scope} omlijnd. ")
        if own.empty:
            return text + f"In de geleverde registers staan geen corporatiewoningen in {r.scope}."
        return text + (f"In {r.scope} heeft {format_percent(own.iloc[0])} van de corporatiewoningen label "
                       f"{format_labels(r.rules.efg_labels)}.")
    return "De kaart toont de woningen van alle corporaties, per gemeente."


def text_problems(r: EnergyResult) -> str:
    """Dutch sentence on the data problems (counts only)."""
    total = r.n_problem_dwellings
    if not r.n_stock:
        return "Er is geen register, dus ook niets te controleren op tegenstrijdige geplande ingrepen."
    if total == 0:
        return "In de levering zijn geen tegenstrijdige geplande ingrepen gevonden."
    return (
        f"Bij {dwellings(total)} past de geplande ingreep niet bij het register (zie de tabel). Deze ingrepen "
        "zijn **niet** meegeteld: de woning telt zoals ze in het register staat. De lijst met VHE-nummers gaat "
        "alleen naar de leverende corporatie, niet in dit rapport."
    )


def text_gas_free(r: EnergyResult) -> str:
    """Dutch paragraph on gas-free dwellings now and their planned growth (scope of the report).

    Says explicitly when the register does not give ``aardgasvrij na ingreep`` for (some of) the
    planned improvements: those count as no switch.
    """
    where = scope_in(r.scope_type, r.scope)
    f = select_scope_rows(r.future_stock, r.scope_type, r.scope)
    g = select_scope_rows(r.gas_free_plans, r.scope_type, r.scope)
    if f.empty:
        return text_no_register(r) or f"Het register bevat {where} geen woningen."
    start, end = f.iloc[0], f.iloc[-1]
    text = (f"Op 1 januari {r.year} waren {n(start['n_gas_free'])} van de {n(start['n_stock'])} "
            f"corporatiewoningen {where} aardgasvrij ({format_percent(start['share_gas_free'])}). ")
    p = g.iloc[0] if len(g) else None
    n_imp = int(p["n_improvements"]) if p is not None else 0
    if n_imp == 0:
        return text + "Er zijn geen renovaties of verduurzamingen gepland; een groei van aardgasvrij is niet gepland."
    n_unknown, n_to = int(p["n_unknown"]), int(p["n_to_gas_free"])
    if n_unknown == n_imp - int(p["n_already_gas_free"]) and n_to == 0 and n_unknown > 0:
        return text + (
            f"Bij geen van de {n(n_imp)} geplande renovaties en verduurzamingen staat in het register of de woning "
            "daarna aardgasvrij is (kolom 'aardgasvrij na ingreep' leeg, of afwezig in een oudere levering). "
            "De geplande groei van aardgasvrij is daarom **onbekend**: de cijfers hieronder rekenen zonder "
            "omschakeling en dalen alleen door sloop en verkoop.")
    text += (f"Van de {count_noun(n_imp, 'geplande renovatie of verduurzaming', 'geplande renovaties en verduurzamingen')} "
             f"{'maakt' if n_to == 1 else 'maken'} er {n(n_to)} de woning aardgasvrij. "
             f"Volgens de plannen zijn eind {int(end['year'])} {n(end['n_gas_free'])} woningen aardgasvrij "
             f"({format_percent(end['share_gas_free'])}), waarvan {n(end['n_gas_free_switched'])} door een "
             "geplande ingreep (sloop en verkoop zijn afgetrokken).")
    if n_unknown:
        text += (f" Bij {count_noun(n_unknown, 'geplande ingreep', 'geplande ingrepen')} is niet opgegeven of de "
                 f"woning daarna aardgasvrij is; {'die is' if n_unknown == 1 else 'die zijn'} geteld als niet "
                 "aardgasvrij, dus de groei is mogelijk groter.")
    return text


def text_clauses(clauses: pd.DataFrame) -> str:
    """The agreement's energy clauses with their current status, as Dutch markdown."""
    parts = []
    for _, c in clauses.iterrows():  # a handful of reference rows, not register rows
        parts.append(f"> {c['agreement_text']}\n\n*Vindplaats:* {c['agreement_source']}.\n\n"
                     f"**Stand van zaken ({c['status_date']}):** {c['status']} *Bron:* {c['source']}")
    return "\n\n---\n\n".join(parts)


# --------------------------------------------------------------------------------------------
# Captions and display tables
# --------------------------------------------------------------------------------------------


def caption_headline(r: EnergyResult) -> str:
    return f"Kerncijfers EFG-woningen {scope_in(r.scope_type, r.scope)} (levering {r.year})"


def caption_trajectory(r: EnergyResult) -> str:
    return (f"EFG-woningen {scope_in(r.scope_type, r.scope)} aan het eind van elk jaar "
            f"(stand van de plannen, levering {r.year})")


def caption_pace(r: EnergyResult) -> str:
    if r.scope_type == "corporatie":
        return f"Tempo en oordeel per gemeente: de woningen van {r.scope}"
    if r.scope_type == "gemeente":
        return f"Tempo en oordeel per corporatie: hun woningen in gemeente {r.scope}"
    return "Tempo en oordeel per corporatie en per gemeente"


def caption_future(r: EnergyResult) -> str:
    return f"Toekomstklare en aardgasvrije woningen {scope_in(r.scope_type, r.scope)}"


def caption_problems(r: EnergyResult) -> str:
    return f"Dataproblemen per corporatie (aantal woningen {scope_in(r.scope_type, r.scope)})"


def display_headline(r: EnergyResult) -> pd.DataFrame:
    """The scope's key figures as a two-column table (kerncijfer, woningen)."""
    if r.efg_kerncijfers.empty:
        return pd.DataFrame({"kerncijfer": [], "woningen": []})
    k, dl = r.efg_kerncijfers.iloc[0], r.rules.deadline_year
    labels = format_labels(r.rules.efg_labels)
    rows = [
        (f"label {labels} op 1 januari {r.year}", k["efg_start"]),
        ("waarvan vrijgesteld (monument, sloop binnen de termijn)", k["exempt_now"]),
        ("opgave: niet vrijgesteld", k["efg_now"]),
        (f"resterend eind {dl} volgens plan (niet vrijgesteld, niet verbeterd)", k["efg_remaining_deadline"]),
        (f"waarvan verkocht zonder verbetering tot en met {dl}", k["sold_deadline"]),
        (f"vrijgesteld eind {dl}", k["exempt_deadline"]),
        (f"verbeterd tot en met {dl}", k["improved_deadline"]),
        (f"gesloopt tot en met {dl}", k["demolished_deadline"]),
        (f"te verbeteren (opgave zonder sloop of verkoop tot en met {dl})", k["to_improve"]),
    ]
    return pd.DataFrame({"kerncijfer": [a for a, _ in rows], "woningen": [n(b) for _, b in rows]})


def display_trajectory(r: EnergyResult) -> pd.DataFrame:
    """The scope's trajectory with Dutch headers and number formatting."""
    t = select_scope_rows(r.efg_trajectory, r.scope_type, r.scope)
    f = format_frame(t, {c: "int" for c in ("efg_remaining", "exempt", "improved", "demolished", "sold",
                                               "planned_per_year", "needed_per_year")})
    return f.drop(columns=["scope_type", "scope"]).rename(columns=DUTCH_HEADERS)


def display_pace(r: EnergyResult, part_type: str | None = None) -> pd.DataFrame:
    """Pace and verdict of the scope's own dwellings per part (all parts when ``part_type`` is None)."""
    types = (part_type,) if part_type else r.part_types
    p = r.part_pace[r.part_pace["scope_type"].isin(types)]
    if len(types) == 1:
        p = p.drop(columns="scope_type")
    f = format_frame(p, {"efg_remaining_start": "int", "efg_remaining_deadline": "int",
                         "needed_per_year": "int", "planned_per_year": "int"})
    name = types[0] if len(types) == 1 else "naam"  # the header says what the rows are
    return f.rename(columns=DUTCH_HEADERS | {"scope": name}).reset_index(drop=True)


def display_problems(r: EnergyResult) -> pd.DataFrame:
    """Data problems per corporation (counts; no dwelling ids)."""
    s = format_frame(r.problems_summary.drop(columns="problem"), {"n_dwellings": "int"})
    return s.rename(columns=DUTCH_HEADERS)


def display_future(r: EnergyResult) -> pd.DataFrame:
    """Toekomstklaar and gas-free dwellings of the scope at the start and end of each year."""
    f = select_scope_rows(r.future_stock, r.scope_type, r.scope).drop(columns=["scope_type", "scope"])
    f["year"] = [f"1-1-{y + 1}" if i == 0 else f"eind {y}" for i, y in enumerate(f["year"])]
    f = format_frame(f, {"n_stock": "int", "n_toekomstklaar": "int", "n_gas_free": "int",
                         "n_gas_free_switched": "int", "share_toekomstklaar": "pct", "share_gas_free": "pct"})
    return f.rename(columns=DUTCH_HEADERS | {"year": "moment"})
