"""The illustrative example deliveries (analysis.deliveries.example_data).

- unit tests of the view functions on tiny literal frames, with hand-computed expectations;
- the generator is deterministic and the shipped files equal a fresh generation;
- calibration against the public figures it claims to follow;
- coherence between successive delivery years;
- the example deliveries validate with 0 rejections.
"""

from __future__ import annotations

import filecmp
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import config, processed
from analysis.deliveries import example_data as ed

TINY_DIR = Path(__file__).parent / "fixtures" / "tiny"


@pytest.fixture(scope="module")
def world():
    return ed.build_world(ed.DEFAULT_SEED, "full")


# ---------------------------------------------------------------------------------------------
# Unit tests on literal frames
# ---------------------------------------------------------------------------------------------
def test_project_view_reports_each_fate_honestly():
    """Four plans with their fates, seen from delivery 2025.

        project  first  planned  status  fate (realised / vanishes)   -> in 2025
        A        2022   2023     hard    on time, 2023                   opgeleverd 2023
        B        2022   2024     zacht   delayed to 2026                 zacht, 2026 (planned year passed)
        C        2022   2027     idee    dropped, gone from 2025         not listed
        D        2026   2029     zacht   on time                         not yet listed
    """
    fates = pd.DataFrame({
        "project_id": list("ABCD"), "first_listed": [2022, 2022, 2022, 2026],
        "completion_year": [2023, 2024, 2027, 2029], "planned_year": [2023, 2024, 2027, 2029],
        "plan_status": ["hard", "zacht", "idee", "zacht"], "fate": ["op_tijd", "vertraagd", "uitgevallen", "op_tijd"],
        "realised_year": pd.array([2023, 2026, pd.NA, 2029], dtype="Int64"),
        "vanish_year": pd.array([pd.NA, pd.NA, 2025, pd.NA], dtype="Int64"),
    })
    view = ed.project_view(fates, 2025).set_index("project_id")
    assert view.index.tolist() == ["A", "B"]
    assert view["completion_year"].tolist() == [2023, 2026]
    assert view["plan_status"].tolist() == ["opgeleverd", "zacht"]


def test_plan_status_firms_up_towards_the_real_completion():
    """With plan_firm_up_years {in_aanbouw: 1, hard: 3, zacht: 5} (years left to the real completion):

        project  first  status  planned  fate                    2022  2023  2024  2025  2026  2027  2028
        A        2022   idee    2027     on time (2027)          idee  zacht hard  hard  bouw  bouw  opgel.
        B        2022   hard    2025     delayed to 2027         hard  hard  hard  hard  bouw  bouw  opgel.
        C        2022   zacht   2025     dropped, gone from 2026 zacht hard  hard  hard  -     -     -
        D        2024   idee    2025     on time (2025)          -     -     idee  bouw  opgel. ...

    A: 2023 has 4 years left (<= 5: zacht), 2024-2025 3-2 (hard), 2026-2027 1-0 (in aanbouw; the
    delivery of 2027 precedes the completion). B never softens (first hard) and firms up by its real
    year 2027, listed for 2027 once 2025 has passed. C firms up to its planned year but never beyond
    hard. D keeps its first listing's status (idee, the calibration's truth) although 1 year is left."""
    fates = pd.DataFrame({
        "project_id": list("ABCD"), "first_listed": [2022, 2022, 2022, 2024],
        "completion_year": [2027, 2025, 2025, 2025], "planned_year": [2027, 2025, 2025, 2025],
        "plan_status": ["idee", "hard", "zacht", "idee"], "fate": ["op_tijd", "vertraagd", "uitgevallen", "op_tijd"],
        "realised_year": pd.array([2027, 2027, pd.NA, 2025], dtype="Int64"),
        "vanish_year": pd.array([pd.NA, pd.NA, 2026, pd.NA], dtype="Int64"),
    })
    params = ed.load_parameters()
    assert params.mapping("plan_firm_up_years") == {"in_aanbouw": 1.0, "hard": 3.0, "zacht": 5.0}
    views = {y: ed.project_view(fates, y, params).set_index("project_id") for y in range(2022, 2029)}
    status = {pid: [views[y]["plan_status"].get(pid, "-") for y in range(2022, 2029)] for pid in "ABCD"}
    assert status["A"] == ["idee", "zacht", "hard", "hard", "in_aanbouw", "in_aanbouw", "opgeleverd"]
    assert status["B"] == ["hard", "hard", "hard", "hard", "in_aanbouw", "in_aanbouw", "opgeleverd"]
    assert status["C"] == ["zacht", "hard", "hard", "hard", "-", "-", "-"]
    assert status["D"] == ["-", "-", "idee", "in_aanbouw", "opgeleverd", "opgeleverd", "opgeleverd"]
    assert [views[y].loc["B", "completion_year"] for y in (2025, 2026)] == [2025, 2027]
    # without the parameters a plan keeps its first listing's status (the calibration test's histories)
    assert ed.project_view(fates, 2026).set_index("project_id").loc["A", "plan_status"] == "idee"


def test_example_lists_plans_in_every_status(world):
    """The 2026 delivery of the full example lists plans in aanbouw, hard, zacht and idee, and a plan
    that is dropped is never listed in aanbouw after its first listing."""
    view = ed.project_view(world.projects, 2026, world.params)
    assert {"in_aanbouw", "hard", "zacht", "idee", "opgeleverd"} <= set(view["plan_status"])
    dropped = set(world.projects.loc[(world.projects["fate"] == "uitgevallen")
                                     & (world.projects["plan_status"] != "in_aanbouw"), "project_id"])
    for year in range(2023, 2027):
        v = ed.project_view(world.projects, year, world.params)
        assert not (v["project_id"].isin(dropped) & (v["plan_status"] == "in_aanbouw")).any()


def test_status_at_first_listing_by_years_ahead():
    # horizon 0: in aanbouw; horizon 2 with u < 0.6: hard, else zacht; 4+ years: zacht (u < 0.3) or idee
    assert ed._status(0, 0.9) == "in_aanbouw"
    assert (ed._status(2, 0.1), ed._status(2, 0.7)) == ("hard", "zacht")
    assert (ed._status(5, 0.2), ed._status(5, 0.5)) == ("zacht", "idee")


def test_fates_follow_the_known_parameters(world):
    """Every drawn plan has a fate; dropped plans are never built; the share dropped per status is
    ordered as the parameters (in aanbouw 2 % < hard < zacht < idee 50 %), on the full example."""
    drawn = world.projects[~world.projects["project_id"].str.contains("-WBI")]
    assert drawn["fate"].isin(["op_tijd", "vertraagd", "uitgevallen"]).all()
    dropped = drawn["fate"] == "uitgevallen"
    assert (drawn.loc[dropped, "cancel_year"] < 9999).all() and (drawn.loc[~dropped, "cancel_year"] == 9999).all()
    late = drawn["fate"] == "vertraagd"
    assert (drawn.loc[late, "true_year"] > drawn.loc[late, "planned_year"]).all()
    both = pd.concat([drawn, world.market])
    share = (both["fate"] == "uitgevallen").groupby(both["plan_status"]).mean()
    assert share["in_aanbouw"] < share["zacht"] < share["idee"]


def test_stock_at_uses_entry_and_exit_years():
    """entry_year < Y <= exit_year means 'held on 1 January Y'.

        vhe  entry  exit    held 1-1-2024?
        a    2021   9999    yes
        b    2023   9999    yes (completed in 2023)
        c    2024   9999    no  (completed during 2024)
        d    2021   2023    no  (demolished in 2023)
        e    2021   2024    yes (demolished during 2024)
    """
    units = pd.DataFrame({"vhe_id": list("abcde"), "entry_year": [2021, 2023, 2024, 2021, 2021],
                          "exit_year": [9999, 9999, 9999, 2023, 2024]})
    assert ed.stock_at(units, 2024)["vhe_id"].tolist() == ["a", "b", "e"]


def test_label_from_ep2_uses_upper_bounds_inclusive():
    params = ed.load_parameters()
    ep2 = np.array([-5.0, 0.0, 0.5, 160.0, 160.1, 290.0, 381.0])
    assert ed._label_of(ep2, params).tolist() == ["A++++", "A++++", "A+++", "A", "B", "D", "G"]


def test_rent_index_compounds_yearly_increases():
    params = ed.load_parameters()
    inc = params.mapping("rent_increase")
    assert ed.rent_index(params, 2022) == 1.0
    assert ed.rent_index(params, 2024) == pytest.approx((1 + inc["2022"]) * (1 + inc["2023"]))


# ---------------------------------------------------------------------------------------------
# Determinism and drift
# ---------------------------------------------------------------------------------------------
def test_same_seed_same_frames_other_seed_other_frames(world):
    again = ed.build_world(ed.DEFAULT_SEED, "full")
    a = ed.delivery_frames(world, 2025, ed.DEFAULT_SEED)
    b = ed.delivery_frames(again, 2025, ed.DEFAULT_SEED)
    assert a.keys() == b.keys()
    for stem in a:
        for sheet, frame in a[stem][1].items():
            pd.testing.assert_frame_equal(frame, b[stem][1][sheet], obj=f"{stem}/{sheet}")
    other = ed.delivery_frames(ed.build_world(7, "full"), 2025, 7)
    assert not other["weller_2025"][1]["voorraad"].equals(a["weller_2025"][1]["voorraad"])


def _same_tree(fresh: Path, shipped: Path) -> list[str]:
    diffs = []
    for ydir in sorted(p for p in fresh.iterdir() if p.is_dir()):
        names = sorted(p.name for p in ydir.iterdir())
        shipped_names = sorted(p.name for p in (shipped / ydir.name).iterdir()) if (shipped / ydir.name).exists() else []
        if names != shipped_names:
            diffs.append(f"{ydir.name}: {names} != {shipped_names}")
            continue
        _, mismatch, errors = filecmp.cmpfiles(ydir, shipped / ydir.name, names, shallow=False)
        diffs += [f"{ydir.name}/{n}" for n in mismatch + errors]
    return diffs


def test_tiny_fixture_equals_fresh_generation(tmp_path):
    ed.generate_deliveries(tmp_path, size="tiny", years=ed.TINY_YEARS)
    assert _same_tree(tmp_path, TINY_DIR) == [], "regenerate: see docs/example_data.md"


def test_shipped_example_equals_fresh_generation(tmp_path):
    """data/raw/example cannot drift from the code (byte-identical workbooks)."""
    ed.generate_deliveries(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2022", "2023", "2024", "2025", "2026"]
    assert _same_tree(tmp_path, config.EXAMPLE_DIR) == [], "regenerate with: rpa example-data"


# ---------------------------------------------------------------------------------------------
# Calibration
# ---------------------------------------------------------------------------------------------
def test_corporation_stock_within_cbs_stock_and_total_in_range(world):
    kwb, etm = ed.load_calibration()
    held = ed.stock_at(world.units, 2024)
    per_muni = held.groupby("municipality").size()
    cbs = kwb.set_index("municipality")["dwelling_stock"]
    assert set(per_muni.index) == set(cbs.index)  # every municipality has corporation stock
    assert (per_muni <= cbs[per_muni.index]).all()
    share = per_muni / cbs[per_muni.index]
    assert share.between(0.10, 0.45).all()
    assert 35_000 <= len(held) <= 45_000  # "on the order of 40.000" corporation dwellings


def test_corporation_stock_fits_stock_by_type_and_period(world):
    """Existing corporation dwellings per municipality x period x EGW/MGW <= the ETM stock."""
    _, etm = ed.load_calibration()
    etm = etm.assign(dwelling_type=np.where(etm["type"] == "apartments", "MGW", "EGW"))
    cap = etm.groupby(["municipality", "period", "dwelling_type"])["n_dwellings"].sum()
    base = world.units[world.units["origin"] == "bestaand"]
    counts = base.groupby(["municipality", "period", "dwelling_type"]).size()
    assert (counts <= cap.reindex(counts.index)).all()


def test_plans_near_but_not_on_targets(world):
    """Drawn social rent plans close to 2.430 but short; with the chapter-5 projects and the inponding
    (afspraak 1 counts it) the region's plans are over; middle/affordable clearly behind; flex behind.
    These are the plans as first listed; delay and drop-out (the fates) then take their share."""
    params = world.params
    target = params.mapping("target")
    built = world.projects
    market = world.market
    drawn = built[~built["project_id"].str.contains("-WBI")]
    social = drawn.loc[drawn["segment"] == "sociale_huur", "n_dwellings"].sum()
    assert 0.85 * target["sociale_huur"] <= social < target["sociale_huur"]
    inponding = int((world.units["origin"] == "inponding").sum())
    assert built.loc[built["segment"] == "sociale_huur", "n_dwellings"].sum() + inponding > target["sociale_huur"]
    mid = (built["segment"].isin(["middenhuur", "betaalbare_koop"]).mul(built["n_dwellings"]).sum()
           + market["segment"].isin(["middenhuur", "betaalbare_koop"]).mul(market["n_dwellings"]).sum())
    assert 0.5 * target["midden_betaalbaar"] <= mid < 0.9 * target["midden_betaalbaar"]
    flex = built.loc[built["segment"] == "flex", "n_dwellings"].sum() + market.loc[
        market["segment"] == "flex", "n_dwellings"].sum()
    assert flex < target["flex"]
    assert set(built["planned_year"]) <= set(range(2022, 2031))


def test_some_corporations_tight_on_finance(world):
    f = world.finances[world.finances["year"] == 2025]
    icr = f["operating_cash_flow_eur"] / f["interest_eur"]
    ltv = f["debt_eur"] / f["policy_value_eur"]
    assert icr.between(1.0, 4.0).all() and ltv.between(0.3, 0.95).all()
    assert (icr < 1.8).sum() >= 1  # at least one corporation close to the ICR norm
    assert (icr > 2.2).sum() >= 3  # and most have room


# ---------------------------------------------------------------------------------------------
# Validation and coherence (through the real rpa validate path)
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("year", [2022, 2023, 2024, 2025, 2026])
def test_example_validates_without_rejections(example_processed, year):
    data = processed.load(year, example_processed)
    assert data.example_data is True
    assert len(data.rejections) == 0
    assert data.deliveries_corporation["corporation"].nunique() == 9
    assert data.deliveries_municipality["municipality"].nunique() == 7
    for line in data.metadata["reconciliation"]:
        assert line["rows_read"] == line["rows_accepted"] + line["rows_rejected"]
        assert line["rows_rejected"] == 0


def test_tiny_validates_without_rejections(tiny_processed):
    for year in ed.TINY_YEARS:
        data = processed.load(year, tiny_processed)
        assert data.example_data is True and len(data.rejections) == 0
        assert sorted(data.stock["corporation"].unique()) == ["HEEMwonen", "Weller"]
        assert 25 <= data.stock.groupby("corporation").size().min() <= 60
        assert len(data.projects) >= 4 and len(data.plan_capacity) >= 4


def test_successive_years_are_coherent(example_processed):
    """stock(Y) = stock(Y-1) - exits(Y-1) + entries(Y-1), with stable VHE ids; realisations
    stay the same in later deliveries; prognoses differ from the later realisation."""
    s25 = processed.load(2025, example_processed)
    s26 = processed.load(2026, example_processed)
    ids25 = set(s25.stock["vhe_id"])
    ids26 = set(s26.stock["vhe_id"])
    m = s26.mutations
    real25 = m[(m["year"] == 2025) & (m["figure_status"] == "realisatie")]
    exits = real25[real25["mutation_type"].isin(["SLO", "VAH", "VAB", "VAC", "VAO"])]["count"].sum()
    assert len(ids25 - ids26) == exits
    # entries: bought from private owners (AAP) or from another corporation (AAC), and built
    aan = real25.loc[real25["mutation_type"].isin(["AAP", "AAC"]), "count"].sum()
    built = s26.projects[(s26.projects["plan_status"] == "opgeleverd") & (s26.projects["completion_year"] == 2025)
                         & s26.projects["segment"].isin(["sociale_huur", "middenhuur", "flex"])]["n_dwellings"].sum()
    assert len(ids26 - ids25) == aan + built
    # a label improved in 2025 in the 2026 register was planned for 2025 (or 2024, optimistic) in 2025
    both = s25.stock.merge(s26.stock, on="vhe_id", suffixes=("_25", "_26"))
    improved = both[both["energy_label_25"] != both["energy_label_26"]]
    assert len(improved) > 0
    assert improved["planned_measure_25"].isin(["verduurzaming", "renovatie"]).all()
    assert (improved["label_after_25"] == improved["energy_label_26"]).all()
    # realisations identical across deliveries, prognoses not
    key = ["corporation", "municipality", "year", "mutation_type"]
    m25 = s25.mutations
    r24_in_25 = m25[(m25["year"] == 2024) & (m25["figure_status"] == "realisatie")].set_index(key)["count"]
    r24_in_26 = m[(m["year"] == 2024) & (m["figure_status"] == "realisatie")].set_index(key)["count"]
    pd.testing.assert_series_equal(r24_in_25.sort_index(), r24_in_26.sort_index())
    prog25 = m25[(m25["year"] == 2025) & (m25["figure_status"] == "prognose")].set_index(key)["count"]
    real25_ = real25.set_index(key)["count"]
    joined = pd.concat([prog25.rename("p"), real25_.rename("r")], axis=1).dropna()
    assert (joined["p"] != joined["r"]).any()
    f = s26.finances
    assert f.groupby("corporation")["year"].min().eq(2025).all()
    assert f.groupby("corporation")["year"].max().eq(2030).all()


def test_gas_free_plans_drawn_as_documented():
    """Literal units: who may become gas-free (params: renovatie 0,6, verduurzaming 0,2 to label A+).

        unit  measure        after  gas_free  u     -> gas_free_after
        a     renovatie      A      no        0.5      True  (0.5 < 0.6)
        b     verduurzaming  A      no        0.5      False (0.5 >= 0.2)
        c     renovatie      B      no        0.0      False (label B: never)
        d     verduurzaming  C      yes       0.9      True  (gas-free already)
        e     -              -      yes       0.0      False (no measure)
    """
    class FixedRng:
        def random(self, n):
            return np.array([0.5, 0.5, 0.0, 0.9, 0.0])[:n]

    units = pd.DataFrame({"measure_year": [2026, 2026, 2027, 2028, 9999],
                          "measure_kind": ["renovatie", "verduurzaming", "renovatie", "verduurzaming", ""],
                          "label_after": ["A", "A", "B", "C", None],
                          "gas_free": [False, False, False, True, True]})
    out = ed._gas_free_plans(FixedRng(), ed.load_parameters(), units)
    assert out["gas_free_after"].tolist() == [True, False, False, True, False]


def test_realised_gas_free_switch_shows_in_later_registers(world):
    """A dwelling whose measure with gas_free_after was done before Y is aardgasvrij in register Y."""
    u = world.units
    for year in (2024, 2026):
        held = ed.stock_at(u, year)
        reg = ed._register(held, year, world.params).set_index("vhe_id")
        done = held[(held["measure_year"] < year) & held["gas_free_after"]]["vhe_id"]
        assert len(done) > 0
        assert (reg.loc[done, "gas_free"] == "ja").all()
        # reported only with an energy measure
        shown = reg["gas_free_after"].notna()
        assert reg.loc[shown, "planned_measure"].isin(["renovatie", "verduurzaming"]).all()
