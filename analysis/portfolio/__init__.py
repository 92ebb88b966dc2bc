"""Analysis 1: the corporations' portfolio strategy against the Woondeal targets.

Chapter 4A of the regional performance agreements 2024-2028 (agreements 1, 2, 3, 6, 7 and 8)
asks one question in several forms: will the region build what the Woondeal Limburg (9 March
2023) promised? At least 2.430 social rent dwellings 2022-2030 (1.350 of them in 2024-2028),
2.020 mid-rent or affordable purchase dwellings (and 40 % of the new-build programme in those
segments), 375 flex homes and 6.775 new dwellings in all by 2030. The targets live in
``data/raw/reference/targets.csv``.

What counts towards a target
----------------------------
The counting rule is the agreement's and lives in :mod:`analysis.rules.plans`:

* Corporation plans come from the corporations' own deliveries (sheet ``projecten``).
* Market plans come from the municipalities' plan capacity, rows with ``developer == "markt"``.
* Plan capacity rows with ``developer == "corporatie"`` are the municipality's *view* of the
  corporations' plans. They are **never added** (that would count the same project twice);
  :func:`reconcile_corporation_plans` compares them with the corporations' own figures.
* Social rent targets count corporation plans only: the Woondeal says "door woningcorporaties
  te realiseren" (agreement 1). New build, transformation, demolition-and-rebuild and inponding
  all count, as agreement 1 allows ("door woningen in te ponden"). Inponding (a purchase from a
  private owner, mutation AAP) comes from the ``mutaties`` sheet, the one place a purchase is
  reported: realised as realised, forecast as a hard plan. A purchase from another corporation
  (AAC) counts nowhere; an old ``aankoop`` project also reported as a purchase mutation counts once.
* Mid-rent/affordable purchase, flex and the total count corporation and market plans, except
  purchases (buying an existing dwelling adds nothing to the total stock).

Scopes
------
The targets are regional. Rows for a municipality or a corporation carry **no target** (NA):
no distribution key has been agreed and inventing one would suggest an obligation that does not
exist. Such rows show ``regional_target`` and ``share_of_regional_target`` (the party's
contribution) instead. A corporation's report holds its own figures: its plans, its stock
change and its own sales and additions; the agreement-7 test itself is per municipality over
all corporations together and is shown beside them, marked as regional.

Plan status and drop-out
------------------------
``opgeleverd`` is realised. ``in_aanbouw`` + ``hard`` are the hard plans, ``zacht`` + ``idee``
the soft plans. Each non-realised plan is realised on time, delayed by 1, 2 or 3+ years or
dropped, with chances per plan status and years ahead (:mod:`analysis.forecast`: the reference
defaults ``plan_outcome_parameters.csv`` or what ``rpa calibrate`` learned from the earlier
deliveries), and a shared yearly shock moves all plans of a year together. A plan is realised as
a whole or not at all. A chance of exactly 0 or 1 is shown only when the plans decide it.

Missing data is reported, never silently treated as zero (:func:`find_missing_data`).

Modules: :mod:`~analysis.portfolio.inputs` (all reading), :mod:`~analysis.portfolio.params`,
:mod:`~analysis.portfolio.targets` (afspraken 1-3), :mod:`~analysis.portfolio.dropout` (the
simulation and ``portfolio_gap``), :mod:`~analysis.portfolio.tempo`,
:mod:`~analysis.portfolio.stock` (afspraken 1, 6, 7, 8), :mod:`~analysis.portfolio.completeness`,
:mod:`~analysis.portfolio.pipeline` (:func:`analyse`), :mod:`~analysis.portfolio.text` and
:mod:`~analysis.portfolio.figures`.
"""

from analysis.portfolio.completeness import (
    delivered_parties,
    find_missing_data,
    reconcile_corporation_plans,
)
from analysis.portfolio.dropout import (
    CHANCE_COLUMNS,
    GAP_COLUMNS,
    build_portfolio_gap,
    chance_bounds,
    summarise_draws,
)
from analysis.portfolio.figures import (
    plot_contributions,
    plot_expected_band,
    plot_inponding,
    plot_status_bars,
    plot_stock_change,
    plot_tempo,
)
from analysis.portfolio.inputs import (
    PortfolioInputs,
    check_parameters,
    load_inputs,
    load_realisation_probabilities,
    load_targets,
    probability_sources,
)
from analysis.portfolio.params import (
    PortfolioParams,
    apply_probability_overrides,
    check_probability_overrides,
)
from analysis.portfolio.pipeline import (
    INPONDING_TARGET_ID,
    SALES_RULE_TARGET_ID,
    PortfolioResult,
    PortfolioResults,
    analyse,
    gap_for_output,
    run_analysis,
)
from analysis.portfolio.stock import (
    compute_inponding,
    compute_sales_vs_additions,
    compute_social_stock_change,
    summarise_inponding,
    summarise_stock_change_region,
)
from analysis.portfolio.targets import (
    SHARE_COLUMNS,
    SHARE_TARGET_ID,
    compute_programme_share,
    compute_targets_vs_plans,
    find_target,
    normalise_targets,
    select_portfolio_targets,
    summarise_by_status,
)
from analysis.portfolio.tempo import compute_pace, compute_tempo
from analysis.portfolio.text import (
    STATUS_LABELS,
    format_developer_table,
    format_gap_table,
    format_inponding_table,
    format_missing_table,
    format_pace_table,
    format_probability,
    format_probability_table,
    format_reconciliation_table,
    format_sales_table,
    format_stock_change_table,
    gap_sentences,
    inponding_sentence,
    intro_text,
    phase_intro,
    programme_share_sentence,
    remarks_text,
    sales_sentence,
    select_phase_years,
    target_label,
)
from analysis.rules.plans import (
    COUNTED_AS_INPONDING,
    DEMOLITION,
    HARD_STATUSES,
    INPONDING,
    LIBERALISATION,
    PLAN_STATUSES,
    PURCHASE_FROM_CORPORATION,
    REALISED_STATUSES,
    SALES_THIRD_PARTY,
    SALES_TO_CORPORATION,
    SEGMENT_DEVELOPERS,
    SEGMENT_GROUPS,
    SEGMENT_LABELS,
    SEGMENT_PROJECT_TYPES,
    SEGMENT_TOTAL,
    SOFT_STATUSES,
    TOTAL_ALIASES,
    combine_plans,
    mutation_years_covered,
    plans_counting_for,
)
from analysis.rules.scopes import PHASES, REGION_NAME, SCOPE_TYPES, SCOPE_WORDS, scope_mask
from analysis.rules.scopes import scope_frame as default_scopes
from analysis.rules.scopes import select_scope_rows as filter_scope

__all__ = [
    "CHANCE_COLUMNS", "COUNTED_AS_INPONDING", "DEMOLITION", "GAP_COLUMNS", "HARD_STATUSES", "INPONDING", "INPONDING_TARGET_ID", "LIBERALISATION", "PHASES",
    "PLAN_STATUSES", "PURCHASE_FROM_CORPORATION", "REALISED_STATUSES", "REGION_NAME", "SALES_RULE_TARGET_ID", "SALES_THIRD_PARTY",
    "SALES_TO_CORPORATION", "SCOPE_TYPES", "SCOPE_WORDS", "SEGMENT_DEVELOPERS", "SEGMENT_GROUPS", "SEGMENT_LABELS",
    "SEGMENT_PROJECT_TYPES", "SEGMENT_TOTAL", "SHARE_COLUMNS", "SHARE_TARGET_ID", "SOFT_STATUSES", "STATUS_LABELS",
    "TOTAL_ALIASES", "PortfolioInputs", "PortfolioParams", "PortfolioResult", "PortfolioResults", "analyse",
    "apply_probability_overrides", "build_portfolio_gap", "chance_bounds", "check_parameters",
    "check_probability_overrides", "combine_plans", "compute_inponding",
    "compute_pace", "compute_programme_share", "compute_sales_vs_additions", "compute_social_stock_change",
    "compute_targets_vs_plans", "compute_tempo", "default_scopes", "delivered_parties", "filter_scope",
    "find_missing_data", "find_target", "format_developer_table", "format_gap_table", "format_inponding_table",
    "format_missing_table", "format_pace_table", "format_probability", "format_probability_table",
    "format_reconciliation_table", "format_sales_table", "format_stock_change_table", "gap_for_output",
    "gap_sentences", "inponding_sentence", "intro_text", "load_inputs", "load_realisation_probabilities",
    "load_targets", "mutation_years_covered", "normalise_targets", "phase_intro",
    "plans_counting_for", "plot_contributions", "plot_expected_band", "plot_inponding", "plot_status_bars",
    "plot_stock_change", "plot_tempo", "probability_sources", "programme_share_sentence", "reconcile_corporation_plans",
    "remarks_text", "run_analysis", "sales_sentence", "scope_mask", "select_phase_years", "select_portfolio_targets",
    "summarise_by_status", "summarise_draws", "summarise_inponding",
    "summarise_stock_change_region", "target_label",
]
