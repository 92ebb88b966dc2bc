"""One set, one truth: the whole reporting set, and every figure that appears twice is the same figure.

Runs the real reporting set (``reports/default.yml``: Q1, Q2 and Q3, every scope) with the
batch runner on the shipped example deliveries and on the tiny fixture, then compares every
figure that more than one report publishes (:mod:`analysis.report.consistency`): realised and
planned per target, EFG now / at the end of the deadline year / exempt / to improve, inponding
per year, and every cell of a scoped table published under the same name in several reports.

The unit tests below check the comparison itself on hand-made tables.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.report import consistency as c
from analysis.rules import efg


def _assert_one_truth(rc: int, log: list[str], set_dir: Path) -> pd.DataFrame:
    assert rc == 0, "\n".join(log[-30:])
    figures = c.collect_figures(set_dir, efg.load_rules().deadline_year)
    contradictions = c.find_contradictions(figures)
    assert contradictions.empty, contradictions.to_string()
    return figures


def _places(figures: pd.DataFrame, figure: str, scope_type: str = "regio") -> pd.DataFrame:
    return figures[(figures["figure"] == figure) & (figures["scope_type"] == scope_type)]


@pytest.mark.parametrize("which", ["example_set", "tiny_set"])
def test_every_figure_published_twice_is_the_same(which, request):
    rc, log, set_dir = request.getfixturevalue(which)
    figures = _assert_one_truth(rc, log, set_dir)
    # The comparisons that matter to a board member really happen: each of these figures is
    # published in at least two reports (or two tables) of the set.
    for figure in ("efg_now", "efg_remaining_deadline", "efg_to_improve", "inponding_realised_per_year",
                   "inponding_planned_per_year"):
        places = _places(figures, figure)
        assert places["report"].str.cat(places["table"]).nunique() >= 2, (figure, places.to_string())
    verdict = [line for line in log if line.startswith("Eén set, één waarheid: ") and line.endswith("zijn overal gelijk.")]
    assert len(verdict) == 1
    # rpa report compared the figures each report's process read from its own tables: the same figures as read
    # back from the published set (one count of shared figures, in Dutch notation)
    shared = int((figures.groupby(["figure", "scope_type", "scope", "key"])["report"].nunique() >= 2).sum())
    assert verdict[0].split(": ")[1].split(" ")[0] == f"{shared:,}".replace(",", ".")
    realised = _places(figures, "realised")
    assert set(realised["key"]) >= {"social_rent_2022_2030", "new_build_total_2030", "mid_affordable_2030", "flex_2030"}
    # the dwelling targets are published by the portfolio and the monitor alike (the chapter-5 promise only by
    # the monitor: its realised count is the monitor's own row)
    dwelling_targets = realised[realised["key"].isin({"social_rent_2022_2030", "social_rent_2024_2028",
                                                      "new_build_total_2030", "mid_affordable_2030", "flex_2030"})]
    assert (dwelling_targets.groupby("key")["report"].nunique() >= 2).all(), dwelling_targets.to_string()


# --------------------------------------------------------------------------------------------
# The comparison itself, on hand-made tables
# --------------------------------------------------------------------------------------------


def _write(root: Path, report: str, name: str, frame: pd.DataFrame) -> None:
    d = root / report / "tables"
    d.mkdir(parents=True, exist_ok=True)
    frame.to_csv(d / f"{name}.csv", index=False)


def _trajectory(remaining_2028: int) -> pd.DataFrame:
    """Region trajectory: start 10 non-exempt EFG; 6 left end 2027, ``remaining_2028`` end 2028.

    ========  =====  =============  ======  ================
    year      efg_remaining  exempt  planned_per_year
    ========  =====  =============  ======  ================
    2027             6          1          4   -> efg_now = 6 + 4 = 10
    2028        remaining       1          6 - remaining
    ========  =====  =============  ======  ================
    """
    return pd.DataFrame({
        "scope_type": ["regio", "regio"], "scope": ["Parkstad", "Parkstad"], "year": [2027, 2028],
        "efg_remaining": [6, remaining_2028], "exempt": [1, 1], "improved": [4, 10 - remaining_2028],
        "demolished": [0, 0], "sold": [0, 0], "needed_per_year": [5.0, 6.0],
        "planned_per_year": [4, 6 - remaining_2028], "verdict": ["achter", "achter"]})


def _monitor(efg_now: float, efg_end: float, inp_real: float, inp_plan: float) -> pd.DataFrame:
    return pd.DataFrame({
        "target_id": ["efg_phase_out_2028", "inponding_per_year", "social_rent_2022_2030"],
        "unit": ["woningen", "woningen_per_jaar", "woningen"],
        "realised": [efg_now, inp_real, 50.0], "planned": [efg_end, inp_plan, 30.0]})


def _inponding() -> pd.DataFrame:
    """Realised 80 and 90 (mean 85), forecast 70, 80, 90 (mean 80)."""
    return pd.DataFrame({"year": [2024, 2025, 2026, 2027, 2028],
                         "figure_status": ["realisatie"] * 2 + ["prognose"] * 3,
                         "inponding": [80.0, 90.0, 70.0, 80.0, 90.0]})


def test_agreeing_reports_give_no_contradiction(tmp_path):
    _write(tmp_path, "q3/00_monitor/regio-parkstad", "afspraken_monitor", _monitor(10, 2, 85, 80))
    _write(tmp_path, "q3/00_monitor/regio-parkstad", "inponding", _inponding())
    _write(tmp_path, "q3/03_energielabels/regio-parkstad", "efg_trajectory", _trajectory(2))
    figures = c.collect_figures(tmp_path, 2028)
    assert c.find_contradictions(figures).empty
    got = figures.set_index(["figure", "report"])["value"]
    assert got[("efg_now", "q3/03_energielabels/regio-parkstad")] == 10
    assert got[("efg_remaining_deadline", "q3/03_energielabels/regio-parkstad")] == 2
    assert got[("inponding_realised_per_year", "q3/00_monitor/regio-parkstad")].tolist() == [85.0, 85.0]


def test_the_old_monitor_conventions_are_contradictions(tmp_path):
    """The 2026 set before the fix: the monitor divided inponding by all five years (170/5 = 34)."""
    _write(tmp_path, "q3/00_monitor/regio-parkstad", "afspraken_monitor", _monitor(11, 3, 34, 48))
    _write(tmp_path, "q3/00_monitor/regio-parkstad", "inponding", _inponding())
    _write(tmp_path, "q3/03_energielabels/regio-parkstad", "efg_trajectory", _trajectory(2))
    found = c.find_contradictions(c.collect_figures(tmp_path, 2028)).set_index("figure")
    assert sorted(found.index) == ["efg_now", "efg_remaining_deadline", "inponding_planned_per_year",
                                   "inponding_realised_per_year"]
    assert found.loc["efg_now", "values"] == (
        "q3/00_monitor/regio-parkstad/afspraken_monitor = 11.0; q3/03_energielabels/regio-parkstad/efg_trajectory = 10.0")


def test_rpa_report_says_a_contradiction_in_its_summary(tmp_path):
    from analysis.report.runner import check_consistency

    _write(tmp_path, "q3/00_monitor/regio-parkstad", "afspraken_monitor", _monitor(11, 2, 85, 80))
    _write(tmp_path, "q3/00_monitor/regio-parkstad", "inponding", _inponding())
    _write(tmp_path, "q3/03_energielabels/regio-parkstad", "efg_trajectory", _trajectory(2))
    log: list[str] = []
    out = check_consistency(tmp_path, log.append)
    assert log[0] == ("LET OP: 1 cijfers staan met verschillende waarden in de set (een fout in de suite; meld het "
                      "met manifest.json):")
    assert log[1].startswith("  efg_now (regio Parkstad ): ")
    # shared between two reports: efg_now and efg_remaining_deadline (inponding is twice in the monitor alone)
    assert out["shared_figures"] == 2 and len(out["contradictions"]) == 1


def test_same_scoped_table_in_two_reports_is_compared_cell_by_cell(tmp_path):
    table = pd.DataFrame({"scope_type": ["corporatie"], "scope": ["Weller"], "year": [2026], "gap_eur": [5.0]})
    _write(tmp_path, "a", "financial_x", table)
    _write(tmp_path, "b", "financial_x", table.assign(gap_eur=6.0))
    found = c.find_contradictions(c.collect_figures(tmp_path, 2028))
    assert found[["figure", "scope", "key"]].values.tolist() == [["financial_x.gap_eur", "Weller", "year=2026"]]


def test_a_figure_missing_in_one_report_and_known_in_another_is_a_contradiction(tmp_path):
    table = pd.DataFrame({"scope_type": ["regio"], "scope": ["Parkstad"], "n": [4.0]})
    _write(tmp_path, "a", "t", table)
    _write(tmp_path, "b", "t", table.assign(n=float("nan")))
    assert len(c.find_contradictions(c.collect_figures(tmp_path, 2028))) == 1


# --------------------------------------------------------------------------------------------
# Scope honesty: a party's report shows that party's figures, or says the table is regional
# --------------------------------------------------------------------------------------------


def _unmarked_copies_of_region_tables(set_dir: Path) -> list[str]:
    """Party tables byte-identical to the region report's table of the same name, not marked regional."""
    import json

    from analysis.outputs import TABLE_SCOPES_FILE

    problems = []
    for region in sorted(set_dir.glob("*/*/regio-*")):
        for party in sorted(p for p in region.parent.iterdir() if p.is_dir() and p != region):
            marked = {}
            if (party / TABLE_SCOPES_FILE).exists():
                marked = json.loads((party / TABLE_SCOPES_FILE).read_text(encoding="utf-8"))
            html = (party / "rapport.html").read_text(encoding="utf-8") if (party / "rapport.html").exists() else ""
            for table in sorted((party / "tables").glob("*.csv")):
                twin = region / "tables" / table.name
                if twin.exists() and twin.read_bytes() == table.read_bytes():
                    if table.stem not in marked:
                        problems.append(f"{party.relative_to(set_dir)}/{table.name}: gelijk aan de regio, niet als regionaal gemarkeerd")
                    elif f"regionaal: {marked[table.stem]}" not in html:
                        problems.append(f"{party.relative_to(set_dir)}/{table.name}: bijschrift zegt niet dat de tabel regionaal is")
    return problems


@pytest.mark.parametrize("which", ["example_set", "tiny_set"])
def test_party_reports_show_their_own_figures_or_say_regional(which, request):
    rc, log, set_dir = request.getfixturevalue(which)
    assert rc == 0, "\n".join(log[-30:])
    parties = [p for p in set_dir.glob("*/*/*") if p.is_dir() and not p.name.startswith("regio-")]
    assert len(parties) >= 10  # the set really has municipality and corporation reports
    assert _unmarked_copies_of_region_tables(set_dir) == []


def test_scope_honesty_check_finds_an_unmarked_copy(tmp_path):
    region = tmp_path / "q3" / "01_portefeuille" / "regio-parkstad" / "tables"
    party = tmp_path / "q3" / "01_portefeuille" / "corporatie-weller" / "tables"
    for d in (region, party):
        d.mkdir(parents=True)
        (d / "sales_vs_additions.csv").write_text("municipality,sales\nHeerlen,3\n", encoding="utf-8")
    assert _unmarked_copies_of_region_tables(tmp_path) == [
        "q3/01_portefeuille/corporatie-weller/sales_vs_additions.csv: gelijk aan de regio, niet als regionaal gemarkeerd"]


@pytest.mark.parametrize(("cell", "expected"), [
    (3, 3.0), (2.5, 2.5), (True, 1.0), (" 4.5 ", 4.5), ("12", 12.0),
    ("3,5", None), ("", None), ("   ", None), ("abc", None), ("1_000", None), (None, None),
    (float("nan"), None), (pd.NA, None),
])
def test_a_published_cell_reads_as_pandas_would_read_it(cell, expected):
    """The plain-Python reading of a cell gives what ``pd.to_numeric(errors="coerce")`` gives (by hand)."""
    assert c._num(cell) == expected
