"""Figures of the ageing report, on the shared plotting API (:mod:`analysis.figures`).

Each ``plot_*`` takes the result, keyword-only ``title``, ``highlight`` and ``ax``, returns the
figure (or None when there is nothing to draw; the report then says so in words) and reads no
file of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import pandas as pd

from analysis.figures import count, count_axis, finish, highlight_ticklabel, new_figure, set_alt
from analysis.formatting import format_number
from analysis.maps import describe_map, plot_municipality_map
from analysis.outputs import regional_caption
from analysis.rules.scopes import filter_to_scope, select_scope_rows
from analysis.style import colour_for

from .supply import ACCESSIBILITY_CLASSES, SUITABLE_PROJECT_FORMS
from .text import statuses_counted

if TYPE_CHECKING:
    from .chain import AgeingResult

CLASS_COLOURS = {"geschikt": "#2f855a", "aanpasbaar": "#d69e2e", "ongeschikt": "#c53030", "onbekend": "#a0aec0"}
FORM_COLOURS = {"nultreden": "#90cdf4", "geclusterd": "#2b6cb0", "zorggeschikt": "#553c9a"}


def _band(low, high) -> str:
    """``(1200.4, 1480.6) -> '1.200 tot 1.481'`` (one figure when both round the same)."""
    lo, hi = format_number(low), format_number(high)
    return lo if lo == hi else f"{lo} tot {hi}"


def plot_need_and_supply(r: AgeingResult, *, title: str | None = None, highlight: str | None = None, ax=None):
    """Need (band low-high) and suitable supply (line) for the scope, per year."""
    t = select_scope_rows(r.need_table, r.scope_type, r.scope).sort_values("year")
    if t.empty:
        return None
    fig, ax = new_figure(ax, (9, 4.5))
    colour = colour_for(highlight or r.scope, "#2b6cb0")
    ax.fill_between(t["year"], t["need_low"], t["need_high"], alpha=0.3, color=colour, label="behoefte (laag–hoog)")
    supply = t["suitable_supply"].astype(float)
    if supply.notna().any():  # unknown without a register: the need band alone
        ax.plot(t["year"], supply, color="#2d3748", linewidth=2.2, label="geschikt aanbod")
    ax.set_xlabel("jaar")
    ax.set_ylabel("woningen")
    ax.set_ylim(bottom=0)
    count_axis(ax)
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.legend(loc="lower right")  # below the band and the supply line, which start well above zero
    first, last = t.iloc[0], t.iloc[-1]
    alt = (f"Lijndiagram: de behoefte aan geschikte corporatiewoningen in {r.scope} gaat van "
           f"{_band(first['need_low'], first['need_high'])} in {int(first['year'])} naar "
           f"{_band(last['need_low'], last['need_high'])} in {int(last['year'])}; ")
    alt += (f"het geschikte aanbod van {count(supply.iloc[0], 'woning', 'woningen')} naar "
            f"{count(supply.iloc[-1], 'woning', 'woningen')}." if supply.notna().any()
            else "het geschikte aanbod is onbekend (geen register).")
    return finish(fig, title or f"Behoefte aan geschikte corporatiewoningen en aanbod, {r.scope}", ax, alt=alt)


def plot_supply_by_class(r: AgeingResult, *, title: str | None = None, highlight: str | None = None, ax=None):
    """Horizontal stacked bars: stock per scope (the region and each municipality) by accessibility class."""
    s = r.supply_table[r.supply_table["scope_type"] == "gemeente"].set_index("scope")  # bars per municipality
    if s.empty or s["total"].isna().all():
        return None
    fig, ax = new_figure(ax, (9, 0.5 * len(s) + 1.8))
    left = pd.Series(0, index=s.index)
    for c in ACCESSIBILITY_CLASSES:
        ax.barh(s.index, s[c], left=left, color=CLASS_COLOURS[c], label=c)
        left = left + s[c]
    ax.invert_yaxis()
    if highlight in s.index:  # the report's own municipality: outlined bar, bold name
        ax.barh([highlight], [left[highlight]], fill=False, edgecolor="#1a202c", linewidth=2.2)
        highlight_ticklabel(ax, highlight)
    ax.set_xlabel("corporatiewoningen (1 januari)")
    count_axis(ax, "x")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=9)
    parts = ", ".join(f"{name} {count(row['total'], 'woning', 'woningen')} ({format_number(row['geschikt'])} geschikt)"
                      for name, row in s.iterrows() if pd.notna(row["total"]))
    alt = f"Gestapeld staafdiagram: corporatiewoningen per gemeente naar toegankelijkheid op 1 januari {r.year}: {parts}."
    return finish(fig, title or f"Corporatievoorraad naar toegankelijkheid, {r.year}", ax, alt=alt)


def plot_pipeline(r: AgeingResult, *, title: str | None = None, highlight: str | None = None, ax=None):
    """Stacked bars: accessible pipeline units per completion year by woonvorm; uncounted statuses hatched.

    None when the scope has no accessible pipeline (the report says so in words).
    """
    p = filter_to_scope(r.pipeline, r.scope_type, r.scope)
    if int(p["n_dwellings"].sum()) == 0:
        return None
    fig, ax = new_figure(ax, (9, 4.2))
    years = list(range(r.year, max([r.year + 4, *p["completion_year"].tolist()]) + 1))
    uncounted = "/".join(statuses_counted(r.pipeline_status, "in_supply", counted=False))
    bottom = pd.Series(0.0, index=years)
    for counted in (True, False):
        for form in SUITABLE_PROJECT_FORMS:
            sub = p[(p["housing_form"] == form) & (p["in_supply"] == counted)]
            v = sub.groupby("completion_year")["n_dwellings"].sum().reindex(years, fill_value=0).astype(float)
            if v.sum() == 0:
                continue
            ax.bar(years, v.to_numpy(), bottom=bottom.to_numpy(), color=FORM_COLOURS[form],
                   label=form if counted else f"{form} (niet meegeteld: {uncounted})",
                   hatch=None if counted else "//", alpha=1 if counted else 0.45, edgecolor="white")
            bottom = bottom + v
    ax.set_xlabel("opleverjaar")
    ax.set_ylabel("woningen")
    count_axis(ax)
    ax.set_xticks(years)
    ax.set_ylim(0, max(float(bottom.max()) * 1.08, 1.0))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=9)
    n_counted = int(p.loc[p["in_supply"].astype(bool), "n_dwellings"].sum())
    alt = (f"Gestapeld staafdiagram: {count(p['n_dwellings'].sum(), 'geschikte woning', 'geschikte woningen')} in de "
           f"pijplijn van {r.scope} per opleverjaar {years[0]}-{years[-1]}, waarvan {format_number(n_counted)} "
           "meegeteld in het aanbod" + (f" (gearceerd: niet meegeteld, {uncounted})." if uncounted else "."))
    return finish(fig, title or f"Geschikte woningen in de pijplijn per opleverjaar, {r.scope}", ax, alt=alt)


def plot_gap_map(r: AgeingResult, year: int | None = None, *, title: str | None = None,
                 highlight: str | None = None, regional: str | None = None, ax=None):
    """Map of the 7 municipalities: gap in ``year`` (default the horizon), middle of the range.

    The map shows every municipality: in a municipality's report ``regional`` marks the title
    (e.g. "alle gemeenten samen") and ``highlight`` outlines that municipality.
    """
    y = int(year or r.horizon)
    t = r.gap[r.gap["year"] == y]
    if t.empty or t["gap_low"].isna().all():
        return None
    values = ((t["gap_low"] + t["gap_high"]) / 2).set_axis(t["municipality"].tolist())
    title = regional_caption(title or f"Tekort aan geschikte corporatiewoningen in {y} (midden bandbreedte)",
                             regional)
    fig, ax = new_figure(ax, (7, 7))
    plot_municipality_map(values, title, diverging=True, highlight=highlight, ax=ax,
                          legend_label="woningen: tekort (rood) of overschot (blauw, negatief)")
    return set_alt(fig, describe_map(values, f"tekort aan geschikte corporatiewoningen in {y} (midden van de "
                                             "bandbreedte; negatief is een overschot)"))
