"""The monitor's figures, composed from the analyses that own them (no counting here).

Each monitored target gets ``realised``, ``planned``, the ``outcome`` that its status compares
with the target, an optional ``verdict`` from the owning analysis, and ``measure_nl`` (what the
figures mean, in Dutch):

============================  =========================================================
target                        source
============================  =========================================================
dwelling targets (woningen)   portfolio ``compute_targets_vs_plans``, region rows
                              (realised; planned = hard plans)
mid_affordable_share          portfolio ``compute_programme_share`` (share in %)
efg_phase_out_2028            energy ``compute_efg_headline`` (EFG now / at the deadline)
                              and the energy verdict
inponding_per_year            portfolio ``compute_inponding`` + ``summarise_inponding``
                              (mean per realised year / per forecast year; status on the
                              mean over the period)
voorzieningenwijzer           :mod:`analysis.monitoring.voorzieningenwijzer`
social_stock_baseline         :mod:`analysis.social_stock` 0-meting (afspraak 14): the
                              region's social stock; status ``gemeten``
npa_social_share_municipality :mod:`analysis.social_stock` share (region's reconciled
                              line; per municipality in the monitor's ``social_share``)
funded_projects_long_term_... :mod:`analysis.social_stock` chapter-5 summary (promised
                              dwellings of linked projects: realised / hard toward them)
complex_sale_to_corporations_ :mod:`analysis.social_stock` sales to third parties
first                         (afspraak 7); status ``na te gaan`` / ``geen signaal``
============================  =========================================================
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.rules import plans as plan_rules
from analysis.rules.scopes import REGION_NAME, scope_frame

#: The energy verdict (op koers / risico / achter) in the monitor's status words.
ENERGY_VERDICT_STATUS = {"op koers": "op koers", "risico": "aandacht", "achter": "achter"}
EFG_TARGET = "efg_phase_out_2028"
INPONDING_TARGET = "inponding_per_year"
SHARE_TARGET = "mid_affordable_share_new_build"
VW_PREFIX = "voorzieningenwijzer_2023_2026"


def _row(target_id, realised, planned, measure_nl, outcome=np.nan, verdict=None) -> dict:
    return {"target_id": target_id, "realised": realised, "planned": planned, "outcome": outcome,
            "verdict": verdict, "measure_nl": measure_nl}


def dwelling_target_rows(projects: pd.DataFrame, plan_capacity: pd.DataFrame, targets: pd.DataFrame,
                         mutations: pd.DataFrame | None = None, year: int | None = None) -> list[dict]:
    """Realised and hard-planned dwellings per portfolio target (region), from the portfolio analysis
    (inponding mutations count toward social rent, afspraak 1: the plan rule of :mod:`analysis.rules.plans`)."""
    from analysis import portfolio

    plans = plan_rules.combine_plans(projects, plan_capacity, mutations, year=year)
    region = scope_frame([], []).iloc[:1]
    base = portfolio.compute_targets_vs_plans(plans, targets, region)
    rows = [_row(r.target_id, float(r.realised), float(r.planned_hard),
                 "nieuwbouw opgeleverd / hard gepland in de periode (zoals in de portefeuilleanalyse)")
            for r in base.itertuples()]
    share = portfolio.compute_programme_share(plans, targets)
    for r in share.itertuples():
        rows.append(_row(r.target_id, np.nan, float(r.share_pct),
                         "aandeel in % van het hele programma (gerealiseerd + hard gepland)", outcome=float(r.share_pct)))
    return rows


def efg_rows(stock: pd.DataFrame, year: int, efg_rules) -> list[dict]:
    """EFG now and at the end of the deadline year (region), with the energy verdict."""
    from analysis import energy_labels

    if not len(stock) or efg_rules is None:
        return []
    cells = energy_labels.compute_cells(stock, year, efg_rules)
    head = energy_labels.compute_efg_headline(cells, year, efg_rules)
    region = head[(head["scope_type"] == "regio") & (head["scope"] == REGION_NAME)]
    if region.empty:
        return []
    r = region.iloc[0]
    trajectory = energy_labels.compute_efg_trajectory(cells, year, efg_rules)
    verdicts = trajectory.loc[(trajectory["scope_type"] == "regio"), "verdict"]
    verdict = ENERGY_VERDICT_STATUS.get(str(verdicts.iloc[0])) if len(verdicts) else None
    return [_row(EFG_TARGET, float(r["efg_now"]), float(r["efg_remaining_deadline"]),
                 f"woningen E/F/G nu (niet vrijgesteld) / over eind {efg_rules.deadline_year} volgens plan; "
                 f"daarnaast {int(r['exempt_deadline'])} vrijgesteld (zoals in de energielabelanalyse)",
                 outcome=float(r["efg_remaining_deadline"]), verdict=verdict)]


def inponding_rows(mutations: pd.DataFrame, year: int, target: pd.Series | None) -> tuple[list[dict], pd.DataFrame]:
    """Inponding per year (mean per realised / forecast year), from the portfolio analysis."""
    from analysis import portfolio

    if target is None or not len(mutations):
        return [], pd.DataFrame()
    table = portfolio.compute_inponding(mutations, year, target.get("value", np.nan), target["period_start"],
                                        target["period_end"])
    s = portfolio.summarise_inponding(table)
    row = _row(INPONDING_TARGET, s["realised_per_year"], s["planned_per_year"],
               "gemiddeld per jaar: gerealiseerde jaren / prognosejaren (status op het gemiddelde over de looptijd)",
               outcome=s["period_mean"])
    return [row], table


#: Rules without a number in targets.csv that the monitor still shows (their status comes from
#: analysis.social_stock; docs/assumptions/monitoring.md M8).
BASELINE_TARGET = "social_stock_baseline"
SOCIAL_SHARE_TARGET = "npa_social_share_municipality"
OBLIGATIONS_TARGET = "funded_projects_long_term_affordable"
SALES_TARGET = "complex_sale_to_corporations_first"
RULE_TARGETS = (BASELINE_TARGET, OBLIGATIONS_TARGET, SALES_TARGET)


def social_stock_rows(social, ids: set[str], share_status: pd.Series | None = None) -> list[dict]:
    """The headline rows of afspraak 14, the NPA share, chapter 5 and afspraak 7, from :mod:`analysis.social_stock`.

    ``share_status``: the status of every row of ``social.share`` (:func:`.status.classify_shares`);
    the NPA row takes the status of the municipality furthest from the 30 %, since the target
    holds per municipality; its figure is the region's reconciled share.
    """
    from analysis.monitoring.status import MEASURED, furthest_status

    rows = []
    d, share = social.distribution, social.share
    if BASELINE_TARGET in ids and len(d):
        total = float(d.loc[d["scope_type"] == "regio", "n_dwellings"].sum())
        rows.append(_row(BASELINE_TARGET, total, np.nan,
                         f"sociale huurwoningen van corporaties op 1 januari {social.year} volgens de voorraadregisters, "
                         "verdeeld per gemeente, wijk, prijsklasse en woningtype (tabel social_stock_distribution)",
                         verdict=MEASURED))
    if SOCIAL_SHARE_TARGET in ids and len(share):
        region = share[share["scope_type"] == "regio"].iloc[0]
        munis = share[share["scope_type"] == "gemeente"]
        known = munis["social_share_pct"].notna()
        reached = int((munis.loc[known, "social_share_pct"] >= munis.loc[known, "target_pct"]).sum())
        pct = float(region["social_share_pct"]) if not pd.isna(region["social_share_pct"]) else np.nan
        muni_status = (None if share_status is None
                       else furthest_status(share_status[(share["scope_type"] == "gemeente").to_numpy()]))
        rows.append(_row(SOCIAL_SHARE_TARGET, pct, np.nan,
                         "aandeel sociale huur van corporaties in de CBS-woningvoorraad, regio; "
                         f"{reached} van de {int(known.sum())} gemeenten met cijfers op of boven het streefcijfer; "
                         "status: de gemeente die er het verst vanaf zit (per gemeente: tabel social_share)",
                         outcome=pct, verdict=muni_status))
    summ = social.obligations_summary
    if OBLIGATIONS_TARGET in ids and len(summ):
        r = summ[summ["scope_type"] == "regio"].iloc[0]
        linked = float(r["n_promised"] - r["n_promised_not_linked"])
        if linked > 0:
            row = _row(OBLIGATIONS_TARGET, float(r["n_realised_toward"]), float(r["n_hard_toward"]),
                       "toegezegde woningen (hoofdstuk 5) van de projecten die aan een geleverd project te koppelen "
                       "zijn: opgeleverd / hard gepland in het toegezegde segment; "
                       f"{int(r['n_promised_not_linked'])} toegezegde woningen niet te koppelen "
                       "(tabel affordability_obligations)")
            row["target_value"] = linked
            rows.append(row)
    sales = social.sales_summary
    if SALES_TARGET in ids and sales is not None:
        rows.append(_row(SALES_TARGET, sales["realised"]["n_sold_third_party"], sales["forecast"]["n_sold_third_party"],
                         "woningen verkocht aan derden in de looptijd, gerealiseerd / prognose; een signaal bij verkoop "
                         "aan beleggers of overige derden (complexgewijs? eerst aan corporaties aangeboden?), "
                         "tabel third_party_sales", verdict=sales["status"]))
    return rows


def compute_measures(targets: pd.DataFrame, projects: pd.DataFrame, plan_capacity: pd.DataFrame,
                     mutations: pd.DataFrame, stock: pd.DataFrame, voorzieningenwijzer: pd.DataFrame,
                     year: int, efg_rules=None, social=None, share_status: pd.Series | None = None) -> pd.DataFrame:
    """Realised and planned figure per target that the deliveries can measure.

    ``social`` is :class:`analysis.social_stock.SocialStockResult` (optional). Returns
    ``target_id, realised, planned, outcome, verdict, measure_nl, target_value`` (one row per
    measurable target; ``outcome``/``verdict`` NA where the status follows from realised and
    planned; ``target_value`` only for a rule whose number the analysis supplies).
    """
    from analysis.monitoring.voorzieningenwijzer import voorzieningenwijzer_row

    ids = set(targets["target_id"])
    rows = []
    if len(projects) or len(plan_capacity) or len(mutations):
        rows += [r for r in dwelling_target_rows(projects, plan_capacity, targets, mutations, year)
                 if r["target_id"] in ids]
    if EFG_TARGET in ids:
        rows += efg_rows(stock, year, efg_rules)
    if INPONDING_TARGET in ids:
        rows += inponding_rows(mutations, year, targets.set_index("target_id").loc[INPONDING_TARGET])[0]
    for t in targets[targets["target_id"].astype(str).str.startswith(VW_PREFIX)].itertuples():
        if len(voorzieningenwijzer):
            rows.append(voorzieningenwijzer_row(voorzieningenwijzer, year, t))
    if social is not None:
        rows += social_stock_rows(social, ids, share_status)
    cols = ["target_id", "realised", "planned", "outcome", "verdict", "measure_nl", "target_value"]
    out = pd.DataFrame(rows, columns=cols)
    for c in ("realised", "planned", "outcome", "target_value"):
        out[c] = out[c].astype("float64")
    return out
