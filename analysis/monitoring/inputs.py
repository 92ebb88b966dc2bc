"""All reading for the monitor: processed deliveries (this year and last) and reference tables."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd


def load_status_rules(directory=None) -> dict[str, float]:
    """The status thresholds from ``monitoring_status_rules.csv`` (rule_id -> value)."""
    from analysis.reference import load_table

    frame = load_table("monitoring_status_rules",
                       {"rule_id": "str", "value": "float", "unit": "str", "description_nl": "str"},
                       directory=directory)
    return {str(r.rule_id): float(r.value) for r in frame.itertuples()}


@dataclass(frozen=True)
class MonitorInputs:
    """Everything the monitor reads (``previous`` is None without a delivery of ``year - 1``)."""

    year: int
    data: object
    previous: object | None
    targets: pd.DataFrame
    status_rules: dict
    efg_rules: object
    portfolio: pd.DataFrame
    project_corporations: pd.DataFrame
    social_stock: object = None  # analysis.social_stock.SocialStockInputs (afspraak 7, 14, NPA, chapter 5)


def load_inputs(year: int, data_dir: str | Path | None = None) -> MonitorInputs:
    """Load the processed deliveries of ``year`` (and ``year - 1`` when there) and the reference data."""
    from analysis import processed, reference, social_stock
    from analysis.rules import efg

    data_dir = data_dir or None
    data = processed.load(year, data_dir)
    previous = processed.load(year - 1, data_dir) if (year - 1) in processed.available_years(data_dir) else None
    return MonitorInputs(year=year, data=data, previous=previous, targets=reference.targets(),
                         status_rules=load_status_rules(), efg_rules=efg.load_rules(),
                         portfolio=reference.portfolio_projects(),
                         project_corporations=reference.project_corporations(),
                         social_stock=social_stock.load_inputs(year, data=data))


def check_parameters(year: int, phase: str, scope_type: str, scope: str) -> str:
    """Validate the notebook parameters; return the canonical scope (the monitor is regional only)."""
    from analysis.rules.scopes import check_phase, check_scope

    check_phase(phase)
    scope = check_scope(scope_type, scope)
    if scope_type != "regio":
        raise ValueError("De monitor is er alleen voor de hele regio: kies scope_type 'regio'.")
    return scope
