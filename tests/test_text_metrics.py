"""Text measured once per process (analysis.text_metrics): the same figures, fewer measurements."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.text as mtext  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backends.backend_svg import RendererSVG  # noqa: E402

from analysis import figures, style, text_metrics  # noqa: E402


@pytest.fixture(autouse=True)
def _original_afterwards():
    yield
    text_metrics.share_text_metrics(False)
    plt.close("all")


def _chart():
    """A figure with the kinds of text the reports draw: ticks, rotated labels, two lines, math, a legend."""
    fig, ax = figures.new_figure()
    ax.bar(["Beekdaelen", "Heerlen", "Voerendaal"], [120, 1200, 150], label="nieuwbouw")
    ax.tick_params(axis="x", labelrotation=45)
    ax.set_ylabel("aantal woningen\n(cumulatief)")
    ax.text(0, 600, r"$\Delta$ 1.080")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
    style.dutch_axis(ax)
    return figures.finish(fig, "Nieuwbouw per gemeente", alt="Staafdiagram")


def _svg(fig) -> str:
    with plt.rc_context({"svg.hashsalt": "test"}):
        return style.figure_svg(fig)


def test_same_svg_bytes_with_and_without_the_shared_cache():
    text_metrics.share_text_metrics(False)
    plain = [_svg(_chart()), _svg(_chart())]
    assert text_metrics.share_text_metrics(True)
    shared = [_svg(_chart()), _svg(_chart())]
    assert shared == plain
    assert "<text" not in plain[0]  # text drawn as paths, so the bytes depend on every measurement


def test_a_second_identical_figure_measures_nothing_new(monkeypatch):
    measured: list[str] = []
    inner = RendererSVG.get_text_width_height_descent

    def counting(self, s, prop, ismath):
        measured.append(s)
        return inner(self, s, prop, ismath)

    monkeypatch.setattr(RendererSVG, "get_text_width_height_descent", counting)
    text_metrics.share_text_metrics(False)
    _svg(_chart())
    first_plain = len(measured)
    _svg(_chart())
    assert len(measured) == 2 * first_plain  # matplotlib alone: every figure measures all its text again

    text_metrics.share_text_metrics(True)
    measured.clear()
    _svg(_chart())
    first = len(measured)
    assert 0 < first < first_plain  # the crop's renderer and the drawing renderer share what they measured
    assert len(set(measured)) == first  # each piece of text once
    _svg(_chart())
    assert len(measured) == first  # the second figure: nothing new


def test_switching_off_restores_matplotlib():
    assert text_metrics.share_text_metrics(True)
    assert mtext._get_text_metrics_with_cache is not text_metrics._ORIGINAL
    assert text_metrics.share_text_metrics(False) is False
    assert mtext._get_text_metrics_with_cache is text_metrics._ORIGINAL


def test_set_theme_switches_it_on():
    text_metrics.share_text_metrics(False)
    style.set_theme()
    assert mtext._get_text_metrics_with_cache is text_metrics._shared
