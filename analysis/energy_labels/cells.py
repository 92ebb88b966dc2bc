"""Cells: the register reduced to counts of dwellings per combination of what matters.

A *cell* is one combination of the :data:`CELL_KEYS` (corporation, municipality, label, EFG at
the start, exemption, event and its year, toekomstklaar, gas-free) with the number of dwellings
in it (``n_dwellings``). Cells are additive: the cells of two chunks of a register, summed with
:func:`combine_cells`, equal the cells of the whole register, so a register too large for memory
is processed per chunk. Every result of the analysis is computed from cells.

The scoped helpers (:func:`sum_by_scope`, :func:`expand_years`) turn cells into the
``scope_type, scope`` tables of the report with the shared rule :func:`analysis.rules.scopes.scoped_sums`
(region = sum of its parts).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.rules.efg import WEIGHT, EnergyRules, classify_dwellings
from analysis.rules.scopes import REGION_NAME, scoped_sums, sort_scopes

CELL_KEYS = ("corporation", "municipality", "energy_label", "efg_start", "exempt_reason", "event",
             "event_year", "toekomstklaar_start", "toekomstklaar_after", "gas_free", "gas_free_plan",
             "data_problem")

#: Row order of the scope types in the energy tables (kept so the published tables do not change).
SCOPE_ORDER: tuple[str, ...] = ("regio", "corporatie", "gemeente")


def summarise_cells(classified: pd.DataFrame) -> pd.DataFrame:
    """Count dwellings per combination of :data:`CELL_KEYS` (column ``n_dwellings``).

    Cells are additive: cells of two parts of a register summed with :func:`combine_cells` equal
    the cells of the whole register.
    """
    keys = list(CELL_KEYS)
    if classified.empty:
        return pd.DataFrame({**{k: classified[k] for k in keys}, WEIGHT: pd.Series([], dtype="int64")})
    # One int64 key per row from the factorised columns (mixed radix), then one bincount:
    # much faster than a groupby over 11 columns on millions of rows.
    uniques, radix = [], 1
    key = np.zeros(len(classified), dtype=np.int64)
    for k in keys:
        c, u = pd.factorize(classified[k], use_na_sentinel=False)
        key += c.astype(np.int64) * radix
        radix *= max(len(u), 1)
        uniques.append(u)
    kc, ku = pd.factorize(key)
    weights = classified[WEIGHT].to_numpy(dtype=np.int64) if WEIGHT in classified.columns else None
    counts = np.bincount(kc, weights=weights, minlength=len(ku)).astype(np.int64)
    out, rest = {}, ku.astype(np.int64)
    for k, u in zip(keys, uniques, strict=True):
        n = max(len(u), 1)
        out[k] = u.take(rest % n) if hasattr(u, "take") else np.asarray(u)[rest % n]
        rest = rest // n
    frame = pd.DataFrame(out)
    frame[WEIGHT] = counts
    return frame


def combine_cells(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Sum the cells of several chunks of one register."""
    frame = pd.concat(parts, ignore_index=True)
    out = frame.groupby(list(CELL_KEYS), observed=True, sort=False, dropna=False)[WEIGHT].sum()
    return out.reset_index()


def compute_cells(stock: pd.DataFrame, year: int, rules: EnergyRules) -> pd.DataFrame:
    """Shortcut: :func:`analysis.rules.efg.classify_dwellings` then :func:`summarise_cells`."""
    return summarise_cells(classify_dwellings(stock, year, rules))


def sum_by_scope(frame: pd.DataFrame, value_cols: Sequence[str], extra_keys: Sequence[str] = (),
                 region_name: str | None = None) -> pd.DataFrame:
    """Integer sums of ``value_cols`` for the region, per corporation and per municipality.

    Rows in :data:`SCOPE_ORDER`, sorted by scope then ``extra_keys``. ``region_name`` renames the
    region row (a benchmark on a national register calls it "Nederland").
    """
    out = scoped_sums(frame, list(value_cols), list(extra_keys), scope_types=SCOPE_ORDER)
    for c in value_cols:
        out[c] = out[c].astype("int64")
    if region_name and region_name != REGION_NAME:
        out.loc[out["scope_type"] == "regio", "scope"] = region_name
    return sort_scopes(out, list(extra_keys), scope_types=SCOPE_ORDER)


def expand_years(base: pd.DataFrame, years: np.ndarray, values: dict[str, np.ndarray]) -> pd.DataFrame:
    """A long frame: every row of ``base`` once per year, with its corporation and municipality.

    Args:
        base: grouped cells (one row per group) with ``corporation`` and ``municipality``.
        years: the years (columns of every array in ``values``).
        values: name -> array of shape ``(len(base), len(years))`` (a value per group and year)
            or ``(len(base),)`` (the same value in every year).
    """
    k = len(years)
    cols = {c: (v.ravel() if v.ndim == 2 else np.repeat(v, k)) for c, v in values.items()}
    return pd.DataFrame({
        "corporation": np.repeat(base["corporation"].to_numpy(), k),
        "municipality": np.repeat(base["municipality"].to_numpy(), k),
        "year": np.tile(years, len(base)),
        **cols,
    })
