"""A choropleth of the 7 Parkstad municipalities from the real boundaries in data/raw/public.

No GIS stack is needed: the boundaries are GeoJSON polygons in WGS84, drawn with matplotlib.
Longitude is scaled by cos(latitude) so the map is not stretched.
"""

from __future__ import annotations

import json
import math
import textwrap
from functools import lru_cache
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.collections import PatchCollection
from matplotlib.patches import Polygon

from analysis import config
from analysis.figures import DIVERGING_CMAP, diverging_norm
from analysis.formatting import format_number
from analysis.rules.scopes import REGION_NAME

BOUNDARIES_FILE = "parkstad_gemeenten_detailed.geojson"
#: Outline colour of the highlighted municipality.
HIGHLIGHT_EDGE = "#1a202c"


@lru_cache(maxsize=2)
def load_boundaries(path: str | None = None) -> dict[str, list[list[tuple[float, float]]]]:
    """Municipality name -> list of rings (lon, lat) from the detailed GeoJSON."""
    p = Path(path) if path else config.PUBLIC_DIR / BOUNDARIES_FILE
    data = json.loads(p.read_text(encoding="utf-8"))
    out: dict[str, list] = {}
    for feat in data["features"]:
        props = feat["properties"]
        name = props.get("name") or props.get("statnaam")
        geom = feat["geometry"]
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        out[name] = [[(float(x), float(y)) for x, y in poly[0]] for poly in polys]
    return out


def plot_municipality_map(
    values: pd.Series,
    title: str,
    *,
    cmap: str = "OrRd",
    value_format=lambda v: format_number(v, 0),
    legend_label: str = "",
    highlight: str | None = None,
    diverging: bool = False,
    ax=None,
):
    """Draw the 7 municipalities coloured by ``values`` (indexed by municipality name).

    Each municipality is labelled with its name and formatted value; a municipality without a
    value is drawn grey and labelled "geen gegevens". ``highlight``: one municipality drawn with
    a dark outline and a bold label (the party of a municipality's report). ``diverging``: the
    values are signed (a gap, negative = surplus): a diverging scale centred on zero
    (:func:`analysis.figures.diverging_norm`, red a shortage, blue a surplus) instead of ``cmap``.
    """
    rings = load_boundaries()
    if ax is None:
        _fig, ax = plt.subplots(figsize=(7, 7))
    lat0 = 50.88
    kx = math.cos(math.radians(lat0))
    vals = pd.to_numeric(values, errors="coerce")
    vmin, vmax = (float(vals.min()), float(vals.max())) if vals.notna().any() else (0.0, 1.0)
    if vmin == vmax:
        vmax = vmin + 1
    if diverging:
        colormap, norm = plt.get_cmap(DIVERGING_CMAP), diverging_norm(vals)
        shade = norm  # zero is white, the middle of the scale
    else:
        colormap, norm = plt.get_cmap(cmap), plt.Normalize(vmin=vmin, vmax=vmax)
        shade = lambda v: (v - vmin) / (vmax - vmin) * 0.85 + 0.1  # noqa: E731 - skip the palest tint
    for name, polys in sorted(rings.items()):
        v = vals.get(name)
        colour = "#d9d9d9" if v is None or pd.isna(v) else colormap(shade(v))
        patches = [Polygon([(x * kx, y) for x, y in ring], closed=True) for ring in polys]
        own = name == highlight
        ax.add_collection(PatchCollection(patches, facecolor=colour, edgecolor=HIGHLIGHT_EDGE if own else "white",
                                          linewidth=3.0 if own else 1.5, zorder=3 if own else 1))
        biggest = max(polys, key=len)
        cx = sum(x for x, _ in biggest) / len(biggest) * kx
        cy = sum(y for _, y in biggest) / len(biggest)
        label = f"{name}\n{value_format(v)}" if v is not None and not pd.isna(v) else f"{name}\ngeen gegevens"
        ax.text(cx, cy, label, ha="center", va="center", fontsize=9, fontweight="bold" if own else "normal",
                zorder=4, bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.75))
    ax.autoscale_view()
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title("\n".join(textwrap.wrap(title, 60)))  # a long title stays on the figure
    sm = plt.cm.ScalarMappable(cmap=colormap, norm=norm)
    cb = plt.colorbar(sm, ax=ax, shrink=0.6, pad=0.02)
    cb.set_label(legend_label)
    cb.ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _p: value_format(v)))
    return ax


def describe_map(values: pd.Series, what: str, value_format=lambda v: format_number(v, 0)) -> str:
    """Alternative text of a map: what it shows and every municipality's value, highest first.

    >>> describe_map(pd.Series({"Heerlen": 1695.0, "Brunssum": 588.0, "Landgraaf": None}), "tekort")
    'Kaart van de gemeenten van Parkstad, tekort: Heerlen 1.695, Brunssum 588; geen gegevens: Landgraaf.'
    """
    vals = pd.to_numeric(values, errors="coerce")
    known = vals.dropna().sort_values(ascending=False)
    text = f"Kaart van de gemeenten van {REGION_NAME}, {what}: " + ", ".join(
        f"{name} {value_format(v)}" for name, v in known.items())
    unknown = sorted(vals[vals.isna()].index)
    if unknown:
        text += "; geen gegevens: " + ", ".join(unknown)
    return text + "."
