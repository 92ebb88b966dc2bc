"""Prognosis accuracy: what delivery ``Y-1`` forecast for ``Y-1`` against what delivery ``Y`` reports.

Per corporation: new-build completions (realised = plan status ``opgeleverd``, the rule of
:mod:`analysis.rules.plans`) and every mutation type. Only the monitor reports this.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.rules.plans import MUTATION_LABELS, REALISED_STATUSES


def compute_prognosis_accuracy(prev_projects: pd.DataFrame, prev_mutations: pd.DataFrame,
                               cur_projects: pd.DataFrame, cur_mutations: pd.DataFrame,
                               year: int) -> pd.DataFrame:
    """Prognosis of delivery ``year-1`` for ``year-1`` against the realisation in delivery ``year``.

    Per corporation and measure: ``nieuwbouw`` (dwellings with completion year ``year-1``:
    forecast = every project of that year not yet completed in the old delivery plus those
    already completed; realised = ``opgeleverd`` in the new delivery) and each mutation type
    (``prognose`` vs ``realisatie`` for ``year-1``).

    Returns ``corporation, measure, prognosis, realised, difference, realised_share``
    (``realised_share`` = realised / prognosis, NA when the prognosis is 0). A corporation
    missing from one of the two deliveries gets NA on that side, never a zero; so does a
    corporation without any mutation figure of that status for ``year-1`` (a year without
    mutations), for the mutation measures.
    """
    y = int(year) - 1
    rows = []

    def proj(df, realised):
        if not len(df):
            return pd.Series(dtype="float64")
        sel = df[pd.to_numeric(df["completion_year"], errors="coerce") == y]
        if realised:
            sel = sel[sel["plan_status"].isin(REALISED_STATUSES)]
        return sel.groupby("corporation")["n_dwellings"].sum().astype("float64")

    def mut(df, status):
        if not len(df):
            return pd.DataFrame(columns=["corporation", "mutation_type", "count"])
        sel = df[(df["year"] == y) & (df["figure_status"] == status)]
        return sel.groupby(["corporation", "mutation_type"], as_index=False)["count"].sum()

    prev_corps = set(prev_projects.get("corporation", pd.Series(dtype=str))) | set(
        prev_mutations.get("corporation", pd.Series(dtype=str)))
    cur_corps = set(cur_projects.get("corporation", pd.Series(dtype=str))) | set(
        cur_mutations.get("corporation", pd.Series(dtype=str)))
    p_nb, r_nb = proj(prev_projects, False), proj(cur_projects, True)
    p_m, r_m = mut(prev_mutations, "prognose"), mut(cur_mutations, "realisatie")
    types = sorted(set(p_m["mutation_type"]) | set(r_m["mutation_type"]))
    prev_mut, cur_mut = set(p_m["corporation"]), set(r_m["corporation"])  # who gave figures for year-1
    for corp in sorted(prev_corps | cur_corps):
        def side(known, value):
            return float(value) if known else np.nan

        rows.append((corp, "nieuwbouw", side(corp in prev_corps, p_nb.get(corp, 0.0)),
                     side(corp in cur_corps, r_nb.get(corp, 0.0))))
        for t in types:
            pv = p_m[(p_m["corporation"] == corp) & (p_m["mutation_type"] == t)]["count"].sum()
            rv = r_m[(r_m["corporation"] == corp) & (r_m["mutation_type"] == t)]["count"].sum()
            rows.append((corp, MUTATION_LABELS.get(t, t), side(corp in prev_mut, pv), side(corp in cur_mut, rv)))
    out = pd.DataFrame(rows, columns=["corporation", "measure", "prognosis", "realised"])
    out["difference"] = out["realised"] - out["prognosis"]
    out["realised_share"] = np.where(out["prognosis"] > 0, out["realised"] / out["prognosis"].where(out["prognosis"] > 0), np.nan)
    return out


def summarise_prognosis_accuracy(accuracy: pd.DataFrame) -> pd.DataFrame:
    """Region totals per measure (only corporations present in both deliveries)."""
    both = accuracy.dropna(subset=["prognosis", "realised"])
    out = both.groupby("measure", as_index=False, sort=True)[["prognosis", "realised"]].sum()
    out["difference"] = out["realised"] - out["prognosis"]
    out["realised_share"] = np.where(out["prognosis"] > 0, out["realised"] / out["prognosis"].where(out["prognosis"] > 0), np.nan)
    return out
