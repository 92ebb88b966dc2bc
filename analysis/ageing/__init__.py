"""Analysis 2: housing need of an ageing population (Regionale Prestatieafspraken, afspraak 4).

Afspraak 4 says that the number of elderly with a mobility limitation or care need in Parkstad
grows by about 4.000 to 2040 (ABF 2020) and that about 1.450 clustered dwellings are needed,
mostly below the first aftoppingsgrens. This package compares that need with the accessible
supply of the corporations, per municipality and per year to the horizon (2040).

All reading happens in :func:`load_inputs` (:mod:`.inputs`); :func:`analyse` (:mod:`.chain`) is
pure. The chain, each step a pure function (frames in, frames out):

1. **Elderly now** (:func:`compute_elderly_from_bands`, :mod:`.population`): 65+ and 75+ per
   municipality from a population table by 10-year age band (the shipped one is dated about
   2020; a complete CBS table fetched by ``rpa fetch-cbs`` is preferred); the 60-69 and 70-79
   bands are split with a reference parameter (uniform ages: half of each band).
2. **Projection** (:func:`project_elderly`): a user-supplied forecast per municipality when
   given (a delivery, e.g. Primos or the province's forecast), else a scenario growth path
   (``ageing_growth_scenarios.csv``): a growth factor from the base year to the target year,
   interpolated linearly and held constant after the target year.
3. **Need** (:func:`compute_need`, :mod:`.need`): persons with a mobility limitation or care
   need = prevalence (low and high variant, ``ageing_prevalence.csv``) x elderly in the age group
   (65-74, 75+); the part that the corporations' stock must house = persons x corporation share
   (low/high) x dwellings per person. ABF warns that such figures are unreliable at small scale:
   always a range, never a point.
4. **Supply** (:func:`classify_accessibility`, :func:`summarise_supply`,
   :func:`summarise_pipeline`, :func:`compute_supply_path`, :mod:`.supply`): the stock on 1
   January of the delivery year by accessibility class (BAT stars first, the VERA
   toegankelijkheidslabel to refine 0 stars or when BAT is missing, the VERA woonvorm last), plus
   pipeline projects of the forms nultreden, geclusterd and zorggeschikt completing from the
   delivery year on, for the plan statuses that ``ageing_pipeline_status.csv`` counts.
5. **Gap** (:func:`compute_gap`): need minus suitable supply, low and high.
6. **Clustered dwellings** (:func:`compute_clustered_gap`, :func:`split_target`,
   :mod:`.clustered`): the regional target (1.450) against pipeline geclusterd/zorggeschikt
   units. The target is regional; it is split over the municipalities by their share of
   75-plussers in the horizon year (largest remainder method, so that the shares add up exactly
   to the regional target) only to show each municipality's *bijdrage*, not a target of its own.
7. **Affordability** (:func:`compute_affordability`): share of the suitable stock at or below
   the first aftoppingsgrens of the year, and of pipeline units in rent class goedkoop or
   betaalbaar 1.

Scopes follow :mod:`analysis.rules.scopes`: every table has ``scope_type, scope`` and the region
rows are the sums of the municipality rows (all counts here add up over municipalities; shares
are computed from the summed counts). The need side has no corporation dimension, so a
corporation scope is refused by :func:`check_parameters`. Every figure comes from
``data/raw/reference/ageing_*.csv`` (with sources); the assumptions are logged in
``docs/assumptions/ageing.md``. Dutch text is in :mod:`.text`, figures in :mod:`.figures`.
"""

from . import figures, text
from .chain import AgeingParams, AgeingResult, analyse, prepare, rows_for_scope
from .clustered import (
    AFFORDABILITY_COLUMNS,
    CLUSTERED_COLUMNS,
    CLUSTERED_PROJECT_FORMS,
    RENT_CLASSES_UP_TO_FIRST_CAP,
    TARGET_CLUSTERED,
    compute_affordability,
    compute_clustered_gap,
    compute_clustered_pipeline,
    compute_key_shares,
    split_target,
)
from .figures import plot_gap_map, plot_need_and_supply, plot_pipeline, plot_supply_by_class
from .inputs import (
    DEFAULT_FORECAST_FILE,
    FIRST_CAP_ID,
    FORECAST_COLUMNS,
    POPULATION_FILE,
    AgeingInputs,
    AgeingParameters,
    AgeingReference,
    check_parameters,
    check_pipeline_status,
    first_cap,
    load_elderly_base,
    load_forecast,
    load_inputs,
    load_parameters,
    load_population_bands,
    load_targets,
    scenarios,
    validate_forecast,
)
from .inputs import _cached_cbs_population as _cached_cbs_population
from .need import (
    AGE_GROUPS,
    GAP_MAP_COLUMNS,
    NEED_COLUMNS,
    TARGET_ELDERLY,
    VARIANTS,
    build_gap_map_table,
    build_need_table,
    compute_gap,
    compute_need,
    reconcile_with_agreement,
    summarise_increase,
)
from .population import (
    AREA_SCOPE_TYPES,
    BAND_60_69,
    BAND_70_79,
    BAND_80_89,
    BAND_90_PLUS,
    compute_elderly_from_bands,
    growth_factor,
    project_elderly,
    summarise_elderly,
)
from .supply import (
    ACCESSIBILITY_CLASSES,
    SUITABLE_PROJECT_FORMS,
    SUPPLY_COLUMNS,
    build_supply_table,
    classify_accessibility,
    compute_supply_path,
    counted_pipeline_projects,
    summarise_pipeline,
    summarise_supply,
)
from .text import (
    display_affordability,
    display_clustered,
    display_elderly,
    display_need_table,
    display_supply,
    text_affordability,
    text_clustered,
    text_intro,
    text_need,
    text_reconciliation,
)

__all__ = [
    "ACCESSIBILITY_CLASSES", "AFFORDABILITY_COLUMNS", "AGE_GROUPS", "AREA_SCOPE_TYPES", "BAND_60_69", "BAND_70_79",
    "BAND_80_89", "BAND_90_PLUS", "CLUSTERED_COLUMNS", "CLUSTERED_PROJECT_FORMS", "DEFAULT_FORECAST_FILE",
    "FIRST_CAP_ID", "FORECAST_COLUMNS", "GAP_MAP_COLUMNS", "NEED_COLUMNS", "POPULATION_FILE",
    "RENT_CLASSES_UP_TO_FIRST_CAP", "SUITABLE_PROJECT_FORMS", "SUPPLY_COLUMNS", "TARGET_CLUSTERED",
    "TARGET_ELDERLY", "VARIANTS",
    "AgeingInputs", "AgeingParameters", "AgeingParams", "AgeingReference", "AgeingResult",
    "analyse", "build_gap_map_table", "build_need_table", "build_supply_table", "check_parameters",
    "check_pipeline_status", "classify_accessibility", "compute_affordability", "compute_clustered_gap",
    "compute_clustered_pipeline", "compute_elderly_from_bands", "compute_gap", "compute_key_shares",
    "compute_need", "compute_supply_path", "counted_pipeline_projects", "display_affordability",
    "display_clustered", "display_elderly", "display_need_table", "display_supply", "figures", "first_cap",
    "growth_factor", "load_elderly_base", "load_forecast", "load_inputs", "load_parameters",
    "load_population_bands", "load_targets", "plot_gap_map", "plot_need_and_supply", "plot_pipeline",
    "plot_supply_by_class", "prepare", "project_elderly", "reconcile_with_agreement", "rows_for_scope",
    "scenarios", "split_target", "summarise_elderly", "summarise_increase", "summarise_pipeline",
    "summarise_supply", "text", "text_affordability", "text_clustered", "text_intro", "text_need",
    "text_reconciliation", "validate_forecast",
]
