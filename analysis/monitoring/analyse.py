"""``analyse(inputs, params)``: the whole monitor as result frames (pure, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.monitoring.accuracy import compute_prognosis_accuracy, summarise_prognosis_accuracy
from analysis.monitoring.backtest import backtest, summarise_backtest
from analysis.monitoring.funding import (
    format_portfolio_list,
    portfolio_by_corporation,
    summarise_portfolio_funding,
)
from analysis.monitoring.inputs import ForecastHistory, MonitorInputs
from analysis.monitoring.measures import (
    INPONDING_TARGET,
    RULE_TARGETS,
    SOCIAL_SHARE_TARGET,
    compute_measures,
    inponding_rows,
)
from analysis.monitoring.status import classify_shares, compute_agreement_monitor, summarise_status
from analysis.monitoring.voorzieningenwijzer import compute_voorzieningenwijzer
from analysis.rules.scopes import REGION_NAME

VW_TARGET = "voorzieningenwijzer_2023_2026"


@dataclass(frozen=True)
class MonitorParams:
    """The notebook's parameters that the analysis uses.

    ``n_simulations`` and ``seed`` are those of the backtest of the forecasts (one simulation of
    every earlier delivery's plans per run; 2.000 draws keep the 10-90 % band stable to about a
    dwelling per corporation and add about 0,1 s to a run on the example data).
    """

    year: int
    n_simulations: int = 2000
    seed: int = 20240531


@dataclass(frozen=True)
class MonitorResult:
    """The monitor's frames (see :func:`analyse`)."""

    year: int
    example_data: bool
    measures: pd.DataFrame
    monitor: pd.DataFrame
    status_counts: pd.DataFrame
    funding_by_municipality: pd.DataFrame
    funding_by_corporation: pd.DataFrame
    project_list: pd.DataFrame
    vw_target: pd.Series | None
    voorzieningenwijzer: pd.DataFrame
    inponding_target: pd.Series | None
    inponding: pd.DataFrame
    accuracy: pd.DataFrame | None
    accuracy_total: pd.DataFrame | None
    social: object = None  # analysis.social_stock.SocialStockResult
    social_share: pd.DataFrame | None = None  # the NPA share per municipality and region, with the monitor's status
    backtest: pd.DataFrame | None = None  # per scope and year: forecast, band, realised, CRPS, Brier (backtest.py)
    backtest_summary: pd.DataFrame | None = None  # per scope: years scored, band coverage, mean CRPS and Brier


def _scoped(frame: pd.DataFrame | None, by: str | None = None) -> pd.DataFrame | None:
    """``frame`` with the headline-table convention in front: ``scope_type, scope`` (the region, or per ``by``)."""
    if frame is None:
        return None
    if by is None:
        return pd.concat([pd.DataFrame({"scope_type": "regio", "scope": REGION_NAME}, index=frame.index), frame], axis=1)
    scope_type = {"corporation": "corporatie", "municipality": "gemeente"}[by]
    return pd.concat([pd.DataFrame({"scope_type": scope_type, "scope": frame[by]}, index=frame.index), frame], axis=1)


def _target(targets: pd.DataFrame, target_id: str) -> pd.Series | None:
    rows = targets[targets["target_id"] == target_id]
    return None if rows.empty else rows.iloc[0]


def compute_backtest(history: ForecastHistory | None, params: MonitorParams
                     ) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """The backtest of every earlier delivery's forecast (:func:`analysis.monitoring.backtest.backtest`) and its summary.

    ``(None, None)`` without a history; empty frames when no two successive years were delivered.
    The forecast year is the column ``year`` (the row key of a published table,
    :data:`analysis.report.consistency.KEY_COLUMNS`).
    """
    if history is None:
        return None, None
    bt = backtest(history.projects, history.parameters, n_simulations=int(params.n_simulations),
                  seed=int(params.seed), persistence=float(history.settings["shock_persistence"]),
                  delivered=history.delivered)
    return bt.rename(columns={"forecast_year": "year"}), summarise_backtest(bt)


def analyse(inputs: MonitorInputs, params: MonitorParams) -> MonitorResult:
    """Compose the monitor from the analyses' results; add the status per agreement."""
    from analysis import social_stock

    d, year, targets = inputs.data, params.year, inputs.targets
    social = social_stock.analyse(inputs.social_stock) if inputs.social_stock is not None else None
    share = None
    if social is not None:
        share = social.share.assign(status=classify_shares(social.share, _target(targets, SOCIAL_SHARE_TARGET),
                                                           inputs.status_rules))
    measures = compute_measures(targets, d.projects, d.plan_capacity, d.mutations, d.stock, d.voorzieningenwijzer,
                                year, efg_rules=inputs.efg_rules, social=social,
                                share_status=None if share is None else share["status"])
    monitor = compute_agreement_monitor(targets, measures, inputs.status_rules, RULE_TARGETS)
    vw_target = _target(targets, VW_TARGET)
    vw = (compute_voorzieningenwijzer(d.voorzieningenwijzer, year, vw_target["value"], vw_target["period_start"],
                                      vw_target["period_end"]) if vw_target is not None else pd.DataFrame())
    inp_target = _target(targets, INPONDING_TARGET)
    _, inponding = inponding_rows(d.mutations, year, inp_target)
    accuracy = accuracy_total = None
    if inputs.previous is not None:
        p = inputs.previous
        accuracy = compute_prognosis_accuracy(p.projects, p.mutations, d.projects, d.mutations, year)
        accuracy_total = _scoped(summarise_prognosis_accuracy(accuracy))
        accuracy = _scoped(accuracy, "corporation")
    bt, bt_summary = compute_backtest(inputs.history, params)
    return MonitorResult(
        year=year, example_data=bool(d.example_data), measures=measures, monitor=_scoped(monitor),
        status_counts=summarise_status(monitor),
        funding_by_municipality=summarise_portfolio_funding(inputs.portfolio, "municipality"),
        funding_by_corporation=portfolio_by_corporation(inputs.portfolio, inputs.project_corporations),
        project_list=format_portfolio_list(inputs.portfolio),
        vw_target=vw_target, voorzieningenwijzer=_scoped(vw), inponding_target=inp_target, inponding=_scoped(inponding),
        accuracy=accuracy, accuracy_total=accuracy_total, social=social, social_share=share,
        backtest=bt, backtest_summary=bt_summary)
