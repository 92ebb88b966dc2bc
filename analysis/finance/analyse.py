"""The whole analysis in one pure call: :func:`analyse` (inputs and parameters in, result frames out)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.rules.scopes import REGION_NAME

from . import scenarios as sc
from .inputs import FinanceInputs, FinanceReference
from .parameters import FinanceParams, parameter_value
from .remainder import compute_remainder, missing_plan_parties
from .scenarios import ScenarioResult
from .tables import gap_by_corporation, scope_parts, scope_task

#: How the table of all corporations is marked in a corporation's report (scope honesty).
ALL_CORPORATIONS = "alle corporaties samen"


@dataclass(frozen=True)
class FinanceResult:
    """Everything the notebook shows and writes, for the report's scope.

    Attributes:
        params: the validated notebook parameters.
        year: the delivery year.
        ref: the reference data used (scenario labels, norms, EFG rule).
        scenarios: per scenario, the corporations of the report's scope (region: all of them).
        capacity_all / ratios_all: the headline tables of every scenario, stacked
            (``financial_capacity``, ``financial_ratios``).
        comparison: capacity of every corporation and the region in the chosen scenario (the
            gap chart; regional by nature in a corporation's report).
        task_table: ``financial_task`` (scope convention).
        parts_table: ``financial_task_parts``: the three parts of the task side by side (cost,
            financeable part, gap), per corporation and the region (scope convention).
        remainder: the region's restopgave per segment (:func:`~analysis.finance.remainder.compute_remainder`),
            regional by nature; empty without targets.
        remainder_missing: the corporations and municipalities that did not deliver (their plans
            are not in the count, so the restopgave is too high rather than too low).
        gap_table: ``financial_gap_by_corporation`` (scope convention, every corporation).
        buffers: capacity with the low and high buffer (basis scenario).
        tornado: the gap at the low and high side of each sensitivity.
    """

    params: FinanceParams
    year: int
    ref: FinanceReference
    scenarios: dict[str, ScenarioResult]
    capacity_all: pd.DataFrame
    ratios_all: pd.DataFrame
    comparison: pd.DataFrame
    task_table: pd.DataFrame
    parts_table: pd.DataFrame
    remainder: pd.DataFrame
    gap_table: pd.DataFrame
    buffers: dict[str, pd.DataFrame]
    tornado: pd.DataFrame
    remainder_missing: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())

    @property
    def chosen(self) -> ScenarioResult:
        """The result of the scenario chosen in the parameters."""
        return self.scenarios[self.params.scenario]

    @property
    def row_name(self) -> str:
        """The row of the capacity tables that is the report's own: the region or the corporation."""
        return REGION_NAME if self.params.is_region else self.params.scope

    @property
    def regional(self) -> str | None:
        """Words marking the all-corporations table as regional in a corporation's report, else None."""
        return None if self.params.is_region else ALL_CORPORATIONS

    @property
    def highlight(self) -> str | None:
        """The corporation to highlight in figures of all corporations (None in the region report)."""
        return None if self.params.is_region else self.params.scope


def analyse(inputs: FinanceInputs, params: FinanceParams) -> FinanceResult:
    """Task, capacity, gap, ratios, scenarios and sensitivity for the report's scope (no I/O).

    The region report assesses every corporation; a corporation's report assesses that
    corporation in every scenario, and every corporation in the chosen scenario only (for the
    comparison, which is regional by nature). The priced task is memoised across scenarios.
    The region's restopgave is computed once from the portfolio's counting and divided over the
    corporations in every scenario (:mod:`.remainder`).
    """
    frames = (inputs.projects, inputs.mutations, inputs.stock, inputs.finances)
    corporations = None if params.is_region else [params.scope]
    ref = inputs.ref
    remainder = None if ref.targets is None else compute_remainder(
        inputs.projects, inputs.plan_capacity, inputs.mutations, ref.targets, inputs.year,
        parameter_value(ref.parameters, "restopgave_corporation_share_default"))
    cache: dict = {}
    scenarios = sc.compute_scenarios(*frames, inputs.year, ref, params.buffer, params.horizon, corporations,
                                     region_row=params.is_region, task_cache=cache, remainder=remainder)
    chosen = scenarios[params.scenario]
    comparison = chosen.capacity if params.is_region else sc.compute_financial_capacity(
        *frames, inputs.year, ref, params.scenario, params.buffer, params.horizon, remainder=remainder).capacity
    buffers = sc.compute_buffer_sensitivity(*frames, inputs.year, ref, params.horizon, corporations,
                                            region_row=params.is_region, task_cache=cache, remainder=remainder)
    capacity_all = sc.stack_capacity(scenarios)
    corps = [c for c in chosen.capacity["corporation"] if c != REGION_NAME]
    return FinanceResult(
        params=params, year=inputs.year, ref=inputs.ref, scenarios=scenarios, capacity_all=capacity_all,
        ratios_all=sc.stack_ratios(scenarios), comparison=comparison,
        task_table=scope_task(chosen.task, corps, params.scenario, params.scope_type, params.scope),
        parts_table=scope_parts(chosen.parts, params.scenario, params.scope_type, params.scope),
        remainder=remainder if remainder is not None else pd.DataFrame(),
        gap_table=gap_by_corporation(comparison), buffers=buffers,
        tornado=sc.compute_tornado(capacity_all, inputs.ref, buffers),
        remainder_missing=missing_plan_parties(ref.corporations, ref.municipalities, inputs.deliveries_corporation,
                                               inputs.deliveries_municipality, inputs.projects, inputs.plan_capacity),
    )
