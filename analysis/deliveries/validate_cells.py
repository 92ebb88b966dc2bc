"""Cell normalisation for ``rpa validate`` (rule 4 of :mod:`analysis.deliveries.validate`).

Each cell is normalised when that is safe: whitespace and case, aliases of municipalities,
corporations and codes, Dutch decimal commas (``612,35``, ``1.234,56``), numbers stored as
text, Excel dates (a date in a year column gives its year). A date field (a text field whose
name ends in ``_date``, e.g. ``delivery_date``) becomes an ISO date ``2025-12-31`` whatever form
it comes in (:func:`parse_date`). Anything else raises :class:`Invalid` with what was expected
(Dutch), which rejects the row.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from analysis import reference, schemas

__all__ = ["EXCEL_SERIAL_RANGE", "Invalid", "make_converter", "parse_date", "parse_number"]


class Invalid(Exception):
    """A cell that cannot be normalised; ``args[0]`` is what was expected (Dutch)."""


_MISSING = object()
_SCI = re.compile(r"[+-]?\d+([.,]\d+)?[eE][+-]?\d+")


def _key(v: str) -> str:
    return " ".join(v.split()).lower()


def parse_number(value) -> float:
    """A number from a cell: numbers as they are; text with Dutch or English separators.

    ``"612,35" -> 612.35``, ``"1.234,56" -> 1234.56``, ``"1,234.56" -> 1234.56``,
    ``"€ 1.234.567" -> 1234567``, ``" 24 " -> 24``. A single ``.`` or ``,`` followed by exactly
    three digits (``"1.500"``) is ambiguous (1500 or 1,5) and refused.

    Raises:
        Invalid: text that is not a number, or is ambiguous.
    """
    if isinstance(value, bool):
        raise Invalid("een getal")
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise Invalid("een eindig getal")
        return float(value)
    text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace("€", "").lstrip("'")
    if _SCI.fullmatch(text):
        return float(text.replace(",", "."))
    sign = ""
    if text and text[0] in "+-":
        sign, text = text[0], text[1:]
    if not re.fullmatch(r"\d[\d.,]*", text) or not text[-1].isdigit():
        raise Invalid("een getal")
    has_dot, has_comma = "." in text, "," in text
    if has_dot and has_comma:
        dec = "." if text.rfind(".") > text.rfind(",") else ","
        thou = "," if dec == "." else "."
        int_part, frac = text.rsplit(dec, 1)
        if dec in int_part or not re.fullmatch(r"\d{1,3}(" + re.escape(thou) + r"\d{3})*", int_part):
            raise Invalid("een getal")
        return float(sign + int_part.replace(thou, "") + "." + frac)
    sep = "." if has_dot else ("," if has_comma else None)
    if sep is None:
        return float(sign + text)
    parts = text.split(sep)
    if len(parts) > 2:  # 1.234.567: thousands separators
        if len(parts[0]) <= 3 and all(len(q) == 3 for q in parts[1:]):
            return float(sign + "".join(parts))
        raise Invalid("een getal")
    if len(parts[1]) == 3 and parts[0] != "0":
        raise Invalid(f"een getal zonder scheidingsteken voor duizendtallen ('{value}' is dubbelzinnig: "
                      f"{parts[0]}{parts[1]} of {parts[0]},{parts[1]}?)")
    return float(sign + parts[0] + "." + parts[1])


_MONTHS = {"januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "mar": 3, "april": 4,
           "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8,
           "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "oct": 10, "november": 11,
           "nov": 11, "december": 12, "dec": 12}
_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_YMD = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_D_MONTH_Y = re.compile(r"(\d{1,2})[\s-]+([a-z]+)\.?[\s-]+(\d{4})")
_TIME = re.compile(r"[ t](\d{1,2}):(\d{2})(?::(\d{2}))?")  # after lower(): ISO's T is t
_DATE_TEXT = "een datum als dag-maand-jaar (31-12-2025) of jaar-maand-dag (2025-12-31)"

#: Excel serial day numbers accepted in a date field: 1 January 2000 to 31 December 2100. A number
#: outside this window in a date column is more likely a year or a count than a date.
EXCEL_SERIAL_RANGE = (36526, 73415)


def parse_date(value) -> dt.date | dt.datetime:
    """A date from a cell: a date cell, an Excel serial number, or text in a Dutch or ISO form.

    ``"31-12-2025"``, ``"31/12/2025"``, ``"31.12.2025"``, ``"2025-12-31"``, ``"31 december 2025"``,
    ``46022`` (Excel serial) and a date cell all give ``date(2025, 12, 31)``; a time other than
    midnight is kept (a ``datetime``). Day-month order is the Dutch one: ``"01/02/2026"`` is
    1 February. Two-digit years and dates that do not exist (``"31-02-2026"``, the American
    ``"12/31/2025"``) are refused.

    Raises:
        Invalid: not a date, or not an existing one.
    """
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise Invalid(_DATE_TEXT)
    if isinstance(value, str) and re.fullmatch(r"\s*\d+([.,]0+)?\s*", value):
        value = float(value.strip().replace(",", "."))
    if isinstance(value, int | float):
        lo, hi = EXCEL_SERIAL_RANGE
        if not (math.isfinite(value) and lo <= value <= hi):
            raise Invalid(f"{_DATE_TEXT}; {_value_text(value)} is geen datum (als Excel-datumgetal: "
                          f"{lo} t/m {hi}, 1-1-2000 t/m 31-12-2100)")
        stamp = dt.datetime(1899, 12, 30) + dt.timedelta(days=float(value))
        return parse_date(stamp.replace(microsecond=0))
    text = " ".join(value.lower().split())
    parts = None
    if m := _YMD.match(text):
        parts = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := _DMY.match(text):
        parts = int(m.group(3)), int(m.group(2)), int(m.group(1))
    elif (m := _D_MONTH_Y.match(text)) and m.group(2) in _MONTHS:
        parts = int(m.group(3)), _MONTHS[m.group(2)], int(m.group(1))
    rest = text[m.end():] if parts else text
    t = _TIME.fullmatch(rest) if rest else None
    if parts is None or (rest and t is None):
        raise Invalid(_DATE_TEXT)
    try:
        day = dt.date(*parts)
        if t is None:
            return day
        return parse_date(dt.datetime.combine(day, dt.time(int(t.group(1)), int(t.group(2)), int(t.group(3) or 0))))
    except ValueError:
        raise Invalid(f"{_DATE_TEXT}; '{value}' is geen bestaande datum") from None


def _bounds_text(fld: schemas.Field) -> str:
    lo, hi = fld.min, fld.max
    f = _fmt
    if lo is not None and hi is not None:
        return f" van {f(lo)} t/m {f(hi)}"
    if lo is not None:
        return f" >= {f(lo)}"
    if hi is not None:
        return f" <= {f(hi)}"
    return ""


def _fmt(x) -> str:
    return str(int(x)) if float(x).is_integer() else str(x).replace(".", ",")


def _choices_text(fld: schemas.Field) -> str:
    if fld.kind == "municipality":
        return "een Parkstadgemeente: " + ", ".join(reference.municipality_names())
    if fld.kind == "corporation":
        return "een corporatie van de ROW: " + ", ".join(reference.corporation_names())
    if fld.kind == "bool":
        return "ja of nee"
    labels = []
    for code, (label, _a) in schemas.CODE_LISTS[fld.codes].items():
        labels.append(label if label == code else f"{label} ({code})")
    extra = " t/m ".join(("A++++", "G")) if fld.codes == "energy_label" else ""
    if extra:
        return f"een energielabel {extra}"
    return "een van: " + ", ".join(labels)


def _int_like(value, fld: schemas.Field, what: str) -> int:
    if isinstance(value, dt.datetime | dt.date) and fld.kind == "year":
        return value.year
    try:
        x = parse_number(value)
    except Invalid as exc:
        msg = exc.args[0]
        raise Invalid(what + _bounds_text(fld) if msg == "een getal" else msg) from None
    if not x.is_integer():
        raise Invalid(what + _bounds_text(fld) + " (geen decimalen)")
    return int(x)


def make_converter(fld: schemas.Field):
    """A function ``raw cell -> normalised value`` for one field; raises :class:`Invalid`."""
    kind = fld.kind

    def check_bounds(x):
        if (fld.min is not None and x < fld.min) or (fld.max is not None and x > fld.max):
            what = {"int": "een geheel getal", "year": "een jaartal", "float": "een getal"}[kind]
            raise Invalid(what + _bounds_text(fld))
        return x

    if kind == "str" and fld.name.endswith("_date"):
        def conv_d(v):
            d = parse_date(v)
            return d.isoformat() if not isinstance(d, dt.datetime) else d.isoformat(sep=" ")
        return conv_d
    if kind == "str":
        def conv(v):
            if isinstance(v, float) and v.is_integer():
                v = int(v)
            if isinstance(v, dt.datetime):
                return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
            if isinstance(v, dt.date):
                return v.isoformat()
            return " ".join(str(v).split())
        return conv
    if kind in ("int", "year"):
        what = "een geheel getal" if kind == "int" else "een jaartal (vier cijfers)"
        return lambda v: check_bounds(_int_like(v, fld, what))
    if kind == "float":
        def conv_f(v):
            try:
                return check_bounds(parse_number(v))
            except Invalid as exc:
                msg = exc.args[0]
                raise Invalid("een getal" + _bounds_text(fld) if msg == "een getal" else msg) from None
        return conv_f
    if kind == "bool":
        aliases = schemas.code_aliases("yes_no")

        def conv_b(v):
            if isinstance(v, bool):
                return v
            if isinstance(v, int | float) and v in (0, 1):
                return bool(v)
            code = aliases.get(_key(str(v)))
            if code is None:
                raise Invalid("ja of nee")
            return code == "ja"
        return conv_b
    if kind in ("code", "municipality", "corporation"):
        if kind == "code":
            aliases = schemas.code_aliases(fld.codes)
        elif kind == "municipality":
            aliases = reference.municipality_aliases()
        else:
            aliases = reference.corporation_aliases()
        choices = _choices_text(fld)

        def conv_c(v):
            if isinstance(v, float) and v.is_integer():
                v = int(v)
            k = _key(str(v))
            out = aliases.get(k)
            if out is None:
                out = aliases.get(k.replace("_", " ").replace("-", " "))
            if out is None and kind == "municipality" and k.startswith("gemeente "):
                out = aliases.get(k[len("gemeente "):])
            if out is None:
                raise Invalid(choices)
            return out
        return conv_c
    raise KeyError(kind)


def _value_text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, dt.datetime):
        return v.isoformat(sep=" ")
    return str(v)


def _is_blank(v) -> bool:
    return v is None or (isinstance(v, str) and v.strip() == "")


def _required_text(f: schemas.Field) -> str:
    if f.kind in ("code", "municipality", "corporation", "bool"):
        return _choices_text(f) + " (verplicht veld)"
    base = {"str": "een waarde", "int": "een geheel getal", "year": "een jaartal",
            "float": "een getal"}[f.kind]
    return base + _bounds_text(f) + " (verplicht veld)"
