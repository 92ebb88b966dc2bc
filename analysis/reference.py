"""Reference data: every target, threshold, norm and parameter, each with its source.

All tables live as CSV in ``data/raw/reference/`` and every one has a non-empty ``source``
column (document and agreement number or page, or an address). Code never hard-codes a
policy figure: it asks this module.

:func:`load_table` (:mod:`analysis.reference_tables`) is the one generic loader. It checks the
columns and types that the caller declares and raises :class:`~analysis.errors.ValidationFailed`
with *every* problem found, each naming the file, the row (as numbered in a spreadsheet,
header = row 1) and the column. The typed loaders for the policy tables validate their code
lists as well as their types, and report every problem in the same way.

This module is the one door: ``from analysis import reference; reference.targets()``. The
tables live in small modules beside it:

- :mod:`analysis.reference_parties`     municipalities and corporations, names and aliases
- :mod:`analysis.reference_targets`     ``targets.csv``
- :mod:`analysis.reference_thresholds`  ``thresholds.csv`` (rent and purchase limits)
- :mod:`analysis.reference_norms`       ``financial_norms.csv``
- :mod:`analysis.reference_portfolio`   ``portfolio_projects.csv``
"""

from __future__ import annotations

from analysis.reference_norms import NORM_OPERATORS, financial_norm, financial_norms
from analysis.reference_parties import (
    corporation_aliases,
    corporation_names,
    corporations,
    municipalities,
    municipality_aliases,
    municipality_names,
)
from analysis.reference_portfolio import (
    FUNDING_COLUMNS,
    REGION_WIDE,
    portfolio_projects,
    project_corporations,
)
from analysis.reference_tables import KINDS, load_table
from analysis.reference_targets import (
    TARGET_COMPARISONS,
    TARGET_KINDS,
    TARGET_SCOPES,
    TARGET_SEGMENTS,
    TARGET_STATUSES,
    target,
    target_value,
    targets,
)
from analysis.reference_thresholds import (
    RENT_THRESHOLD_IDS,
    THRESHOLD_IDS,
    THRESHOLD_STATUSES,
    missing_thresholds,
    threshold,
    threshold_years,
    thresholds,
)

__all__ = [
    "FUNDING_COLUMNS", "KINDS", "NORM_OPERATORS", "REGION_WIDE", "RENT_THRESHOLD_IDS",
    "TARGET_COMPARISONS", "TARGET_KINDS", "TARGET_SCOPES", "TARGET_SEGMENTS", "TARGET_STATUSES",
    "THRESHOLD_IDS", "THRESHOLD_STATUSES",
    "corporation_aliases", "corporation_names", "corporations", "financial_norm",
    "financial_norms", "load_table", "missing_thresholds", "municipalities",
    "municipality_aliases", "municipality_names", "portfolio_projects", "project_corporations",
    "target", "target_value", "targets", "threshold", "threshold_years", "thresholds",
]
