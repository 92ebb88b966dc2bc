"""One delivery file of ``rpa validate``: its sender, delivery year and sheets (rules 2 and 3).

:func:`process_file` identifies the sender and delivery year (sheet ``levering``, else the file
name), warns when the file name says another year or sender than the ``levering`` sheet, picks
the sheets of a corporation or municipality workbook, types each of them and rejects the
template's example rows left in; the cross-file decisions are made in
:func:`analysis.deliveries.validate.validate_directory`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from analysis import reference, schemas
from analysis.deliveries import read as rd
from analysis.deliveries.validate_cells import _key
from analysis.deliveries.validate_rows import mark_template_examples
from analysis.deliveries.validate_sheets import (
    FOUT,
    WAARSCHUWING,
    SheetOutcome,
    match_columns,
    type_sheet,
)
from analysis.errors import Problem

__all__ = ["FileOutcome", "process_file"]


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
    reason: str = ""  # why the file is not processed when its sender is unknown ("" = afzender onbekend)
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


def _name_claims(stem: str) -> tuple[str, int | None]:
    """(canonical sender, year) that a file name mentions, ``("", None)`` where it names none.

    ``wonen_limburg_2026_v2`` -> ``("Wonen Limburg", 2026)``; ``levering Weller 2025`` ->
    ``("Weller", 2025)``. A sender is one to three words of the name that form a known name or
    alias of a corporation or municipality (numbers are not taken for a municipality code).
    """
    years = {int(y) for y in re.findall(r"(?<!\d)(20\d{2})(?!\d)", stem)}
    words = [w for w in re.split(r"[\s_.\-]+", stem.lower()) if w and not w.isdigit()]
    aliases = {**reference.municipality_aliases(), **reference.corporation_aliases()}
    sender = ""
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            for joined in (" ".join(words[i:i + size]), "".join(words[i:i + size])):
                if not sender and joined in aliases:
                    sender = aliases[joined]
    return sender, (years.pop() if len(years) == 1 else None)


def _check_name(fo: FileOutcome, fr: rd.FileRead, lev: rd.RawSheet | None, kind: str) -> None:
    """A warning naming both when the file name says another year or sender than sheet 'levering'."""
    if lev is None or not lev.rows or not (fo.sender or fo.year):
        return
    name_sender, name_year = _name_claims(fr.path.stem)
    header = _sheet_specs(kind)[0].fields[0].header
    row = lev.rows[0][0]
    if name_year is not None and fo.year is not None and name_year != fo.year:
        fo.problems.append(Problem(fr.name, lev.problem_sheet, row, "leveringsjaar", str(fo.year),
                                   f"hetzelfde leveringsjaar als in de bestandsnaam ({name_year}); het blad "
                                   f"'levering' zegt {fo.year} en dat telt: controleer welk jaar klopt", WAARSCHUWING))
    if name_sender and fo.sender and name_sender != fo.sender:
        fo.problems.append(Problem(fr.name, lev.problem_sheet, row, header, fo.sender,
                                   f"dezelfde afzender als in de bestandsnaam ({name_sender}); het blad 'levering' "
                                   f"zegt {fo.sender} en dat telt: controleer of dit het goede bestand is",
                                   WAARSCHUWING))


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
        columns = sorted({p.column for p in out.rejected[0] if p.column})
        identity = {spec.fields[0].header, spec.fields[1].header}
        if columns and not identity & set(columns):
            fo.reason = (f"de rij op het blad 'levering' is afgekeurd (rij {out.rows[0]}, kolom "
                         f"{', '.join(columns)}): het bestand is niet verwerkt")
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
            if lev_year is not None and year is not None and lev_year != year:
                fo.problems.append(Problem(fr.name, "", lev.rows[0][0], "leveringsjaar", str(lev_year),
                                           f"hetzelfde leveringsjaar als in de bestandsnaam ({year}); het bestand "
                                           f"zegt {lev_year} en dat telt: controleer welk jaar klopt", WAARSCHUWING))
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
    if not is_csv and kind and lev is not None and lev.rows:
        _check_name(fo, fr, lev, kind)
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
    fo.problems += mark_template_examples(fo.sheets)
    lev_out = next((s for s in fo.sheets if s.spec.sheet == "levering"), None)
    if lev_out is not None and 0 in lev_out.rejected and fo.sender:
        fo.sender, fo.year = "", None  # the levering row was the template's example: the sender is unknown
        fo.reason = "het blad 'levering' bevat de voorbeeldrij uit het invulbestand: het bestand is niet verwerkt"
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
