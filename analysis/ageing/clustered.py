"""Clustered dwellings and affordability (pure).

Afspraak 4 names one regional target of about 1.450 clustered dwellings (VERA woonvorm GEC and
ZWO), mostly below the first aftoppingsgrens. There is no target per municipality: for a
municipality's report the regional target is split by a key (its share of the 75-plussers in
the horizon year, largest remainder method) to show its *bijdrage*, not a target of its own.
"""

from __future__ import annotations

import math

import pandas as pd

from analysis.rules.scopes import is_region, scoped_sums, select_scope_rows, sort_scopes

from .population import AREA_SCOPE_TYPES
from .supply import classify_accessibility, status_mask

#: Target id in ``targets.csv``: the regional clustered-dwellings target (afspraak 4, circa 1.450).
TARGET_CLUSTERED = "clustered_dwellings"
#: Project woonvormen that count for the clustered-dwellings target (VERA GEC and ZWO).
CLUSTERED_PROJECT_FORMS = ("geclusterd", "zorggeschikt")
#: Rent classes (code list ``rent_class``) at or below the first aftoppingsgrens.
RENT_CLASSES_UP_TO_FIRST_CAP = ("goedkoop", "betaalbaar_1")
#: Columns of the headline table ``clustered_gap.csv`` (then the key: the share of 75-plussers).
CLUSTERED_COLUMNS = ("scope_type", "scope", "target", "pipeline_units", "gap")
#: Columns of the table ``ageing_affordability.csv``.
AFFORDABILITY_COLUMNS = ("scope_type", "scope", "what", "n_total", "n_affordable", "n_unknown",
                         "share_affordable")
#: The two parts of the affordability table, in display order.
AFFORDABILITY_PARTS = ("voorraad geschikt", "pijplijn")


def split_target(total: int, weights: pd.Series) -> pd.Series:
    """Split a whole-number target over the index of ``weights`` (largest remainder method).

    Each part gets ``floor(total * w / sum(w))``; the units left are given one each to the parts
    with the largest remainders (ties: the part that comes first in the index). The parts are
    whole numbers and add up to ``total`` exactly.

    >>> split_target(10, pd.Series({"A": 1, "B": 1, "C": 1})).tolist()
    [4, 3, 3]

    Raises:
        ValueError: when total is negative or the weights are negative or all zero.
    """
    total = int(total)
    w = weights.astype(float)
    if total < 0 or (w < 0).any() or w.sum() <= 0:
        raise ValueError("verdeelsleutel: doel moet >= 0 zijn en gewichten >= 0 met een positieve som")
    exact = w / w.sum() * total
    floors = exact.map(math.floor).astype(int)
    left = total - int(floors.sum())
    remainders = (exact - floors).reset_index(drop=True)
    order = sorted(range(len(remainders)), key=lambda i: (-round(remainders[i], 12), i))
    out = floors.copy()
    for i in order[:left]:
        out.iloc[i] += 1
    return out.astype(int)


def compute_clustered_pipeline(projects: pd.DataFrame, pipeline_status: pd.DataFrame) -> pd.Series:
    """Geclusterd + zorggeschikt units per municipality in the project list (counted statuses)."""
    p = projects[projects["housing_form"].isin(CLUSTERED_PROJECT_FORMS)
                 & status_mask(projects["plan_status"], pipeline_status, "in_clustered_count")]
    return p.groupby("municipality")["n_dwellings"].sum().astype(int)


def compute_clustered_gap(target: int, key: pd.Series, pipeline_units: pd.Series, scope_type: str,
                          scope: str, *, pipeline_known: bool = True) -> pd.DataFrame:
    """The headline table ``clustered_gap.csv``: target, pipeline units and gap per scope.

    The municipalities' targets are their shares of the regional target by ``key``; they add up
    to the regional target exactly, so the region row is the sum of the municipality rows.

    Args:
        target: the regional target (clustered_dwellings, about 1.450).
        key: weight per municipality (e.g. 75-plussers in the horizon year).
        pipeline_units: geclusterd/zorggeschikt units per municipality.
        scope_type, scope: region -> a Parkstad row plus one row per municipality; municipality
            -> that municipality's row.
        pipeline_known: False when no corporation delivered a project list: pipeline and gap NA.

    Returns:
        scope_type, scope, target, pipeline_units, gap (= target - pipeline units; negative =
        more than the target).
    """
    shares = split_target(target, key.sort_index())
    units = pipeline_units.reindex(shares.index, fill_value=0).astype(int)
    munis = pd.DataFrame({"municipality": shares.index.astype(str), "target": shares.values,
                          "pipeline_units": units.values})
    table = scoped_sums(munis, ["target", "pipeline_units"], scope_types=AREA_SCOPE_TYPES)
    table = table.astype({"target": int, "pipeline_units": "Int64"})
    if not pipeline_known:
        table["pipeline_units"] = pd.NA
    table["gap"] = table["target"] - table["pipeline_units"]
    if not is_region(scope_type):
        table = select_scope_rows(table, scope_type, scope)
    return table[list(CLUSTERED_COLUMNS)].reset_index(drop=True)


def compute_key_shares(key: pd.Series) -> pd.Series:
    """Each municipality's share of the key (fractions adding up to 1), sorted by name."""
    k = key.astype(float).sort_index()
    return k / k.sum()


def compute_affordability(stock: pd.DataFrame, pipeline: pd.DataFrame, classes: pd.DataFrame,
                          first_cap_eur: float, municipalities: list[str] | None = None, *,
                          stock_known: bool = True, pipeline_known: bool = True) -> pd.DataFrame:
    """Share of suitable stock and counted pipeline at or below the first aftoppingsgrens.

    Stock: suitable dwellings with ``net_rent_eur <= first_cap_eur``. Pipeline: units in the
    counted statuses whose ``rent_class`` is goedkoop or betaalbaar_1 (``rent_class`` missing
    counts as unknown, not as affordable). The counts add up over the municipalities (the region
    row is their sum); the share is computed from the summed counts, not summed.

    Args:
        stock: with municipality, net_rent_eur and the accessibility fields.
        pipeline: project rows (projects table) already filtered to the counted pipeline, with
            municipality, n_dwellings, rent_class.
        first_cap_eur: the first aftoppingsgrens of the year.
        municipalities: municipalities that get rows even without stock or pipeline.
        stock_known, pipeline_known: False when no register / no project list was delivered at
            all: those rows are NA, never 0.

    Returns:
        :data:`AFFORDABILITY_COLUMNS`, region first, per scope "voorraad geschikt" then
        "pijplijn"; share_affordable is of n_total (NaN when n_total is 0).
    """
    s = stock[classify_accessibility(stock, classes) == "geschikt"]
    munis = sorted(set(stock["municipality"].dropna()) | set(pipeline["municipality"].dropna())
                   | set(municipalities or []))
    rows = []
    for m in munis:
        rent = pd.to_numeric(s.loc[s["municipality"] == m, "net_rent_eur"], errors="coerce")
        rows.append({"municipality": m, "what": AFFORDABILITY_PARTS[0], "n_total": int(len(rent)),
                     "n_affordable": int((rent <= first_cap_eur).sum()), "n_unknown": int(rent.isna().sum())})
        pp = pipeline[pipeline["municipality"] == m]
        n, rc = pp["n_dwellings"].astype(int), pp["rent_class"]
        rows.append({"municipality": m, "what": AFFORDABILITY_PARTS[1], "n_total": int(n.sum()),
                     "n_affordable": int(n[rc.isin(RENT_CLASSES_UP_TO_FIRST_CAP).fillna(False).astype(bool)].sum()),
                     "n_unknown": int(n[rc.isna()].sum())})
    counts = ["n_total", "n_affordable", "n_unknown"]
    per_muni = pd.DataFrame(rows, columns=["municipality", "what", *counts])
    if per_muni.empty:  # no municipality at all: the region rows are zero
        per_muni = pd.DataFrame({"municipality": "", "what": list(AFFORDABILITY_PARTS), **{c: 0 for c in counts}})
        table = scoped_sums(per_muni, counts, extra_keys=["what"], scope_types=("regio",))
    else:
        table = scoped_sums(per_muni, counts, extra_keys=["what"], scope_types=AREA_SCOPE_TYPES)
    table = table.astype({c: "Int64" for c in counts})
    unknown = [AFFORDABILITY_PARTS[i] for i, known in enumerate((stock_known, pipeline_known)) if not known]
    table.loc[table["what"].isin(unknown), counts] = pd.NA
    table["share_affordable"] = [a / t if pd.notna(t) and t else float("nan")
                                 for a, t in zip(table["n_affordable"], table["n_total"], strict=True)]
    table["_part"] = table["what"].map({w: i for i, w in enumerate(AFFORDABILITY_PARTS)})
    table = sort_scopes(table, extra=["_part"], scope_types=AREA_SCOPE_TYPES)
    return table[list(AFFORDABILITY_COLUMNS)]
