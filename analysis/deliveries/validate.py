"""``rpa validate``: check a folder of deliveries, keep every valid row, explain every rejected one.

The rules, in the order they are applied (all documented for senders in ``docs/deliveries.md``):

1. **Files.** Every ``.xlsx`` and ``.csv`` in the folder, sorted by name. A file that cannot be
   read at all (empty, not a workbook, corrupt) is one problem for that file; the others go on
   (exit code 2). ``.xls``/``.ods`` are reported as unsupported (exit code 2).
2. **Sender.** The sheet ``levering`` names the corporation or municipality (any alias) and the
   delivery year. Without it the sender is taken from the file name ``<afzender>_<jaar>...``
   (a problem is reported). An unknown sender or a different delivery year rejects the file.
3. **Sheets and columns.** Sheet names and headers are matched ignoring case and extra spaces.
   A missing sheet, or a missing required column, is a problem naming the closest existing
   names; that sheet's rows are rejected, the other sheets of the file are still processed.
4. **Cells.** Each cell is normalised when that is safe: whitespace and case, aliases of
   municipalities, corporations and codes, Dutch decimal commas (``612,35``, ``1.234,56``),
   numbers stored as text, Excel dates (a date in a year column gives its year). Anything
   else is a problem on that cell and rejects the row.
5. **Rows and sheets.** Cross-row checks (see :func:`check_rows`): duplicate keys (VHE ids
   per corporation, also across files), years outside the reporting window, realisations
   dated in the future, planned measures before the build year, measures without year or
   label, totals that contradict (advised > approached households).

Output (``data/processed/<year>/`` unless ``--out``): one parquet per table, ``rejections``
(parquet + csv), ``metadata.json`` and a validation workbook per sender in ``validatie/``.
Nothing under ``data/raw`` is ever written.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis import config, processed, reference, schemas
from analysis.deliveries import read as rd
from analysis.errors import Problem

#: Reporting windows per table: (first year, last year). ``None`` as last year = the delivery year.
#: The agreement runs 2024-2028 (``config.AGREEMENT_*``); deliveries cover 2022 (two years of
#: history for the baseline) through 2030 (the prognosis horizon of the corporations' plans).
#: Finances run from 2015 (historic ratios) to 2035 (long-term prognosis). These are the
#: contract of the delivery format (docs/deliveries.md), not policy figures.
YEAR_WINDOWS: dict[str, tuple[int, int | None]] = {
    "projects": (2022, 2030),
    "mutations": (2022, 2030),
    "finances": (2015, 2035),
    "plan_capacity": (2022, 2040),
    "voorzieningenwijzer": (2022, None),
}

_YEAR_FIELD = {"projects": "completion_year", "mutations": "year", "finances": "year",
               "plan_capacity": "completion_year", "voorzieningenwijzer": "year"}

FOUT, WAARSCHUWING = "fout", "waarschuwing"
EXAMPLE_MARKER = "VOORBEELDDATA.md"


# --------------------------------------------------------------------------------------
# Cell normalisation
# --------------------------------------------------------------------------------------

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


# --------------------------------------------------------------------------------------
# Sheets
# --------------------------------------------------------------------------------------

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
    return where, problems


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


def _required_text(f: schemas.Field) -> str:
    if f.kind in ("code", "municipality", "corporation", "bool"):
        return _choices_text(f) + " (verplicht veld)"
    base = {"str": "een waarde", "int": "een geheel getal", "year": "een jaartal",
            "float": "een getal"}[f.kind]
    return base + _bounds_text(f) + " (verplicht veld)"


def check_rows(out: SheetOutcome, delivery_year: int) -> list[Problem]:
    """Cross-row checks within one sheet; rejects rows and returns warnings.

    - duplicate key (``spec.unique``): the second and later rows are rejected, naming the first;
    - year outside :data:`YEAR_WINDOWS`;
    - ``mutaties``: ``realisatie`` with jaar >= leveringsjaar (a realisation in the future);
      ``prognose`` for a past year -> warning;
    - ``projecten``: ``opgeleverd`` with jaar van oplevering > leveringsjaar; not opgeleverd
      with a year before the delivery year -> warning;
    - ``voorraad``: bouwjaar after the delivery year; jaar ingreep before bouwjaar; a planned
      measure without jaar; a jaar without a measure; verduurzaming without label na ingreep;
      label na ingreep worse than the current label -> warning; aardgasvrij na ingreep filled
      without a renovatie/verduurzaming -> warning (not used by analysis 3); aardgasvrij ja with
      aardgasvrij na ingreep nee -> warning;
    - ``voorzieningenwijzer``: geadviseerd > benaderd;
    - ``plancapaciteit``: ontwikkelaar markt with a corporatie filled in; corporatie without name
      -> warning.
    """
    spec, vals = out.spec, out.values
    n = len(out.rows)
    warnings: list[Problem] = []
    hdr = {f.name: f.header for f in spec.fields}
    ok = [i not in out.rejected for i in range(n)]

    def warn(i, name, value, expected):
        warnings.append(Problem(out.file, out.problem_sheet, out.rows[i], hdr.get(name, ""),
                                _value_text(value), expected, WAARSCHUWING))

    table = spec.table
    if table in _YEAR_FIELD:
        yname = _YEAR_FIELD[table]
        lo, hi = YEAR_WINDOWS[table]
        hi = delivery_year if hi is None else hi
        for i in range(n):
            y = vals[yname][i]
            if ok[i] and y is not None and not lo <= y <= hi:
                out.reject(i, hdr[yname], y, f"een jaar van {lo} t/m {hi} (rapportageperiode van deze levering)")
    if table == "mutations":
        for i in range(n):
            y, st = vals["year"][i], vals["figure_status"][i]
            if y is None or st is None:
                continue
            if st == "realisatie" and y >= delivery_year:
                out.reject(i, hdr["figure_status"], "realisatie",
                           f"prognose: een realisatie kan alleen over jaren vóór het leveringsjaar {delivery_year} "
                           f"gaan (jaar {y})")
            elif st == "prognose" and y < delivery_year:
                warn(i, "figure_status", "prognose",
                     f"realisatie voor een jaar vóór het leveringsjaar {delivery_year} (jaar {y})")
    if table == "projects":
        for i in range(n):
            y, st = vals["completion_year"][i], vals["plan_status"][i]
            if y is None or st is None:
                continue
            if st == "opgeleverd" and y > delivery_year:
                out.reject(i, hdr["completion_year"], y,
                           f"een jaar t/m {delivery_year}: planstatus 'opgeleverd' met een oplevering in de toekomst")
            elif st != "opgeleverd" and y < delivery_year:
                warn(i, "plan_status", schemas.code_label("plan_status", st),
                     f"'opgeleverd' of een jaar van oplevering vanaf {delivery_year} (jaar {y} ligt in het verleden)")
    if table == "stock":
        order = list(schemas.CODE_LISTS["energy_label"])
        for i in range(n):
            by, my = vals["build_year"][i], vals["measure_year"][i]
            meas, lab, after = vals["planned_measure"][i], vals["energy_label"][i], vals["label_after"][i]
            if by is not None and by > delivery_year:
                out.reject(i, hdr["build_year"], by, f"een bouwjaar t/m het leveringsjaar {delivery_year} "
                                                    "(voorraad op 1 januari)")
            if by is not None and my is not None and my < by:
                out.reject(i, hdr["measure_year"], my, f"een jaar ingreep vanaf het bouwjaar {by}")
            if meas is not None and my is None and "measure_year" not in _rejected_cols(out, i, hdr):
                out.reject(i, hdr["measure_year"], "", f"een jaar bij geplande ingreep '{meas}'")
            if meas is None and my is not None and "planned_measure" not in _rejected_cols(out, i, hdr):
                out.reject(i, hdr["planned_measure"], "",
                           f"een geplande ingreep (sloop, renovatie, verduurzaming, verkoop) bij jaar ingreep {my}")
            if meas == "verduurzaming" and after is None and "label_after" not in _rejected_cols(out, i, hdr):
                out.reject(i, hdr["label_after"], "", "het energielabel na de verduurzaming (A++++ t/m G)")
            if after is not None and lab is not None and order.index(after) > order.index(lab):
                warn(i, "label_after", after, f"een label na ingreep dat niet slechter is dan het huidige label {lab}")
            gf, gf_after = vals["gas_free"][i], vals["gas_free_after"][i]
            if gf_after is not None and meas not in ("renovatie", "verduurzaming") \
                    and "planned_measure" not in _rejected_cols(out, i, hdr):
                warn(i, "gas_free_after", "ja" if gf_after else "nee",
                     "leeg, of een geplande ingreep renovatie of verduurzaming bij 'aardgasvrij na ingreep' "
                     f"(geplande ingreep: {meas or 'geen'})")
            elif gf is True and gf_after is False:
                warn(i, "gas_free_after", "nee",
                     "ja: de woning is nu al aardgasvrij (terug naar aardgas na de ingreep?)")
    if table == "voorzieningenwijzer":
        for i in range(n):
            a, b = vals["households_approached"][i], vals["households_advised"][i]
            if a is not None and b is not None and b > a:
                out.reject(i, hdr["households_advised"], b,
                           f"een aantal geadviseerde huishoudens <= het aantal benaderde ({a})")
    if table == "plan_capacity":
        for i in range(n):
            dev, corp = vals["developer"][i], vals["corporation"][i]
            if dev == "markt" and corp is not None:
                out.reject(i, hdr["corporation"], corp,
                           "leeg bij ontwikkelaar 'markt' (of ontwikkelaar 'corporatie' kiezen)")
            elif dev == "corporatie" and corp is None and "corporation" not in _rejected_cols(out, i, hdr):
                warn(i, "corporation", "", "de naam van de corporatie bij ontwikkelaar 'corporatie'")
    return warnings


def _rejected_cols(out: SheetOutcome, i: int, hdr: dict[str, str]) -> set[str]:
    inv = {v: k for k, v in hdr.items()}
    return {inv.get(p.column, p.column) for p in out.rejected.get(i, [])}


def check_unique(outcomes: list[SheetOutcome]) -> None:
    """Reject later rows whose key (``spec.unique``, per sender) was already seen, also across files."""
    seen: dict[tuple, tuple[str, int]] = {}
    for out in outcomes:
        key_names = out.spec.unique
        if not key_names:
            continue
        hdr = {f.name: f.header for f in out.spec.fields}
        for i in range(len(out.rows)):
            if i in out.rejected:
                continue
            key_vals = tuple(out.values[k][i] for k in key_names)
            if any(k is None for k in key_vals):
                continue
            key = (out.spec.table, out.sender, key_vals)
            if key in seen:
                f0, r0 = seen[key]
                where = f"rij {r0}" if f0 == out.file else f"{f0}, rij {r0}"
                if len(key_names) == 1:
                    what, shown_value = f"een uniek(e) {hdr[key_names[0]]}", key_vals[0]
                else:
                    what = "een unieke combinatie van " + ", ".join(hdr[k] for k in key_names)
                    shown_value = " / ".join(map(str, key_vals))
                out.reject(i, hdr[key_names[0]], shown_value, f"{what}; komt al voor in {where}")
            else:
                seen[key] = (out.file, out.rows[i])


# --------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------

@dataclass
class FileOutcome:
    """One delivery file after validation."""

    name: str
    sha256: str
    workbook: str = ""  # corporatie | gemeente | ""
    sender: str = ""  # canonical name, "" when unknown
    year: int | None = None
    unreadable: bool = False
    problems: list[Problem] = field(default_factory=list)
    sheets: list[SheetOutcome] = field(default_factory=list)
    # sheets rejected as a whole: (spec, raw sheet, reason)
    dropped: list[tuple[schemas.SheetSpec | None, rd.RawSheet, str]] = field(default_factory=list)


def _find_sheet(sheets: list[rd.RawSheet], name: str) -> rd.RawSheet | None:
    for s in sheets:
        if _key(s.sheet) == _key(name):
            return s
    return None


def _sender_from_name(stem: str, workbook: str) -> tuple[str, str, int | None]:
    """(workbook kind, canonical sender, year) from a file name like ``wonen_limburg_2026``."""
    m = rd.XLSX_NAME.match(stem)
    base, year = (m.group("sender"), int(m.group("year"))) if m else (stem, None)
    cand = [base, base.replace("_", " "), base.replace("_", " ").replace("-", " ")]
    corp, mun = reference.corporation_aliases(), reference.municipality_aliases()
    for c in cand:
        k = _key(c)
        if workbook in ("", "corporatie") and k in corp:
            return "corporatie", corp[k], year
        if workbook in ("", "gemeente") and k in mun:
            return "gemeente", mun[k], year
    return workbook, "", year


def _workbook_kind(sheets: list[rd.RawSheet]) -> str:
    names = {_key(s.sheet) for s in sheets}
    lev = _find_sheet(sheets, "levering")
    if lev is not None:
        hk = {_key(h) for h in lev.headers}
        if "corporatie" in hk:
            return "corporatie"
        if "gemeente" in hk:
            return "gemeente"
    if names & {"projecten", "mutaties", "voorraad", "financien"}:
        return "corporatie"
    if names & {"plancapaciteit", "voorzieningenwijzer"}:
        return "gemeente"
    return ""


def _sheet_specs(kind: str) -> tuple[schemas.SheetSpec, ...]:
    return schemas.CORPORATION_SHEETS if kind == "corporatie" else schemas.MUNICIPALITY_SHEETS


def _levering(fo: FileOutcome, lev: rd.RawSheet, kind: str) -> tuple[str, int | None]:
    """Type the levering sheet; return (sender, year) from its first row ("" / None if invalid)."""
    spec = _sheet_specs(kind)[0]
    where, probs = match_columns(lev, spec)
    fo.problems += probs
    if any(p.severity == FOUT for p in probs):
        fo.dropped.append((spec, lev, "blad 'levering' onvolledig: afzender onbekend"))
        return "", None
    out = type_sheet(lev, spec, where)
    fo.sheets.append(out)
    if not out.rows:
        fo.problems.append(Problem(fo.name, lev.problem_sheet, lev.header_row + 1, spec.fields[0].header, "",
                                   "één rij met afzender en leveringsjaar"))
        return "", None
    for i in range(1, len(out.rows)):
        if i not in out.rejected:
            out.reject(i, "", "", "één rij op het blad 'levering' (alleen de eerste rij telt)")
    if 0 in out.rejected:
        return "", None
    sender = out.values[spec.fields[0].name][0]
    out.sender = sender
    return sender, out.values["delivery_year"][0]


def process_file(fr: rd.FileRead) -> FileOutcome:
    """Identify the sender and type every sheet of one readable file (no cross-file checks).

    The sender and delivery year come from the sheet ``levering``. Only when a workbook has no
    such sheet at all are they taken from the file name (with a warning); a ``levering`` sheet
    naming an unknown sender is never overruled by the file name. CSV files take sender and
    year from their name ``<afzender>_<jaar>_<blad>.csv``.
    """
    fo = FileOutcome(fr.name, fr.sha256, problems=list(fr.sheet_problems))
    if fr.unreadable is not None:
        fo.unreadable = True
        fo.problems.append(fr.unreadable)
        return fo
    sheets = fr.sheets
    is_csv = fr.path.suffix.lower() == ".csv"
    lev = _find_sheet(sheets, "levering")
    if is_csv:
        m = rd.CSV_NAME.match(fr.path.stem)
        kind, sender, year = _sender_from_name(m.group("sender") + "_" + m.group("year"), "")
        if not sender:
            fo.problems.append(Problem(fr.name, "", None, "", m.group("sender"),
                                       "een bestandsnaam die begint met een corporatie of Parkstadgemeente "
                                       "(bijvoorbeeld weller_2026_voorraad.csv)"))
        if lev is not None and kind:
            lev_sender, lev_year = _levering(fo, lev, kind)
            if lev_sender and lev_sender != sender:
                fo.problems.append(Problem(fr.name, "", lev.rows[0][0] if lev.rows else None,
                                           _sheet_specs(kind)[0].fields[0].header, lev_sender,
                                           f"dezelfde afzender als in de bestandsnaam ({sender})"))
                sender = ""
            year = lev_year if lev_year is not None else year
    else:
        kind = _workbook_kind(sheets)
        sender, year = "", None
        if kind and lev is not None and lev.rows:
            sender, year = _levering(fo, lev, kind)
        else:  # no levering sheet, or one without rows: fall back to the file name
            kind2, sender, year = _sender_from_name(fr.path.stem, kind)
            kind = kind or kind2
            if sender:
                fo.problems.append(Problem(fr.name, "levering", None, "", "",
                                           f"een blad 'levering' met een rij met afzender en leveringsjaar; afgeleid uit de "
                                           f"bestandsnaam: {sender}, {year}", WAARSCHUWING))
            else:
                fo.problems.append(Problem(fr.name, "levering", None, "", "",
                                           "een blad 'levering' met afzender en leveringsjaar (of een bestandsnaam "
                                           "<afzender>_<jaar>.xlsx); de afzender is onbekend"))
    fo.workbook, fo.sender, fo.year = kind, sender, year
    if not kind:
        fo.problems.append(Problem(fr.name, "", None, "", "",
                                   "een werkmap van een corporatie (bladen levering, projecten, mutaties, voorraad, "
                                   "financien) of van een gemeente (levering, plancapaciteit, voorzieningenwijzer)"))
        for s in sheets:
            fo.dropped.append((None, s, "soort levering onbekend: het bestand is niet verwerkt"))
        return fo
    specs = _sheet_specs(kind)
    spec_names = {sp.sheet for sp in specs}
    used = {id(lev)} if lev is not None else set()
    for spec in specs[1:]:
        raw = _find_sheet(sheets, spec.sheet)
        if raw is None:
            if is_csv:
                continue
            others = [s.sheet for s in sheets if _key(s.sheet) not in spec_names]
            close = difflib.get_close_matches(spec.sheet, [_key(o) for o in others], n=3, cutoff=0.5)
            hint = f"; lijkt op: {', '.join(repr(o) for o in others if _key(o) in close)}" if close else ""
            fo.problems.append(Problem(fr.name, spec.sheet, None, "", "",
                                       f"een blad '{spec.sheet}' ({spec.description}){hint}"))
            continue
        used.add(id(raw))
        where, probs = match_columns(raw, spec)
        fo.problems += probs
        if any(p.severity == FOUT for p in probs):
            missing = [p.column for p in probs if p.severity == FOUT]
            fo.dropped.append((spec, raw, "blad niet verwerkt: verplichte kolom(men) ontbreken: " + ", ".join(missing)))
            continue
        out = type_sheet(raw, spec, where)
        out.sender = sender
        fo.sheets.append(out)
    for s in sheets:
        if id(s) in used:
            continue
        if is_csv:
            fo.problems.append(Problem(fr.name, "", None, "", s.sheet,
                                       "een bladnaam in de bestandsnaam: " + ", ".join(sp.sheet for sp in specs)))
            fo.dropped.append((None, s, f"onbekend blad '{s.sheet}': het bestand is niet verwerkt"))
        else:
            fo.problems.append(Problem(fr.name, s.sheet, None, "", s.sheet,
                                       "alleen de bladen " + ", ".join(sp.sheet for sp in specs) +
                                       " (en toelichting/lijsten); dit blad wordt genegeerd", WAARSCHUWING))
    return fo


# --------------------------------------------------------------------------------------
# The folder
# --------------------------------------------------------------------------------------

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


def _is_under(path: Path, parent: Path) -> bool:
    try:
        path.resolve().relative_to(parent.resolve())
        return True
    except ValueError:
        return False


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
        problems.append(Problem(p.name, "", None, "", "", "een .xlsx- of .csv-bestand; sla dit bestand op als .xlsx"))
        unreadable.append(p.name)
    reads = [rd.read_file(p) for p in paths]
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
            reason = "afzender onbekend: het bestand is niet verwerkt"
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


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------

def _rel(path: Path) -> str:
    try:
        return path.resolve().relative_to(config.ROOT).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def write_outputs(result: ValidationResult, out: Path) -> None:
    """Write parquet tables, rejections, metadata and the per-sender validation workbooks."""
    from analysis.outputs import neutralise_frame, write_json

    if _is_under(out, config.DATA_RAW):
        raise ValueError(f"De uitvoermap {out} ligt onder data/raw; daar wordt nooit geschreven. Kies een andere --out.")
    out.mkdir(parents=True, exist_ok=True)
    for t, df in result.tables.items():
        df.to_parquet(out / f"{t}.parquet", index=False)
    result.rejections.to_parquet(out / "rejections.parquet", index=False)
    neutralise_frame(result.rejections).to_csv(out / "rejections.csv", index=False, lineterminator="\n",
                                               encoding="utf-8")
    meta = {
        "year": result.year,
        "example_data": result.example_data,
        "source_dir": _rel(result.source_dir),
        "files": result.files,
        "reconciliation": result.reconciliation,
        "n_problems": {"fout": result.n_errors, "waarschuwing": len(result.problems) - result.n_errors},
        "unreadable_files": result.unreadable,
    }
    write_json(meta, out / "metadata.json")
    write_sender_reports(result, out / "validatie")


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "onbekend"


def write_sender_reports(result: ValidationResult, folder: Path) -> list[Path]:
    """One workbook per sender: 'samenvatting' (reconciliation) and 'problemen' (every problem)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    from analysis.deliveries.templates import _deterministic
    from analysis.outputs import neutralise_formula

    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.xlsx"):
        old.unlink()
    by_sender: dict[str, list[Problem]] = defaultdict(list)
    for p in result.problems:
        by_sender[result.senders.get(p.file, Path(p.file).stem)].append(p)
    recon_by: dict[str, list[dict]] = defaultdict(list)
    for r in result.reconciliation:
        recon_by[r["sender"]].append(r)
    written = []
    for sender in sorted(set(by_sender) | set(recon_by)):
        wb = Workbook(write_only=True)
        wb.properties.created = wb.properties.modified = dt.datetime(2024, 1, 1)
        bold = Font(bold=True)

        def hdr(ws, values, bold=bold):
            cells = []
            for v in values:
                c = WriteOnlyCell(ws, value=v)
                c.font = bold
                cells.append(c)
            ws.append(cells)

        ws = wb.create_sheet("samenvatting")
        ws.column_dimensions["A"].width = 36
        ws.column_dimensions["B"].width = 16
        for col in "CDEF":
            ws.column_dimensions[col].width = 14
        ps = by_sender.get(sender, [])
        n_err = sum(p.severity == FOUT for p in ps)
        ws.append([f"Validatie van de levering {result.year} van {sender}"])
        ws.append([f"{n_err} fout(en), {len(ps) - n_err} waarschuwing(en). Afgekeurde rijen zijn niet verwerkt; "
                   "corrigeer ze en lever opnieuw. Waarschuwingen: rij is verwerkt, maar controleer de waarde."])
        ws.append([])
        hdr(ws, ["bestand", "blad", "rijen gelezen", "geaccepteerd", "afgekeurd"])
        for r in recon_by.get(sender, []):
            ws.append([r["file"], r["sheet"], r["rows_read"], r["rows_accepted"], r["rows_rejected"]])
        ws2 = wb.create_sheet("problemen")
        for col, w in zip("ABCDEFG", (32, 16, 8, 22, 24, 80, 14), strict=True):
            ws2.column_dimensions[col].width = w
        ws2.freeze_panes = "A2"
        hdr(ws2, ["bestand", "blad", "rij", "kolom", "waarde", "verwacht", "soort"])
        for p in ps:
            ws2.append([p.file, p.sheet, p.row, p.column, neutralise_formula(p.value), p.expected, p.severity])
        import io

        buf = io.BytesIO()
        wb.save(buf)
        path = folder / f"{_safe_name(sender)}.xlsx"
        path.write_bytes(_deterministic(buf.getvalue()))
        written.append(path)
    return written


# --------------------------------------------------------------------------------------
# Console
# --------------------------------------------------------------------------------------

def summary_lines(result: ValidationResult, max_problems: int = 20) -> list[str]:
    """The Dutch console summary: reconciliation per sheet and the first problems per sender."""
    from analysis.formatting import format_number as fn

    lines = [f"Leveringen {result.year} uit {result.source_dir}"
             + (" (illustratieve voorbeelddata)" if result.example_data else "")]
    lines.append("Aansluiting per blad (gelezen = geaccepteerd + afgekeurd):")
    for r in result.reconciliation:
        lines.append(f"  {r['file']:<40} {r['sheet']:<20} gelezen {fn(r['rows_read']):>7} = "
                     f"geaccepteerd {fn(r['rows_accepted']):>7} + afgekeurd {fn(r['rows_rejected']):>6}")
    total = [sum(r[k] for r in result.reconciliation) for k in ("rows_read", "rows_accepted", "rows_rejected")]
    lines.append(f"  {'totaal':<61} gelezen {fn(total[0]):>7} = geaccepteerd {fn(total[1]):>7} + "
                 f"afgekeurd {fn(total[2]):>6}")
    by_sender: dict[str, list[Problem]] = defaultdict(list)
    for p in result.problems:
        by_sender[result.senders.get(p.file, Path(p.file).stem)].append(p)
    for sender in sorted(by_sender):
        ps = by_sender[sender]
        n_err = sum(p.severity == FOUT for p in ps)
        lines.append(f"{sender}: {n_err} fout(en), {len(ps) - n_err} waarschuwing(en)")
        for p in ps[:max_problems]:
            lines.append(f"  [{p.severity}] {p.message()}")
        if len(ps) > max_problems:
            lines.append(f"  ... en nog {len(ps) - max_problems}; zie het validatierapport")
    if result.unreadable:
        lines.append("Onleesbare bestanden: " + ", ".join(result.unreadable))
    if result.out is not None:
        lines.append(f"Geschreven naar {result.out} (validatierapporten per afzender in {result.out / 'validatie'})")
    return lines


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
