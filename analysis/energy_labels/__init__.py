"""Analysis 3: phase-out of energy labels E, F and G by 2028 and the road to gas-free (afspraak 11).

Domain
------
Under the Nationale Prestatieafspraken (summarised in the annex of the Parkstad agreement) every
corporation dwelling with label E, F or G must be improved by the end of 2028; monuments and
dwellings to be demolished within five years are exempt. The rule itself (labels, deadline,
exemptions, which measure counts) lives in :mod:`analysis.rules.efg`, shared with the monitor and
the finance analysis. The corporations deliver a dwelling register (``voorraad``, one row per VHE
as at 1 January of the reporting year) with, per dwelling, at most one planned measure
(``sloop``, ``renovatie``, ``verduurzaming`` or ``verkoop``), the year of that measure and, for an
improvement, the label after it.

From that register this package derives, for every year from the reporting year to the horizon
(2030), how many of the EFG dwellings at the start are still EFG at the end of the year and not
exempt (``efg_remaining``), exempt, improved out of EFG or demolished. The four always add up to
the EFG stock at the start. A measure that leaves the label in E, F or G keeps the dwelling in
``efg_remaining``, and so does a sale: a sale is not an improvement (afspraak 7), the dwelling is
shown as sold without improvement (``sold``, part of ``efg_remaining``) and is not still to
improve. The pace compares the improvements needed per year to reach zero by the end
of the deadline year with those planned, and gives a verdict (op koers / risico / achter) by the
rule in ``data/raw/reference/energy_rules.csv`` (documented in docs/assumptions/energy_labels.md).
:func:`compute_efg_headline` gives the key figures per scope (EFG now, exempt, left at the
deadline, still to improve) that the monitor and the finance analysis use as well.

Bad input (a measure in a year before the reporting year while the label is still EFG or the
dwelling is still in the register, a label after the measure worse than before, a measure
without year or label after) is found by :func:`analysis.rules.efg.measure_problems`; the measure
of such a dwelling is ignored, so the dwelling is counted as it stands in the register (never
silently as improved, demolished or sold). The sender hears about each dwelling through the
delivery validation (:mod:`analysis.deliveries.register_checks`); the report shows counts per
corporation only (:func:`summarise_data_problems`).

Gas-free and toekomstklaar: see :mod:`analysis.energy_labels.future`.

Scope honesty: a corporation's report shows its own dwellings (split per municipality), a
municipality's report the corporation dwellings in that municipality (split per corporation); see
:mod:`analysis.energy_labels.analyse`.

Scale
-----
Everything is vectorised (numpy/pandas, no per-row Python). The register is first reduced to
*cells*: counts of dwellings per combination of the few attributes that matter
(:func:`summarise_cells`). Cells are additive, so a register too large for memory is processed
in chunks whose cells are summed (:func:`combine_cells`); every result is computed from cells.

Layout
------
``inputs`` (all reading), ``cells``, ``trajectory``, ``headline``, ``labels``, ``future``,
``register`` (checks and data problems), ``analyse`` (one pure call for the notebook), ``text``
(Dutch sentences and display tables), ``figures``.
"""

from __future__ import annotations

from analysis.rules.efg import (
    DEMOLITION,
    EVENT_DEMOLISHED,
    EVENT_IMPROVED,
    EVENT_IMPROVED_STILL_EFG,
    EVENT_NONE,
    EVENT_SOLD,
    EVENTS,
    EXEMPT_DEMOLITION,
    EXEMPT_MONUMENT,
    EXEMPT_NONE,
    EXEMPT_REASONS,
    EXIT_EVENTS,
    GAS_FREE_PLANS,
    IMPROVEMENT_MEASURES,
    LABEL_ORDER,
    MEASURE_CODES,
    OPTIONAL_REGISTER_COLUMNS,
    PROBLEMS,
    RAW_CELL_COLUMNS,
    SALE,
    TARGET_EXEMPT_DEMOLITION,
    TARGET_EXEMPT_MONUMENTS,
    TARGET_PHASE_OUT,
    WEIGHT,
    EnergyRules,
    classify_dwellings,
    load_rules,
    measure_problems,
    to_improve_mask,
)
from analysis.rules.scopes import select_scope_rows as filter_scope

from .analyse import PART_TYPES, REGIONAL_MAP, EnergyParams, EnergyResult, analyse
from .cells import CELL_KEYS, SCOPE_ORDER, combine_cells, compute_cells, summarise_cells
from .figures import plot_efg_map, plot_future, plot_label_bars, plot_trajectory, plot_trajectory_by
from .future import compute_future_stock, summarise_gas_free_plans
from .headline import HEADLINE_COLUMNS, compute_efg_headline
from .inputs import EnergyInputs, check_parameters, load_clauses, load_inputs
from .labels import (
    EFG_SHARE_COLUMNS,
    compute_efg_share_by_municipality,
    compute_label_distribution,
    compute_label_totals,
    summarise_accessibility,
    summarise_efg_share,
)
from .register import REGISTER_COLUMNS, check_register, find_data_problems, summarise_data_problems
from .text import (
    DUTCH_HEADERS,
    display_future,
    display_headline,
    display_pace,
    display_problems,
    display_trajectory,
    text_clauses,
    text_gas_free,
    text_intro,
    text_problems,
    text_verdict_rule,
)
from .trajectory import (
    TRAJECTORY_COLUMNS,
    VERDICTS,
    classify_verdict,
    compute_efg_trajectory,
    compute_pace,
    compute_trajectory,
    summarise_pace,
)

__all__ = [
    # the EFG rule (analysis.rules.efg)
    "DEMOLITION", "EVENT_DEMOLISHED", "EVENT_IMPROVED", "EVENT_IMPROVED_STILL_EFG", "EVENT_NONE",
    "EVENT_SOLD", "EVENTS", "EXEMPT_DEMOLITION", "EXEMPT_MONUMENT", "EXEMPT_NONE", "EXEMPT_REASONS",
    "EXIT_EVENTS", "GAS_FREE_PLANS", "IMPROVEMENT_MEASURES", "LABEL_ORDER", "MEASURE_CODES",
    "OPTIONAL_REGISTER_COLUMNS", "PROBLEMS", "RAW_CELL_COLUMNS", "SALE", "TARGET_EXEMPT_DEMOLITION",
    "TARGET_EXEMPT_MONUMENTS", "TARGET_PHASE_OUT", "WEIGHT", "EnergyRules", "classify_dwellings",
    "load_rules", "measure_problems", "to_improve_mask",
    # scopes
    "filter_scope",
    # this package
    "CELL_KEYS", "DUTCH_HEADERS", "EFG_SHARE_COLUMNS", "HEADLINE_COLUMNS", "PART_TYPES", "REGIONAL_MAP",
    "REGISTER_COLUMNS", "SCOPE_ORDER", "TRAJECTORY_COLUMNS", "VERDICTS",
    "EnergyInputs", "EnergyParams", "EnergyResult",
    "analyse", "check_parameters", "check_register", "classify_verdict", "combine_cells", "compute_cells",
    "compute_efg_headline", "compute_efg_share_by_municipality", "compute_efg_trajectory",
    "compute_future_stock", "compute_label_distribution", "compute_label_totals", "compute_pace",
    "compute_trajectory", "display_future", "display_headline", "display_pace", "display_problems",
    "display_trajectory", "find_data_problems", "load_clauses", "load_inputs", "plot_efg_map",
    "plot_future", "plot_label_bars", "plot_trajectory", "plot_trajectory_by", "summarise_accessibility",
    "summarise_cells", "summarise_data_problems", "summarise_efg_share", "summarise_gas_free_plans",
    "summarise_pace", "text_clauses", "text_gas_free", "text_intro", "text_problems", "text_verdict_rule",
]
