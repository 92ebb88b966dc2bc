"""The parameters of the finance model: scenarios, model constants and the notebook's choices.

Scenario rows (``finance_scenarios.csv``) become :class:`Scenario`; the model constants of
``finance_parameters.csv`` become :class:`ModelParameters`; the notebook's parameters are
validated by :func:`check_parameters` and kept in :class:`FinanceParams`. The EFG deadline is
not a finance parameter: it is the EFG rule's (:attr:`analysis.rules.efg.EnergyRules.deadline_year`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from analysis.rules.scopes import check_phase, check_scope

from .inputs import FinanceReference

#: Horizons the projection offers (the deliveries run to 2030; the revised NPA to 2035).
HORIZONS: tuple[int, ...] = (2030, 2035)


def parameter_value(parameters: pd.DataFrame, name: str, segment: str | None = None) -> float:
    """One value of ``finance_parameters.csv``; raises KeyError (Dutch) when absent."""
    rows = parameters[parameters["parameter"] == name]
    if segment is not None:
        rows = rows[rows["segment"].fillna("") == segment]
    if rows.empty:
        what = f"{name} ({segment})" if segment else name
        raise KeyError(f"parameter '{what}' ontbreekt in finance_parameters.csv")
    return float(rows["value"].iloc[0])


@dataclass(frozen=True)
class Scenario:
    """One row of ``finance_scenarios.csv``."""

    name: str
    interest_rate: float
    cost_growth_per_year: float
    rent_growth_per_year: float
    rent_freeze_first_year: int | None = None
    rent_freeze_last_year: int | None = None
    label_nl: str = ""
    what_if: bool = False

    def rent_growth(self, year: int) -> float:
        """Rent growth in ``year``: zero in freeze years, else the scenario's growth."""
        first, last = self.rent_freeze_first_year, self.rent_freeze_last_year
        if first is not None and first <= year <= (last if last is not None else first):
            return 0.0
        return self.rent_growth_per_year


def _opt_int(v) -> int | None:
    return None if v is None or pd.isna(v) else int(v)


def scenario_from_table(scenarios: pd.DataFrame, name: str) -> Scenario:
    """The :class:`Scenario` called ``name``; ValueError (Dutch) listing the valid names."""
    rows = scenarios[scenarios["scenario"] == name]
    if rows.empty:
        raise ValueError(f"Onbekend scenario '{name}'; kies uit: {', '.join(scenarios['scenario'])}.")
    r = rows.iloc[0]
    return Scenario(
        name=str(r["scenario"]),
        interest_rate=float(r["interest_rate"]),
        cost_growth_per_year=float(r["cost_growth_per_year"]),
        rent_growth_per_year=float(r["rent_growth_per_year"]),
        rent_freeze_first_year=_opt_int(r["rent_freeze_first_year"]),
        rent_freeze_last_year=_opt_int(r["rent_freeze_last_year"]),
        label_nl=str(r["label_nl"]),
        what_if=bool(r["what_if"]),
    )


@dataclass(frozen=True)
class ModelParameters:
    """The non-scenario parameters of the model (from ``finance_parameters.csv``).

    The ``*_added`` dicts are keyed by segment code and ``"inponding"``.
    """

    refinance_share_per_year: float
    cost_index_historic_per_year: float
    committed_other_investment_share: float = 1.0
    ocf_added: Mapping[str, float] = field(default_factory=dict)
    policy_value_added: Mapping[str, float] = field(default_factory=dict)
    market_value_added: Mapping[str, float] = field(default_factory=dict)
    sale_proceeds: Mapping[str, float] = field(default_factory=dict)


def _by_segment(parameters: pd.DataFrame, name: str) -> dict[str, float]:
    rows = parameters[parameters["parameter"] == name]
    return {str(s): float(v) for s, v in zip(rows["segment"], rows["value"], strict=True) if not pd.isna(s)}


def model_parameters_from_table(parameters: pd.DataFrame) -> ModelParameters:
    """Build :class:`ModelParameters` from ``finance_parameters.csv``."""
    return ModelParameters(
        refinance_share_per_year=parameter_value(parameters, "refinance_share_per_year"),
        cost_index_historic_per_year=parameter_value(parameters, "cost_index_historic_per_year"),
        committed_other_investment_share=parameter_value(parameters, "committed_other_investment_share"),
        ocf_added=_by_segment(parameters, "ocf_added_per_dwelling_eur"),
        policy_value_added=_by_segment(parameters, "policy_value_added_per_dwelling_eur"),
        market_value_added=_by_segment(parameters, "market_value_added_per_dwelling_eur"),
        sale_proceeds=_by_segment(parameters, "sale_proceeds_per_dwelling_eur"),
    )


def check_parameters(
    year: int, phase: str, scope_type: str, scope: str, scenario: str,
    buffer: float | None, horizon: int, ref: FinanceReference,
) -> tuple[str, float, int]:
    """Validate the notebook's parameters; return (canonical scope, buffer, horizon).

    ``buffer=None`` or a negative buffer takes ``buffer_default`` from ``finance_parameters.csv``. A municipality
    scope is refused: a balance sheet, and so the financial room, belongs to a corporation.

    Raises:
        ValueError: (Dutch) naming what is wrong and the valid choices.
    """
    check_phase(phase)
    if scope_type == "gemeente":
        raise ValueError(
            "De financiële ruimte bestaat per corporatie (één balans, één set leningen), niet per "
            "gemeente. Kies scope_type 'regio' (alle corporaties) of 'corporatie'."
        )
    canonical = check_scope(scope_type, scope)
    scenario_from_table(ref.scenarios, scenario)
    if buffer is None or float(buffer) < 0:
        buffer = parameter_value(ref.parameters, "buffer_default")
    buffer = float(buffer)
    if not 0.0 <= buffer < 1.0:
        raise ValueError(f"buffer moet een fractie tussen 0 en 1 zijn (bijv. 0.1 = 10 % van elke norm af); niet {buffer}.")
    if int(horizon) not in HORIZONS:
        raise ValueError(f"horizon moet {' of '.join(str(h) for h in HORIZONS)} zijn, niet {horizon}.")
    if int(horizon) <= int(year) - 1:
        raise ValueError(f"horizon {horizon} ligt niet na het startjaar {int(year) - 1}.")
    return canonical, buffer, int(horizon)


@dataclass(frozen=True)
class FinanceParams:
    """The notebook's choices, validated: scope, scenario, buffer and horizon."""

    phase: str
    scope_type: str
    scope: str
    scenario: str
    buffer: float
    horizon: int

    @property
    def is_region(self) -> bool:
        """True for the region report (all corporations)."""
        return self.scope_type == "regio"


def make_params(year: int, phase: str, scope_type: str, scope: str, scenario: str, buffer: float | None,
                horizon: int, ref: FinanceReference) -> FinanceParams:
    """:func:`check_parameters`, returned as :class:`FinanceParams`."""
    canonical, buf, hor = check_parameters(year, phase, scope_type, scope, scenario, buffer, horizon, ref)
    return FinanceParams(phase=phase, scope_type=scope_type, scope=canonical, scenario=scenario, buffer=buf,
                         horizon=hor)
