"""Supply: the corporations' stock by accessibility class and the accessible pipeline (pure).

The stock on 1 January of the delivery year is classified per dwelling (BAT stars first, the
VERA toegankelijkheidslabel to refine 0 stars or when BAT is missing, the VERA woonvorm last);
pipeline projects of the forms nultreden, geclusterd and zorggeschikt completing from the
delivery year on add suitable supply for the plan statuses the reference table counts.
"""

from __future__ import annotations

import pandas as pd

from analysis.rules.scopes import scoped_sums

from .population import AREA_SCOPE_TYPES

ACCESSIBILITY_CLASSES = ("geschikt", "aanpasbaar", "ongeschikt", "onbekend")
#: Project woonvormen that add accessible (at least nultreden) dwellings.
SUITABLE_PROJECT_FORMS = ("nultreden", "geclusterd", "zorggeschikt")
#: Columns of the table ``ageing_supply.csv`` (stock by accessibility class per scope).
SUPPLY_COLUMNS = ("scope_type", "scope", *ACCESSIBILITY_CLASSES, "total")
_RANK = {"ongeschikt": 0, "aanpasbaar": 1, "geschikt": 2}


def is_missing(v) -> bool:
    """True for None and NA/NaN (a text value is never missing)."""
    return v is None or (not isinstance(v, str) and bool(pd.isna(v)))


def status_mask(plan_status: pd.Series, pipeline_status: pd.DataFrame, flag: str) -> pd.Series:
    """Boolean mask: does the plan status count for ``flag`` (``in_supply`` or ``in_clustered_count``)?

    A status the reference table does not list does not count.
    """
    flags = dict(zip(pipeline_status["plan_status"], pipeline_status[flag].astype(bool), strict=True))
    return plan_status.map(lambda s: bool(flags.get(s, False))).astype(bool)


def _class_map(classes: pd.DataFrame, system: str) -> dict[str, str]:
    c = classes[classes["system"] == system]
    return dict(zip(c["code"].astype(str), c["accessibility_class"].astype(str), strict=True))


def classify_accessibility(stock: pd.DataFrame, classes: pd.DataFrame) -> pd.Series:
    """Accessibility class per dwelling: geschikt, aanpasbaar, ongeschikt or onbekend.

    Rule:

    1. BAT stars and VERA label both present: the *lower* of the two classes (geschikt >
       aanpasbaar > ongeschikt), so supply is not overstated when they disagree; except that
       BAT has no "adaptable" class, so 0 stars with label GNV/ROG (aanpasbaar) is aanpasbaar.
    2. Only one of them: its class (``bat`` or ``vera`` rows).
    3. Neither: the class of the VERA woonvorm (``woonvorm`` rows, e.g. GEC -> geschikt).
    4. Otherwise ``onbekend``.

    >>> c = pd.DataFrame({"system": ["bat", "bat", "vera", "vera"], "code": ["0", "1", "GNV", "NUL"],
    ...                   "accessibility_class": ["ongeschikt", "geschikt", "aanpasbaar", "geschikt"]})
    >>> s = pd.DataFrame({"bat_stars": [1, 0, 1], "accessibility_label": ["GNV", "GNV", "NUL"],
    ...                   "housing_form": ["REG"] * 3})
    >>> classify_accessibility(s, c).tolist()
    ['aanpasbaar', 'aanpasbaar', 'geschikt']
    """
    bat, vera, form = (_class_map(classes, s) for s in ("bat", "vera", "woonvorm"))
    cols = ["bat_stars", "accessibility_label", "housing_form"]
    keys = stock[cols]
    # the class depends only on the three fields: decide it once per distinct combination (a few
    # dozen, also for millions of dwellings) and give every dwelling its combination's class
    if not len(keys):
        return pd.Series([], index=stock.index, dtype="str", name="accessibility_class")
    ids = keys.groupby(cols, dropna=False, sort=False).ngroup().to_numpy()
    first = pd.Series(range(len(ids))).groupby(ids).first().to_numpy()  # one dwelling per combination
    combos = keys.iloc[first]
    decided = [_classify_one(stars, label, hf, bat, vera, form)
               for stars, label, hf in zip(combos["bat_stars"], combos["accessibility_label"], combos["housing_form"],
                                           strict=True)]
    out = pd.Series(decided, dtype="str").to_numpy()[ids]
    return pd.Series(out, index=stock.index, dtype="str", name="accessibility_class")


def _classify_one(stars, label, hf, bat: dict, vera: dict, form: dict) -> str:
    """The rule of :func:`classify_accessibility` for one dwelling."""
    label_class = vera.get(str(label)) if not is_missing(label) else None
    bat_class = bat.get(str(int(stars))) if not is_missing(stars) else None
    if bat_class is not None and label_class is not None:
        if bat_class == "ongeschikt" and label_class == "aanpasbaar":
            return "aanpasbaar"
        return min(bat_class, label_class, key=_RANK.get)
    if bat_class is not None or label_class is not None:
        return bat_class or label_class
    if not is_missing(hf) and str(hf) in form:
        return form[str(hf)]
    return "onbekend"


def summarise_supply(stock: pd.DataFrame, classes: pd.DataFrame,
                     municipalities: list[str] | None = None) -> pd.DataFrame:
    """Dwellings per municipality by accessibility class (wide: one column per class + total).

    ``municipalities``: when given, exactly these rows (0 for a municipality without stock).
    """
    cls = classify_accessibility(stock, classes)
    frame = pd.DataFrame({"municipality": stock["municipality"].astype("str"), "accessibility_class": cls})
    wide = pd.crosstab(frame["municipality"], frame["accessibility_class"])
    wide = wide.reindex(columns=list(ACCESSIBILITY_CLASSES), fill_value=0)
    if municipalities is not None:
        wide = wide.reindex(sorted(municipalities), fill_value=0)
    wide = wide.astype(int)
    wide["total"] = wide.sum(axis=1)
    wide.columns.name = None
    wide.index.name = "municipality"
    return wide.reset_index().sort_values("municipality").reset_index(drop=True)


def build_supply_table(supply: pd.DataFrame, stock_known: bool = True) -> pd.DataFrame:
    """The table ``ageing_supply.csv``: stock by class for the region (sum of the municipalities) and each one.

    ``stock_known`` False (no register delivered at all): the counts are NA, never 0.
    """
    table = scoped_sums(supply, [*ACCESSIBILITY_CLASSES, "total"], scope_types=AREA_SCOPE_TYPES)
    if not stock_known:
        table[list(SUPPLY_COLUMNS[2:])] = pd.NA
    return table[list(SUPPLY_COLUMNS)].astype({c: "Int64" for c in SUPPLY_COLUMNS[2:]})


def summarise_pipeline(projects: pd.DataFrame, year: int, pipeline_status: pd.DataFrame) -> pd.DataFrame:
    """Accessible pipeline units per municipality, completion year, woonvorm and plan status.

    Only projects of the forms nultreden, geclusterd, zorggeschikt completing in or after
    ``year`` (the stock is as at 1 January ``year``; earlier completions are in it).

    Returns:
        municipality, completion_year, housing_form, plan_status, n_dwellings, in_supply (bool).
    """
    cols = ["municipality", "completion_year", "housing_form", "plan_status", "n_dwellings", "in_supply"]
    p = projects[_accessible_from(projects, year)]
    if p.empty:
        return pd.DataFrame({c: pd.Series([], dtype=d) for c, d in zip(
            cols, ["str", "int64", "str", "str", "int64", "bool"], strict=True)})
    g = (p.groupby(["municipality", "completion_year", "housing_form", "plan_status"], as_index=False)["n_dwellings"]
         .sum())
    g["completion_year"] = g["completion_year"].astype(int)
    g["n_dwellings"] = g["n_dwellings"].astype(int)
    g["in_supply"] = status_mask(g["plan_status"], pipeline_status, "in_supply")
    return g[cols].sort_values(cols[:4]).reset_index(drop=True)


def _accessible_from(projects: pd.DataFrame, year: int) -> pd.Series:
    """Mask: accessible woonvorm and completion in or after ``year``."""
    return (projects["housing_form"].isin(SUITABLE_PROJECT_FORMS)
            & (projects["completion_year"].astype("Int64") >= int(year)).fillna(False).astype(bool))


def counted_pipeline_projects(projects: pd.DataFrame, year: int, pipeline_status: pd.DataFrame) -> pd.DataFrame:
    """Project rows that add suitable supply: accessible forms, from ``year`` on, counted status."""
    mask = _accessible_from(projects, year) & status_mask(projects["plan_status"], pipeline_status, "in_supply")
    return projects[mask]


def compute_supply_path(supply: pd.DataFrame, pipeline: pd.DataFrame, municipalities: list[str],
                        years: list[int], *, stock_known: bool = True, pipeline_known: bool = True) -> pd.DataFrame:
    """Suitable supply per municipality and year: suitable stock + counted pipeline completed by then.

    A unit completing in year t counts from year t on (the pipeline's end of year is not
    modelled). Demolition and sale of suitable dwellings are not modelled (see the assumptions).
    ``stock_known`` / ``pipeline_known`` False (no register / no project list delivered at all):
    that part, and the supply, are NA (never 0).

    Returns:
        municipality, year, suitable_stock, pipeline_cumulative, suitable_supply.
    """
    stock = supply.set_index("municipality")["geschikt"] if not supply.empty else pd.Series(dtype=int)
    counted = pipeline[pipeline["in_supply"]] if not pipeline.empty else pipeline
    rows = []
    for m in municipalities:
        s = int(stock.get(m, 0))
        pm = counted[counted["municipality"] == m] if not counted.empty else counted
        for t in years:
            add = int(pm.loc[pm["completion_year"] <= t, "n_dwellings"].sum()) if not pm.empty else 0
            rows.append({"municipality": m, "year": t, "suitable_stock": s, "pipeline_cumulative": add,
                         "suitable_supply": s + add})
    out = pd.DataFrame(rows, columns=["municipality", "year", "suitable_stock", "pipeline_cumulative",
                                      "suitable_supply"])
    for known, column in ((stock_known, "suitable_stock"), (pipeline_known, "pipeline_cumulative")):
        if not known:
            out[column] = pd.NA
            out["suitable_supply"] = pd.NA
    return out.astype({c: "Int64" for c in ("suitable_stock", "pipeline_cumulative", "suitable_supply")})
