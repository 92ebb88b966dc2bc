"""House style for figures: one seaborn theme, a fixed colour per municipality, corporation,
plan status and segment, Dutch number formatting on the axes.

Colours are fixed by name (not by order of appearance) so that Heerlen has the same colour in
every figure of every report.
"""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import seaborn as sns
from matplotlib.ticker import FuncFormatter

from analysis import text_metrics
from analysis.formatting import format_number

MUNICIPALITY_COLOURS = {
    "Beekdaelen": "#1b9e77",
    "Brunssum": "#d95f02",
    "Heerlen": "#7570b3",
    "Kerkrade": "#e7298a",
    "Landgraaf": "#66a61e",
    "Simpelveld": "#e6ab02",
    "Voerendaal": "#a6761d",
}

CORPORATION_COLOURS = {
    "HEEMwonen": "#4e79a7",
    "Krijtland Wonen": "#f28e2b",
    "Vanhier Wonen": "#e15759",
    "Vincio Wonen": "#76b7b2",
    "Weller": "#59a14f",
    "Wonen Limburg": "#edc948",
    "Wonen Zuid": "#b07aa1",
    "Woonpunt": "#ff9da7",
    "ZO Wonen": "#9c755f",
}

PLAN_STATUS_COLOURS = {
    "opgeleverd": "#1a5e20",
    "in_aanbouw": "#4c9a2a",
    "hard": "#a4c639",
    "zacht": "#f4c542",
    "idee": "#d9d9d9",
}

SEGMENT_COLOURS = {
    "sociale_huur": "#2b6cb0",
    "middenhuur": "#dd6b20",
    "betaalbare_koop": "#d69e2e",
    "middenhuur_betaalbare_koop": "#dd6b20",
    "vrije_sector": "#718096",
    "flex": "#805ad5",
    "totaal": "#2d3748",
}

LABEL_COLOURS = {
    "A++++": "#006400", "A+++": "#007a00", "A++": "#009000", "A+": "#00a600", "A": "#33b233",
    "B": "#99cc33", "C": "#ffff00", "D": "#ffcc00", "E": "#ff9900", "F": "#ff6600", "G": "#ff0000",
}

STATUS_COLOURS = {"op koers": "#2f855a", "aandacht": "#d69e2e", "risico": "#d69e2e", "achter": "#c53030"}


def set_theme() -> None:
    """Apply the house theme (call once at the top of a notebook)."""
    sns.set_theme(context="notebook", style="whitegrid", font="DejaVu Sans")
    plt.rcParams.update(
        {
            "figure.figsize": (9, 4.8),
            "figure.dpi": 100,
            "savefig.dpi": 110,
            "axes.titleweight": "bold",
            "axes.titlesize": 12,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "legend.frameon": False,
            # the ids inside an SVG figure follow from its content, not from a random salt: the same
            # figure gives the same bytes (with no date in its metadata, :func:`use_vector_figures`)
            "svg.hashsalt": "rpa-parkstad",
        }
    )
    text_metrics.share_text_metrics()  # every piece of text measured once, not once per renderer
    use_vector_figures()


#: No creation date in an SVG figure: the same figure gives the same report, byte for byte.
SVG_METADATA = {"Date": None}


def use_vector_figures() -> None:
    """In a report kernel, show figures as SVG (vector) instead of PNG, drawn by :func:`figure_svg`.

    Measured (``benchmarks/bench_figures.py``, RESULTS.md "Figures"): sharp at any size on A4
    paper where the 100-dpi PNG prints at about 137 ppi, about as large in the HTML as that PNG
    and faster to render (Chromium prints it a little slower). Outside IPython nothing changes.
    """
    try:
        from IPython import get_ipython
        from matplotlib.figure import Figure
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # pragma: no cover - IPython is a dependency of the kernel
        return
    shell = get_ipython()
    if shell is not None:
        set_matplotlib_formats("svg", metadata=SVG_METADATA)
        shell.display_formatter.formatters["image/svg+xml"].for_type(Figure, figure_svg)


def figure_svg(fig) -> str | None:
    """The SVG of ``fig`` as a report shows it: cropped to what it draws, in one drawing pass.

    The crop is matplotlib's ``bbox_inches="tight"`` (the box of everything drawn, padded by
    ``savefig.pad_inches``), but matplotlib finds that box by drawing the whole figure once
    without output before drawing it for real. Here the box comes from the figure's own extents
    (as :meth:`~matplotlib.figure.Figure.tight_layout` measures them), so the figure is drawn
    once: measured on a report's bar chart 0,05 s instead of 0,11 s, the same size within a
    point. A figure with a layout engine of its own (constrained layout), or without a canvas
    that measures, gets matplotlib's two passes. None for a figure without axes (IPython's rule).
    """
    from matplotlib.layout_engine import PlaceHolderLayoutEngine

    if not fig.axes and not fig.lines:
        return None
    engine = fig.get_layout_engine()
    if engine is not None and not isinstance(engine, PlaceHolderLayoutEngine):
        return _print_svg(fig, "tight")
    box = _svg_tight_box(fig).padded(plt.rcParams["savefig.pad_inches"])
    # what tight_layout leaves behind (a placeholder engine) would make matplotlib draw twice anyway
    fig.set_layout_engine(None)
    try:
        return _print_svg(fig, box)
    finally:
        if engine is not None:
            fig.set_layout_engine(engine)


def _svg_tight_box(fig):
    """The box (inches) of all ``fig`` draws, measured as the SVG backend measures it (at 72 dpi)."""
    from matplotlib.backends.backend_svg import RendererSVG

    dpi = fig.dpi
    fig.dpi = 72  # as FigureCanvasSVG.print_svg draws
    try:
        width, height = fig.get_size_inches()
        return fig.get_tightbbox(RendererSVG(width * 72, height * 72, io.StringIO(), image_dpi=dpi))
    finally:
        fig.dpi = dpi


def _print_svg(fig, bbox_inches) -> str:
    """``fig`` as SVG text, with the options IPython's inline figures use (its own colours and dpi)."""
    buf = io.BytesIO()
    fig.canvas.print_figure(buf, format="svg", facecolor=fig.get_facecolor(), edgecolor=fig.get_edgecolor(),
                            dpi=fig.dpi, bbox_inches=bbox_inches, metadata=SVG_METADATA)
    return buf.getvalue().decode("utf-8")


def colour_for(name: str, fallback: str = "#4a5568") -> str:
    """Colour of a municipality, corporation, plan status, segment or label."""
    for table in (MUNICIPALITY_COLOURS, CORPORATION_COLOURS, PLAN_STATUS_COLOURS,
                  SEGMENT_COLOURS, LABEL_COLOURS, STATUS_COLOURS):
        if name in table:
            return table[name]
    return fallback


def dutch_axis(ax, axis: str = "y", decimals: int = 0) -> None:
    """Format an axis' tick labels the Dutch way (6.775)."""
    fmt = FuncFormatter(lambda v, _pos: format_number(v, decimals))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)
