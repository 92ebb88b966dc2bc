"""The notebook's parameters of analysis 1 and the realisation chances per plan status they may override.

``probability_overrides`` (notebook parameter) sets, per plan status, the chance that a plan is
realised at all (on time or delayed, i.e. not dropped). In every band of years ahead the dropped
share becomes ``1 - p`` and the on-time and delayed shares are scaled to add up to ``p`` (their
ratio and the distribution of the delay stay as they were; a row without any realisation gets
``p`` on time). The shared shock is unchanged. ``{"zacht": 0.4}``: 60 % of the soft plans are
dropped. This is the knob of a sensitivity analysis ("what if fewer soft plans go ahead").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from analysis.rules.plans import PLAN_STATUSES, REALISED_STATUSES
from analysis.rules.scopes import REGION_NAME

DEFAULT_SIMULATIONS = 5000
DEFAULT_SEED = 20240531


@dataclass(frozen=True)
class PortfolioParams:
    """What a report asks of :func:`analysis.portfolio.analyse` (the notebook's parameter values).

    Attributes:
        scope_type, scope: the report's scope (canonical names, see :mod:`analysis.rules.scopes`).
        phase: ``q1`` | ``q2`` | ``q3`` (which years the report's tables emphasise).
        n_simulations, seed: the plan drop-out simulation (a fixed seed gives the same result).
        probability_overrides: chance per plan status that a plan is realised at all (not
            dropped), replacing the parameters' (e.g. ``{"zacht": 0.4}``; see the module docstring).
    """

    scope_type: str = "regio"
    scope: str = REGION_NAME
    phase: str = "q3"
    n_simulations: int = DEFAULT_SIMULATIONS
    seed: int = DEFAULT_SEED
    probability_overrides: Mapping[str, float] = field(default_factory=dict)


def check_probability_overrides(overrides: Mapping[str, float] | None) -> list[str]:
    """Every problem of ``overrides`` (Dutch): unknown plan status, outside [0, 1], ``opgeleverd`` not 1."""
    done = REALISED_STATUSES[0]
    problems = []
    for status, value in dict(overrides or {}).items():
        if status not in PLAN_STATUSES:
            problems.append(f"onbekende planstatus '{status}' (kies uit {', '.join(PLAN_STATUSES)})")
        elif status == done and float(value) != 1.0:
            problems.append(f"{done} is per definitie gerealiseerd: kans 1")
        elif not 0.0 <= float(value) <= 1.0:
            problems.append(f"kans voor '{status}' moet tussen 0 en 1 liggen, niet {value}")
    return problems


def apply_probability_overrides(parameters: pd.DataFrame, overrides: Mapping[str, float] | None) -> pd.DataFrame:
    """The outcome parameters with the realisation chance of some plan statuses set (see the module docstring).

    Args:
        parameters: outcome shares per plan status and years ahead (:mod:`analysis.forecast`).
        overrides: ``{plan_status: chance realised at all}``; ``opgeleverd`` may only be 1.

    Raises:
        ValueError: every problem of ``overrides`` (:func:`check_probability_overrides`).
    """
    problems = check_probability_overrides(overrides)
    if problems:
        raise ValueError("; ".join(problems))
    out = parameters.copy()
    for status, value in dict(overrides or {}).items():
        if status in REALISED_STATUSES:
            continue
        rows = out["plan_status"].astype(str) == status
        p = float(value)
        realised = out.loc[rows, "p_on_time"] + out.loc[rows, "p_delayed"]
        on_share = (out.loc[rows, "p_on_time"] / realised).where(realised > 0, 1.0)
        out.loc[rows, "p_on_time"] = p * on_share
        out.loc[rows, "p_delayed"] = p * (1.0 - on_share)
        out.loc[rows, "p_dropped"] = 1.0 - p
    return out

