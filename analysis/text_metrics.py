"""Text measured once per process instead of once per renderer (a report's figures draw faster).

matplotlib measures every piece of text (a tick label, a title) through a cache that belongs to
one renderer. A report's figure meets three renderers: the canvas' (``tight_layout``), the one
:func:`analysis.style.figure_svg` measures the crop with, and the one that draws the SVG. Each
starts empty, so "2026" on an axis is laid out with FreeType three times per figure, and again in
the next figure. Measured on the example set (``benchmarks/RESULTS_NOTES.md``): about 20.000 such
measurements for 289 figures, most of them repeats.

:func:`share_text_metrics` gives the renderers of one kind one cache instead. The key holds all
that the measurement depends on: the class of the renderer that measures and its resolution (points to pixels),
the text, the font properties (copied, as matplotlib does, since they are mutable), whether it
is math text and the figure's dpi. What is measured, and so what is drawn, stays the same: the
SVG of every figure is byte for byte what it was (``tests/test_text_metrics.py``).

It replaces ``matplotlib.text._get_text_metrics_with_cache``, a private function; if a future
matplotlib lacks it, nothing is replaced and figures are measured as matplotlib does by itself.
"""

from __future__ import annotations

import threading

import matplotlib.text as mtext
from matplotlib.backends.backend_mixed import MixedModeRenderer

#: The most measurements kept (a report set measures a few thousand distinct pieces of text).
MAX_ENTRIES = 20_000

_ORIGINAL = getattr(mtext, "_get_text_metrics_with_cache", None)
_cache: dict = {}
_lock = threading.Lock()


def _shared(renderer, text, fontprop, ismath, dpi):
    """``renderer.get_text_width_height_descent`` through one cache for every renderer of its kind."""
    # the SVG backend draws through a MixedModeRenderer around its RendererSVG: the one that measures
    kind = type(renderer._renderer if isinstance(renderer, MixedModeRenderer) else renderer)
    key = (kind, renderer.points_to_pixels(72.0), text, fontprop.copy(), ismath, dpi)
    hit = _cache.get(key)
    if hit is None:
        hit = renderer.get_text_width_height_descent(text, fontprop.copy(), ismath)
        with _lock:
            if len(_cache) >= MAX_ENTRIES:
                _cache.clear()
            _cache[key] = hit
    return hit


def share_text_metrics(on: bool = True) -> bool:
    """Measure text through one cache per renderer kind (``on``), or as matplotlib does (``on=False``).

    Returns whether the shared cache is in use. Idempotent; safe to call from every notebook.
    """
    if _ORIGINAL is None:
        return False
    mtext._get_text_metrics_with_cache = _shared if on else _ORIGINAL
    if not on:
        _cache.clear()
    return on
