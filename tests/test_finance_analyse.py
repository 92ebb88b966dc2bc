"""``load_inputs`` + ``analyse`` on the tiny fixture: scoped tables, scope honesty, the EFG count."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import finance as F
from analysis.rules import efg


@pytest.fixture(scope="module")
def inputs(tiny_processed):
    return F.load_inputs(2026, tiny_processed)


def _params(inputs, scope_type="regio", scope="Parkstad", scenario="basis"):
    return F.make_params(2026, "q3", scope_type, scope, scenario, None, 2030, inputs.ref)


@pytest.fixture(scope="module")
def region(inputs):
    return F.analyse(inputs, _params(inputs))


@pytest.fixture(scope="module")
def weller(inputs):
    return F.analyse(inputs, _params(inputs, "corporatie", "weller"))


def test_load_inputs_reads_deliveries_reference_and_the_efg_rule(inputs):
    assert inputs.year == 2026 and inputs.example_data is True
    assert len(inputs.stock) and len(inputs.finances)
    assert inputs.ref.efg_rules == efg.load_rules()
    assert set(inputs.ref.scenarios["scenario"]) >= {"basis", "huurbevriezing"}


def test_priced_efg_count_equals_the_energy_rule(inputs, region, weller):
    rules = inputs.ref.efg_rules
    mask = efg.to_improve_mask(efg.classify_dwellings(inputs.stock, 2026, rules), rules)
    per_corp = mask.groupby(inputs.stock["corporation"].astype(str).to_numpy()).sum()
    t = region.task_table[region.task_table["item"] == "efg_verbetering"].set_index("scope")["n_units"]
    assert t[F.REGION_NAME] == mask.sum()
    assert t.drop(F.REGION_NAME).to_dict() == per_corp.to_dict()
    own = weller.task_table.set_index("item")["n_units"]
    assert own["efg_verbetering"] == per_corp["Weller"]


def test_financial_task_region_is_the_sum_of_the_corporations(region):
    t = region.task_table
    assert list(t.columns[:6]) == ["scope_type", "scope", "task_part", "item", "n_units", "task_eur"]
    reg = t[t["scope_type"] == "regio"].set_index(["task_part", "item"])
    corps = t[t["scope_type"] == "corporatie"].groupby(["task_part", "item"])[["n_units", "task_eur"]].sum()
    assert (reg["n_units"] == corps["n_units"].reindex(reg.index)).all()
    assert reg["task_eur"].to_numpy() == pytest.approx(corps["task_eur"].reindex(reg.index).to_numpy())
    assert reg["task_eur"].sum() == pytest.approx(region.chosen.task["cost_eur"].sum())


def test_corporation_report_is_honest_about_its_scope(region, weller):
    assert set(weller.task_table["scope"]) == {"Weller"}
    assert set(weller.chosen.capacity["corporation"]) == {"Weller"}
    assert weller.regional == F.ALL_CORPORATIONS and weller.highlight == "Weller" and weller.row_name == "Weller"
    assert region.regional is None and region.highlight is None and region.row_name == F.REGION_NAME
    # the comparison of all corporations is the same table in both reports
    pd.testing.assert_frame_equal(weller.gap_table, region.gap_table)
    assert set(region.gap_table["scope"]) == set(region.chosen.capacity["corporation"])
    own = weller.gap_table.set_index("scope").loc["Weller"]
    assert own["gap_eur"] == pytest.approx(weller.chosen.capacity.set_index("corporation").loc["Weller", "gap_eur"])


def test_corporation_texts_speak_of_the_corporation(weller):
    intro = F.intro_text(weller)
    assert "De opgave van Weller tot en met 2030" in intro
    assert F.gap_text(weller.chosen.capacity, "corporatie", "Weller").startswith("Weller ")


def test_analyse_is_deterministic(inputs, region):
    again = F.analyse(inputs, _params(inputs))
    pd.testing.assert_frame_equal(again.capacity_all, region.capacity_all)
    pd.testing.assert_frame_equal(again.task_table, region.task_table)
    pd.testing.assert_frame_equal(again.tornado, region.tornado)


def test_priced_efg_count_equals_efg_kerncijfers(inputs, region):
    """The energy report's ``to_improve`` (table ``efg_kerncijfers``) for the region and every corporation."""
    from analysis import energy_labels

    rules = inputs.ref.efg_rules
    head = energy_labels.compute_efg_headline(energy_labels.compute_cells(inputs.stock, 2026, rules), 2026, rules)
    energy = head[head["scope_type"].isin(["regio", "corporatie"])].set_index(["scope_type", "scope"])["to_improve"]
    t = region.task_table
    priced = t[t["item"] == "efg_verbetering"].set_index(["scope_type", "scope"])["n_units"]
    assert priced.reindex(energy.index).to_dict() == energy.to_dict()


def test_financial_task_parts_add_up_and_the_region_is_the_sum(region, weller):
    """The three parts of the task: each corporation's parts sum to its task, financeable part and gap;
    the region's parts are the sums of the corporations'; a corporation's report has its own rows."""
    parts = region.parts_table
    assert list(parts.columns) == ["scope_type", "scope", "task_part", "task_eur", "financeable_eur", "gap_eur",
                                   "scenario"]
    cap = region.chosen.capacity.set_index("corporation")
    per_scope = parts.groupby("scope")[["task_eur", "financeable_eur", "gap_eur"]].sum(min_count=1)
    for scope, row in per_scope.iterrows():
        assert row["task_eur"] == pytest.approx(cap.loc[scope, "task_eur"])
        if pd.notna(cap.loc[scope, "gap_eur"]):
            assert row["gap_eur"] == pytest.approx(cap.loc[scope, "gap_eur"])
    reg = parts[parts["scope_type"] == "regio"].set_index("task_part")["task_eur"]
    corps = parts[parts["scope_type"] == "corporatie"].groupby("task_part")["task_eur"].sum()
    assert reg.to_numpy() == pytest.approx(corps.reindex(reg.index).to_numpy())
    assert set(weller.parts_table["scope"]) == {"Weller"}
    own = weller.parts_table.set_index("task_part")["task_eur"]
    assert own.to_dict() == pytest.approx(parts[parts["scope"] == "Weller"].set_index("task_part")["task_eur"].to_dict())
