"""Every figure of the finance report (API of :mod:`analysis.figures`: data, then ``title``, ``highlight``, ``ax``)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from analysis.figures import (
    MUTED,
    PROGNOSIS_HATCH,
    finish,
    highlight_colours,
    highlight_ticklabel,
    new_figure,
    set_alt,
)
from analysis.formatting import format_eur_millions, format_number, format_percent
from analysis.rules.scopes import REGION_NAME
from analysis.style import colour_for, dutch_axis

from .projection import norm_limits
from .vocabulary import (
    ITEM_LABELS,
    NORM_IDS,
    NORM_LABELS,
    PART_LABELS,
    PART_REMAINDER,
    TASK_ITEMS,
    TASK_PARTS,
)

ITEM_COLOURS = {"nieuwbouw": "#2b6cb0", "inponding": "#805ad5", "efg_verbetering": "#ff9900",
                "renovatie": "#99cc33", "sloop": "#718096"}
GROUP_LABELS = {"rente": "rente", "bouwkosten": "bouwkosten", "huurgroei": "huurgroei",
                "huurbevriezing": "huurbevriezing 2025-2026 (wat als)", "buffer": "buffer"}
FINANCEABLE, GAP, MUTED_GAP = "#2f855a", "#c53030", "#8a96a8"
#: Background of the projection years in the ratio panels (realisation has none).
PROJECTION_SHADE = "#e2e8f0"


def plot_task_by_year(task: pd.DataFrame, *, title: str | None = None, highlight: str | None = None, ax=None):
    """Stacked bars: task cost per year by item (euro millions); None without a task.

    ``highlight`` is accepted for the common API; the bars are items, not parties.
    """
    if task.empty:
        return None
    fig, ax = new_figure(ax, figsize=(9, 4.5))
    pivot = task.pivot_table(index="year", columns="item", values="cost_eur", aggfunc="sum", fill_value=0.0) / 1e6
    pivot = pivot[[i for i in TASK_ITEMS if i in pivot.columns]]
    # the restopgave (what the agreements still ask beyond the plans) hatched on top of each item's own part
    rest = task[task["task_part"] == PART_REMAINDER] if "task_part" in task else task.iloc[0:0]
    rest_pivot = (rest.pivot_table(index="year", columns="item", values="cost_eur", aggfunc="sum", fill_value=0.0)
                  .reindex(index=pivot.index, columns=pivot.columns, fill_value=0.0) / 1e6)
    years = pivot.index.astype(str)
    bottom = np.zeros(len(pivot))
    for item in pivot.columns:
        own = (pivot[item] - rest_pivot[item]).to_numpy()
        ax.bar(years, own, bottom=bottom, label=ITEM_LABELS[item], color=ITEM_COLOURS[item])
        bottom += own
        if rest_pivot[item].sum() > 0:
            ax.bar(years, rest_pivot[item], bottom=bottom, color=ITEM_COLOURS[item], alpha=0.45,
                   hatch=PROGNOSIS_HATCH, edgecolor="white", linewidth=0)
            bottom += rest_pivot[item].to_numpy()
    ax.set_ylabel("€ mln")
    dutch_axis(ax, "y")
    handles, labels = ax.get_legend_handles_labels()
    if rest_pivot.to_numpy().sum() > 0:
        handles.append(Patch(facecolor="#718096", alpha=0.45, hatch=PROGNOSIS_HATCH, edgecolor="white"))
        labels.append(f"gearceerd: {PART_LABELS[PART_REMAINDER]}")
    ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    per_year = pivot.sum(axis=1)
    top = per_year.idxmax()
    alt = (f"Gestapeld staafdiagram, geraamde kosten van de opgave per jaar {int(per_year.index[0])}-"
           f"{int(per_year.index[-1])}: samen {format_eur_millions(task['cost_eur'].sum())}, het meest in {int(top)} "
           f"({format_eur_millions(per_year[top] * 1e6)}); onderdelen: "
           + ", ".join(f"{ITEM_LABELS[i]} {format_eur_millions(pivot[i].sum() * 1e6)}" for i in pivot.columns)
           + (f"; daarvan {PART_LABELS[PART_REMAINDER]} {format_eur_millions(rest['cost_eur'].sum())} (gearceerd)."
              if len(rest) and rest["cost_eur"].sum() > 0 else "."))
    return finish(fig, title, ax, alt=alt)


def plot_ratio_paths(ratios: pd.DataFrame, norms: pd.DataFrame, buffer: float, *, title: str | None = None,
                     highlight: str | None = None, ax=None):
    """Four small panels: each ratio per year per corporation, with the norm and the buffered norm.

    ``ax``: four axes to draw into (one per norm), or None for a new 2 x 2 figure.
    """
    if ratios.empty:
        return None
    if ax is None:
        fig, axes = plt.subplots(2, 2, figsize=(10, 6.5), sharex=True)
        axes = axes.ravel()
    else:
        axes = np.asarray(ax).ravel()
        fig = axes[0].figure
    raw, buf = norm_limits(norms, 0.0), norm_limits(norms, buffer)
    corps = sorted(ratios["corporation"].unique())
    colours = dict(zip(corps, highlight_colours(corps, {c: colour_for(c) for c in corps}, highlight), strict=True))
    projected = ratios.loc[ratios["figure"] != "realisatie", "year"]
    for panel, nid in zip(axes, NORM_IDS, strict=True):
        if len(projected):  # projection years on a hatched background, realisation plain
            panel.axvspan(projected.min() - 0.5, projected.max() + 0.5, facecolor=PROJECTION_SHADE,
                          hatch=PROGNOSIS_HATCH, edgecolor="white", linewidth=0, zorder=0, label="projectie")
        for corp, g in ratios.groupby("corporation"):
            vals = g[nid].replace([np.inf, -np.inf], np.nan)
            own = corp == highlight
            panel.plot(g["year"], vals, marker="o", ms=4 if own else 3, lw=2.6 if own else 1.3, color=colours[corp],
                       label=corp, zorder=3 if own else 2)
        if nid in raw:
            panel.axhline(raw[nid][1], color=GAP, lw=1.5, label="norm")
            panel.axhline(buf[nid][1], color=GAP, lw=1, ls="--", label="norm met buffer")
        panel.set_title(NORM_LABELS[nid])
        absent = [c for c, g in ratios.groupby("corporation")
                  if g[nid].replace([np.inf, -np.inf], np.nan).isna().all()]
        if absent:  # e.g. solvency of a corporation that did not deliver its balance sheet on beleidswaarde
            panel.text(0.02, 0.04, "niet te berekenen (niet geleverd): " + ", ".join(absent), transform=panel.transAxes,
                       fontsize=7, color="#4a5568", va="bottom", wrap=True)
        # a percent tick between two whole percents keeps its decimal (15,5 %, not a second "16 %")
        fmt = ((lambda v, _p: format_number(v, 1)) if nid == "icr" else
               (lambda v, _p: format_percent(v, 0 if abs(v * 100 - round(v * 100)) < 1e-6 else 1)))
        panel.yaxis.set_major_formatter(plt.FuncFormatter(fmt))
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=min(6, len(labels)), fontsize=8)
    if title:
        fig.suptitle(title, fontweight="bold")
    fig.tight_layout(rect=(0, 0.08, 1, 0.96))
    breaches = ratios[ratios["breach"].astype(bool)] if "breach" in ratios else ratios.iloc[0:0]
    first = breaches.groupby("corporation")["year"].min()
    alt = (f"Vier lijndiagrammen ({', '.join(NORM_LABELS[n] for n in NORM_IDS)}) per jaar "
           f"{int(ratios['year'].min())}-{int(ratios['year'].max())} voor {len(corps)} "
           f"{'corporatie' if len(corps) == 1 else 'corporaties'}, met de norm en de norm met buffer; "
           + ("een norm geschonden bij " + ", ".join(f"{c} vanaf {int(y)}" for c, y in first.items()) if len(first)
              else "geen norm geschonden")
           + (f"; {highlight} uitgelicht." if highlight in corps else "."))
    return set_alt(fig, alt)


def plot_task_parts(parts_table: pd.DataFrame, scope: str, *, title: str | None = None, highlight: str | None = None,
                    ax=None):
    """Horizontal bars, one per part of the task (plans, EFG, restopgave): financeable part and gap (euro millions).

    ``scope`` is the report's own row of ``financial_task_parts`` (the region or a corporation);
    ``highlight`` is accepted for the common API (the bars are parts, not parties). None when the
    row has no known cost.
    """
    own = parts_table[parts_table["scope"] == scope].set_index("task_part").reindex(list(TASK_PARTS))
    own = own[own["task_eur"].notna()] if "task_eur" in own else own.iloc[0:0]
    if own.empty:
        return None
    fig, ax = new_figure(ax, figsize=(9, 0.6 * len(own) + 1.8))
    labels = [PART_LABELS[p] for p in own.index][::-1]
    fin = (own["financeable_eur"].fillna(0.0) / 1e6).to_numpy()[::-1]
    gap = (own["gap_eur"].fillna(0.0) / 1e6).to_numpy()[::-1]
    ax.barh(labels, fin, color=FINANCEABLE, label="financierbaar")
    ax.barh(labels, gap, left=fin, color=GAP, label="tekort")
    for y, (f, g) in enumerate(zip(fin, gap, strict=True)):
        ax.text(f + g, y, f"  {format_eur_millions((f + g) * 1e6)}", va="center", fontsize=8)
    ax.set_xlabel("€ mln")
    ax.set_xlim(0, max(float((fin + gap).max()) * 1.25, 1.0))
    dutch_axis(ax, "x")
    ax.legend(loc="lower right")
    alt = ("Liggend staafdiagram, de opgave in drie delen met financierbaar deel en tekort: "
           + "; ".join(f"{PART_LABELS[p]} {format_eur_millions(r['task_eur'])}, tekort "
                       f"{format_eur_millions(r['gap_eur']) if pd.notna(r['gap_eur']) else 'onbekend'}"
                       for p, r in own.iterrows()) + ".")
    return finish(fig, title, ax, alt=alt)


def plot_gap(capacity: pd.DataFrame, *, title: str | None = None, highlight: str | None = None, ax=None):
    """Horizontal bars per corporation: financeable part and gap of the task (euro millions).

    With ``highlight`` (a corporation's report) every other corporation is greyed out. None when
    no corporation has financial figures.
    """
    c = capacity[(capacity["corporation"] != REGION_NAME) & capacity["gap_eur"].notna()].iloc[::-1]
    if c.empty:
        return None
    fig, ax = new_figure(ax, figsize=(9, 0.5 * max(len(c), 2) + 2.0))
    names = list(c["corporation"])
    fin = highlight_colours(names, dict.fromkeys(names, FINANCEABLE), highlight)
    # the gap of a greyed-out corporation stays distinguishable from its financeable part
    gap = [MUTED_GAP if v == MUTED else v for v in highlight_colours(names, dict.fromkeys(names, GAP), highlight)]
    ax.barh(names, c["financeable_eur"] / 1e6, color=fin)
    ax.barh(names, c["gap_eur"] / 1e6, left=c["financeable_eur"] / 1e6, color=gap)
    highlight_ticklabel(ax, highlight if highlight in names else None)
    ax.set_xlabel("€ mln")
    dutch_axis(ax, "x")
    handles = [Patch(color=FINANCEABLE, label="financierbaar binnen de normen"), Patch(color=GAP, label="tekort (gat)")]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2)
    short = c[c["gap_eur"] > 0.5].iloc[::-1]
    alt = ("Staafdiagram, opgave per corporatie verdeeld in financierbaar deel en tekort"
           + (f" ({highlight} uitgelicht)" if highlight in names else "") + ": "
           + ("tekort bij " + ", ".join(f"{r['corporation']} {format_eur_millions(r['gap_eur'])} van "
                                        f"{format_eur_millions(r['task_eur'])}" for _, r in short.iterrows())
              if len(short) else "geen corporatie heeft een tekort")
           + f"; samen {format_eur_millions(c['gap_eur'].sum())} tekort op {format_eur_millions(c['task_eur'].sum())}.")
    return finish(fig, title, ax, alt=alt)


def plot_tornado(tornado: pd.DataFrame, *, title: str | None = None, highlight: str | None = None, ax=None):
    """Tornado chart: the gap at the low and high side of each sensitivity, around the basis.

    The gap is the region's (region report) or the corporation's (its own report).
    """
    if tornado.empty or tornado["gap_basis_eur"].isna().all():
        return None  # no financial figures: no gap to vary (the report says why)
    t = tornado.iloc[::-1]
    fig, ax = new_figure(ax, figsize=(9, 0.6 * max(len(t), 2) + 1.5))
    base = float(t["gap_basis_eur"].iloc[0]) / 1e6
    labels = t["group"].map(GROUP_LABELS).fillna(t["group"])
    for y, (_, r) in enumerate(t.iterrows()):
        for side, colour in (("low", "#2b6cb0"), ("high", "#dd6b20")):
            v = r[f"gap_{side}_eur"] / 1e6
            ax.barh(y, v - base, left=base, color=colour, label=None if y else {"low": "lage waarde", "high": "hoge waarde"}[side])
            if abs(v - base) > 1e-9:
                ax.text(v, y, f"  {r[f'{side}_label']}  ", ha="left" if v > base else "right", va="center", fontsize=8)
    ax.set_yticks(range(len(t)), labels)
    ax.axvline(base, color="#2d3748", lw=1)
    ax.set_xlabel("tekort (€ mln); verticale lijn = basisscenario")
    dutch_axis(ax, "x")
    ax.margins(x=0.35)
    ax.legend(loc="lower right", fontsize=8)
    widest = tornado.sort_values("width_eur", ascending=False).iloc[0] if "width_eur" in tornado else tornado.iloc[0]
    alt = (f"Tornadodiagram, tekort bij de lage en hoge waarde van elke aanname rond het basisscenario "
           f"({format_eur_millions(base * 1e6)}): ")
    if abs(float(widest["gap_high_eur"]) - float(widest["gap_low_eur"])) < 0.05e6:
        alt += "geen van de aannames verandert het tekort merkbaar."
    else:
        alt += (f"de grootste invloed heeft {GROUP_LABELS.get(widest['group'], widest['group'])}, van "
                f"{format_eur_millions(widest['gap_low_eur'])} tot {format_eur_millions(widest['gap_high_eur'])}.")
    return finish(fig, title, ax, alt=alt)

