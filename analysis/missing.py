"""What a report shows where data is missing: a sentence, never a zero, an empty table or nothing.

A real year brings incomplete deliveries: a party that sent nothing, a register without a single
E/F/G dwelling, a year without mutation figures. Every analysis keeps such figures unknown (NA,
shown as "–") and its ``text`` module says in Dutch what is missing. The notebook then calls the
two functions below instead of showing an empty figure or table:

- :func:`show_figure`: the figure, or (the figure function returned None) the sentence;
- :func:`show_table`: the table, or (no rows) the sentence;
- :func:`show_missing`: the "Wat ontbreekt" table of a report, or the one line
  :data:`NOTHING_MISSING` when nothing is missing (never an empty table, never a table that says
  "nothing" in a row of dashes).

:func:`join_names` writes a list of parties the Dutch way, for those sentences.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # light to import: rpa report's parent process words its failures with join_names
    import pandas as pd


#: What "Wat ontbreekt" says when nothing is missing (one line instead of an empty table).
NOTHING_MISSING = ("Niets ontbreekt: alle corporaties en gemeenten hebben geleverd, elk jaar heeft mutatiecijfers, "
                   "geen rij is bij de controle afgewezen en bij geen project botsen planstatus en opleverjaar.")


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


def show_missing(rows: pd.DataFrame, caption: str | None, *, display: Callable | None = None,
                 regional: str | None = None, nothing: str = NOTHING_MISSING) -> None:
    """The "Wat ontbreekt" section: the rows of what is missing, or the line ``nothing`` when there are none.

    Args:
        rows: one row per missing or rejected thing (the analysis' own frame, e.g. the portfolio's
            ``result.missing``); empty when everything was delivered.
        caption: the table's caption.
        display: turns ``rows`` into the table shown (Dutch headers), e.g. ``text.display_missing_table``.
        regional: see :func:`analysis.outputs.show_table` (the deliveries of all parties).
        nothing: the sentence shown when ``rows`` is empty.
    """
    if rows is None or rows.empty:
        from IPython.display import Markdown
        from IPython.display import display as show

        show(Markdown(nothing))
        return
    from analysis import outputs

    outputs.show_table(display(rows) if display else rows, caption, regional=regional)
