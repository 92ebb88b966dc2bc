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


def _mutations():
    """Purchases of corporation A (reporting year 2026)::

        | corp | gemeente | jaar | soort | n  | status     |
        | A    | Heerlen  | 2024 | AAP   | 6  | realisatie |  inponding, realised
        | A    | Heerlen  | 2024 | AAC   | 9  | realisatie |  from another corporation: counts nowhere
        | A    | Heerlen  | 2025 | AAN   | 2  | realisatie |  old code: counted as inponding
        | A    | Heerlen  | 2026 | AAP   | 5  | prognose   |  forecast inponding: a hard plan
        | A    | Heerlen  | 2026 | AAP   | 99 | realisatie |  wrong status for 2026: not counted
        | A    | Heerlen  | 2027 | SLO   | 4  | prognose   |  not a purchase
    """
    return pd.DataFrame({
        "corporation": ["A"] * 6, "municipality": ["Heerlen"] * 6,
        "year": [2024, 2024, 2025, 2026, 2026, 2027],
        "mutation_type": ["AAP", "AAC", "AAN", "AAP", "AAP", "SLO"],
        "count": [6, 9, 2, 5, 99, 4],
        "figure_status": ["realisatie", "realisatie", "realisatie", "prognose", "realisatie", "prognose"]})


def test_inponding_counts_toward_social_rent_and_a_corporation_purchase_does_not():
    """Afspraak 1: inponding (AAP, and the old AAN) counts toward social rent; AAC never; not toward the total."""
    plans = P.combine_plans(_projects(), _capacity(), _mutations(), year=2026)
    # realised: p1 10 + AAP 6 (2024) + AAN 2 (2025) = 18; hard: AAP 5 (2026, prognosis); AAC 9 nowhere
    assert _sum(plans, "sociale_huur", 2022, 2030) == (18.0, 5.0)
    c = P.count_by_status(plans, "sociale_huur", 2022, 2030)
    assert (c["inponding_realised"], c["inponding_planned"]) == (8, 5)
    # 2024-2028: the same (all years inside); 2025-2025: only the AAN 2
    assert P.count_by_status(plans, "sociale_huur", 2025, 2025)["realised"] == 2
    # the total building ambition: purchases add no new dwelling (as before: 10 realised, 25 hard)
    assert _sum(plans, "totaal", 2022, 2030) == (10.0, 25.0)
    # without the mutations nothing of this counts (the old call)
    assert _sum(P.combine_plans(_projects(), _capacity()), "sociale_huur", 2022, 2030) == (10.0, 0.0)


def test_a_purchase_reported_twice_is_counted_once():
    """An ``aankoop`` project of A in Heerlen 2024 (6) and the AAP mutation (6): counted once, from the mutation."""
    proj = pd.concat([_projects(), pd.DataFrame({
        "corporation": ["A", "B"], "project_id": ["k1", "k2"], "municipality": ["Heerlen", "Kerkrade"],
        "segment": ["sociale_huur"] * 2, "project_type": ["aankoop"] * 2, "n_dwellings": [6, 3],
        "completion_year": [2024, 2024], "plan_status": ["opgeleverd"] * 2})], ignore_index=True)
    doubles = P.find_double_purchases(proj, _mutations(), 2026)
    # k1 matches A/Heerlen/2024 (AAP 6 + AAC 9 = 15 purchases reported there); k2 has no mutation: kept
    assert doubles[["corporation", "project_id", "project_dwellings", "mutation_dwellings", "mutation_types"]
                   ].values.tolist() == [["A", "k1", 6, 15, "AAC, AAP"]]
    plans = P.combine_plans(proj, _capacity(), _mutations(), year=2026)
    # realised: p1 10 + k2 3 + AAP 6 + AAN 2 = 21 (k1 left out: not 6 twice)
    assert _sum(plans, "sociale_huur", 2022, 2030) == (21.0, 5.0)
    assert "C|A|k1" not in set(plans["plan_key"]) and "C|B|k2" in set(plans["plan_key"])


def test_inponding_plans_rows():
    plans = P.inponding_plans(_mutations(), 2026)
    assert plans[["completion_year", "n_dwellings", "plan_status", "project_type"]].values.tolist() == [
        [2024, 6, "opgeleverd", "inponding"], [2025, 2, "opgeleverd", "inponding"],
        [2026, 5, P.INPONDING_PROGNOSIS_STATUS, "inponding"]]
    assert P.inponding_plans(_mutations().iloc[0:0], 2026).columns.tolist() == P.PLAN_COLUMNS
    assert set(P.COUNTED_AS_INPONDING) == {"AAP", "AAN"} and P.PURCHASE_FROM_CORPORATION == ("AAC",)
