"""Afspraak 14: the 0-meting of how the corporations' social stock is spread over the region.

Afspraak 14 (agreement r. 612-614): "De basis is een '0-meting' van de verdeling van de sociale
huur in de regio." The suite makes it from the stock registers (``voorraad``, as at 1 January of
the delivery year): a dwelling is social when its net rent is at most the *liberalisatiegrens*
of that year (``thresholds.csv``, the same limit as afspraak 1); its price class is
:func:`analysis.price_classes.classify_rents` of that year. A class whose limit is not known for
the year (2026: the lower limits were not found) is ``onbekend``, never guessed.

Table (one row per combination that has dwellings)::

    scope_type  scope      district       price_class  dwelling_type  n_dwellings
    gemeente    Heerlen    Centrum        goedkoop     EGW            12
    gemeente    Heerlen    onbekend       duur         MGW            30
    regio       Parkstad   alle wijken    goedkoop     EGW            12

The region's rows are the sums of the municipalities' rows over their districts (region = sum
of municipalities).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import price_classes
from analysis.rules.scopes import REGION_NAME

SOCIAL_LIMIT = "liberalisatiegrens"
#: The social price classes (rent at most the liberalisatiegrens), cheapest first.
SOCIAL_CLASSES = tuple(price_classes.PRICE_CLASSES[: price_classes.BOUNDARIES.index(SOCIAL_LIMIT) + 1])
UNKNOWN = "onbekend"
ALL_DISTRICTS = "alle wijken"
DISTRIBUTION_COLUMNS = ["scope_type", "scope", "district", "price_class", "dwelling_type", "n_dwellings"]


def social_limit(year: int, thresholds: pd.DataFrame | None = None) -> float | None:
    """The liberalisatiegrens of ``year`` (None when not known: then nothing can be called social)."""
    return price_classes.rent_limits(year, thresholds)[SOCIAL_LIMIT]


def classify_social_stock(stock: pd.DataFrame, year: int, thresholds: pd.DataFrame | None = None) -> pd.DataFrame:
    """The register's dwellings with ``is_social`` and ``price_class`` (``onbekend`` where a limit is missing).

    Returns ``corporation, municipality, district, dwelling_type, net_rent_eur, is_social,
    price_class``; ``is_social`` is NA for every dwelling when the liberalisatiegrens of ``year``
    is missing, and for a dwelling without a rent.
    """
    cols = ["corporation", "municipality", "district", "dwelling_type", "net_rent_eur"]
    if not len(stock):
        return pd.DataFrame({**{c: pd.Series(dtype="string") for c in cols[:-1]},
                             "net_rent_eur": pd.Series(dtype="Float64"), "is_social": pd.Series(dtype="boolean"),
                             "price_class": pd.Series(dtype="string")})
    out = stock[cols].copy()
    out["district"] = out["district"].astype("string").str.strip().replace("", pd.NA).fillna(UNKNOWN)
    rents = pd.to_numeric(out["net_rent_eur"], errors="coerce").astype("Float64")
    limit = social_limit(year, thresholds)
    if limit is None:
        out["is_social"] = pd.array([pd.NA] * len(out), dtype="boolean")
    else:
        out["is_social"] = (rents.round(2) <= limit).astype("boolean")
    out["price_class"] = price_classes.classify_rents(rents, year, thresholds=thresholds, on_missing="na").fillna(UNKNOWN)
    return out.reset_index(drop=True)


def compute_social_stock_distribution(dwellings: pd.DataFrame) -> pd.DataFrame:
    """The 0-meting: social dwellings per municipality and district, price class and dwelling type.

    ``dwellings`` is :func:`classify_social_stock`. Returns :data:`DISTRIBUTION_COLUMNS`, the
    municipalities' rows (sorted) then the region's; empty when no dwelling is known to be social.

    Example (2024 limits: goedkoop <= 454,47, duur <= 879,66)::

        municipality  district  dwelling_type  net rent   -> social, class
        Heerlen       Centrum   EGW            400        -> yes, goedkoop
        Heerlen       (none)    MGW            800        -> yes, duur
        Kerkrade      Noord     EGW            450        -> yes, goedkoop
        Kerkrade      Noord     EGW            900        -> no
        => Heerlen|Centrum|goedkoop|EGW 1, Heerlen|onbekend|duur|MGW 1, Kerkrade|Noord|goedkoop|EGW 1;
           region: goedkoop|EGW 2, duur|MGW 1
    """
    social = dwellings[dwellings["is_social"].fillna(False).astype(bool)]
    if social.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "n_dwellings" else "string")
                             for c in DISTRIBUTION_COLUMNS})
    keys = ["municipality", "district", "price_class", "dwelling_type"]
    per_muni = social.groupby(keys, sort=True).size().rename("n_dwellings").reset_index()
    per_muni = per_muni.rename(columns={"municipality": "scope"}).assign(scope_type="gemeente")
    region = (per_muni.groupby(["price_class", "dwelling_type"], sort=True)["n_dwellings"].sum().reset_index()
              .assign(scope_type="regio", scope=REGION_NAME, district=ALL_DISTRICTS))
    out = pd.concat([per_muni, region], ignore_index=True)[DISTRIBUTION_COLUMNS]
    order = {c: i for i, c in enumerate((*SOCIAL_CLASSES, UNKNOWN))}
    out["_o"] = out["price_class"].map(order).fillna(len(order))
    out["_r"] = (out["scope_type"] == "regio").astype(int)
    out = out.sort_values(["_r", "scope", "district", "_o", "dwelling_type"], kind="stable").drop(columns=["_o", "_r"])
    return out.astype({c: "string" for c in DISTRIBUTION_COLUMNS[:-1]} | {"n_dwellings": "int64"}).reset_index(drop=True)


def summarise_social_stock(dwellings: pd.DataFrame, municipalities: list[str], below_limit_eur: float | None,
                           year: int, thresholds: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per municipality: the register's dwellings, the social ones, those below the NPA's rent limit
    (``below_limit_eur``, strictly below: "woningen <550,-") and those in the cheapest class.

    Returns ``municipality, n_corporation_stock, n_social_corporation, n_rent_below_npa_limit,
    n_goedkoop`` for every name in ``municipalities`` (a municipality without dwellings in the
    registers has 0: the registers were delivered); ``n_social_corporation`` is NA when the
    liberalisatiegrens is missing, ``n_goedkoop`` when the kwaliteitskortingsgrens is (unknown,
    never 0). Empty when no register was delivered at all.
    """
    cols = ["municipality", "n_corporation_stock", "n_social_corporation", "n_rent_below_npa_limit", "n_goedkoop"]
    if not len(dwellings):
        return pd.DataFrame({c: pd.Series(dtype="string" if c == "municipality" else "Float64") for c in cols})
    rents = pd.to_numeric(dwellings["net_rent_eur"], errors="coerce").round(2)
    social_known = social_limit(year, thresholds) is not None
    cheapest_known = price_classes.rent_limits(year, thresholds)[price_classes.BOUNDARIES[0]] is not None
    frame = pd.DataFrame({
        "municipality": dwellings["municipality"].astype(str),
        "one": 1.0,
        "social": dwellings["is_social"].fillna(False).astype(float),
        "below": (rents < below_limit_eur).astype(float) if below_limit_eur is not None else np.nan,
        "cheap": (dwellings["price_class"] == price_classes.PRICE_CLASSES[0]).astype(float),
    })
    g = frame.groupby("municipality")[["one", "social", "below", "cheap"]].sum(min_count=1)
    g = g.reindex(sorted(municipalities)).fillna({"one": 0.0, "social": 0.0, "below": 0.0, "cheap": 0.0})
    out = pd.DataFrame({
        "municipality": pd.array(g.index, dtype="string"),
        "n_corporation_stock": g["one"].to_numpy(),
        "n_social_corporation": g["social"].to_numpy() if social_known else np.nan,
        "n_rent_below_npa_limit": g["below"].to_numpy() if below_limit_eur is not None else np.nan,
        "n_goedkoop": g["cheap"].to_numpy() if cheapest_known else np.nan,
    })
    return out.astype({c: "Float64" for c in cols[1:]}).reset_index(drop=True)
