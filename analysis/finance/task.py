"""Step 1, the task: what each corporation must still build, buy, improve, renovate and demolish, and its price.

Counting (:func:`count_task_units`) is separate from pricing (:func:`price_task`): the units do
not depend on the scenario, the prices do. The EFG dwellings to improve follow the one EFG rule
(:func:`analysis.rules.efg.to_improve_mask`), so the finance report prices exactly the number
the energy report shows as still to be improved.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis.rules import efg, plans

from .parameters import ModelParameters, Scenario
from .vocabulary import (
    BASIS_BUDGET,
    BASIS_OWN,
    BASIS_REFERENCE,
    ITEM_PART,
    PART_PLANS,
    TASK_COLUMNS,
    TASK_ITEMS,
    TASK_PARTS,
)

UNIT_COLUMNS: tuple[str, ...] = ("corporation", "year", "task_part", "item", "segment", "n_units", "budget_eur")
#: Register columns :func:`analysis.rules.efg.classify_dwellings` reads, with the value a
#: hand-made register without the column gets (a processed register always has them).
_REGISTER_DEFAULTS = {"municipality": None, "label_after": None, "planned_measure": None, "measure_year": None,
                      "monument": False, "gas_free": False}


def cost_lookup(costs: pd.DataFrame) -> dict[tuple[str, str], tuple[float, int]]:
    """(item, segment or '') -> (value_eur, price_year) for the rows used in the model (first row wins)."""
    out: dict[tuple[str, str], tuple[float, int]] = {}
    for item, seg, value, year, used in zip(costs["item"], costs["segment"], costs["value_eur"], costs["price_year"],
                                            costs["used_in_model"], strict=True):
        key = (str(item), "" if pd.isna(seg) else str(seg))
        if bool(used) and key not in out:
            out[key] = (float(value), int(year))
    return out


def _unit_cost(lookup, item, segment, year, base_year, scenario, model) -> float:
    key = (item, segment if item == "nieuwbouw" and segment else "")
    if key not in lookup:
        raise KeyError(f"geen kostenkengetal voor {item} ({segment}) in finance_cost_parameters.csv")
    value, price_year = lookup[key]
    historic = (1 + model.cost_index_historic_per_year) ** (base_year - price_year)
    future = (1 + scenario.cost_growth_per_year) ** (year - base_year)
    return value * historic * future


def reference_unit_cost(
    costs: pd.DataFrame, item: str, segment: str | None, year: int, base_year: int,
    scenario: Scenario, model: ModelParameters,
) -> float:
    """Reference cost of one unit of ``item`` in ``year``.

    ``value x (1 + historic index)^(base_year - price_year) x (1 + scenario cost growth)^(year - base_year)``:
    the historic index brings the figure from its price year to the start of the projection,
    the scenario's growth carries it on from there.
    """
    return _unit_cost(cost_lookup(costs), item, segment, year, base_year, scenario, model)


def _own_unit_cost(finances: pd.DataFrame, corp: str, column: str, year: int, scenario: Scenario) -> float | None:
    """The corporation's own cost per dwelling for ``year``: the latest figure it gave for a year
    up to ``year``, carried forward with the scenario's cost growth; None when it gave none."""
    if column not in finances.columns:
        return None
    g = finances[(finances["corporation"] == corp) & (finances["year"] <= year)]
    g = g[g[column].notna()].sort_values("year")
    if g.empty:
        return None
    r = g.iloc[-1]
    return float(r[column]) * (1 + scenario.cost_growth_per_year) ** (year - int(r["year"]))


# --------------------------------------------------------------------------------------
# Counting
# --------------------------------------------------------------------------------------

def _complete_register(stock: pd.DataFrame) -> pd.DataFrame:
    """The register with every column the EFG rule reads (missing ones filled with their default)."""
    missing = {c: v for c, v in _REGISTER_DEFAULTS.items() if c not in stock.columns}
    return stock.assign(**missing) if missing else stock


def efg_improvement_years(stock: pd.DataFrame, year: int, rules: efg.EnergyRules) -> pd.DataFrame:
    """One row per EFG dwelling still to improve (the EFG rule), with the year its cost falls in.

    The dwellings are those of :func:`analysis.rules.efg.to_improve_mask` for reporting year
    ``year``: EFG at 1 January, not exempt (monument, demolition within the window), not
    demolished or sold by the end of the deadline year. The year is the planned year of a counted
    improvement (also one that leaves the dwelling in EFG), else the rule's deadline year.

    Returns:
        ``corporation, year`` (one row per dwelling, register order).
    """
    if stock.empty:
        return pd.DataFrame({"corporation": pd.Series(dtype=str), "year": pd.Series(dtype="int64")})
    classified = efg.classify_dwellings(_complete_register(stock), int(year), rules)
    mask = efg.to_improve_mask(classified, rules).to_numpy()
    improving = classified["event"].astype(str).isin((efg.EVENT_IMPROVED, efg.EVENT_IMPROVED_STILL_EFG)).to_numpy()
    years = np.where(improving, classified["event_year"].to_numpy(), rules.deadline_year)
    return pd.DataFrame({"corporation": stock["corporation"].astype(str).to_numpy()[mask],
                         "year": years[mask].astype("int64")})


def renovation_years(stock: pd.DataFrame, rules: efg.EnergyRules) -> pd.DataFrame:
    """One row per other renovation: a dwelling outside the EFG labels with a planned improvement.

    The year is the planned year, else the EFG deadline year (the work is still to be done).
    Returns ``corporation, year``.
    """
    if stock.empty:
        return pd.DataFrame({"corporation": pd.Series(dtype=str), "year": pd.Series(dtype="int64")})
    mask = (~stock["energy_label"].isin(rules.efg_labels)
            & stock["planned_measure"].isin(efg.IMPROVEMENT_MEASURES)).to_numpy()
    years = pd.to_numeric(stock["measure_year"], errors="coerce").astype("Float64").fillna(float(rules.deadline_year))
    return pd.DataFrame({"corporation": stock["corporation"].astype(str).to_numpy()[mask],
                         "year": years.to_numpy(dtype="float64")[mask].astype("int64")})


def _year_counts(frame: pd.DataFrame) -> dict[str, pd.Series]:
    """corporation -> number of rows per year (ascending)."""
    return {str(c): g["year"].value_counts().sort_index() for c, g in frame.groupby("corporation", sort=True)}


def count_task_units(
    projects: pd.DataFrame, mutations: pd.DataFrame, stock: pd.DataFrame, base_years: Mapping[str, int],
    last_year: int, rules: efg.EnergyRules, year: int,
) -> pd.DataFrame:
    """The corporations' own task in units per corporation (in ``base_years``), year, item and segment.

    ``task_part`` is ``plannen`` (what the corporations plan) for every item except
    ``efg_verbetering`` (part ``efg``); the third part, the restopgave, is counted by
    :func:`analysis.finance.remainder.remainder_units`.

    - ``nieuwbouw``: projects not yet completed (status other than realised) and not a purchase,
      in the completion year; ``budget_eur`` holds the project's own ``total_cost_eur``.
    - ``inponding`` / ``sloop``: prognosis mutations of :data:`analysis.rules.plans.COUNTED_AS_INPONDING`
      (a purchase from a private owner; not one from another corporation) / ``SLO``.
    - ``efg_verbetering``: :func:`efg_improvement_years` (the EFG rule, reporting year ``year``).
    - ``renovatie``: :func:`renovation_years`.

    Years before base year + 1 move to base year + 1 (overdue work is still to be done); years
    after ``last_year`` fall outside the projection and are left out, except EFG improvements:
    they are due by the deadline, so a later plan counts in ``last_year`` and every dwelling the
    EFG rule counts is priced exactly once.

    Returns:
        :data:`UNIT_COLUMNS`, per corporation: projects, mutations, EFG and renovation by year.
    """
    efg_counts = _year_counts(efg_improvement_years(stock, year, rules))
    renovation_counts = _year_counts(renovation_years(stock, rules))
    rows: list[tuple] = []
    for corp, base_year in sorted(base_years.items()):
        first = int(base_year) + 1

        def window(y, clamp=False, first=first):
            y = max(int(y), first)
            return min(y, last_year) if clamp else (y if y <= last_year else None)

        p = projects[projects["corporation"] == corp] if len(projects) else projects
        for r in p.itertuples():
            if (r.plan_status in plans.REALISED_STATUSES or r.project_type == plans.PURCHASE_PROJECT_TYPE
                    or pd.isna(r.completion_year)):
                continue
            y = window(r.completion_year)
            if y is not None:
                budget = getattr(r, "total_cost_eur", None)
                budget = np.nan if budget is None or pd.isna(budget) else float(budget)
                rows.append((corp, y, PART_PLANS, "nieuwbouw", r.segment or "", float(int(r.n_dwellings)), budget))

        m = mutations[mutations["corporation"] == corp] if len(mutations) else mutations
        for codes, item in ((plans.COUNTED_AS_INPONDING, "inponding"), (plans.DEMOLITION, "sloop")):
            mm = m[m["mutation_type"].isin(codes) & (m["figure_status"] == "prognose")] if len(m) else m
            for r in mm.itertuples():
                y = window(r.year)
                if y is not None and int(r.count) > 0:
                    rows.append((corp, y, PART_PLANS, item, "", float(int(r.count)), np.nan))

        for item, counts, clamp in (("efg_verbetering", efg_counts, True), ("renovatie", renovation_counts, False)):
            per_year: dict[int, int] = {}
            for y, n in counts.get(corp, pd.Series(dtype="int64")).items():
                w = window(y, clamp)
                if w is not None:
                    per_year[w] = per_year.get(w, 0) + int(n)
            part = ITEM_PART.get(item, PART_PLANS)
            rows += [(corp, y, part, item, "", float(n), np.nan) for y, n in sorted(per_year.items())]
    return pd.DataFrame(rows, columns=list(UNIT_COLUMNS))


# --------------------------------------------------------------------------------------
# Pricing
# --------------------------------------------------------------------------------------

def price_task(
    units: pd.DataFrame, finances: pd.DataFrame, costs: pd.DataFrame, base_years: Mapping[str, int],
    scenario: Scenario, model: ModelParameters,
) -> pd.DataFrame:
    """Price task units in ``scenario``: one line per corporation, year, part, item, segment, basis.

    Cost basis, in order: the project's own budget (``projectbegroting``, new build only), the
    corporation's own cost per dwelling (``eigen kengetal``: ``cost_new_dwelling_eur`` for new
    build, ``cost_improvement_eur`` for EFG improvements), else the reference cost indexed to
    the year (``referentie``). The restopgave (``task_part`` ``restopgave``) has no project
    budget: it is priced like an unbudgeted plan.
    """
    lookup = cost_lookup(costs)
    own_column = {"nieuwbouw": "cost_new_dwelling_eur", "efg_verbetering": "cost_improvement_eur"}
    own_cache: dict[tuple, float | None] = {}
    own_rows = {str(c): g for c, g in finances.groupby("corporation")} if len(finances) else {}
    lines = []
    for r in units.itertuples():
        n = float(r.n_units)
        head = (r.corporation, r.year, r.task_part, r.item, r.segment, n)
        if r.item == "nieuwbouw" and not pd.isna(r.budget_eur):
            lines.append((*head, r.budget_eur / n, r.budget_eur, BASIS_BUDGET))
            continue
        own = None
        if r.item in own_column:
            key = (r.corporation, r.item, int(r.year))
            if key not in own_cache:
                own_cache[key] = _own_unit_cost(own_rows.get(str(r.corporation), finances.iloc[0:0]), r.corporation,
                                                own_column[r.item], int(r.year), scenario)
            own = own_cache[key]
        if own is not None:
            lines.append((*head, own, own * n, BASIS_OWN))
        else:
            unit = _unit_cost(lookup, r.item, r.segment, int(r.year), int(base_years[r.corporation]), scenario, model)
            lines.append((*head, unit, unit * n, BASIS_REFERENCE))
    return _aggregate(pd.DataFrame(lines, columns=list(TASK_COLUMNS)))


def _aggregate(lines: pd.DataFrame) -> pd.DataFrame:
    """Sum task lines per corporation, year, part, item, segment and cost basis (parts and items in display order)."""
    if lines.empty:
        return lines.astype({"year": "int64", "n_units": "float64", "unit_cost_eur": "float64", "cost_eur": "float64"})
    out = lines.groupby(["corporation", "year", "task_part", "item", "segment", "cost_basis"], as_index=False).agg(
        n_units=("n_units", "sum"), cost_eur=("cost_eur", "sum"))
    out["unit_cost_eur"] = out["cost_eur"] / out["n_units"]
    out["_p"] = out["task_part"].map({k: i for i, k in enumerate(TASK_PARTS)})
    out["_o"] = out["item"].map({k: i for i, k in enumerate(TASK_ITEMS)})
    return out.sort_values(["corporation", "year", "_p", "_o", "segment", "cost_basis"])[list(TASK_COLUMNS)].reset_index(
        drop=True)


def compute_task(
    projects: pd.DataFrame, mutations: pd.DataFrame, stock: pd.DataFrame, finances: pd.DataFrame,
    costs: pd.DataFrame, base_years: Mapping[str, int], last_year: int,
    scenario: Scenario, model: ModelParameters, *, efg_rules: efg.EnergyRules, year: int,
) -> pd.DataFrame:
    """Price the task of every corporation in ``base_years``, per year from base year + 1 to ``last_year``.

    :func:`count_task_units` then :func:`price_task`; ``year`` is the reporting year of the EFG
    rule (which planned measures count). Returns :data:`TASK_COLUMNS`.
    """
    units = count_task_units(projects, mutations, stock, base_years, last_year, efg_rules, year)
    return price_task(units, finances, costs, base_years, scenario, model)


def summarise_task(task: pd.DataFrame) -> pd.DataFrame:
    """Task per corporation and item (units and euro), items in display order."""
    if task.empty:
        return pd.DataFrame(columns=["corporation", "item", "n_units", "cost_eur"])
    out = task.groupby(["corporation", "item"], as_index=False)[["n_units", "cost_eur"]].sum()
    out["_o"] = out["item"].map({k: i for i, k in enumerate(TASK_ITEMS)})
    return out.sort_values(["corporation", "_o"]).drop(columns="_o").reset_index(drop=True)
