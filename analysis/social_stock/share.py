"""NPA annex: the social-rent share per municipality and the stock below the NPA's rent limit.

The annex of national agreements (agreement r. 949, 1032): "Streefcijfer 30% sociale huur per
gemeente" (``targets.csv`` ``npa_social_share_municipality``); and (r. 973) "Gemeente legt in
Woonvisie vast hoe groot de omvang woningen <550,- moet zijn" (``npa_rent_below_550_volume``:
the limit; the desired volume is not in these agreements, so it is shown, not judged).

The share is the corporations' social stock (:mod:`.distribution`) over the total dwelling stock
of CBS (:func:`analysis.social_stock.inputs.load_total_stock`). Only corporation dwellings are
counted: social rent of private landlords is not in the deliveries, so the share is a lower bound
of the social-rent share the NPA means. The region's line is the sum of the municipalities:
its share is the region's social stock over the region's total stock (not a mean of shares).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.rules.scopes import REGION_NAME

SHARE_TARGET = "npa_social_share_municipality"
RENT_LIMIT_TARGET = "npa_rent_below_550_volume"
SHARE_COLUMNS = ["scope_type", "scope", "n_corporation_stock", "n_social_corporation", "n_total_stock",
                 "social_share_pct", "target_pct", "n_rent_below_npa_limit", "npa_rent_limit_eur", "n_goedkoop",
                 "total_stock_source"]


def compute_social_share(summary: pd.DataFrame, total_stock: pd.DataFrame, target_pct: float | None,
                         rent_limit_eur: float | None) -> pd.DataFrame:
    """Per municipality and for the region: social stock, CBS total stock, share and the NPA counts.

    Args:
        summary: :func:`analysis.social_stock.distribution.summarise_social_stock`.
        total_stock: ``municipality, n_total_stock, total_stock_source`` (CBS).
        target_pct: the NPA's share in percent (``targets.csv``), or None.
        rent_limit_eur: the NPA's rent limit (``targets.csv``), or None.

    Returns :data:`SHARE_COLUMNS`, the municipalities (sorted) then the region. ``social_share_pct``
    is NA where the social stock or the CBS figure is unknown; the region's counts are NA as soon
    as one municipality's is (a sum with an unknown part is unknown). Empty without a register.

    Example: Heerlen 300 social of 1.000 dwellings (30,0 %), Kerkrade 100 of 500 (20,0 %); the
    region 400 of 1.500 = 26,7 % (the mean of the two shares, 25 %, would not reconcile).
    """
    if summary.empty:
        return pd.DataFrame({c: pd.Series(dtype="string" if c in ("scope_type", "scope", "total_stock_source")
                                          else "Float64") for c in SHARE_COLUMNS})
    t = summary.merge(total_stock, on="municipality", how="left")
    counts = ["n_corporation_stock", "n_social_corporation", "n_total_stock", "n_rent_below_npa_limit", "n_goedkoop"]
    for c in counts:
        t[c] = pd.to_numeric(t[c], errors="coerce").astype("Float64")
    region = {c: (t[c].sum() if t[c].notna().all() else pd.NA) for c in counts}
    sources = sorted(set(t["total_stock_source"].dropna().astype(str)))
    rows = pd.concat([
        t.rename(columns={"municipality": "scope"}).assign(scope_type="gemeente"),
        pd.DataFrame([{**region, "scope": REGION_NAME, "scope_type": "regio",
                       "total_stock_source": "; ".join(sources) if sources else pd.NA}]),
    ], ignore_index=True)
    for c in counts:
        rows[c] = pd.to_numeric(rows[c], errors="coerce").astype("Float64")
    total = rows["n_total_stock"].where(rows["n_total_stock"] > 0)
    rows["social_share_pct"] = (100.0 * rows["n_social_corporation"] / total).astype("Float64")
    rows["target_pct"] = np.nan if target_pct is None else float(target_pct)
    rows["npa_rent_limit_eur"] = np.nan if rent_limit_eur is None else float(rent_limit_eur)
    out = rows[SHARE_COLUMNS]
    return out.astype({"scope_type": "string", "scope": "string", "total_stock_source": "string",
                       "target_pct": "Float64", "npa_rent_limit_eur": "Float64"}).reset_index(drop=True)
