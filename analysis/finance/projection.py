"""Steps 0, 2 and 3: the starting point, the year-by-year projection, the ratios and the norms.

Every step is a sum or a product, so the projection is *linear* in the investments (formulas in
the package docstring); :func:`compute_slack` turns each norm into a euro slack that is linear
in the investments too, which makes the capacity in :mod:`.capacity` exact.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .parameters import ModelParameters, Scenario
from .vocabulary import BASE_COLUMNS, EQUITY_FIELDS, FLOW_COLUMNS, NORM_IDS


def _optional(row: pd.Series, column: str) -> float:
    """An optional field of the base-year row as float; NaN when the column or the value is missing."""
    v = row.get(column)
    return np.nan if v is None or pd.isna(v) else float(v)


def select_base(finances: pd.DataFrame, stock: pd.DataFrame, delivery_year: int) -> pd.DataFrame:
    """The starting point of every corporation's projection.

    The base year is the last year before the delivery year that the corporation delivered
    (normally the realisation of delivery year - 1); without such a year, its first year.
    ``n_dwellings`` counts its rows in the stock register (used to value demolished dwellings).
    ``equity_policy_value_eur`` and ``total_assets_policy_value_eur`` (optional fields of
    ``financien``) are NaN when the corporation did not deliver them: solvency is then unknown.

    >>> f = pd.DataFrame({"corporation": ["A", "A"], "year": [2025, 2026], "policy_value_eur": [1.0, 2.0],
    ...     "market_value_eur": [1.0, 2.0], "debt_eur": [0.5, 0.5], "interest_eur": [0.1, 0.1],
    ...     "operating_cash_flow_eur": [0.2, 0.2]})
    >>> int(select_base(f, pd.DataFrame(), 2026)["base_year"].iloc[0])
    2025
    """
    rows = []
    counts = stock.groupby("corporation").size() if len(stock) and "corporation" in stock else pd.Series(dtype=int)
    for corp, g in finances.groupby("corporation", sort=True):
        g = g.sort_values("year")
        before = g[g["year"] < delivery_year]
        r = (before if len(before) else g).iloc[-1 if len(before) else 0]
        rows.append({
            "corporation": str(corp),
            "base_year": int(r["year"]),
            **{c: float(r[c]) for c in ("policy_value_eur", "market_value_eur", "debt_eur", "interest_eur",
                                         "operating_cash_flow_eur")},
            **{c: _optional(r, c) for c in EQUITY_FIELDS},
            "n_dwellings": int(counts.get(corp, 0)),
        })
    return pd.DataFrame(rows, columns=list(BASE_COLUMNS))


def project_corporation(
    base: Mapping, flows: pd.DataFrame, scenario: Scenario, model: ModelParameters, last_year: int,
) -> pd.DataFrame:
    """Project one corporation from its base year to ``last_year`` (formulas in the package docstring).

    Args:
        base: one row of :func:`select_base` (dict-like).
        flows: yearly flows (:data:`FLOW_COLUMNS`) indexed by year; missing years are zero.

    Returns:
        One row per year from the base year (``figure='realisatie'``) to ``last_year``
        (``'projectie'``) with investment, debt, interest, operating cash flow and values, and
        equity and total assets on beleidswaarde: every cash flow runs through the debt and every
        change of value through the beleidswaarde, so ``A_t = A_B + (BW_t - BW_B)`` and
        ``E_t = E_B + (BW_t - BW_B) - (D_t - D_B)`` (other assets and liabilities stay as in the
        base year). An investment financed with debt thus raises the total assets by the
        beleidswaarde it adds and lowers equity by the loss on it (cost minus beleidswaarde). NaN
        when the base year has no equity or total assets.
    """
    b = int(base["base_year"])
    d_b = float(base["debt_eur"])
    r_m = float(scenario.interest_rate)
    r_0 = float(base["interest_eur"]) / d_b if d_b > 0 else r_m
    years = list(range(b + 1, last_year + 1))
    f = flows.reindex(years).reindex(columns=list(FLOW_COLUMNS)).fillna(0.0).to_numpy(dtype=float)
    inv, proceeds, d_ocf, d_pv, d_mv = (f[:, i] for i in range(len(FLOW_COLUMNS)))
    ocf_b, pv_b, mv_b = (float(base[c]) for c in ("operating_cash_flow_eur", "policy_value_eur", "market_value_eur"))
    eq_b, ta_b = (float(base.get(c, np.nan)) for c in EQUITY_FIELDS)
    cols = {k: [v] for k, v in {
        "year": b, "figure": "realisatie", "investment_eur": 0.0, "debt_eur": d_b,
        "interest_eur": float(base["interest_eur"]), "operating_cash_flow_eur": ocf_b,
        "policy_value_eur": pv_b, "market_value_eur": mv_b,
        "equity_policy_value_eur": eq_b, "total_assets_policy_value_eur": ta_b}.items()}
    rent_index, debt, c_ocf, c_pv, c_mv = 1.0, d_b, 0.0, 0.0, 0.0
    for i, t in enumerate(years):
        rent_index *= 1 + scenario.rent_growth(t)
        c_ocf, c_pv, c_mv = c_ocf + d_ocf[i], c_pv + d_pv[i], c_mv + d_mv[i]
        ocf = (ocf_b + c_ocf) * rent_index
        old_share = 1 - min(1.0, model.refinance_share_per_year * (t - b))
        interest = r_0 * old_share * d_b + r_m * (debt - old_share * d_b)
        debt = debt + inv[i] - proceeds[i] + interest - ocf
        pv = (pv_b + c_pv) * rent_index
        for k, v in (("year", t), ("figure", "projectie"), ("investment_eur", inv[i]), ("debt_eur", debt),
                     ("interest_eur", interest), ("operating_cash_flow_eur", ocf),
                     ("policy_value_eur", pv), ("market_value_eur", (mv_b + c_mv) * rent_index),
                     ("equity_policy_value_eur", eq_b + (pv - pv_b) - (debt - d_b)),
                     ("total_assets_policy_value_eur", ta_b + (pv - pv_b))):
            cols[k].append(v)
    return pd.DataFrame(cols)


def compute_ratios(projection: pd.DataFrame) -> pd.DataFrame:
    """Add ``icr``, ``ltv_beleidswaarde``, ``solvabiliteit`` and ``dekkingsratio_marktwaarde``.

    ICR = OCF / rente, the operating cash flow *before* interest (``kasstroom vóór rente``) over
    the interest (infinite when no interest is paid); LTV = D / BW; solvabiliteit = eigen
    vermogen / balanstotaal, both on beleidswaarde (Aw/WSW; NaN when not delivered, never
    derived from the LTV); dekkingsratio = D / MW.
    """
    out = projection.copy()
    ocf, interest = out["operating_cash_flow_eur"], out["interest_eur"]
    out["icr"] = np.where(interest > 0, ocf / interest.where(interest > 0, 1.0), np.inf)
    pv = out["policy_value_eur"].where(out["policy_value_eur"] > 0)
    mv = out["market_value_eur"].where(out["market_value_eur"] > 0)
    out["ltv_beleidswaarde"] = out["debt_eur"] / pv
    equity = out.get("equity_policy_value_eur", pd.Series(np.nan, index=out.index)).astype(float)
    assets = out.get("total_assets_policy_value_eur", pd.Series(np.nan, index=out.index)).astype(float)
    out["solvabiliteit"] = equity / assets.where(assets > 0)
    out["dekkingsratio_marktwaarde"] = out["debt_eur"] / mv
    return out


def norm_limits(norms: pd.DataFrame, buffer: float) -> dict[str, tuple[str, float]]:
    """norm_id -> (``"min"``/``"max"``, limit after the buffer) for the norms this model knows.

    A minimum norm (operator ``>``/``>=``) becomes ``value x (1 + buffer)``, a maximum norm
    (``<``/``<=``) ``value x (1 - buffer)``: "we stay ``buffer`` away from every limit".
    Norms with another id are ignored (the model has no formula for them).
    """
    out = {}
    for nid, op, value in zip(norms["norm_id"], norms["operator"], norms["value"], strict=True):
        if str(nid) not in NORM_IDS:
            continue
        kind = "min" if str(op).strip().startswith(">") else "max"
        v = float(value)
        out[str(nid)] = (kind, v * (1 + buffer) if kind == "min" else v * (1 - buffer))
    return out


def breach_flags(ratios: pd.DataFrame, norms: pd.DataFrame) -> pd.Series:
    """True in the rows (years, the realised base year included) where a ratio breaks an unbuffered norm."""
    out = pd.Series(False, index=ratios.index)
    for nid, (kind, lim) in norm_limits(norms, 0.0).items():
        v = ratios[nid].astype(float)
        out |= (v < lim) if kind == "min" else (v > lim)
    return out


def compute_slack(projection: pd.DataFrame, norms: pd.DataFrame, buffer: float) -> pd.DataFrame:
    """Euro slack of every norm in every projection year (base year excluded); < 0 is a breach.

    ICR: OCF - limit x rente. LTV: limit x BW - D. Solvabiliteit: E - limit x A (equity and
    total assets on beleidswaarde). Dekkingsratio: limit x MW - D. Each is linear in the debt
    and the beleidswaarde, so in the investments. A corporation that did not deliver equity and
    total assets has no solvency column: that norm cannot be tested, the others still are.
    """
    p = projection[projection["figure"] == "projectie"]
    ocf, interest, pv, mv, debt = (p[c].to_numpy(dtype=float) for c in (
        "operating_cash_flow_eur", "interest_eur", "policy_value_eur", "market_value_eur", "debt_eur"))
    nan = np.full(len(p), np.nan)
    equity, assets = (p[c].to_numpy(dtype=float) if c in p else nan for c in EQUITY_FIELDS)
    formulas = {
        "icr": lambda lim: ocf - lim * interest,
        "ltv_beleidswaarde": lambda lim: lim * pv - debt,
        "solvabiliteit": lambda lim: equity - lim * assets,
        "dekkingsratio_marktwaarde": lambda lim: lim * mv - debt,
    }
    data = {nid: formulas[nid](lim) for nid, (_kind, lim) in norm_limits(norms, buffer).items()}
    data = {nid: v for nid, v in data.items() if len(v) == 0 or not np.isnan(v).all()}
    return pd.DataFrame(data, index=pd.Index(p["year"].to_numpy(), name="year"))
