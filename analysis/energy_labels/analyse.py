"""One call for the notebook: every result of analysis 3 for one report, computed once from cells.

Scope honesty: the figures of a report are the figures of its scope. A corporation's report shows
that corporation's dwellings, split per municipality; a municipality's report the corporation
dwellings in that municipality, split per corporation; the region's report every corporation and
every municipality. The only regional element in a party's report is the EFG map of a
municipality's report (all municipalities, all corporations together, the municipality
highlighted), and it is marked so (:data:`REGIONAL_MAP`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.rules.efg import WEIGHT, EnergyRules
from analysis.rules.scopes import REGION_NAME, filter_to_scope, is_region, select_scope_rows

from .cells import compute_cells
from .future import compute_future_stock, summarise_gas_free_plans
from .headline import compute_efg_headline
from .inputs import EnergyInputs
from .labels import compute_label_distribution, compute_label_totals, summarise_efg_share
from .register import find_data_problems, summarise_data_problems
from .trajectory import TRAJECTORY_COLUMNS, compute_pace, compute_trajectory, summarise_pace

#: Per report scope type, how its own dwellings are split in the pace table and lines.
PART_TYPES: dict[str, tuple[str, ...]] = {
    "regio": ("corporatie", "gemeente"), "corporatie": ("gemeente",), "gemeente": ("corporatie",)}
#: How the EFG map of all municipalities is marked in a municipality's report.
REGIONAL_MAP = "alle corporaties samen"


@dataclass(frozen=True)
class EnergyParams:
    """The report's scope (validated by :func:`analysis.energy_labels.check_parameters`)."""

    scope_type: str = "regio"
    scope: str = REGION_NAME


@dataclass
class EnergyResult:
    """Everything the notebook shows (all frames computed once from the register's cells)."""

    year: int
    scope_type: str
    scope: str
    rules: EnergyRules
    n_stock: int                       # dwellings of the scope at 1 January
    efg_trajectory: pd.DataFrame       # headline: all scopes (regio) or the report's scope
    trajectory: pd.DataFrame           # all scopes, with efg_start / efg_remaining_start
    headline: pd.DataFrame             # compute_efg_headline, all scopes
    efg_kerncijfers: pd.DataFrame      # headline rows of the report's scope
    pace: pd.DataFrame                 # one row per scope (all scopes)
    part_types: tuple[str, ...]        # how the scope's own dwellings are split (PART_TYPES)
    part_trajectory: pd.DataFrame      # trajectory of the scope's dwellings per part
    part_pace: pd.DataFrame            # one row per part
    label_totals: pd.DataFrame         # scope x label (all scopes)
    label_distribution: pd.DataFrame   # corporation x municipality x label (within scope)
    future_stock: pd.DataFrame         # toekomstklaar / gas-free per scope and year
    gas_free_plans: pd.DataFrame       # counted improvements by gas-free plan, per scope
    efg_share: pd.DataFrame            # the EFG map: per municipality (EFG_SHARE_COLUMNS)
    efg_share_regional: str | None     # None, or the words that say the map is regional
    clauses: pd.DataFrame
    problems_summary: pd.DataFrame     # counts per corporation and problem
    n_problem_dwellings: int           # dwellings of the scope whose measure is ignored
    missing_registers: tuple[str, ...] = ()  # corporations of the agreement without a register


def compute_part_trajectory(scope_cells: pd.DataFrame, year: int, rules: EnergyRules,
                            part_types: tuple[str, ...]) -> pd.DataFrame:
    """The trajectory with pace of a scope's own dwellings, only the rows of ``part_types``."""
    t = compute_pace(compute_trajectory(scope_cells, year, rules), year, rules)
    return t[t["scope_type"].isin(part_types)].reset_index(drop=True)


def analyse(inputs: EnergyInputs, params: EnergyParams) -> EnergyResult:
    """Compute every result of analysis 3 for one report (pure: no I/O, deterministic)."""
    year, rules, scope_type, scope = inputs.year, inputs.rules, params.scope_type, params.scope
    cells = compute_cells(inputs.stock, year, rules)
    scope_cells = filter_to_scope(cells, scope_type, scope)
    in_scope = filter_to_scope(inputs.stock, scope_type, scope)
    trajectory = compute_pace(compute_trajectory(cells, year, rules), year, rules)
    headline = compute_efg_headline(cells, year, rules)
    part_types = PART_TYPES[scope_type]
    part = compute_part_trajectory(scope_cells, year, rules, part_types)
    efg_trajectory = trajectory[list(TRAJECTORY_COLUMNS)]
    if not is_region(scope_type):
        efg_trajectory = select_scope_rows(efg_trajectory, scope_type, scope)
    own_map = scope_type == "corporatie"
    share = (summarise_efg_share(scope_cells, scope_type, scope) if own_map
             else summarise_efg_share(cells))
    problems = find_data_problems(in_scope, year, rules)
    return EnergyResult(
        year=year, scope_type=scope_type, scope=scope, rules=rules, n_stock=len(in_scope),
        efg_trajectory=efg_trajectory, trajectory=trajectory, headline=headline,
        efg_kerncijfers=select_scope_rows(headline, scope_type, scope),
        pace=summarise_pace(trajectory, year, rules),
        part_types=part_types, part_trajectory=part, part_pace=summarise_pace(part, year, rules),
        label_totals=compute_label_totals(cells), label_distribution=compute_label_distribution(scope_cells),
        future_stock=compute_future_stock(cells, year, rules), gas_free_plans=summarise_gas_free_plans(cells),
        efg_share=share,
        efg_share_regional=REGIONAL_MAP if scope_type == "gemeente" else None,
        clauses=inputs.clauses,
        problems_summary=summarise_data_problems(problems),
        n_problem_dwellings=int(scope_cells.loc[scope_cells["data_problem"].astype(bool), WEIGHT].sum()),
        missing_registers=tuple(sorted(set(inputs.corporations) - set(inputs.stock["corporation"].dropna()))),
    )
