"""Everything analysis 3 reads: the dwelling register, the EFG rule and the energy clauses.

This is the only module of the package that reads files: the processed register
(:func:`analysis.processed.load`), the rule (:func:`analysis.rules.efg.load_rules`, from
``targets.csv`` and ``energy_rules.csv``) and the agreement's energy clauses
(``energy_clauses.csv``). The computation (:func:`analysis.energy_labels.analyse`) takes the
:class:`EnergyInputs` and does no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import processed, reference, schemas
from analysis.rules.efg import EnergyRules, load_rules
from analysis.rules.scopes import check_phase, check_scope

CLAUSE_COLUMNS = {"clause_id": "str", "agreement_text": "str", "agreement_source": "str", "status": "str",
                  "status_date": "str"}


@dataclass(frozen=True)
class EnergyInputs:
    """The inputs of one energy report.

    Attributes:
        year: reporting year (the register is the stock at 1 January of this year).
        stock: the processed ``voorraad`` (one row per dwelling, all corporations).
        rules: the EFG rule, exemptions and verdict thresholds.
        clauses: the agreement's energy clauses with their current status.
        example_data: True when the deliveries are illustrative example data.
        corporations: the corporations of the agreement (the report names those without a
            register); empty: only the corporations in the register are known.
    """

    year: int
    stock: pd.DataFrame
    rules: EnergyRules
    clauses: pd.DataFrame
    example_data: bool = False
    corporations: tuple[str, ...] = ()


def load_clauses(directory: str | Path | None = None) -> pd.DataFrame:
    """The agreement's energy clauses with their current status (``energy_clauses.csv``)."""
    return reference.load_table("energy_clauses", CLAUSE_COLUMNS,
                                directory=Path(directory) if directory else None)


def load_inputs(year: int, data_dir: str | Path | None = None,
                reference_dir: str | Path | None = None) -> EnergyInputs:
    """Read the register of ``year`` (``data_dir``, default ``data/processed``) and the rules.

    Args:
        year: reporting year (delivery year).
        data_dir: processed data root; empty or None means ``data/processed``.
        reference_dir: folder of the reference tables; None means ``data/raw/reference``.
    """
    data = processed.load(year, data_dir or None)
    return EnergyInputs(year=year, stock=data.stock, rules=load_rules(reference_dir),
                        clauses=load_clauses(reference_dir), example_data=bool(data.example_data),
                        corporations=tuple(reference.corporation_names()))


def check_parameters(year: int, phase: str, scope_type: str, scope: str) -> str:
    """Validate the notebook parameters; return the canonical scope name.

    Raises:
        ValueError: (Dutch) for an unknown phase, scope type or scope, or an implausible year.
    """
    if not isinstance(year, int) or not schemas.YEAR_MIN <= year <= schemas.YEAR_MAX:
        raise ValueError(f"Ongeldig rapportagejaar: {year!r}.")
    check_phase(phase)
    return check_scope(scope_type, scope)
