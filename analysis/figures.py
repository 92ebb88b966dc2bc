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
"""

from __future__ import annotations

from collections.abc import Iterable

import matplotlib.pyplot as plt

#: Colour of the parties that are not highlighted.
MUTED = "#cbd5e0"


def new_figure(ax=None, figsize: tuple[float, float] = (8, 3.6)):
    """``(fig, ax)``: the figure of ``ax`` when given, else a new figure of ``figsize``."""
    if ax is not None:
        return ax.figure, ax
    fig, ax = plt.subplots(figsize=figsize)
    return fig, ax


def finish(fig, title: str | None = None, ax=None):
    """Set the title (on ``ax`` or the first axes), lay out tightly and return ``fig``."""
    if title:
        (ax or fig.axes[0]).set_title(title)
    fig.tight_layout()
    return fig


def highlight_colours(names: Iterable[str], colours: dict[str, str], highlight: str | None) -> list[str]:
    """Colour per name: its own colour, or :data:`MUTED` for all but ``highlight`` when one is given."""
    out = []
    for n in names:
        own = colours.get(n, "#4a5568")
        out.append(own if highlight is None or n == highlight else MUTED)
    return out
