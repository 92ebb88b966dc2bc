"""Scope honesty of analyse(): a party's report holds that party's figures.

Register ``H_ROWS`` of test_energy_headline (reporting year 2026)::

    corporation  Heerlen          Kerkrade
    Weller       H1 G, H2 F(mon)  H3 E (sold 2028), H4 E (sloop 2030)
    HEEMwonen    H5 G, H6 E       H7 F (sloop 2027), H8 C, H9 E

EFG share of each corporation's own stock per municipality: Weller 2/2 and 2/2; HEEMwonen 2/2 and
2/3. All corporations together: Heerlen 4/4, Kerkrade 4/5.
"""

from __future__ import annotations

import matplotlib
import pytest
from test_energy_text import result

from analysis import energy_labels as el
from analysis.energy_labels import figures

matplotlib.use("Agg")


def test_corporation_sees_its_own_dwellings_per_municipality():
    r = result(scope_type="corporatie", scope="HEEMwonen")
    assert r.part_types == ("gemeente",)
    # non-exempt EFG at the start: Heerlen H5 H6 = 2; Kerkrade H9 = 1 (H7 exempt)
    assert r.part_pace[["scope_type", "scope", "efg_remaining_start"]].values.tolist() == [
        ["gemeente", "Heerlen", 2], ["gemeente", "Kerkrade", 1]]
    assert r.efg_share[["scope_type", "scope", "municipality", "n_dwellings", "n_efg"]].values.tolist() == [
        ["corporatie", "HEEMwonen", "Heerlen", 2, 2], ["corporatie", "HEEMwonen", "Kerkrade", 3, 2]]
    assert r.efg_share_regional is None
    assert r.efg_kerncijfers[["scope_type", "scope", "efg_start"]].values.tolist() == [
        ["corporatie", "HEEMwonen", 4]]
    assert set(r.efg_trajectory["scope"]) == {"HEEMwonen"}


def test_municipality_sees_each_corporation_in_it_and_a_marked_regional_map():
    r = result(scope_type="gemeente", scope="Kerkrade")
    assert r.part_types == ("corporatie",)
    # Kerkrade non-exempt EFG: HEEMwonen H9 = 1; Weller H3 = 1 (H4 exempt)
    assert r.part_pace[["scope", "efg_remaining_start"]].values.tolist() == [["HEEMwonen", 1], ["Weller", 1]]
    assert r.efg_share["n_efg"].tolist() == [4, 4] and r.efg_share["n_dwellings"].tolist() == [4, 5]
    assert r.efg_share_regional == el.REGIONAL_MAP == "alle corporaties samen"


def test_region_splits_per_corporation_and_municipality():
    r = result()
    assert r.part_types == ("corporatie", "gemeente")
    assert r.part_pace["scope"].tolist() == ["HEEMwonen", "Weller", "Heerlen", "Kerkrade"]
    assert r.efg_kerncijfers["scope"].tolist() == ["Parkstad"]
    assert set(r.efg_trajectory["scope_type"]) == {"regio", "corporatie", "gemeente"}


def test_display_pace_headers():
    assert list(el.display_pace(result(scope_type="corporatie", scope="Weller")).columns)[0] == "gemeente"
    region = el.display_pace(result())
    assert list(region.columns)[:2] == ["soort", "naam"]


@pytest.mark.parametrize("scope_type,scope", [("regio", "Parkstad"), ("corporatie", "Weller"),
                                              ("gemeente", "Kerkrade")])
def test_figures_draw_for_every_scope(scope_type, scope):
    import matplotlib.pyplot as plt

    r = result(scope_type=scope_type, scope=scope)
    for plot in (figures.plot_label_bars, figures.plot_trajectory, figures.plot_trajectory_by,
                 figures.plot_future):
        assert plot(r) is not None
    fig = figures.plot_efg_map(r, highlight=scope)
    ax = fig.axes[0]
    assert r.year and ax.get_title().endswith("(regionaal: alle corporaties samen)") == (scope_type == "gemeente")
    if scope_type == "gemeente":
        bold = [t.get_text().split("\n")[0] for t in ax.texts if t.get_fontweight() == "bold"]
        assert bold == [scope]
    plt.close("all")


def test_figures_without_efg_dwellings_return_none():
    rows = [("N1", "Weller", "Heerlen", "B", False, None, None, None, True)]
    r = result(rows)
    assert figures.plot_trajectory(r) is None
    assert figures.plot_trajectory_by(r) is None
