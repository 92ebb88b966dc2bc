"""Analysis 4 (afspraak 16): the gap between the housing task and the corporations' financial room.

Afspraak 16 of the Regionale Prestatieafspraken Parkstad 2024-2028 asks that the difference
between the investment task (opgave) and the corporations' financial means be made visible,
so that no part of the task is quietly postponed. This package does that in five steps, each a
pure function on DataFrames (:func:`analyse` runs them all; :func:`load_inputs` does all reading):

1. **Task** in three parts (afspraak 16): (a) what the corporations plan (:mod:`.task`,
   :func:`compute_task`): per corporation and year the new build by segment, the inponding
   (purchase of private homes, :data:`analysis.rules.plans.INPONDING`), other renovation and
   demolition; (b) the improvement of the EFG dwellings the EFG rule counts as still to improve
   (:mod:`analysis.rules.efg`, the same number the energy report shows); (c) the **restopgave**
   (:mod:`.remainder`): the part of each target that no plan covers yet (the portfolio's gap) and
   the inponding shortfall, the corporations' share of it, divided over the corporations. All
   priced with the corporation's own figures where it delivered them (project budget, own cost
   per dwelling) and otherwise with the reference costs of ``finance_cost_parameters.csv``
   indexed to the year.
2. **Projection** (:mod:`.projection`, :func:`project_corporation`): from the last realised year,
   year by year to the horizon (2030, optionally 2035), with the scenario's interest rate, cost
   growth and rent growth. Every step is a sum or a product, so the whole projection is
   *linear* in the investments; that is what makes the capacity below exact rather than
   searched for::

       R_t      = R_{t-1} x (1 + rent growth_t)              (0 in freeze years; R_B = 1)
       OCF_t    = (OCF_B + added OCF up to t) x R_t          operating cash flow before interest
       BW_t     = (BW_B + added beleidswaarde up to t) x R_t
       MW_t     = (MW_B + added marktwaarde up to t) x R_t
       s_t      = min(1, refinance share x (t - B))          share of old debt refinanced
       rente_t  = r_0 x (1 - s_t) x D_B + r_scen x (D_{t-1} - (1 - s_t) x D_B)
       D_t      = D_{t-1} + investment_t - sale proceeds_t + rente_t - OCF_t
       A_t      = A_B + (BW_t - BW_B)                        total assets on beleidswaarde
       E_t      = E_B + (BW_t - BW_B) - (D_t - D_B)          equity on beleidswaarde

   with r_0 = interest_B / D_B, the corporation's own average rate in the base year.
3. **Ratios and norms** (:func:`compute_ratios`, :func:`compute_slack`): ICR = OCF / rente
   (the cash flow before interest, so interest is counted once), LTV = D / BW, solvabiliteit =
   E / A (Aw/WSW; unknown, never 1 - LTV, when a corporation did not deliver equity and total
   assets on beleidswaarde: that norm is then not tested), dekkingsratio = D / MW, tested against the
   norms of ``financial_norms.csv`` tightened by a prudence buffer ``b`` (minimum norms x (1+b),
   maximum norms x (1-b)). Each norm in each year gives a *slack* in euro (e.g. for LTV:
   0.85 x BW - D); a negative slack is a breach.
4. **Capacity and gap** (:mod:`.capacity`, :func:`assess_corporation`): the parts of the task in
   turn (plans, EFG, restopgave), each the largest share that keeps every slack non-negative in
   every year on top of the parts before it (exact, because slack is linear in that share); the
   financeable part is the sum, the **gap** the rest, for each part and in total. What is
   left after the whole task is the **capacity**: the extra borrowing (spent without return)
   possible under the binding norm, and the same room expressed as *alternative* uses (so many
   new social dwellings **or** so many EFG improvements **or** ...), which are never added up.
5. **Scenarios** (:mod:`.scenarios`, :func:`compute_scenarios`, :func:`compute_tornado`):
   interest, building costs, rent growth and a (withdrawn, hence what-if) 2025-2026 rent
   freeze, and a tornado chart of the gap.

Every figure comes from reference data with a source or a documented assumption
(``docs/assumptions/finance.md``). The model is deliberately simple and monotone: a higher
interest rate or higher costs never lower the gap; a larger buffer never raises the capacity.
Dutch text and display tables live in :mod:`.text` and :mod:`.text_task` (the three parts, the
restopgave, solvency), figures in :mod:`.figures`, the published scoped tables (``financial_task``,
``financial_task_parts``, ``financial_gap_by_corporation``) in :mod:`.tables`.
"""

from analysis.rules.scopes import REGION_NAME

from .analyse import ALL_CORPORATIONS, FinanceResult, analyse
from .capacity import Assessment, PartResult, alternative_packages, assess_corporation
from .figures import plot_gap, plot_ratio_paths, plot_task_by_year, plot_tornado
from .flows import (
    add_flows,
    compute_other_flows,
    compute_task_flows,
    make_flows,
    planned_investment,
)
from .inputs import (
    FinanceInputs,
    FinanceReference,
    load_cost_parameters,
    load_inputs,
    load_norms,
    load_parameters,
    load_reference,
    load_scenarios,
)
from .parameters import (
    FinanceParams,
    ModelParameters,
    Scenario,
    check_parameters,
    make_params,
    model_parameters_from_table,
    parameter_value,
    scenario_from_table,
)
from .projection import (
    breach_flags,
    compute_ratios,
    compute_slack,
    norm_limits,
    project_corporation,
    select_base,
)
from .remainder import (
    allocate_whole,
    allocation_weights,
    compute_inponding_shortfall,
    compute_remainder,
    missing_plan_parties,
    remainder_units,
)
from .scenarios import (
    ScenarioResult,
    compute_buffer_sensitivity,
    compute_financial_capacity,
    compute_scenarios,
    compute_tornado,
    stack_capacity,
    stack_ratios,
)
from .tables import gap_by_corporation, scope_parts, scope_task, with_scope_columns
from .task import (
    compute_task,
    cost_lookup,
    count_task_units,
    efg_improvement_years,
    price_task,
    reference_unit_cost,
    renovation_years,
    summarise_task,
)
from .text import (
    format_alternatives,
    format_alternatives_wide,
    format_capacity_table,
    format_ratio_table,
    format_task_table,
    freeze_text,
    gap_text,
    intro_text,
    norm_label,
    scenario_table,
    task_text,
)
from .vocabulary import (
    ALTERNATIVE_LABELS,
    ALTERNATIVES,
    BASE_COLUMNS,
    BASE_SCENARIO,
    CAPACITY_COLUMNS,
    FLOW_COLUMNS,
    ITEM_LABELS,
    NORM_IDS,
    NORM_LABELS,
    PART_LABELS,
    RATIO_COLUMNS,
    TASK_COLUMNS,
    TASK_ITEMS,
    TASK_PARTS,
)

__all__ = [
    "ALL_CORPORATIONS", "ALTERNATIVES", "ALTERNATIVE_LABELS", "BASE_COLUMNS", "BASE_SCENARIO", "CAPACITY_COLUMNS",
    "FLOW_COLUMNS", "ITEM_LABELS", "NORM_IDS", "NORM_LABELS", "RATIO_COLUMNS", "REGION_NAME", "TASK_COLUMNS",
    "TASK_ITEMS", "TASK_PARTS", "PART_LABELS",
    "Assessment", "PartResult", "allocate_whole", "allocation_weights", "compute_inponding_shortfall",
    "compute_remainder", "missing_plan_parties", "remainder_units", "scope_parts", "FinanceInputs", "FinanceParams", "FinanceReference", "FinanceResult", "ModelParameters",
    "Scenario", "ScenarioResult",
    "add_flows", "alternative_packages", "analyse", "assess_corporation", "breach_flags", "check_parameters",
    "compute_buffer_sensitivity", "compute_financial_capacity", "compute_other_flows", "compute_ratios",
    "compute_scenarios", "compute_slack", "compute_task", "compute_task_flows", "compute_tornado", "cost_lookup",
    "count_task_units", "efg_improvement_years", "format_alternatives", "format_alternatives_wide",
    "format_capacity_table", "format_ratio_table", "format_task_table", "freeze_text", "gap_by_corporation", "with_scope_columns",
    "gap_text", "intro_text", "load_cost_parameters", "load_inputs", "load_norms", "load_parameters",
    "load_reference", "load_scenarios", "make_flows", "make_params", "model_parameters_from_table", "norm_label",
    "norm_limits", "parameter_value", "planned_investment", "plot_gap", "plot_ratio_paths", "plot_task_by_year",
    "plot_tornado", "price_task", "project_corporation", "reference_unit_cost", "renovation_years",
    "scenario_from_table", "scenario_table", "scope_task", "select_base", "stack_capacity", "stack_ratios",
    "summarise_task", "task_text",
]
