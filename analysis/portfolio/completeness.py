"""What is missing or doubtful, and the municipalities' view of the corporations' plans.

Missing data is reported, never silently treated as zero: parties without a delivery, years
without mutation figures, rows rejected at validation and plans whose status does not fit their
completion year. The municipalities' plan capacity rows for corporation plans are never counted
(the corporations' own deliveries are the source); they are compared here instead.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analysis.portfolio import words
from analysis.rules.plans import (
    PURCHASE_UNKNOWN_ORIGIN,
    REALISED_STATUSES,
    figure_status_of,
    mutation_years_covered,
)

MISSING_COLUMNS = ["topic", "subject", "detail"]


def reconcile_corporation_plans(projects: pd.DataFrame, plan_capacity: pd.DataFrame) -> pd.DataFrame:
    """Compare the municipalities' view of corporation plans with the corporations' own.

    Per municipality, corporation and segment: dwellings in plan capacity with developer
    ``corporatie`` (not counted anywhere) against the not-yet-completed corporation projects.

    Returns:
        ``municipality, corporation, segment, municipality_view, corporation_view, difference``.
    """
    cols = ["municipality", "corporation", "segment"]
    values = ["municipality_view", "corporation_view"]
    pc = plan_capacity[plan_capacity["developer"].astype(str) == "corporatie"].assign(
        municipality=lambda d: d["sender_municipality"],
        corporation=lambda d: d["corporation"].astype("string").fillna(words.UNKNOWN_CORPORATION))
    pr = projects[~projects["plan_status"].isin(REALISED_STATUSES)]
    # an empty side is left out: a group-by of no rows has no index to align with the other side
    views = [f.groupby(cols)["n_dwellings"].sum().rename(name) for f, name in zip((pc, pr), values, strict=True)
             if len(f)]
    if not views:
        return pd.DataFrame(columns=cols + values + ["difference"])
    out = pd.concat(views, axis=1).reindex(columns=values).fillna(0).reset_index()
    out.columns = cols + values
    out["difference"] = out["municipality_view"] - out["corporation_view"]
    return out.sort_values(cols).reset_index(drop=True)


def _rejection_rows(rejections: pd.DataFrame) -> list[tuple[str, str, str]]:
    """One row per file and sheet with rejected rows (warnings are not rejections)."""
    r = rejections.copy()
    sheet = r["sheet"] if "sheet" in r else r.get("source_sheet", pd.Series("", index=r.index))
    file = r["file"] if "file" in r else r.get("source_file", pd.Series("", index=r.index))
    if "severity" in r:
        keep = r["severity"].astype(str) != "waarschuwing"
        r, sheet, file = r[keep], sheet[keep], file[keep]
    rows = []
    for (f, s), g in r.groupby([file.astype(str), sheet.astype(str)], sort=True):
        what = "; ".join(sorted({f"{row.get('column', '')}: {row.get('expected', '')}".strip(": ")
                                 for _, row in g.head(3).iterrows()}))
        rows.append(("afgewezen", f"{f} / {s}".strip(" /"), words.missing_rejected(len(g), what)))
    return rows


def _status_rows(projects: pd.DataFrame, year: int) -> list[tuple[str, str, str]]:
    """Projects whose plan status does not fit their completion year."""
    done = projects["plan_status"].isin(REALISED_STATUSES)
    rows = []
    late = projects[~done & (projects["completion_year"] < year)]
    for _, p in late.sort_values(["corporation", "project_id"]).iterrows():
        rows.append(("planstatus", f"{p['corporation']} {p['project_id']}",
                     words.missing_overdue(int(p["completion_year"]), p["plan_status"])))
    early = projects[done & (projects["completion_year"] > year)]
    for _, p in early.sort_values(["corporation", "project_id"]).iterrows():
        rows.append(("planstatus", f"{p['corporation']} {p['project_id']}",
                     words.missing_early(int(p["completion_year"]), year)))
    return rows


def _purchase_rows(mutations: pd.DataFrame, double_purchases: pd.DataFrame | None) -> list[tuple[str, str, str]]:
    """Purchases reported twice (counted once) and purchases of unknown origin (old code AAN)."""
    rows = []
    if double_purchases is not None:
        for r in double_purchases.itertuples(index=False):
            rows.append(("aankoop", f"{r.corporation} {r.municipality} {r.year}",
                         words.missing_double_purchase(r.project_id, int(r.project_dwellings),
                                                       int(r.mutation_dwellings), int(r.year))))
    if len(mutations) and "corporation" in mutations:
        old = mutations[mutations["mutation_type"].astype(str).isin(PURCHASE_UNKNOWN_ORIGIN)
                        & (pd.to_numeric(mutations["count"]) > 0)]
        for corp, g in old.groupby(old["corporation"].astype(str), sort=True):
            years = ", ".join(str(int(y)) for y in sorted(set(pd.to_numeric(g["year"]))))
            rows.append(("aankoop", corp, words.missing_unknown_origin(int(pd.to_numeric(g["count"]).sum()), years)))
    return rows


def find_missing_data(
    *,
    year: int,
    corporations: Iterable[str],
    municipalities: Iterable[str],
    delivered_corporations: Iterable[str],
    delivered_municipalities: Iterable[str],
    projects: pd.DataFrame,
    mutations: pd.DataFrame,
    rejections: pd.DataFrame,
    first_year: int,
    last_year: int,
    double_purchases: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Everything the report must say is missing or doubtful (Dutch text, one row each).

    Returns:
        ``topic, subject, detail`` rows: corporations and municipalities without a delivery,
        years without mutation figures, rejected rows (e.g. a project outside the region),
        projects whose status does not fit their year, purchases reported twice
        (``double_purchases``, :func:`analysis.rules.plans.find_double_purchases`: counted once)
        and purchases under the old code AAN (origin unknown, counted as inponding).
    """
    rows = [("levering", c, words.MISSING_CORPORATION) for c in sorted(set(corporations) - set(delivered_corporations))]
    rows += [("levering", m, words.MISSING_MUNICIPALITY)
             for m in sorted(set(municipalities) - set(delivered_municipalities))]
    covered = mutation_years_covered(mutations, year, range(int(first_year), int(last_year) + 1))
    rows += [("mutaties", str(y), words.missing_mutations(figure_status_of(y, year), y))
             for y, ok in covered.items() if not ok]
    if len(rejections):
        rows += _rejection_rows(rejections)
    if len(projects):
        rows += _status_rows(projects, year)
    rows += _purchase_rows(mutations, double_purchases)
    return pd.DataFrame(rows, columns=MISSING_COLUMNS)


def delivered_parties(deliveries: pd.DataFrame, column: str, fallback: pd.DataFrame | None = None) -> list[str]:
    """Names of the parties that delivered (from a deliveries table, else from the data itself)."""
    if len(deliveries) and column in deliveries:
        return sorted(deliveries[column].dropna().astype(str).unique())
    if fallback is not None and len(fallback) and column in fallback:
        return sorted(fallback[column].dropna().astype(str).unique())
    return []
