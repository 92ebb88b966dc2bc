"""Writing a report's tables and showing the shared report elements.

Every headline table a notebook shows is also written as CSV (machine-readable, for anyone who
wants to check or reuse the figure). Tables are written deterministically: fixed column order,
fixed row order (the caller sorts), ``.`` as decimal separator, UTF-8, ``\\n`` line ends, so the
same inputs give byte-identical files. Text cells that a spreadsheet would execute as a formula
(starting with ``=``, ``+``, ``-`` or ``@``) are neutralised with a leading apostrophe.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """Prefix text that a spreadsheet would treat as a formula with ``'``; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise_formula)
    return out


#: File beside ``tables/`` that names the tables which are regional by nature (scope honesty).
TABLE_SCOPES_FILE = "table_scopes.json"
#: How a regional table is marked in its caption when shown in a party's report.
REGIONAL_MARK = "regionaal"


def write_table(df: pd.DataFrame, name: str, output_dir: str | Path | None, *,
                regional: str | None = None) -> Path | None:
    """Write ``df`` as ``<output_dir>/tables/<name>.csv``; return the path (None if no dir).

    Floats are written with up to 6 decimals (``%.6g`` would lose large euro amounts), so the
    files are stable across platforms.

    Args:
        regional: for a table that is regional by nature but shown in a municipality's or a
            corporation's report, the words that say so (e.g. ``"alle corporaties samen"``);
            recorded in ``<output_dir>/table_scopes.json`` and shown in the caption
            (:func:`regional_caption`). A party's table without it must hold that party's figures.
    """
    if output_dir is None or str(output_dir) == "":
        return None
    folder = Path(output_dir) / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.csv"
    neutralise_frame(df).to_csv(path, index=False, float_format="%.6f", lineterminator="\n", encoding="utf-8")
    scopes_file = Path(output_dir) / TABLE_SCOPES_FILE
    scopes = json.loads(scopes_file.read_text(encoding="utf-8")) if scopes_file.exists() else {}
    if regional:
        scopes[name] = regional
    else:
        scopes.pop(name, None)
    if scopes or scopes_file.exists():
        write_json(scopes, scopes_file)
    return path


def regional_caption(caption: str, regional: str | None) -> str:
    """``caption`` with the regional mark: "Verkoop per gemeente (regionaal: alle corporaties samen)"."""
    return f"{caption} ({REGIONAL_MARK}: {regional})" if regional else caption


EXAMPLE_BANNER_TEXT = (
    "Illustratieve voorbeelddata: dit rapport is gemaakt met gegenereerde voorbeeldleveringen, "
    "niet met echte cijfers van corporaties of gemeenten. Gebruik de uitkomsten niet voor besluiten."
)


def banner_html(example_data: bool) -> str:
    """The visible warning shown at the top of every report built on example data."""
    if not example_data:
        return ""
    return (
        '<div class="rpa-banner" style="border:3px solid #c53030;background:#fff5f5;color:#742a2a;'
        'padding:12px 16px;margin:8px 0 16px 0;font-size:1.05em;font-weight:bold;">'
        "&#9888; " + html.escape(EXAMPLE_BANNER_TEXT) + "</div>"
    )


def show_banner(example_data: bool) -> None:
    """Display the example-data banner in a notebook (no-op for real data)."""
    if example_data:
        from IPython.display import HTML, display

        display(HTML(banner_html(True)))


def show_table(df: pd.DataFrame, caption: str | None = None, *, regional: str | None = None) -> None:
    """Display a (formatted) frame as an HTML table without index; text is escaped.

    ``regional``: see :func:`write_table`; added to the caption.
    """
    from IPython.display import HTML, display

    caption = regional_caption(caption or "", regional) or None
    table = df.to_html(index=False, escape=True, border=0, classes="rpa-table", na_rep="–")
    cap = f"<p><strong>{html.escape(caption)}</strong></p>" if caption else ""
    display(HTML(cap + table))


def write_json(obj, path: str | Path) -> None:
    Path(path).write_text(json.dumps(obj, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
