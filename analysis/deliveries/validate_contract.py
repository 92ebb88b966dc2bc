"""Deliveries in the old contract: read them, and say what changed (warnings, never rejections).

The contract changed in 2026 (issue 14: the agreement's own definitions). An older delivery still
validates; each difference gives one clear Dutch warning naming file, sheet, rows and what the
report then counts or cannot show (``docs/deliveries.md``, "Oude leveringen"):

- **Old column names** (:data:`analysis.schemas.Field.old_headers`): ``operationele kasstroom`` is
  read as ``kasstroom vóór rente`` (the ICR is that cash flow over the interest; a figure after
  interest understates it), see :func:`recognise_old_headers`.
- **Mutation code AAN** (a purchase of unknown origin): counted as inponding
  (:data:`analysis.rules.plans.COUNTED_AS_INPONDING`); it may hold transfers between
  corporations, which add nothing to the region's social stock.
- **Project type aankoop**: purchases belong in ``mutaties`` (AAP or AAC). An ``aankoop`` project
  still counts toward social rent, unless the same corporation reports a purchase mutation for
  that municipality and year: then it is a purchase reported twice, counted once, from the
  mutations (:func:`analysis.rules.plans.find_double_purchases`).
- **No equity or total assets on beleidswaarde** in ``financien``: the solvency (Aw/WSW: equity
  over total assets on beleidswaarde) cannot be computed for that corporation.
"""

from __future__ import annotations

import pandas as pd

from analysis import schemas
from analysis.deliveries import read as rd
from analysis.deliveries.validate_cells import _key
from analysis.errors import Problem
from analysis.rules import plans

__all__ = ["contract_warnings", "recognise_old_headers"]

WARNING = "waarschuwing"
#: At most this many row numbers are written out in one warning.
MAX_ROWS_LISTED = 12
#: The equity fields of the solvency (Aw/WSW), optional in ``financien``.
SOLVENCY_FIELDS = ("equity_policy_value_eur", "total_assets_policy_value_eur")


def recognise_old_headers(fr: rd.FileRead) -> None:
    """Rename old column names of the sheets of ``fr`` to the current ones, with a warning (in place).

    Only where the current name is absent from the sheet; the warning goes into the sheet's notes
    (reported with the sheet's other problems).
    """
    for raw in fr.sheets:
        specs = [s for s in schemas.ALL_SHEETS if s.sheet == _key(raw.sheet)]
        norm = [_key(h) for h in raw.headers]
        for spec in specs:
            for f in spec.fields:
                if not f.old_headers or _key(f.header) in norm:
                    continue
                for old in f.old_headers:
                    if _key(old) not in norm:
                        continue
                    i = norm.index(_key(old))
                    written = raw.headers[i]
                    raw.headers[i] = f.header
                    norm[i] = _key(f.header)
                    raw.notes.append(Problem(
                        raw.file, raw.problem_sheet, raw.header_row, written, written,
                        f"kolom '{f.header}' ({f.description[0].lower() + f.description[1:]}); de oude kolomnaam "
                        f"'{written}' is gelezen als '{f.header}': controleer dat het bedrag vóór aftrek van de "
                        "betaalde rente is, anders is de ICR te laag", WARNING))
                    break


def _rows_text(rows: list[int]) -> str:
    rows = sorted(int(r) for r in rows)
    shown = ", ".join(str(r) for r in rows[:MAX_ROWS_LISTED])
    more = f" en {len(rows) - MAX_ROWS_LISTED} meer" if len(rows) > MAX_ROWS_LISTED else ""
    return f"rij {shown}" if len(rows) == 1 else f"rijen {shown}{more}"


def _sheet_of(file: str, sheet: str) -> str:
    return "" if str(file).lower().endswith(".csv") else str(sheet)


def _by_file(frame: pd.DataFrame):
    for (file, sheet), g in frame.groupby(["source_file", "source_sheet"], sort=True):
        yield str(file), _sheet_of(file, sheet), g


def _unknown_origin(mutations: pd.DataFrame) -> list[Problem]:
    old = mutations[mutations["mutation_type"].astype(str).isin(plans.PURCHASE_UNKNOWN_ORIGIN)]
    out = []
    for file, sheet, g in _by_file(old):
        rows = g["source_row"].tolist()
        out.append(Problem(
            file, sheet, int(min(rows)), "soort", ", ".join(plans.PURCHASE_UNKNOWN_ORIGIN),
            f"{_rows_text(rows)}: soort AAP (aankoop van een particuliere eigenaar, inponding) of AAC (aankoop van "
            "een andere corporatie); de oude code AAN zegt niet van wie er is gekocht. Deze aankopen tellen als "
            "inponding (sociale-huurdoel, de 100 per jaar, toevoegingen); er kunnen aankopen van andere "
            "corporaties tussen zitten, die de sociale voorraad van de regio niet vergroten", WARNING))
    return out


def _purchase_projects(projects: pd.DataFrame, mutations: pd.DataFrame, year: int) -> list[Problem]:
    p = projects[projects["project_type"].astype(str) == plans.PURCHASE_PROJECT_TYPE]
    out = []
    for file, sheet, g in _by_file(p):
        rows = g["source_row"].tolist()
        out.append(Problem(
            file, sheet, int(min(rows)), "soort", plans.PURCHASE_PROJECT_TYPE,
            f"{_rows_text(rows)}: geen projecten van de soort 'aankoop'; een aankoop hoort in het blad 'mutaties' "
            "(AAP van een particuliere eigenaar, AAC van een andere corporatie), gerealiseerd en als prognose. "
            "Zo'n project telt nu nog mee voor sociale huur, behalve als dezelfde aankoop ook in de mutaties "
            "staat", WARNING))
    doubles = plans.find_double_purchases(projects, mutations, year)
    for r in doubles.itertuples(index=False):
        out.append(Problem(
            str(r.source_file), _sheet_of(r.source_file, "projecten"), int(r.source_row), "soort",
            plans.PURCHASE_PROJECT_TYPE,
            f"één melding per aankoop: project {r.project_id} ({r.project_dwellings} woningen, {r.municipality}, "
            f"{r.year}) staat ook in het blad 'mutaties' ({r.mutation_dwellings} aankopen, {r.mutation_types}); "
            "de aankoop telt één keer, uit de mutaties, en het project wordt niet meegeteld", WARNING))
    return out


def _solvency_fields(finances: pd.DataFrame) -> list[Problem]:
    out = []
    headers = {f.name: f.header for f in schemas.FINANCIEN.fields}
    for file, sheet, g in _by_file(finances):
        lacking = g[list(SOLVENCY_FIELDS)].isna().any(axis=1)
        if not lacking.any():
            continue
        years = sorted(int(y) for y in g.loc[lacking, "year"])
        when = "voor geen enkel jaar" if lacking.all() else "niet voor " + ", ".join(str(y) for y in years)
        corp = str(g["corporation"].iloc[0]) if "corporation" in g else "deze corporatie"
        out.append(Problem(
            file, sheet, None, headers[SOLVENCY_FIELDS[0]], "",
            f"kolommen '{headers[SOLVENCY_FIELDS[0]]}' en '{headers[SOLVENCY_FIELDS[1]]}' (eigen vermogen en "
            f"balanstotaal op beleidswaarde, euro), nu {when} ingevuld; zonder deze kan de solvabiliteit "
            f"(Aw/WSW: eigen vermogen gedeeld door balanstotaal op beleidswaarde) voor {corp} niet berekend "
            "worden", WARNING))
    return out


def contract_warnings(tables: dict[str, pd.DataFrame], year: int) -> list[Problem]:
    """Every warning about the old contract in the processed ``tables`` of delivery ``year``."""
    projects, mutations, finances = tables["projects"], tables["mutations"], tables["finances"]
    out = []
    if len(mutations):
        out += _unknown_origin(mutations)
    if len(projects):
        out += _purchase_projects(projects, mutations, year)
    if len(finances):
        out += _solvency_fields(finances)
    return out
