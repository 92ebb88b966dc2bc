"""``analyse(inputs)``: the four agreements on the standing social stock as result frames (pure)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.social_stock.distribution import (
    classify_social_stock,
    compute_social_stock_distribution,
    social_limit,
    summarise_social_stock,
)
from analysis.social_stock.inputs import SocialStockInputs
from analysis.social_stock.obligations import (
    compute_affordability_obligations,
    summarise_obligations,
)
from analysis.social_stock.sales import TARGET_ID as SALES_TARGET
from analysis.social_stock.sales import compute_third_party_sales, summarise_third_party_sales
from analysis.social_stock.share import RENT_LIMIT_TARGET, SHARE_TARGET, compute_social_share


@dataclass(frozen=True)
class SocialStockResult:
    """The frames of :func:`analyse`; each table has ``scope_type, scope`` first.

    ``distribution`` (afspraak 14), ``share`` (NPA annex), ``obligations`` and
    ``obligations_summary`` (chapter 5), ``sales`` and ``sales_summary`` (afspraak 7; None
    without mutations); the facts the sentences need about what is missing.
    """

    year: int
    example_data: bool
    distribution: pd.DataFrame
    share: pd.DataFrame
    obligations: pd.DataFrame
    obligations_summary: pd.DataFrame
    sales: pd.DataFrame
    sales_summary: dict | None
    sales_period: tuple[int, int] | None
    social_limit_eur: float | None
    missing_price_limits: list[str]
    corporations_without_register: list[str]
    municipalities_without_stock: list[str]
    municipalities_without_cbs: list[str]


def _value(targets: pd.DataFrame, target_id: str) -> float | None:
    rows = targets[targets["target_id"] == target_id]
    return None if rows.empty or pd.isna(rows.iloc[0]["value"]) else float(rows.iloc[0]["value"])


def analyse(inputs: SocialStockInputs) -> SocialStockResult:
    """Compose the 0-meting, the social share, the chapter-5 obligations and the afspraak-7 signal."""
    from analysis import price_classes
    from analysis.monitoring.funding import FUNDING_LABELS

    year = inputs.year
    dwellings = classify_social_stock(inputs.stock, year, inputs.thresholds)
    summary = summarise_social_stock(dwellings, inputs.municipalities, _value(inputs.targets, RENT_LIMIT_TARGET),
                                     year, inputs.thresholds)
    share = compute_social_share(summary, inputs.total_stock, _value(inputs.targets, SHARE_TARGET),
                                 _value(inputs.targets, RENT_LIMIT_TARGET))
    obligations = compute_affordability_obligations(inputs.portfolio, inputs.projects, FUNDING_LABELS)
    sales_target = inputs.targets[inputs.targets["target_id"] == SALES_TARGET]
    period = None
    sales = compute_third_party_sales(pd.DataFrame(), 0, 0)
    if len(sales_target):
        t = sales_target.iloc[0]
        period = (int(t["period_start"]), int(t["period_end"]))
        sales = compute_third_party_sales(inputs.mutations, *period)
    limits = price_classes.rent_limits(year, inputs.thresholds)
    social = dwellings[dwellings["is_social"].fillna(False).astype(bool)]
    missing_limits = [t for t in price_classes.BOUNDARIES if limits[t] is None] if len(social) else []
    delivered = set(inputs.deliveries_corporation.get("corporation", pd.Series(dtype=str)).astype(str))
    with_register = set(inputs.stock.get("corporation", pd.Series(dtype=str)).astype(str))
    no_stock = [] if summary.empty else summary.loc[summary["n_corporation_stock"] == 0, "municipality"].tolist()
    no_cbs = inputs.total_stock.loc[inputs.total_stock["n_total_stock"].isna(), "municipality"].tolist()
    return SocialStockResult(
        year=year, example_data=inputs.example_data,
        distribution=compute_social_stock_distribution(dwellings), share=share,
        obligations=obligations, obligations_summary=summarise_obligations(obligations, inputs.municipalities),
        sales=sales, sales_summary=summarise_third_party_sales(sales, bool(len(inputs.mutations))) if period else None,
        sales_period=period, social_limit_eur=social_limit(year, inputs.thresholds),
        missing_price_limits=[t for t in missing_limits if t != "middenhuurgrens"],
        corporations_without_register=sorted(delivered - with_register),
        municipalities_without_stock=[str(m) for m in no_stock],
        municipalities_without_cbs=[str(m) for m in no_cbs])
