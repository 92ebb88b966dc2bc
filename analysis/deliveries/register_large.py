"""Large registers in ``rpa validate``: a ``voorraad`` delivered as Parquet, or as a large CSV file.

A corporation may deliver its dwelling register (sheet ``voorraad``) as its own file
``<afzender>_<jaar>_voorraad.parquet`` or ``<afzender>_<jaar>_voorraad.csv``. Up to
:data:`LARGE_CSV_BYTES` a CSV file goes the ordinary way (cell by cell, like a workbook); a larger
one, and every Parquet file, is read with pyarrow and checked column by column
(:mod:`analysis.deliveries.register_columns`): the same rules, the same problems per row and
column, millions of rows in seconds (``benchmarks/bench_register.py``).

What is the same as the ordinary path: the sender and year from the file name, the header
(found among the first lines, matched ignoring case; missing required columns drop the file),
every cell rule, the register's cross-row checks, the template's example row, unique VHE numbers
(also against the same corporation's workbooks earlier in name order), the rejections with their
raw row, the reconciliation. Row numbers are line numbers as in a spreadsheet (header on line 1:
the first dwelling is row 2); in a CSV file blank lines are not counted, and a line with another
number of fields than the header is rejected as a whole (named by its line number, as pyarrow
counts it).

:func:`add_large_registers` is called by :func:`analysis.deliveries.validate.validate_directory`
after the ordinary files; :func:`is_large_register` keeps those files out of the ordinary path
(:func:`analysis.deliveries.read.list_delivery_files`).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from analysis import processed, schemas
from analysis.deliveries import read as rd
from analysis.deliveries.read import LARGE_CSV_BYTES, REGISTER_SHEET, is_large_register
from analysis.deliveries.register_checks import find_register_problems
from analysis.deliveries.register_columns import (
    check_stock_rows,
    example_rows,
    type_columns,
    unique_problems,
)
from analysis.deliveries.validate_cells import _value_text
from analysis.deliveries.validate_rows import STRONG_EXAMPLE_FIELDS, _example_values
from analysis.deliveries.validate_sheets import FOUT, WAARSCHUWING
from analysis.errors import Problem

__all__ = ["LARGE_CSV_BYTES", "add_large_registers", "is_large_register", "large_registers"]

def large_registers(directory: Path, csv_bytes: int | None = None) -> list[Path]:
    """The large register files of a delivery folder, sorted by name."""
    return [p for p in sorted(Path(directory).iterdir(), key=lambda q: q.name)
            if p.is_file() and not p.name.startswith((".", "~$")) and is_large_register(p, csv_bytes)]


# --------------------------------------------------------------------------- reading


def _csv_layout(path: Path) -> tuple[str, str, list[list[str]]]:
    """(encoding, delimiter, first records) of a CSV file, decided as :func:`analysis.deliveries.read.read_csv` does."""
    with open(path, "rb") as fh:
        head_bytes = fh.read(1 << 16)
    encoding = "utf-8"
    try:
        head_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head_bytes) - 4:  # not just a character cut at the end of the sample
            encoding = "cp1252"
    text = head_bytes.decode(encoding, errors="ignore").lstrip("\ufeff")
    head = [line for line in text.splitlines()[:50] if line.strip()][:20]
    semis, commas = sum(line.count(";") for line in head), sum(line.count(",") for line in head)
    delimiter = ";" if semis >= commas and semis > 0 else ","
    records = list(csv.reader(io.StringIO("\n".join(text.splitlines()[:60]), newline=""), delimiter=delimiter))
    return encoding, delimiter, records


def _raw_sheet(path: Path) -> tuple[rd.RawSheet, dict]:
    """The register's header as a :class:`~analysis.deliveries.read.RawSheet` without rows, and how to read it."""
    m = rd.CSV_NAME.match(path.stem)
    sheet = m.group("sheet") if m else REGISTER_SHEET
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        names = pq.read_schema(path).names
        raw = rd.RawSheet(path.name, sheet, [rd._header_text(h) for h in names], [], True, 1)
        return raw, {"kind": "parquet", "names": names, "header_row": 1}
    encoding, delimiter, records = _csv_layout(path)
    rows = [(n, [c if c != "" else None for c in r]) for n, r in enumerate(records, start=1)]
    raw = rd._to_raw_sheet(path.name, sheet, rows, is_csv=True)
    width = len(records[raw.header_row - 1]) if raw.header_row else 0
    return rd.RawSheet(path.name, sheet, raw.headers, [], True, raw.header_row, [], raw.notes), {
        "kind": "csv", "encoding": encoding, "delimiter": delimiter, "header_row": raw.header_row or 1,
        "width": width}


def _read_columns(path: Path, how: dict, wanted: dict[str, int]) -> tuple[dict[str, pa.ChunkedArray], np.ndarray,
                                                                          list[tuple[int, str]]]:
    """field -> raw column, the row numbers, and the lines that could not be split into fields."""
    if how["kind"] == "parquet":
        import pyarrow.parquet as pq

        names = [how["names"][j] for j in wanted.values()]
        table = pq.read_table(path, columns=names)
        cols = {f: table.column(how["names"][j]) for f, j in wanted.items()}
        cols = {f: (c.cast(pa.string()) if pa.types.is_dictionary(c.type) else c) for f, c in cols.items()}
        return cols, np.arange(table.num_rows) + 2, []
    from pyarrow import csv as pacsv

    bad: list[tuple[int, str]] = []

    def invalid(row):
        bad.append((row.number or 0, row.text))
        return "skip"

    names = [f"k{j}" for j in range(how["width"])]
    table = pacsv.read_csv(
        path,
        read_options=pacsv.ReadOptions(encoding=how["encoding"], skip_rows=how["header_row"], column_names=names,
                                       block_size=1 << 24),
        parse_options=pacsv.ParseOptions(delimiter=how["delimiter"], invalid_row_handler=invalid),
        convert_options=pacsv.ConvertOptions(column_types={c: pa.string() for c in names}, strings_can_be_null=True,
                                             include_columns=[names[j] for j in wanted.values()]))
    cols = {f: table.column(names[j]) for f, j in wanted.items()}
    return cols, np.arange(table.num_rows) + how["header_row"] + 1, bad


# --------------------------------------------------------------------------- one file


def _problem(file: str, rows: np.ndarray, t: tuple, severity: str = FOUT) -> Problem:
    i, _order, column, value, expected = t
    return Problem(file, "", int(rows[i]), column, _value_text(value), expected, severity)


def validate_register(path: Path, year: int, seen: dict | None = None) -> dict:
    """Validate one large register; the pieces :func:`add_large_registers` merges into the result."""
    from analysis.deliveries.validate_contract import recognise_old_headers
    from analysis.deliveries.validate_files import process_file

    raw, how = _raw_sheet(path)
    # a Parquet register is one sheet named in its file name, as a CSV file: identified the same way
    as_csv = path.with_suffix(".csv")
    fr = rd.FileRead(as_csv, rd.sha256_of(path), [raw])
    recognise_old_headers(fr)
    fo = process_file(fr)  # sender and year from the name, the header: exactly the ordinary checks
    problems = [dataclasses.replace(q, file=path.name) if q.file == as_csv.name else q for q in fo.problems]
    out = {"name": path.name, "sha256": fr.sha256, "sender": fo.sender, "problems": problems,
           "frame": None, "rejections": [], "recon": None}
    spec = schemas.VOORRAAD
    sheet = next((s for s in fo.sheets if s.spec.table == spec.table), None)
    reason = None
    if not fo.sender:
        reason = fo.reason or "afzender onbekend: het bestand is niet verwerkt"
    elif fo.year is not None and fo.year != year:
        reason = f"leveringsjaar {fo.year} wijkt af van {year}: het bestand is niet verwerkt"
        out["problems"].append(Problem(path.name, "", None, "leveringsjaar", str(fo.year),
                                       f"leveringsjaar {year} (zoals de andere bestanden in deze map)"))
    elif sheet is None:
        reason = next((r for _s, _raw, r in fo.dropped), "blad niet verwerkt")
    from analysis.deliveries.validate_sheets import match_columns

    where, _ = match_columns(raw, spec)
    cols, rows, bad = _read_columns(path, how, where)
    n = len(rows)
    headers = {f: raw.headers[j] for f, j in where.items()}
    hdr = {f.name: f.header for f in spec.fields}
    if reason:
        rej = [(i, 0, "", "", reason) for i in range(n)]
        values, warnings = {}, []
    else:
        values, rej = type_columns(cols, spec, headers, n)
        typed = np.zeros(n, dtype=bool)
        typed[[t[0] for t in rej]] = True
        examples = example_rows(values, spec, typed)
        strong = sum(v is not None for v in _example_values(spec).values()) >= STRONG_EXAMPLE_FIELDS
        ex_msg = ("een eigen rij; dit is de voorbeeldrij uit het invulbestand (rpa template): verwijder deze rij of "
                  "vul er eigen gegevens in")
        warnings = []
        if strong:
            rej += [(int(i), 50, "", "", ex_msg) for i in examples]
        else:
            warnings += [(int(i), 50, "", "", "een eigen rij; deze rij is gelijk aan de voorbeeldrij uit het "
                          "invulbestand (rpa template): als het geen echte gegevens zijn, verwijder de rij")
                         for i in examples]
        rejected_fields = {f.name: np.zeros(n, dtype=bool) for f in spec.fields}
        inv = {h: name for name, h in hdr.items()}
        for i, _o, column, _v, _e in rej:  # the row path maps a problem's column back by the contract's header
            if column in inv:
                rejected_fields[inv[column]][i] = True
        more, warn = check_stock_rows(values, rejected_fields, year, hdr)
        rej += more
        warnings += warn
        rejected = np.zeros(n, dtype=bool)
        rejected[[t[0] for t in rej]] = True
        rej += unique_problems(values["vhe_id"], rows, rejected, hdr["vhe_id"], (seen or {}).get(fo.sender))
    rej.sort(key=lambda t: (t[0], t[1]))
    out["problems"] += [_problem(path.name, rows, t, WAARSCHUWING) for t in sorted(warnings, key=lambda t: (t[1], t[0]))]
    bad_problems = [Problem(path.name, "", line, "", text[:60], "een regel met evenveel velden als de kopregel")
                    for line, text in bad]
    row_problems = [_problem(path.name, rows, t) for t in rej]
    out["problems"] += bad_problems + row_problems
    rejected_idx = sorted({t[0] for t in rej})
    sender = fo.sender or path.stem
    raw_cols = [(raw.headers[j], cols[f]) for f, j in sorted(where.items(), key=lambda kv: kv[1])]
    for p, t in zip(row_problems, rej, strict=True):
        cells = {h: _value_text(c[t[0]].as_py()) for h, c in raw_cols}
        out["rejections"].append({"sender": sender, "file": p.file, "sheet": p.sheet, "row": p.row,
                                  "column": p.column, "value": p.value, "expected": p.expected,
                                  "severity": p.severity, "table": spec.table,
                                  "raw_row": json.dumps(cells, ensure_ascii=False)})
    for p in bad_problems:
        out["rejections"].append({"sender": sender, "file": p.file, "sheet": "", "row": p.row, "column": "",
                                  "value": p.value, "expected": p.expected, "severity": FOUT, "table": spec.table,
                                  "raw_row": "{}"})
    del cols, raw_cols  # the raw text is not needed any more: keep the peak memory down
    keep = np.ones(n, dtype=bool)
    keep[rejected_idx] = False
    if not reason and keep.any():
        k = int(keep.sum())
        data = {name: values.pop(name)[keep].reset_index(drop=True) for name in list(values)}  # typed; one at a time
        extra = {"corporation": np.full(k, fo.sender, dtype=object), "delivery_year": np.full(k, year),
                 "source_file": np.full(k, path.name, dtype=object),
                 "source_sheet": np.full(k, raw.sheet, dtype=object), "source_row": rows[keep]}
        dtypes = processed.table_dtypes(spec.table)
        data.update({c: _typed(v, dtypes[c]) for c, v in extra.items()})
        # every column is already in its processed dtype (type_columns, _typed): no conform copy
        out["frame"] = pd.DataFrame({c: data.pop(c) for c in dtypes}, copy=False)
    out["recon"] = {"sender": sender, "file": path.name, "sheet": raw.sheet, "table": spec.table,
                    "rows_read": n + len(bad), "rows_accepted": int(keep.sum()) if not reason else 0,
                    "rows_rejected": len(rejected_idx) + len(bad) if not reason else n + len(bad)}
    return out


def _typed(values: np.ndarray, dtype: str) -> pd.Series:
    """A column in its processed dtype, built vectorised (``processed.conform`` then has nothing to do)."""
    if dtype == "str":
        return pd.Series(pd.array(values, dtype="str"))
    if dtype in ("Int64", "float64"):
        return pd.Series(pd.to_numeric(pd.Series(values, dtype=object)).astype(dtype))
    return pd.Series(pd.array(values, dtype=dtype))


def add_large_registers(result, directory: Path) -> None:
    """Validate the folder's large registers and add them to ``result`` (a ``ValidationResult``)."""
    from analysis.rules.efg import load_rules

    paths = large_registers(directory)
    if not paths or result.year is None:
        return
    stock = result.tables["stock"]
    seen: dict[str, dict] = {}
    for corp, part in stock.groupby("corporation", sort=False) if len(stock) else []:
        seen[corp] = dict(zip(part["vhe_id"], part["source_file"] + ", rij " + part["source_row"].astype(str),
                              strict=True))
    frames, records = [], []
    for path in paths:
        got = validate_register(path, result.year, seen)
        result.problems += got["problems"]
        records += got["rejections"]
        result.reconciliation.append(got["recon"])
        result.files[got["name"]] = got["sha256"]
        result.senders[got["name"]] = got["sender"] or path.stem
        if got["frame"] is not None:
            frames.append(got["frame"])
            if path != paths[-1]:  # a later register of the same corporation repeats no VHE number of this one
                f = got["frame"]
                seen.setdefault(got["sender"], {}).update(
                    zip(f["vhe_id"], f["source_file"] + ", rij " + f["source_row"].astype(str), strict=True))
            result.problems += find_register_problems(got["frame"], result.year, load_rules())
    if frames:
        if len(frames) == 1 and not len(stock):
            result.tables["stock"] = frames[0]
        else:
            parts = [stock, *frames] if len(stock) else frames
            result.tables["stock"] = processed.conform(pd.concat(parts, ignore_index=True), "stock")
    if records:
        rej = pd.concat([result.rejections, pd.DataFrame(records)], ignore_index=True)
        result.rejections = processed.conform(rej, "rejections")
    result.files = dict(sorted(result.files.items()))
