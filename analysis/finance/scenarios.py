"""All corporations in one scenario (:func:`compute_financial_capacity`), every scenario, and the sensitivity.

The region row sums the corporations: the room of one corporation cannot pay for the gap of
another (separate balance sheets), so the regional gap is the sum of the corporations' gaps.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from analysis.cache import cache_dir, per_run
from analysis.rules.scopes import REGION_NAME

from .capacity import Assessment, alternative_packages, assess_corporation
from .flows import add_flows, compute_other_flows, compute_task_flows, planned_investment
from .inputs import FinanceReference
from .parameters import Scenario, model_parameters_from_table, parameter_value, scenario_from_table
from .projection import breach_flags, compute_ratios, project_corporation, select_base
from .remainder import allocation_weights, remainder_units
from .task import count_task_units, price_task
from .vocabulary import (
    ALTERNATIVE_COLUMNS,
    ALTERNATIVES,
    BASE_SCENARIO,
    CAPACITY_COLUMNS,
    CORP_PART_COLUMNS,
    EQUITY_FIELDS,
    NO_FINANCES,
    PLANNED_COLUMNS,
    RATIO_COLUMNS,
    TASK_PARTS,
    TORNADO_COLUMNS,
)


@dataclass
class ScenarioResult:
    """Task, capacity, ratios and alternatives of the corporations in one scenario."""

    scenario: Scenario
    buffer: float
    horizon: int
    base: pd.DataFrame
    task: pd.DataFrame
    capacity: pd.DataFrame
    ratios: pd.DataFrame
    alternatives: pd.DataFrame
    planned: pd.DataFrame
    unassessed: list[str]
    parts: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(CORP_PART_COLUMNS)))
    no_equity: list[str] = field(default_factory=list)


def _task_corporations(projects, mutations, stock) -> set[str]:
    return {str(c) for f in (projects, mutations, stock)
            for c in f.get("corporation", pd.Series(dtype=str)).dropna().unique()}


def _capacity_row(corp: str, scenario: str, buffer: float, a: Assessment | None, task_eur: float) -> dict:
    if a is None:  # no financial figures: the task counts, the rest cannot be assessed
        return {"corporation": corp, "scenario": scenario, "task_eur": task_eur, "financeable_eur": np.nan,
                "gap_eur": np.nan, "binding_norm": NO_FINANCES, "first_breach_year": None, "buffer_eur": np.nan,
                "capacity_eur": np.nan, "binding_year": None, "first_breach_norm": "", "buffer": buffer}
    return {"corporation": corp, "scenario": scenario, "task_eur": a.task_eur,
            "financeable_eur": a.financeable_eur, "gap_eur": a.gap_eur, "binding_norm": a.binding_norm,
            "first_breach_year": a.first_breach_year, "buffer_eur": a.buffer_eur,
            "capacity_eur": a.capacity_eur, "binding_year": a.binding_year,
            "first_breach_norm": a.first_breach_norm, "buffer": buffer}


def _region_row(capacity: pd.DataFrame, scenario: str, buffer: float) -> dict:
    """Sums over the corporations; the earliest first breach; no binding norm.

    Without any corporation with financial figures the assessed sums are NA (not 0) and the
    row reads "no financial figures", like a corporation without them.
    """
    assessed = capacity[capacity["binding_norm"] != NO_FINANCES]
    years = assessed["first_breach_year"].dropna()
    return {"corporation": REGION_NAME, "scenario": scenario, "task_eur": capacity["task_eur"].sum(),
            **{c: assessed[c].sum(min_count=1) for c in ("financeable_eur", "gap_eur", "buffer_eur", "capacity_eur")},
            "binding_norm": "" if len(assessed) else NO_FINANCES, "first_breach_year": int(years.min()) if len(years) else None,
            "binding_year": None, "first_breach_norm": "", "buffer": buffer}


def compute_financial_capacity(
    projects: pd.DataFrame, mutations: pd.DataFrame, stock: pd.DataFrame, finances: pd.DataFrame,
    year: int, ref: FinanceReference, scenario_name: str, buffer: float, horizon: int,
    corporations: list[str] | None = None, region_row: bool = True, task_cache: dict | None = None,
    remainder: pd.DataFrame | None = None,
) -> ScenarioResult:
    """Task, projection, ratios, capacity and gap of every corporation (optionally a subset).

    ``remainder`` (optional, :func:`analysis.finance.remainder.compute_remainder`) is the region's
    restopgave; it is divided over all corporations with a task or financial figures (their
    dwellings in the stock register, :func:`~analysis.finance.remainder.remainder_units`) and
    priced as the third part of the task. The parts are financed in order (plans, EFG
    improvement, restopgave; ``parts`` holds each part's cost, financeable part and gap).
    ``no_equity``: the assessed corporations without equity and total assets on beleidswaarde
    (their solvency is unknown and was not tested).

    ``task_cache`` (optional) memoises the task across calls on the *same* input frames, e.g.
    the scenarios of :func:`compute_scenarios`: the units depend only on the base years and the
    horizon, their prices also on the scenario, so neither is recomputed per scenario.

    The region row (``corporation`` = the region's name) sums task, financeable part, gap, buffer
    and capacity over the corporations with financial data. Its ``first_breach_year`` is the
    earliest of the corporations'; ``binding_norm`` is empty. A corporation with a task but no
    financial figures gets ``binding_norm = geen_financien`` and counts in the task only.

    Work once per run (:mod:`analysis.cache`): with the run's cache on, the run of every
    corporation is computed once (by whichever report asks first) and a subset is its slice:
    each corporation is assessed on its own balance sheet, so its rows are the same either way
    (``tests/test_cache.py``). A subset whose slice lacks a table (a corporation without a task or
    without financial figures) is computed on its own, so its empty tables are built as always.
    """
    args = (projects, mutations, stock, finances, year, ref, scenario_name, buffer, horizon)
    if corporations is None:
        result = _every_corporation(*args, task_cache=task_cache, remainder=remainder)
    else:
        result = None
        if cache_dir() is not None:
            result = only_corporations(_every_corporation(*args, task_cache=task_cache, remainder=remainder),
                                       corporations)
        if result is None:
            result = _assess(*args, corporations, task_cache=task_cache, remainder=remainder)
    return with_region_row(result) if region_row else result


@per_run("finance_capacity", ignore=("task_cache",))  # the same run in several reports: once per run
def _every_corporation(projects, mutations, stock, finances, year, ref, scenario_name, buffer, horizon,
                       task_cache=None, remainder=None) -> ScenarioResult:
    """:func:`_assess` of every corporation (the run the region's report and every slice share)."""
    return _assess(projects, mutations, stock, finances, year, ref, scenario_name, buffer, horizon, None,
                   task_cache=task_cache, remainder=remainder)


def only_corporations(result: ScenarioResult, corporations: list[str]) -> ScenarioResult | None:
    """The rows of ``corporations`` in a run without region row; None when a table of theirs would be empty."""
    keep = set(corporations)

    def rows(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["corporation"].isin(keep)].reset_index(drop=True)

    frames = {name: rows(getattr(result, name))
              for name in ("base", "task", "capacity", "ratios", "alternatives", "planned", "parts")}
    if not all(len(f) for f in frames.values()):
        return None
    return replace(result, **frames, unassessed=[c for c in result.unassessed if c in keep],
                   no_equity=[c for c in result.no_equity if c in keep])


def with_region_row(result: ScenarioResult) -> ScenarioResult:
    """``result`` with the region row under its corporations (:func:`_region_row`); unchanged without any."""
    if not len(result.capacity):
        return result
    row = pd.DataFrame([_region_row(result.capacity, result.scenario.name, result.buffer)])
    return replace(result, capacity=_whole_years(pd.concat([result.capacity, row], ignore_index=True)))


def _whole_years(capacity: pd.DataFrame) -> pd.DataFrame:
    """``capacity`` with its year columns as whole numbers (Int64, missing kept); the input is not changed."""
    return capacity.assign(**{c: pd.array([None if v is None or pd.isna(v) else int(v) for v in capacity[c]],
                                          dtype="Int64") for c in ("first_breach_year", "binding_year")})


def _assess(
    projects: pd.DataFrame, mutations: pd.DataFrame, stock: pd.DataFrame, finances: pd.DataFrame,
    year: int, ref: FinanceReference, scenario_name: str, buffer: float, horizon: int,
    corporations: list[str] | None, task_cache: dict | None = None, remainder: pd.DataFrame | None = None,
) -> ScenarioResult:
    """The corporations' run without region row (see :func:`compute_financial_capacity`)."""
    cache = {} if task_cache is None else task_cache
    scenario = scenario_from_table(ref.scenarios, scenario_name)
    has_basis = (ref.scenarios["scenario"] == BASE_SCENARIO).any()
    basis = scenario_from_table(ref.scenarios, BASE_SCENARIO) if has_basis else scenario
    model = model_parameters_from_table(ref.parameters)
    base = select_base(finances, stock, year)
    task_corps = _task_corporations(projects, mutations, stock)
    weights = allocation_weights(stock, sorted(task_corps | set(base["corporation"])))
    if corporations is not None:
        base = base[base["corporation"].isin(corporations)].reset_index(drop=True)
        task_corps &= set(corporations)
    base_years = dict(zip(base["corporation"], base["base_year"], strict=True))
    unassessed = sorted(task_corps - set(base_years))
    # Corporations without finances: price their task from the delivery year on.
    task_years = {**dict.fromkeys(unassessed, int(year) - 1), **base_years}
    rest = remainder if remainder is not None else pd.DataFrame(columns=["n_dwellings"])
    years_key = (tuple(sorted(task_years.items())), int(horizon), int(year), repr(ref.efg_rules),
                 rest.to_json(), tuple(sorted(weights.items())))
    if ("units", years_key) not in cache:
        own = count_task_units(projects, mutations, stock, task_years, horizon, ref.efg_rules, year)
        extra = remainder_units(rest, weights, task_years, horizon)
        cache["units", years_key] = pd.concat([own, extra], ignore_index=True) if len(extra) else own

    def priced(sc: Scenario) -> pd.DataFrame:
        key = ("task", repr(sc), repr(model), years_key)
        if key not in cache:
            cache[key] = price_task(cache["units", years_key], finances, ref.costs, task_years, sc, model)
        return cache[key]

    task, task_basis = priced(scenario), priced(basis)
    cap_rows, ratio_rows, alt_rows, planned_rows, part_rows = [], [], [], [], []
    for _, b in base.iterrows():
        corp = b["corporation"]
        t_corp = task[task["corporation"] == corp]
        planned = planned_investment(finances, corp, int(b["base_year"]) + 1, horizon)
        other = compute_other_flows(planned, task_basis[task_basis["corporation"] == corp],
                                    model.committed_other_investment_share)
        flows = {part: compute_task_flows(t_corp[t_corp["task_part"] == part], b, model) for part in TASK_PARTS}
        packages = alternative_packages(ref.costs, b, scenario, model)
        a = assess_corporation(b, other, flows, scenario, model, ref.norms, buffer, horizon, packages)
        cap_rows.append(_capacity_row(corp, scenario.name, buffer, a, a.task_eur))
        part_rows += [{"corporation": corp, "task_part": n, "task_eur": r.task_eur,
                       "financeable_eur": r.financeable_eur, "gap_eur": r.gap_eur} for n, r in a.parts.items()]
        proj = compute_ratios(project_corporation(b, add_flows(other, *flows.values()), scenario, model, horizon))
        proj["breach"] = breach_flags(proj, ref.norms)
        proj.insert(0, "scenario", scenario.name)
        proj.insert(0, "corporation", corp)
        ratio_rows.append(proj[list(RATIO_COLUMNS)])
        alt_rows += [{"corporation": corp, "scenario": scenario.name, "use": name,
                      "units": a.alternatives.get(name, 0.0)} for name in ALTERNATIVES]
        planned_rows += [{"corporation": corp, "year": y, "planned_investment_eur": float(planned.get(y, np.nan)),
                          "task_eur": float(t_corp.loc[t_corp["year"] == y, "cost_eur"].sum())}
                         for y in range(int(b["base_year"]) + 1, horizon + 1)]
    for corp in unassessed:
        t_corp = task[task["corporation"] == corp]
        cap_rows.append(_capacity_row(corp, scenario.name, buffer, None, float(t_corp["cost_eur"].sum())))
        part_rows += [{"corporation": corp, "task_part": n, "financeable_eur": np.nan, "gap_eur": np.nan,
                       "task_eur": float(t_corp.loc[t_corp["task_part"] == n, "cost_eur"].sum())} for n in TASK_PARTS]
    capacity = _whole_years(pd.DataFrame(cap_rows, columns=list(CAPACITY_COLUMNS)).sort_values("corporation")
                            .reset_index(drop=True))
    ratios = pd.concat(ratio_rows, ignore_index=True) if ratio_rows else pd.DataFrame(columns=list(RATIO_COLUMNS))
    no_equity = sorted(str(c) for c in base.loc[base[list(EQUITY_FIELDS)].isna().any(axis=1), "corporation"])
    parts = pd.DataFrame(part_rows, columns=["corporation", "task_part", "task_eur", "financeable_eur", "gap_eur"])
    parts = parts.assign(scenario=scenario.name).sort_values(["corporation"], kind="stable")[list(CORP_PART_COLUMNS)]
    return ScenarioResult(
        scenario=scenario, buffer=buffer, horizon=horizon, base=base, task=task, capacity=capacity,
        ratios=ratios, alternatives=pd.DataFrame(alt_rows, columns=list(ALTERNATIVE_COLUMNS)),
        planned=pd.DataFrame(planned_rows, columns=list(PLANNED_COLUMNS)), unassessed=unassessed,
        parts=parts.reset_index(drop=True), no_equity=no_equity,
    )


def compute_scenarios(
    projects, mutations, stock, finances, year: int, ref: FinanceReference, buffer: float, horizon: int,
    corporations: list[str] | None = None, region_row: bool = True, task_cache: dict | None = None,
    remainder: pd.DataFrame | None = None,
) -> dict[str, ScenarioResult]:
    """One :class:`ScenarioResult` per scenario of ``finance_scenarios.csv`` (file order)."""
    cache = {} if task_cache is None else task_cache
    names = list(ref.scenarios["scenario"])
    # a subset walks the scenarios from the last: started beside the region's report, the two share the
    # runs of every corporation (once per run) from both ends instead of one waiting for the other
    done = {s: compute_financial_capacity(projects, mutations, stock, finances, year, ref, s, buffer, horizon,
                                          corporations, region_row, task_cache=cache, remainder=remainder)
            for s in (names if corporations is None else names[::-1])}
    return {s: done[s] for s in names}


def stack_capacity(results: Mapping[str, ScenarioResult]) -> pd.DataFrame:
    """The headline tables of several scenarios, stacked (scenario order kept, region row last)."""
    parts = [r.capacity for r in results.values()]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(CAPACITY_COLUMNS))


def stack_ratios(results: Mapping[str, ScenarioResult]) -> pd.DataFrame:
    """The per-year ratio tables of several scenarios, stacked."""
    parts = [r.ratios for r in results.values() if len(r.ratios)]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(RATIO_COLUMNS))


def compute_buffer_sensitivity(
    projects, mutations, stock, finances, year: int, ref: FinanceReference, horizon: int,
    corporations: list[str] | None = None, region_row: bool = True, task_cache: dict | None = None,
    remainder: pd.DataFrame | None = None,
) -> dict[str, pd.DataFrame]:
    """Headline tables of the basis scenario with ``buffer_low`` and ``buffer_high`` (for the tornado)."""
    out = {}
    cache = {} if task_cache is None else task_cache
    sides = (("laag", "buffer_low"), ("hoog", "buffer_high"))
    for side, name in (sides if corporations is None else sides[::-1]):  # a subset from the other end, as above
        b = parameter_value(ref.parameters, name)
        out[side] = compute_financial_capacity(projects, mutations, stock, finances, year, ref, BASE_SCENARIO, b,
                                               horizon, corporations, region_row, task_cache=cache,
                                               remainder=remainder).capacity
    return {side: out[side] for side, _ in sides}


def _region_gap(capacity: pd.DataFrame) -> float:
    """The regional gap (region row), or the sum over the corporations when there is no region row."""
    rows = capacity[capacity["corporation"] == REGION_NAME]
    return float(rows["gap_eur"].iloc[0]) if len(rows) else float(capacity["gap_eur"].sum())


def compute_tornado(
    scenario_capacity: pd.DataFrame, ref: FinanceReference, buffer_capacity: Mapping[str, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """Gap (of the region, or of the corporation in the table) per sensitivity: its low and high side.

    Groups come from ``sensitivity_group``/``sensitivity_side`` in ``finance_scenarios.csv``; a
    group with one side only (the rent freeze) has the basis value at the other side.
    ``buffer_capacity`` optionally adds the buffer as a group: {"laag": table, "hoog": table}.
    Rows are sorted by the width of the bar, widest first.
    """
    base_gap = _region_gap(scenario_capacity[scenario_capacity["scenario"] == BASE_SCENARIO])
    labels_nl = dict(zip(ref.scenarios["scenario"], ref.scenarios["label_nl"], strict=True))
    rows = []
    sc = ref.scenarios[ref.scenarios["sensitivity_group"].notna()]
    for group, g in sc.groupby("sensitivity_group", sort=False):
        sides = {"laag": base_gap, "hoog": base_gap}
        labels = {"laag": "basis", "hoog": "basis"}
        for _, r in g.iterrows():
            cap = scenario_capacity[scenario_capacity["scenario"] == r["scenario"]]
            sides[str(r["sensitivity_side"])] = _region_gap(cap)
            labels[str(r["sensitivity_side"])] = labels_nl.get(str(r["scenario"]), str(r["scenario"]))
        rows.append({"group": str(group), "low_label": labels["laag"], "high_label": labels["hoog"],
                     "gap_low_eur": sides["laag"], "gap_high_eur": sides["hoog"], "gap_basis_eur": base_gap})
    if buffer_capacity:
        rows.append({"group": "buffer", "low_label": "buffer laag", "high_label": "buffer hoog",
                     "gap_low_eur": _region_gap(buffer_capacity["laag"]), "gap_high_eur": _region_gap(buffer_capacity["hoog"]),
                     "gap_basis_eur": base_gap})
    out = pd.DataFrame(rows, columns=list(TORNADO_COLUMNS))
    out["width_eur"] = (out["gap_high_eur"] - out["gap_low_eur"]).abs()
    return out.sort_values(["width_eur", "group"], ascending=[False, True]).reset_index(drop=True)
