"""All reading for the monitor: processed deliveries (this year, last year and the earlier years the
backtest of the forecasts needs) and reference tables."""

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
class ForecastHistory:
    """What the backtest of the forecasts reads (:mod:`analysis.monitoring.backtest`).

    Attributes:
        projects: per delivery year up to the reporting year, the corporations' projects.
        delivered: per delivery year, the corporations that delivered (``deliveries_corporation``).
        skipped: delivery years that could not be read, with the reason (Dutch).
        parameters: the plan-outcome parameters (calibrated by ``rpa calibrate`` or the reference).
        parameters_sentence: which of the two, in Dutch (:func:`analysis.forecast.outcome_parameters_for`).
        calibrated: True when ``rpa calibrate`` wrote the parameters (learned from these same deliveries).
        settings: ``forecast_parameters.csv`` (the persistence of the shared shock).
        words: ``probability_words.csv`` (chances in words).
    """

    projects: dict
    delivered: dict
    skipped: dict
    parameters: pd.DataFrame
    parameters_sentence: str
    calibrated: bool
    settings: dict
    words: pd.DataFrame


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
    history: ForecastHistory | None = None


def load_history(year: int, data_dir: str | Path | None, loaded: dict) -> ForecastHistory:
    """Projects and delivering corporations of every processed year up to ``year``, and the outcome parameters.

    ``loaded`` holds the years already read (``{year: ProcessedData}``); another year that cannot be
    read (its tables break the contract) is skipped with the reason, never a crash.
    """
    from analysis import config, forecast, processed
    from analysis.errors import ValidationFailed

    projects, delivered, skipped = {}, {}, {}
    for y in (y for y in processed.available_years(data_dir) if y <= int(year)):
        try:
            d = loaded[y] if y in loaded else processed.load(y, data_dir)
        except ValidationFailed as exc:
            skipped[y] = (f"de verwerkte tabellen in {Path(data_dir or config.DATA_PROCESSED) / str(y)} voldoen niet "
                          f"aan het datacontract ({len(exc.problems)} problemen; draai 'rpa validate' opnieuw)")
            continue
        projects[y] = d.projects
        delivered[y] = set(d.deliveries_corporation["corporation"].astype(str))
    root = Path(data_dir) if data_dir else config.DATA_PROCESSED
    parameters, sentence = forecast.outcome_parameters_for(root / str(int(year)))
    learned = any(parameters[c].astype(str).str.startswith("kalibratie").any()
                  for c in ("basis_outcome", "basis_delay") if c in parameters.columns)
    return ForecastHistory(projects=projects, delivered=delivered, skipped=skipped, parameters=parameters,
                           parameters_sentence=sentence, calibrated=learned,
                           settings=forecast.forecast_settings(), words=forecast.probability_words())


def load_inputs(year: int, data_dir: str | Path | None = None) -> MonitorInputs:
    """Load the processed deliveries of ``year`` (and ``year - 1`` when there) and the reference data."""
    from analysis import processed, reference, social_stock
    from analysis.rules import efg

    data_dir = data_dir or None
    data = processed.load(year, data_dir)
    previous = processed.load(year - 1, data_dir) if (year - 1) in processed.available_years(data_dir) else None
    loaded = {year: data} if previous is None else {year: data, year - 1: previous}
    return MonitorInputs(year=year, data=data, previous=previous, targets=reference.targets(),
                         status_rules=load_status_rules(), efg_rules=efg.load_rules(),
                         portfolio=reference.portfolio_projects(),
                         project_corporations=reference.project_corporations(),
                         social_stock=social_stock.load_inputs(year, data=data),
                         history=load_history(year, data_dir, loaded))


def check_parameters(year: int, phase: str, scope_type: str, scope: str) -> str:
    """Validate the notebook parameters; return the canonical scope (the monitor is regional only)."""
    from analysis.rules.scopes import check_phase, check_scope

    check_phase(phase)
    scope = check_scope(scope_type, scope)
    if scope_type != "regio":
        raise ValueError("De monitor is er alleen voor de hele regio: kies scope_type 'regio'.")
    return scope
