"""``rpa validate``: check a folder of deliveries, keep every valid row, explain every rejected one.

The rules, in the order they are applied (all documented for senders in ``docs/deliveries.md``):

1. **Files.** Every workbook (``.xlsx``, ``.xlsm``, ``.xls``, ``.xlsb``, ``.ods``) and ``.csv`` in
   the folder, sorted by name. A file that cannot be read at all (empty, not a workbook, corrupt,
   protected with a password) is one problem for that file; the others go on (exit code 2).
   Apple ``.numbers`` files are reported as unsupported (exit code 2). A formula without a
   computed value or an error value in a cell is a problem on that cell (never an empty cell).
2. **Sender.** The sheet ``levering`` names the corporation or municipality (any alias) and the
   delivery year. Without it the sender is taken from the file name ``<afzender>_<jaar>...``
   (a problem is reported); a file name naming another sender or year gets a warning naming both.
   An unknown sender or a different delivery year rejects the file.
3. **Sheets and columns.** The header is the row with the most known column names among the
   first 20 filled rows (a title block or merged group labels above it are skipped, with a note).
   Sheet names and headers are matched ignoring case and extra spaces.
   A missing sheet, or a missing required column, is a problem naming the closest existing
   names; that sheet's rows are rejected, the other sheets of the file are still processed.
4. **Cells.** Each cell is normalised when that is safe: whitespace and case, aliases of
   municipalities, corporations and codes, Dutch decimal commas (``612,35``, ``1.234,56``),
   numbers stored as text, Excel dates (a date in a year column gives its year). Anything
   else is a problem on that cell and rejects the row.
5. **Rows and sheets.** Cross-row checks (see :func:`check_rows`): duplicate keys (VHE ids
   per corporation, also across files), years outside the reporting window, realisations
   dated in the future, planned measures before the build year, measures without year or
   label, totals that contradict (advised > approached households); the example rows of
   ``rpa template`` left in a delivery (:func:`~analysis.deliveries.validate_rows.mark_template_examples`).

Output (``data/processed/<year>/`` unless ``--out``): one parquet per table, ``rejections``
(parquet + csv), ``metadata.json`` and a validation workbook per sender in ``validatie/``.
Nothing under ``data/raw`` is ever written.

This module decides per folder (delivery year, files rejected as a whole, reconciliation); the
rules live beside it: :mod:`~analysis.deliveries.validate_cells` (rule 4),
:mod:`~analysis.deliveries.validate_sheets` (rule 3), :mod:`~analysis.deliveries.validate_rows`
(rule 5), :mod:`~analysis.deliveries.validate_files` (rules 2 and 3) and
:mod:`~analysis.deliveries.validate_output` (what is written and printed).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd

from analysis import config, processed
from analysis.deliveries import read as rd
from analysis.deliveries.register_checks import find_register_problems
from analysis.deliveries.register_large import add_large_registers
from analysis.deliveries.validate_cells import Invalid, _value_text, make_converter, parse_number
from analysis.deliveries.validate_contract import contract_warnings, recognise_old_headers
from analysis.deliveries.validate_files import FileOutcome, process_file
from analysis.deliveries.validate_output import summary_lines, write_outputs, write_sender_reports
from analysis.deliveries.validate_result import ValidationResult
from analysis.deliveries.validate_rows import YEAR_WINDOWS, check_rows, check_unique
from analysis.deliveries.validate_sheets import (
    FOUT,
    WAARSCHUWING,
    SheetOutcome,
    match_columns,
    type_sheet,
)
from analysis.errors import Problem
from analysis.rules.efg import load_rules

__all__ = [
    "EXAMPLE_MARKER", "FOUT", "WAARSCHUWING", "YEAR_WINDOWS",
    "FileOutcome", "Invalid", "SheetOutcome", "ValidationResult",
    "check_rows", "check_unique", "make_converter", "match_columns", "parse_number", "process_file",
    "summary_lines", "type_sheet", "validate_command", "validate_directory", "write_outputs",
    "write_sender_reports",
]

EXAMPLE_MARKER = "VOORBEELDDATA.md"


def _choose_year(directory: Path, files: list[FileOutcome]) -> int | None:
    years = Counter(f.year for f in files if f.year is not None and f.sender)
    if years:
        return sorted(years.items(), key=lambda kv: (-kv[1], -kv[0]))[0][0]
    if directory.name.isdigit() and len(directory.name) == 4:
        return int(directory.name)
    return None


def validate_directory(directory: Path, out: Path | None = None, *, strict: bool = False,
                       write: bool = True) -> ValidationResult:
    """Validate every delivery file in ``directory`` and write the processed tables.

    Args:
        directory: folder with ``.xlsx``/``.csv`` deliveries of one year.
        out: output folder; default ``data/processed/<year>``. Must not lie under ``data/raw``.
        strict: only affects :meth:`ValidationResult.exit_code` callers; kept for symmetry.
        write: False to only validate (tests, dry runs).

    Returns:
        The :class:`ValidationResult` (tables, rejections, problems, reconciliation).

    Raises:
        FileNotFoundError: the folder does not exist.
        ValueError: ``out`` lies under ``data/raw``, or no delivery year can be determined.
    """
    del strict
    directory = Path(directory)
    if not directory.is_dir():
        raise FileNotFoundError(f"De map {directory} bestaat niet.")
    paths, unsupported = rd.list_delivery_files(directory)
    problems: list[Problem] = []
    unreadable: list[str] = []
    for p in unsupported:
        problems.append(Problem(p.name, "", None, "", "", "een werkmap (.xlsx, .xls, .xlsb of .ods) of een "
                                "CSV-bestand; sla dit bestand op als .xlsx"))
        unreadable.append(p.name)
    reads = [rd.read_file(p) for p in paths]
    for fr in reads:  # old column names of the contract (e.g. 'operationele kasstroom'), with a warning
        recognise_old_headers(fr)
    fos = [process_file(fr) for fr in reads]
    year = _choose_year(directory, fos)
    if year is None:
        raise ValueError(f"Geen leveringsjaar gevonden in {directory}: geen geldig blad 'levering' en geen "
                         "bestandsnamen <afzender>_<jaar>.")

    # File-level decisions: unknown sender or other year -> whole file rejected.
    for fo in fos:
        if fo.unreadable:
            unreadable.append(fo.name)
            continue
        reason = None
        if fo.workbook and not fo.sender:
            reason = fo.reason or "afzender onbekend: het bestand is niet verwerkt"
        elif fo.year is not None and fo.year != year:
            reason = f"leveringsjaar {fo.year} wijkt af van {year}: het bestand is niet verwerkt"
            fo.problems.append(Problem(fo.name, "levering" if any(s.spec.sheet == "levering" for s in fo.sheets)
                                       else "", None, "leveringsjaar", str(fo.year),
                                       f"leveringsjaar {year} (zoals de andere bestanden in deze map)"))
        if reason:
            for s in fo.sheets:
                for i in range(len(s.rows)):
                    if i not in s.rejected:
                        s.rejected[i] = [Problem(s.file, s.problem_sheet, s.rows[i], "", "", reason)]
        for s in fo.sheets:
            if s.spec.sheet == "levering":
                continue
            fo.problems += check_rows(s, year)
    # Cross-file: duplicate keys per sender (VHE ids, project ids, ...), files in name order.
    check_unique([s for fo in fos for s in fo.sheets if fo.sender])

    # Collect.
    tables_rows: dict[str, list[pd.DataFrame]] = defaultdict(list)
    rej_records: list[dict] = []
    reconciliation: list[dict] = []
    senders: dict[str, str] = {}
    for fo in fos:
        senders[fo.name] = fo.sender or Path(fo.name).stem
        problems += fo.problems
        for s in fo.sheets:
            rejected_rows = len(s.rejected)
            for i in sorted(s.rejected):
                for p in s.rejected[i]:
                    problems.append(p)
                    rej_records.append(_rej_record(fo, s.spec.table, p, s.headers, s.raw[i]))
            keep = [i for i in range(len(s.rows)) if i not in s.rejected]
            if keep:
                tables_rows[s.spec.table].append(_frame(s, keep, fo, year))
            reconciliation.append(_recon(fo, s.spec.table, s.sheet, len(s.rows), len(keep), rejected_rows))
        for spec, raw, reason in fo.dropped:
            table = spec.table if spec else ""
            for excel_row, cells in raw.rows:
                p = Problem(fo.name, raw.problem_sheet, excel_row, "", "", reason)
                rej_records.append(_rej_record(fo, table, p, raw.headers, cells))
            reconciliation.append(_recon(fo, table, raw.sheet, len(raw.rows), 0, len(raw.rows)))

    tables = {}
    for t in processed.TABLE_NAMES:
        frames = tables_rows.get(t)
        df = pd.concat(frames, ignore_index=True) if frames else processed.empty_table(t)
        tables[t] = processed.conform(df, t)
    # Content of the register the EFG rule cannot count (one feedback path for the sender).
    problems += find_register_problems(tables["stock"], year, load_rules())
    # Deliveries in the old contract (AAN, aankoop projects, no equity on beleidswaarde): warnings.
    problems += contract_warnings(tables, year)
    rejections = processed.conform(pd.DataFrame(rej_records, columns=list(processed.REJECTION_COLUMNS)),
                                   "rejections")
    files = {fr.name: fr.sha256 for fr in reads}
    files.update({p.name: rd.sha256_of(p) for p in unsupported})
    example = (directory / EXAMPLE_MARKER).exists()
    if out is None:
        out = config.DATA_PROCESSED / str(year)
    out = Path(out)
    result = ValidationResult(year, directory, out if write else None, tables, rejections, problems,
                              reconciliation, dict(sorted(files.items())), senders, sorted(set(unreadable)), example)
    add_large_registers(result, directory)  # Parquet / large CSV registers, column by column (register_large.py)
    if write:
        write_outputs(result, out)
    return result


def _rej_record(fo: FileOutcome, table: str, p: Problem, headers: list[str], cells: tuple) -> dict:
    raw = {h or f"kolom {j + 1}": _value_text(v) for j, (h, v) in enumerate(zip(headers, cells, strict=False))}
    return {"sender": fo.sender or Path(fo.name).stem, "file": p.file, "sheet": p.sheet, "row": p.row,
            "column": p.column, "value": p.value, "expected": p.expected, "severity": p.severity,
            "table": table, "raw_row": json.dumps(raw, ensure_ascii=False)}


def _recon(fo: FileOutcome, table: str, sheet: str, read_n: int, acc: int, rej: int) -> dict:
    return {"sender": fo.sender or Path(fo.name).stem, "file": fo.name, "sheet": sheet, "table": table,
            "rows_read": read_n, "rows_accepted": acc, "rows_rejected": rej}


def _frame(s: SheetOutcome, keep: list[int], fo: FileOutcome, year: int) -> pd.DataFrame:
    data = {f.name: [s.values[f.name][i] for i in keep] for f in s.spec.fields}
    sender_col = processed.sender_column(s.spec.table)
    if sender_col not in data:
        data[sender_col] = [fo.sender] * len(keep)
    if s.spec.sheet != "levering":
        data["delivery_year"] = [year] * len(keep)
    data["source_file"] = [fo.name] * len(keep)
    data["source_sheet"] = [s.sheet] * len(keep)
    data["source_row"] = [s.rows[i] for i in keep]
    return pd.DataFrame(data)


def validate_command(args) -> int:
    """``rpa validate DIR [--out DIR] [--strict]``; returns the exit code."""
    try:
        result = validate_directory(Path(args.directory), getattr(args, "out", None))
    except (FileNotFoundError, ValueError) as exc:
        print(f"Fout: {exc}")
        return 2
    print("\n".join(summary_lines(result)))
    code = result.exit_code(strict=getattr(args, "strict", False))
    if code == 2:
        print("Exitcode 2: minstens één bestand kon niet gelezen worden.")
    elif code == 1:
        print("Exitcode 1 (--strict): er zijn rijen afgekeurd of fouten gevonden.")
    return code
