"""The processed deliveries: the one input every analysis reads.

``rpa validate DIR`` turns a folder of delivery workbooks into ``data/processed/<year>/``:
one parquet file per table (see :data:`analysis.schemas.TABLES`), ``rejections.parquet``
(+ ``rejections.csv``) with every rejected row and why, and ``metadata.json``. This module
reads that folder back as a :class:`ProcessedData`, always with the same columns and dtypes,
also when a table is absent (then the frame is empty).

Columns of each table: the English ``Field.name`` of the schema, then ``corporation``
(corporation sheets) or ``sender_municipality`` (municipality sheets), then the provenance
columns ``delivery_year, source_file, source_sheet, source_row``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis import config, schemas

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


def _read(folder: Path, table: str) -> pd.DataFrame:
    path = folder / f"{table}.parquet"
    if not path.exists():
        return empty_table(table)
    return conform(pd.read_parquet(path), table)


def load(year: int, data_dir: str | Path | None = None) -> ProcessedData:
    """Load the processed tables of delivery year ``year``.

    Args:
        year: delivery (reporting) year, e.g. 2026.
        data_dir: processed data root; ``None`` or ``""`` means ``data/processed``. The year
            folder is ``data_dir/<year>``.

    Raises:
        FileNotFoundError: (Dutch message) when the year folder does not exist, telling the
            user to run ``rpa validate`` first.
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
    tables = {t: _read(folder, t) for t in TABLE_NAMES}
    return ProcessedData(
        year=int(year),
        rejections=_read(folder, "rejections"),
        metadata=metadata,
        example_data=bool(metadata.get("example_data", False)),
        **tables,
    )

