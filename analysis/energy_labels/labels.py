"""Energy labels at 1 January: distribution per corporation, municipality and scope; EFG share.

All from cells (:mod:`analysis.energy_labels.cells`); labels are ordered as in the VERA code list
(:data:`analysis.rules.efg.LABEL_ORDER`, best first).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.rules.efg import LABEL_ORDER, WEIGHT
from analysis.rules.scopes import REGION_NAME

from .cells import SCOPE_ORDER, sum_by_scope

#: Columns of the published table ``efg_share_by_municipality`` (the data of the EFG map).
EFG_SHARE_COLUMNS = ("scope_type", "scope", "municipality", "n_dwellings", "n_efg", "efg_share")


def _label_rank(values: pd.Series) -> np.ndarray:
    """Position of each label in :data:`LABEL_ORDER` (unknown last)."""
    rank = {label: i for i, label in enumerate(LABEL_ORDER)}
    return values.astype(str).map(rank).fillna(len(LABEL_ORDER)).to_numpy()


def compute_label_distribution(cells: pd.DataFrame) -> pd.DataFrame:
    """Dwellings per corporation × municipality × label at the start of the reporting year.

    Returns ``corporation, municipality, energy_label, n_dwellings, share`` (share of the
    corporation's stock in that municipality), labels in :data:`LABEL_ORDER`.
    """
    g = cells.groupby(["corporation", "municipality", "energy_label"], observed=True)[WEIGHT].sum()
    out = g.reset_index()
    out["share"] = out[WEIGHT] / out.groupby(["corporation", "municipality"])[WEIGHT].transform("sum")
    out["_rank"] = _label_rank(out["energy_label"])
    out = out.sort_values(["corporation", "municipality", "_rank"], kind="stable").drop(columns="_rank")
    return out.reset_index(drop=True)


def compute_label_totals(cells: pd.DataFrame, region_name: str | None = None) -> pd.DataFrame:
    """Dwellings per scope and label (long): ``scope_type, scope, energy_label, n_dwellings, share``."""
    wide = cells.pivot_table(index=["corporation", "municipality"], columns="energy_label",
                             values=WEIGHT, aggfunc="sum", fill_value=0, observed=True)
    labels = [x for x in LABEL_ORDER if x in wide.columns]
    scoped = sum_by_scope(wide[labels].reset_index(), labels, (), region_name)
    long = scoped.melt(id_vars=["scope_type", "scope"], var_name="energy_label", value_name=WEIGHT)
    long[WEIGHT] = long[WEIGHT].astype("int64")
    long["share"] = long[WEIGHT] / long.groupby(["scope_type", "scope"])[WEIGHT].transform("sum")
    long["_t"] = long["scope_type"].map({s: i for i, s in enumerate(SCOPE_ORDER)})
    long["_r"] = _label_rank(long["energy_label"])
    long = long.sort_values(["_t", "scope", "_r"], kind="stable").drop(columns=["_t", "_r"])
    return long.reset_index(drop=True)


def compute_efg_share_by_municipality(cells: pd.DataFrame) -> pd.Series:
    """Share of EFG dwellings in the corporation stock per municipality (index: name)."""
    return summarise_efg_share(cells).set_index("municipality")["efg_share"]


def summarise_efg_share(cells: pd.DataFrame, scope_type: str = "regio",
                        scope: str = REGION_NAME) -> pd.DataFrame:
    """The EFG map as a table: per municipality the dwellings, the EFG dwellings and the share.

    ``cells`` are the dwellings the map shows (the whole register, or one corporation's);
    ``scope_type, scope`` say whose dwellings they are. Columns :data:`EFG_SHARE_COLUMNS`.
    """
    frame = cells.assign(n_efg=cells[WEIGHT].where(cells["efg_start"], 0))
    g = frame.groupby("municipality", observed=True)[[WEIGHT, "n_efg"]].sum().sort_index()
    out = g.reset_index().astype({WEIGHT: "int64", "n_efg": "int64"})
    out["municipality"] = out["municipality"].astype(str)
    out["efg_share"] = out["n_efg"] / out[WEIGHT].where(out[WEIGHT] > 0)
    out.insert(0, "scope", scope)
    out.insert(0, "scope_type", scope_type)
    return out[list(EFG_SHARE_COLUMNS)]


def summarise_accessibility(stock: pd.DataFrame) -> pd.DataFrame:
    """Dwellings per municipality × accessibility label (``NA`` shown as "onbekend"); additive."""
    acc = stock["accessibility_label"].astype("category")
    acc = acc.cat.add_categories(["onbekend"]).fillna("onbekend") if "onbekend" not in acc.cat.categories \
        else acc.fillna("onbekend")
    out = (pd.DataFrame({"municipality": stock["municipality"].astype("category").to_numpy(),
                         "accessibility_label": acc.to_numpy()})
           .groupby(["municipality", "accessibility_label"], observed=True).size()
           .rename(WEIGHT).reset_index())
    out["municipality"] = out["municipality"].astype(str)
    out["accessibility_label"] = out["accessibility_label"].astype(str)
    return out
