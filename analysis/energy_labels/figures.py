"""The figures of the energy report (shared API of :mod:`analysis.figures`).

Each ``plot_*`` takes the :class:`~analysis.energy_labels.analyse.EnergyResult`, then keyword-only
``title``, ``highlight`` and ``ax``; it returns the figure, or ``None`` when there is nothing to
draw (the text then says so). Every figure shows the report's own scope, except the EFG map of a
municipality's report, which shows all municipalities (marked regional, the municipality outlined).
"""

from __future__ import annotations

import numpy as np

from analysis import style
from analysis.figures import (
    count_axis,
    finish,
    highlight_colours,
    highlight_ticklabel,
    new_figure,
    set_alt,
)
from analysis.formatting import format_number, format_percent
from analysis.outputs import regional_caption
from analysis.rules.efg import LABEL_ORDER
from analysis.rules.scopes import select_scope_rows

from .analyse import EnergyResult
from .text import format_labels


def _n(v) -> str:
    return format_number(v, 0)


def _year_ticks(r: EnergyResult, years) -> tuple[list[int], list[str]]:
    """x positions (start = reporting year - 1) and Dutch labels: "1-1-2026", "eind 2026", ..."""
    x = [r.year - 1, *[int(y) for y in years]]
    return x, [f"1-1-{r.year}"] + [f"eind {int(y)}" for y in years]


def plot_label_bars(r: EnergyResult, *, title: str | None = None, highlight: str | None = None, ax=None):
    """Stacked bars: label shares per corporation (regio/gemeente) or per municipality (corporatie)."""
    d = r.label_distribution
    if d.empty:
        return None
    by = "municipality" if r.scope_type == "corporatie" else "corporation"
    wide = d.pivot_table(index=by, columns="energy_label", values="n_dwellings", aggfunc="sum",
                         fill_value=0, observed=True)
    wide = wide[[x for x in LABEL_ORDER if x in wide.columns]]
    share = wide.div(wide.sum(axis=1), axis=0) * 100
    fig, ax = new_figure(ax, figsize=(9, max(3.0, 0.45 * len(share) + 1.2)))
    left = np.zeros(len(share))
    for label in share.columns:
        ax.barh(share.index.astype(str), share[label], left=left, color=style.colour_for(label), label=label,
                edgecolor="white", linewidth=0.5)
        left += share[label].to_numpy()
    ax.invert_yaxis()
    highlight_ticklabel(ax, highlight)
    ax.set_xlim(0, 100)
    ax.set_xlabel("aandeel van de woningen (%)")
    ax.legend(ncol=1, loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8, title="label",
              title_fontsize=8, handlelength=1.2, labelspacing=0.3)
    style.dutch_axis(ax, "x")
    part = "gemeente" if by == "municipality" else "corporatie"
    efg = [x for x in r.rules.efg_labels if x in wide.columns]
    parts = ", ".join(f"{name} {_n(wide.loc[name].sum())} woningen, waarvan {_n(wide.loc[name, efg].sum())} met label "
                      f"{format_labels(r.rules.efg_labels)} ({format_percent(wide.loc[name, efg].sum() / wide.loc[name].sum())})"
                      for name in wide.index)
    alt = f"Gestapeld staafdiagram, aandeel per energielabel op 1 januari {r.year} per {part}: {parts}."
    return finish(fig, title or f"Energielabels op 1 januari {r.year} per {part}", ax, alt=alt)


def plot_trajectory(r: EnergyResult, *, title: str | None = None, highlight: str | None = None, ax=None):
    """EFG remaining per year (plan) against the even path to zero at the end of the deadline year."""
    t = select_scope_rows(r.trajectory, r.scope_type, r.scope)
    if t.empty:
        return None
    fig, ax = new_figure(ax, figsize=(9, 4.8))
    start = int(t["efg_remaining_start"].iloc[0])
    x, ticks = _year_ticks(r, t["year"])
    ax.plot(x, [start, *t["efg_remaining"].tolist()], marker="o", color="#c53030", label="EFG resterend volgens plan")
    ax.plot(x, [int(t["efg_start"].iloc[0]) - start, *t["exempt"].tolist()], marker=".", color="#718096",
            linestyle=":", label="vrijgesteld (monument, sloop)")
    dl = r.rules.deadline_year
    ax.plot([r.year - 1, dl], [start, 0], color="#2f855a", linestyle="--",
            label=f"gelijkmatig pad naar nul eind {dl}")
    ax.axhline(0, color="#2d3748", linewidth=0.8)
    ax.axvline(dl, color="#2d3748", linewidth=0.8, linestyle=":")
    ax.set_xticks(x, ticks, fontsize=9)
    ax.set_ylabel("woningen")
    ax.set_ylim(bottom=0)
    count_axis(ax, "y")
    ax.legend(fontsize=9)
    at_deadline = t.loc[t["year"] == dl, "efg_remaining"]
    alt = (f"Lijndiagram, EFG-woningen van {r.scope} die nog verbeterd moeten worden volgens plan: {_n(start)} op "
           f"1 januari {r.year}, {_n(t['efg_remaining'].iloc[0])} eind {int(t['year'].iloc[0])}"
           + (f", {_n(at_deadline.iloc[0])} eind {dl}" if len(at_deadline) and int(t["year"].iloc[0]) != dl else "")
           + f"; het doel is nul eind {dl}.")
    return finish(fig, title or f"EFG-woningen {r.scope}: plan tegen doel (nul eind {dl})", ax, alt=alt)


def _parts_title(r: EnergyResult, part_type: str) -> str:
    if r.scope_type == "corporatie":
        return f"EFG resterend volgens plan per {part_type}: woningen van {r.scope}"
    if r.scope_type == "gemeente":
        return f"EFG resterend volgens plan per {part_type}: hun woningen in gemeente {r.scope}"
    return f"EFG resterend volgens plan per {part_type}"


def plot_trajectory_by(r: EnergyResult, scope_type: str | None = None, *, title: str | None = None,
                       highlight: str | None = None, ax=None):
    """EFG remaining per year of the scope's own dwellings, one line per part (corporation or municipality).

    ``scope_type``: which parts (default: the first of ``r.part_types``).
    """
    part_type = scope_type or r.part_types[0]
    t = r.part_trajectory[r.part_trajectory["scope_type"] == part_type]
    if t.empty:
        return None
    fig, ax = new_figure(ax, figsize=(9, 4.8))
    names = sorted(t["scope"].unique())
    colours = highlight_colours(names, {name: style.colour_for(name) for name in names}, highlight)
    for name, colour in zip(names, colours, strict=True):
        g = t[t["scope"] == name]
        x, ticks = _year_ticks(r, g["year"])
        ax.plot(x, [int(g["efg_remaining_start"].iloc[0]), *g["efg_remaining"].tolist()], marker=".",
                color=colour, label=name)
    ax.axvline(r.rules.deadline_year, color="#2d3748", linewidth=0.8, linestyle=":")
    ax.set_xticks(x, ticks, fontsize=9)
    ax.set_ylabel("niet-vrijgestelde EFG-woningen")
    ax.set_ylim(bottom=0)
    count_axis(ax, "y")
    ax.legend(fontsize=8, ncol=2)
    dl = r.rules.deadline_year
    parts = []
    for name in names:
        g = t[t["scope"] == name]
        end = g.loc[g["year"] == dl, "efg_remaining"]
        parts.append(f"{name} {_n(g['efg_remaining_start'].iloc[0])} op 1 januari {r.year}"
                     + (f", {_n(end.iloc[0])} eind {dl}" if len(end) else ""))
    own = f" ({highlight} uitgelicht)" if highlight in names else ""
    return finish(fig, title or _parts_title(r, part_type), ax,
                  alt=f"Lijndiagram, EFG-woningen resterend volgens plan per {part_type}{own}: {'; '.join(parts)}.")


def _map_title(r: EnergyResult) -> str:
    if r.scope_type == "corporatie":
        return f"Aandeel EFG-woningen in de voorraad van {r.scope}, 1 januari {r.year}"
    return regional_caption(f"Aandeel EFG-woningen in de corporatievoorraad, 1 januari {r.year}",
                            r.efg_share_regional)


def plot_efg_map(r: EnergyResult, *, title: str | None = None, highlight: str | None = None, ax=None):
    """Map of the municipalities with the EFG share of the dwellings the report is about.

    A corporation's report: its own dwellings; otherwise all corporations (regional in a
    municipality's report, with ``highlight`` outlined).
    """
    from analysis.maps import describe_map, plot_municipality_map

    if r.efg_share.empty:
        return None
    fig, ax = new_figure(ax, figsize=(7, 7))
    values = r.efg_share.set_index("municipality")["efg_share"]
    plot_municipality_map(values, title or _map_title(r), value_format=lambda v: format_percent(v),
                          legend_label=f"aandeel label {format_labels(r.rules.efg_labels)}", highlight=highlight, ax=ax)
    return set_alt(fig, describe_map(values, f"aandeel woningen met label {format_labels(r.rules.efg_labels)} op "
                                             f"1 januari {r.year}", lambda v: format_percent(v)))


def plot_future(r: EnergyResult, *, title: str | None = None, highlight: str | None = None, ax=None):
    """Toekomstklaar (label B or better, planned) and gas-free dwellings of the scope per year."""
    f = select_scope_rows(r.future_stock, r.scope_type, r.scope)
    if f.empty:
        return None
    fig, ax = new_figure(ax, figsize=(9, 4.2))
    labels = [f"1-1-{r.year}"] + [f"eind {y}" for y in f["year"].iloc[1:]]
    best = f"label {r.rules.toekomstklaar_labels[-1]} of beter"
    ax.plot(labels, f["n_toekomstklaar"], marker="o", color="#2f855a", label=f"toekomstklaar ({best})")
    ax.plot(labels, f["n_gas_free"], marker="o", color="#2b6cb0", label="aardgasvrij (met geplande omschakeling)")
    ax.set_ylabel("woningen")
    ax.set_ylim(bottom=0)
    count_axis(ax, "y")
    ax.legend(fontsize=9)
    alt = (f"Lijndiagram, woningen van {r.scope} volgens plan van {labels[0]} tot {labels[-1]}: toekomstklaar ({best}) "
           f"van {_n(f['n_toekomstklaar'].iloc[0])} naar {_n(f['n_toekomstklaar'].iloc[-1])}, aardgasvrij van "
           f"{_n(f['n_gas_free'].iloc[0])} naar {_n(f['n_gas_free'].iloc[-1])}.")
    return finish(fig, title or f"Toekomstklare en aardgasvrije woningen {r.scope} volgens plan", ax, alt=alt)
