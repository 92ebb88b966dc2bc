"""The interim report's overview (bestuurlijke tussenrapportage, chapter 3 of the agreement).

Brings together, for the Q3 report of delivery year ``Y``:

- every quantified agreement of ``targets.csv`` with its target, what was realised, what is
  planned and a status *op koers / aandacht / achter* (rule: ``monitoring_status_rules.csv``,
  documented in ``docs/assumptions/monitoring.md``);
- the 51 projects of the regional project portfolio with their funding schemes, counted per
  municipality and per corporation;
- the VoorzieningenWijzer (agreement 22: at least 1.000 vulnerable households approached in
  2023-2026) and inponding (agreement 8: about 100 dwellings a year);
- prognosis accuracy per corporation: what delivery ``Y-1`` forecast for year ``Y-1`` against
  what delivery ``Y`` reports as realised for ``Y-1`` (new-build completions and every
  mutation type).

Everything here is a pure function (frames in, frames out); the notebook
``notebooks/00_monitor.ipynb`` loads the data and shows the results.

Status rule for a minimum target (``>=``, ``>``)::

    ratio = (realised + planned) / target
    ratio >= on_track_min_ratio   -> "op koers"
    ratio >= attention_min_ratio  -> "aandacht"
    otherwise                     -> "achter"

For a maximum target (``<=``, ``<``) the planned end state is compared directly: at or below
the target ``op koers``, above it ``achter``. Without figures: ``geen gegevens``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Plan statuses that count as "planned" (a code list, not a policy figure; docs/assumptions/monitoring.md).
COUNTED_PLAN_STATUSES = ("hard", "in_aanbouw")
STATUSES = ("op koers", "aandacht", "achter", "geen gegevens")
SEGMENTS_OF = {
    "totaal": None,
    "sociale_huur": ("sociale_huur",),
    "middenhuur_betaalbare_koop": ("middenhuur", "betaalbare_koop"),
    "flex": ("flex",),
}
EFG = ("E", "F", "G")
FUNDING_LABELS = {
    "volkshuisvestingsfonds": "Volkshuisvestingsfonds",
    "woningbouwimpuls": "Woningbouwimpuls",
    "startbouwimpuls": "Startbouwimpuls",
    "regio_deal": "Regio Deal",
    "du_bevolkingsdaling": "DU Bevolkingsdaling",
}
MUTATION_LABELS = {
    "AAN": "inponding (aankoop)", "SLO": "sloop", "VAH": "verkoop aan huurder",
    "VAB": "verkoop aan belegger", "VAC": "verkoop aan corporatie", "VAO": "verkoop overig",
    "LIB": "liberalisatie",
}


def load_status_rules(directory=None) -> dict[str, float]:
    """The status thresholds from ``monitoring_status_rules.csv`` (rule_id -> value)."""
    from analysis.reference import load_table

    frame = load_table("monitoring_status_rules",
                       {"rule_id": "str", "value": "float", "unit": "str", "description_nl": "str"},
                       directory=directory)
    return {str(r.rule_id): float(r.value) for r in frame.itertuples()}


def classify_status(target: float, realised: float, planned: float, comparison: str,
                    rules: dict[str, float]) -> str:
    """Status of one target (see module docstring).

    >>> rules = {"on_track_min_ratio": 1.0, "attention_min_ratio": 0.8}
    >>> classify_status(100, 60, 30, ">=", rules)
    'aandacht'
    """
    if pd.isna(target) or (pd.isna(realised) and pd.isna(planned)):
        return "geen gegevens"
    if comparison in ("<=", "<"):
        # for a maximum, "planned" is the expected end state (not added to what is realised)
        end = float(realised) if pd.isna(planned) else float(planned)
        ok = end <= target if comparison == "<=" else end < target
        return "op koers" if ok else "achter"
    realised = 0.0 if pd.isna(realised) else float(realised)
    planned = 0.0 if pd.isna(planned) else float(planned)
    if target == 0:
        return "op koers"
    ratio = (realised + planned) / float(target)
    if ratio >= rules["on_track_min_ratio"]:
        return "op koers"
    if ratio >= rules["attention_min_ratio"]:
        return "aandacht"
    return "achter"


def combine_new_build(projects: pd.DataFrame, plan_capacity: pd.DataFrame) -> pd.DataFrame:
    """Corporation projects plus the market plans of the municipalities (no double counting).

    Municipal plan-capacity rows of developer ``corporatie`` are the corporations' own projects
    and are left out. Returns ``municipality, segment, n_dwellings, completion_year,
    plan_status, corporation``.
    """
    cols = ["municipality", "segment", "n_dwellings", "completion_year", "plan_status", "corporation"]
    parts = []
    if len(projects):
        parts.append(projects.reindex(columns=cols))
    if len(plan_capacity):
        market = plan_capacity[plan_capacity["developer"] == "markt"].copy()
        if "municipality" not in market.columns and "sender_municipality" in market.columns:
            market["municipality"] = market["sender_municipality"]
        elif "sender_municipality" in market.columns:
            market["municipality"] = market["municipality"].fillna(market["sender_municipality"])
        parts.append(market.reindex(columns=cols))
    if not parts:
        return pd.DataFrame(columns=cols)
    return pd.concat(parts, ignore_index=True)


def sum_new_build(plans: pd.DataFrame, segment: str, start, end) -> tuple[float, float]:
    """(realised, planned) dwellings of ``segment`` with completion in ``start..end``.

    Realised = plan status ``opgeleverd``; planned = :data:`COUNTED_PLAN_STATUSES`.
    """
    sel = plans
    segs = SEGMENTS_OF.get(segment)
    if segs is not None:
        sel = sel[sel["segment"].isin(segs)]
    years = pd.to_numeric(sel["completion_year"], errors="coerce")
    if not pd.isna(start):
        sel, years = sel[years >= int(start)], years[years >= int(start)]
    if not pd.isna(end):
        sel = sel[years <= int(end)]
    n = pd.to_numeric(sel["n_dwellings"], errors="coerce").fillna(0)
    realised = float(n[sel["plan_status"] == "opgeleverd"].sum())
    planned = float(n[sel["plan_status"].isin(COUNTED_PLAN_STATUSES)].sum())
    return realised, planned


def compute_measures(targets: pd.DataFrame, projects: pd.DataFrame, plan_capacity: pd.DataFrame,
                     mutations: pd.DataFrame, stock: pd.DataFrame, voorzieningenwijzer: pd.DataFrame,
                     year: int) -> pd.DataFrame:
    """Realised and planned figure per target that the deliveries can measure.

    Returns ``target_id, realised, planned, measure_nl`` (one row per measurable target).
    """
    rows = []
    plans = combine_new_build(projects, plan_capacity)
    for t in targets.itertuples():
        tid, unit, seg = t.target_id, t.unit, t.segment if not pd.isna(t.segment) else "totaal"
        if unit == "woningen" and tid not in ("efg_phase_out_2028",) and seg in SEGMENTS_OF and t.scope == "regio" \
                and t.kind in ("minimum", "ambitie"):
            r, p = sum_new_build(plans, seg, t.period_start, t.period_end)
            rows.append((tid, r, p, "nieuwbouw opgeleverd / hard gepland in de periode"))
        elif tid == "mid_affordable_share_new_build":
            r_all, p_all = sum_new_build(plans, "totaal", t.period_start, t.period_end)
            r_mid, p_mid = sum_new_build(plans, "middenhuur_betaalbare_koop", t.period_start, t.period_end)
            share = 100 * (r_mid + p_mid) / (r_all + p_all) if (r_all + p_all) else np.nan
            # a share has no "realised + planned" sum: the whole counted programme is the figure
            rows.append((tid, np.nan, share, "aandeel in % van het hele programma (gerealiseerd + hard gepland)"))
        elif tid == "efg_phase_out_2028" and len(stock):
            efg = stock["energy_label"].isin(EFG)
            fixed = (
                stock["planned_measure"].isin(("sloop", "verkoop"))
                | (stock["label_after"].notna() & ~stock["label_after"].isin(EFG))
            ) if {"planned_measure", "label_after"} <= set(stock.columns) else pd.Series(False, index=stock.index)
            if "measure_year" in stock.columns:
                fixed &= pd.to_numeric(stock["measure_year"], errors="coerce") <= int(t.period_end)
            exempt = stock["monument"].fillna(False).astype(bool) if "monument" in stock.columns else False
            now = int((efg & ~exempt).sum())
            rows.append((tid, now, int((efg & ~exempt & ~fixed).sum()),
                         "woningen E/F/G nu (1 januari) / over eind 2028 na geplande ingrepen"))
        elif tid == "inponding_per_year" and len(mutations):
            aan = mutations[mutations["mutation_type"] == "AAN"]
            years = range(int(t.period_start), int(t.period_end) + 1)
            real = aan[(aan["figure_status"] == "realisatie") & aan["year"].isin([y for y in years if y < year])]
            prog = aan[(aan["figure_status"] == "prognose") & aan["year"].isin([y for y in years if y >= year])]
            n_years = len(years)
            rows.append((tid, real["count"].sum() / n_years, prog["count"].sum() / n_years,
                         "gemiddeld per jaar over de looptijd (realisatie + prognose)"))
        elif tid == "voorzieningenwijzer_2023_2026" and len(voorzieningenwijzer):
            vw = voorzieningenwijzer[voorzieningenwijzer["year"].between(int(t.period_start), int(t.period_end))]
            rows.append((tid, float(vw.loc[vw["year"] < year, "households_approached"].sum()),
                         float(vw.loc[vw["year"] >= year, "households_approached"].sum()),
                         "benaderde huishoudens (opgave gemeenten)"))
    return pd.DataFrame(rows, columns=["target_id", "realised", "planned", "measure_nl"])


def select_monitored_targets(targets: pd.DataFrame) -> pd.DataFrame:
    """The quantified, valid, non-national targets (the ones the monitor can show)."""
    sel = targets[
        (targets["status"] == "geldig")
        & targets["value"].notna()
        & targets["comparison"].isin([">=", ">", "<=", "<"])
        & (targets["scope"] != "landelijk")
        & (targets["kind"] != "indicatie")
    ]
    return sel.reset_index(drop=True)


def compute_agreement_monitor(targets: pd.DataFrame, measures: pd.DataFrame,
                              rules: dict[str, float]) -> pd.DataFrame:
    """Every monitored target with realised, planned, status.

    Returns ``target_id, agreement, description_nl, value, unit, period, realised, planned,
    status, measure_nl`` sorted by agreement text order (file order).
    """
    sel = select_monitored_targets(targets)
    out = sel.merge(measures, on="target_id", how="left")
    out["status"] = [classify_status(r.value, r.realised, r.planned, r.comparison, rules) for r in out.itertuples()]

    def period(r):
        a = "" if pd.isna(r.period_start) else str(int(r.period_start))
        b = "" if pd.isna(r.period_end) else str(int(r.period_end))
        return f"{a}-{b}" if a and b else (f"t/m {b}" if b else a)

    out["period"] = [period(r) for r in out.itertuples()]
    cols = ["target_id", "agreement", "description_nl", "comparison", "value", "unit", "period",
            "realised", "planned", "status", "measure_nl"]
    return out[cols].astype({"value": "float64", "realised": "float64", "planned": "float64"})


def summarise_status(monitor: pd.DataFrame) -> pd.DataFrame:
    """Number of targets per status, in the fixed order of :data:`STATUSES`."""
    counts = monitor["status"].value_counts()
    return pd.DataFrame({"status": list(STATUSES), "n_targets": [int(counts.get(s, 0)) for s in STATUSES]})


def summarise_portfolio_funding(portfolio: pd.DataFrame, by: str) -> pd.DataFrame:
    """Projects per ``by`` (``municipality``) with the number per funding scheme.

    ``portfolio`` has one row per project (or per project and corporation in long form) with
    boolean columns per scheme (:data:`FUNDING_LABELS`). Returns ``<by>, n_projects, <scheme>...``
    sorted by ``by``.
    """
    schemes = [c for c in FUNDING_LABELS if c in portfolio.columns]
    g = portfolio.groupby(by, sort=True)
    out = g.size().rename("n_projects").to_frame()
    for c in schemes:
        out[c] = g[c].apply(lambda s: int(s.fillna(False).astype(bool).sum()))
    return out.reset_index()


def portfolio_by_corporation(portfolio: pd.DataFrame, project_corporations: pd.DataFrame) -> pd.DataFrame:
    """The funding summary per corporation (a project with two corporations counts for both)."""
    long = project_corporations.merge(portfolio.drop(columns=["corporations"], errors="ignore"), on="nr")
    return summarise_portfolio_funding(long, "corporation")


def format_portfolio_list(portfolio: pd.DataFrame) -> pd.DataFrame:
    """The 51 projects with their schemes as one Dutch text column (for display)."""
    schemes = [c for c in FUNDING_LABELS if c in portfolio.columns]
    text = portfolio[schemes].fillna(False).astype(bool).apply(
        lambda r: ", ".join(FUNDING_LABELS[c] for c in schemes if r[c]) or "–", axis=1)
    return pd.DataFrame({
        "nr": portfolio["nr"].astype("int64"),
        "project": portfolio["project"].astype(str),
        "municipality": portfolio["municipality"].astype(str),
        "corporations": portfolio["corporations"].fillna("–").astype(str).str.replace("|", ", ", regex=False),
        "funding": text,
    }).sort_values("nr").reset_index(drop=True)


def compute_voorzieningenwijzer(vw: pd.DataFrame, year: int, target: float, start: int, end: int) -> pd.DataFrame:
    """Households approached and advised per year of ``start..end``, cumulative, against the target.

    Returns ``year, figure_status, households_approached, households_advised,
    cumulative_approached, target, share_of_target``.
    """
    years = list(range(int(start), int(end) + 1))
    g = vw.groupby("year")[["households_approached", "households_advised"]].sum() if len(vw) else None
    rows = []
    for y in years:
        a = float(g.loc[y, "households_approached"]) if g is not None and y in g.index else np.nan
        d = float(g.loc[y, "households_advised"]) if g is not None and y in g.index else np.nan
        rows.append({"year": y, "figure_status": "realisatie" if y < year else "prognose",
                     "households_approached": a, "households_advised": d})
    out = pd.DataFrame(rows)
    out["cumulative_approached"] = out["households_approached"].fillna(0).cumsum()
    out["target"] = float(target)
    out["share_of_target"] = out["cumulative_approached"] / float(target)
    return out


def compute_prognosis_accuracy(prev_projects: pd.DataFrame, prev_mutations: pd.DataFrame,
                               cur_projects: pd.DataFrame, cur_mutations: pd.DataFrame,
                               year: int) -> pd.DataFrame:
    """Prognosis of delivery ``year-1`` for ``year-1`` against the realisation in delivery ``year``.

    Per corporation and measure: ``nieuwbouw`` (dwellings with completion year ``year-1``:
    forecast = every project of that year not yet completed in the old delivery plus those
    already completed; realised = ``opgeleverd`` in the new delivery) and each mutation type
    (``prognose`` vs ``realisatie`` for ``year-1``).

    Returns ``corporation, measure, prognosis, realised, difference, realised_share``
    (``realised_share`` = realised / prognosis, NA when the prognosis is 0). A corporation
    missing from one of the two deliveries gets NA on that side, never a zero.
    """
    y = int(year) - 1
    rows = []

    def proj(df, realised):
        if not len(df):
            return pd.Series(dtype="float64")
        sel = df[pd.to_numeric(df["completion_year"], errors="coerce") == y]
        if realised:
            sel = sel[sel["plan_status"] == "opgeleverd"]
        return sel.groupby("corporation")["n_dwellings"].sum().astype("float64")

    def mut(df, status):
        if not len(df):
            return pd.DataFrame(columns=["corporation", "mutation_type", "count"])
        sel = df[(df["year"] == y) & (df["figure_status"] == status)]
        return sel.groupby(["corporation", "mutation_type"], as_index=False)["count"].sum()

    prev_corps = set(prev_projects.get("corporation", pd.Series(dtype=str))) | set(
        prev_mutations.get("corporation", pd.Series(dtype=str)))
    cur_corps = set(cur_projects.get("corporation", pd.Series(dtype=str))) | set(
        cur_mutations.get("corporation", pd.Series(dtype=str)))
    p_nb, r_nb = proj(prev_projects, False), proj(cur_projects, True)
    p_m, r_m = mut(prev_mutations, "prognose"), mut(cur_mutations, "realisatie")
    types = sorted(set(p_m["mutation_type"]) | set(r_m["mutation_type"]))
    for corp in sorted(prev_corps | cur_corps):
        def side(known, value):
            return float(value) if known else np.nan

        rows.append((corp, "nieuwbouw", side(corp in prev_corps, p_nb.get(corp, 0.0)),
                     side(corp in cur_corps, r_nb.get(corp, 0.0))))
        for t in types:
            pv = p_m[(p_m["corporation"] == corp) & (p_m["mutation_type"] == t)]["count"].sum()
            rv = r_m[(r_m["corporation"] == corp) & (r_m["mutation_type"] == t)]["count"].sum()
            rows.append((corp, MUTATION_LABELS.get(t, t), side(corp in prev_corps, pv), side(corp in cur_corps, rv)))
    out = pd.DataFrame(rows, columns=["corporation", "measure", "prognosis", "realised"])
    out["difference"] = out["realised"] - out["prognosis"]
    out["realised_share"] = np.where(out["prognosis"] > 0, out["realised"] / out["prognosis"].where(out["prognosis"] > 0), np.nan)
    return out


def summarise_prognosis_accuracy(accuracy: pd.DataFrame) -> pd.DataFrame:
    """Region totals per measure (only corporations present in both deliveries)."""
    both = accuracy.dropna(subset=["prognosis", "realised"])
    out = both.groupby("measure", as_index=False, sort=True)[["prognosis", "realised"]].sum()
    out["difference"] = out["realised"] - out["prognosis"]
    out["realised_share"] = np.where(out["prognosis"] > 0, out["realised"] / out["prognosis"].where(out["prognosis"] > 0), np.nan)
    return out


# --------------------------------------------------------------------------- figures


def plot_status(monitor: pd.DataFrame):
    """Horizontal bars: number of targets per status, in the house status colours."""
    import matplotlib.pyplot as plt

    from analysis.style import STATUS_COLOURS, dutch_axis

    s = summarise_status(monitor)
    fig, ax = plt.subplots(figsize=(8, 2.8))
    ax.barh(s["status"][::-1], s["n_targets"][::-1],
            color=[STATUS_COLOURS.get(x, "#a0aec0") for x in s["status"][::-1]])
    ax.set_xlabel("aantal afspraken")
    ax.set_title("Status van de gekwantificeerde afspraken")
    dutch_axis(ax, axis="x")
    fig.tight_layout()
    return fig


def plot_against_target(table: pd.DataFrame, value: str, target: str, title: str, ylabel: str,
                        cumulative: bool = False):
    """Bars per year (realisation dark, prognosis light) with the target as a line."""
    import matplotlib.pyplot as plt

    from analysis.style import dutch_axis

    fig, ax = plt.subplots(figsize=(8, 3.6))
    colours = ["#2b6cb0" if s == "realisatie" else "#90cdf4" for s in table["figure_status"]]
    ax.bar(table["year"].astype(str), table[value].fillna(0), color=colours)
    ax.plot(table["year"].astype(str), table[target], color="#c53030", linewidth=2,
            label="doel" + (" (cumulatief)" if cumulative else " per jaar"))
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    ax.legend(loc="upper left")
    dutch_axis(ax, axis="y")
    fig.tight_layout()
    return fig


def plot_prognosis_accuracy(accuracy: pd.DataFrame, measure: str = "nieuwbouw"):
    """Grouped bars per corporation: prognosis versus realised for one measure."""
    import matplotlib.pyplot as plt

    from analysis.style import dutch_axis

    sel = accuracy[accuracy["measure"] == measure].sort_values("corporation")
    x = np.arange(len(sel))
    fig, ax = plt.subplots(figsize=(9, 3.8))
    ax.bar(x - 0.2, sel["prognosis"].fillna(0), width=0.4, color="#90cdf4", label="prognose (vorige levering)")
    ax.bar(x + 0.2, sel["realised"].fillna(0), width=0.4, color="#2b6cb0", label="realisatie (deze levering)")
    ax.set_xticks(x, sel["corporation"], rotation=30, ha="right")
    ax.set_ylabel("woningen")
    ax.set_title(f"Prognose en realisatie per corporatie: {measure}")
    ax.legend(loc="upper right")
    dutch_axis(ax, axis="y")
    fig.tight_layout()
    return fig
