"""Everything the finance analysis reads: processed deliveries, its reference tables and the EFG rule.

This is the only module of :mod:`analysis.finance` that opens a file. The computations receive
the frames and tables loaded here (:class:`FinanceInputs`, :class:`FinanceReference`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis import portfolio, processed, reference
from analysis.rules import efg


def _dir(directory: str | Path | None) -> Path | None:
    return Path(directory) if directory else None


def load_cost_parameters(directory: str | Path | None = None) -> pd.DataFrame:
    """``finance_cost_parameters.csv``: reference cost per unit of each task item, with price year."""
    return reference.load_table(
        "finance_cost_parameters",
        {"cost_id": "str", "item": "str", "segment": "str", "value_eur": "float", "price_year": "year",
         "unit": "str", "used_in_model": "bool", "description_nl": "str"},
        optional=("segment",),
        directory=_dir(directory),
    )


def load_scenarios(directory: str | Path | None = None) -> pd.DataFrame:
    """``finance_scenarios.csv``: interest rate, cost growth and rent growth per scenario."""
    return reference.load_table(
        "finance_scenarios",
        {"scenario": "str", "label_nl": "str", "interest_rate": "float", "cost_growth_per_year": "float",
         "rent_growth_per_year": "float", "rent_freeze_first_year": "year", "rent_freeze_last_year": "year",
         "sensitivity_group": "str", "sensitivity_side": "str", "what_if": "bool", "description_nl": "str"},
        optional=("rent_freeze_first_year", "rent_freeze_last_year", "sensitivity_group", "sensitivity_side"),
        directory=_dir(directory),
    )


def load_parameters(directory: str | Path | None = None) -> pd.DataFrame:
    """``finance_parameters.csv``: buffer, refinancing, indexation and value added per dwelling."""
    return reference.load_table(
        "finance_parameters",
        {"parameter": "str", "segment": "str", "value": "float", "unit": "str", "description_nl": "str"},
        optional=("segment",),
        directory=_dir(directory),
    )


def load_norms(directory: str | Path | None = None) -> pd.DataFrame:
    """``financial_norms.csv`` via :func:`analysis.reference.financial_norms`: norm_id, operator, value."""
    return reference.financial_norms(str(directory) if directory else None)


@dataclass(frozen=True)
class FinanceReference:
    """All reference data the model uses (so computations never do I/O).

    ``efg_rules`` is the one EFG rule (:func:`analysis.rules.efg.load_rules`): which dwellings
    the task must improve and by which deadline. ``targets`` are the agreement's targets
    (:func:`analysis.portfolio.load_targets`), for the restopgave; None: no restopgave.
    ``corporations`` and ``municipalities`` are the parties of the agreement (whose plans the
    restopgave should count; the report names those that did not deliver).
    """

    costs: pd.DataFrame
    scenarios: pd.DataFrame
    parameters: pd.DataFrame
    norms: pd.DataFrame
    efg_rules: efg.EnergyRules
    targets: pd.DataFrame | None = None
    corporations: tuple[str, ...] = ()
    municipalities: tuple[str, ...] = ()


def load_reference(directory: str | Path | None = None) -> FinanceReference:
    """Load the four reference tables of this analysis, the EFG rule and the targets."""
    return FinanceReference(
        costs=load_cost_parameters(directory),
        scenarios=load_scenarios(directory),
        parameters=load_parameters(directory),
        norms=load_norms(directory),
        efg_rules=efg.load_rules(directory),
        targets=portfolio.load_targets(_dir(directory)),
        corporations=tuple(reference.corporation_names()),
        municipalities=tuple(reference.municipality_names()),
    )


@dataclass(frozen=True)
class FinanceInputs:
    """The deliveries of one year and the reference data: everything :func:`analyse` needs.

    ``plan_capacity`` (the municipalities' market plans) serves the restopgave only: with the
    corporations' projects it is what the portfolio counts against the targets; the deliveries
    tables say who delivered (whose plans may be missing from that count).
    """

    year: int
    example_data: bool
    projects: pd.DataFrame
    mutations: pd.DataFrame
    stock: pd.DataFrame
    finances: pd.DataFrame
    ref: FinanceReference
    plan_capacity: pd.DataFrame = field(default_factory=pd.DataFrame)
    deliveries_corporation: pd.DataFrame = field(default_factory=pd.DataFrame)
    deliveries_municipality: pd.DataFrame = field(default_factory=pd.DataFrame)


def load_inputs(year: int, data_dir: str | Path | None = None,
                reference_dir: str | Path | None = None) -> FinanceInputs:
    """Read the processed deliveries of ``year`` and all reference data of the analysis.

    Args:
        year: the delivery (reporting) year.
        data_dir: processed data root; empty or None is ``data/processed``.
        reference_dir: reference tables folder; None is ``data/raw/reference``.
    """
    data = processed.load(int(year), data_dir or None)
    return FinanceInputs(
        year=int(year), example_data=bool(data.example_data), projects=data.projects,
        mutations=data.mutations, stock=data.stock, finances=data.finances, ref=load_reference(reference_dir),
        plan_capacity=data.plan_capacity, deliveries_corporation=data.deliveries_corporation,
        deliveries_municipality=data.deliveries_municipality,
    )
