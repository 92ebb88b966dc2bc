"""Dutch text and display tables of the ageing report (pure; no file is read).

Every sentence the report shows is written here, with numbers through :mod:`analysis.formatting`.
A municipality's report gets that municipality's figures; what is regional by nature (the
agreement's two figures, the map of all municipalities) says so (:func:`regional_mark`), and the
regional clustered target is shown as the municipality's *bijdrage*, never as its own target.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from analysis.ageing.sources import describe_population_bands, describe_population_cbs  # noqa: F401
from analysis.formatting import MISSING, format_eur, format_frame, format_number, format_percent
from analysis.outputs import regional_caption
from analysis.rules import plans
from analysis.rules.scopes import REGION_NAME, filter_to_scope, is_region, select_scope_rows
from analysis.schemas import code_label

from .clustered import TARGET_CLUSTERED
from .need import TARGET_ELDERLY
from .supply import ACCESSIBILITY_CLASSES

if TYPE_CHECKING:
    from .chain import AgeingResult

#: How a table or map of every municipality is marked in a municipality's report.
REGIONAL_MUNICIPALITIES = "alle gemeenten samen"


def _n(x) -> str:
    return format_number(x, 0)


def _range(lo, hi) -> str:
    return MISSING if pd.isna(lo) or pd.isna(hi) else f"{_n(lo)} tot {_n(hi)}"


def _between(lo, hi) -> str:
    return f"tussen {_n(lo)} en {_n(hi)}"


def _join_or(words: list[str]) -> str:
    """``["a", "b", "c"] -> "a, b of c"``."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " of " + words[-1]


def statuses_counted(pipeline_status: pd.DataFrame, flag: str, counted: bool = True) -> list[str]:
    """Dutch labels of the plan statuses that do (or do not) count for ``flag``, in plan order."""
    flags = dict(zip(pipeline_status["plan_status"], pipeline_status[flag].astype(bool), strict=True))
    return [code_label("plan_status", s) for s in plans.PLAN_STATUSES if flags.get(s, False) == counted]


def regional_mark(r: AgeingResult) -> str | None:
    """The words that mark a table or map of every municipality as regional (None in the region's report)."""
    return None if is_region(r.scope_type) else REGIONAL_MUNICIPALITIES


def projection_phrase(r: AgeingResult) -> str:
    """How the elderly are projected: a delivered forecast or a growth scenario."""
    return "prognose (levering)" if r.uses_forecast else f"scenario {r.scenario}"


def note_missing(r: AgeingResult, what: str) -> str:
    """Why a figure is not there (Dutch): ``what`` (e.g. "Geen kaart") and the reason."""
    if not r.stock_known:
        return (f"{what}: geen enkele corporatie heeft voor {r.year} een woningregister geleverd, dus het aanbod "
                "is onbekend.")
    return f"{what}: er is voor {r.scope} niets te tonen."


def text_intro(r: AgeingResult) -> str:
    """Dutch introduction: what afspraak 4 says (figures from targets.csv) and ABF's warning."""
    return (
        "Afspraak 4 van de Regionale Prestatieafspraken Parkstad Limburg 2024-2028: het aantal ouderen met een "
        f"mobiliteitsbeperking of zorgvraag neemt tot 2040 met circa {_n(r.targets[TARGET_ELDERLY])} personen toe "
        f"(ABF-prognose 2020), en er is een bouwopgave van circa {_n(r.targets[TARGET_CLUSTERED])} geclusterde "
        "woningen, vooral huurwoningen onder de eerste aftoppingsgrens. De corporaties hebben hun woningen beoordeeld "
        "op toegankelijkheid (BAT). Dit rapport zet de behoefte per gemeente en per jaar naast het geschikte aanbod "
        "van de corporaties en hun pijplijn.\n\n"
        "**Let op:** ABF waarschuwt dat zulke cijfers op kleine schaal (gemeente, wijk) onbetrouwbaar zijn. Daarom "
        "staat hier steeds een bandbreedte (laag-hoog), geen puntschatting. Lees de cijfers per gemeente als orde "
        "van grootte."
    )


def text_population(r: AgeingResult) -> str:
    """Dutch sentence: the source of the population and how it is projected."""
    return (f"Bron van de bevolking: {r.population_source}. Projectie naar {r.horizon}: {projection_phrase(r)}. "
            "De aantallen voor het rapportagejaar zijn dus ook geschat, geen telling.")


def text_reconciliation(r: AgeingResult) -> str:
    """Dutch paragraph: the regional increase to the horizon beside the agreement's "circa 4.000".

    In a municipality's report the comparison is marked regional and the municipality's own
    increase is given as its part of it.
    """
    rec = r.reconciliation.iloc[0]
    lo, hi, target = rec["increase_low"], rec["increase_high"], rec["agreement"]
    if lo <= target <= hi:
        verdict = "De afspraak valt binnen deze bandbreedte."
    elif hi < target:
        verdict = f"Dat is {_range(target - hi, target - lo)} minder dan de afspraak."
    else:
        verdict = f"Dat is {_range(lo - target, hi - target)} meer dan de afspraak."
    regional, part = "", ""
    if not is_region(r.scope_type):
        own = select_scope_rows(r.increase, r.scope_type, r.scope).iloc[0]
        regional = ("Deze vergelijking gaat over de hele regio (alle gemeenten samen): de afspraak noemt één getal "
                    "voor Parkstad, niet een getal per gemeente. ")
        part = (f" In {r.scope} zelf neemt het aantal in dezelfde periode toe met "
                f"{_range(own['increase_low'], own['increase_high'])} personen; dat is het deel van {r.scope} in "
                "de regionale toename.")
    return (
        f"{regional}Met de standaardinstellingen ({projection_phrase(r)}) neemt het aantal ouderen met een "
        f"mobiliteitsbeperking of zorgvraag in {REGION_NAME} tussen {int(rec['from_year'])} en {int(rec['to_year'])} "
        f"toe met **{_range(lo, hi)} personen**. De prestatieafspraken noemen **circa {_n(target)}** "
        f"(ABF-prognose 2020). {verdict}{part}\n\n"
        "Waarom de cijfers verschillen: (1) ABF telt *huishoudens* met een persoon van 55 jaar of ouder met een "
        "dagelijkse lichamelijke beperking; deze analyse telt *personen* van 65 jaar en ouder met een "
        "loophulpmiddel of zorgvraag (WoON); (2) ABF gebruikt een eigen bevolkingsprognose per gemeente, deze "
        "analyse een scenariogroeipad (of een aangeleverde prognose) vanaf een leeftijdsprofiel van circa 2020; "
        "(3) de groeifactoren van de scenario's laag en midden zijn aannames; het scenario hoog volgt de "
        "landelijke groei van 75-plussers en komt daardoor duidelijk hoger uit. De uitkomst is dus een "
        "controle op de orde van grootte, geen nieuwe prognose."
    )


def text_need(r: AgeingResult) -> str:
    """Dutch paragraph: need, supply and gap for the scope in the reporting year and the horizon."""
    t = select_scope_rows(r.need_table, r.scope_type, r.scope).set_index("year")
    now, end = t.loc[r.year], t.loc[r.horizon]
    need = (
        f"In {r.scope} wonen in {r.year} naar schatting {_n(now['elderly_65plus'])} 65-plussers, van wie "
        f"{_n(now['elderly_75plus'])} 75-plussers; in {r.horizon} zijn dat er {_n(end['elderly_65plus'])} en "
        f"{_n(end['elderly_75plus'])}. De behoefte aan geschikte corporatiewoningen voor ouderen met een "
        f"beperking ligt in {r.year} {_between(now['need_low'], now['need_high'])} en in {r.horizon} "
        f"{_between(end['need_low'], end['need_high'])}. ")
    if pd.isna(now["suitable_supply"]):
        return (f"**Let op: geen enkele corporatie heeft voor {r.year} een woningregister geleverd; het geschikte "
                "aanbod en het tekort zijn daarom onbekend (niet nul).** " + need)
    stock = int(select_scope_rows(r.supply_table, r.scope_type, r.scope)["total"].sum())
    missing = "" if stock else (
        f"**Let op: de leveringen bevatten geen corporatiewoningen in {r.scope}; het aanbod is daardoor 0.** ")
    return missing + need + (
        "Het geschikte aanbod (voorraad plus zekere pijplijn) is "
        f"{_n(now['suitable_supply'])} in {r.year} en {_n(end['suitable_supply'])} in {r.horizon}. "
        f"Het tekort in {r.horizon} ligt daarmee {_between(end['gap_low'], end['gap_high'])} woningen "
        "(een negatief getal betekent meer geschikte woningen dan de geschatte behoefte)."
    )


def text_pipeline(r: AgeingResult) -> str:
    """Dutch sentence on the accessible pipeline of the scope (also when it is empty)."""
    if not r.pipeline_known:
        return (f"Geen enkele corporatie heeft voor {r.year} iets geleverd; de pijplijn van geschikte woningen is "
                "daarom onbekend (niet nul).")
    p = filter_to_scope(r.pipeline, r.scope_type, r.scope)
    total, counted = int(p["n_dwellings"].sum()), int(p.loc[p["in_supply"], "n_dwellings"].sum())
    if total == 0:
        return (f"De projectenlijsten van de corporaties bevatten voor {r.scope} geen geschikte woningen "
                f"(nultreden, geclusterd of zorggeschikt) met oplevering vanaf {r.year}.")
    yes = _join_or(statuses_counted(r.pipeline_status, "in_supply"))
    no = _join_or(statuses_counted(r.pipeline_status, "in_supply", counted=False))
    return (f"De projectenlijsten van de corporaties bevatten voor {r.scope} {_n(total)} geschikte woningen "
            f"(nultreden, geclusterd of zorggeschikt) met oplevering vanaf {r.year}. Daarvan tellen er "
            f"{_n(counted)} mee als aanbod (planstatus {yes}); {_n(total - counted)} met planstatus {no} tellen "
            "niet mee.")


def text_clustered(r: AgeingResult) -> str:
    """Dutch paragraph on the regional clustered-dwellings target; a municipality's bijdrage to it."""
    region = select_scope_rows(r.clustered_all, "regio", REGION_NAME).iloc[0]
    statuses = _join_or(statuses_counted(r.pipeline_status, "in_clustered_count"))
    if not r.pipeline_known:
        return (f"De opgave voor geclusterde woningen is circa {_n(region['target'])} voor de hele regio. Geen "
                f"enkele corporatie heeft voor {r.year} een projectenlijst geleverd, dus wat er al gepland is en "
                "wat er resteert, is onbekend (niet nul). Ter oriëntatie verdeelt de tabel de opgave naar het "
                f"aandeel in de 75-plussers in {r.horizon}; die verdeelsleutel is een voorstel van deze analyse, "
                "geen afspraak.")
    if is_region(r.scope_type):
        return (
            f"De opgave voor geclusterde woningen is circa {_n(region['target'])} voor de hele regio. De "
            f"projectenlijsten van de corporaties bevatten {_n(region['pipeline_units'])} geclusterde of "
            f"zorggeschikte woningen (planstatus {statuses}). Er resteert een regionale opgave van "
            f"{_n(region['gap'])} woningen. De tabel verdeelt de opgave ter oriëntatie over de gemeenten naar hun "
            f"aandeel in de 75-plussers in {r.horizon} (grootste-restmethode); die verdeelsleutel is een voorstel "
            "van deze analyse, geen afspraak."
        )
    own = select_scope_rows(r.clustered_gap, r.scope_type, r.scope).iloc[0]
    share = format_percent(r.clustered_key_share.get(r.scope, float("nan")))
    contribution = (
        f"De bijdrage van {r.scope} aan het regionale doel: {_n(own['pipeline_units'])} geclusterde of "
        f"zorggeschikte woningen (planstatus {statuses}) in de projectenlijsten van de corporaties"
        if own["pipeline_units"] else
        f"De projectenlijsten van de corporaties bevatten voor {r.scope} nog geen geclusterde of zorggeschikte "
        f"woningen (planstatus {statuses}), en dus nog geen bijdrage aan het regionale doel")
    return (
        f"De opgave van circa {_n(region['target'])} geclusterde woningen is een regionaal doel: er is geen opgave "
        f"per gemeente afgesproken. {contribution}; de hele regio heeft er {_n(region['pipeline_units'])}, zodat "
        f"er regionaal nog {_n(region['gap'])} resteren. Ter oriëntatie: verdeeld naar het aandeel van {r.scope} in "
        f"de 75-plussers van {REGION_NAME} in {r.horizon} ({share}) is het deel van {r.scope} "
        f"{_n(own['target'])} woningen. Die verdeelsleutel is een voorstel van deze analyse, geen afspraak."
    )


def caption_clustered(r: AgeingResult) -> str:
    """Caption of the clustered-dwellings table."""
    if is_region(r.scope_type):
        return "Opgave geclusterde woningen, ter oriëntatie verdeeld naar het aandeel 75-plussers (grootste-restmethode)"
    return f"Regionale opgave geclusterde woningen en de bijdrage van {r.scope}"


def caption_gap_map(r: AgeingResult) -> str:
    """Caption under the map of every municipality (marked regional in a municipality's report; "" without a map)."""
    if r.gap_map["gap_mid"].isna().all():
        return ""
    caption = (f"Kaart: tekort aan geschikte corporatiewoningen per gemeente in {r.horizon}, het midden van de "
               "bandbreedte (een negatief getal is een overschot op papier)")
    if is_region(r.scope_type):
        return caption + "."
    return regional_caption(caption, regional_mark(r)) + f". {r.scope} is omlijnd."


def text_affordability(r: AgeingResult) -> str:
    """Dutch paragraph on the share at or below the first aftoppingsgrens."""
    cap_year = r.first_cap_year
    if cap_year is None:
        return ("De eerste aftoppingsgrens is voor dit jaar niet bekend in de referentietabel; de betaalbaarheid "
                "kan niet worden bepaald.")
    a = select_scope_rows(r.affordability, r.scope_type, r.scope).set_index("what")
    note = "" if cap_year == r.year else (
        f" De grens voor {r.year} is niet gevonden in een bron; daarom is de grens van {cap_year} gebruikt "
        "(niet geïndexeerd).")
    st, pi = a.loc["voorraad geschikt"], a.loc["pijplijn"]
    stock = _affordable(st, "Hoeveel geschikte corporatiewoningen een huur tot en met deze grens hebben, is onbekend "
                        "(geen register)", "Er zijn geen geschikte corporatiewoningen",
                        "Van de geschikte corporatiewoningen heeft {share} ({n}) een huur tot en met deze grens")
    pipe = _affordable(pi, "de pijplijn is onbekend (niets geleverd)", "in de pijplijn zijn geen geschikte woningen",
                       "van de geschikte woningen in de pijplijn {share} ({n}, op basis van de opgegeven huurklasse)")
    return f"Eerste aftoppingsgrens: {format_eur(r.first_cap_eur)} (prijspeil {cap_year}).{note} {stock}; {pipe}."


def _affordable(row: pd.Series, unknown: str, none: str, share: str) -> str:
    """One half of the affordability sentence: unknown (nothing delivered), none at all, or the share."""
    if pd.isna(row["n_total"]):
        return unknown
    if not row["n_total"]:
        return none
    return share.format(share=format_percent(row["share_affordable"]),
                        n=f"{_n(row['n_affordable'])} van {_n(row['n_total'])}")


def text_accountability(r: AgeingResult) -> str:
    """The Verantwoording: how need, supply, gap and the clustered key are computed (Markdown list)."""
    supply = _join_or(statuses_counted(r.pipeline_status, "in_supply"))
    return "\n".join([
        "- Behoefte = ouderen (65-74 en 75+) x aandeel met een loophulpmiddel of zorgvraag (laag/hoog, WoON "
        "2015/2018) x het deel dat op de corporatievoorraad is aangewezen (aanname, laag/hoog). Elke bron en "
        "aanname staat in de referentietabellen en het aannamelogboek van de analysesuite.",
        "- Aanbod = geschikte corporatiewoningen op 1 januari plus nultreden-, geclusterde en zorggeschikte "
        f"woningen uit de pijplijn (oplevering vanaf het rapportagejaar, planstatus {supply}). Sloop en verkoop "
        "van geschikte woningen zijn niet meegenomen.",
        "- Tekort = behoefte min aanbod. Een geschikte woning is niet altijd bewoond door iemand die hem nodig "
        "heeft: de toewijzing (afspraak 4, vrije toewijzingsruimte) bepaalt of het aanbod ook bij de doelgroep "
        "terechtkomt.",
        f"- De cijfers voor {REGION_NAME} zijn de som van de {len(r.gap_map)} gemeenten.",
        "- De opgave geclusterde woningen is één regionaal doel. Ter oriëntatie is zij verdeeld over de gemeenten "
        "naar hun aandeel in de 75-plussers in het horizonjaar, afgerond met de grootste-restmethode zodat de "
        "delen precies optellen tot de regionale opgave. Voor een gemeente is dat deel haar bijdrage aan het "
        "regionale doel, geen eigen opgave.",
    ])


# ---------------------------------------------------------------------- display tables


def display_need_table(r: AgeingResult, every: int = 5) -> pd.DataFrame:
    """The need table for display: reporting year, every ``every`` years and the horizon; Dutch headers."""
    t = r.need_table
    years = sorted({r.year, r.horizon, *[y for y in range(r.year, r.horizon + 1) if y % every == 0]})
    t = t[t["year"].isin(years)].copy()
    t["behoefte"] = [_range(a, b) for a, b in zip(t["need_low"], t["need_high"], strict=True)]
    t["tekort"] = [_range(a, b) for a, b in zip(t["gap_low"], t["gap_high"], strict=True)]
    t = format_frame(t, {"elderly_65plus": "int", "elderly_75plus": "int", "suitable_supply": "int"})
    t = t[["scope", "year", "elderly_65plus", "elderly_75plus", "behoefte", "suitable_supply", "tekort"]]
    return t.rename(columns={"scope": "gebied", "year": "jaar", "elderly_65plus": "65+", "elderly_75plus": "75+",
                             "behoefte": "behoefte (woningen)", "suitable_supply": "geschikt aanbod",
                             "tekort": "tekort (woningen)"})


def display_supply(r: AgeingResult) -> pd.DataFrame:
    """Stock by accessibility class for display (the region first, as the sum of the municipalities)."""
    s = r.supply_table.drop(columns="scope_type")
    s["aandeel geschikt"] = [g / t if pd.notna(t) and t else float("nan")
                             for g, t in zip(s["geschikt"], s["total"], strict=True)]
    s = format_frame(s, {c: "int" for c in [*ACCESSIBILITY_CLASSES, "total"]} | {"aandeel geschikt": "pct"})
    return s.rename(columns={"scope": "gebied", "total": "totaal"})


def display_elderly(r: AgeingResult) -> pd.DataFrame:
    """65+ and 75+ per scope in the base year, the reporting year and the horizon (display)."""
    e = r.elderly_table
    years = sorted({r.base_year, r.year, r.horizon})
    wide = e[e["year"].isin(years)].pivot(index="scope", columns="year", values=["elderly_65plus", "elderly_75plus"])
    order = list(dict.fromkeys(e["scope"]))
    wide = wide.reindex(order)
    wide.columns = [f"{'65+' if a == 'elderly_65plus' else '75+'} {y}" for a, y in wide.columns]
    wide = wide.reset_index().rename(columns={"scope": "gebied"})
    return format_frame(wide, {c: "int" for c in wide.columns if c != "gebied"})


def display_clustered(r: AgeingResult) -> pd.DataFrame:
    """The clustered-dwellings table with Dutch headers and the key (75+ share) per municipality.

    A municipality's report shows the regional row and its own bijdrage; the remaining target is
    only given for the region (the municipality has no target of its own).
    """
    region = is_region(r.scope_type)
    c = r.clustered_gap if region else pd.concat(
        [select_scope_rows(r.clustered_all, "regio", REGION_NAME), r.clustered_gap], ignore_index=True)
    c = c.copy()
    c["sleutel"] = [1.0 if t == "regio" else float(r.clustered_key_share.get(s, float("nan")))
                    for t, s in zip(c["scope_type"], c["scope"], strict=True)]
    if not region:
        c["gap"] = c["gap"].where(c["scope_type"] == "regio")
        c["scope"] = [s if t == "regio" else f"{s} (bijdrage)" for t, s in zip(c["scope_type"], c["scope"],
                                                                                  strict=True)]
    c = format_frame(c[["scope", "target", "sleutel", "pipeline_units", "gap"]],
                     {"target": "int", "pipeline_units": "int", "gap": "int", "sleutel": "pct"})
    return c.rename(columns={"scope": "gebied", "target": "opgave (gemeente: deel volgens sleutel)",
                             "sleutel": f"aandeel 75+ {r.horizon}",
                             "pipeline_units": "pijplijn geclusterd/zorggeschikt",
                             "gap": "resterende regionale opgave" if not region else "resterende opgave"})


def display_affordability(r: AgeingResult) -> pd.DataFrame:
    """The affordability table with Dutch headers."""
    a = format_frame(r.affordability.drop(columns="scope_type"),
                     {"n_total": "int", "n_affordable": "int", "n_unknown": "int", "share_affordable": "pct"})
    return a.rename(columns={"scope": "gebied", "what": "soort", "n_total": "geschikte woningen",
                             "n_affordable": "tot en met eerste aftoppingsgrens", "n_unknown": "huur onbekend",
                             "share_affordable": "aandeel betaalbaar"})
