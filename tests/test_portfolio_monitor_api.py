"""The portfolio functions the monitor composes its figures from, on tiny hand-made frames.

``compute_targets_vs_plans`` (region rows), ``compute_inponding`` + ``summarise_inponding`` and
``compute_programme_share``: the monitor and the portfolio report state the same figures because
both call these.

The plans of this file (``combine_plans`` of the projects and the market plan capacity)::

    key  developer   municipality  segment          type        n   year  status
    C1   corporatie  Heerlen       sociale_huur     nieuwbouw   40  2023  opgeleverd
    C2   corporatie  Heerlen       middenhuur       nieuwbouw   10  2025  opgeleverd
    C3   corporatie  Kerkrade      middenhuur       nieuwbouw   20  2027  hard
    C4   corporatie  Kerkrade      sociale_huur     aankoop      6  2026  hard      (purchase: not new build)
    C5   corporatie  Kerkrade      vrije_sector     nieuwbouw   50  2028  zacht     (soft: not counted)
    M1   markt       Heerlen       betaalbare_koop  nieuwbouw    5  2026  in_aanbouw
    M2   markt       Heerlen       vrije_sector     nieuwbouw   25  2031  hard      (after 2030)

    share target 2022-2030 (middenhuur + betaalbare koop), 40 %:
      numerator   = C2 10 + C3 20 + M1 5                 = 35
      denominator = C1 40 + C2 10 + C3 20 + M1 5         = 75   -> 46,67 %
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import portfolio as pf
from analysis.rules.scopes import REGION_NAME, scope_frame

COLUMNS = ["project_id", "corporation", "municipality", "segment", "project_type", "n_dwellings",
           "completion_year", "plan_status"]


@pytest.fixture
def plans() -> pd.DataFrame:
    projects = pd.DataFrame([
        ("C1", "Weller", "Heerlen", "sociale_huur", "nieuwbouw", 40, 2023, "opgeleverd"),
        ("C2", "Weller", "Heerlen", "middenhuur", "nieuwbouw", 10, 2025, "opgeleverd"),
        ("C3", "HEEMwonen", "Kerkrade", "middenhuur", "nieuwbouw", 20, 2027, "hard"),
        ("C4", "HEEMwonen", "Kerkrade", "sociale_huur", "aankoop", 6, 2026, "hard"),
        ("C5", "HEEMwonen", "Kerkrade", "vrije_sector", "nieuwbouw", 50, 2028, "zacht"),
    ], columns=COLUMNS)
    capacity = pd.DataFrame([
        ("M1", "betaalbare_koop", 5, 2026, "in_aanbouw", "markt", None, "Heerlen"),
        ("M2", "vrije_sector", 25, 2031, "hard", "markt", None, "Heerlen"),
    ], columns=["project", "segment", "n_dwellings", "completion_year", "plan_status", "developer", "corporation",
                "sender_municipality"])
    return pf.combine_plans(projects, capacity)


@pytest.fixture
def targets() -> pd.DataFrame:
    return pd.DataFrame([
        ("new_build_total_2030", 200, "woningen", 2022, 2030, "regio", "totaal", "minimum"),
        ("mid_affordable_2030", 40, "woningen", 2022, 2030, "regio", "middenhuur_betaalbare_koop", "minimum"),
        ("mid_affordable_share_new_build", 40, "procent", 2022, 2030, "regio", "middenhuur_betaalbare_koop",
         "minimum"),
        ("inponding_per_year", 100, "woningen_per_jaar", 2024, 2028, "regio", None, "ambitie"),
    ], columns=["target_id", "value", "unit", "period_start", "period_end", "scope", "segment", "kind"])


def test_programme_share_counts_realised_and_hard_plans(plans, targets):
    out = pf.compute_programme_share(plans, targets)
    assert list(out.columns) == ["scope_type", "scope", "target_id", "numerator_dwellings", "denominator_dwellings",
                                 "share_pct"]
    r = out.iloc[0]
    assert (r["scope_type"], r["scope"], r["target_id"]) == ("regio", REGION_NAME, "mid_affordable_share_new_build")
    assert (r["numerator_dwellings"], r["denominator_dwellings"]) == (35, 75)
    assert r["share_pct"] == pytest.approx(100 * 35 / 75)


def test_programme_share_is_nan_without_programme_and_empty_without_target(plans, targets):
    later = plans.assign(completion_year=2035)
    assert np.isnan(pf.compute_programme_share(later, targets)["share_pct"].item())
    none = pf.compute_programme_share(plans, targets[targets["target_id"] != "mid_affordable_share_new_build"])
    assert none.empty and "share_pct" in none.columns


def test_targets_vs_plans_region_rows_for_the_monitor(plans, targets):
    out = pf.compute_targets_vs_plans(plans, targets, scope_frame([], []))
    got = out.set_index("target_id")[["scope_type", "realised", "planned_hard", "planned_soft"]]
    # total: realised C1 40 + C2 10; hard C3 20 + M1 5; soft C5 50 (C4 purchase, M2 after 2030)
    assert got.loc["new_build_total_2030"].tolist() == ["regio", 50, 25, 50]
    # middenhuur + betaalbare koop: realised C2 10; hard C3 20 + M1 5
    assert got.loc["mid_affordable_2030"].tolist() == ["regio", 10, 25, 0]


@pytest.fixture
def inponding() -> pd.DataFrame:
    """Reporting year 2026, ambition 100 per year::

        2024 realisatie  90
        2025 realisatie  70
        2026 prognose   120
        2027 prognose    –   (no figures)
        2028 prognose    60

    realised per year (90 + 70) / 2 = 80; planned per year (120 + 60) / 2 = 90;
    period mean (90 + 70 + 120 + 60) / 4 = 85.
    """
    m = pd.DataFrame([
        ("Heerlen", 2024, "AAN", 50, "realisatie"), ("Kerkrade", 2024, "AAN", 40, "realisatie"),
        ("Heerlen", 2025, "AAN", 70, "realisatie"), ("Heerlen", 2025, "SLO", 9, "realisatie"),
        ("Heerlen", 2026, "AAN", 120, "prognose"), ("Kerkrade", 2028, "AAN", 60, "prognose"),
    ], columns=["municipality", "year", "mutation_type", "count", "figure_status"])
    return pf.compute_inponding(m, 2026, 100, 2024, 2028)


def test_compute_inponding_per_year(inponding):
    got = inponding.set_index("year")
    assert got["inponding"].tolist()[:3] == [90, 70, 120] and pd.isna(got.loc[2027, "inponding"])
    assert got["figure_status"].tolist() == ["realisatie", "realisatie", "prognose", "prognose", "prognose"]


def test_summarise_inponding(inponding):
    assert pf.summarise_inponding(inponding) == {
        "realised_per_year": 80.0, "planned_per_year": 90.0, "period_mean": 85.0,
        "n_realised_years": 2, "n_planned_years": 2, "target": 100.0}


def test_summarise_inponding_without_figures_is_nan():
    empty = pf.compute_inponding(pd.DataFrame(columns=["municipality", "year", "mutation_type", "count",
                                                       "figure_status"]), 2026, 100, 2024, 2028)
    s = pf.summarise_inponding(empty)
    assert np.isnan(s["realised_per_year"]) and np.isnan(s["planned_per_year"]) and np.isnan(s["period_mean"])
    assert (s["n_realised_years"], s["n_planned_years"], s["target"]) == (0, 0, 100.0)
