"""The figures of analysis 1, following the shared API of :mod:`analysis.figures`.

Every ``plot_*`` takes the frame(s) it draws and keyword-only ``title``, ``highlight`` and
``ax``; it returns the figure, or ``None`` when there is nothing to draw. Figures of one scope
ignore ``highlight``; :func:`plot_contributions` greys out every party but the highlighted one.
Each figure states its alternative text (what it shows, with the key numbers); prognosis years
are hatched and lighter than realised years; counts are whole numbers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from analysis.figures import (
    PROGNOSIS_HATCH,
    count_axis,
    figure_status_handles,
    figure_status_style,
    finish,
    hatch_bars,
    highlight_colours,
    highlight_ticklabel,
    new_figure,
    set_alt,
)
from analysis.formatting import format_number, format_percent
from analysis.portfolio.words import STATUS_LABELS, target_label
from analysis.rules.plans import HARD_STATUSES, PLAN_STATUSES, REALISED_STATUSES, SOFT_STATUSES
from analysis.style import CORPORATION_COLOURS, MUNICIPALITY_COLOURS, colour_for, dutch_axis

STOCK_FLOWS = {  # flow -> (label, colour, sign)
    "new_build": ("nieuwbouw", "#2b6cb0", 1), "transformation": ("transformatie", "#63b3ed", 1),
    "inponding": ("inponding", "#38a169", 1), "demolition": ("sloop", "#c53030", -1),
    "sales": ("verkoop aan derden", "#dd6b20", -1), "liberalisation": ("liberalisatie", "#805ad5", -1),
}
FIGURE_STATUS_COLOURS = {"realisatie": "#38a169", "prognose": "#9ae6b4"}


#: Plan statuses in the words of the alternative text: realised, hard and soft plans.
_STATUS_GROUPS = (("opgeleverd", REALISED_STATUSES), ("hard gepland", HARD_STATUSES),
                  ("zacht gepland", SOFT_STATUSES))


def _n(v) -> str:
    return format_number(v, 0)


def _labels(frame: pd.DataFrame) -> list[str]:
    return [target_label(s, a, b) for s, a, b in zip(frame["segment"], frame["period_start"], frame["period_end"],
                                                     strict=True)]


def plot_status_bars(by_status: pd.DataFrame, gap_rows: pd.DataFrame | None = None, *, title: str | None = None,
                     highlight: str | None = None, ax=None):
    """Horizontal stacked bars per target by plan status, with the target (region only) as a black tick."""
    if by_status.empty:
        return None
    totals = by_status.groupby(["target_id", "plan_status"], sort=False)["n_dwellings"].sum().unstack(fill_value=0)
    totals = totals.reindex(columns=list(PLAN_STATUSES), fill_value=0)
    targets = (gap_rows.set_index("target_id")["target"] if gap_rows is not None and len(gap_rows)
               else pd.Series(dtype=float))
    marked = [(i, targets[t]) for i, t in enumerate(totals.index) if t in targets.index and pd.notna(targets[t])]
    if not totals.to_numpy().any() and not marked:
        return None  # no plan and no target: nothing to draw (the report says why)
    meta = by_status.drop_duplicates("target_id").set_index("target_id").loc[totals.index]
    labels = _labels(meta)
    fig, ax = new_figure(ax, figsize=(9, 0.7 * len(totals) + 1.6))
    left = np.zeros(len(totals))
    for status in PLAN_STATUSES:
        vals = totals[status].to_numpy(dtype=float)
        ax.barh(labels, vals, left=left, color=colour_for(status), label=STATUS_LABELS[status],
                edgecolor="white", linewidth=0.5)
        left += vals
    for n, (i, value) in enumerate(marked):
        ax.plot([value, value], [i - 0.42, i + 0.42], color="black", linewidth=2.5, label="doel" if n == 0 else None)
    ax.invert_yaxis()
    ax.set_xlabel("aantal woningen")
    count_axis(ax, "x")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=6)
    parts = []
    for label, (tid, row) in zip(labels, totals.iterrows(), strict=True):
        text = f"{label}: " + ", ".join(f"{_n(row[list(group)].sum())} {word}" for word, group in _STATUS_GROUPS)
        if tid in targets.index and pd.notna(targets[tid]):
            text += f" tegen een doel van {_n(targets[tid])}"
        parts.append(text)
    return finish(fig, title, ax, alt="Gestapeld staafdiagram, woningen per planstatus: " + "; ".join(parts) + ".")


def _tempo_alt(g: pd.DataFrame) -> str:
    first, last = g.iloc[0], g.iloc[-1]
    text = (f"{target_label(first['segment'], first['period_start'], first['period_end'])}: "
            f"{_n(last['cum_realised'])} opgeleverd, {_n(last['cum_realised_planned'])} met de plannen en "
            f"{_n(last['cum_expected'])} verwacht in {int(last['year'])}")
    if pd.notna(last.get("target")) and g["straight_path"].notna().any():
        text += f", doel {_n(last['target'])}"
    return text


def _draw_tempo(ax, g: pd.DataFrame) -> None:
    ax.plot(g["year"], g["cum_realised"], marker="o", color="#1a5e20", label="gerealiseerd")
    ax.plot(g["year"], g["cum_realised_planned"], marker="o", color="#a4c639", linestyle="--",
            label="gerealiseerd + gepland")
    ax.plot(g["year"], g["cum_expected"], color="#2b6cb0", linestyle=":", label="verwacht (na uitval)")
    if g["straight_path"].notna().any():
        ax.plot(g["year"], g["straight_path"], color="black", linewidth=1, label="rechte lijn naar doel")
    first = g.iloc[0]
    ax.set_title(target_label(first["segment"], first["period_start"], first["period_end"]), fontsize=10)
    ax.set_xticks(g["year"].tolist())
    ax.tick_params(axis="x", labelrotation=45)
    count_axis(ax, "y")


def plot_tempo(tempo: pd.DataFrame, *, title: str | None = None, highlight: str | None = None, ax=None,
               target_id: str | None = None):
    """Cumulative realised, realised + planned and expected against the straight path, per target.

    Without ``ax`` one panel per target; with ``ax`` (or ``target_id``) one target only (the
    first when ``target_id`` is None).
    """
    if tempo.empty or tempo["cum_realised_planned"].isna().all():
        return None
    ids = list(dict.fromkeys(tempo["target_id"]))
    if ax is not None or target_id is not None:
        fig, ax = new_figure(ax)
        g = tempo[tempo["target_id"] == (target_id or ids[0])]
        _draw_tempo(ax, g)
        ax.set_ylabel("cumulatief aantal woningen")
        ax.legend(loc="upper left", fontsize=8)
        return finish(fig, title, ax, alt=f"Lijndiagram, cumulatief aantal woningen: {_tempo_alt(g)}.")
    import matplotlib.pyplot as plt

    ncols = min(3, len(ids))
    nrows = -(-len(ids) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(11, 3.6 * nrows + 0.8), squeeze=False)
    for a in axes.ravel()[len(ids):]:
        a.set_visible(False)
    for a, tid in zip(axes.ravel(), ids, strict=False):
        _draw_tempo(a, tempo[tempo["target_id"] == tid])
    for row in axes:
        row[0].set_ylabel("cumulatief aantal woningen")
    fig.legend(*axes[0][0].get_legend_handles_labels(), loc="lower center", ncol=4, bbox_to_anchor=(0.5, 0.0))
    if title:
        fig.suptitle(title, fontweight="bold")
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    alt = "; ".join(_tempo_alt(tempo[tempo["target_id"] == tid]) for tid in ids)
    return set_alt(fig, f"Lijndiagrammen per doel, cumulatief aantal woningen: {alt}.")


def plot_stock_change(stock_change: pd.DataFrame, *, title: str | None = None, highlight: str | None = None,
                      ax=None):
    """Bars of the social stock flows per year (additions up, losses down) and the net line."""
    if stock_change.empty or stock_change[list(STOCK_FLOWS)].isna().all().all():
        return None
    df = stock_change.sort_values("year")
    years = df["year"].astype(int).to_numpy()
    statuses = df["figure_status"].tolist() if "figure_status" in df else ["realisatie"] * len(df)
    prognosis = [s == "prognose" for s in statuses]
    fig, ax = new_figure(ax, figsize=(9, 4.5))
    bottoms = {1: np.zeros(len(df)), -1: np.zeros(len(df))}
    for flow, (label, colour, sign) in STOCK_FLOWS.items():
        v = sign * df[flow].fillna(0).to_numpy(dtype=float)
        bars = ax.bar(years, v, bottom=bottoms[sign], color=colour, label=label)
        for bar, prog in zip(bars, prognosis, strict=True):  # prognosis years: lighter and hatched
            if prog:
                bar.set_alpha(0.55)
                bar.set_hatch(PROGNOSIS_HATCH)
                bar.set_edgecolor("white")
        bottoms[sign] += v
    ax.plot(years, df["net"].to_numpy(dtype=float), color="black", marker="o", label="netto")
    top = max(float(bottoms[1].max()), 1.0)
    for y, ok, p in zip(years, df["complete"], bottoms[1], strict=True):
        if not ok:
            ax.annotate("geen mutatiecijfers", (y, p + 0.03 * top), ha="center", va="bottom", fontsize=8,
                        color="#742a2a", rotation=90)
    ax.axhline(0, color="#4a5568", linewidth=0.8)
    ax.margins(y=0.3)
    ax.set_xticks(years)
    ax.set_ylabel("aantal woningen")
    count_axis(ax, "y")
    handles, labels = ax.get_legend_handles_labels()
    if any(prognosis):
        handles.append(Patch(facecolor="#a0aec0", hatch=PROGNOSIS_HATCH, edgecolor="white", label="prognose (gearceerd)"))
        labels.append("prognose (gearceerd)")
    ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=4)
    net = ", ".join(f"{y} {'+' if v > 0 else ''}{_n(v)}" if pd.notna(v) else f"{y} onbekend"
                    for y, v in zip(years, df["net"], strict=True))
    alt = f"Staafdiagram van de toevoegingen en onttrekkingen per jaar, netto verandering: {net}"
    if any(prognosis):
        alt += f" (prognose vanaf {years[prognosis.index(True)]})"
    return finish(fig, title, ax, alt=alt + ".")


def plot_inponding(inponding: pd.DataFrame, *, title: str | None = None, highlight: str | None = None, ax=None):
    """Bars of inponding per year (realisation dark, prognosis light) with the ambition line (region)."""
    if inponding.empty or inponding["inponding"].isna().all():
        return None
    fig, ax = new_figure(ax, figsize=(8, 3.8))
    years = inponding["year"].astype(int)
    real, prog = FIGURE_STATUS_COLOURS["realisatie"], FIGURE_STATUS_COLOURS["prognose"]
    colours, hatches = figure_status_style(inponding["figure_status"], real, prog)
    hatch_bars(ax.bar(years, inponding["inponding"].fillna(0), color=colours), hatches)
    handles = figure_status_handles(real, prog, inponding["figure_status"])
    if inponding["target"].notna().any():
        (line,) = ax.plot(years, inponding["target"], color="black", linestyle="--", label="ambitie per jaar")
        handles.append(line)
    for y, v in zip(years, inponding["inponding"], strict=True):
        if pd.isna(v):
            ax.annotate("geen\ncijfers", (y, 0), ha="center", va="bottom", fontsize=8, color="#742a2a")
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3)
    ax.set_xticks(years.tolist())
    ax.set_ylabel("ingeponde woningen")
    count_axis(ax, "y")
    per_year = ", ".join(f"{y} {_n(v) if pd.notna(v) else 'onbekend'}" + (" (prognose)" if st == "prognose" else "")
                         for y, v, st in zip(years, inponding["inponding"], inponding["figure_status"], strict=True))
    goal = inponding["target"].dropna()
    alt = f"Staafdiagram, ingeponde woningen per jaar: {per_year}"
    alt += f"; ambitie {_n(goal.iloc[0])} per jaar." if len(goal) else "."
    return finish(fig, title, ax, alt=alt)


def plot_expected_band(gap_rows: pd.DataFrame, *, title: str | None = None, highlight: str | None = None, ax=None):
    """Expected realisation with its 10-90 % band per target, all plans, and the target (region only)."""
    df = gap_rows[gap_rows["expected"].notna()].reset_index(drop=True)
    if df.empty:
        return None
    fig, ax = new_figure(ax, figsize=(9, 0.7 * len(df) + 1.6))
    y = np.arange(len(df))
    lo = (df["expected"] - df["expected_p10"]).clip(lower=0)
    hi = (df["expected_p90"] - df["expected"]).clip(lower=0)
    ax.errorbar(df["expected"], y, xerr=[lo, hi], fmt="o", color=colour_for("sociale_huur"), capsize=5,
                label="verwacht (10-90 %)")
    ax.scatter(df["realised"] + df["planned_hard"] + df["planned_soft"], y, marker="s", color="#a4c639",
               label="alle plannen zonder uitval", zorder=3)
    if df["target"].notna().any():
        ax.scatter(df["target"], y, marker="|", s=400, color="black", label="doel", zorder=4)
    ax.set_yticks(y, _labels(df))
    ax.invert_yaxis()
    ax.set_xlabel("aantal woningen")
    count_axis(ax, "x")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=3)
    parts = []
    for label, (_, r) in zip(_labels(df), df.iterrows(), strict=True):
        text = (f"{label}: verwacht {_n(r['expected'])} (10-90 %: {_n(r['expected_p10'])} tot {_n(r['expected_p90'])}), "
                f"alle plannen {_n(r['realised'] + r['planned_hard'] + r['planned_soft'])}")
        parts.append(text + (f", doel {_n(r['target'])}" if pd.notna(r["target"]) else ""))
    return finish(fig, title, ax, alt="Puntdiagram, verwachte realisatie na planuitval: " + "; ".join(parts) + ".")


def plot_contributions(contributions: pd.DataFrame, *, title: str | None = None, highlight: str | None = None,
                       ax=None, target_id: str | None = None):
    """Each party's realised + planned dwellings as a share of one regional target (the first by default).

    A party without figures (no delivery) gets no bar and the words "geen levering". A
    ``highlight`` that is not one of the parties (the region) highlights none.
    """
    if contributions.empty:
        return None
    tid = target_id or contributions["target_id"].iloc[0]
    df = contributions[contributions["target_id"] == tid].sort_values("scope").reset_index(drop=True)
    highlight = highlight if highlight in set(df["scope"]) else None
    colours = highlight_colours(df["scope"], {**MUNICIPALITY_COLOURS, **CORPORATION_COLOURS}, highlight)
    fig, ax = new_figure(ax, figsize=(8, 0.4 * len(df) + 1.4))
    share = 100 * df["share_of_regional_target"].astype(float)
    ax.barh(df["scope"], share.fillna(0), color=colours)
    for i, v in enumerate(share):
        if pd.isna(v):
            ax.text(0, i, " geen levering", va="center", fontsize=8, color="#742a2a")
    ax.invert_yaxis()
    highlight_ticklabel(ax, highlight)
    label = target_label(*df.iloc[0][["segment", "period_start", "period_end"]])
    ax.set_xlabel(f"bijdrage aan het regionale doel {label} (%)")
    dutch_axis(ax, "x")
    parts = ", ".join(f"{name} {format_percent(v, 1, fraction=False) if pd.notna(v) else 'geen levering'}"
                      for name, v in zip(df["scope"], share, strict=True))
    own = f" ({highlight} uitgelicht)" if highlight else ""
    return finish(fig, title, ax, alt=f"Staafdiagram, bijdrage per partij aan het regionale doel {label}{own}: {parts}.")
