"""Every Dutch sentence and display table of the finance report (numbers via :mod:`analysis.formatting`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.formatting import (
    MISSING,
    format_eur_millions,
    format_number,
    format_percent,
    round_half_up,
    round_with_total,
)
from analysis.rules.efg import EnergyRules
from analysis.rules.scopes import PHASE_TITLES, REGION_NAME

from .parameters import Scenario
from .vocabulary import (
    ALTERNATIVE_LABELS,
    ALTERNATIVES,
    BASE_SCENARIO,
    BASIS_BUDGET,
    BASIS_OWN,
    BASIS_REFERENCE,
    ITEM_LABELS,
    NO_FINANCES,
    NORM_LABELS,
    TASK_ITEMS,
)

UNLIMITED = "onbeperkt"


def norm_label(norm_id: str) -> str:
    """Dutch label of a norm id ('' -> en dash)."""
    if not norm_id:
        return MISSING
    if norm_id == NO_FINANCES:
        return "geen financiële gegevens"
    return NORM_LABELS.get(norm_id, norm_id)


def _eur(v) -> str:
    return UNLIMITED if v == np.inf else format_eur_millions(v)


def _units(v) -> str:
    return UNLIMITED if v == np.inf else format_number(np.floor(v + 1e-9))


def _year_or(v, missing: str = "geen") -> str:
    return missing if v is None or pd.isna(v) else str(int(v))


def _breach_year(capacity: pd.DataFrame) -> pd.Series:
    """First breach year per row: the year, "geen" (no breach) or "–" (no financial figures: unknown)."""
    return pd.Series([MISSING if norm == NO_FINANCES else _year_or(y)
                      for norm, y in zip(capacity["binding_norm"], capacity["first_breach_year"], strict=True)],
                     index=capacity.index, dtype=object)


def _join(items: Sequence[str], word: str = "of") -> str:
    """``["E", "F", "G"] -> "E, F of G"``; with ``word="en"``: "E, F en G"."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


# --------------------------------------------------------------------------------------
# Display tables
# --------------------------------------------------------------------------------------

def _shown_millions(c: pd.DataFrame) -> dict[str, pd.Series]:
    """The money columns in € mln as shown, adding up within each row: financeable + gap = task on paper.

    Task and gap are rounded as everywhere else in the report (the sentences quote them); where a
    row's task is exactly its financeable part plus its gap (every assessed row), financeable is the
    shown task minus the shown gap (less than € 0,1 mln from its own rounding). A row whose task
    also holds corporations without financial figures (the region, then) keeps its own rounding.
    """
    task, gap = (c[col].map(lambda v: round_half_up(v / 1e6, 1) * 1e6) for col in ("task_eur", "gap_eur"))
    whole = (c["task_eur"] - c["financeable_eur"] - c["gap_eur"]).abs() < 1e3
    fin = (task - gap).where(whole, c["financeable_eur"])
    return {"task_eur": task, "gap_eur": gap, "financeable_eur": fin, "buffer_eur": c["buffer_eur"]}


def format_capacity_table(capacity: pd.DataFrame) -> pd.DataFrame:
    """The headline table with Dutch headers and Dutch euro formatting; the shown amounts add up (:func:`_shown_millions`)."""
    c = capacity
    m = _shown_millions(c)
    return pd.DataFrame({
        "Corporatie": c["corporation"],
        "Opgave": m["task_eur"].map(format_eur_millions),
        "Financierbaar": m["financeable_eur"].map(format_eur_millions),
        "Tekort (gat)": m["gap_eur"].map(format_eur_millions),
        "Resterende leenruimte": c["capacity_eur"].map(_eur),
        "Buffer (achtergehouden)": m["buffer_eur"].map(format_eur_millions),
        "Bindende norm": c["binding_norm"].map(norm_label),
        "Eerste normoverschrijding": _breach_year(c),
    })


def format_alternatives_wide(alternatives: pd.DataFrame, capacity: pd.DataFrame) -> pd.DataFrame:
    """One row per corporation; the columns are mutually exclusive uses of the same room ('óf ...').

    Never add the columns up: each is the whole remaining room spent on one thing.
    """
    rows = []
    for corp in capacity.loc[(capacity["corporation"] != REGION_NAME) & capacity["capacity_eur"].notna(), "corporation"]:
        a = alternatives[alternatives["corporation"] == corp].set_index("use")["units"]
        row = {"Corporatie": corp}
        for i, name in enumerate(ALTERNATIVES):
            v = float(a.get(name, 0.0))
            if name == "extra_lening":
                row["Extra lenen (€)"] = _eur(v)
            else:
                row[("" if i == 0 else "óf ") + ALTERNATIVE_LABELS[name]] = _units(v)
        rows.append(row)
    return pd.DataFrame(rows)


def format_alternatives(alternatives: pd.DataFrame, corporation: str) -> pd.DataFrame:
    """The remaining room of one corporation as mutually exclusive uses, each row starting with 'óf'.

    The first row is the extra borrowing in euro; the others are numbers of units. The rows
    are alternatives: choosing one uses up the room for the others.
    """
    a = alternatives[alternatives["corporation"] == corporation].set_index("use")["units"]
    rows = []
    for i, name in enumerate(ALTERNATIVES):
        v = float(a.get(name, 0.0))
        amount = _eur(v) if name == "extra_lening" else _units(v)
        rows.append({"": "" if i == 0 else "óf", "Aantal of bedrag": amount, "Besteding": ALTERNATIVE_LABELS[name]})
    return pd.DataFrame(rows)


def format_ratio_table(ratios: pd.DataFrame, corporation: str) -> pd.DataFrame:
    """Per-year ratios of one corporation, Dutch formatted."""
    r = ratios[ratios["corporation"] == corporation]
    return pd.DataFrame({
        "Jaar": r["year"].astype(int).astype(str) + np.where(r["figure"] == "realisatie", " (realisatie)", ""),
        "Investeringen": r["investment_eur"].map(format_eur_millions),
        "Leningen": r["debt_eur"].map(format_eur_millions),
        "Rente": r["interest_eur"].map(format_eur_millions),
        "Kasstroom vóór rente": r["operating_cash_flow_eur"].map(format_eur_millions),
        "ICR": r["icr"].map(lambda v: "∞" if v == np.inf else format_number(v, 2)),
        "LTV": r["ltv_beleidswaarde"].map(format_percent),
        "Solvabiliteit": r["solvabiliteit"].map(format_percent),
        "Dekkingsratio": r["dekkingsratio_marktwaarde"].map(format_percent),
        "Norm geschonden": r["breach"].map({True: "ja", False: "nee"}),
    })


def format_task_table(task: pd.DataFrame) -> pd.DataFrame:
    """Task per item (units and euro), Dutch formatted, with a total row (no rows without a task)."""
    if task.empty:
        return pd.DataFrame(columns=["Onderdeel", "Aantal woningen", "Kosten"])
    s = task.groupby("item", as_index=False)[["n_units", "cost_eur"]].sum() if len(task) else pd.DataFrame(
        {"item": [], "n_units": [], "cost_eur": []})
    s["_o"] = s["item"].map({k: i for i, k in enumerate(TASK_ITEMS)})
    s = s.sort_values("_o")
    # the items add up to the total as shown (largest-remainder rounding to € 0,1 mln)
    shown = round_with_total(pd.concat([s["cost_eur"], pd.Series([task["cost_eur"].sum()])], ignore_index=True) / 1e6,
                             pd.Series([False] * len(s) + [True]), 1) * 1e6
    out = pd.DataFrame({"Onderdeel": s["item"].map(ITEM_LABELS), "Aantal woningen": s["n_units"].map(format_number),
                        "Kosten": shown.iloc[:-1].map(format_eur_millions).to_numpy()})
    total = pd.DataFrame({"Onderdeel": ["totaal"], "Aantal woningen": [MISSING],
                          "Kosten": [format_eur_millions(shown.iloc[-1])]})
    return pd.concat([out, total], ignore_index=True)


def scenario_table(capacity_all: pd.DataFrame, scenarios: pd.DataFrame, corporation: str) -> pd.DataFrame:
    """Gap and financeable part of one row (region or corporation) for every scenario, Dutch formatted.

    ``scenarios`` is ``finance_scenarios.csv`` (for the Dutch labels).
    """
    labels = dict(zip(scenarios["scenario"], scenarios["label_nl"], strict=True))
    c = capacity_all[capacity_all["corporation"] == corporation]
    return pd.DataFrame({
        "Scenario": c["scenario"].map(labels),
        "Opgave": c["task_eur"].map(format_eur_millions),
        "Financierbaar": c["financeable_eur"].map(format_eur_millions),
        "Tekort (gat)": c["gap_eur"].map(format_eur_millions),
        "Eerste normoverschrijding": _breach_year(c),
    })


# --------------------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------------------

def who(scope_type: str, scope: str) -> str:
    """Whose task a sentence speaks of: "de corporaties in <regio>" or the corporation."""
    return f"de corporaties in {REGION_NAME}" if scope_type == "regio" else scope


def intro_sentences(row: Mapping | None, scenario: Scenario, *, buffer: float, horizon: int, phase: str, year: int,
                    scope_type: str, scope: str, unassessed: Sequence[str] = ()) -> str:
    """Opening paragraph: scenario, buffer, horizon and the headline figures of the report's own row.

    ``row`` is the report's row of the capacity table (the region row or the corporation), or
    None when there is none. ``unassessed`` (corporations without financial figures) is named in
    the region's report only.
    """
    party = who(scope_type, scope)
    if row is None:
        return f"Geen financiële gegevens of opgave gevonden voor {party} in de levering {year}."
    what_if = " Dit scenario is een **wat-als**: het beschrijft geen geldend beleid." if scenario.what_if else ""
    lines = [
        f"Rapportage {PHASE_TITLES[phase]}, leveringsjaar {year}, scenario **{scenario.label_nl}**, "
        f"projectie tot en met {horizon}, veiligheidsmarge {format_percent(buffer, 0)} van elke norm.{what_if}",
        "",
        f"- De opgave van {party} tot en met {horizon} kost naar schatting **{format_eur_millions(row['task_eur'])}**.",
    ]
    if pd.isna(row["gap_eur"]):
        lines.append("- Zonder financiële gegevens kan niet worden bepaald welk deel financierbaar is.")
    else:
        lines.append(f"- Binnen de normen (met buffer) is daarvan **{format_eur_millions(row['financeable_eur'])}** "
                     f"te financieren; **{format_eur_millions(row['gap_eur'])}** niet: dat is het tekort.")
        fb = row["first_breach_year"]
        lines.append(f"- Met de volledige opgave wordt geen norm overschreden tot en met {horizon}." if pd.isna(fb)
                     else f"- Met de volledige opgave wordt een norm voor het eerst overschreden in **{int(fb)}**.")
    if unassessed and scope_type == "regio":
        lines.append(f"- Geen financiële gegevens geleverd door: {', '.join(unassessed)}; hun opgave telt wel mee "
                     "in de opgave, niet in het financierbare deel en het tekort.")
    return "\n".join(lines)


def intro_text(result) -> str:
    """:func:`intro_sentences` for a :class:`~analysis.finance.analyse.FinanceResult`."""
    res, p = result.chosen, result.params
    rows = res.capacity[res.capacity["corporation"] == result.row_name]
    return intro_sentences(None if rows.empty else rows.iloc[0], res.scenario, buffer=res.buffer, horizon=res.horizon,
                           phase=p.phase, year=result.year, scope_type=p.scope_type, scope=p.scope,
                           unassessed=res.unassessed)


def efg_rule_sentence(rules: EnergyRules) -> str:
    """Which EFG dwellings the task prices and when: the EFG rule in words."""
    exempt = ["monumenten"] if rules.exempt_monument else []
    exempt += [f"woningen die uiterlijk {rules.deadline_year + rules.demolition_window_years} worden gesloopt",
               f"woningen die uiterlijk {rules.deadline_year} worden verkocht"]
    return (f"Voor de EFG-woningen geldt dezelfde regel als in het rapport over de energielabels: de opgave bevat "
            f"elke woning met label {_join(rules.efg_labels)}, behalve {_join(exempt, 'en')}. Een woning zonder "
            f"geplande verbetering telt mee in {rules.deadline_year}.")


def task_text(task: pd.DataFrame, rules: EnergyRules) -> str:
    """How the task was priced (own figures versus reference figures) and which EFG dwellings it holds."""
    if task.empty:
        return "De leveringen bevatten geen opgave binnen de projectieperiode."
    by = task.groupby("cost_basis")["cost_eur"].sum()
    total = float(by.sum())
    parts = [f"{format_percent(by.get(k, 0.0) / total, 0)} {label}" for k, label in (
        (BASIS_BUDGET, "uit projectbegrotingen van de corporaties"),
        (BASIS_OWN, "uit eigen kostenkengetallen van de corporaties"),
        (BASIS_REFERENCE, "uit referentiekengetallen (Aedes of aanname, geïndexeerd)"))]
    return ("Van de geraamde kosten komt " + ", ".join(parts[:-1]) + " en " + parts[-1] + ". "
            "Kosten vallen in het jaar van oplevering of van de ingreep. " + efg_rule_sentence(rules))


def _binding(r) -> str:
    """" (bindend: LTV (beleidswaarde) in 2030)", or "" without a binding norm."""
    if not r["binding_norm"]:
        return ""
    year = r["binding_year"]
    return f" (bindend: {norm_label(r['binding_norm'])}" + ("" if pd.isna(year) else f" in {int(year)}") + ")"


def corporation_gap_text(row: Mapping | None, corporation: str) -> str:
    """The corporation's own gap or remaining room, in one or two sentences."""
    if row is None:
        return f"Voor {corporation} zijn geen financiële gegevens of opgave gevonden."
    task = format_eur_millions(row["task_eur"])
    if row["binding_norm"] == NO_FINANCES:
        return (f"{corporation} heeft geen financiële gegevens geleverd; daarom is niet te bepalen welk deel van "
                f"de opgave van {task} financierbaar is.")
    if row["gap_eur"] > 0.5:
        return (f"{corporation} kan {format_eur_millions(row['financeable_eur'])} van de opgave van {task} binnen "
                f"de normen (met buffer) financieren; het tekort is {format_eur_millions(row['gap_eur'])}"
                f"{_binding(row)}. Leenruimte van een andere corporatie kan dit tekort niet dekken: elke corporatie "
                "heeft een eigen balans.")
    room = ("daarna begrenst geen norm de extra leenruimte" if row["capacity_eur"] == np.inf else
            f"daarna blijft {format_eur_millions(row['capacity_eur'])} leenruimte over{_binding(row)}")
    return (f"{corporation} kan de hele opgave van {task} binnen de normen (met buffer) financieren; {room}. "
            "Die ruimte staat hieronder als alternatieven.")


def gap_text(capacity: pd.DataFrame, scope_type: str = "regio", scope: str = REGION_NAME) -> str:
    """Region: which corporations have a gap and which norm binds. Corporation: its own gap or room."""
    if scope_type != "regio":
        rows = capacity[capacity["corporation"] == scope]
        return corporation_gap_text(None if rows.empty else rows.iloc[0], scope)
    c = capacity[(capacity["corporation"] != REGION_NAME) & capacity["gap_eur"].notna()]
    if c.empty:
        return "Er zijn geen corporaties met financiële gegevens."
    short = c[c["gap_eur"] > 0.5]
    if short.empty:
        return ("Alle corporaties kunnen hun opgave binnen de normen (met buffer) financieren. "
                "De resterende ruimte staat hieronder als alternatieven.")
    items = [f"{r['corporation']} ({format_eur_millions(r['gap_eur'])}; bindend: {norm_label(r['binding_norm'])}"
             + ("" if pd.isna(r["binding_year"]) else f" in {int(r['binding_year'])}") + ")"
             for _, r in short.iterrows()]
    return ("Een tekort hebben: " + "; ".join(items) + ". De leenruimte van de ene corporatie kan het tekort "
            "van een andere niet dekken (elke corporatie heeft een eigen balans); het regionale tekort is daarom "
            "de som van de tekorten, niet de regionale opgave min de regionale ruimte.")


def freeze_text(capacity_all: pd.DataFrame, corporation: str) -> str:
    """The rent-freeze what-if compared with the basis, in one sentence."""
    c = capacity_all[capacity_all["corporation"] == corporation].set_index("scenario")
    if "huurbevriezing" not in c.index or BASE_SCENARIO not in c.index:
        return ""
    d = float(c.loc["huurbevriezing", "gap_eur"]) - float(c.loc[BASE_SCENARIO, "gap_eur"])
    if pd.isna(d):
        return ("De huurbevriezing 2025-2026 is op 3 juni 2025 ingetrokken. Wat een bevriezing met het tekort zou "
                "hebben gedaan, is zonder financiële gegevens niet te zeggen.")
    return ("De huurbevriezing 2025-2026 is op 3 juni 2025 ingetrokken; de huren mochten per 1 juli 2025 stijgen. "
            "Het scenario laat zien wat een bevriezing zou hebben gedaan: het tekort zou "
            f"{format_eur_millions(abs(d))} {'groter' if d >= 0 else 'kleiner'} zijn dan in het basisscenario.")


def note_missing(result, what: str, otherwise: str = "er is hier niets te tonen") -> str:
    """Why a table or figure of the report is not there (Dutch): ``what`` and what is missing.

    ``result``: a :class:`~analysis.finance.analyse.FinanceResult`; ``otherwise``: the reason when
    the deliveries are there (e.g. no task within the projection period).
    """
    capacity = result.chosen.capacity
    own = capacity[capacity["corporation"] == result.row_name]
    assessed = capacity[(capacity["corporation"] != REGION_NAME) & (capacity["binding_norm"] != NO_FINANCES)]
    if result.params.is_region and capacity.empty:
        return f"{what}: er zijn geen leveringen van corporaties met een opgave of financiële gegevens."
    if own.empty:
        return f"{what}: {result.params.scope} heeft geen opgave en geen financiële gegevens geleverd."
    if result.params.is_region and assessed.empty:
        return f"{what}: geen enkele corporatie heeft financiële gegevens geleverd."
    if own.iloc[0]["binding_norm"] == NO_FINANCES:
        return f"{what}: {result.params.scope} heeft geen financiële gegevens geleverd."
    return f"{what}: {otherwise}."
