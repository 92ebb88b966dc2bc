"""Problems found in input, and the exception that carries all of them at once.

Every boundary of the suite (reference tables, delivery workbooks, report configuration)
collects *all* problems before failing, and each problem names where it is: file, sheet,
row and column, the offending value and what was expected. Messages are in Dutch because
the senders of deliveries read them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell, row, sheet or file.

    Attributes:
        file: file name (not the full path, unless that is all there is).
        sheet: sheet name, or "" for CSV files and whole-file problems.
        row: 1-based row number as the sender sees it in Excel/CSV (header = row 1),
            or None when the problem concerns the whole sheet/file.
        column: column header as written in the file, or "" for row/file problems.
        value: the offending value as text ("" if none).
        expected: what was expected, in Dutch ("een geheel getal >= 0", ...).
        severity: "fout" (row rejected / file unusable) or "waarschuwing" (kept, but check).
    """

    file: str
    sheet: str
    row: int | None
    column: str
    value: str
    expected: str
    severity: str = "fout"

    def location(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"blad '{self.sheet}'")
        if self.row is not None:
            parts.append(f"rij {self.row}")
        if self.column:
            parts.append(f"kolom '{self.column}'")
        return ", ".join(parts)

    def message(self) -> str:
        shown = f"waarde '{self.value}'" if self.value != "" else "geen waarde"
        return f"{self.location()}: {shown}; verwacht: {self.expected}"

    def as_dict(self) -> dict:
        return asdict(self)


class ValidationFailed(Exception):
    """Raised with every problem found, never just the first."""

    def __init__(self, problems: Iterable[Problem], what: str = "invoer"):
        self.problems = list(problems)
        self.what = what
        lines = [f"{len(self.problems)} probleem/problemen in {what}:"]
        lines += [f"  - {p.message()}" for p in self.problems]
        super().__init__("\n".join(lines))
