"""One sheet of a delivery: match its columns, normalise its cells (rules 3 and 4).

:func:`match_columns` maps the schema's fields to the sheet's headers (ignoring case and extra
spaces) and reports missing, duplicate and unknown columns; :func:`type_sheet` normalises every
cell with :mod:`analysis.deliveries.validate_cells` into a :class:`SheetOutcome`, where an
invalid cell rejects its row.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from analysis import schemas
from analysis.deliveries import read as rd
from analysis.deliveries.validate_cells import (
    _MISSING,
    Invalid,
    _is_blank,
    _key,
    _required_text,
    _value_text,
    make_converter,
)
from analysis.deliveries.validate_workbook import CellFlag
from analysis.errors import Problem

__all__ = ["FOUT", "WAARSCHUWING", "SheetOutcome", "match_columns", "type_sheet"]

#: Problem severities: an error rejects (a row, a sheet or a file); a warning only informs.
FOUT, WAARSCHUWING = "fout", "waarschuwing"


@dataclass
class SheetOutcome:
    """Typed rows of one sheet plus what was rejected."""

    spec: schemas.SheetSpec
    file: str
    sheet: str  # as written in the file
    is_csv: bool
    rows: list[int]  # excel row numbers, in order
    values: dict[str, list]  # field name -> normalised values (None = empty)
    raw: list[tuple]  # raw cell values per row
    headers: list[str]
    rejected: dict[int, list[Problem]] = field(default_factory=dict)  # index -> problems
    sender: str = ""

    @property
    def problem_sheet(self) -> str:
        return "" if self.is_csv else self.sheet

    def reject(self, i: int, column: str, value, expected: str) -> Problem:
        p = Problem(self.file, self.problem_sheet, self.rows[i], column, _value_text(value), expected, FOUT)
        self.rejected.setdefault(i, []).append(p)
        return p


def match_columns(raw: rd.RawSheet, spec: schemas.SheetSpec) -> tuple[dict[str, int], list[Problem]]:
    """Map field name -> column index; problems for missing, duplicate or unknown columns."""
    norm = [_key(h) for h in raw.headers]
    problems: list[Problem] = []
    where: dict[str, int] = {}
    sheet = raw.problem_sheet
    for f in spec.fields:
        hits = [i for i, h in enumerate(norm) if h == _key(f.header)]
        if len(hits) > 1:
            problems.append(Problem(raw.file, sheet, raw.header_row, f.header, f.header,
                                    f"kolom '{f.header}' één keer (nu {len(hits)} keer); de eerste wordt gebruikt",
                                    WAARSCHUWING))
        if hits:
            where[f.name] = hits[0]
    known = {_key(f.header) for f in spec.fields}
    unknown = [raw.headers[i] for i, h in enumerate(norm) if h and h not in known]
    for f in spec.fields:
        if f.name in where:
            continue
        close = difflib.get_close_matches(_key(f.header), [_key(u) for u in unknown], n=3, cutoff=0.5)
        close_orig = [u for u in unknown if _key(u) in close]
        hint = f"; lijkt op: {', '.join(repr(c) for c in close_orig)}" if close_orig else ""
        if f.required:
            problems.append(Problem(raw.file, sheet, raw.header_row, f.header, "",
                                    f"kolom '{f.header}' (verplicht) in de kopregel{hint}; "
                                    "het blad is niet verwerkt", FOUT))
        elif close_orig:
            problems.append(Problem(raw.file, sheet, raw.header_row, f.header, "",
                                    f"kolom '{f.header}' (niet verplicht) ontbreekt{hint}; "
                                    "de kolom wordt als leeg gelezen", WAARSCHUWING))
    for i, h in enumerate(norm):
        if h and h not in known:
            problems.append(Problem(raw.file, sheet, raw.header_row, raw.headers[i], raw.headers[i],
                                    "een kolom uit de toelichting; deze kolom wordt genegeerd", WAARSCHUWING))
        elif not h and any(not _is_blank(r[i]) for _, r in raw.rows):
            problems.append(Problem(raw.file, sheet, raw.header_row, f"kolom {i + 1}", "",
                                    "een kolomnaam in de kopregel; de waarden in deze kolom worden genegeerd",
                                    WAARSCHUWING))
    if raw.stray_rows:
        problems.append(Problem(raw.file, sheet, raw.stray_rows[0], "", "",
                                f"geen waarden rechts van de laatste kolom ({len(raw.stray_rows)} rij(en)); "
                                "die worden genegeerd", WAARSCHUWING))
    return where, raw.notes + problems + _flags_outside(raw, set(where.values()))


def _flags_outside(raw: rd.RawSheet, used: set[int]) -> list[Problem]:
    """Warnings for formulas without a value and error values in columns that are not read.

    (In a column that is read, :func:`type_sheet` rejects the row.)
    """
    out: list[Problem] = []
    for excel_row, cells in raw.rows if raw.flagged else ():
        for j, v in enumerate(cells):
            if j not in used and isinstance(v, CellFlag):
                column = raw.headers[j] or f"kolom {j + 1}"
                out.append(Problem(raw.file, raw.problem_sheet, excel_row, column, str(v),
                                   v.expected() + " (deze kolom wordt niet gelezen)", WAARSCHUWING))
    return out


def type_sheet(raw: rd.RawSheet, spec: schemas.SheetSpec, where: dict[str, int]) -> SheetOutcome:
    """Normalise every cell of a sheet; invalid cells reject their row."""
    out = SheetOutcome(spec, raw.file, raw.sheet, raw.is_csv, [r for r, _ in raw.rows], {},
                       [v for _, v in raw.rows], raw.headers)
    n = len(raw.rows)
    for f in spec.fields:
        idx = where.get(f.name)
        col_vals: list = [None] * n
        out.values[f.name] = col_vals
        if idx is None:
            continue
        conv = make_converter(f)
        memo: dict = {}
        header = raw.headers[idx]
        for i, (_, cells) in enumerate(raw.rows):
            v = cells[idx]
            if isinstance(v, CellFlag):  # a formula without a value or an error value: never read as empty
                out.reject(i, header, v, v.expected())
                continue
            if _is_blank(v):
                if f.required:
                    out.reject(i, header, "", _required_text(f))
                continue
            try:
                key = (type(v), v)
                hit = memo.get(key, _MISSING)
                if hit is _MISSING:
                    try:
                        hit = conv(v)
                    except Invalid as exc:
                        hit = exc
                    if len(memo) < 50_000:
                        memo[key] = hit
            except TypeError:  # unhashable: never happens for cell values, kept for safety
                hit = conv(v)
            if isinstance(hit, Invalid):
                out.reject(i, header, v, hit.args[0])
            else:
                col_vals[i] = hit
    return out
