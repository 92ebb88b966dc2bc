"""Everything analysis 1 reads: the deliveries of one year and the reference tables it needs.

This is the only module of the package that reads files: the processed deliveries
(:func:`analysis.processed.load`), the Woondeal targets (:mod:`analysis.reference`), the plan
outcome parameters (:func:`analysis.forecast.outcome_parameters_for`: what ``rpa calibrate`` wrote
for the year, else the reference defaults), the shock persistence and the probability words
(:mod:`analysis.forecast.parameters`), and the names of the municipalities and corporations.
The computation (:func:`analysis.portfolio.analyse`) takes a :class:`PortfolioInputs` and does
no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import config, forecast, processed, reference
from analysis.portfolio.params import check_probability_overrides
from analysis.portfolio.targets import normalise_targets
from analysis.rules.plans import PLAN_STATUSES, REALISED_STATUSES
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
        outcome_parameters: chances per plan status and years ahead of on time, delayed (1, 2,
            3+ years) and dropped, and the shared shock, before any notebook override
            (:mod:`analysis.forecast`; with ``source`` or ``basis_*`` columns).
        outcome_note: Dutch sentence saying whether they are calibrated or the reference defaults.
        shock_persistence: how much a year's shared shock carries into the next (AR(1)).
        probability_words: the words for a chance (``probability_words.csv``).
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
    outcome_parameters: pd.DataFrame
    outcome_note: str
    shock_persistence: float
    probability_words: pd.DataFrame
    municipalities: tuple[str, ...]
    corporations: tuple[str, ...]
    example_data: bool = False


def load_targets(directory: Path | None = None) -> pd.DataFrame:
    """The Woondeal targets (``targets.csv`` via :func:`analysis.reference.targets`), normalised."""
    return normalise_targets(reference.targets(str(directory) if directory else None))


def probability_sources(directory: Path | None = None) -> pd.DataFrame:
    """The old realisation probability table (``plan_realisation_probability.csv``), the benchmark of the
    outcome defaults (:mod:`analysis.forecast`); the simulation no longer uses it."""
    return reference.load_table("plan_realisation_probability", PROBABILITY_COLUMNS, directory=directory)


def load_realisation_probabilities(
    overrides: Mapping[str, float] | None = None, directory: Path | None = None
) -> pd.Series:
    """The old realisation probability per plan status (:func:`probability_sources`), overrides applied.

    Returns:
        Series indexed by plan status in pipeline order, ``opgeleverd`` = 1 (realised by
        definition).
    """
    problems = check_probability_overrides(overrides)
    if problems:
        raise ValueError("; ".join(problems))
    table = probability_sources(directory)
    probs = pd.Series(table["probability"].astype(float).to_numpy(), index=table["plan_status"].astype(str))
    for status, value in dict(overrides or {}).items():
        probs[status] = float(value)
    probs[REALISED_STATUSES[0]] = 1.0
    return probs.reindex(list(PLAN_STATUSES))


def known_parties(municipalities: Iterable[str] | None = None,
                  corporations: Iterable[str] | None = None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The municipalities and corporations given, or those of the reference tables."""
    mun = tuple(municipalities) if municipalities is not None else tuple(reference.municipality_names())
    corp = tuple(corporations) if corporations is not None else tuple(reference.corporation_names())
    return mun, corp


def inputs_from_data(data, targets: pd.DataFrame, outcome_parameters: pd.DataFrame | None = None, *,
                     municipalities: Iterable[str] | None = None, corporations: Iterable[str] | None = None,
                     outcome_note: str | None = None, shock_persistence: float | None = None,
                     reference_dir: str | Path | None = None) -> PortfolioInputs:
    """Build :class:`PortfolioInputs` from an already loaded :class:`analysis.processed.ProcessedData`.

    Args:
        data: the processed deliveries (or any object with the same frames as attributes).
        targets: the targets table.
        outcome_parameters: outcome shares per plan status and years ahead; None reads the
            reference defaults (``plan_outcome_parameters.csv``).
        municipalities, corporations: the parties; None reads them from the reference tables.
        outcome_note: which parameters these are (Dutch); None says "the reference defaults".
        shock_persistence: None reads ``forecast_parameters.csv``.
        reference_dir: folder of the forecast tables; None means ``data/raw/reference``.
    """
    mun, corp = known_parties(municipalities, corporations)
    if outcome_parameters is None:
        outcome_parameters, default_note = forecast.outcome_parameters_for(None, reference_dir)
        outcome_note = outcome_note or default_note
    settings = forecast.forecast_settings(reference_dir)
    return PortfolioInputs(
        year=int(data.year), projects=data.projects, mutations=data.mutations, plan_capacity=data.plan_capacity,
        deliveries_corporation=data.deliveries_corporation, deliveries_municipality=data.deliveries_municipality,
        rejections=data.rejections, targets=normalise_targets(targets),
        outcome_parameters=outcome_parameters.reset_index(drop=True), outcome_note=outcome_note or "",
        shock_persistence=float(settings["shock_persistence"] if shock_persistence is None else shock_persistence),
        probability_words=forecast.probability_words(reference_dir),
        municipalities=mun, corporations=corp, example_data=bool(getattr(data, "example_data", False)))


def load_inputs(year: int, data_dir: str | Path | None = None,
                reference_dir: str | Path | None = None) -> PortfolioInputs:
    """Read the deliveries of ``year`` (``data_dir``, default ``data/processed``) and the reference data.

    The outcome parameters are what ``rpa calibrate`` wrote to ``<data_dir>/<year>/`` when it is
    there, else the reference defaults (:func:`analysis.forecast.outcome_parameters_for`).

    Args:
        year: reporting year (delivery year).
        data_dir: processed data root; empty or None means ``data/processed``.
        reference_dir: folder of the reference tables; None means ``data/raw/reference``.
    """
    ref = Path(reference_dir) if reference_dir else None
    data = processed.load(year, data_dir or None)
    root = Path(data_dir) if data_dir else config.DATA_PROCESSED
    parameters, note = forecast.outcome_parameters_for(root / str(int(year)), ref)
    return inputs_from_data(data, load_targets(ref), parameters, outcome_note=note, reference_dir=ref)


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
    if probability_overrides is not None and not isinstance(probability_overrides, Mapping):
        problems.append(f"probability_overrides moet een dict zijn, bv. {{'zacht': 0.4}}, niet {probability_overrides!r}")
    else:
        problems += check_probability_overrides(probability_overrides)
    if problems:
        raise ValueError("Ongeldige parameters:\n- " + "\n- ".join(problems))
