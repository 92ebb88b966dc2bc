"""Every Dutch sentence of analysis 1, and (re-exported) its words and display tables.

Sentences take small frames (or values) and return Markdown. A party (a municipality or a
corporation) is never given a verdict against a regional target: its text says "bijdrage aan
het regionale doel". The display tables live in :mod:`analysis.portfolio.display`, the shared
words and remarks in :mod:`analysis.portfolio.words`; both are importable from here.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.forecast.text import TargetChance, describe_chance, shock_sentence
from analysis.formatting import format_number, format_percent
from analysis.portfolio.display import (  # noqa: F401  (re-exported: text.display_*)
    display_developer_table,
    display_gap_table,
    display_inponding_table,
    display_missing_table,
    display_outcome_table,
    display_pace_table,
    display_probability_table,
    display_reconciliation_table,
    display_sales_table,
    display_stock_change_table,
    format_developer_table,
    format_gap_table,
    format_inponding_table,
    format_missing_table,
    format_pace_table,
    format_probability_table,
    format_reconciliation_table,
    format_sales_table,
    format_stock_change_table,
)
from analysis.portfolio.stock import summarise_inponding
from analysis.portfolio.words import (  # noqa: F401  (re-exported)
    ALL_CORPORATIONS,
    ALL_DELIVERIES,
    STATUS_LABELS,
    format_mean,
    format_probability,
    join_names,
    phase_intro,
    regional_mark,
    select_phase_years,
    target_label,
)
from analysis.rules.scopes import is_region, scope_phrase

NO_RECONCILIATION = ("Niets te vergelijken: de plancapaciteit van de gemeenten noemt hier geen corporatieplannen en "
                     "de corporaties leveren hier geen lopende projecten.")


def note_missing(result, what: str) -> str:
    """Why a figure of the report is not there: nothing delivered for the scope, or nothing to show.

    ``result``: a :class:`~analysis.portfolio.pipeline.PortfolioResult`; ``what``: e.g. "Geen figuur".
    """
    where = scope_phrase(result.scope_type, result.scope)
    gap = result.gap_scope
    if len(gap) and gap["realised"].isna().all():
        return f"{what}: voor {where} is niets geleverd, de cijfers zijn onbekend (zie 'Wat ontbreekt of is afgewezen')."
    return f"{what}: er zijn voor {where} geen plannen of cijfers om te tonen (zie 'Wat ontbreekt of is afgewezen')."


def intro_text(phase: str, year: int, scope_type: str, scope: str) -> str:
    """Opening paragraph: scope, phase emphasis and how targets are shown outside the region."""
    text = f"Deze rapportage gaat over **{scope_phrase(scope_type, scope)}**, leveringsjaar {year}. "
    text += phase_intro(phase, year)
    if not is_region(scope_type):
        text += (" De Woondeal-doelen zijn regionaal afgesproken; er is geen verdeling over gemeenten of "
                 "corporaties. Daarom staat bij deze rapportage geen eigen doel, maar de bijdrage aan het "
                 "regionale doel.")
    return text


def chance_lookup(chances: pd.DataFrame | None) -> dict:
    """``{(scope_type, scope, target_id): chance row}`` of :attr:`PortfolioResult.chances` (empty for None)."""
    if chances is None or chances.empty:
        return {}
    return {(r["scope_type"], r["scope"], r["target_id"]): r for _, r in chances.iterrows()}


def _said_chance(r: pd.Series, chance: pd.Series | None, words: pd.DataFrame | None) -> str:
    """``"zeer onwaarschijnlijk (4 %)"``; "0 %" or "100 %" only when the plans decide it, with the reason."""
    exact = bool(chance is not None and chance["exact"])
    tc = TargetChance(float(r["p_target_met"]), exact, chance["reason"] if exact else "")
    return describe_chance(tc, words) if words is not None else format_probability(r["p_target_met"])


def chance_text(r: pd.Series, chance: pd.Series | None, words: pd.DataFrame | None, *,
                with_shock: bool = True) -> str:
    """The chance a target is met in words, with the expectation and its 10-90 % band, and what drives it.

    ``"zeer onwaarschijnlijk (4 %)"``; "0 %" or "100 %" only when the plans decide it, with the
    reason (:func:`analysis.forecast.text.chance_of_target`). ``with_shock=False`` leaves out the
    sentence on the shared shock (:func:`analysis.forecast.text.shock_sentence`), said once elsewhere.
    """
    text = (f"kans dat het doel gehaald wordt: {_said_chance(r, chance, words)}. Verwacht na vertraging en "
            f"planuitval {format_number(r['expected'])} woningen, met 80 % kans tussen "
            f"{format_number(r['expected_p10'])} en {format_number(r['expected_p90'])}.")
    drivers = chance["drivers"] if chance is not None and chance["drivers"] else ""
    if not with_shock:
        drivers = drivers.replace(shock_sentence(), "").strip()
    return f"{text} {drivers}" if drivers else text


def verdict_sentences(gap_scope: pd.DataFrame, chances: pd.DataFrame | None = None,
                      words: pd.DataFrame | None = None) -> str:
    """The verdict box: per target one short line (doel, opgeleverd + gepland, verwacht with band, kans).

    The full account (inponding, what drives the shortfall) is :func:`gap_sentences`, in the report body.
    """
    lookup = chance_lookup(chances)
    lines = []
    for _, r in gap_scope.iterrows():
        label = target_label(r["segment"], r["period_start"], r["period_end"])
        if pd.isna(r["realised"]):
            lines.append(f"- **{label}**: geen cijfers (geen levering).")
            continue
        planned = r["planned_hard"] + r["planned_soft"]
        done = f"{format_number(r['realised'])} opgeleverd, {format_number(planned)} gepland"
        if pd.notna(r["target"]):
            chance = lookup.get((r.get("scope_type"), r.get("scope"), r.get("target_id")))
            lines.append(f"- **{label}**: doel {format_number(r['target'])}; {done}; verwacht "
                         f"{format_number(r['expected'])} (80 % kans tussen {format_number(r['expected_p10'])} en "
                         f"{format_number(r['expected_p90'])}); kans dat het doel gehaald wordt: "
                         f"{_said_chance(r, chance, words)}.")
        else:
            lines.append(f"- **{label}**: {done}; bijdrage aan het regionale doel van "
                         f"{format_number(r['regional_target'])}: {format_percent(r['share_of_regional_target'], 1)}.")
    return "\n".join(lines) if lines else "Geen doelen gevonden in de referentiedata."


def outcome_sentence(note: str) -> str:
    """Which chances the simulation used (:func:`analysis.forecast.outcome_parameters_for`), without file names."""
    text = re.sub(r"\s*\((?:zie\s+)?[\w./-]+\.csv\)", "", note or "")
    return re.sub(r"\s*[\w./-]+\.csv", "", text).strip()


def gap_sentences(gap_scope: pd.DataFrame, chances: pd.DataFrame | None = None,
                  words: pd.DataFrame | None = None) -> str:
    """One bullet per target: realised + planned, then the gap and chance (region) or the contribution.

    ``chances`` (:attr:`PortfolioResult.chances`) and ``words`` (``probability_words.csv``) put
    the chance in words with its band and what drives it; without them the chance is a percentage.
    """
    lookup = chance_lookup(chances)
    lines, shocked = [], False
    for _, r in gap_scope.iterrows():
        label = target_label(r["segment"], r["period_start"], r["period_end"])
        if pd.isna(r["realised"]):
            lines.append(f"- **{label}**: geen cijfers (geen levering).")
            continue
        total = r["realised"] + r["planned_hard"] + r["planned_soft"]
        base = (f"- **{label}**: {format_number(r['realised'])} opgeleverd en {format_number(total - r['realised'])}"
                f" gepland, waarvan {format_number(r['planned_hard'])} hard of in aanbouw")
        base += _inponding_part(r)
        if pd.notna(r["target"]):
            rest = ("een restopgave van " + format_number(r["gap"]) if r["gap"] > 0
                    else "een overschot van " + format_number(-r["gap"]))
            chance = lookup.get((r.get("scope_type"), r.get("scope"), r.get("target_id")))
            base += (f"; doel {format_number(r['target'])}, dus {rest} als álle plannen op tijd doorgaan; "
                     + chance_text(r, chance, words, with_shock=False))
            shocked = shocked or bool(chance is not None and shock_sentence() in str(chance["drivers"]))
        else:
            base += (f"; bijdrage aan het regionale doel van {format_number(r['regional_target'])}: "
                     f"{format_percent(r['share_of_regional_target'], 1)}.")
        lines.append(base)
    if not lines:
        return "Geen doelen gevonden in de referentiedata."
    return "\n".join(lines) + ("\n\n" + shock_sentence() if shocked else "")


def _inponding_part(r: pd.Series) -> str:
    """``' (inclusief 120 ingeponde woningen en 80 geplande inponding, afspraak 1)'`` where inponding counts."""
    real, plan = r.get("inponding_realised", np.nan), r.get("inponding_planned", np.nan)
    if pd.isna(real) or pd.isna(plan) or not (real or plan):
        return ""
    return (f" (inclusief {format_number(real)} ingeponde woningen en {format_number(plan)} geplande inponding, "
            "afspraak 1)")


def remarks_text(gap: pd.DataFrame) -> str:
    """The distinct remarks of the gap rows as one Dutch note (empty when there are none)."""
    remarks = [r for r in dict.fromkeys(gap["remark"].fillna("")) if r]
    remarks = [r for r in remarks if not any(o != r and o.startswith(r) for o in remarks)]
    return ("**Let op:** " + " ".join(r[0].upper() + r[1:] + "." for r in remarks)) if remarks else ""


def programme_share_sentence(share: pd.DataFrame, share_target: pd.Series | None) -> str:
    """Afspraak 2: the share of middenhuur + betaalbare koop in the programme (a contribution for a party)."""
    if share.empty or share_target is None:
        return "Er is geen doel voor het aandeel middenhuur en betaalbare koop in de referentiedata gevonden."
    r = share.iloc[0]
    period = f"{int(share_target['period_start'])}-{int(share_target['period_end'])}"
    goal = format_number(share_target["value"])
    if pd.isna(r["denominator_dwellings"]):
        return (f"Voor {scope_phrase(r['scope_type'], r['scope'])} is niets geleverd waaruit het aandeel middenhuur en "
                f"betaalbare koop in {period} volgt; het aandeel is onbekend.")
    if pd.isna(r["share_pct"]):
        return (f"Er is geen nieuwbouw in {period} opgeleverd of hard gepland; het aandeel middenhuur en "
                "betaalbare koop is daarom niet te berekenen.")
    pct = format_percent(r["share_pct"], 1, fraction=False)
    counts = f"{format_number(r['numerator_dwellings'])} van {format_number(r['denominator_dwellings'])} woningen"
    if is_region(r["scope_type"]):
        verdict = "haalt daarmee" if r["share_pct"] >= float(share_target["value"]) else "blijft daarmee onder"
        return (f"Middenhuur en betaalbare koop vormen {pct} van het nieuwbouwprogramma {period} dat is "
                f"opgeleverd of hard gepland ({counts}). Het aandeel {verdict} de afspraak van minimaal {goal} %.")
    return (f"In de plannen van {scope_phrase(r['scope_type'], r['scope'])} vormen middenhuur en betaalbare koop "
            f"{pct} van de nieuwbouw {period} die is opgeleverd of hard gepland ({counts}). Dat is een bijdrage "
            f"aan het regionale doel van minimaal {goal} % voor het hele programma, geen eigen doel.")


def sales_sentence(sales: pd.DataFrame, scope_type: str = "regio", scope: str = "") -> str:
    """Afspraak 7 in words: where sales to third parties exceed the additions.

    For a corporation ``sales`` holds its own figures, which are not the agreement's test
    (that is per municipality for all corporations together).
    """
    if sales.empty:
        return "Geen gegevens voor afspraak 7."
    if sales["flag"].isna().all():
        whose = f"van {scope} " if scope_type == "corporatie" else ""
        return (f"Er zijn geen cijfers {whose}over verkoop en toevoegingen (geen levering of geen mutatiecijfers); "
                "afspraak 7 is hier niet te toetsen.")
    flagged = sales.loc[sales["flag"].fillna(False).astype(bool), "municipality"].tolist()
    incomplete = sales.loc[~sales["complete"].astype(bool), "municipality"].tolist()
    if scope_type == "corporatie":
        text = ("De toets van afspraak 7 geldt per gemeente voor alle corporaties samen, niet per corporatie. "
                f"Hieronder eerst de eigen verkoop aan derden en de eigen toevoegingen van {scope} per gemeente "
                "(een bijdrage), daarna de toets voor alle corporaties samen. ")
        text += (f"{scope} verkoopt in geen enkele gemeente meer aan derden dan zij er toevoegt." if not flagged
                 else f"{scope} verkoopt in **{join_names(flagged)}** meer aan derden dan zij er toevoegt.")
    elif not flagged:
        text = ("In geen enkele gemeente verkopen de corporaties samen meer sociale huurwoningen aan derden dan er "
                "aan de sociale voorraad worden toegevoegd." if len(sales) > 1 else
                f"In {sales['municipality'].iloc[0]} verkopen de corporaties samen niet meer sociale huurwoningen "
                "aan derden dan er aan de sociale voorraad worden toegevoegd.")
    else:
        text = (f"In **{join_names(flagged)}** verkopen de corporaties samen meer sociale huurwoningen aan derden "
                "dan er aan de sociale voorraad worden toegevoegd (signaal afspraak 7).")
    if incomplete:
        text += (f" Let op: voor {join_names(incomplete)} ontbreken mutatiecijfers voor een of meer jaren; "
                 "de vergelijking gaat dan over de jaren met cijfers.")
    return text


def inponding_sentence(inponding: pd.DataFrame) -> str:
    """Afspraak 8 in words: the per-year means (:func:`summarise_inponding`) and, for the region, the ambition."""
    s = summarise_inponding(inponding)
    if not s["n_realised_years"] and not s["n_planned_years"]:
        return "Er zijn geen inpondingscijfers geleverd."
    real = (f"gemiddeld {format_mean(s['realised_per_year'])} woningen per jaar gerealiseerd "
            f"({s['n_realised_years']} jaar met cijfers)" if s["n_realised_years"] else "geen realisatiecijfers")
    plan = (f"{format_mean(s['planned_per_year'])} woningen per jaar volgens de prognose ({s['n_planned_years']} jaar)"
            if s["n_planned_years"] else "geen prognose")
    text = (f"Inponding: {real} en {plan}. Over alle jaren met cijfers is dat gemiddeld "
            f"{format_mean(s['period_mean'])} per jaar")
    known = inponding[inponding["inponding"].notna()]
    if pd.notna(s["target"]):
        below = known.loc[~known["meets_target"].astype(bool), "year"].astype(int).tolist()
        text += f", tegenover de ambitie van zo'n {format_number(s['target'])} per jaar. "
        text += ("In alle jaren met cijfers is de ambitie gehaald." if not below
                 else "Onder de ambitie in: " + ", ".join(str(y) for y in below) + ".")
    elif "regional_target" in inponding and inponding["regional_target"].notna().any():
        regional = float(inponding["regional_target"].dropna().iloc[0])
        text += (f": een bijdrage van {format_percent(s['period_mean'] / regional, 1)} aan de regionale ambitie "
                 f"van zo'n {format_number(regional)} per jaar.")
    else:
        text += "."
    missing = inponding.loc[inponding["inponding"].isna(), "year"].astype(int).tolist()
    if missing:
        text += " Geen cijfers voor: " + ", ".join(str(y) for y in missing) + " (niet als nul geteld)."
    return text
