"""Everything of analysis 1 for one report: :func:`analyse` (pure, deterministic, no I/O).

Scope honesty: a municipality's report holds that municipality's figures, a corporation's report
that corporation's own (its projects and its mutations only). The Woondeal targets are regional,
so a party gets its contribution to a target, not a verdict. Afspraak 7 is a test per
municipality over all corporations together; a corporation's report shows its own sales and
additions and, beside them, that regional test (:attr:`PortfolioResult.sales_vs_additions_all`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import config
from analysis.portfolio.completeness import (
    delivered_parties,
    find_missing_data,
    reconcile_corporation_plans,
)
from analysis.portfolio.dropout import build_portfolio_gap, chance_bounds
from analysis.portfolio.inputs import PortfolioInputs, inputs_from_data
from analysis.portfolio.params import PortfolioParams, apply_probability_overrides
from analysis.portfolio.stock import (
    compute_inponding,
    compute_sales_vs_additions,
    compute_social_stock_change,
    summarise_inponding,
    summarise_stock_change_region,
)
from analysis.portfolio.targets import (
    SHARE_TARGET_ID,
    compute_programme_share,
    find_target,
    portfolio_years,
    summarise_by_status,
    target_period,
)
from analysis.portfolio.tempo import compute_pace, compute_tempo
from analysis.rules.plans import combine_plans, find_double_purchases
from analysis.rules.scopes import filter_to_scope, is_region, select_scope_rows

INPONDING_TARGET_ID = "inponding_per_year"
SALES_RULE_TARGET_ID = "sales_vs_additions"
AGREEMENT_YEARS = (config.AGREEMENT_FIRST_YEAR, config.AGREEMENT_LAST_YEAR)


@dataclass(frozen=True)
class PortfolioResult:
    """All frames of analysis 1 for one report.

    Attributes:
        plans: every plan that can count (corporation projects + market plan capacity).
        gap: ``portfolio_gap`` for every scope; gap_scope: the report's rows; gap_output: the
            rows the report publishes (all scopes in the region report, else the party's own).
        contributions: gap rows of the parties of the report's kind (municipalities, or
            corporations in a corporation report), for the contribution figure.
        by_status, tempo, pace: the report scope's plans per status, per year, pace needed.
        stock_change: net change of the social stock per municipality and year, of the report's
            scope (a corporation: its own projects and mutations); stock_change_scope: per year.
        sales_vs_additions: afspraak 7 per municipality for the report's scope (a corporation:
            its own sales and additions); sales_vs_additions_all: the regional test (all
            corporations together), only in a corporation's report, else None.
        inponding: afspraak 8 per year for the scope; inponding_summary: its per-year means.
        double_purchases: purchases reported both as an ``aankoop`` project and as a purchase
            mutation (counted once, from the mutations), of the report's scope.
        programme_share: share of middenhuur + betaalbare koop in the programme (the scope's).
        share_target: the share target row (None when the targets lack it).
        reconciliation, missing: the municipal view of corporation plans; what is missing.
        outcome_parameters: the chances per plan status and years ahead the simulation used (after
            the notebook's overrides); outcome_note: whether calibrated or the reference defaults.
        chances: per gap row of the report's scope with a target, the least and most the plans
            can give, whether the chance is exact (0 or 1) and what drives it
            (:func:`~analysis.portfolio.dropout.chance_bounds`).
        probability_words: the words for a chance.
    """

    year: int
    scope_type: str
    scope: str
    phase: str
    plans: pd.DataFrame
    gap: pd.DataFrame
    gap_scope: pd.DataFrame
    gap_output: pd.DataFrame
    contributions: pd.DataFrame
    by_status: pd.DataFrame
    tempo: pd.DataFrame
    pace: pd.DataFrame
    stock_change: pd.DataFrame
    stock_change_scope: pd.DataFrame
    sales_vs_additions: pd.DataFrame
    sales_vs_additions_all: pd.DataFrame | None
    inponding: pd.DataFrame
    inponding_summary: dict
    double_purchases: pd.DataFrame
    programme_share: pd.DataFrame
    share_target: pd.Series | None
    reconciliation: pd.DataFrame
    missing: pd.DataFrame
    outcome_parameters: pd.DataFrame
    outcome_note: str
    chances: pd.DataFrame
    probability_words: pd.DataFrame
    first_year: int
    last_year: int
    sales_period: tuple[int, int]
    inponding_target: float | None


#: The old name of :class:`PortfolioResult`.
PortfolioResults = PortfolioResult


def label_scope(frame: pd.DataFrame, scope_type: str, scope: str) -> pd.DataFrame:
    """Prepend ``scope_type, scope``: whose figures a per-municipality row holds.

    All corporations together in a municipality are that municipality's figures (``gemeente``);
    in a corporation's report every row is that corporation's own (``corporatie``).
    """
    out = frame.copy()
    own = scope_type == "corporatie"
    out.insert(0, "scope", scope if own else out["municipality"].astype(str))
    out.insert(0, "scope_type", "corporatie" if own else "gemeente")
    return out


def gap_for_output(gap: pd.DataFrame, scope_type: str, scope: str) -> pd.DataFrame:
    """Rows published as ``portfolio_gap``: every scope in the region report, else the party's own."""
    if is_region(scope_type):
        return gap.reset_index(drop=True)
    return select_scope_rows(gap, scope_type, scope)


def scope_stock_change(inputs: PortfolioInputs, scope_type: str, scope: str, years: tuple[int, int],
                       delivered: list[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The stock change of the scope per municipality and year, and all corporations together.

    A corporation's figures come from its own projects and mutations; a municipality's are its
    rows of all corporations together (a year counts as covered when the corporations delivered
    mutation figures for it, also where none of them concerns this municipality). ``delivered``:
    the corporations that delivered (None: all); without a delivery the project flows are NA.
    """
    mun = list(inputs.municipalities)
    everyone = compute_social_stock_change(inputs.projects, inputs.mutations, inputs.year, *years, mun,
                                           projects_known=delivered is None or bool(delivered))
    if scope_type == "corporatie":
        own = compute_social_stock_change(filter_to_scope(inputs.projects, scope_type, scope),
                                          filter_to_scope(inputs.mutations, scope_type, scope),
                                          inputs.year, *years, mun,
                                          projects_known=delivered is None or scope in delivered)
        return own, everyone
    return filter_to_scope(everyone, scope_type, scope).reset_index(drop=True), everyone


def scope_inponding(mutations: pd.DataFrame, year: int, target: float | None, period: tuple[int, int],
                    scope_type: str, scope: str) -> pd.DataFrame:
    """Afspraak 8 for the scope, with its share of the regional ambition.

    The ambition is regional: a party's rows have no target and no verdict (``target``,
    ``difference``, ``meets_target`` NA) but ``regional_target`` and ``share_of_regional_target``.
    A municipality's years are covered as far as the corporations delivered (see
    :func:`scope_stock_change`).
    """
    regional = float(target) if target is not None else np.nan
    own = filter_to_scope(mutations, scope_type, scope)
    covered_by = mutations if scope_type == "gemeente" else own
    out = compute_inponding(own, year, regional if is_region(scope_type) else np.nan, *period,
                            covered_by=covered_by)
    out["regional_target"] = regional
    out["share_of_regional_target"] = out["inponding"] / regional if regional else np.nan
    out.insert(0, "scope", scope)
    out.insert(0, "scope_type", scope_type)
    return out


#: Figures of the tempo and pace tables that are unknown for a target whose scope nobody delivered for.
TEMPO_FIGURES = ("realised", "planned", "expected", "cum_realised", "cum_realised_planned", "cum_expected")
PACE_FIGURES = ("realised_to_date", "remaining", "pace_needed", "pace_planned", "pace_expected", "on_pace")


def blank_unknown(frame: pd.DataFrame, target_ids: set[str], columns: tuple[str, ...]) -> pd.DataFrame:
    """``frame`` with ``columns`` NA in the rows of ``target_ids`` (no delivery: unknown, never 0)."""
    if not target_ids or frame.empty:
        return frame
    out = frame.copy()
    rows = out["target_id"].isin(target_ids)
    for c in columns:
        out[c] = out[c].astype(object if c == "on_pace" else float)
        out.loc[rows, c] = pd.NA if c == "on_pace" else np.nan
    return out


def contribution_rows(gap: pd.DataFrame, scope_type: str) -> pd.DataFrame:
    """Gap rows of the parties a report compares with: corporations for a corporation, else municipalities."""
    kind = "corporatie" if scope_type == "corporatie" else "gemeente"
    return gap[gap["scope_type"] == kind].reset_index(drop=True)


def analyse(inputs: PortfolioInputs, params: PortfolioParams) -> PortfolioResult:
    """Run every computation of analysis 1 for one report (no I/O, deterministic)."""
    st, s = params.scope_type, params.scope
    projects, mutations, capacity = inputs.projects, inputs.mutations, inputs.plan_capacity
    parameters = apply_probability_overrides(inputs.outcome_parameters, params.probability_overrides)
    delivered_corp = delivered_parties(inputs.deliveries_corporation, "corporation", projects)
    delivered_mun = delivered_parties(inputs.deliveries_municipality, "municipality",
                                      capacity.rename(columns={"sender_municipality": "municipality"}))
    plans = combine_plans(projects, capacity, mutations, year=inputs.year)
    doubles = filter_to_scope(find_double_purchases(projects, mutations, inputs.year), st, s).reset_index(drop=True)
    targets = inputs.targets
    first_year, last_year = portfolio_years(targets, AGREEMENT_YEARS)
    gap = build_portfolio_gap(plans, targets, parameters, year=inputs.year, persistence=inputs.shock_persistence,
                              municipalities=inputs.municipalities,
                              corporations=inputs.corporations, n_simulations=params.n_simulations,
                              seed=params.seed, delivered_corporations=delivered_corp,
                              delivered_municipalities=delivered_mun)
    stock, stock_all = scope_stock_change(inputs, st, s, (first_year, last_year), delivered_corp)
    stock_scope = stock if st == "gemeente" else summarise_stock_change_region(stock, s)
    sales_period = target_period(find_target(targets, SALES_RULE_TARGET_ID), AGREEMENT_YEARS)
    sales = compute_sales_vs_additions(stock, *sales_period)
    sales_all = compute_sales_vs_additions(stock_all, *sales_period) if st == "corporatie" else None
    inp_row = find_target(targets, INPONDING_TARGET_ID)
    inp_value = float(inp_row["value"]) if inp_row is not None and pd.notna(inp_row["value"]) else None
    inponding = scope_inponding(mutations, inputs.year, inp_value, target_period(inp_row, AGREEMENT_YEARS), st, s)
    gap_scope = select_scope_rows(gap, st, s)
    unknown = set(gap_scope.loc[gap_scope["realised"].isna(), "target_id"]) if len(gap_scope) else set()
    tempo = blank_unknown(compute_tempo(plans, targets, parameters, inputs.year, st, s), unknown, TEMPO_FIGURES)
    scope_row = pd.DataFrame({"scope_type": [st], "scope": [s]})
    share = compute_programme_share(plans, targets, scopes=scope_row)
    if len(gap_scope) and gap_scope["realised"].isna().all():  # nobody delivered: unknown, not 0 of 0
        share[["numerator_dwellings", "denominator_dwellings", "share_pct"]] = np.nan
    missing = find_missing_data(year=inputs.year, corporations=inputs.corporations,
                                municipalities=inputs.municipalities, delivered_corporations=delivered_corp,
                                delivered_municipalities=delivered_mun, projects=projects, mutations=mutations,
                                rejections=inputs.rejections, first_year=first_year, last_year=last_year,
                                double_purchases=doubles)
    return PortfolioResult(
        year=inputs.year, scope_type=st, scope=s, phase=params.phase, plans=plans, gap=gap,
        gap_scope=gap_scope, gap_output=gap_for_output(gap, st, s),
        contributions=contribution_rows(gap, st), by_status=summarise_by_status(plans, targets, st, s),
        tempo=tempo, pace=blank_unknown(compute_pace(tempo, inputs.year), unknown, PACE_FIGURES),
        stock_change=label_scope(stock, st, s), stock_change_scope=stock_scope,
        sales_vs_additions=label_scope(sales, st, s),
        sales_vs_additions_all=None if sales_all is None else label_scope(sales_all, "regio", s),
        inponding=inponding, inponding_summary=summarise_inponding(inponding), double_purchases=doubles,
        programme_share=share,
        share_target=find_target(targets, SHARE_TARGET_ID),
        reconciliation=reconcile_corporation_plans(projects, capacity), missing=missing,
        outcome_parameters=parameters, outcome_note=inputs.outcome_note,
        chances=chance_bounds(gap_scope, plans, targets, parameters, inputs.year),
        probability_words=inputs.probability_words,
        first_year=first_year, last_year=last_year, sales_period=sales_period, inponding_target=inp_value)


def run_analysis(data, targets: pd.DataFrame, outcome_parameters: pd.DataFrame | None = None, *, scope_type: str,
                 scope: str, n_simulations: int, seed: int, municipalities=None, corporations=None) -> PortfolioResult:
    """:func:`analyse` on already loaded deliveries (the interface before :func:`load_inputs`).

    Args:
        data: an :class:`analysis.processed.ProcessedData`.
        targets: the targets table; outcome_parameters: chances per plan status and years ahead
            (None: the reference defaults).
        scope_type, scope: the report's scope; n_simulations, seed: the drop-out simulation.
        municipalities, corporations: the parties; None means those of the reference tables.
    """
    inputs = inputs_from_data(data, targets, outcome_parameters, municipalities=municipalities,
                              corporations=corporations)
    params = PortfolioParams(scope_type=scope_type, scope=scope, n_simulations=n_simulations, seed=seed)
    return analyse(inputs, params)
