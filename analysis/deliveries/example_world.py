"""The one true example world, drawn once from a seed (see :mod:`analysis.deliveries.example_data`).

:func:`build_world` draws the stock (:mod:`analysis.deliveries.example_stock`), the projects
(:mod:`analysis.deliveries.example_projects`), the corporations' finances and the
voorzieningenwijzer counts; deliveries are views of this :class:`World`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import forecast, reference
from analysis.deliveries.example_params import (
    DEFAULT_SEED,
    FIRST_YEAR,
    LAST_YEAR,
    TINY_CORPORATIONS,
    TINY_MUNICIPALITIES,
    Parameters,
    load_calibration,
    load_parameters,
    rent_index,
)
from analysis.deliveries.example_projects import (
    FATE_STREAMS,
    _projects,
    fixed_fates,
    funded_projects,
    with_fates,
)
from analysis.deliveries.example_stock import (
    GAS_FREE_STREAM,
    ORIGIN_FROM_CORPORATION,
    TRANSFER_STREAM,
    _additions,
    _assign_ids,
    _base_stock,
    _events,
    _gas_free_plans,
    _transfers,
    stock_at,
)

#: Sub-stream of the chapter-5 funded projects' dwellings (see ``GAS_FREE_STREAM``).
FUNDED_STREAM = 2


def balance_sheet(params: Parameters, corp: str, policy_value, debt) -> tuple:
    """Total assets and equity on beleidswaarde (euro) from the policy value and the debt.

    Total assets = policy value x (1 + ``other_assets_share``); equity = total assets - debt -
    policy value x ``other_liabilities_share`` (other debts and provisions), at least 0. So the
    solvency (equity / total assets) is not 1 - LTV.
    """
    a = params.value("other_assets_share", corp)
    liab = params.value("other_liabilities_share", corp)
    total = np.asarray(policy_value, dtype=float) * (1 + a)
    equity = np.maximum(0.0, total - np.asarray(debt, dtype=float) - np.asarray(policy_value, dtype=float) * liab)
    return total, equity

__all__ = ["World", "build_world"]


@dataclass
class World:
    """Everything drawn once; deliveries are views of it."""

    units: pd.DataFrame  # one row per VHE ever held (base stock + additions)
    projects: pd.DataFrame  # corporation projects (truth)
    market: pd.DataFrame  # market plans (truth)
    finances: pd.DataFrame  # corporation finances per year (truth)
    vzw: pd.DataFrame  # voorzieningenwijzer per municipality per year (truth)
    corporations: pd.DataFrame  # corporation_id, name
    municipalities: list[str]
    params: Parameters


def _finances(rng, params, units, projects, corporations) -> pd.DataFrame:
    rows = []
    g = params.value("value_growth")
    for corp in corporations:
        u = units[units["corporation"] == corp]
        p = projects[(projects["corporation"] == corp) & (projects["cancel_year"] == 9999)]
        ltv = params.value("ltv_2021", corp)
        rate = params.value("interest_rate", corp)
        margin = params.value("ocf_margin", corp)
        bw0 = params.value("policy_value_per_vhe_2022")
        debt = None
        for t in range(FIRST_YEAR - 1, LAST_YEAR + 1):
            held_end = stock_at(u, t + 1)
            n_end = len(held_end)
            grow = (1 + g) ** (t - FIRST_YEAR)
            bw = n_end * bw0 * grow
            mw = n_end * params.value("market_value_per_vhe_2022") * grow
            rent_idx = (rent_index(params, t) + rent_index(params, t + 1)) / 2
            rents = np.where(held_end["lib_year"].to_numpy() < t, held_end["lib_rent_2022"].to_numpy(),
                             held_end["rent_2022"].to_numpy())
            rent_income = float(np.nansum(rents)) * 12 * rent_idx
            ocf_before_interest = rent_income * margin  # the ICR field: cash flow before paying interest
            cost = (p.loc[p["true_year"] == t, "n_dwellings"]
                    * _cost_per_dwelling(params, t, p.loc[p["true_year"] == t, "segment"])).sum()
            n_meas = int(((u["measure_year"] == t) & (u["exit_year"] > t)).sum())
            n_inp = int(((u["origin"] == "inponding") & (u["entry_year"] == t)).sum())
            n_sold = int((u["exit_kind"].isin(["VAH", "VAB", "VAC", "VAO"]) & (u["exit_year"] == t)).sum())
            n_bought = int(((u["origin"] == ORIGIN_FROM_CORPORATION) & (u["entry_year"] == t)).sum())
            invest = float(cost) + n_meas * params.value("cost_improvement_2022") * (1.03 ** (t - FIRST_YEAR)) \
                + n_inp * params.value("inponding_price_eur") + n_bought * params.value("sale_price_eur") \
                + n_end * params.value("other_investment_per_vhe") * (1.03 ** (t - FIRST_YEAR))
            if debt is None:
                debt = ltv * bw
                interest = debt * rate
            else:
                interest = debt * rate
                debt = max(0.0, debt + invest - (ocf_before_interest - interest) - n_sold * params.value("sale_price_eur"))
            total, equity = balance_sheet(params, corp, bw, debt)
            rows.append({"corporation": corp, "year": t, "policy_value_eur": bw, "market_value_eur": mw,
                         "debt_eur": debt, "interest_eur": interest, "operating_cash_flow_eur": ocf_before_interest,
                         "planned_investment_eur": invest, "rent_income_eur": rent_income,
                         "equity_policy_value_eur": float(equity), "total_assets_policy_value_eur": float(total)})
    fin = pd.DataFrame(rows)
    money = [c for c in fin.columns if c.endswith("_eur")]
    fin[money] = fin[money].round(-3)
    return fin


def _cost_per_dwelling(params, year: int, segments: pd.Series) -> np.ndarray:
    base = params.value("cost_per_dwelling_2020") * (1 + params.value("cost_growth")) ** (year - 2020)
    flex = params.value("cost_flex_2018") * (1 + params.value("cost_growth")) ** (year - 2018)
    return np.where(segments.to_numpy() == "flex", flex, base)


def build_world(seed: int = DEFAULT_SEED, size: str = "full", params: Parameters | None = None,
                public_dir: Path | None = None) -> World:
    """Draw the one true world from ``seed`` (see the module docstring)."""
    if size not in ("full", "tiny"):
        raise ValueError(f"size moet 'full' of 'tiny' zijn, niet '{size}'")
    params = params or load_parameters()
    kwb, etm = load_calibration(public_dir)
    corps = reference.corporations()[["corporation_id", "name"]].astype(object)
    corp_ids = dict(zip(corps["name"], corps["corporation_id"], strict=True))
    presence = params.presence
    munis = reference.municipality_names()
    if size == "tiny":
        presence = pd.DataFrame({"municipality": list(TINY_MUNICIPALITIES),
                                 "corporation": list(TINY_CORPORATIONS), "share": [1.0, 1.0]})
        corps = corps[corps["name"].isin(TINY_CORPORATIONS)]
        munis = list(TINY_MUNICIPALITIES)
    rng = np.random.default_rng(seed)
    units = _events(rng, params, _base_stock(rng, params, kwb, etm, presence, corp_ids, size))
    stock_counts = units.groupby(["corporation", "municipality"]).size()
    projects, market = _projects(rng, params, presence, stock_counts, corp_ids, kwb, size)
    # each plan's fate (on time, delayed, dropped) from the known reference parameters, own streams
    outcome, persistence = forecast.plan_outcome_parameters(), forecast.forecast_settings()["shock_persistence"]
    projects = with_fates(projects, outcome, seed + FATE_STREAMS["corporatie"], persistence=persistence)
    market = with_fates(market, outcome, seed + FATE_STREAMS["markt"], persistence=persistence)
    add = _additions(rng, params, projects, presence, corp_ids, size)
    parts = [units, add]
    if size == "full":  # the chapter-5 funded projects (own stream: the drawn world is unchanged)
        funded = fixed_fates(funded_projects(corp_ids))
        parts.append(_additions(np.random.default_rng([seed, FUNDED_STREAM]), params, funded, presence.iloc[0:0],
                                corp_ids, size))
        projects = pd.concat([projects, funded], ignore_index=True)
    # the buyer's side of each sale to another corporation (own stream)
    parts.append(_transfers(np.random.default_rng([seed, TRANSFER_STREAM]), units, presence, corp_ids))
    units = _assign_ids(pd.concat([p for p in parts if len(p)], ignore_index=True))
    # own stream, so adding this attribute left every other drawn value unchanged
    units = _gas_free_plans(np.random.default_rng([seed, GAS_FREE_STREAM]), params, units)
    finances = _finances(rng, params, units, projects, corps["name"].tolist())
    pop = kwb.set_index("municipality")["inhabitants"]
    vzw_rows = []
    for muni in munis:
        for t in range(2023, LAST_YEAR + 1):
            approached = int(rng.poisson(pop[muni] / 10_000 * params.value("vzw_per_10000_inhabitants")))
            advised = int(rng.binomial(approached, params.value("vzw_advised_share")))
            vzw_rows.append({"municipality": muni, "year": t, "households_approached": approached,
                             "households_advised": advised})
    return World(units=units, projects=projects, market=market, finances=finances,
                 vzw=pd.DataFrame(vzw_rows), corporations=corps.reset_index(drop=True),
                 municipalities=munis, params=params)
