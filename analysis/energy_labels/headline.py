"""The EFG key figures: one row per scope, for the energy report, the monitor and the finance task.

:func:`compute_efg_headline` is the one place where "how many EFG dwellings are there, how many
are exempt, how many are left at the deadline and how many must still be improved" is counted.
The monitor (interim overview) and the finance analysis (the price of the EFG task) call it, so
the three reports cannot disagree on these numbers.
"""

from __future__ import annotations

import pandas as pd

from analysis.rules.efg import WEIGHT, EnergyRules, to_improve_mask

from .cells import sum_by_scope
from .trajectory import SCOPE_KEYS, STATE_COLUMNS, compute_trajectory, state_at_deadline

#: Columns of :func:`compute_efg_headline` (and of the published table ``efg_kerncijfers``).
HEADLINE_COLUMNS = (
    "scope_type", "scope", "efg_start", "exempt_now", "efg_now", "efg_remaining_deadline",
    "exempt_deadline", "improved_deadline", "demolished_deadline", "sold_deadline", "to_improve",
)


def compute_efg_headline(cells: pd.DataFrame, year: int, rules: EnergyRules) -> pd.DataFrame:
    """EFG key figures per scope (region, corporations, municipalities; as ``efg_trajectory``).

    Args:
        cells: :func:`analysis.energy_labels.compute_cells` of the register at 1 January ``year``.
        year: reporting year.
        rules: the EFG rule (:func:`analysis.rules.efg.load_rules`).

    Returns:
        Exactly :data:`HEADLINE_COLUMNS` (integers; one row per scope with EFG dwellings, in the
        scopes and order of ``efg_trajectory``):

        - ``efg_start``: dwellings with an EFG label at 1 January ``year``;
        - ``exempt_now``: of those, exempt (monument, demolition within the window);
        - ``efg_now``: ``efg_start - exempt_now``, the task at the start;
        - ``efg_remaining_deadline``, ``exempt_deadline``, ``improved_deadline``,
          ``demolished_deadline``, ``sold_deadline``: the trajectory at the end of
          ``rules.deadline_year`` as planned (at the start when the deadline has passed);
        - ``to_improve``: EFG, not exempt and not demolished or sold by the end of the deadline
          year (:func:`analysis.rules.efg.to_improve_mask`): the improvements still to pay for.
    """
    trajectory = compute_trajectory(cells, year, rules)
    if trajectory.empty:
        return pd.DataFrame({c: pd.Series([], dtype="str" if c in SCOPE_KEYS else "int64")
                             for c in HEADLINE_COLUMNS})
    first = trajectory.groupby(SCOPE_KEYS, sort=False)[["efg_start", "efg_remaining_start"]].first()
    out = pd.DataFrame({
        "efg_start": first["efg_start"],
        "exempt_now": first["efg_start"] - first["efg_remaining_start"],
        "efg_now": first["efg_remaining_start"],
    })
    deadline = state_at_deadline(trajectory, year, rules)
    for c in STATE_COLUMNS:
        out[f"{c}_deadline"] = deadline[c]
    task = cells[to_improve_mask(cells, rules).to_numpy()]
    to_improve = sum_by_scope(task, [WEIGHT]).set_index(SCOPE_KEYS)[WEIGHT]
    out["to_improve"] = to_improve.reindex(out.index).fillna(0)
    out = out.reset_index()[list(HEADLINE_COLUMNS)]
    return out.astype({c: "int64" for c in HEADLINE_COLUMNS[2:]})
