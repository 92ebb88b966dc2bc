"""Afspraak 22: the VoorzieningenWijzer, vulnerable households approached (target and period: targets.csv).

Only the monitor reports it; the municipalities deliver the households approached and advised
per year (``voorzieningenwijzer`` sheet). Years before the reporting year are realisation, later
years prognosis.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.rules.plans import figure_status_of


def compute_voorzieningenwijzer(vw: pd.DataFrame, year: int, target: float, start: int, end: int) -> pd.DataFrame:
    """Households approached and advised per year of ``start..end``, cumulative, against the target.

    Returns ``year, figure_status, households_approached, households_advised,
    cumulative_approached, target, share_of_target``.
    """
    years = list(range(int(start), int(end) + 1))
    g = vw.groupby("year")[["households_approached", "households_advised"]].sum() if len(vw) else None
    rows = []
    for y in years:
        a = float(g.loc[y, "households_approached"]) if g is not None and y in g.index else np.nan
        d = float(g.loc[y, "households_advised"]) if g is not None and y in g.index else np.nan
        rows.append({"year": y, "figure_status": figure_status_of(y, year),
                     "households_approached": a, "households_advised": d})
    out = pd.DataFrame(rows)
    out["cumulative_approached"] = out["households_approached"].fillna(0).cumsum()
    out["target"] = float(target)
    out["share_of_target"] = out["cumulative_approached"] / float(target)
    return out


def voorzieningenwijzer_row(vw: pd.DataFrame, year: int, target) -> dict:
    """The monitor's row: households approached before ``year`` (realised) and from it (planned)."""
    sel = vw[vw["year"].between(int(target.period_start), int(target.period_end))]
    return {"target_id": target.target_id,
            "realised": float(sel.loc[sel["year"] < year, "households_approached"].sum()),
            "planned": float(sel.loc[sel["year"] >= year, "households_approached"].sum()),
            "outcome": np.nan, "verdict": None, "measure_nl": "benaderde huishoudens (opgave gemeenten)"}
