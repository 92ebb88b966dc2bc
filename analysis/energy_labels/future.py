"""Toekomstklaar and gas-free dwellings now and, as planned, at the end of each year.

``gas_free`` says whether a dwelling is gas-free now; the optional ``gas_free_after``
(``aardgasvrij na ingreep``) whether a planned renovatie or verduurzaming makes it gas-free. A
dwelling becomes gas-free at the end of its measure year when ``gas_free_after`` is true (and the
measure is counted); it leaves the count when demolished or sold. A register without the column
(older deliveries) or with it empty counts as *unknown*: no planned switches, and the report says
so (:func:`summarise_gas_free_plans`). *Toekomstklaar* is approximated by a label in
``rules.toekomstklaar_labels`` (label B or better).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.rules.efg import (
    EVENT_DEMOLISHED,
    EVENT_IMPROVED,
    EVENT_IMPROVED_STILL_EFG,
    EVENT_SOLD,
    WEIGHT,
    EnergyRules,
)

from .cells import expand_years, sum_by_scope


def compute_future_stock(cells: pd.DataFrame, year: int, rules: EnergyRules,
                         region_name: str | None = None) -> pd.DataFrame:
    """Stock, toekomstklaar and gas-free dwellings per scope at the start and end of each year.

    ``year`` = ``reporting year - 1`` is the start (1 January). ``n_toekomstklaar`` counts
    dwellings in the stock with a label in the toekomstklaar set, taking planned improvements
    into account; ``n_gas_free`` counts gas-free dwellings still in the stock: gas-free now, or
    made gas-free by a counted improvement (``gas_free_plan`` "ja") in or before that year.
    ``n_gas_free_switched`` is the part of ``n_gas_free`` that switched since the start. An
    improvement with ``gas_free_plan`` "onbekend" (column empty or absent) counts as no switch.
    """
    years = np.arange(year - 1, max(year, rules.horizon_last_year) + 1)
    base = cells.groupby(["corporation", "municipality", "event", "event_year", "toekomstklaar_start",
                          "toekomstklaar_after", "gas_free", "gas_free_plan"],
                         observed=True)[WEIGHT].sum().reset_index()
    n = base[WEIGHT].to_numpy()[:, None]
    ey = base["event_year"].to_numpy()[:, None]
    ev = base["event"].to_numpy()[:, None]
    done = (ey > 0) & (ey <= years[None, :])
    gone = done & np.isin(ev, (EVENT_DEMOLISHED, EVENT_SOLD))
    improved = done & np.isin(ev, (EVENT_IMPROVED, EVENT_IMPROVED_STILL_EFG))
    tk = np.where(improved, base["toekomstklaar_after"].to_numpy()[:, None],
                  base["toekomstklaar_start"].to_numpy()[:, None])
    gas_free = base["gas_free"].to_numpy(dtype=bool)[:, None]
    switched = improved & ~gas_free & (base["gas_free_plan"].to_numpy() == "ja")[:, None]
    values = {
        "n_stock": n * ~gone,
        "n_toekomstklaar": n * (~gone & tk),
        "n_gas_free": n * (~gone & (gas_free | switched)),
        "n_gas_free_switched": n * (~gone & switched),
    }
    out = sum_by_scope(expand_years(base, years, values), list(values), ["year"], region_name)
    out["share_toekomstklaar"] = out["n_toekomstklaar"] / out["n_stock"].where(out["n_stock"] > 0)
    out["share_gas_free"] = out["n_gas_free"] / out["n_stock"].where(out["n_stock"] > 0)
    return out


def summarise_gas_free_plans(cells: pd.DataFrame, region_name: str | None = None) -> pd.DataFrame:
    """Counted improvements per scope by what they do to gas-free (from the reporting year on).

    Returns ``scope_type, scope, n_improvements`` (counted renovaties and verduurzamingen),
    ``n_to_gas_free`` (not gas-free now, ``gas_free_after`` ja), ``n_already_gas_free``,
    ``n_not_gas_free`` (``gas_free_after`` nee) and ``n_unknown`` (``gas_free_after`` empty or
    the column absent); the last four add up to ``n_improvements``.
    """
    plan = cells["gas_free_plan"].astype(str).to_numpy()
    gf = cells["gas_free"].to_numpy(dtype=bool)
    n = cells[WEIGHT].to_numpy(dtype=np.int64)
    frame = pd.DataFrame({
        "corporation": cells["corporation"].to_numpy(), "municipality": cells["municipality"].to_numpy(),
        "n_improvements": np.where(plan != "", n, 0),
        "n_to_gas_free": np.where((plan == "ja") & ~gf, n, 0),
        "n_already_gas_free": np.where((plan != "") & gf, n, 0),
        "n_not_gas_free": np.where((plan == "nee") & ~gf, n, 0),
        "n_unknown": np.where((plan == "onbekend") & ~gf, n, 0),
    })
    cols = ["n_improvements", "n_to_gas_free", "n_already_gas_free", "n_not_gas_free", "n_unknown"]
    return sum_by_scope(frame, cols, (), region_name)
