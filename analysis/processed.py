"""The processed deliveries: the one input every analysis reads.

``rpa validate DIR`` turns a folder of delivery workbooks into ``data/processed/<year>/``:
one parquet file per table (see :data:`analysis.schemas.TABLES`), ``rejections.parquet``
(+ ``rejections.csv``) with every rejected row and why, and ``metadata.json``. This module
reads that folder back as a :class:`ProcessedData`, always with the same columns and dtypes,
also when a table is absent (then the frame is empty).

Columns of each table: the English ``Field.name`` of the schema, then ``corporation``
(corporation sheets) or ``sender_municipality`` (municipality sheets), then the provenance
columns ``delivery_year, source_file, source_sheet, source_row``.

The contract: :func:`table_schema` builds a pandera ``DataFrameSchema`` per table from
:mod:`analysis.schemas` (every column with its dtype; required fields and provenance never
empty; codes from their code list, municipalities and corporations by their canonical name;
the bounds of each field; the unique key per sender). :func:`load` checks every table against
it, collecting every failure, and raises :class:`~analysis.errors.ValidationFailed` with a
Dutch problem per table, column and check (``stock.parquet, rij 5, kolom 'energy_label': waarde
'H'; verwacht: een code uit ...``): the analyses can rely on what the tables hold.

The check runs once per set of tables: ``rpa validate`` checks the tables it writes and records
in ``metadata.json`` (``contract``) the checksum of each table and a fingerprint of the
contract; :func:`load` trusts exactly those bytes under exactly that contract and checks
everything else (a table changed afterwards, another contract, no record). Every report's
fresh kernel thus loads without importing pandera.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis import config, schemas
from analysis.checksums import sha256_file
from analysis.errors import Problem, ValidationFailed

# The scope vocabulary and its check live in analysis.rules.scopes; re-exported for callers that
# validate a scope together with loading the data.
from analysis.rules.scopes import REGION_NAME, SCOPE_TYPES, check_scope  # noqa: F401

#: Columns of the rejections table: one row per problem of severity "fout" or "waarschuwing".
REJECTION_COLUMNS: tuple[str, ...] = (
    "sender", "file", "sheet", "row", "column", "value", "expected", "severity", "table", "raw_row",
)

#: Field kind -> pandas dtype in the processed tables.
_KIND_DTYPE = {
    "str": "str",
    "code": "str",
    "municipality": "str",
    "corporation": "str",
    "int": "Int64",
    "year": "Int64",
    "float": "float64",
    "bool": "boolean",
}

#: Processed tables in :class:`ProcessedData` order.
TABLE_NAMES: tuple[str, ...] = (
    "projects", "mutations", "stock", "finances", "plan_capacity", "voorzieningenwijzer",
    "deliveries_corporation", "deliveries_municipality",
)


def sender_column(table: str) -> str:
    """``corporation`` for tables from the corporation workbook, else ``sender_municipality``."""
    return "corporation" if schemas.TABLES[table].workbook == "corporatie" else "sender_municipality"


def table_dtypes(table: str) -> dict[str, str]:
    """Column -> dtype of a processed table, in column order.

    >>> list(table_dtypes("voorzieningenwijzer"))[:4]
    ['year', 'households_approached', 'households_advised', 'sender_municipality']
    """
    spec = schemas.TABLES[table]
    out: dict[str, str] = {f.name: _KIND_DTYPE[f.kind] for f in spec.fields}
    sender = sender_column(table)
    if sender not in out:
        out[sender] = "str"
    out.update({"delivery_year": "Int64", "source_file": "str", "source_sheet": "str", "source_row": "Int64"})
    return out


def rejection_dtypes() -> dict[str, str]:
    """Column -> dtype of the rejections table."""
    return {c: ("Int64" if c == "row" else "str") for c in REJECTION_COLUMNS}


def empty_table(table: str) -> pd.DataFrame:
    """An empty frame with the columns and dtypes of ``table`` (or ``"rejections"``)."""
    dtypes = rejection_dtypes() if table == "rejections" else table_dtypes(table)
    return pd.DataFrame({c: pd.Series([], dtype=d) for c, d in dtypes.items()})


def conform(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """Return ``df`` with exactly the columns of ``table`` (missing ones added empty) and their dtypes."""
    dtypes = rejection_dtypes() if table == "rejections" else table_dtypes(table)
    out = {}
    for col, dtype in dtypes.items():
        if col in df.columns:
            s = df[col]
            if dtype == "str":
                if s.dtype != object and pd.api.types.is_string_dtype(s.dtype):
                    s = s.astype("str")  # already text (e.g. read from parquet): vectorised
                else:
                    s = pd.Series([None if _isna(v) else str(v) for v in s], dtype="str")
            else:
                s = s.astype(dtype)
            out[col] = s.reset_index(drop=True)
        else:
            out[col] = pd.Series([None] * len(df), dtype=dtype)
    return pd.DataFrame(out, columns=list(dtypes))


def _isna(v) -> bool:
    return v is None or (not isinstance(v, str) and bool(pd.isna(v)))


@dataclass
class ProcessedData:
    """All processed tables of one delivery year (empty frames when a table is absent)."""

    year: int
    projects: pd.DataFrame
    mutations: pd.DataFrame
    stock: pd.DataFrame
    finances: pd.DataFrame
    plan_capacity: pd.DataFrame
    voorzieningenwijzer: pd.DataFrame
    deliveries_corporation: pd.DataFrame
    deliveries_municipality: pd.DataFrame
    rejections: pd.DataFrame
    metadata: dict = field(default_factory=dict)
    example_data: bool = False


def _root(data_dir: str | Path | None) -> Path:
    if data_dir is None or str(data_dir) == "":
        return config.DATA_PROCESSED
    return Path(data_dir)


def available_years(data_dir: str | Path | None = None) -> list[int]:
    """Delivery years with a processed folder (holding ``metadata.json``), ascending."""
    root = _root(data_dir)
    if not root.is_dir():
        return []
    return sorted(int(p.name) for p in root.iterdir()
                  if p.is_dir() and p.name.isdigit() and (p / "metadata.json").exists())


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x).replace(".", ",")


def _value_checks(kind: str, fld: schemas.Field | None, pa) -> list:
    """pandera checks of one field, each with its Dutch 'verwacht' text as the error."""
    from analysis import reference

    if fld is None:
        return []
    if kind == "code":
        codes = list(schemas.CODE_LISTS[fld.codes])
        return [pa.Check.isin(codes, error="een code uit de lijst " + fld.codes + ": " + ", ".join(codes))]
    if kind == "municipality":
        names = reference.municipality_names()
        return [pa.Check.isin(names, error="een Parkstadgemeente (canonieke naam): " + ", ".join(names))]
    if kind == "corporation":
        names = reference.corporation_names()
        return [pa.Check.isin(names, error="een corporatie (canonieke naam): " + ", ".join(names))]
    lo, hi = fld.min, fld.max
    if kind == "year" and lo is None and hi is None:
        lo, hi = schemas.YEAR_MIN, schemas.YEAR_MAX
    if lo is not None and hi is not None:
        return [pa.Check.in_range(lo, hi, error=f"een waarde van {_fmt(lo)} t/m {_fmt(hi)}")]
    if lo is not None:
        return [pa.Check.ge(lo, error=f"een waarde >= {_fmt(lo)}")]
    if hi is not None:
        return [pa.Check.le(hi, error=f"een waarde <= {_fmt(hi)}")]
    return []


@functools.cache
def table_schema(table: str):
    """The pandera contract of a processed table (or ``"rejections"``), built from :mod:`analysis.schemas`.

    Every column of :func:`table_dtypes` with its dtype (coerced); required fields, the sender
    column and the provenance columns never empty; codes, municipalities and corporations from
    their lists; the field bounds; the unique key (``SheetSpec.unique``) per sender.
    """
    import pandera.pandas as pa

    if table == "rejections":
        columns = {c: pa.Column(d, nullable=c not in ("file", "expected", "severity"), coerce=True)
                   for c, d in rejection_dtypes().items()}
        columns["severity"] = pa.Column("str", pa.Check.isin(["fout", "waarschuwing"], error="fout of waarschuwing"),
                                        coerce=True)
        return pa.DataFrameSchema(columns, name="rejections")
    spec = schemas.TABLES[table]
    fields = {f.name: f for f in spec.fields}
    sender = sender_column(table)
    columns = {}
    for col, dtype in table_dtypes(table).items():
        fld = fields.get(col)
        if fld is not None:
            kind, required = fld.kind, fld.required
        elif col == sender:
            kind, required = ("corporation" if sender == "corporation" else "municipality"), True
            fld = schemas.Field(col, col, kind, "afzender")
        else:  # provenance
            kind, required = ("int" if dtype == "Int64" else "str"), True
            fld = schemas.Field(col, col, kind, "herkomst", min=1 if col == "source_row" else None)
        columns[col] = pa.Column(dtype, _value_checks(kind, fld, pa), nullable=not required, coerce=True)
    unique = [sender, *spec.unique] if spec.unique else None
    return pa.DataFrameSchema(columns, unique=unique, name=table)


_DTYPE_TEXT = {"str": "tekst", "Int64": "een geheel getal", "float64": "een getal", "boolean": "ja/nee (bool)"}


def _expected_text(check: str, table: str) -> str:
    """Dutch 'verwacht' text for a pandera failure (our own checks carry theirs as the error)."""
    if check == "not_nullable":
        return "een waarde (deze kolom is nooit leeg)"
    if check == "column_in_dataframe":
        return "deze kolom in de tabel"
    if check.startswith("dtype("):
        dtype = check[len("dtype("):].strip("')")
        return f"{_DTYPE_TEXT.get(dtype, dtype)} (kolomtype {dtype})"
    if check == "multiple_fields_uniqueness":
        spec = schemas.TABLES[table]
        return f"een unieke combinatie van {', '.join([sender_column(table), *spec.unique])} (komt vaker voor)"
    return check


def _origin(df: pd.DataFrame, i: int) -> str:
    if not {"source_file", "source_sheet", "source_row"} <= set(df.columns) or not 0 <= i < len(df):
        return ""
    src = df.iloc[i]
    return f" (bron: {src['source_file']}, blad '{src['source_sheet']}', rij {src['source_row']})"


def check_contract(df: pd.DataFrame, table: str) -> tuple[pd.DataFrame, list[Problem]]:
    """``df`` checked against :func:`table_schema` (dtypes coerced) and one problem per failed check.

    A problem names the table file, the first failing row (1-based row of the table, and the
    delivery file, sheet and row it came from), the column, the failing value(s) and what was
    expected; ``expected`` ends with the number of rows that fail that check. A column whose
    type is wrong gets that one problem (not also its value checks, which then cannot run).
    """
    import pandera.errors

    try:
        return table_schema(table).validate(df, lazy=True), []
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases.copy()
    cases["column"] = cases["column"].fillna("").astype(str)
    cases["check"] = cases["check"].astype(str).str.replace(r"^coerce_dtype\(", "dtype(", regex=True)
    unique = cases["check"] == "multiple_fields_uniqueness"
    cases.loc[unique, "column"] = ", ".join(table_schema(table).unique or [])
    mistyped = set(cases.loc[cases["check"].str.startswith("dtype("), "column"])
    problems = []
    for (column, check), group in cases.groupby(["column", "check"], sort=False):
        if column in mistyped and not check.startswith("dtype("):
            continue
        index = sorted(set(pd.to_numeric(group["index"], errors="coerce").dropna().astype(int)))
        if check == "multiple_fields_uniqueness":
            keys = [c.strip() for c in column.split(",")]
            values = [" / ".join(str(v) for v in df.iloc[i][keys]) for i in index[:20]]
        else:
            values = ["" if pd.isna(v) else str(v) for v in group["failure_case"].head(20)]
        first = index[0] if index else None
        count = f"; {len(index)} rij(en)" if index else ""
        problems.append(Problem(f"{table}.parquet", "", None if first is None else first + 1, column,
                                ", ".join(dict.fromkeys(values))[:200],
                                _expected_text(check, table) + ("" if first is None else _origin(df, first)) + count))
    return df, problems


def contract_fingerprint() -> str:
    """A hash of everything the contract is built from: this module, the schemas, the party names."""
    from analysis import reference

    h = hashlib.sha256(Path(__file__).read_bytes())
    h.update(repr((schemas.TABLES, schemas.CODE_LISTS, schemas.YEAR_MIN, schemas.YEAR_MAX,
                   reference.municipality_names(), reference.corporation_names())).encode())
    return h.hexdigest()


def contract_stamp(folder: Path) -> dict:
    """What ``rpa validate`` records after checking the tables in ``folder``: fingerprint + checksums."""
    tables = {f"{t}.parquet": sha256_file(folder / f"{t}.parquet")
              for t in (*TABLE_NAMES, "rejections") if (folder / f"{t}.parquet").exists()}
    return {"fingerprint": contract_fingerprint(), "tables": tables}


def _stamp_holds(folder: Path, metadata: dict) -> bool:
    stamp = metadata.get("contract")
    if not isinstance(stamp, dict) or stamp.get("fingerprint") != contract_fingerprint():
        return False
    try:
        return contract_stamp(folder)["tables"] == stamp.get("tables")
    except OSError:
        return False


def check_tables(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Every contract problem of the given tables (name -> frame), all at once."""
    return [p for t, df in tables.items() for p in check_contract(df, t)[1]]


def _read(folder: Path, table: str, problems: list[Problem], check: bool) -> pd.DataFrame:
    path = folder / f"{table}.parquet"
    if not path.exists():
        return empty_table(table)
    df = pd.read_parquet(path)
    if not check:
        return conform(df, table)
    checked, found = check_contract(df, table)
    problems += found
    return empty_table(table) if found else conform(checked, table)


def load(year: int, data_dir: str | Path | None = None) -> ProcessedData:
    """Load the processed tables of delivery year ``year``.

    Args:
        year: delivery (reporting) year, e.g. 2026.
        data_dir: processed data root; ``None`` or ``""`` means ``data/processed``. The year
            folder is ``data_dir/<year>``.

    Raises:
        FileNotFoundError: (Dutch message) when the year folder does not exist, telling the
            user to run ``rpa validate`` first.
        ValidationFailed: (Dutch, every problem at once) when a table breaks its contract
            (:func:`table_schema`).
    """
    root = _root(data_dir)
    folder = root / str(int(year))
    if not folder.is_dir():
        years = available_years(root)
        shown = ", ".join(str(y) for y in years) if years else "geen"
        raise FileNotFoundError(
            f"Geen verwerkte leveringen voor {year}: de map {folder} bestaat niet. "
            f"Draai eerst 'rpa validate <map met leveringen van {year}>' (of 'rpa example-data' "
            f"gevolgd door 'rpa validate data/raw/example/{year}'). Beschikbare jaren: {shown}."
        )
    meta_path = folder / "metadata.json"
    metadata = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    problems: list[Problem] = []
    check = not _stamp_holds(folder, metadata)
    tables = {t: _read(folder, t, problems, check) for t in (*TABLE_NAMES, "rejections")}
    if problems:
        raise ValidationFailed(problems, f"de verwerkte tabellen in {folder} (ze voldoen niet aan het datacontract "
                                         "van analysis/schemas.py; draai 'rpa validate' opnieuw)")
    return ProcessedData(
        year=int(year),
        metadata=metadata,
        example_data=bool(metadata.get("example_data", False)),
        **tables,
    )

