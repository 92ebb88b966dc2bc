"""analysis.rules.plans: which plans count toward which target (hand-computed cases).

The first case moved here from the monitor's tests (``mon.combine_new_build`` / ``mon.sum_new_build``,
which re-implemented the rule); the expectations are unchanged.
"""

from __future__ import annotations

import pandas as pd

from analysis.rules import plans as P


def _projects():
    """
    | corp | gemeente | segment      | type       | n  | jaar | status     |
    | A    | Heerlen  | sociale_huur | nieuwbouw  | 10 | 2024 | opgeleverd |
    | A    | Heerlen  | middenhuur   | nieuwbouw  | 5  | 2025 | hard       |
    | B    | Kerkrade | sociale_huur | nieuwbouw  | 7  | 2025 | zacht      |   (soft: not planned_hard)
    | B    | Kerkrade | sociale_huur | nieuwbouw  | 3  | 2031 | hard       |   (after the period)
    """
    return pd.DataFrame({
        "corporation": ["A", "A", "B", "B"], "project_id": ["p1", "p2", "p3", "p4"],
        "municipality": ["Heerlen", "Heerlen", "Kerkrade", "Kerkrade"],
        "segment": ["sociale_huur", "middenhuur", "sociale_huur", "sociale_huur"],
        "project_type": ["nieuwbouw"] * 4,
        "n_dwellings": [10, 5, 7, 3], "completion_year": [2024, 2025, 2025, 2031],
        "plan_status": ["opgeleverd", "hard", "zacht", "hard"],
    })


def _capacity():
    """Heerlen's plan capacity: 20 market dwellings (vrije sector, in aanbouw) and its view of A's 10 social."""
    return pd.DataFrame({
        "sender_municipality": ["Heerlen", "Heerlen"], "project": ["m1", "c1"],
        "segment": ["vrije_sector", "sociale_huur"], "n_dwellings": [20, 10], "completion_year": [2026, 2026],
        "plan_status": ["in_aanbouw", "hard"], "developer": ["markt", "corporatie"]})


def _sum(plans, segment, start, end):
    c = P.count_by_status(plans, segment, start, end)
    return float(c["realised"]), float(c["planned_hard"])


def test_realised_and_hard_plans_in_period():
    plans = P.combine_plans(_projects(), _capacity())
    assert _sum(plans, "totaal", 2022, 2030) == (10.0, 25.0)  # 5 + 20 market; the municipality's corp row skipped
    assert _sum(plans, "sociale_huur", 2022, 2030) == (10.0, 0.0)
    assert _sum(plans, "middenhuur_betaalbare_koop", 2024, 2028) == (0.0, 5.0)


def test_market_plans_never_count_toward_social_rent():
    """A market plan of social rent (a developer building 'sociale huur') is not the corporations' 2.430."""
    cap = _capacity().assign(segment=["sociale_huur", "sociale_huur"])
    plans = P.combine_plans(_projects(), cap)
    assert _sum(plans, "sociale_huur", 2022, 2030) == (10.0, 0.0)
    assert P.count_by_status(plans, "totaal", 2022, 2030)["market_dwellings"] == 20
    assert not P.market_counts_toward("sociale_huur") and P.market_counts_toward("flex")


def test_purchase_counts_for_social_rent_only():
    """An ``aankoop`` project adds social rent stock (afspraak 1), not to the building ambition."""
    proj = _projects().iloc[:1].assign(project_type="aankoop", n_dwellings=4)
    plans = P.combine_plans(proj, pd.DataFrame())
    assert _sum(plans, "sociale_huur", 2022, 2030) == (4.0, 0.0)
    assert _sum(plans, "totaal", 2022, 2030) == (0.0, 0.0)


def test_scope_counts_add_up_to_the_region():
    plans = P.combine_plans(_projects(), _capacity())
    region = P.count_by_status(plans, "totaal", 2022, 2030)
    parts = [P.count_by_status(plans, "totaal", 2022, 2030, "gemeente", m) for m in ("Heerlen", "Kerkrade")]
    for k in ("realised", "planned_hard", "planned_soft"):
        assert region[k] == sum(p[k] for p in parts)
    assert P.count_by_status(plans, "totaal", 2022, 2030, "corporatie", "A")["market_dwellings"] == 0


def test_figure_status_of_a_year():
    assert P.figure_status_of(2025, 2026) == "realisatie"
    assert P.figure_status_of(2026, 2026) == "prognose"
