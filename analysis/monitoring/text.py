"""The monitor's Dutch sentences and display tables (numbers through :mod:`analysis.formatting`)."""

from __future__ import annotations

import pandas as pd

from analysis import formatting as fmt
from analysis.monitoring.funding import FUNDING_LABELS
from analysis.monitoring.status import (
    AMBITION_KIND,
    AMBITION_STATUSES,
    MEASURED,
    NO_DATA,
    NO_SIGNAL,
    STATUSES,
    TO_CHECK,
)

#: Units of targets.csv as a reader writes them.
UNIT_WORDS = {"woningen_per_jaar": "woningen per jaar", "euro_per_maand": "euro per maand",
              "euro_per_jaar": "euro per jaar", "procent": "%"}
#: The comparison of a target as a word.
COMPARISON_WORDS = {">=": "minimaal", ">": "meer dan", "<=": "hoogstens", "<": "minder dan",
                    "rule": "afspraak zonder getal"}


def _count(n: int, one: str, many: str) -> str:
    return f"{fmt.format_number(n)} {one if n == 1 else many}"


def status_sentence(status_counts: pd.DataFrame) -> str:
    """How many agreements are op koers, need attention or lag; the ambitions in their own words;
    the agreements without a number (measured, to check); and those without a figure.

    >>> status_sentence(pd.DataFrame({"status": ["op koers", "aandacht", "achter", "geen gegevens"],
    ...                               "n_targets": [2, 1, 3, 0]}))
    'Van de 6 gemonitorde afspraken zijn er 2 op koers, 1 vraagt aandacht en 3 lopen achter; voor 0 leveren de gegevens (nog) geen cijfer.'
    """
    c = status_counts.set_index("status")["n_targets"].reindex(list(STATUSES), fill_value=0).astype(int)
    n = int(c.sum())
    text = (f"Van de {fmt.format_number(n)} gemonitorde afspraken zijn er {c['op koers']} op koers, "
            f"{_count(c['aandacht'], 'vraagt', 'vragen')} aandacht en {_count(c['achter'], 'loopt', 'lopen')} achter")
    n_amb = int(c[list(AMBITION_STATUSES)].sum())
    if n_amb:
        text += (f"; van de {_count(n_amb, 'ambitie', 'ambities')} (geen harde minimumafspraak) "
                 f"{'is' if c[AMBITION_STATUSES[0]] == 1 else 'zijn er'} {c[AMBITION_STATUSES[0]]} in zicht, "
                 f"{c[AMBITION_STATUSES[1]]} dichtbij en {c[AMBITION_STATUSES[2]]} nog ver weg")
    rest = []
    if c[MEASURED]:
        rest.append(f"{_count(c[MEASURED], 'meting is', 'metingen zijn')} gedaan (gemeten)")
    if c[TO_CHECK]:
        rest.append(f"{_count(c[TO_CHECK], 'afspraak is', 'afspraken zijn')} na te gaan")
    if c[NO_SIGNAL]:
        rest.append(f"bij {_count(c[NO_SIGNAL], 'afspraak', 'afspraken')} geen signaal")
    if rest:
        text += "; " + ", ".join(rest)
    return text + f"; voor {c[NO_DATA]} leveren de gegevens (nog) geen cijfer."


#: The statuses the verdict box names the agreements of, in this order, with their lead word.
NAMED_STATUSES = (("achter", "Loopt achter"), ("aandacht", "Vraagt aandacht"), ("op koers", "Op koers"),
                  (AMBITION_STATUSES[2], "Ambitie nog ver weg"), (AMBITION_STATUSES[1], "Ambitie dichtbij"),
                  (AMBITION_STATUSES[0], "Ambitie in zicht"), (TO_CHECK, "Na te gaan"))


def status_names_sentence(monitor: pd.DataFrame) -> str:
    """Which agreements have which status: one line per status, each agreement by its short description.

    The short description is the monitor's ``description_nl`` up to its first bracket, with the period.

    >>> m = pd.DataFrame({"description_nl": ["Flexwoningen in Parkstad (Woondeal Limburg)", "Inponding"],
    ...                   "period": ["2022-2030", ""], "status": ["ambitie: nog ver weg", "achter"]})
    >>> print(status_names_sentence(m))
    - **Loopt achter**: Inponding.
    - **Ambitie nog ver weg**: Flexwoningen in Parkstad (2022-2030).
    """
    if monitor.empty:
        return ""
    rows = monitor[monitor["scope_type"] == "regio"] if "scope_type" in monitor else monitor
    lines = []
    for status, lead in NAMED_STATUSES:
        sel = rows[rows["status"] == status]
        if sel.empty:
            continue
        names = []
        for _, r in sel.iterrows():
            name = str(r["description_nl"]).split(" (")[0].strip()
            period = str(r.get("period", "") or "")
            names.append(f"{name} ({period})" if period and period != "nan" else name)
        lines.append(f"- **{lead}**: " + "; ".join(names) + ".")
    return "\n".join(lines)


def voorzieningenwijzer_sentence(vw: pd.DataFrame, target: pd.Series | None) -> str:
    """How far the VoorzieningenWijzer is, cumulative to the last year of its period."""
    if target is None or vw.empty or vw["households_approached"].isna().all():
        return "Er zijn geen cijfers over de VoorzieningenWijzer geleverd."
    last = vw.iloc[-1]
    return (f"Tot en met {int(last['year'])} zijn (inclusief prognose) "
            f"{fmt.format_number(last['cumulative_approached'])} huishoudens benaderd: "
            f"{fmt.format_percent(last['share_of_target'], 0)} van het doel van {fmt.format_number(target['value'])}.")


def inponding_sentence(measures: pd.DataFrame, target: pd.Series | None) -> str:
    """The inponding figures per year, the same as in the portfolio report."""
    row = measures[measures["target_id"] == "inponding_per_year"]
    if target is None or row.empty:
        return "Er zijn geen mutatiecijfers over inponding geleverd."
    r = row.iloc[0]
    real = "geen realisatiecijfers" if pd.isna(r["realised"]) else f"gemiddeld {fmt.format_number(r['realised'])} per jaar gerealiseerd"
    plan = "geen prognose" if pd.isna(r["planned"]) else f"gemiddeld {fmt.format_number(r['planned'])} per jaar in de prognose"
    return (f"Inponding {int(target['period_start'])}-{int(target['period_end'])}: {real}, {plan}; "
            f"de ambitie is zo'n {fmt.format_number(target['value'])} per jaar.")


def accuracy_missing_sentence(year: int) -> str:
    """Said when there is no delivery of last year to compare with.

    >>> accuracy_missing_sentence(2026)
    'Er is geen levering van 2025; de prognose kan niet worden vergeleken.'
    """
    return f"Er is geen levering van {year - 1}; de prognose kan niet worden vergeleken."


def accuracy_empty_sentence(year: int) -> str:
    """Said when no corporation has figures for last year in both deliveries.

    >>> accuracy_empty_sentence(2026)
    'Geen corporatie heeft zowel in de levering van 2025 (prognose) als in die van 2026 (realisatie) cijfers over 2025; de prognose kan niet worden vergeleken.'
    """
    return (f"Geen corporatie heeft zowel in de levering van {year - 1} (prognose) als in die van {year} (realisatie) "
            f"cijfers over {year - 1}; de prognose kan niet worden vergeleken.")


def display_monitor(monitor: pd.DataFrame) -> pd.DataFrame:
    """The monitor table with Dutch headers, units and comparisons in words."""
    words = monitor["comparison"].map(lambda c: COMPARISON_WORDS.get(c, c))
    if "kind" in monitor.columns:  # an ambition is not a minimum (afspraak 3, 8, the NPA share)
        words = words.where(monitor["kind"] != AMBITION_KIND, "ambitie: " + words)
    t = monitor.assign(unit=monitor["unit"].map(lambda u: UNIT_WORDS.get(u, u)), comparison=words)
    per_year_or_share = t["unit"].isin(["woningen per jaar", "%"])
    shown = t[["agreement", "description_nl", "comparison", "value", "unit", "period", "realised", "planned", "status"]]
    out = fmt.format_frame(shown.rename(columns={
        "agreement": "afspraak", "description_nl": "omschrijving", "comparison": "toets", "value": "doel",
        "unit": "eenheid", "period": "periode", "realised": "gerealiseerd", "planned": "gepland"}),
        {"doel": "int", "gerealiseerd": "int", "gepland": "int"})
    # per-year means and shares keep one decimal (an average of 78,4 is not 78)
    for col, src in (("gerealiseerd", "realised"), ("gepland", "planned")):
        out.loc[per_year_or_share.to_numpy(), col] = [
            "–" if pd.isna(v) else fmt.format_number(v, 1) for v in t.loc[per_year_or_share, src]]
    return out


def display_funding(table: pd.DataFrame, by: str) -> pd.DataFrame:
    """Projects per municipality or corporation with the schemes as Dutch headers."""
    word = {"municipality": "gemeente", "corporation": "corporatie"}[by]
    return table.rename(columns={by: word, "n_projects": "projecten", **FUNDING_LABELS})


def display_project_list(project_list: pd.DataFrame) -> pd.DataFrame:
    """The project list with Dutch headers."""
    return project_list.rename(columns={"municipality": "gemeente", "corporations": "corporaties",
                                        "funding": "financiering"})


def display_accuracy_total(total: pd.DataFrame) -> pd.DataFrame:
    """Region totals of the prognosis accuracy with Dutch headers."""
    total = total.drop(columns=["scope_type", "scope"], errors="ignore")
    return fmt.format_frame(total.rename(columns={"measure": "onderdeel", "prognosis": "prognose",
                                                  "realised": "realisatie", "difference": "verschil",
                                                  "realised_share": "realisatie / prognose"}),
                            {"prognose": "int", "realisatie": "int", "verschil": "int", "realisatie / prognose": "pct"})


def status_rule_sentence(rules: dict[str, float]) -> str:
    """The status rule in words, with its thresholds from the reference data.

    >>> "nooit 'achter'" in status_rule_sentence({"on_track_min_ratio": 1.0, "attention_min_ratio": 0.8})
    True
    """
    on, att = fmt.format_percent(rules["on_track_min_ratio"], 0), fmt.format_percent(rules["attention_min_ratio"], 0)
    return (f"**Op koers**: gerealiseerd plus hard gepland haalt het doel ({on} of meer); **aandacht**: minstens "
            f"{att} ervan; **achter**: minder. Bij een doel per jaar telt het gemiddelde over de looptijd, bij de "
            "EFG-labels het oordeel van de energielabelanalyse. Een **ambitie** is geen harde minimumafspraak "
            "(zoals de flexwoningen van afspraak 3, waarvoor partijen 'de mogelijkheden onderzoeken', en de "
            "inponding van afspraak 8): met dezelfde grenzen is die **in zicht**, **dichtbij** of **nog ver weg**, "
            "nooit 'achter'. Afspraken zonder getal: de 0-meting van afspraak 14 is **gemeten** zodra de "
            "voorraadregisters er zijn; bij afspraak 7 (complexgewijze verkoop eerst aan corporaties) is verkoop aan "
            "derden **na te gaan**, zonder zulke verkoop is er **geen signaal**.")


def voorzieningenwijzer_intro(target: pd.Series | None) -> str:
    """The VoorzieningenWijzer target in one line."""
    if target is None:
        return "Voor de VoorzieningenWijzer is geen doel vastgelegd."
    return (f"Doel: in {int(target['period_start'])}-{int(target['period_end'])} minimaal "
            f"{fmt.format_number(target['value'])} kwetsbare huishoudens benaderen.")


def backtest_basis_sentence(years: list[int], skipped: dict, parameters_sentence: str, calibrated: bool,
                            n_simulations: int) -> str:
    """Which deliveries the backtest of the forecasts uses, with which chances, and what that means.

    >>> backtest_basis_sentence([2024, 2025, 2026], {}, "Kansen per planstatus: de referentiewaarden.", False, 2000)[:79]
    'Getoetst zijn de leveringen 2024-2026: 2 keer de prognose van een levering voor'
    """
    pairs = sum(1 for y in years if y + 1 in years)
    if not years:
        text = "Er zijn geen verwerkte leveringen om de prognose mee te toetsen."
    else:
        span = str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
        text = (f"Getoetst zijn de leveringen {span}: {_count(pairs, 'keer', 'keer')} de prognose van een levering "
                "voor haar eigen jaar (alle nog niet opgeleverde plannen, met vertraging, uitval en de gezamenlijke "
                f"jaarschok, {fmt.format_number(n_simulations)} keer gesimuleerd) naast wat de levering van het jaar "
                "erna als opgeleverd in dat jaar meldt.")
    if skipped:
        text += " Niet gebruikt: " + "; ".join(f"{y} ({why})" for y, why in sorted(skipped.items())) + "."
    text += f" {parameters_sentence}"
    if calibrated:
        text += (" Die kansen zijn geleerd uit dezelfde leveringen: de toets is daardoor gunstiger dan een toets op "
                 "jaren die de kalibratie nog niet kende.")
    return text


def backtest_trivial_sentence(backtest: pd.DataFrame) -> str:
    """How many corporation-years had nothing planned and nothing realised (inside the band by themselves).

    Those years say nothing about the band; the coverage without them is the honest one.

    >>> bt = pd.DataFrame({"scope_type": ["corporatie"] * 3, "in_band": [True, True, False],
    ...                    "forecast_p90": [0.0, 5.0, 9.0], "realised": [0.0, 4.0, 12.0]})
    >>> backtest_trivial_sentence(bt)
    'Bij 1 van de 3 toetsen van corporaties was voor dat jaar niets te verwachten en niets gerealiseerd; die liggen vanzelf binnen de band. Zonder die toetsen lag 1 van de 2 realisaties binnen de band (50 %).'
    """
    if backtest is None or backtest.empty:
        return ""
    corp = backtest[(backtest["scope_type"] == "corporatie") & backtest["in_band"].notna()]
    trivial = (corp["forecast_p90"] == 0) & (corp["realised"] == 0)
    if not len(corp) or not trivial.any():
        return ""
    rest = corp[~trivial]
    text = (f"Bij {fmt.format_number(int(trivial.sum()))} van de {fmt.format_number(len(corp))} toetsen van "
            "corporaties was voor dat jaar niets te verwachten en niets gerealiseerd; die liggen vanzelf binnen de band.")
    if len(rest):
        inside = int(rest["in_band"].astype(bool).sum())
        text += (f" Zonder die toetsen lag {fmt.format_number(inside)} van de {fmt.format_number(len(rest))} "
                 f"realisaties binnen de band ({fmt.format_percent(inside / len(rest), 0)}).")
    return text


BACKTEST_SUMMARY_HEADERS = {"scope": "Partij", "n_years": "Jaren getoetst", "inside": "Binnen de band 10-90 %",
                            "coverage": "Dekking", "mean_crps": "Gem. CRPS (woningen)", "mean_brier": "Gem. Brier-score",
                            "forecast_total": "Verwacht (som)", "realised_total": "Gerealiseerd (som)"}


def display_backtest_summary(summary: pd.DataFrame) -> pd.DataFrame:
    """The backtest per scope (:func:`analysis.monitoring.backtest.summarise_backtest`) with Dutch headers."""
    if summary is None or summary.empty:
        return pd.DataFrame(columns=list(BACKTEST_SUMMARY_HEADERS.values()))
    inside = (summary["coverage"] * summary["n_years"]).round().astype(int)
    out = pd.DataFrame({
        "scope": summary["scope"], "n_years": summary["n_years"].map(fmt.format_number),
        "inside": [f"{a} van {int(n)}" for a, n in zip(inside, summary["n_years"], strict=True)],
        "coverage": summary["coverage"].map(lambda v: fmt.format_percent(v, 0)),
        "mean_crps": summary["mean_crps"].map(lambda v: fmt.format_number(v, 1)),
        "mean_brier": summary["mean_brier"].map(lambda v: fmt.format_number(v, 3)),
        "forecast_total": summary["forecast_total"].map(fmt.format_number),
        "realised_total": summary["realised_total"].map(fmt.format_number),
    })
    return out.rename(columns=BACKTEST_SUMMARY_HEADERS).reset_index(drop=True)


def display_backtest_detail(backtest: pd.DataFrame, words: pd.DataFrame) -> pd.DataFrame:
    """:func:`analysis.forecast.text.display_backtest` with the chance of the own plan in words.

    Nothing planned for the year makes "planning gehaald" certain ("zeker (100 %)"); any other
    chance reads like "onwaarschijnlijk (20 %)" (``probability_words.csv``).
    """
    from analysis.forecast import text as ftext

    if backtest is not None and "year" in backtest.columns:  # the published name of forecast_year
        backtest = backtest.rename(columns={"year": "forecast_year"})
    out = ftext.display_backtest(backtest)
    if backtest is None or backtest.empty:
        return out
    column = ftext.BACKTEST_HEADERS["p_plan_met"]
    out[column] = [("–" if pd.isna(p) else
                    ftext.describe_chance(ftext.TargetChance(float(p), exact=bool(planned == 0)), words))
                   for p, planned in zip(backtest["p_plan_met"], backtest["planned"], strict=True)]
    return out
