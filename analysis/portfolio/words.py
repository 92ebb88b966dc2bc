"""Words of analysis 1 shared by its text, tables, remarks and figures (Dutch).

Labels, the remarks of ``portfolio_gap`` and the missing-data table, and the small helpers that
turn values into Dutch words (a target's label, a chance, a list of names).
"""

from __future__ import annotations

import pandas as pd

from analysis.formatting import MISSING, format_number, format_percent
from analysis.rules.plans import SEGMENT_LABELS
from analysis.rules.scopes import is_region

STATUS_LABELS = {"opgeleverd": "opgeleverd", "in_aanbouw": "in aanbouw", "hard": "hard", "zacht": "zacht",
                 "idee": "idee"}
#: How regional tables are marked in a party's report.
ALL_CORPORATIONS = "alle corporaties samen"
ALL_DELIVERIES = "alle leveringen samen"
UNKNOWN_CORPORATION = "(onbekend)"
REMARK_NO_CORPORATION_DELIVERY = "geen levering van deze corporatie: cijfers onbekend"
REMARK_NO_MUNICIPALITY_DELIVERY = "geen levering van deze gemeente: marktplannen ontbreken"
MISSING_CORPORATION = "geen levering van deze corporatie: projecten en mutaties ontbreken (niet als nul geteld)"
MISSING_MUNICIPALITY = "geen levering van deze gemeente: marktplannen (plancapaciteit) ontbreken"


def remark_corporations_missing(n: int) -> str:
    """``'onvolledig: 2 corporatie(s) zonder levering'``."""
    return f"onvolledig: {n} corporatie(s) zonder levering"


def remark_region_incomplete(corporations: list[str], municipalities: list[str]) -> str:
    """The region row's remark naming who did not deliver (empty when everyone did)."""
    parts = []
    if corporations:
        parts.append(f"zonder levering van {', '.join(corporations)}")
    if municipalities:
        parts.append(f"zonder marktplannen van {', '.join(municipalities)}")
    return "onvolledig: " + "; ".join(parts) if parts else ""


def missing_mutations(status: str, year: int) -> str:
    return f"geen {status}cijfers voor voorraadmutaties in {year}"


def missing_double_purchase(project_id: str, project_dwellings: int, mutation_dwellings: int, year: int) -> str:
    """A purchase reported as an ``aankoop`` project and as a purchase mutation: counted once."""
    return (f"aankoop dubbel gemeld: project {project_id} ({format_number(project_dwellings)} woningen, soort "
            f"aankoop) en in het blad mutaties {format_number(mutation_dwellings)} aankopen in {year}; één keer "
            "geteld, uit de mutaties (het blad mutaties is de plek voor aankopen)")


def missing_unknown_origin(n: int, years: str) -> str:
    """Purchases under the old code AAN (origin unknown): counted as inponding."""
    return (f"{format_number(n)} aankopen met de oude code AAN (herkomst onbekend) in {years}: geteld als "
            "inponding (aankoop van particulieren); er kunnen aankopen van andere corporaties tussen zitten, "
            "die de sociale voorraad van de regio niet vergroten")


def missing_rejected(n: int, what: str) -> str:
    return f"{n} rij(en) afgewezen bij validatie en niet meegeteld ({what})"


def missing_overdue(completion_year: int, status: str) -> str:
    return (f"oplevering {completion_year} verwacht maar status '{status}': telt als gepland, "
            "niet als gerealiseerd")


def missing_early(completion_year: int, year: int) -> str:
    return f"status opgeleverd maar opleverjaar {completion_year} ligt na {year}"


def regional_mark(scope_type: str, words: str) -> str | None:
    """``words`` for a regional table in a party's report; None in the region's own report."""
    return None if is_region(scope_type) else words


# ---------------------------------------------------------------- small helpers

PHASE_TEXT = {
    "q1": ("Q1, prognose: de nadruk ligt op de plannen van {year} tot en met de doelperiode "
           "(prognose uit de leveringen van {year})."),
    "q2": ("Q2, realisatie: de nadruk ligt op wat in {prev} en eerder daadwerkelijk is opgeleverd, "
           "ingepond, gesloopt en verkocht."),
    "q3": ("Q3, bestuurlijke tussenrapportage: realisatie tot en met {prev} en prognose vanaf {year} "
           "samen."),
}


def phase_intro(phase: str, year: int) -> str:
    """One Dutch sentence on what the phase emphasises."""
    return PHASE_TEXT[phase].format(year=year, prev=year - 1)


def select_phase_years(table: pd.DataFrame, phase: str) -> pd.DataFrame:
    """Rows of a yearly table (with ``figure_status``) that the phase emphasises."""
    wanted = {"q1": "prognose", "q2": "realisatie"}.get(phase)
    rows = table if wanted is None else table[table["figure_status"] == wanted]
    return rows.reset_index(drop=True)


def target_label(segment: str, period_start: int, period_end: int) -> str:
    """``'sociale huur 2024-2028'``."""
    return f"{SEGMENT_LABELS.get(segment, segment)} {int(period_start)}-{int(period_end)}"


def format_probability(p) -> str:
    """A chance in Dutch, never rounded to a false certainty: ``0.999 -> '> 99 %'``, ``1.0 -> '100 %'``."""
    if pd.isna(p):
        return MISSING
    if 0 < p < 0.01:
        return "< 1 %"
    if 0.99 < p < 1:
        return "> 99 %"
    return format_percent(p, 0)


def format_mean(x) -> str:
    """A mean per year: whole numbers without decimals, else one decimal (``84,5``)."""
    return format_number(x, 0 if float(x).is_integer() else 1)


def join_names(names: list[str]) -> str:
    """``['Brunssum', 'Heerlen', 'Kerkrade'] -> 'Brunssum, Heerlen en Kerkrade'``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]
