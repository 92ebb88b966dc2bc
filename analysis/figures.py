"""Shared figure helpers: one plotting API for every analysis.

Every ``plot_*`` function of an analysis' ``figures`` module follows the same contract:

- it takes the frame(s) or result it draws, then keyword-only ``title``, ``highlight`` (a
  party to stand out, or ``None``) and ``ax`` (draw into an existing axes, or ``None`` for a new
  figure);
- it returns the :class:`matplotlib.figure.Figure`, or ``None`` when there is nothing to draw
  (the notebook then says in words what is missing);
- it never reads a file and never calls ``plt.show``.

:func:`new_figure` and :func:`finish` are the two ends of that contract;
:func:`highlight_colours` greys out every party except the highlighted one.

The house rules every chart follows (issue 16, point 6), each with its helper here:

- **Alternative text.** The function that draws a chart also says what it shows, with its key
  number: ``finish(fig, title, ax, alt="Staafdiagram: ...")`` (or :func:`set_alt`). The text
  travels with the figure to the report: when a notebook displays the figure, the IPython image
  formatter (wrapped once per kernel by :func:`set_alt`) adds ``{"alt": ...}`` to the output's
  metadata, which nbconvert writes into ``<img alt=...>``.
- **Signed figures on a diverging scale** centred on zero (:func:`diverging_norm`,
  :data:`DIVERGING_CMAP`: red a shortage, blue a surplus).
- **The report's own party highlighted** (:func:`highlight_colours`, :func:`highlight_ticklabel`).
- **Prognosis distinct from realisation**: lighter and hatched, with a legend entry
  (:func:`figure_status_style`, :func:`figure_status_handles`).
- **Counts as whole numbers** on axes (:func:`count_axis`).
"""

from __future__ import annotations

from collections.abc import Iterable

import matplotlib.pyplot as plt
from matplotlib.colors import CenteredNorm
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from analysis.formatting import format_number

#: Colour of the parties that are not highlighted.
MUTED = "#cbd5e0"
#: Colour of the highlighted party's name on an axis (with bold type).
HIGHLIGHT_TEXT = "#1a365d"
#: Colour map of a signed figure (negative = surplus blue, zero white, positive = shortage red).
DIVERGING_CMAP = "RdBu_r"
#: How a prognosis bar differs from a realised one: hatched (and, by its colour, lighter).
PROGNOSIS_HATCH = "///"
#: Where the alternative text of a figure is kept (an attribute of the matplotlib Figure).
ALT_ATTRIBUTE = "rpa_alt"


def new_figure(ax=None, figsize: tuple[float, float] = (8, 3.6)):
    """``(fig, ax)``: the figure of ``ax`` when given, else a new figure of ``figsize``."""
    if ax is not None:
        return ax.figure, ax
    fig, ax = plt.subplots(figsize=figsize)
    return fig, ax


def finish(fig, title: str | None = None, ax=None, *, alt: str | None = None):
    """Set the title (on ``ax`` or the first axes) and the alternative text, lay out tightly, return ``fig``.

    ``alt``: what the figure shows with its key number (:func:`set_alt`); without it the title.
    """
    if title:
        (ax or fig.axes[0]).set_title(title)
    set_alt(fig, alt or alt_text(fig) or (f"Figuur: {title}" if title else None))
    fig.tight_layout()
    return fig


def set_alt(fig, text: str | None):
    """Give ``fig`` its alternative text (what it shows, with the key number) and return ``fig``.

    The text is kept on the figure (:data:`ALT_ATTRIBUTE`); in a running kernel the image
    formatters are wrapped (once) so that displaying the figure puts ``{"alt": text}`` in the
    output's metadata, where nbconvert and :mod:`analysis.report.export` find it.
    """
    if fig is not None and text:
        setattr(fig, ALT_ATTRIBUTE, " ".join(str(text).split()))
        _install_alt_formatters()
    return fig


def alt_text(fig) -> str | None:
    """The alternative text given to ``fig`` by :func:`set_alt`, or None."""
    return getattr(fig, ALT_ATTRIBUTE, None)


class _WithAlt:
    """An IPython image formatter for Figures that adds the figure's alternative text as metadata."""

    rpa_alt = True

    def __init__(self, inner):
        self.inner = inner

    def __call__(self, fig):
        data = self.inner(fig)
        alt = alt_text(fig)
        if data is None or alt is None:
            return data
        data, md = data if isinstance(data, tuple) else (data, {})
        return data, {**(md or {}), "alt": alt}


def _install_alt_formatters() -> None:
    """Wrap the kernel's PNG/SVG/JPEG formatters of Figures (again after a theme re-registered them)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency of the notebooks
        return
    shell = get_ipython()
    if shell is None:
        return
    from matplotlib.figure import Figure

    for mime in ("image/png", "image/svg+xml", "image/jpeg"):
        formatter = shell.display_formatter.formatters.get(mime)
        if formatter is None:
            continue
        try:
            current = formatter.lookup_by_type(Figure)
        except KeyError:
            continue
        if not getattr(current, "rpa_alt", False):
            formatter.for_type(Figure, _WithAlt(current))


def diverging_norm(values) -> CenteredNorm:
    """A colour norm centred on zero and symmetric: ``-m`` and ``+m`` equally strong, ``m = max |v|``.

    For a signed figure (a gap where negative is a surplus): zero is the middle (white) of
    :data:`DIVERGING_CMAP`, so a surplus never looks like a shortage.
    """
    import numpy as np

    v = np.asarray(list(values), dtype=float)
    v = v[np.isfinite(v)]
    half = float(np.abs(v).max()) if v.size else 0.0
    return CenteredNorm(vcenter=0.0, halfrange=half if half > 0 else 1.0)


def highlight_ticklabel(ax, highlight: str | None, axis: str = "y") -> None:
    """The highlighted party's name on the axis in bold and :data:`HIGHLIGHT_TEXT` (the others plain)."""
    if highlight is None:
        return
    labels = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    for label in labels:
        own = label.get_text() == highlight
        label.set_fontweight("bold" if own else "normal")
        if own:
            label.set_color(HIGHLIGHT_TEXT)


def figure_status_style(statuses: Iterable[str], realised: str, prognosis: str) -> tuple[list[str], list[str | None]]:
    """(colours, hatches) per bar: realisation ``realised`` and plain, prognosis ``prognosis`` and hatched."""
    statuses = list(statuses)
    colours = [prognosis if s == "prognose" else realised for s in statuses]
    hatches = [PROGNOSIS_HATCH if s == "prognose" else None for s in statuses]
    return colours, hatches


def hatch_bars(bars, hatches: Iterable[str | None]) -> None:
    """Set each bar's hatch (a white hatch on the light prognosis colour)."""
    for bar, hatch in zip(bars, hatches, strict=True):
        if hatch:
            bar.set_hatch(hatch)
            bar.set_edgecolor("white")


def figure_status_handles(realised: str, prognosis: str, statuses: Iterable[str] = ("realisatie", "prognose")) -> list:
    """Legend entries "realisatie" (plain) and "prognose" (hatched) for the statuses a chart shows."""
    shown = set(statuses)
    handles = []
    if "realisatie" in shown:
        handles.append(Patch(facecolor=realised, label="realisatie"))
    if "prognose" in shown:
        handles.append(Patch(facecolor=prognosis, hatch=PROGNOSIS_HATCH, edgecolor="white", label="prognose"))
    return handles


def count_axis(ax, axis: str = "y") -> None:
    """An axis of counts (dwellings, agreements): ticks at whole numbers, labelled the Dutch way (1.029)."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_locator(MaxNLocator(integer=True))
    target.set_major_formatter(FuncFormatter(lambda v, _pos: format_number(v, 0)))


def count(n, one: str, many: str | None = None) -> str:
    """``count(844, 'woning', 'woningen') -> '844 woningen'`` (whole, Dutch grouping; '–' unknown)."""
    text = format_number(n, 0)
    return f"{text} {one if text == '1' or many is None else many}"


def highlight_colours(names: Iterable[str], colours: dict[str, str], highlight: str | None) -> list[str]:
    """Colour per name: its own colour, or :data:`MUTED` for all but ``highlight`` when one is given."""
    out = []
    for n in names:
        own = colours.get(n, "#4a5568")
        out.append(own if highlight is None or n == highlight else MUTED)
    return out
