"""Figures of the monitor, on the shared figure helpers (:mod:`analysis.figures`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.figures import (
    count,
    count_axis,
    figure_status_handles,
    figure_status_style,
    finish,
    hatch_bars,
    highlight_ticklabel,
    new_figure,
)
from analysis.formatting import format_number
from analysis.monitoring.status import summarise_status
from analysis.style import STATUS_COLOURS

REALISED_COLOUR, FORECAST_COLOUR, TARGET_COLOUR = "#2b6cb0", "#90cdf4", "#c53030"


def plot_status(monitor: pd.DataFrame, *, title: str | None = "Status van de gekwantificeerde afspraken",
                highlight: str | None = None, ax=None):
    """Horizontal bars: number of targets per status, in the house status colours."""
    s = summarise_status(monitor)
    fig, ax = new_figure(ax, (8, 0.3 * len(s) + 1.3))  # room for every status label
    ax.barh(s["status"][::-1], s["n_targets"][::-1],
            color=[STATUS_COLOURS.get(x, "#a0aec0") for x in s["status"][::-1]])
    ax.set_xlabel("aantal afspraken")
    count_axis(ax, "x")
    shown = s[s["n_targets"] > 0]
    alt = (f"Staafdiagram: {count(s['n_targets'].sum(), 'afspraak', 'afspraken')} naar status: "
           + ", ".join(f"{format_number(n)} {st}" for st, n in zip(shown["status"], shown["n_targets"], strict=True)) + ".")
    return finish(fig, title, ax, alt=alt)


def plot_against_target(table: pd.DataFrame, value: str, target: str, title: str | None = None,
                        ylabel: str = "", cumulative: bool = False, *, highlight: str | None = None, ax=None):
    """Bars per year (realisation dark, prognosis light and hatched) with the target as a line; None without figures.

    The values are counts (dwellings, households): whole numbers on the axis and in the alternative text.
    """
    if table.empty or table[value].isna().all():
        return None
    fig, ax = new_figure(ax, (8, 3.6))
    colours, hatches = figure_status_style(table["figure_status"], REALISED_COLOUR, FORECAST_COLOUR)
    hatch_bars(ax.bar(table["year"].astype(str), table[value].fillna(0), color=colours), hatches)
    (line,) = ax.plot(table["year"].astype(str), table[target], color=TARGET_COLOUR, linewidth=2,
                      label="doel" + (" (cumulatief)" if cumulative else " per jaar"))
    ax.set_ylabel(ylabel)
    ax.legend(handles=[*figure_status_handles(REALISED_COLOUR, FORECAST_COLOUR, table["figure_status"]), line],
              loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=3, fontsize=9)  # below: clear of the bars
    count_axis(ax, "y")
    years = ", ".join(f"{int(y)} {format_number(v)}" + (" (prognose)" if st == "prognose" else "")
                      for y, v, st in zip(table["year"], table[value], table["figure_status"], strict=True))
    goal = table[target].dropna()
    alt = f"Staafdiagram{': ' + title if title else ''}, {ylabel or 'aantal'} per jaar: {years}"
    alt += (f"; doel {format_number(goal.iloc[-1])}{' cumulatief' if cumulative else ' per jaar'}." if len(goal) else ".")
    return finish(fig, title, ax, alt=alt)


def plot_prognosis_accuracy(accuracy: pd.DataFrame, measure: str = "nieuwbouw", *, title: str | None = None,
                            highlight: str | None = None, ax=None):
    """Grouped bars per corporation: prognosis versus realised for one measure; None without rows."""
    sel = accuracy[accuracy["measure"] == measure].sort_values("corporation")
    if sel.empty:
        return None
    x = np.arange(len(sel))
    fig, ax = new_figure(ax, (9, 3.8))
    ax.bar(x - 0.2, sel["prognosis"].fillna(0), width=0.4, color=FORECAST_COLOUR, label="prognose (vorige levering)",
           hatch="///", edgecolor="white")
    ax.bar(x + 0.2, sel["realised"].fillna(0), width=0.4, color=REALISED_COLOUR, label="realisatie (deze levering)")
    for i, (p, r) in enumerate(zip(sel["prognosis"], sel["realised"], strict=True)):  # unknown is not 0
        for dx, v in ((-0.2, p), (0.2, r)):
            if pd.isna(v):
                ax.text(i + dx, 0, "geen\ncijfers", ha="center", va="bottom", fontsize=7, color="#742a2a")
    ax.set_xticks(x, sel["corporation"], rotation=30, ha="right")
    highlight_ticklabel(ax, highlight, "x")
    ax.set_ylabel("woningen")
    ax.legend(loc="upper right")
    count_axis(ax, "y")
    parts = "; ".join(f"{c} {format_number(p)} voorspeld, {format_number(r)} gerealiseerd"
                      for c, p, r in zip(sel["corporation"], sel["prognosis"], sel["realised"], strict=True))
    alt = f"Staafdiagram: prognose van vorig jaar en realisatie per corporatie, {measure}: {parts}."
    return finish(fig, title or f"Prognose en realisatie per corporatie: {measure}", ax, alt=alt)
