"""Figures of the monitor, on the shared figure helpers (:mod:`analysis.figures`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.figures import finish, new_figure
from analysis.monitoring.status import summarise_status
from analysis.style import STATUS_COLOURS, dutch_axis

REALISED_COLOUR, FORECAST_COLOUR, TARGET_COLOUR = "#2b6cb0", "#90cdf4", "#c53030"


def plot_status(monitor: pd.DataFrame, *, title: str | None = "Status van de gekwantificeerde afspraken",
                highlight: str | None = None, ax=None):
    """Horizontal bars: number of targets per status, in the house status colours."""
    s = summarise_status(monitor)
    fig, ax = new_figure(ax, (8, 2.8))
    ax.barh(s["status"][::-1], s["n_targets"][::-1],
            color=[STATUS_COLOURS.get(x, "#a0aec0") for x in s["status"][::-1]])
    ax.set_xlabel("aantal afspraken")
    dutch_axis(ax, axis="x")
    return finish(fig, title, ax)


def plot_against_target(table: pd.DataFrame, value: str, target: str, title: str | None = None,
                        ylabel: str = "", cumulative: bool = False, *, highlight: str | None = None, ax=None):
    """Bars per year (realisation dark, prognosis light) with the target as a line; None without figures."""
    if table.empty or table[value].isna().all():
        return None
    fig, ax = new_figure(ax, (8, 3.6))
    colours = [REALISED_COLOUR if s == "realisatie" else FORECAST_COLOUR for s in table["figure_status"]]
    ax.bar(table["year"].astype(str), table[value].fillna(0), color=colours)
    ax.plot(table["year"].astype(str), table[target], color=TARGET_COLOUR, linewidth=2,
            label="doel" + (" (cumulatief)" if cumulative else " per jaar"))
    ax.set_ylabel(ylabel)
    ax.legend(loc="upper left")
    dutch_axis(ax, axis="y")
    return finish(fig, title, ax)


def plot_prognosis_accuracy(accuracy: pd.DataFrame, measure: str = "nieuwbouw", *, title: str | None = None,
                            highlight: str | None = None, ax=None):
    """Grouped bars per corporation: prognosis versus realised for one measure; None without rows."""
    sel = accuracy[accuracy["measure"] == measure].sort_values("corporation")
    if sel.empty:
        return None
    x = np.arange(len(sel))
    fig, ax = new_figure(ax, (9, 3.8))
    ax.bar(x - 0.2, sel["prognosis"].fillna(0), width=0.4, color=FORECAST_COLOUR, label="prognose (vorige levering)")
    ax.bar(x + 0.2, sel["realised"].fillna(0), width=0.4, color=REALISED_COLOUR, label="realisatie (deze levering)")
    for i, (p, r) in enumerate(zip(sel["prognosis"], sel["realised"], strict=True)):  # unknown is not 0
        for dx, v in ((-0.2, p), (0.2, r)):
            if pd.isna(v):
                ax.text(i + dx, 0, "geen\ncijfers", ha="center", va="bottom", fontsize=7, color="#742a2a")
    ax.set_xticks(x, sel["corporation"], rotation=30, ha="right")
    ax.set_ylabel("woningen")
    ax.legend(loc="upper right")
    dutch_axis(ax, axis="y")
    return finish(fig, title or f"Prognose en realisatie per corporatie: {measure}", ax)
