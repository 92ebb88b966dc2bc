"""The reference data of the forecast: plan outcomes, the shared shock, calibration settings, words.

Three tables in ``data/raw/reference/`` (each row with its source; assumptions in
``docs/assumptions/forecast.md``):

- ``plan_outcome_parameters.csv``: per plan status and band of years ahead (``horizon_min`` ..
  ``horizon_max``, empty = open) the chance a plan is realised on time (``p_on_time``), delayed
  (``p_delayed``) or dropped (``p_dropped``), the delay in years when delayed (``p_delay_1``,
  ``p_delay_2``, ``p_delay_3plus``) and the size of the shared shock (``shock_correlation``, the
  correlation of two plans' latent outcome in the same year).
- ``forecast_parameters.csv``: the persistence of the shock, the minimum number of plans to use a
  calibrated estimate, the interval level, the size factor that marks a reused project number.
- ``probability_words.csv``: the words for a probability (the IPCC likelihood scale).

This module is the only one of :mod:`analysis.forecast` that reads files.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.errors import Problem
from analysis.reference_tables import _raise, load_table
from analysis.rules.plans import PLAN_STATUSES, REALISED_STATUSES

#: Plan statuses that have an outcome (``opgeleverd`` is realised by definition).
FORECAST_STATUSES = tuple(s for s in PLAN_STATUSES if s not in REALISED_STATUSES)
OUTCOME_SHARES = ("p_on_time", "p_delayed", "p_dropped")
DELAY_SHARES = ("p_delay_1", "p_delay_2", "p_delay_3plus")
#: Delay in years of each delay share (``3plus`` is simulated as 3 years).
DELAY_YEARS = {"p_delay_1": 1, "p_delay_2": 2, "p_delay_3plus": 3}
PARAMETER_COLUMNS = ["plan_status", "horizon_min", "horizon_max", *OUTCOME_SHARES, *DELAY_SHARES,
                     "shock_correlation"]
SETTINGS = ("shock_persistence", "calibration_min_n", "interval_level", "id_reuse_size_factor")
_TOLERANCE = 1e-6

__all__ = ["DELAY_SHARES", "DELAY_YEARS", "FORECAST_STATUSES", "OUTCOME_SHARES", "PARAMETER_COLUMNS",
           "SETTINGS", "check_outcome_parameters", "forecast_settings", "horizon_band", "plan_outcome_parameters",
           "probability_words"]


def check_outcome_parameters(frame: pd.DataFrame, file: str = "plan_outcome_parameters.csv") -> list[Problem]:
    """Every problem of an outcome table: shares outside [0, 1] or not summing to 1, bands that overlap or leave a gap.

    Each status of :data:`FORECAST_STATUSES` needs bands that cover every horizon from 0 on,
    without overlap, the last one open (``horizon_max`` empty).
    """
    problems: list[Problem] = []
    for i, r in frame.reset_index(drop=True).iterrows():
        row = i + 2
        for col in (*OUTCOME_SHARES, *DELAY_SHARES, "shock_correlation"):
            v = r[col]
            if pd.isna(v) or not 0.0 <= float(v) <= 1.0:
                problems.append(Problem(file, "", row, col, str(v), "een kans tussen 0 en 1"))
        if float(r["shock_correlation"]) >= 1.0:
            problems.append(Problem(file, "", row, "shock_correlation", str(r["shock_correlation"]),
                                    "kleiner dan 1 (bij 1 hangt alles alleen van de jaarschok af)"))
        for group in (OUTCOME_SHARES, DELAY_SHARES):
            total = float(sum(float(r[c]) for c in group if not pd.isna(r[c])))
            if abs(total - 1.0) > _TOLERANCE:
                problems.append(Problem(file, "", row, "+".join(group), f"{total:g}", "samen precies 1"))
    for status in FORECAST_STATUSES:
        rows = frame[frame["plan_status"].astype(str) == status]
        if rows.empty:
            problems.append(Problem(file, "", None, "plan_status", status, f"minstens één rij voor {status}"))
            continue
        expect = 0
        for _, r in rows.sort_values("horizon_min").iterrows():
            lo = int(r["horizon_min"])
            hi = None if pd.isna(r["horizon_max"]) else int(r["horizon_max"])
            if lo != expect:
                problems.append(Problem(file, "", None, "horizon_min", f"{status} {lo}",
                                        f"aansluitende jaren vooruit: de band van {status} begint bij {expect}"))
            if hi is None:
                expect = None
                break
            expect = hi + 1
        if expect is not None:
            problems.append(Problem(file, "", None, "horizon_max", status,
                                    f"de laatste band van {status} is open (horizon_max leeg)"))
    unknown = sorted(set(frame["plan_status"].astype(str)) - set(FORECAST_STATUSES))
    for status in unknown:
        problems.append(Problem(file, "", None, "plan_status", status, ", ".join(FORECAST_STATUSES)))
    return problems


def plan_outcome_parameters(directory: str | Path | None = None) -> pd.DataFrame:
    """``plan_outcome_parameters.csv``: outcome shares per plan status and band of years ahead.

    Returns:
        Columns :data:`PARAMETER_COLUMNS` plus ``source``; shares as float, ``horizon_max``
        NA for the open band.

    Raises:
        ValidationFailed: every problem (type, range, sums, bands) with row and column.
    """
    kinds = {"plan_status": "str", "horizon_min": "int", "horizon_max": "int",
             **dict.fromkeys((*OUTCOME_SHARES, *DELAY_SHARES, "shock_correlation"), "float")}
    frame = load_table("plan_outcome_parameters", kinds, optional=("horizon_max",),
                       directory=Path(directory) if directory else None)
    _raise(check_outcome_parameters(frame), "plan_outcome_parameters")
    out = frame.astype({c: float for c in (*OUTCOME_SHARES, *DELAY_SHARES, "shock_correlation")})
    return out.astype({"plan_status": str, "source": str})


def forecast_settings(directory: str | Path | None = None) -> dict[str, float]:
    """``forecast_parameters.csv`` as ``{parameter: value}`` (see :data:`SETTINGS`)."""
    frame = load_table("forecast_parameters", {"parameter": "str", "value": "float"},
                       directory=Path(directory) if directory else None)
    values = dict(zip(frame["parameter"].astype(str), frame["value"].astype(float), strict=True))
    problems = [Problem("forecast_parameters.csv", "", None, "parameter", name, "een rij voor deze parameter")
                for name in SETTINGS if name not in values]
    p = values.get("shock_persistence", 0.0)
    if not 0.0 <= p <= 1.0:
        problems.append(Problem("forecast_parameters.csv", "", None, "value", str(p), "shock_persistence tussen 0 en 1"))
    _raise(problems, "forecast_parameters")
    return {name: values[name] for name in SETTINGS}


def probability_words(directory: str | Path | None = None) -> pd.DataFrame:
    """``probability_words.csv``: ``p_min, p_max, words_nl`` (half-open bands [p_min, p_max), sorted)."""
    frame = load_table("probability_words", {"p_min": "float", "p_max": "float", "words_nl": "str"},
                       directory=Path(directory) if directory else None)
    frame = frame.astype({"p_min": float, "p_max": float, "words_nl": str}).sort_values("p_min")
    lo, hi = frame["p_min"].to_numpy(), frame["p_max"].to_numpy()
    if len(frame) == 0 or lo[0] != 0.0 or hi[-1] != 1.0 or not np.allclose(lo[1:], hi[:-1]):
        _raise([Problem("probability_words.csv", "", None, "p_min/p_max", "", "aansluitende banden van 0 tot 1")],
               "probability_words")
    return frame.reset_index(drop=True)


def horizon_band(parameters: pd.DataFrame) -> pd.Series:
    """A short Dutch label per parameter row: ``"0"``, ``"1-2"``, ``"3+"`` (years ahead)."""
    lo = parameters["horizon_min"].astype(int)
    hi = parameters["horizon_max"]
    return pd.Series([f"{a}+" if pd.isna(b) else (f"{a}" if int(b) == a else f"{a}-{int(b)}")
                      for a, b in zip(lo, hi, strict=True)], index=parameters.index)


USED_FILE = "plan_outcome_parameters_used.csv"


def outcome_parameters_for(processed_year_dir: str | Path | None, directory: str | Path | None = None
                           ) -> tuple[pd.DataFrame, str]:
    """The outcome parameters a simulation of one year uses, and a Dutch sentence saying which.

    ``<processed_year_dir>/plan_outcome_parameters_used.csv`` (written by ``rpa calibrate``) when it
    exists and passes :func:`check_outcome_parameters`; else the reference table.
    """
    path = Path(processed_year_dir) / USED_FILE if processed_year_dir else None
    if path is None or not path.exists():
        return plan_outcome_parameters(directory), ("Kansen per planstatus: de referentiewaarden "
                                                    "(elk met bron of aanname); geen kalibratie op eerdere leveringen.")
    frame = pd.read_csv(path, dtype={"plan_status": str}).astype(
        {c: float for c in (*OUTCOME_SHARES, *DELAY_SHARES, "shock_correlation")})
    frame["horizon_max"] = frame["horizon_max"].astype("Int64")
    _raise(check_outcome_parameters(frame, USED_FILE), "plan_outcome_parameters_used")
    n_cal = int(frame["basis_outcome"].astype(str).str.startswith("kalibratie").sum()) \
        if "basis_outcome" in frame else 0
    return frame, (f"Kansen per planstatus: gekalibreerd op de eerdere leveringen in {n_cal} van de {len(frame)} "
                   "cellen, de andere uit de referentiegegevens.")
