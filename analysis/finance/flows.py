"""Yearly cash and value flows: what the task, other commitments and alternative uses add to a balance sheet.

A flows frame is indexed by ``year`` and has the columns :data:`FLOW_COLUMNS`; the projection
(:func:`analysis.finance.projection.project_corporation`) turns flows into debt and values.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .parameters import ModelParameters
from .vocabulary import FLOW_COLUMNS


def make_flows(**by_year) -> pd.DataFrame:
    """Small helper: ``make_flows(investment_eur={2026: 1e6})`` -> a flows frame."""
    df = pd.DataFrame(by_year, columns=list(FLOW_COLUMNS)).fillna(0.0)
    df.index.name = "year"
    return df


def add_flows(*frames: pd.DataFrame, scale: tuple[float, ...] | None = None) -> pd.DataFrame:
    """Sum flows frames (optionally each times a factor), aligned on year."""
    scale = scale or (1.0,) * len(frames)
    parts = [f.reindex(columns=list(FLOW_COLUMNS)).fillna(0.0) * k for f, k in zip(frames, scale, strict=True)]
    out = pd.concat(parts).groupby(level=0).sum() if parts else make_flows()
    out.index.name = "year"
    return out


def compute_task_flows(task: pd.DataFrame, base: Mapping, model: ModelParameters) -> pd.DataFrame:
    """Turn one corporation's task lines into yearly cash and value flows (:data:`FLOW_COLUMNS`).

    New dwellings and purchased dwellings add operating cash flow, beleidswaarde and
    marktwaarde per dwelling (``finance_parameters.csv``); a sold new-build purchase home
    (``betaalbare_koop``) brings sale proceeds. Demolition removes the average value and cash
    flow of an existing dwelling (base-year totals / number of dwellings in the register).
    Improvements and renovations add nothing (a deliberately prudent choice).
    """
    n_exist = float(base.get("n_dwellings", 0) or 0)
    per_dwelling = {
        "ocf_added_eur": base["operating_cash_flow_eur"] / n_exist if n_exist else 0.0,
        "policy_value_added_eur": base["policy_value_eur"] / n_exist if n_exist else 0.0,
        "market_value_added_eur": base["market_value_eur"] / n_exist if n_exist else 0.0,
    }
    rows = []
    for n, cost, item, segment, year in zip(task["n_units"].astype(float), task["cost_eur"].astype(float),
                                            task["item"], task["segment"], task["year"], strict=True):
        flow = dict.fromkeys(FLOW_COLUMNS, 0.0)
        flow["investment_eur"] = cost
        key = segment if item == "nieuwbouw" else ("inponding" if item == "inponding" else None)
        if key is not None:
            flow["ocf_added_eur"] = n * model.ocf_added.get(key, 0.0)
            flow["policy_value_added_eur"] = n * model.policy_value_added.get(key, 0.0)
            flow["market_value_added_eur"] = n * model.market_value_added.get(key, 0.0)
            flow["proceeds_eur"] = n * model.sale_proceeds.get(key, 0.0)
        if item == "sloop":
            for c, v in per_dwelling.items():
                flow[c] = -n * v
        rows.append({"year": int(year), **flow})
    if not rows:
        return pd.DataFrame(columns=list(FLOW_COLUMNS), dtype=float).rename_axis("year")
    return pd.DataFrame(rows).groupby("year")[list(FLOW_COLUMNS)].sum()


def planned_investment(finances: pd.DataFrame, corp: str, first: int, last: int) -> pd.Series:
    """The corporation's own budgeted investment per year from ``first`` to ``last`` (``financien``)."""
    g = finances[(finances["corporation"] == corp) & (finances["year"] >= first) & (finances["year"] <= last)]
    return g.groupby("year")["planned_investment_eur"].sum().astype(float)


def compute_other_flows(planned: pd.Series, task_basis: pd.DataFrame, share: float) -> pd.DataFrame:
    """Investments committed outside the task of the region: ``share x max(0, planned_t - task_t)``.

    ``planned`` is the corporation's own budgeted investment per year (``financien``), which
    covers its whole organisation; ``task_basis`` the task priced in the basis scenario (so
    that a costlier scenario does not shrink what is committed elsewhere).
    """
    t = task_basis.groupby("year")["cost_eur"].sum() if len(task_basis) else pd.Series(dtype=float)
    years = sorted(set(planned.index) | set(t.index))
    other = {int(y): share * max(0.0, float(planned.get(y, 0.0)) - float(t.get(y, 0.0))) for y in years}
    return make_flows(investment_eur=other)
