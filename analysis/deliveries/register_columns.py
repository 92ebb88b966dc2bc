"""Column-wise validation of a large register (the ``voorraad`` sheet), the same rules as row by row.

``rpa validate`` checks a workbook cell by cell (:func:`analysis.deliveries.validate_sheets.type_sheet`,
:func:`analysis.deliveries.validate_rows.check_rows`, ``check_unique``, ``mark_template_examples``).
A register of a million dwellings or more is checked here column by column instead, with the same
outcome: the same rows rejected with the same :class:`~analysis.errors.Problem` (file, row, column,
value, expected, in the same order per row) and the same accepted values
(``tests/test_bench_register.py`` compares both on one file).

How it stays the same: every value that is not obviously valid is normalised by the very converter
the row path uses (:func:`~analysis.deliveries.validate_cells.make_converter`), once per distinct
value; only plainly valid values take a vectorised shortcut (a number like ``612,35`` or ``1975``
within its bounds, a text without whitespace to normalise, a typed Parquet number). Coded columns
(gemeente, energielabel, ...) have a handful of distinct values, so the converter runs a few
dozen times for millions of rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis import schemas
from analysis.deliveries.validate_cells import Invalid, _required_text, make_converter
from analysis.deliveries.validate_rows import _example_values

__all__ = ["check_stock_rows", "example_rows", "type_columns", "unique_problems"]

#: A decimal number the row path reads the same way without doubt: digits, optionally one ``.``
#: or ``,`` with 1-2 or 4+ decimals (three decimals after a separator may be a thousands separator).
_PLAIN_DECIMAL = r"^-?\d+(?:[.,](?:\d{1,2}|\d{4,}))?$"
_PLAIN_INT = r"^-?\d+$"


def _blank(arr: pa.ChunkedArray) -> np.ndarray:
    """Empty cells: null, or text of only spaces (``_is_blank`` of the row path)."""
    null = arr.is_null().to_numpy(zero_copy_only=False)
    if pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type):
        empty = pc.fill_null(pc.equal(pc.utf8_trim_whitespace(arr), ""), False).to_numpy(zero_copy_only=False)
        return null | empty
    return null


def _is_text(arr: pa.ChunkedArray) -> bool:
    return pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)


def _fast_values(fld: schemas.Field, arr: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray] | None:
    """(values, sure) for the plainly valid cells of a number or text column; None: no shortcut."""
    kind = fld.kind
    if kind in ("int", "year", "float"):
        if _is_text(arr):
            pattern = _PLAIN_INT if kind != "float" else _PLAIN_DECIMAL
            sure = pc.fill_null(pc.match_substring_regex(arr, pattern), False)
            cleaned = pc.if_else(sure, pc.replace_substring(arr, ",", "."), pa.scalar(None, pa.string()))
            values = pc.cast(cleaned, pa.float64()).to_numpy(zero_copy_only=False)
            sure = sure.to_numpy(zero_copy_only=False)
        elif pa.types.is_integer(arr.type) or pa.types.is_floating(arr.type):
            values = pc.cast(arr, pa.float64()).to_numpy(zero_copy_only=False)
            sure = np.isfinite(values)
        else:
            return None
        if kind != "float":
            sure &= np.equal(np.floor(values), values, where=sure, out=np.zeros(len(values), bool))
        with np.errstate(invalid="ignore"):
            if fld.min is not None:
                sure &= values >= fld.min
            if fld.max is not None:
                sure &= values <= fld.max
        return values, sure
    if kind == "str" and not fld.name.endswith("_date") and _is_text(arr):
        # a text without any whitespace is normalised to itself (" ".join(v.split()) == v)
        ascii_ = pc.fill_null(pc.string_is_ascii(arr), False)
        spaced = pc.fill_null(pc.match_substring_regex(arr, r"\s"), True)
        sure = pc.and_(ascii_, pc.invert(spaced)).to_numpy(zero_copy_only=False)
        return arr.to_numpy(zero_copy_only=False), sure
    if kind == "bool" and pa.types.is_boolean(arr.type):
        values = arr.to_numpy(zero_copy_only=False)
        return values, ~arr.is_null().to_numpy(zero_copy_only=False)
    return None


def _convert_distinct(fld: schemas.Field, values: np.ndarray) -> tuple[np.ndarray, list, list]:
    """Normalise each distinct value once with the row path's converter.

    Returns (codes per cell, normalised value per distinct value (None when invalid), the
    message per distinct value (None when valid)).
    """
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    conv = make_converter(fld)
    out, why = [], []
    for u in uniques:
        if isinstance(u, np.generic):
            u = u.item()
        try:
            out.append(conv(u))
            why.append(None)
        except Invalid as exc:
            out.append(None)
            why.append(exc.args[0])
    return codes, out, why


def type_columns(columns: dict[str, pa.ChunkedArray], spec: schemas.SheetSpec, headers: dict[str, str],
                 n: int) -> tuple[dict[str, pd.Series], list[tuple[int, int, str, object, str]]]:
    """Normalise every column of a register; the problems as (row index, order, column, value, expected).

    Args:
        columns: field name -> the raw column as read (text for CSV, typed for Parquet).
        spec: the sheet's contract (``schemas.VOORRAAD``).
        headers: field name -> the header as written in the file (problems name it).
        n: number of rows.

    Returns:
        field name -> the normalised column in its processed dtype (``str``, ``Int64``,
        ``float64``, ``boolean``; empty or invalid = missing), and the problems.
    """
    values: dict[str, pd.Series] = {}
    problems: list[tuple[int, int, str, object, str]] = []
    for order, fld in enumerate(spec.fields):
        dtype = _DTYPES[fld.kind]
        arr = columns.get(fld.name)
        if arr is None:
            values[fld.name] = pd.Series([None] * n, dtype=dtype)
            continue
        header = headers[fld.name]
        blank = _blank(arr)
        if fld.required:
            problems += [(int(i), order, header, "", _required_text(fld)) for i in np.flatnonzero(blank)]
        fast = _fast_values(fld, arr)
        sure = fast[1] & ~blank if fast is not None else np.zeros(n, dtype=bool)
        todo = np.flatnonzero(~blank & ~sure)
        slow: list = []
        if len(todo):
            raw = arr.take(pa.array(todo)).to_numpy(zero_copy_only=False)
            codes, out, why = _convert_distinct(fld, raw)
            slow = [out[c] if c >= 0 else None for c in codes]
            for j in np.flatnonzero([c >= 0 and why[c] is not None for c in codes]):
                v = raw[j]
                problems.append((int(todo[j]), order, header, v.item() if isinstance(v, np.generic) else v,
                                 why[codes[j]]))
        values[fld.name] = _assemble(_DTYPES[fld.kind], n, arr, fast, sure, todo, slow)
    return values, problems


_DTYPES = {"str": "str", "code": "str", "municipality": "str", "corporation": "str", "int": "Int64",
           "year": "Int64", "float": "float64", "bool": "boolean"}


def _assemble(dtype: str, n: int, arr: pa.ChunkedArray, fast, sure: np.ndarray, todo: np.ndarray,
              slow: list) -> pd.Series:
    """One normalised column: the shortcut's values where sure, the converter's at ``todo``, else missing."""
    if dtype in ("Int64", "float64"):
        out = np.full(n, np.nan)
        if fast is not None:
            out[sure] = fast[0][sure]
        if len(todo):
            out[todo] = [np.nan if v is None else float(v) for v in slow]
        return pd.Series(out).astype(dtype)
    if dtype == "str" and fast is not None:
        col = pd.Series(pd.arrays.ArrowStringArray(pc.cast(arr, pa.large_string()))).astype("str")
        col[~sure] = None
        if len(todo):
            col.iloc[todo] = slow
        return col
    obj = np.empty(n, dtype=object)
    if fast is not None:
        obj[sure] = fast[0][sure]
    if len(todo):
        obj[todo] = slow
    return pd.Series(pd.array(obj, dtype=dtype))


def example_rows(values: dict[str, pd.Series], spec: schemas.SheetSpec, rejected: np.ndarray) -> np.ndarray:
    """Rows equal to the template's example on every field (``mark_template_examples``)."""
    mask = ~rejected
    for name, example in _example_values(spec).items():
        s = values[name]
        mask &= s.isna().to_numpy() if example is None else (s == example).fillna(False).to_numpy(dtype=bool)
        if not mask.any():
            break
    return np.flatnonzero(mask)


def check_stock_rows(v: dict[str, pd.Series], rejected_fields: dict[str, np.ndarray], delivery_year: int,
                     hdr: dict[str, str]) -> tuple[list[tuple], list[tuple]]:
    """The ``voorraad`` checks of :func:`~analysis.deliveries.validate_rows.check_rows`, column-wise.

    Returns (rejections, warnings) as (row index, order, column, value, expected); ``order`` keeps
    the row path's order of checks within a row.
    """
    by, my = v["build_year"], v["measure_year"]
    meas, after = v["planned_measure"], v["label_after"]
    gf, gfa = v["gas_free"], v["gas_free_after"]
    by_n, my_n = by.notna().to_numpy(), my.notna().to_numpy()
    meas_n, after_n, gfa_n = meas.notna().to_numpy(), after.notna().to_numpy(), gfa.notna().to_numpy()
    byf = pd.to_numeric(by, errors="coerce").to_numpy()
    myf = pd.to_numeric(my, errors="coerce").to_numpy()
    rej: list[tuple] = []
    with np.errstate(invalid="ignore"):
        r1 = by_n & (byf > delivery_year)
        r2 = by_n & my_n & (myf < byf)
    rej += [(i, 100, hdr["build_year"], by.iat[i], f"een bouwjaar t/m het leveringsjaar {delivery_year} "
             "(voorraad op 1 januari)") for i in np.flatnonzero(r1)]
    rej += [(i, 101, hdr["measure_year"], my.iat[i], f"een jaar ingreep vanaf het bouwjaar {by.iat[i]}")
            for i in np.flatnonzero(r2)]
    r3 = meas_n & ~my_n & ~rejected_fields["measure_year"]
    rej += [(i, 102, hdr["measure_year"], "", f"een jaar bij geplande ingreep '{meas.iat[i]}'")
            for i in np.flatnonzero(r3)]
    r4 = ~meas_n & my_n & ~rejected_fields["planned_measure"]
    rej += [(i, 103, hdr["planned_measure"], "", "een geplande ingreep (sloop, renovatie, verduurzaming, verkoop) "
             f"bij jaar ingreep {my.iat[i]}") for i in np.flatnonzero(r4)]
    r5 = (meas == "verduurzaming").fillna(False).to_numpy(dtype=bool) & ~after_n & ~rejected_fields["label_after"]
    rej += [(i, 104, hdr["label_after"], "", "het energielabel na de verduurzaming (A++++ t/m G)")
            for i in np.flatnonzero(r5)]
    improving = meas.isin(["renovatie", "verduurzaming"]).to_numpy()
    w1 = gfa_n & ~improving & ~(rejected_fields["planned_measure"] | r4)
    w2 = ~w1 & (gf == True).fillna(False).to_numpy(dtype=bool) & (gfa == False).fillna(False).to_numpy(dtype=bool)  # noqa: E712
    warn = [(i, 105, hdr["gas_free_after"], "ja" if gfa.iat[i] else "nee",
             "leeg, of een geplande ingreep renovatie of verduurzaming bij 'aardgasvrij na ingreep' "
             f"(geplande ingreep: {'geen' if pd.isna(meas.iat[i]) else meas.iat[i]})") for i in np.flatnonzero(w1)]
    warn += [(i, 105, hdr["gas_free_after"], "nee", "ja: de woning is nu al aardgasvrij (terug naar aardgas na de "
              "ingreep?)") for i in np.flatnonzero(w2)]
    return rej, warn


def unique_problems(keys: pd.Series, rows: np.ndarray, rejected: np.ndarray, header: str,
                    seen: dict | None = None) -> list[tuple]:
    """Later rows repeating a key (``check_unique``): (row index, order, column, value, expected).

    ``seen`` maps keys of earlier files of the same sender to ``"<file>, rij <n>"``.
    """
    ok = ~rejected & keys.notna().to_numpy()
    idx = np.flatnonzero(ok)
    k = keys.iloc[idx].reset_index(drop=True)
    dup = k.duplicated(keep="first").to_numpy()
    out: list[tuple] = []
    if seen:
        earlier = k.isin(list(seen)).to_numpy()
        out += [(int(idx[j]), 200, header, k.iat[j], f"een uniek(e) {header}; komt al voor in {seen[k.iat[j]]}")
                for j in np.flatnonzero(earlier)]
        dup &= ~earlier
        first_ok = ~earlier
    else:
        first_ok = np.ones(len(k), dtype=bool)
    if dup.any():
        firsts = pd.Series(rows[idx][first_ok & ~dup], index=k[first_ok & ~dup].to_numpy())
        for j in np.flatnonzero(dup):
            out.append((int(idx[j]), 200, header, k.iat[j],
                        f"een uniek(e) {header}; komt al voor in rij {firsts.at[k.iat[j]]}"))
    return out
