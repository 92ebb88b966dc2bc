"""Content checks of the dwelling register (``voorraad``) for the sender: planned measures that cannot count.

A row can pass every cell and row check of the data contract and still hold a plan the EFG
analysis cannot count: an improvement in a year before the delivery year while the dwelling still
has label E, F or G, a demolition or sale in the past of a dwelling that is still in the register,
a label after the measure worse than the label now, and so on (the codes and Dutch texts of
:data:`analysis.rules.efg.PROBLEMS`). The analysis ignores such a measure (the dwelling counts as
it stands); this module tells the sender, in the same validation feedback as every other problem:
one warning per dwelling and problem, naming file, sheet, row and column.

The rule that finds them is :func:`analysis.rules.efg.measure_problems`, the same the analysis
applies, so the feedback and the report cannot disagree.
"""

from __future__ import annotations

import pandas as pd

from analysis import schemas
from analysis.errors import Problem
from analysis.rules.efg import PROBLEMS, EnergyRules, measure_problems

#: Severity of a register content problem: the row is kept, its measure is not counted.
WARNING = "waarschuwing"

#: Per problem code, the register column (``Field.name``) the sender should look at.
PROBLEM_COLUMNS: dict[str, str] = {
    "verbeterd_voor_rapportagejaar_nog_efg": "measure_year",
    "label_na_slechter": "label_after",
    "ingreep_op_vertrokken_woning": "measure_year",
    "jaar_ingreep_ontbreekt": "measure_year",
    "label_na_ontbreekt": "label_after",
    "label_na_zonder_ingreep": "label_after",
}


def _header(name: str) -> str:
    """The column header the sender sees (``label_after`` -> ``label na ingreep``)."""
    return next(f.header for f in schemas.VOORRAAD.fields if f.name == name)


def _text(value) -> str:
    """A cell value as text for the feedback ("" when empty; 2027.0 -> "2027")."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def find_register_problems(stock: pd.DataFrame, year: int, rules: EnergyRules) -> list[Problem]:
    """One warning per dwelling and problem code whose planned measure the EFG analysis ignores.

    Args:
        stock: the processed ``voorraad`` (with ``source_file``, ``source_sheet``,
            ``source_row`` as written by the validation).
        year: the delivery year (the register is the stock at 1 January).
        rules: the EFG rule (:func:`analysis.rules.efg.load_rules`).

    Returns:
        :class:`analysis.errors.Problem` s with severity ``waarschuwing``: ``file`` =
        ``source_file``, ``sheet`` = ``source_sheet``, ``row`` = ``source_row``, ``column`` = the
        header of the relevant column, ``value`` = its value, ``expected`` = the Dutch description
        of :data:`analysis.rules.efg.PROBLEMS`. Sorted by file, sheet, row, then problem code in
        the order of ``PROBLEMS``.
    """
    found: list[tuple[tuple, Problem]] = []
    for rank, (code, mask) in enumerate(measure_problems(stock, year, rules).items()):
        if not mask.any():
            continue
        column = PROBLEM_COLUMNS[code]
        rows = stock.loc[mask, ["source_file", "source_sheet", "source_row", column]]
        for file, sheet, row, value in rows.itertuples(index=False, name=None):
            row_number = None if pd.isna(row) else int(row)
            problem = Problem(str(file), str(sheet), row_number, _header(column), _text(value),
                              PROBLEMS[code], WARNING)
            found.append(((problem.file, problem.sheet, row_number or 0, rank), problem))
    return [p for _, p in sorted(found, key=lambda item: item[0])]
