"""What ``rpa validate`` found and produced for one folder (:class:`ValidationResult`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.deliveries.validate_sheets import FOUT
from analysis.errors import Problem


@dataclass
class ValidationResult:
    """Everything ``rpa validate`` found and produced for one folder."""

    year: int | None
    source_dir: Path
    out: Path | None
    tables: dict[str, pd.DataFrame]
    rejections: pd.DataFrame
    problems: list[Problem]
    reconciliation: list[dict]
    files: dict[str, str]
    senders: dict[str, str]  # file -> sender
    unreadable: list[str]
    example_data: bool = False

    @property
    def n_rejected(self) -> int:
        return sum(r["rows_rejected"] for r in self.reconciliation)

    @property
    def n_errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == FOUT)

    def exit_code(self, strict: bool = False) -> int:
        """2: a file could not be read; 1 (``strict``): a row rejected or an error; else 0."""
        if self.unreadable:
            return 2
        if strict and (self.n_rejected or self.n_errors):
            return 1
        return 0
