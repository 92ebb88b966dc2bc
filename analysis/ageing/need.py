"""Need and gap: persons with a mobility limitation or care need, and the dwellings they need (pure).

``need`` is the part of these persons that the corporations' stock must house; ABF warns that
such figures are unreliable at small scale, so every figure is a range (low-high), never a
point. The gap is need minus suitable supply. Every figure here is a count per municipality, so
the region is the plain sum of the municipalities (:func:`analysis.rules.scopes.scoped_sums`).
"""

from __future__ import annotations

import pandas as pd

from analysis.rules.scopes import is_region, scoped_sums, select_scope_rows

from .population import AREA_SCOPE_TYPES

#: Target id in ``targets.csv``: the growth of elderly with a limitation to 2040 (afspraak 4, circa 4.000).
TARGET_ELDERLY = "elderly_increase_2040"
AGE_GROUPS = ("65_74", "75plus")
VARIANTS = ("low", "high")
#: Columns of the headline table ``ageing_need.csv``.
NEED_COLUMNS = ("scope_type", "scope", "year", "elderly_65plus", "elderly_75plus", "need_low", "need_high",
                "suitable_supply", "gap_low", "gap_high")
#: Columns of the table ``ageing_gap_by_municipality.csv`` (the map: every municipality).
GAP_MAP_COLUMNS = ("scope_type", "scope", "year", "gap_low", "gap_high", "gap_mid")
PERSONS_COLUMNS = [f"persons_need_{v}" for v in VARIANTS]


def compute_need(elderly: pd.DataFrame, prevalence: pd.DataFrame, corporation_share: dict[str, float],
                 dwellings_per_person: float) -> pd.DataFrame:
    """Persons with a mobility limitation or care need, and the dwellings needed on the corporation stock.

    ``persons_<v> = p65_74[v] * (65+ - 75+) + p75[v] * 75+`` and
    ``need_<v> = persons_<v> * corporation_share[v] * dwellings_per_person`` for v in low, high.

    Example (hand-computed): 65+ = 100, 75+ = 40, p65_74 = 0.05/0.10, p75 = 0.25/0.30, share 0.3/0.4:
    persons_low = 0.05*60 + 0.25*40 = 13, persons_high = 0.10*60 + 0.30*40 = 18,
    need_low = 13*0.3 = 3.9, need_high = 18*0.4 = 7.2.

    Returns:
        ``elderly`` plus persons_need_low, persons_need_high, need_low, need_high.
    """
    p = prevalence.set_index(["age_group", "variant"])["prevalence"].astype(float)
    out = elderly.copy()
    young_old = out["elderly_65plus"] - out["elderly_75plus"]
    for v in VARIANTS:
        persons = p[("65_74", v)] * young_old + p[("75plus", v)] * out["elderly_75plus"]
        out[f"persons_need_{v}"] = persons.astype(float)
        out[f"need_{v}"] = (persons * float(corporation_share[v]) * float(dwellings_per_person)).astype(float)
    return out


def summarise_increase(need: pd.DataFrame, from_year: int, to_year: int) -> pd.DataFrame:
    """Increase of persons with a limitation between two years, for the region and each municipality.

    Returns:
        scope_type, scope, from_year, to_year, increase_low, increase_high (region first).
    """
    sums = scoped_sums(need[need["year"].isin([from_year, to_year])], PERSONS_COLUMNS, extra_keys=["year"],
                       scope_types=AREA_SCOPE_TYPES)
    keys = ["scope_type", "scope"]
    start = sums[sums["year"] == from_year].set_index(keys)[PERSONS_COLUMNS]
    end = sums[sums["year"] == to_year].set_index(keys)[PERSONS_COLUMNS]
    inc = (end - start.reindex(end.index)).astype(float)
    out = pd.DataFrame({"from_year": int(from_year), "to_year": int(to_year),
                        "increase_low": inc["persons_need_low"], "increase_high": inc["persons_need_high"]},
                       index=end.index)
    return out.reset_index()


def reconcile_with_agreement(need: pd.DataFrame, target: float, from_year: int, to_year: int) -> pd.DataFrame:
    """The regional increase of persons with a limitation between two years, beside the agreement's figure.

    Returns:
        one row: from_year, to_year, increase_low, increase_high, agreement (the target),
        difference_low, difference_high (increase minus agreement).
    """
    region = summarise_increase(need, from_year, to_year).iloc[0]
    lo, hi = float(region["increase_low"]), float(region["increase_high"])
    return pd.DataFrame([{
        "from_year": from_year, "to_year": to_year,
        "increase_low": lo, "increase_high": hi, "agreement": float(target),
        "difference_low": lo - float(target), "difference_high": hi - float(target),
    }])


def compute_gap(need: pd.DataFrame, supply_path: pd.DataFrame) -> pd.DataFrame:
    """Need minus suitable supply per municipality and year (low and high).

    Positive = shortage, negative = more suitable dwellings than the estimated need (on paper:
    a suitable dwelling is not always let to someone who needs it).
    """
    m = need.merge(supply_path[["municipality", "year", "suitable_supply"]], on=["municipality", "year"], how="left")
    m["suitable_supply"] = m["suitable_supply"].astype("Int64")  # NA: no register delivered, the gap is unknown
    for v in VARIANTS:
        m[f"gap_{v}"] = m[f"need_{v}"] - m["suitable_supply"].astype(float)
    return m


def build_need_table(gap: pd.DataFrame, scope_type: str, scope: str) -> pd.DataFrame:
    """The headline table ``ageing_need.csv``: per scope and year.

    Region: a row ``Parkstad`` (the sum of the municipalities) and a row per municipality each
    year; municipality: that municipality's rows only.
    """
    sums = list(NEED_COLUMNS[3:])
    table = scoped_sums(gap, sums, extra_keys=["year"], scope_types=AREA_SCOPE_TYPES, min_count=1)
    if not is_region(scope_type):
        table = select_scope_rows(table, scope_type, scope)
    out = table[list(NEED_COLUMNS)].copy()
    out["year"] = out["year"].astype(int)
    out["suitable_supply"] = out["suitable_supply"].astype("Int64")
    return out.reset_index(drop=True)


def build_gap_map_table(gap: pd.DataFrame, year: int) -> pd.DataFrame:
    """The table ``ageing_gap_by_municipality.csv``: every municipality's gap in ``year`` (the map).

    ``gap_mid`` is the middle of the range, the value the map colours by.
    """
    t = gap[gap["year"] == int(year)].sort_values("municipality")
    return pd.DataFrame({
        "scope_type": "gemeente", "scope": t["municipality"].astype(str), "year": int(year),
        "gap_low": t["gap_low"].astype(float), "gap_high": t["gap_high"].astype(float),
        "gap_mid": ((t["gap_low"] + t["gap_high"]) / 2).astype(float),
    }).reset_index(drop=True)[list(GAP_MAP_COLUMNS)]
