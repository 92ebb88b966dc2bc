"""Where a sheet's header is (rule 3 of ``rpa validate``): not always on the first row.

Senders put a title block above the column names ("Woningregister Weller, peildatum 1 januari
2026"), or group labels in merged cells ("Woning" over four columns, "Energie" over three).
:func:`locate_header` looks at the first :data:`HEADER_SEARCH_ROWS` filled rows and takes the
row that holds the most known column names of the sheet (:mod:`analysis.schemas`; for a sheet
with an unknown name, those of every sheet); rows above it are skipped as title, with a note.
Without any known name among those rows the first filled row is the header (as before), so a
sheet with renamed columns still gets the "kolom ... ontbreekt; lijkt op ..." problem.

Merged cells (``.xlsx``/``.xls``; ``.ods`` and ``.xlsb`` do not report them):

- a column name merged over two header rows (``vhe-nummer`` in A3:A4 above the detail names of
  row 4) belongs to the header row below it too: its value is carried down into the header;
- a merged range that reaches into the data rows keeps its value in its first cell only (as
  Excel stores it); that is reported, since the other rows of the range read as empty.
"""

from __future__ import annotations

from analysis import schemas
from analysis.deliveries.validate_cells import _is_blank, _key
from analysis.deliveries.validate_workbook import cell_ref
from analysis.errors import Problem

__all__ = ["HEADER_SEARCH_ROWS", "Merged", "known_headers", "locate_header", "merged_notes", "title_note"]

#: How many filled rows at the top of a sheet may hold the header.
HEADER_SEARCH_ROWS = 20

#: A merged range as python-calamine gives it: ((first row, first col), (last row, last col)), 0-based.
Merged = tuple[tuple[int, int], tuple[int, int]]


def known_headers(sheet: str) -> set[str]:
    """Column names (normalised) of the sheet called ``sheet``; of every sheet for an unknown name."""
    specs = [s for s in schemas.ALL_SHEETS if s.sheet == _key(sheet)] or list(schemas.ALL_SHEETS)
    return {_key(h) for s in specs for h in s.headers}


def _carried_down(values: tuple, excel_row: int, merged: list[Merged], by_row: dict[int, tuple]) -> tuple:
    """``values`` of a header candidate with the names of vertically merged cells above it filled in."""
    out = list(values)
    for (r0, c0), (r1, _c1) in merged:
        if not r0 + 1 < excel_row <= r1 + 1:
            continue
        top = by_row.get(r0 + 1, ())
        if c0 < len(top) and not _is_blank(top[c0]):
            while len(out) <= c0:
                out.append(None)
            if _is_blank(out[c0]):
                out[c0] = top[c0]
    return tuple(out)


def locate_header(rows: list[tuple[int, tuple]], sheet: str,
                  merged: list[Merged] | None = None) -> tuple[int, tuple]:
    """The header among the filled ``rows`` (excel row, values): (index in ``rows``, header values).

    The candidate with the most cells equal (ignoring case and spaces) to a known column name
    wins; the first one on a tie. With no known name in the first :data:`HEADER_SEARCH_ROWS`
    rows, the first row is the header.
    """
    merged = merged or []
    known = known_headers(sheet)
    head = rows[:HEADER_SEARCH_ROWS]
    by_row = dict(head)
    best, best_score, best_values = 0, 0, head[0][1] if head else ()
    for i, (excel_row, values) in enumerate(head):
        if merged:
            values = _carried_down(values, excel_row, merged, by_row)
        score = len({_key(str(v)) for v in values if not _is_blank(v)} & known)
        if score > best_score:
            best, best_score, best_values = i, score, values
    return best, best_values


def title_note(file: str, sheet: str, rows: list[tuple[int, tuple]], index: int) -> Problem | None:
    """The note that rows above the header were skipped as title (None when there were none)."""
    if index == 0:
        return None
    skipped = [r for r, _ in rows[:index]]
    first = next((v for v in rows[0][1] if not _is_blank(v)), "")
    span = f"rij {skipped[0]} erboven (titel) is" if len(skipped) == 1 else \
        f"rijen {skipped[0]} t/m {skipped[-1]} erboven (titel) zijn"
    return Problem(file, sheet, rows[index][0], "", " ".join(str(first).split()),
                   f"de kolomnamen in de bovenste rij; de kopregel is gevonden in rij {rows[index][0]} en {span} "
                   "overgeslagen; alle rijen onder de kopregel zijn gelezen", "waarschuwing")


def merged_notes(file: str, sheet: str, header_row: int, merged: list[Merged] | None) -> list[Problem]:
    """One note per merged range that reaches below the header (only its first cell has a value)."""
    notes = []
    for (r0, c0), (r1, c1) in merged or []:
        if r1 + 1 <= header_row:
            continue
        first, last = cell_ref(r0 + 1, c0), cell_ref(r1 + 1, c1)
        notes.append(Problem(file, sheet, max(r0 + 1, header_row + 1), "", f"{first}:{last}",
                             f"geen samengevoegde cellen in de gegevens: van {first}:{last} heeft alleen {first} "
                             "een waarde, de andere cellen worden als leeg gelezen; maak de samenvoeging ongedaan "
                             "en vul elke cel", "waarschuwing"))
    return notes
