"""Dutch sentences and display tables of the three parts of the task, the restopgave and the solvency check.

The task of afspraak 16 is shown in three parts side by side (:data:`~analysis.finance.vocabulary.TASK_PARTS`):
what the corporations plan, the improvement of the EFG stock and the restopgave (what the
agreement still asks beyond the plans), each with its cost, the part that fits within the norms
and the gap. Numbers via :mod:`analysis.formatting`; no code names in the sentences.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.formatting import MISSING, format_eur_millions, format_number, format_percent
from analysis.missing import join_names
from analysis.rules.scopes import REGION_NAME

from .remainder import INPONDING_ROW
from .vocabulary import NORM_LABELS, PART_EFG, PART_LABELS, PART_PLANS, PART_REMAINDER, TASK_PARTS

#: What each part holds, in words (the sentence after its label).
PART_CONTENTS: dict[str, str] = {
    PART_PLANS: "nieuwbouw, inponding, renovatie en sloop uit de eigen leveringen",
    PART_EFG: "de woningen die volgens de EFG-regel nog verbeterd moeten worden",
    PART_REMAINDER: "het deel van de doelen dat nog geen plan dekt",
}
#: Remainder row -> how its dwellings are named in a sentence.
REMAINDER_WORDS: dict[str, tuple[str, str]] = {
    "sociale_huur": ("sociale huurwoning", "sociale huurwoningen"),
    "middenhuur_betaalbare_koop": ("middenhuurwoning", "middenhuurwoningen"),
    "flex": ("flexwoning", "flexwoningen"),
    INPONDING_ROW: ("ingeponde (aangekochte particuliere) woning", "ingeponde (aangekochte particuliere) woningen"),
}
REMAINDER_LABELS: dict[str, str] = {
    "sociale_huur": "sociale huur (afspraak 1)",
    "middenhuur_betaalbare_koop": "middenhuur en betaalbare koop (afspraak 2)",
    "flex": "flexwoningen (afspraak 3)",
    INPONDING_ROW: "inponding (afspraak 8)",
}


def _own_parts(parts_table: pd.DataFrame, scope: str) -> pd.DataFrame:
    return parts_table[parts_table["scope"] == scope].set_index("task_part").reindex(list(TASK_PARTS))


def _gap_words(task: float, financeable: float, gap: float) -> str:
    if pd.isna(gap):
        return "zonder financiële gegevens is niet te bepalen welk deel binnen de normen past"
    if task <= 0.5:
        return "er is niets te financieren"
    if gap <= 0.5:
        return "dat past helemaal binnen de normen (met buffer); tekort € 0"
    return (f"daarvan past {format_eur_millions(financeable)} binnen de normen (met buffer); "
            f"het tekort is **{format_eur_millions(gap)}**")


def parts_text(parts_table: pd.DataFrame, scope: str, horizon: int) -> str:
    """The three parts of the task side by side: cost and gap of each, and the total.

    ``parts_table`` is ``financial_task_parts``; ``scope`` the report's own row (the region or a
    corporation).
    """
    own = _own_parts(parts_table, scope)
    if own["task_eur"].isna().all():
        return f"Voor {scope} is geen opgave berekend."
    lines = [f"De opgave tot en met {horizon} bestaat uit drie delen. Ze krijgen in deze volgorde financiële "
             "ruimte: een later deel krijgt pas ruimte als de eerdere delen helemaal binnen de normen passen.", ""]
    for part in TASK_PARTS:
        r = own.loc[part]
        task = 0.0 if pd.isna(r["task_eur"]) else float(r["task_eur"])
        label = PART_LABELS[part]
        lines.append(f"- **{label[0].upper() + label[1:]}** ({PART_CONTENTS[part]}): {format_eur_millions(task)}; "
                     f"{_gap_words(task, r['financeable_eur'], r['gap_eur'])}.")
    total, gap = own["task_eur"].sum(), own["gap_eur"].sum(min_count=1)
    lines.append(f"- **Samen**: {format_eur_millions(total)}; "
                 + ("het tekort is niet te bepalen." if pd.isna(gap) else f"tekort {format_eur_millions(gap)}."))
    return "\n".join(lines)


def format_parts_table(parts_table: pd.DataFrame, scope: str) -> pd.DataFrame:
    """The three parts of one row (region or corporation) side by side, Dutch formatted, with a total."""
    own = _own_parts(parts_table, scope)
    if own["task_eur"].isna().all():
        return pd.DataFrame(columns=["Deel van de opgave", "Kosten", "Financierbaar", "Tekort"])
    rows = [{"Deel van de opgave": PART_LABELS[p], "Kosten": format_eur_millions(own.loc[p, "task_eur"]),
             "Financierbaar": format_eur_millions(own.loc[p, "financeable_eur"]),
             "Tekort": format_eur_millions(own.loc[p, "gap_eur"])} for p in TASK_PARTS]
    rows.append({"Deel van de opgave": "samen", "Kosten": format_eur_millions(own["task_eur"].sum()),
                 "Financierbaar": format_eur_millions(own["financeable_eur"].sum(min_count=1)),
                 "Tekort": format_eur_millions(own["gap_eur"].sum(min_count=1))})
    return pd.DataFrame(rows)


def format_remainder_table(remainder: pd.DataFrame) -> pd.DataFrame:
    """The restopgave of the region per target: target, counted, not yet planned, the corporations' share."""
    if remainder.empty:
        return pd.DataFrame(columns=["Doel", "Doel (woningen)", "Gerealiseerd en gepland", "Nog niet gepland",
                                     "Aandeel corporaties", "Restopgave corporaties"])
    return pd.DataFrame({
        "Doel": remainder["segment"].map(REMAINDER_LABELS),
        "Doel (woningen)": remainder["target"].map(format_number),
        "Gerealiseerd en gepland": remainder["counted"].map(format_number),
        "Nog niet gepland": remainder["gap"].map(lambda v: format_number(max(v, 0.0)) if pd.notna(v) else MISSING),
        "Aandeel corporaties": remainder["corporation_share"].map(lambda v: format_percent(v, 0)),
        "Restopgave corporaties": remainder["n_dwellings"].map(format_number),
    })


def _remainder_item(r) -> str:
    words = f"{format_number(r['n_dwellings'])} {REMAINDER_WORDS[r['segment']][int(r['n_dwellings']) != 1]}"
    if r["segment"] == INPONDING_ROW:
        return (f"{words} (het doel van de inponding tot en met {int(r['period_end'])} is "
                f"{format_number(r['target'])} woningen, {format_number(r['counted'])} zijn gerealiseerd en gepland)")
    open_ = max(float(r["gap"]), 0.0)
    why = []
    if r["corporation_share"] < 1.0 - 1e-9 and open_ > 0:
        why.append(f"{format_percent(r['corporation_share'], 0)} van de {format_number(open_)} die nog niet gepland "
                   "zijn: het aandeel van de corporaties in de huidige plannen van dat segment; de rest kan de markt bouwen")
    if r["inponding_overlap"] > 0 and open_ > 0:
        why.append(f"{format_number(open_)} nog niet gepland, min de {format_number(r['inponding_overlap'])} "
                   "ingeponde woningen van de inhaalslag hieronder, die ook als sociale huur tellen")
    return words + (f" ({'; '.join(why)})" if why else "")


def _missing_words(missing_corporations: Sequence[str], missing_municipalities: Sequence[str]) -> str:
    parts = []
    if missing_corporations:
        parts.append(f"{join_names(missing_corporations)} (projecten)")
    if missing_municipalities:
        parts.append(f"{join_names(missing_municipalities)} (plancapaciteit)")
    if not parts:
        return ""
    return (f" Niet geleverd hebben: {join_names(parts)}. Hun plannen tellen niet mee en het deel van een corporatie "
            "zonder levering valt op de corporaties die wel leverden: de restopgave is daardoor eerder te hoog dan te "
            "laag.")


def remainder_text(remainder: pd.DataFrame, task_table: pd.DataFrame, scope_type: str = "regio",
                   scope: str = REGION_NAME, missing: tuple[Sequence[str], Sequence[str]] = ((), ())) -> str:
    """What the agreement still asks beyond the plans (the region's restopgave), and the report's share of it.

    ``missing``: the corporations and municipalities that did not deliver (named in a sentence).
    """
    if remainder.empty:
        return "Er zijn geen doelen om de plannen aan te toetsen; een restopgave is niet berekend."
    if remainder["n_dwellings"].isna().all():
        return ("Of de afspraken meer vragen dan de plannen, is niet te zeggen: er zijn geen plannen geleverd "
                "(projecten van de corporaties of plancapaciteit van de gemeenten).")
    rows = remainder[remainder["n_dwellings"].fillna(0) > 0]
    if rows.empty:
        return "De plannen dekken elk doel van de afspraken; er is geen restopgave." + _missing_words(*missing)
    items = [_remainder_item(r) for _, r in rows.iterrows()]
    covered = [REMAINDER_LABELS[s].split(" (")[0] for s, n in zip(remainder["segment"], remainder["n_dwellings"],
                                                                   strict=True) if n == 0]
    covered_text = (f" Voor {join_names(covered)} dekken de plannen het doel al; daar is geen restopgave."
                    if covered else "")
    text = ("De restopgave is wat de afspraken vragen boven de plannen die er al zijn (afspraak 16: voorkomen moet "
            "worden dat een deel van de opgave niet gerealiseerd wordt). Voor de corporaties in de regio is dat: "
            + join_names(items) + "." + covered_text + " De doelen zijn regionaal; voor de toets aan de normen is de restopgave over de "
            "corporaties verdeeld naar hun aantal woningen in het woningregister. Dat is een rekensleutel, geen "
            "afspraak over wie wat bouwt." + _missing_words(*missing))
    if scope_type == "corporatie":
        own = task_table[(task_table["scope"] == scope) & (task_table["task_part"] == PART_REMAINDER)]
        n = int(own["n_units"].sum()) if len(own) else 0
        text += f" Het deel van {scope} naar die sleutel: {format_number(n)} woningen."
    return text


def solvency_text(no_equity: Sequence[str], assessed: Sequence[str], scope_type: str = "regio",
                  scope: str = REGION_NAME) -> str:
    """What is missing when solvency cannot be computed (empty when every assessed corporation delivered it)."""
    others = join_names([NORM_LABELS[n] for n in ("icr", "ltv_beleidswaarde", "dekkingsratio_marktwaarde")])
    if scope_type == "corporatie":
        if scope not in no_equity:
            return ""
        return (f"{scope} leverde het eigen vermogen en het balanstotaal op beleidswaarde niet; de solvabiliteit "
                f"kon daarom niet worden getoetst. De bindende norm is gekozen uit de andere normen ({others}).")
    missing = [c for c in assessed if c in set(no_equity)]
    if not missing:
        return ""
    if len(missing) == len(assessed):
        return ("Geen enkele corporatie leverde het eigen vermogen en het balanstotaal op beleidswaarde; de "
                "solvabiliteit kon daarom niet worden getoetst. De bindende norm is gekozen uit de andere normen "
                f"({others}).")
    one = len(missing) == 1
    return (f"{join_names(missing)} {'leverde' if one else 'leverden'} het eigen vermogen en het balanstotaal op "
            f"beleidswaarde niet; voor {'haar' if one else 'hen'} kon de solvabiliteit daarom niet worden getoetst "
            f"en is de bindende norm gekozen uit de andere normen ({others}).")


def solvency_note(result) -> str:
    """:func:`solvency_text` for a :class:`~analysis.finance.analyse.FinanceResult` (its chosen scenario)."""
    res, p = result.chosen, result.params
    cap = res.capacity
    assessed = [str(c) for c in cap.loc[(cap["corporation"] != REGION_NAME) & cap["gap_eur"].notna(), "corporation"]]
    return solvency_text(res.no_equity, assessed, p.scope_type, p.scope)
