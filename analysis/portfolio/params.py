"""The notebook's parameters of analysis 1 and the realisation probabilities they may override."""

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
        probability_overrides: realisation probability per plan status, replacing the
            reference value (e.g. ``{"zacht": 0.4}``).
    """

    scope_type: str = "regio"
    scope: str = REGION_NAME
    phase: str = "q3"
    n_simulations: int = DEFAULT_SIMULATIONS
    seed: int = DEFAULT_SEED
    probability_overrides: Mapping[str, float] = field(default_factory=dict)


def apply_probability_overrides(probabilities: pd.Series, overrides: Mapping[str, float] | None) -> pd.Series:
    """Return the probabilities with ``overrides`` applied and ``opgeleverd`` fixed at 1.

    Raises:
        ValueError: unknown plan status, a probability outside [0, 1], or an attempt to change
            ``opgeleverd`` (a completed dwelling is realised).
    """
    done = REALISED_STATUSES[0]
    out = probabilities.astype(float).copy()
    for status, value in dict(overrides or {}).items():
        if status not in PLAN_STATUSES:
            raise ValueError(f"onbekende planstatus '{status}' (kies uit {', '.join(PLAN_STATUSES)})")
        if status == done and float(value) != 1.0:
            raise ValueError(f"{done} is per definitie gerealiseerd: kans 1")
        if not 0.0 <= float(value) <= 1.0:
            raise ValueError(f"kans voor '{status}' moet tussen 0 en 1 liggen, niet {value}")
        out[status] = float(value)
    out[done] = 1.0
    missing = [s for s in PLAN_STATUSES if s not in out.index]
    if missing:
        raise ValueError(f"geen realisatiekans voor planstatus: {', '.join(missing)}")
    return out.reindex(list(PLAN_STATUSES))
