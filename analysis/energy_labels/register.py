"""Checks of the dwelling register (any size, vectorised) and its data problems.

The contract checks (:func:`check_register`) count failures per check; the content checks
(:func:`find_data_problems`) list the dwellings whose planned measure cannot be counted, by the
shared rule :func:`analysis.rules.efg.measure_problems`. The measure of such a dwelling is ignored:
the dwelling counts as it stands in the register, never silently as improved, demolished or sold.

Feedback to the sender (one row per dwelling and problem, with file, sheet and row) belongs to the
delivery validation (:func:`analysis.deliveries.register_checks.find_register_problems`); the
report itself shows only counts per corporation (:func:`summarise_data_problems`).
"""

from __future__ import annotations

import pandas as pd

from analysis import schemas
from analysis.rules.efg import PROBLEMS, WEIGHT, EnergyRules, measure_problems

#: Register columns this analysis reads.
REGISTER_COLUMNS = (
    "vhe_id", "corporation", "municipality", "build_year", "energy_label", "gas_free", "monument",
    "planned_measure", "measure_year", "label_after",
)
PROBLEM_COLUMNS = ("vhe_id", "corporation", "municipality", "problem", "description")
PROBLEM_SUMMARY_COLUMNS = ("corporation", "problem", "description", WEIGHT)


def check_register(stock: pd.DataFrame) -> pd.DataFrame:
    """Vectorised contract checks of a dwelling register (any size).

    Checks: required columns present, ``vhe_id`` filled and unique (within this frame), codes
    of ``energy_label``, ``label_after``, ``planned_measure`` and ``accessibility_label`` (when
    present) in the code lists, ``build_year`` and ``measure_year`` within the contract range,
    ``corporation`` and ``municipality`` filled.

    Returns:
        One row per check: ``check``, ``column``, ``n_failed`` (0 = passed).
    """
    rows: list[tuple[str, str, int]] = []
    for c in REGISTER_COLUMNS:
        if c not in stock.columns:
            rows.append(("kolom_ontbreekt", c, len(stock)))
    fields = {f.name: f for f in schemas.VOORRAAD.fields}
    present = set(stock.columns)
    if "vhe_id" in present:
        rows.append(("verplicht", "vhe_id", int(stock["vhe_id"].isna().sum())))
        rows.append(("uniek", "vhe_id", int(stock["vhe_id"].duplicated().sum())))
    for c in ("corporation", "municipality", "energy_label"):
        if c in present:
            rows.append(("verplicht", c, int(stock[c].isna().sum())))
    for c, codes in (("energy_label", "energy_label"), ("label_after", "energy_label"),
                     ("planned_measure", "planned_measure"), ("accessibility_label", "accessibility_label")):
        if c in present:
            s = stock[c]
            bad = s.notna() & ~s.isin(list(schemas.CODE_LISTS[codes]))
            rows.append(("code", c, int(bad.sum())))
    for c in ("build_year", "measure_year"):
        if c in present:
            f = fields[c]
            v = pd.to_numeric(stock[c], errors="coerce")
            bad = v.notna() & ((v < f.min) | (v > f.max))
            bad |= v.isna() if f.required else (stock[c].notna() & v.isna())
            rows.append(("bereik", c, int(bad.sum())))
    return pd.DataFrame(rows, columns=["check", "column", "n_failed"])


def find_data_problems(stock: pd.DataFrame, year: int, rules: EnergyRules) -> pd.DataFrame:
    """List every dwelling whose planned measure cannot be counted (one row per problem).

    The measure of a listed dwelling is ignored in the trajectory (the dwelling counts as it
    stands in the register). This table holds dwelling ids: it is for the sender, not for
    stakeholder reports.

    Returns:
        ``vhe_id, corporation, municipality, problem, description``, sorted.
    """
    parts = []
    for code, mask in measure_problems(stock, year, rules).items():
        if mask.any():
            sub = stock.loc[mask, ["vhe_id", "corporation", "municipality"]].copy()
            sub["problem"] = code
            sub["description"] = PROBLEMS[code]
            parts.append(sub)
    if not parts:
        return pd.DataFrame({c: pd.Series([], dtype="str") for c in PROBLEM_COLUMNS})
    out = pd.concat(parts, ignore_index=True)[list(PROBLEM_COLUMNS)]
    return out.sort_values(["corporation", "problem", "vhe_id"], kind="stable").reset_index(drop=True)


def summarise_data_problems(problems: pd.DataFrame) -> pd.DataFrame:
    """Counts of data problems per corporation and problem (no dwelling ids; for reports)."""
    cols = list(PROBLEM_SUMMARY_COLUMNS)
    if problems.empty:
        return pd.DataFrame({c: pd.Series([], dtype="int64" if c == WEIGHT else "str") for c in cols})
    out = (problems.groupby(["corporation", "problem", "description"], observed=True)
           .size().rename(WEIGHT).reset_index())
    return out.sort_values(["corporation", "problem"], kind="stable").reset_index(drop=True)[cols]
