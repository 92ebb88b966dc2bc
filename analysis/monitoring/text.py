"""The monitor's Dutch sentences and display tables (numbers through :mod:`analysis.formatting`)."""

from __future__ import annotations

import pandas as pd

from analysis import formatting as fmt
from analysis.monitoring.funding import FUNDING_LABELS

#: Units of targets.csv as a reader writes them.
UNIT_WORDS = {"woningen_per_jaar": "woningen per jaar", "euro_per_maand": "euro per maand",
              "euro_per_jaar": "euro per jaar", "procent": "%"}
#: The comparison of a target as a word.
COMPARISON_WORDS = {">=": "minimaal", ">": "meer dan", "<=": "hoogstens", "<": "minder dan"}


def status_sentence(status_counts: pd.DataFrame) -> str:
    """One sentence: how many agreements are op koers, need attention, lag, or have no figure.

    >>> status_sentence(pd.DataFrame({"status": ["op koers", "aandacht", "achter", "geen gegevens"],
    ...                               "n_targets": [2, 1, 3, 0]}))
    'Van de 6 gekwantificeerde afspraken zijn er 2 op koers, 1 vraagt aandacht, 3 lopen achter en voor 0 leveren de gegevens (nog) geen cijfer.'
    """
    c = status_counts.set_index("status")["n_targets"]
    n = int(c.sum())
    attention = "1 vraagt aandacht" if c["aandacht"] == 1 else f"{c['aandacht']} vragen aandacht"
    behind = "1 loopt achter" if c["achter"] == 1 else f"{c['achter']} lopen achter"
    return (f"Van de {fmt.format_number(n)} gekwantificeerde afspraken zijn er {c['op koers']} op koers, "
            f"{attention}, {behind} en voor {c['geen gegevens']} leveren de gegevens (nog) geen cijfer.")


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
    t = monitor.assign(unit=monitor["unit"].map(lambda u: UNIT_WORDS.get(u, u)),
                       comparison=monitor["comparison"].map(lambda c: COMPARISON_WORDS.get(c, c)))
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

    >>> status_rule_sentence({"on_track_min_ratio": 1.0, "attention_min_ratio": 0.8})
    '**Op koers**: gerealiseerd plus hard gepland haalt het doel (100 % of meer); **aandacht**: minstens 80 % ervan; **achter**: minder. Bij een doel per jaar telt het gemiddelde over de looptijd, bij de EFG-labels het oordeel van de energielabelanalyse.'
    """
    on, att = fmt.format_percent(rules["on_track_min_ratio"], 0), fmt.format_percent(rules["attention_min_ratio"], 0)
    return (f"**Op koers**: gerealiseerd plus hard gepland haalt het doel ({on} of meer); **aandacht**: minstens "
            f"{att} ervan; **achter**: minder. Bij een doel per jaar telt het gemiddelde over de looptijd, bij de "
            "EFG-labels het oordeel van de energielabelanalyse.")


def voorzieningenwijzer_intro(target: pd.Series | None) -> str:
    """The VoorzieningenWijzer target in one line."""
    if target is None:
        return "Voor de VoorzieningenWijzer is geen doel vastgelegd."
    return (f"Doel: in {int(target['period_start'])}-{int(target['period_end'])} minimaal "
            f"{fmt.format_number(target['value'])} kwetsbare huishoudens benaderen.")
