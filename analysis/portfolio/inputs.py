"""Everything analysis 1 reads: the deliveries of one year and the reference tables it needs.

This is the only module of the package that reads files: the processed deliveries
(:func:`analysis.processed.load`), the Woondeal targets and the realisation probabilities per
plan status (:mod:`analysis.reference`), and the names of the municipalities and corporations.
The computation (:func:`analysis.portfolio.analyse`) takes a :class:`PortfolioInputs` and does
no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import processed, reference
from analysis.portfolio.params import apply_probability_overrides
from analysis.portfolio.targets import normalise_targets
from analysis.rules.plans import PLAN_STATUSES
from analysis.rules.scopes import PHASES, REGION_NAME, SCOPE_TYPES

PROBABILITY_COLUMNS = {"plan_status": "str", "probability": "float"}


@dataclass(frozen=True)
class PortfolioInputs:
    """The inputs of one portfolio report.

    Attributes:
        year: reporting (delivery) year.
        projects, mutations, plan_capacity: the processed deliveries (all parties).
        deliveries_corporation, deliveries_municipality: who delivered.
        rejections: rows rejected by the validation.
        targets: the targets table (:func:`normalise_targets` applied).
        probabilities: realisation probability per plan status from the reference table
            (``opgeleverd`` = 1), before any notebook override.
        probability_sources: the reference table with its ``source`` column (for the report).
        municipalities, corporations: the parties of the agreement (canonical names).
        example_data: True when the deliveries are illustrative example data.
    """

    year: int
    projects: pd.DataFrame
    mutations: pd.DataFrame
    plan_capacity: pd.DataFrame
    deliveries_corporation: pd.DataFrame
    deliveries_municipality: pd.DataFrame
    rejections: pd.DataFrame
    targets: pd.DataFrame
    probabilities: pd.Series
    probability_sources: pd.DataFrame
    municipalities: tuple[str, ...]
    corporations: tuple[str, ...]
    example_data: bool = False


def load_targets(directory: Path | None = None) -> pd.DataFrame:
    """The Woondeal targets (``targets.csv`` via :func:`analysis.reference.targets`), normalised."""
    return normalise_targets(reference.targets(str(directory) if directory else None))


def probability_sources(directory: Path | None = None) -> pd.DataFrame:
    """The realisation probability table with its sources (``plan_realisation_probability.csv``)."""
    return reference.load_table("plan_realisation_probability", PROBABILITY_COLUMNS, directory=directory)


def load_realisation_probabilities(
    overrides: Mapping[str, float] | None = None, directory: Path | None = None
) -> pd.Series:
    """Realisation probability per plan status, with notebook overrides applied.

    Returns:
        Series indexed by plan status in pipeline order, ``opgeleverd`` = 1 (realised by
        definition).
    """
    table = probability_sources(directory)
    probs = pd.Series(table["probability"].astype(float).to_numpy(), index=table["plan_status"].astype(str))
    return apply_probability_overrides(probs, overrides)


def known_parties(municipalities: Iterable[str] | None = None,
                  corporations: Iterable[str] | None = None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The municipalities and corporations given, or those of the reference tables."""
    mun = tuple(municipalities) if municipalities is not None else tuple(reference.municipality_names())
    corp = tuple(corporations) if corporations is not None else tuple(reference.corporation_names())
    return mun, corp


def inputs_from_data(data, targets: pd.DataFrame, probabilities: pd.Series, *,
                     municipalities: Iterable[str] | None = None, corporations: Iterable[str] | None = None,
                     sources: pd.DataFrame | None = None) -> PortfolioInputs:
    """Build :class:`PortfolioInputs` from an already loaded :class:`analysis.processed.ProcessedData`.

    Args:
        data: the processed deliveries (or any object with the same frames as attributes).
        targets: the targets table; probabilities: per plan status (overrides already applied).
        municipalities, corporations: the parties; None reads them from the reference tables.
        sources: the probability table with sources; None leaves it empty.
    """
    mun, corp = known_parties(municipalities, corporations)
    return PortfolioInputs(
        year=int(data.year), projects=data.projects, mutations=data.mutations, plan_capacity=data.plan_capacity,
        deliveries_corporation=data.deliveries_corporation, deliveries_municipality=data.deliveries_municipality,
        rejections=data.rejections, targets=normalise_targets(targets),
        probabilities=apply_probability_overrides(probabilities, None),
        probability_sources=sources if sources is not None else pd.DataFrame(columns=["plan_status", "source"]),
        municipalities=mun, corporations=corp, example_data=bool(getattr(data, "example_data", False)))


def load_inputs(year: int, data_dir: str | Path | None = None,
                reference_dir: str | Path | None = None) -> PortfolioInputs:
    """Read the deliveries of ``year`` (``data_dir``, default ``data/processed``) and the reference data.

    Args:
        year: reporting year (delivery year).
        data_dir: processed data root; empty or None means ``data/processed``.
        reference_dir: folder of the reference tables; None means ``data/raw/reference``.
    """
    ref = Path(reference_dir) if reference_dir else None
    data = processed.load(year, data_dir or None)
    return inputs_from_data(data, load_targets(ref), load_realisation_probabilities(None, ref),
                            sources=probability_sources(ref))


def check_parameters(
    year: int,
    phase: str,
    scope_type: str,
    scope: str,
    n_simulations: int,
    seed: int,
    probability_overrides: Mapping[str, float] | None = None,
    *,
    municipalities: Iterable[str] | None = None,
    corporations: Iterable[str] | None = None,
) -> None:
    """Validate the notebook parameters; raise ``ValueError`` listing every problem.

    ``municipalities``/``corporations`` default to the reference tables.
    """
    problems = []
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        problems.append(f"year moet een jaartal zijn, niet {year!r}")
    if phase not in PHASES:
        problems.append(f"phase moet een van {', '.join(PHASES)} zijn, niet {phase!r}")
    if scope_type not in SCOPE_TYPES:
        problems.append(f"scope_type moet een van {', '.join(SCOPE_TYPES)} zijn, niet {scope_type!r}")
    else:
        mun, corp = known_parties(municipalities, corporations)
        allowed = {"regio": [REGION_NAME], "gemeente": list(mun), "corporatie": list(corp)}[scope_type]
        if scope not in allowed:
            problems.append(f"scope {scope!r} past niet bij scope_type {scope_type!r}; kies uit {', '.join(allowed)}")
    if not isinstance(n_simulations, int) or n_simulations < 1:
        problems.append(f"n_simulations moet een positief geheel getal zijn, niet {n_simulations!r}")
    if not isinstance(seed, int):
        problems.append(f"seed moet een geheel getal zijn, niet {seed!r}")
    try:
        apply_probability_overrides(pd.Series(dict.fromkeys(PLAN_STATUSES, 1.0)), probability_overrides)
    except ValueError as exc:
        problems.append(str(exc))
    if problems:
        raise ValueError("Ongeldige parameters:\n- " + "\n- ".join(problems))
