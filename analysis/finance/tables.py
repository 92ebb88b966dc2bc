"""The published tables of the finance report that follow the scope convention (``scope_type, scope``).

- ``financial_task``: the task per part and item (units and euro) for each corporation and the
  region (the region is the sum of the corporations, :func:`analysis.rules.scopes.scoped_sums`);
  the ``efg_verbetering`` units are the EFG rule's dwellings still to improve, the same number as
  ``to_improve`` in the energy report's ``efg_kerncijfers``.
- ``financial_task_parts``: the three parts of the task (plans, EFG improvement, restopgave) with
  the cost, the financeable part and the gap of each, per corporation and for the region.
- ``financial_capacity`` and ``financial_ratios`` keep their ``corporation`` column and get
  ``scope_type, scope`` as last columns (:func:`with_scope_columns`).
- ``financial_gap_by_corporation``: task, financeable part and gap of every corporation and the
  region; in a corporation's report it is regional by nature (all corporations together).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analysis.rules.scopes import REGION_NAME, SCOPE_TYPES, scoped_sums

from .vocabulary import (
    GAP_COLUMNS,
    PART_COLUMNS,
    PART_ITEMS,
    SCOPED_TASK_COLUMNS,
    TASK_ITEMS,
    TASK_PARTS,
)


def _sort(table: pd.DataFrame, by_item: bool, by_part: bool = False) -> pd.DataFrame:
    keys = {"_t": table["scope_type"].map({s: i for i, s in enumerate(SCOPE_TYPES)})}
    if by_part:
        keys["_p"] = table["task_part"].map({k: i for i, k in enumerate(TASK_PARTS)})
    if by_item:
        keys["_o"] = table["item"].map({k: i for i, k in enumerate(TASK_ITEMS)})
    table = table.assign(**keys).sort_values(["_t", "scope", *(k for k in ("_p", "_o") if k in keys)], kind="stable")
    return table.drop(columns=list(keys)).reset_index(drop=True)


def scope_task(task: pd.DataFrame, corporations: Iterable[str], scenario: str,
               scope_type: str = "regio", scope: str = REGION_NAME) -> pd.DataFrame:
    """The ``financial_task`` table: units and euro per part and item, per corporation and for the region.

    Every item of every part (:data:`~analysis.finance.vocabulary.PART_ITEMS`) appears for every
    corporation in ``corporations`` (zero when it has none), so a corporation without EFG
    dwellings to improve reads 0. The region rows are the sums of the corporation rows. A
    corporation's report (``scope_type='corporatie'``) keeps its own rows.

    Args:
        task: priced task lines (:func:`analysis.finance.task.compute_task`).
        corporations: the corporations of the report (those with a task or financial figures).
        scenario: the scenario the task is priced in (last column).

    Returns:
        :data:`SCOPED_TASK_COLUMNS`, region first, then corporations; parts and items in display order.
    """
    corps = sorted({str(c) for c in corporations} | {str(c) for c in task["corporation"]})
    pairs = [(p, i) for p in TASK_PARTS for i in PART_ITEMS[p]]
    grid = pd.MultiIndex.from_tuples([(c, p, i) for c in corps for p, i in pairs],
                                     names=["corporation", "task_part", "item"])
    sums = task.groupby(["corporation", "task_part", "item"])[["n_units", "cost_eur"]].sum().astype(float)
    frame = sums.reindex(grid, fill_value=0.0).rename(columns={"cost_eur": "task_eur"}).reset_index()
    types = ("regio", "corporatie") if scope_type == "regio" else ("corporatie",)
    out = scoped_sums(frame, ["n_units", "task_eur"], extra_keys=["task_part", "item"], scope_types=types)
    if scope_type != "regio":
        out = out[out["scope"] == scope]
    out = out.assign(n_units=out["n_units"].round().astype("int64"), scenario=scenario)
    return _sort(out[list(SCOPED_TASK_COLUMNS)], by_item=True, by_part=True)


def scope_parts(parts: pd.DataFrame, scenario: str, scope_type: str = "regio",
                scope: str = REGION_NAME) -> pd.DataFrame:
    """The ``financial_task_parts`` table: cost, financeable part and gap of each part of the task.

    ``parts`` is :attr:`analysis.finance.scenarios.ScenarioResult.parts` (every corporation of
    the report). The region's cost is the sum over all corporations; its financeable part and gap
    the sums over the corporations with financial figures (NA when there are none), as in the
    region row of ``financial_capacity``. A corporation's report keeps its own rows.
    """
    frame = parts[["corporation", "task_part", "task_eur", "financeable_eur", "gap_eur"]]
    types = ("regio", "corporatie") if scope_type == "regio" else ("corporatie",)
    out = scoped_sums(frame, ["task_eur"], extra_keys=["task_part"], scope_types=types)
    assessed = scoped_sums(frame, ["financeable_eur", "gap_eur"], extra_keys=["task_part"], scope_types=types,
                           min_count=1)
    out = out.merge(assessed, on=["scope_type", "scope", "task_part"], how="left")
    if scope_type != "regio":
        out = out[out["scope"] == scope]
    return _sort(out.assign(scenario=scenario)[list(PART_COLUMNS)], by_item=False, by_part=True)


def gap_by_corporation(capacity: pd.DataFrame) -> pd.DataFrame:
    """The ``financial_gap_by_corporation`` table from a capacity table of all corporations (and the region row)."""
    c = capacity.copy()
    is_region = c["corporation"] == REGION_NAME
    c.insert(0, "scope", c.pop("corporation"))
    c.insert(0, "scope_type", is_region.map({True: "regio", False: "corporatie"}))
    return _sort(c[list(GAP_COLUMNS)], by_item=False)


def with_scope_columns(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` (a ``corporation`` column whose region row is named :data:`REGION_NAME`) with the scope
    convention added as its last columns: ``scope_type`` (``regio`` / ``corporatie``) and ``scope``."""
    is_region = table["corporation"] == REGION_NAME
    return table.assign(scope_type=is_region.map({True: "regio", False: "corporatie"}), scope=table["corporation"])
