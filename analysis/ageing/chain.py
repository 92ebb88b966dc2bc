"""The whole chain for one scope: :func:`analyse` (pure) on :class:`AgeingInputs`.

Every table is computed for the region and all municipalities (the region rows are the sums of
the municipality rows), then the scope's rows are selected: a municipality's report shows that
municipality's need, supply and gap. What is regional by nature (the agreement's two figures,
the map of all municipalities) stays whole and is marked regional by the report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from analysis.rules.scopes import REGION_NAME, is_region, select_scope_rows

from . import clustered, need, population, supply
from .inputs import AgeingInputs, load_inputs


@dataclass(frozen=True)
class AgeingParams:
    """The notebook's own parameters of one report (the year comes with the inputs)."""

    scope_type: str
    scope: str
    scenario: str
    horizon: int


@dataclass(frozen=True)
class AgeingResult:
    """Everything the notebook shows (frames are sorted and ready to write).

    ``*_all`` frames hold the region and every municipality; the frames without the suffix hold
    the report's scope only (the region: all rows).
    """

    scope_type: str
    scope: str
    year: int
    horizon: int
    scenario: str
    population_source: str
    base_year: int
    uses_forecast: bool
    elderly: pd.DataFrame
    elderly_table: pd.DataFrame
    need: pd.DataFrame
    reconciliation: pd.DataFrame
    increase: pd.DataFrame
    supply: pd.DataFrame
    supply_table: pd.DataFrame
    pipeline: pd.DataFrame
    pipeline_status: pd.DataFrame
    supply_path: pd.DataFrame
    gap: pd.DataFrame
    gap_map: pd.DataFrame
    need_all: pd.DataFrame
    need_table: pd.DataFrame
    clustered_all: pd.DataFrame
    clustered_gap: pd.DataFrame
    clustered_key: pd.Series
    clustered_key_share: pd.Series
    affordability: pd.DataFrame
    first_cap_eur: float
    first_cap_year: int | None
    targets: Mapping[str, float] = field(default_factory=dict)
    stock_known: bool = True       # False: no corporation delivered a register (supply unknown)
    pipeline_known: bool = True    # False: no corporation delivered anything (pipeline unknown)

    @property
    def party(self) -> str | None:
        """The municipality the report is for, or None for the region (the party a figure highlights)."""
        return None if is_region(self.scope_type) else self.scope

    def scoped(self, table: pd.DataFrame) -> pd.DataFrame:
        """The rows of a scoped table (``scope_type, scope``) for this report (the region: all rows)."""
        return rows_for_scope(table, self.scope_type, self.scope)


def rows_for_scope(table: pd.DataFrame, scope_type: str, scope: str) -> pd.DataFrame:
    """A region report shows every row of a scoped table; a municipality's report its own rows."""
    return table if is_region(scope_type) else select_scope_rows(table, scope_type, scope)


def analyse(inputs: AgeingInputs, params: AgeingParams) -> AgeingResult:
    """Run the whole chain for one scope (no I/O; deterministic).

    Args:
        inputs: from :func:`analysis.ageing.load_inputs`.
        params: scope (canonical, see :func:`analysis.ageing.check_parameters`), scenario, horizon.
    """
    ref, year, horizon = inputs.reference, int(inputs.year), int(params.horizon)
    base = inputs.elderly_base
    municipalities = sorted(base["municipality"])
    base_year = int(base["base_year"].min())
    elderly = population.project_elderly(base, ref.growth, params.scenario,
                                         list(range(min(base_year, year), horizon + 1)), inputs.forecast)
    share = {v: ref.value("corporation_share_of_need", v) for v in need.VARIANTS}
    need_frame = need.compute_need(elderly, ref.prevalence, share, ref.value("dwellings_per_person_with_need"))

    # Nothing delivered is unknown, never 0: no register at all (no corporation sent its voorraad),
    # no project list at all (no corporation sent anything). A corporation's delivery without
    # dwellings in a municipality is a real 0 for it (the report names who is missing).
    stock_known = not inputs.stock.empty
    pipeline_known = stock_known or not inputs.projects.empty
    stock_by_class = supply.summarise_supply(inputs.stock, ref.classes, municipalities)
    pipeline = supply.summarise_pipeline(inputs.projects, year, ref.pipeline_status)
    report_years = list(range(year, horizon + 1))
    supply_path = supply.compute_supply_path(stock_by_class, pipeline, municipalities, report_years,
                                             stock_known=stock_known, pipeline_known=pipeline_known)
    gap = need.compute_gap(need_frame[need_frame["year"].isin(report_years)], supply_path)
    need_all = need.build_need_table(gap, "regio", REGION_NAME)

    key = elderly[elderly["year"] == horizon].set_index("municipality")["elderly_75plus"]
    clustered_all = clustered.compute_clustered_gap(
        int(inputs.targets[clustered.TARGET_CLUSTERED]), key,
        clustered.compute_clustered_pipeline(inputs.projects, ref.pipeline_status), "regio", REGION_NAME,
        pipeline_known=pipeline_known)
    cap = float("nan") if inputs.first_cap_eur is None else float(inputs.first_cap_eur)
    afford = clustered.compute_affordability(
        inputs.stock, supply.counted_pipeline_projects(inputs.projects, year, ref.pipeline_status), ref.classes, cap,
        municipalities, stock_known=stock_known, pipeline_known=pipeline_known)

    def scoped(table: pd.DataFrame) -> pd.DataFrame:
        return rows_for_scope(table, params.scope_type, params.scope)

    return AgeingResult(
        scope_type=params.scope_type, scope=params.scope, year=year, horizon=horizon, scenario=params.scenario,
        population_source=inputs.population_source, base_year=base_year,
        uses_forecast=inputs.forecast is not None and not inputs.forecast.empty,
        elderly=elderly, elderly_table=scoped(population.summarise_elderly(elderly)), need=need_frame,
        reconciliation=need.reconcile_with_agreement(need_frame, inputs.targets[need.TARGET_ELDERLY], base_year,
                                                     horizon),
        increase=scoped(need.summarise_increase(need_frame, base_year, horizon)),
        supply=stock_by_class, supply_table=scoped(supply.build_supply_table(stock_by_class, stock_known)),
        pipeline=pipeline, stock_known=stock_known, pipeline_known=pipeline_known,
        pipeline_status=ref.pipeline_status, supply_path=supply_path, gap=gap,
        gap_map=need.build_gap_map_table(gap, horizon), need_all=need_all, need_table=scoped(need_all),
        clustered_all=clustered_all, clustered_gap=scoped(clustered_all), clustered_key=key,
        clustered_key_share=clustered.compute_key_shares(key), affordability=scoped(afford), first_cap_eur=cap,
        first_cap_year=inputs.first_cap_year, targets=dict(inputs.targets),
    )

def prepare(data, *, year: int, scope_type: str, scope: str, scenario: str, horizon: int,
            forecast_file: str = "") -> AgeingResult:
    """Load every input and run :func:`analyse` (the notebook's former one call)."""
    inputs = load_inputs(year, forecast_file=forecast_file, data=data)
    return analyse(inputs, AgeingParams(scope_type=scope_type, scope=scope, scenario=scenario, horizon=horizon))
