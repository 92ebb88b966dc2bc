"""The house rules of every chart (issue 16, point 6) on tiny hand-made inputs.

Largest-remainder rounding, the diverging scale centred on zero, the highlighted party, the
prognosis style, whole-number count axes, and the alternative text that travels from the figure
function to the output's metadata.
"""

from __future__ import annotations

import math

import matplotlib
import numpy as np

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis import figures  # noqa: E402
from analysis.formatting import round_to_total, round_with_total  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# --- largest remainder --------------------------------------------------------------------------

@pytest.mark.parametrize("values, decimals, total, expected", [
    # 33,4 + 33,3 + 33,3 = 100; floors 33 + 33 + 33 = 99: the one missing unit to the largest remainder (,4)
    ([33.4, 33.3, 33.3], 0, None, [34, 33, 33]),
    # plain rounding would give 1 + 1 + 1 = 3 against a total of 2 (0,6 x 3 = 1,8 -> 2): floors 0 + 0 + 0,
    # two units to the two largest remainders (all ,6: ties go to the first)
    ([0.6, 0.6, 0.6], 0, None, [1, 1, 0]),
    # € mln with one decimal: 110,33 + 4,47 + 28,46 = 143,26 -> 143,3; floors 110,3 + 4,4 + 28,4 = 143,1:
    # two tenths to the largest remainders (,07 of 4,47 and ,06 of 28,46)
    ([110.33, 4.47, 28.46], 1, None, [110.3, 4.5, 28.5]),
    # a negative part: -0,6 + 1,2 = 0,6 -> 1; floors -1 + 1 = 0: the unit to the larger remainder (,4 of -0,6)
    ([-0.6, 1.2], 0, None, [0, 1]),
    # a given total below the sum of the floors takes units back from the smallest remainders:
    # floors 2 + 2 = 4, total 3: the part with remainder ,1 loses one
    ([2.1, 2.9], 0, 3, [1, 2]),
])
def test_round_to_total_keeps_the_rows_equal_to_their_total(values, decimals, total, expected):
    got = round_to_total(values, decimals, total)
    assert got == pytest.approx(expected)
    shown_total = round(sum(values) if total is None else total, decimals)
    assert sum(got) == pytest.approx(shown_total)


def test_a_missing_part_stays_missing_and_does_not_count():
    got = round_to_total([2.5, float("nan"), 2.5])  # 2,5 + 2,5 = 5; floors 2 + 2: one unit to the first tie
    assert got[0] == 3 and math.isnan(got[1]) and got[2] == 2


def test_round_with_total_rounds_the_parts_to_the_total_row():
    # Opgave per corporation 280,708 + 28,728 + 6,258 (sum 315,694 -> 315,7); plain rounding gives
    # 280,7 + 28,7 + 6,3 = 315,7 too; the total row is the sum of the rows as shown
    values = pd.Series([280.708, 28.728, 6.258, 315.694])
    got = round_with_total(values, pd.Series([False, False, False, True]), 1).tolist()
    assert got == pytest.approx([280.7, 28.7, 6.3, 315.7])
    # 1,25 x 4 = 5,0; plain rounding 1,3 x 4 = 5,2. Floors 1,2 x 4 = 4,8: two tenths to the first two (equal remainders)
    got = round_with_total(pd.Series([1.25, 1.25, 1.25, 1.25, 5.0]), pd.Series([False] * 4 + [True]), 1).tolist()
    assert got == pytest.approx([1.3, 1.3, 1.2, 1.2, 5.0])


def test_the_finance_task_table_adds_up():
    """The cost per item as shown adds up to the total as shown (€ 0,1 mln)."""
    from analysis.finance.text import format_task_table

    # nieuwbouw 110,37 + renovatie 17,36 + sloop 2,35 = 130,08 -> 130,1; plain rounding 110,4 + 17,4 + 2,4 = 130,2.
    # Floors 110,3 + 17,3 + 2,3 = 129,9: two tenths to the largest remainders (,07 and ,06), sloop stays 2,3
    task = pd.DataFrame({"item": ["nieuwbouw", "sloop", "renovatie"], "n_units": [3, 1, 2],
                         "cost_eur": [110.37e6, 2.35e6, 17.36e6]})
    t = format_task_table(task)
    assert t["Kosten"].tolist() == ["€ 110,4 mln", "€ 17,4 mln", "€ 2,3 mln", "€ 130,1 mln"]


# --- diverging scale, highlight, prognosis, counts --------------------------------------------

def test_the_diverging_norm_is_centred_on_zero_and_symmetric():
    # gaps -273 (surplus), 126, 327 (shortage): half range = max |v| = 327
    norm = figures.diverging_norm([-273, 126, 327, float("nan")])
    assert norm(0) == pytest.approx(0.5)
    assert norm(327) == pytest.approx(1.0)
    assert norm(-327) == pytest.approx(0.0)
    assert norm(-273) == pytest.approx(0.5 - 273 / 654)  # 0,0826: clearly on the blue side
    assert figures.diverging_norm([0, 0])(0) == pytest.approx(0.5)  # all zero: still centred


def test_the_gap_map_colours_a_surplus_blue_and_a_shortage_red():
    from analysis.maps import plot_municipality_map

    values = pd.Series({"Heerlen": -410.0, "Beekdaelen": 327.0, "Landgraaf": 0.0})
    fig, ax = plt.subplots()
    plot_municipality_map(values, "Tekort", diverging=True, ax=ax)
    colours = {}
    for coll, text in zip(ax.collections, [t for t in ax.texts], strict=False):
        colours[text.get_text().split("\n")[0]] = coll.get_facecolor()[0]
    r, g, b, _ = colours["Heerlen"]
    assert b > r  # a surplus is blue
    r, g, b, _ = colours["Beekdaelen"]
    assert r > b  # a shortage is red
    r, g, b, _ = colours["Landgraaf"]
    assert min(r, g, b) > 0.9  # zero is (almost) white


def test_the_highlighted_party_gets_its_own_colour_the_others_the_muted_one():
    colours = {"Heerlen": "#7570b3", "Kerkrade": "#e7298a", "Brunssum": "#d95f02"}
    got = figures.highlight_colours(["Brunssum", "Heerlen", "Kerkrade"], colours, "Heerlen")
    assert got == [figures.MUTED, "#7570b3", figures.MUTED]
    assert figures.highlight_colours(["Brunssum", "Heerlen"], colours, None) == ["#d95f02", "#7570b3"]


def test_the_highlighted_party_is_bold_on_the_axis():
    fig, ax = plt.subplots()
    ax.barh(["Brunssum", "Heerlen"], [1, 2])
    fig.canvas.draw()
    figures.highlight_ticklabel(ax, "Heerlen")
    weights = {t.get_text(): (t.get_fontweight(), t.get_color()) for t in ax.get_yticklabels()}
    assert weights["Heerlen"] == ("bold", figures.HIGHLIGHT_TEXT)
    assert weights["Brunssum"][0] == "normal"


def test_prognosis_bars_are_hatched_and_have_a_legend_entry():
    colours, hatches = figures.figure_status_style(["realisatie", "prognose"], "#111111", "#999999")
    assert colours == ["#111111", "#999999"]
    assert hatches == [None, figures.PROGNOSIS_HATCH]
    handles = figures.figure_status_handles("#111111", "#999999", ["realisatie", "prognose"])
    assert [h.get_label() for h in handles] == ["realisatie", "prognose"]
    assert handles[1].get_hatch() == figures.PROGNOSIS_HATCH and not handles[0].get_hatch()


def test_a_count_axis_has_whole_ticks_in_dutch():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 3])  # a small range where matplotlib would put ticks at 0,5
    ax.set_ylim(0, 3)
    figures.count_axis(ax)
    fig.canvas.draw()
    ticks = [t for t in ax.get_yticks() if 0 <= t <= 3]
    assert all(float(t).is_integer() for t in ticks)
    assert ax.yaxis.get_major_formatter()(1028.7, 0) == "1.029"


# --- alternative text ---------------------------------------------------------------------------

def test_finish_keeps_the_alternative_text_on_the_figure():
    fig, ax = plt.subplots()
    figures.finish(fig, "Sociale huur", ax, alt="Staafdiagram: 844 gerealiseerd tegen een doel van 2.430")
    assert figures.alt_text(fig) == "Staafdiagram: 844 gerealiseerd tegen een doel van 2.430"
    other, ax2 = plt.subplots()
    figures.finish(other, "Zonder eigen tekst", ax2)
    assert figures.alt_text(other) == "Figuur: Zonder eigen tekst"


def test_the_image_formatter_puts_the_alternative_text_in_the_metadata():
    fig, _ = plt.subplots()
    wrapped = figures._WithAlt(lambda f: "iVBORw0KGgo=")
    assert wrapped(fig) == "iVBORw0KGgo="  # no text of its own: the formatter's output unchanged
    figures.set_alt(fig, "Kaart:  tekort  Heerlen 1.695")
    assert wrapped(fig) == ("iVBORw0KGgo=", {"alt": "Kaart: tekort Heerlen 1.695"})


def test_the_exporter_writes_the_metadata_into_the_img_alt():
    """PNG (nbconvert reads the metadata) and SVG (the exporter makes an img with it)."""
    import datetime as dt

    import nbformat

    from analysis.report.export import export_notebook

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Titel"), nbformat.v4.new_code_cell("x")]
    nb.cells[1].outputs = [
        nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo="},
                               metadata={"image/png": {"alt": "Staafdiagram: 844 gerealiseerd"}}),
        nbformat.v4.new_output("display_data", data={"image/svg+xml": "<svg xmlns='http://www.w3.org/2000/svg'/>"},
                               metadata={"image/svg+xml": {"alt": "Kaart: Heerlen 1.695"}}),
    ]
    page = export_notebook(nb, scope_type="regio", scope="Parkstad", phase_title="Q3", example_data=False,
                           day=dt.date(2026, 11, 23))
    assert 'alt="Staafdiagram: 844 gerealiseerd"' in page
    assert 'alt="Kaart: Heerlen 1.695"' in page
    assert "No description" not in page


def test_every_figure_function_states_its_key_number():
    """The portfolio's status bars: the example of issue 16, written out by hand."""
    from analysis.portfolio.figures import plot_status_bars

    by_status = pd.DataFrame({
        "target_id": ["sh"] * 5, "segment": ["sociale_huur"] * 5, "period_start": [2022] * 5,
        "period_end": [2030] * 5, "developer": ["corporatie"] * 5,
        "plan_status": ["opgeleverd", "in_aanbouw", "hard", "zacht", "idee"],
        "n_dwellings": [844, 500, 477, 30, 10]})
    gap = pd.DataFrame({"target_id": ["sh"], "target": [2430.0]})
    fig = plot_status_bars(by_status, gap)
    # hard gepland = in aanbouw 500 + hard 477 = 977; zacht = zacht 30 + idee 10 = 40
    assert figures.alt_text(fig) == ("Gestapeld staafdiagram, woningen per planstatus: sociale huur 2022-2030: "
                                     "844 opgeleverd, 977 hard gepland, 40 zacht gepland tegen een doel van 2.430.")


def test_the_finance_capacity_table_adds_up_within_each_row():
    """Per row financeable + gap = task as shown (€ 0,1 mln); task and gap keep the rounding the sentences use."""
    from analysis.finance.text import format_capacity_table

    # A: task 280,71 = financeable 267,75 + gap 12,96: plain rounding 280,7 against 267,8 + 13,0 = 280,8;
    #    shown financeable = 280,7 - 13,0 = 267,7
    # B: without financial figures: task 28,73, the rest unknown
    # region: task 309,44 (A and B) is not financeable + gap (B is not assessed): its own rounding 267,8
    c = pd.DataFrame({"corporation": ["A", "B", "Parkstad"], "task_eur": [280.71e6, 28.73e6, 309.44e6],
                      "financeable_eur": [267.75e6, np.nan, 267.75e6], "gap_eur": [12.96e6, np.nan, 12.96e6],
                      "capacity_eur": [0.0, np.nan, 0.0], "buffer_eur": [1.0e6, np.nan, 1.0e6],
                      "binding_norm": ["icr", "geen_financien", ""], "first_breach_year": [None, None, None]})
    t = format_capacity_table(c)
    assert t["Opgave"].tolist() == ["€ 280,7 mln", "€ 28,7 mln", "€ 309,4 mln"]
    assert t["Financierbaar"].tolist() == ["€ 267,7 mln", "–", "€ 267,8 mln"]
    assert t["Tekort (gat)"].tolist() == ["€ 13,0 mln", "–", "€ 13,0 mln"]
