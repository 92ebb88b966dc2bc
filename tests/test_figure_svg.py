"""The SVG a report shows (analysis.style.figure_svg): matplotlib's tight crop, drawn once.

matplotlib's own ``bbox_inches="tight"`` draws a figure twice (once without output to find the
box). ``figure_svg`` finds the same box from the figure's extents and draws once. These tests
compare its size with matplotlib's own tight SVG and count the drawing passes.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.layout_engine import ConstrainedLayoutEngine, PlaceHolderLayoutEngine  # noqa: E402

from analysis import figures, style  # noqa: E402

_SIZE = re.compile(r'<svg[^>]*\bwidth="([\d.]+)pt" height="([\d.]+)pt"')


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _size(svg: str) -> tuple[float, float]:
    m = _SIZE.search(svg)
    assert m, svg[:300]
    return float(m.group(1)), float(m.group(2))


def _matplotlib_tight(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", dpi=fig.dpi, bbox_inches="tight", metadata=style.SVG_METADATA)
    return buf.getvalue().decode("utf-8")


def _count_draws(fig) -> list[int]:
    calls = [0]
    inner = fig.draw

    def draw(renderer):
        calls[0] += 1
        return inner(renderer)

    fig.draw = draw
    return calls


def _bar_chart(legend_outside: bool = True):
    fig, ax = figures.new_figure()
    ax.barh(["Beekdaelen", "Heerlen", "Voerendaal"], [120, 1200, 150])
    if legend_outside:  # as the reports' charts: the legend beside the axes
        ax.legend(handles=figures.figure_status_handles("#2f855a", "#9ae6b4"), loc="upper left",
                  bbox_to_anchor=(1.01, 1))
    return figures.finish(fig, "Nieuwbouw per gemeente", alt="Staafdiagram")


@pytest.mark.parametrize("legend_outside", [True, False])
def test_tight_crop_in_one_pass(legend_outside):
    fig = _bar_chart(legend_outside)
    want = _size(_matplotlib_tight(fig))
    draws = _count_draws(fig)
    got = _size(style.figure_svg(fig))
    assert draws[0] == 1  # matplotlib's own tight crop draws twice
    # the same crop as matplotlib's, measured by the same SVG renderer
    assert got == pytest.approx(want, abs=0.001)
    # and cropped: smaller than the 8 x 3,6 inch figure (576 x 259,2 pt) with tight_layout's margins
    assert got[0] < 576 and got[1] < 259.2


def test_text_outside_the_figure_is_kept():
    # a text beyond the right edge: a crop to the figure would cut it off; the tight box widens instead
    fig = _bar_chart(legend_outside=False)
    fig.text(1.25, 0.5, "buiten de figuur")
    want = _size(_matplotlib_tight(fig))
    got = _size(style.figure_svg(fig))
    assert got[0] > 576  # wider than the figure itself (8 inch = 576 pt)
    assert got == pytest.approx(want, abs=0.001)


def test_layout_engine_restored_and_constrained_layout_left_to_matplotlib():
    fig = _bar_chart()
    assert isinstance(fig.get_layout_engine(), PlaceHolderLayoutEngine)  # what tight_layout leaves
    style.figure_svg(fig)
    assert isinstance(fig.get_layout_engine(), PlaceHolderLayoutEngine)  # put back after the drawing

    fig2, ax = plt.subplots(figsize=(6, 3), layout="constrained")
    ax.plot([0, 1], [0, 1])
    ax.set_title("Een lijn")
    want = _size(_matplotlib_tight(fig2))
    draws = _count_draws(fig2)
    got = _size(style.figure_svg(fig2))
    assert draws[0] == 2  # an engine that lays out at drawing time: matplotlib's own two passes
    assert got == pytest.approx(want, abs=0.01)
    assert isinstance(fig2.get_layout_engine(), ConstrainedLayoutEngine)


def test_same_figure_same_bytes_and_no_date():
    with plt.rc_context({"svg.hashsalt": "test"}):  # as style.set_theme: ids from the content, not random
        a = style.figure_svg(_bar_chart())
        b = style.figure_svg(_bar_chart())
    assert a == b
    assert "<dc:date>" not in a


def test_figure_without_axes_shows_nothing():
    assert style.figure_svg(plt.figure()) is None


def test_report_kernel_shows_figures_through_figure_svg():
    # in a shell of its own (a separate process: the shell is a process-wide singleton)
    code = (
        "from IPython.core.interactiveshell import InteractiveShell; shell = InteractiveShell.instance()\n"
        "import matplotlib.pyplot as plt; from matplotlib.figure import Figure; from analysis import figures, style\n"
        "style.set_theme(); fig, ax = plt.subplots(); ax.plot([0, 1]); figures.finish(fig, 'Lijn', alt='Een lijn')\n"
        "svg = shell.display_formatter.formatters['image/svg+xml']\n"
        "png = shell.display_formatter.formatters['image/png']\n"
        "data, md = svg(fig)\n"
        "print(svg.lookup_by_type(Figure).inner is style.figure_svg, data == style.figure_svg(fig), md['alt'],\n"
        "      png(fig) is None)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    # SVG through figure_svg, wrapped once for the alternative text; no PNG beside it
    assert out.stdout.split() == ["True", "True", "Een", "lijn", "True"]
