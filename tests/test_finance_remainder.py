"""The restopgave (afspraak 16) and the three parts of the task: hand-computed counts, prices and gaps.

The tiny region (reporting year 2026)::

    targets   social rent 60 (2022-2030), middenhuur/betaalbare koop 20, flex 10 (2022-2030),
              inponding 5 a year in 2024-2028 (25 in all)
    plans     corporation A: 20 social (hard, 2027), 4 middenhuur (hard, 2027)
              corporation B: 2 flex (zacht, 2028)
              market (plan capacity): 12 middenhuur (2027), 6 flex (2028)
    inponding A buys private dwellings (plans.INPONDING): 3 + 3 realised (2024, 2025), 4 + 4 + 4 forecast

    social:    counted 20 + 18 inponding = 38; gap 60 - 38 = 22; the inponding shortfall (below)
               also counts as social rent, so the remainder is 22 - 7 = 15, all the corporations'
    mid:       counted 4 + 12 = 16; gap 4; corporations' share of the plans 4 / 16 = 25 % -> 1
    flex:      counted 2 + 6 = 8; gap 2; share 2 / 8 = 25 % -> 0,5 -> 1 (half rounds up)
    inponding: 25 - 18 = 7
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import finance as F
from analysis.finance import text_task
from analysis.rules import plans

M = 1e6
TARGETS = pd.DataFrame({
    "target_id": ["s", "m", "f", "inponding_per_year"],
    "segment": ["sociale_huur", "middenhuur_betaalbare_koop", "flex", None],
    "value": [60, 20, 10, 5],
    "period_start": [2022, 2022, 2022, 2024], "period_end": [2030, 2030, 2030, 2028],
    "unit": ["woningen", "woningen", "woningen", "woningen_per_jaar"], "scope": ["regio"] * 4,
    "kind": ["minimum", "minimum", "ambitie", "ambitie"],
})
PROJECTS = pd.DataFrame({
    "corporation": ["A", "A", "B"], "project_id": ["p1", "p2", "p3"], "municipality": ["Heerlen"] * 3,
    "segment": ["sociale_huur", "middenhuur", "flex"], "project_type": ["nieuwbouw"] * 3,
    "n_dwellings": [20, 4, 2], "completion_year": [2027, 2027, 2028], "plan_status": ["hard", "hard", "zacht"],
    "total_cost_eur": [None, None, None],
})
CAPACITY = pd.DataFrame({
    "sender_municipality": ["Heerlen", "Heerlen"], "project": ["m1", "m2"], "segment": ["middenhuur", "flex"],
    "n_dwellings": [12, 6], "completion_year": [2027, 2028], "plan_status": ["hard", "zacht"],
    "developer": ["markt", "markt"], "corporation": [None, None],
})
MUTATIONS = pd.DataFrame({
    "corporation": ["A"] * 5, "municipality": ["Heerlen"] * 5, "year": [2024, 2025, 2026, 2027, 2028],
    "mutation_type": [plans.INPONDING[0]] * 5, "count": [3, 3, 4, 4, 4],
    "figure_status": ["realisatie", "realisatie", "prognose", "prognose", "prognose"],
})
COSTS = pd.DataFrame({
    "cost_id": ["s", "m", "f", "i"], "item": ["nieuwbouw", "nieuwbouw", "nieuwbouw", "inponding"],
    "segment": ["sociale_huur", "middenhuur", "flex", None], "value_eur": [100000.0, 150000.0, 50000.0, 120000.0],
    "price_year": [2025] * 4, "used_in_model": [True] * 4,
})
FLAT = F.Scenario("t", interest_rate=0.05, cost_growth_per_year=0.0, rent_growth_per_year=0.0)
MODEL = F.ModelParameters(0.1, 0.0)


@pytest.fixture(scope="module")
def remainder():
    return F.compute_remainder(PROJECTS, CAPACITY, MUTATIONS, TARGETS, 2026, 0.5).set_index("segment")


def test_remainder_per_segment_by_hand(remainder):
    r = remainder
    assert r.loc["sociale_huur", "gap"] == 22 and r.loc["sociale_huur", "inponding_overlap"] == 7
    assert r.loc["sociale_huur", "n_dwellings"] == 15 and r.loc["sociale_huur", "corporation_share"] == 1.0
    assert r.loc["middenhuur_betaalbare_koop", "corporation_share"] == pytest.approx(0.25)
    assert r.loc["middenhuur_betaalbare_koop", "n_dwellings"] == 1
    assert r.loc["middenhuur_betaalbare_koop", "price_segment"] == "middenhuur"
    assert r.loc["flex", "gap"] == 2 and r.loc["flex", "n_dwellings"] == 1
    assert r.loc["inponding", "target"] == 25 and r.loc["inponding", "counted"] == 18
    assert r.loc["inponding", "n_dwellings"] == 7


def test_a_surplus_is_never_a_negative_task():
    """Plans for 70 social dwellings against a target of 60: no social remainder (not -10)."""
    more = PROJECTS.assign(n_dwellings=[70, 4, 2])
    r = F.compute_remainder(more, CAPACITY, MUTATIONS, TARGETS, 2026, 0.5)
    assert r.set_index("segment").loc["sociale_huur", "gap"] == 60 - 70 - 18
    assert r.set_index("segment").loc["sociale_huur", "n_dwellings"] == 0
    assert " Voor sociale huur dekken de plannen het doel al; daar is geen restopgave." in text_task.remainder_text(
        r, pd.DataFrame())


def test_without_any_plan_the_remainder_is_unknown():
    empty_p = PROJECTS.iloc[0:0]
    r = F.compute_remainder(empty_p, CAPACITY.iloc[0:0], MUTATIONS.iloc[0:0], TARGETS, 2026, 0.5)
    assert r["n_dwellings"].isna().all() and r["counted"].isna().all() and r["gap"].isna().all()
    shown = text_task.format_remainder_table(r)
    assert set(shown["Gerealiseerd en gepland"]) == {"–"} and set(shown["Restopgave corporaties"]) == {"–"}
    assert text_task.remainder_text(r, pd.DataFrame()) == (
        "Of de afspraken meer vragen dan de plannen, is niet te zeggen: er zijn geen plannen geleverd "
        "(projecten van de corporaties of plancapaciteit van de gemeenten).")


def test_a_segment_without_plans_takes_the_default_share():
    """No flex plan at all: 10 flex dwellings open, default share 0,5 -> 5."""
    no_flex = PROJECTS[PROJECTS["segment"] != "flex"]
    r = F.compute_remainder(no_flex, CAPACITY[CAPACITY["segment"] != "flex"], MUTATIONS, TARGETS, 2026, 0.5)
    assert r.set_index("segment").loc["flex", "n_dwellings"] == 5


def test_ten_social_dwellings_short_are_priced():
    """10 social dwellings short, one corporation (base year 2025, horizon 2030), € 100.000 each in 2025
    prices, no cost growth: 2 a year in 2026-2030, 10 x 100.000 = € 1.000.000."""
    rest = pd.DataFrame({"segment": ["sociale_huur"], "n_dwellings": [10.0], "period_end": [2030],
                         "item": ["nieuwbouw"], "price_segment": ["sociale_huur"]})
    units = F.remainder_units(rest, {"A": 1.0}, {"A": 2025}, 2030)
    assert units["year"].tolist() == [2026, 2027, 2028, 2029, 2030] and (units["n_units"] == 2).all()
    task = F.price_task(units, pd.DataFrame({"corporation": [], "year": []}), COSTS, {"A": 2025}, FLAT, MODEL)
    assert set(task["task_part"]) == {"restopgave"}
    assert task["cost_eur"].sum() == pytest.approx(10 * 100000.0)


def test_the_region_remainder_divided_over_corporations_and_priced(remainder):
    """Stock register A 3 dwellings, B 1 (largest remainder on 3 : 1):
    social 15 -> A 11, B 4; mid 1 -> A; flex 1 -> A; inponding 7 -> A 5, B 2.
    A: 11 x 100.000 + 1 x 150.000 + 1 x 50.000 + 5 x 120.000 = 1.900.000
    B:  4 x 100.000 + 2 x 120.000 = 640.000"""
    stock = pd.DataFrame({"corporation": ["A", "A", "A", "B"]})
    weights = F.allocation_weights(stock, ["A", "B"])
    assert weights == {"A": 3.0, "B": 1.0}
    units = F.remainder_units(remainder.reset_index(), weights, {"A": 2025, "B": 2025}, 2030)
    per = units.groupby(["corporation", "item", "segment"])["n_units"].sum().round(9).to_dict()
    assert per == {("A", "inponding", ""): 5, ("A", "nieuwbouw", "flex"): 1, ("A", "nieuwbouw", "middenhuur"): 1,
                   ("A", "nieuwbouw", "sociale_huur"): 11, ("B", "inponding", ""): 2,
                   ("B", "nieuwbouw", "sociale_huur"): 4}
    assert units.loc[units["item"] == "inponding", "year"].max() == 2028  # afspraak 8 runs to 2028
    task = F.price_task(units, pd.DataFrame({"corporation": [], "year": []}), COSTS, {"A": 2025, "B": 2025},
                        FLAT, MODEL)
    cost = task.groupby("corporation")["cost_eur"].sum()
    assert cost["A"] == pytest.approx(1_900_000.0) and cost["B"] == pytest.approx(640_000.0)


def test_allocate_whole_dwellings():
    assert F.allocate_whole(15, {"A": 3, "B": 1}) == {"A": 11, "B": 4}
    assert F.allocate_whole(3, {"A": 0, "B": 0}) == {"A": 2, "B": 1}  # no register: equal, ties to A
    assert F.allocate_whole(0, {"A": 1}) == {"A": 0}


# ---------------------------------------------------------------- the three parts, financed in order

def _base():
    """The corporation of tests/test_finance.py: LTV slack 75 - I (no buffer), 58 - I (buffer 10 %)."""
    return {"corporation": "A", "base_year": 2025, "policy_value_eur": 200 * M, "market_value_eur": 400 * M,
            "debt_eur": 100 * M, "interest_eur": 5 * M, "operating_cash_flow_eur": 10 * M, "n_dwellings": 0}


NORMS = pd.DataFrame({"norm_id": ["icr", "ltv_beleidswaarde", "dekkingsratio_marktwaarde"],
                      "operator": [">", "<", "<"], "value": [1.4, 0.85, 0.70]})


def _parts():
    return {"plannen": F.make_flows(investment_eur={2026: 50 * M}), "efg": F.make_flows(investment_eur={2026: 10 * M}),
            "restopgave": F.make_flows(investment_eur={2026: 30 * M})}


def test_parts_are_financed_in_order_without_buffer():
    """Room 75: plans 50 fit, EFG 10 fit (15 left), restopgave 30: 15 fit, gap 15."""
    a = F.assess_corporation(_base(), F.make_flows(), _parts(), FLAT, MODEL, NORMS, 0.0, 2026)
    got = {n: tuple(round(v / M, 6) for v in (p.task_eur, p.financeable_eur, p.gap_eur)) for n, p in a.parts.items()}
    assert got == {"plannen": (50, 50, 0), "efg": (10, 10, 0), "restopgave": (30, 15, 15)}
    assert a.task_eur == pytest.approx(90 * M) and a.gap_eur == pytest.approx(15 * M)
    assert a.binding_norm == "ltv_beleidswaarde" and a.binding_year == 2026


def test_parts_with_buffer_a_later_part_gets_nothing_once_one_falls_short():
    """Room 58: plans 50 fit, EFG 8 of 10 (gap 2), restopgave nothing (gap 30); total gap 32 = 90 - 58."""
    a = F.assess_corporation(_base(), F.make_flows(), _parts(), FLAT, MODEL, NORMS, 0.1, 2026)
    assert a.parts["efg"].gap_eur == pytest.approx(2 * M)
    assert a.parts["restopgave"].financeable_eur == 0.0 and a.parts["restopgave"].gap_eur == pytest.approx(30 * M)
    assert sum(p.gap_eur for p in a.parts.values()) == pytest.approx(a.gap_eur) == pytest.approx(32 * M)
    assert a.capacity_eur == 0.0


def test_the_three_parts_add_up_to_the_whole_task():
    """Two corporations with finances, the tiny region's remainder: every part table adds up."""
    ref = F.load_reference()
    fin = pd.DataFrame({
        "corporation": ["A", "B"], "year": [2025, 2025], "policy_value_eur": [200 * M, 50 * M],
        "market_value_eur": [400 * M, 90 * M], "debt_eur": [100 * M, 40 * M], "interest_eur": [5 * M, 1.2 * M],
        "operating_cash_flow_eur": [10 * M, 2 * M], "planned_investment_eur": [0.0, 0.0]})
    stock = pd.DataFrame({"corporation": ["A", "A", "A", "B"], "energy_label": ["E", "C", "C", "G"],
                          "municipality": ["Heerlen"] * 4, "planned_measure": [None] * 4,
                          "measure_year": pd.array([None] * 4, dtype="Int64")})
    rest = F.compute_remainder(PROJECTS, CAPACITY, MUTATIONS, TARGETS, 2026, 0.5)
    r = F.compute_financial_capacity(PROJECTS, MUTATIONS, stock, fin, 2026, ref, "basis", 0.1, 2030, remainder=rest)
    cap = r.capacity.set_index("corporation")
    parts = r.parts.groupby("corporation")[["task_eur", "financeable_eur", "gap_eur"]].sum()
    for c in ("A", "B"):
        for col in ("task_eur", "financeable_eur", "gap_eur"):
            assert parts.loc[c, col] == pytest.approx(cap.loc[c, col])
    assert set(r.parts["task_part"]) == set(F.TASK_PARTS)
    assert r.parts.set_index(["corporation", "task_part"]).loc[("B", "efg"), "task_eur"] > 0  # B's G dwelling
    table = F.scope_parts(r.parts, "basis")
    region = table[table["scope_type"] == "regio"].set_index("task_part")
    corps = table[table["scope_type"] == "corporatie"].groupby("task_part")[["task_eur", "gap_eur"]].sum()
    assert region["task_eur"].to_numpy() == pytest.approx(corps["task_eur"].reindex(region.index).to_numpy())
    assert region["task_eur"].sum() == pytest.approx(cap.loc[F.REGION_NAME, "task_eur"])
    assert region["gap_eur"].sum() == pytest.approx(cap.loc[F.REGION_NAME, "gap_eur"])
    task = F.scope_task(r.task, ["A", "B"], "basis")
    own = task[(task["scope"] == F.REGION_NAME) & (task["task_part"] == "restopgave")].set_index("item")["n_units"]
    assert own.to_dict() == {"nieuwbouw": 15 + 1 + 1, "inponding": 7}


def test_parts_sentence_and_table():
    table = pd.DataFrame({
        "scope_type": ["regio"] * 3, "scope": [F.REGION_NAME] * 3, "task_part": list(F.TASK_PARTS),
        "task_eur": [500 * M, 100 * M, 80 * M], "financeable_eur": [500 * M, 90 * M, 0.0],
        "gap_eur": [0.0, 10 * M, 80 * M], "scenario": ["basis"] * 3})
    text = text_task.parts_text(table, F.REGION_NAME, 2030)
    assert ("- **Wat de corporaties plannen** (nieuwbouw, inponding, renovatie en sloop uit de eigen leveringen): "
            "€ 500,0 mln; dat past helemaal binnen de normen (met buffer); tekort € 0.") in text
    assert ("- **Verbetering van de EFG-woningen** (de woningen die volgens de EFG-regel nog verbeterd moeten "
            "worden): € 100,0 mln; daarvan past € 90,0 mln binnen de normen (met buffer); het "
            "tekort is **€ 10,0 mln**.") in text
    assert "- **Samen**: € 680,0 mln; tekort € 90,0 mln." in text
    shown = text_task.format_parts_table(table, F.REGION_NAME)
    assert shown["Tekort"].tolist() == ["€ 0,0 mln", "€ 10,0 mln", "€ 80,0 mln", "€ 90,0 mln"]


def test_remainder_sentence(remainder):
    text = text_task.remainder_text(remainder.reset_index(), pd.DataFrame())
    assert ("Voor de corporaties in de regio is dat: 15 sociale huurwoningen (22 nog niet gepland, min de 7 "
            "ingeponde woningen van de inhaalslag hieronder, die ook als sociale huur tellen), 1 middenhuurwoning "
            "(25 % van de 4 die nog niet gepland zijn: het aandeel van de corporaties in de huidige plannen van dat "
            "segment; de rest kan de markt bouwen), 1 flexwoning (25 % van de 2 die nog niet gepland zijn: het "
            "aandeel van de corporaties in de huidige plannen van dat segment; de rest kan de markt bouwen) en 7 "
            "ingeponde (aangekochte particuliere) woningen (het doel van de inponding tot en met 2028 is 25 "
            "woningen, 18 zijn gerealiseerd en gepland).") in text


def test_remainder_sentence_names_who_did_not_deliver(remainder):
    """A missing delivery: its plans are not counted, so the restopgave is too high rather than too low."""
    text = text_task.remainder_text(remainder.reset_index(), pd.DataFrame(), missing=(["Weller"], ["Brunssum"]))
    assert text.endswith(" Niet geleverd hebben: Weller (projecten) en Brunssum (plancapaciteit). Hun plannen tellen "
                         "niet mee en het deel van een corporatie zonder levering valt op de corporaties die wel "
                         "leverden: de restopgave is daardoor eerder te hoog dan te laag.")
    deliveries = pd.DataFrame({"corporation": ["A"]})
    got = F.missing_plan_parties(["A", "B"], ["Heerlen", "Brunssum"], deliveries, pd.DataFrame(), PROJECTS, CAPACITY)
    assert got == (("B",), ("Brunssum",))  # B: not in the deliveries table; Brunssum: no plan capacity
