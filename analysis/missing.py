"""What a report shows where data is missing: a sentence, never a zero, an empty table or nothing.

A real year brings incomplete deliveries: a party that sent nothing, a register without a single
E/F/G dwelling, a year without mutation figures. Every analysis keeps such figures unknown (NA,
shown as "–") and its ``text`` module says in Dutch what is missing. The notebook then calls the
two functions below instead of showing an empty figure or table:

- :func:`show_figure`: the figure, or (the figure function returned None) the sentence;
- :func:`show_table`: the table, or (no rows) the sentence.

:func:`join_names` writes a list of parties the Dutch way, for those sentences.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # light to import: rpa report's parent process words its failures with join_names
    import pandas as pd


def join_names(names: Iterable[str], word: str = "en") -> str:
    """``['Brunssum', 'Heerlen', 'Kerkrade'] -> 'Brunssum, Heerlen en Kerkrade'`` (``word``: "of").

    >>> join_names(["Weller"])
    'Weller'
    >>> join_names(["HEEMwonen", "Weller"], "of")
    'HEEMwonen of Weller'
    """
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {word} {names[-1]}"


def show_figure(fig, note: str) -> None:
    """Show nothing more when ``fig`` was drawn (the notebook shows it); else display ``note``.

    Args:
        fig: what a ``plot_*`` function returned (a Figure, or None when there is nothing to draw).
        note: the Dutch sentence saying why there is no figure (what is missing).
    """
    if fig is None:
        from IPython.display import Markdown, display

        display(Markdown(note))


def show_table(df: pd.DataFrame, caption: str | None, note: str, *, regional: str | None = None) -> None:
    """:func:`analysis.outputs.show_table` when ``df`` has rows; else display ``note`` (what is missing)."""
    from analysis import outputs

    if df is None or df.empty:
        from IPython.display import Markdown, display

        display(Markdown(note))
        return
    outputs.show_table(df, caption, regional=regional)
