"""The social rent stock: its net change (afspraken 1, 6), sales against additions (7), inponding (8).

Flows per municipality and year: new build and transformation from the corporations' social
rent projects; inponding, demolition, sales and liberalisation from the mutations (the codes
are the agreement's, :mod:`analysis.rules.plans`). Years before the reporting year use
realisation figures, later years prognosis figures (:func:`analysis.rules.plans.figure_status_of`).
A year without any mutation figure of the right status is missing, never zero.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis.rules.plans import (
    COUNTED_AS_INPONDING,
    DEMOLITION,
    LIBERALISATION,
    NEW_BUILD_TYPES,
    PURCHASE_FROM_CORPORATION,
    REALISED_STATUSES,
    SALES_THIRD_PARTY,
    SALES_TO_CORPORATION,
    SOCIAL_SEGMENT,
    TRANSFORMATION_TYPES,
    figure_status_of,
    mutation_years_covered,
)
from analysis.rules.scopes import REGION_NAME

STOCK_COLUMNS = ["municipality", "year", "figure_status", "new_build", "transformation", "inponding", "demolition",
                 "sales", "sales_to_corporations", "purchases_from_corporations", "liberalisation", "net", "complete"]
#: Flow -> mutation codes. Inponding is what :data:`~analysis.rules.plans.COUNTED_AS_INPONDING` says;
#: sales to and purchases from other corporations are shown but change nothing (one transfer, two sides).
MUTATION_FLOWS = {"inponding": COUNTED_AS_INPONDING, "demolition": DEMOLITION, "sales": SALES_THIRD_PARTY,
                  "sales_to_corporations": SALES_TO_CORPORATION,
                  "purchases_from_corporations": PURCHASE_FROM_CORPORATION, "liberalisation": LIBERALISATION}
SALES_COLUMNS = ["municipality", "period_start", "period_end", "sales", "additions", "sales_realised",
                 "additions_realised", "sales_prognosis", "additions_prognosis", "flag", "complete", "missing_years"]


def _sums(frame: pd.DataFrame, mask, keys: list[str], value: str) -> dict[tuple, int]:
    """``value`` summed per ``keys`` over the rows of ``mask``: ``{(key, ...): int(sum)}``."""
    rows = frame[mask]
    if not len(rows):
        return {}
    sums = rows.groupby(keys, observed=True, sort=False)[value].sum()
    return {tuple(k): int(v) for k, v in zip(sums.index.to_flat_index(), sums.to_numpy(), strict=True)}


def _project_flows(projects: pd.DataFrame, reporting_year: int) -> dict[str, tuple[dict, dict]]:
    """New build and transformation dwellings of the social projects per (municipality, completion year).

    Per flow two sums: every plan, and only the completed ones (what a year before the reporting
    year counts).
    """
    if not len(projects):
        return {"new_build": ({}, {}), "transformation": ({}, {})}
    realised = projects["plan_status"].isin(REALISED_STATUSES)
    keys = ["municipality", "completion_year"]
    out = {}
    for flow, types in (("new_build", NEW_BUILD_TYPES), ("transformation", TRANSFORMATION_TYPES)):
        of_type = projects["project_type"].isin(types)
        out[flow] = (_sums(projects, of_type, keys, "n_dwellings"), _sums(projects, of_type & realised, keys, "n_dwellings"))
    return out


def _mutation_flows(mutations: pd.DataFrame) -> dict[str, dict[tuple, int]]:
    """Dwellings per mutation flow per (municipality, year, figure status)."""
    if not len(mutations):
        return dict.fromkeys(MUTATION_FLOWS, {})
    keys = ["municipality", "year", "figure_status"]
    return {flow: _sums(mutations, mutations["mutation_type"].isin(codes), keys, "count")
            for flow, codes in MUTATION_FLOWS.items()}


def compute_social_stock_change(
    projects: pd.DataFrame,
    mutations: pd.DataFrame,
    year: int,
    first_year: int,
    last_year: int,
    municipalities: Iterable[str],
    *,
    projects_known: bool = True,
) -> pd.DataFrame:
    """Net change of the social rent stock per municipality and year.

    ``net = new_build + transformation + inponding - demolition - sales - liberalisation``.

    * new build (incl. demolition-and-rebuild) and transformation: social rent projects;
      before the reporting year only completed ones (``opgeleverd``), from it on every plan.
    * inponding (AAP, purchase from a private owner; the old code AAN counts too), demolition
      (SLO), sales to third parties (VAH + VAB + VAO), liberalisation (LIB): the mutations. Sales
      to other corporations (VAC) and purchases from them (AAC) are shown in
      ``sales_to_corporations`` and ``purchases_from_corporations`` but neither subtracted nor
      added: the dwelling stays in the region's social stock.
    * Purchase projects (``aankoop``) are not counted here; inponding comes from the mutations.
    * A year without mutation figures of the right status has NA mutation flows and NA net
      (``complete`` False), never zero.
    * ``projects_known`` False (no corporation whose projects count delivered): new build,
      transformation and net are NA, never zero.

    Returns:
        Columns :data:`STOCK_COLUMNS`, sorted by municipality and year.
    """
    years = list(range(int(first_year), int(last_year) + 1))
    covered = mutation_years_covered(mutations, year, years)
    social = projects[projects["segment"].astype(str) == SOCIAL_SEGMENT] if len(projects) else projects
    built = _project_flows(social, year)
    flows = _mutation_flows(mutations)
    rows = []
    for m in sorted(municipalities):
        for y in years:
            status = figure_status_of(y, year)
            # before the reporting year only completed projects count, from it on every plan
            nb, tr = ((built[f][1 if y < year else 0].get((m, y), 0) for f in ("new_build", "transformation"))
                      if projects_known else (np.nan, np.nan))
            row = {"municipality": m, "year": y, "figure_status": status, "new_build": nb, "transformation": tr}
            if covered[y]:
                row.update({flow: sums.get((m, y, status), 0) for flow, sums in flows.items()})
                row["net"] = nb + tr + row["inponding"] - row["demolition"] - row["sales"] - row["liberalisation"]
            else:
                row.update(dict.fromkeys([*MUTATION_FLOWS, "net"], np.nan))
            row["complete"] = covered[y]
            rows.append(row)
    out = pd.DataFrame(rows, columns=STOCK_COLUMNS)
    return out.astype(dict.fromkeys(STOCK_COLUMNS[3:-1], float))


def summarise_stock_change_region(stock_change: pd.DataFrame, name: str = REGION_NAME) -> pd.DataFrame:
    """Totals per year of :func:`compute_social_stock_change` under ``name`` (NA stays NA).

    A mutation flow is NA for a year in which any municipality lacks figures.
    """
    flows = ["new_build", "transformation", *MUTATION_FLOWS, "net"]
    flows = [f for f in STOCK_COLUMNS if f in flows]
    g = stock_change.groupby(["year", "figure_status"], sort=True)
    out = g[flows].sum(min_count=1).reset_index()
    complete = g["complete"].all().to_numpy()
    out.loc[~complete, flows[2:]] = np.nan
    out.insert(0, "municipality", name)
    out["complete"] = complete
    return out


def compute_sales_vs_additions(stock_change: pd.DataFrame, period_start: int, period_end: int) -> pd.DataFrame:
    """Agreement 7: per municipality, sales to third parties against additions to the social stock.

    Over the agreement period, realised and prognosis years together. Additions are new build
    (incl. demolition-and-rebuild) + transformation + inponding (gross, as the agreement says
    "additioneel toegevoegd"). A municipality is flagged when sales **exceed** additions;
    equal is within the agreement. Years without mutation figures are listed in
    ``missing_years`` and the row is ``complete`` False (the flag then uses known years only).
    Without any known year a sum is NA (never zero) and so is the flag.

    Returns:
        Columns :data:`SALES_COLUMNS`, one row per municipality.
    """
    sc = stock_change[stock_change["year"].between(int(period_start), int(period_end))].copy()
    sc["additions"] = sc[["new_build", "transformation", "inponding"]].sum(axis=1, min_count=1)
    rows = []
    for m, g in sc.groupby("municipality", sort=True):
        real = g[g["figure_status"] == "realisatie"]
        prog = g[g["figure_status"] == "prognose"]
        sales, additions = float(g["sales"].sum(min_count=1)), float(g["additions"].sum(min_count=1))
        missing = [int(y) for y in g.loc[~g["complete"].astype(bool), "year"]]
        rows.append({
            "municipality": m, "period_start": int(period_start), "period_end": int(period_end),
            "sales": sales, "additions": additions,
            "sales_realised": float(real["sales"].sum(min_count=1)),
            "additions_realised": float(real["additions"].sum(min_count=1)),
            "sales_prognosis": float(prog["sales"].sum(min_count=1)),
            "additions_prognosis": float(prog["additions"].sum(min_count=1)),
            "flag": bool(sales > additions) if pd.notna(sales) and pd.notna(additions) else pd.NA,
            "complete": not missing,
            "missing_years": ", ".join(str(y) for y in missing),
        })
    return pd.DataFrame(rows, columns=SALES_COLUMNS)


def compute_inponding(
    mutations: pd.DataFrame, year: int, target_per_year: float, first_year: int, last_year: int, *,
    covered_by: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Agreement 8: inponding per year against the yearly ambition ("particuliere woningen").

    Inponding is :data:`~analysis.rules.plans.COUNTED_AS_INPONDING` (AAP, and the old code AAN);
    a purchase from another corporation (AAC) is not inponding.

    Realisation figures before the reporting year, prognosis from it on. A year without any
    mutation figures of that status is NA (not zero). ``meets_target`` is ``inponding >=
    target`` (the agreement says "minimaal zo'n 100"; the difference column lets the reader
    judge "zo'n"); NA without a target.

    Args:
        covered_by: the mutations that decide which years have figures (default ``mutations``);
            a municipality's inponding is 0, not missing, in a year the corporations delivered.

    Returns:
        ``year, figure_status, inponding, target, difference, meets_target``.
    """
    years = list(range(int(first_year), int(last_year) + 1))
    covered = mutation_years_covered(mutations if covered_by is None else covered_by, year, years)
    target = float(target_per_year) if pd.notna(target_per_year) else np.nan
    rows = []
    for y in years:
        status = figure_status_of(y, year)
        if covered[y]:
            sel = mutations[(mutations["year"] == y) & (mutations["figure_status"] == status)
                            & mutations["mutation_type"].isin(COUNTED_AS_INPONDING)]
            n = float(sel["count"].sum())
            rows.append({"year": y, "figure_status": status, "inponding": n, "target": target,
                         "difference": n - target, "meets_target": bool(n >= target) if not np.isnan(target) else pd.NA})
        else:
            rows.append({"year": y, "figure_status": status, "inponding": np.nan, "target": target,
                         "difference": np.nan, "meets_target": pd.NA})
    return pd.DataFrame(rows)


def summarise_inponding(inponding: pd.DataFrame) -> dict:
    """Per-year means of :func:`compute_inponding` (the figures the report and the monitor state).

    Returns:
        ``realised_per_year`` (mean over the realisation years with figures), ``planned_per_year``
        (mean over the prognosis years with figures), ``period_mean`` (mean over every year of
        the period with figures), ``n_realised_years``, ``n_planned_years`` and ``target`` (the
        yearly ambition). A mean is NaN where no year has figures.
    """
    known = inponding[inponding["inponding"].notna()]
    real = known.loc[known["figure_status"] == "realisatie", "inponding"].astype(float)
    plan = known.loc[known["figure_status"] == "prognose", "inponding"].astype(float)
    targets = inponding["target"].dropna() if "target" in inponding else pd.Series(dtype=float)
    return {
        "realised_per_year": float(real.mean()) if len(real) else np.nan,
        "planned_per_year": float(plan.mean()) if len(plan) else np.nan,
        "period_mean": float(known["inponding"].astype(float).mean()) if len(known) else np.nan,
        "n_realised_years": int(len(real)),
        "n_planned_years": int(len(plan)),
        "target": float(targets.iloc[0]) if len(targets) else np.nan,
    }
