"""Honest uncertainty of the plans: outcomes with delay and a shared shock, learned from history.

Used by the portfolio (the drop-out band and the chance a target is met), the monitor (the
backtest of last year's forecasts, :mod:`analysis.monitoring.backtest`), the example-data
generator (:mod:`analysis.deliveries.example_history`) and ``rpa calibrate``. It is not part of
one analysis, hence its own package:

- :mod:`analysis.forecast.parameters`: the reference tables (the only module that reads files).
- :mod:`analysis.forecast.model`: the simulation (:func:`simulate_plan_outcomes`).
- :mod:`analysis.forecast.calibration`: matching projects across deliveries and estimating the
  outcome shares per plan status and years ahead, with Wilson intervals.
- :mod:`analysis.forecast.text`: probabilities in words, with their band.
"""

from analysis.forecast.model import (
    NOT_REALISED,
    PlanOutcomes,
    expected_losses,
    expected_within,
    plan_bounds,
    probability_within,
    simulate_plan_dropout_delayed,
    simulate_plan_outcomes,
)
from analysis.forecast.parameters import (
    forecast_settings,
    outcome_parameters_for,
    plan_outcome_parameters,
    probability_words,
)

__all__ = ["NOT_REALISED", "PlanOutcomes", "expected_losses", "expected_within", "forecast_settings", "outcome_parameters_for",
           "plan_bounds", "plan_outcome_parameters", "probability_within", "probability_words", "simulate_plan_dropout_delayed",
           "simulate_plan_outcomes"]
