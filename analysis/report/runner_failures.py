"""What ``rpa report`` says about a failed report: the scope, the data it had, and what to do.

A failing report still stops the set from being published (:mod:`analysis.report.runner`). So
that whoever runs the set can act, the summary names per failure, in Dutch:

1. the report, its scope and the failing cell with the error (:func:`failure_line`);
2. the data of that scope in the processed delivery (``metadata.json``, the reconciliation
   per sender and sheet that ``rpa validate`` writes): per sheet the report reads, who delivered
   it and with how many rows, or that it is missing (:func:`scope_data_line`);
3. what to do (:func:`advice_line`): when the scope's data are incomplete, that a report must
   also work without them (a fault of the suite, to be reported with the executed notebook),
   how to complete the delivery, and how to leave the scope out for now; when the data are
   complete, that the fault is in the suite.

Only JSON is read here, no pandas: the parent process of ``rpa report`` stays light.
"""

from __future__ import annotations

import json
from pathlib import Path

from analysis.missing import join_names

__all__ = ["NOTEBOOK_TABLES", "advice_line", "describe_failure", "failure_line", "scope_data_line"]

#: The processed tables each notebook reads (its ``load_inputs``); an unknown notebook: all.
NOTEBOOK_TABLES: dict[str, tuple[str, ...]] = {
    "00_monitor": ("projects", "mutations", "stock", "plan_capacity", "voorzieningenwijzer"),
    "01_portefeuille": ("projects", "mutations", "plan_capacity"),
    "02_ouderenhuisvesting": ("stock", "projects"),
    "03_energielabels": ("stock",),
    "04_financiele_ruimte": ("projects", "mutations", "stock", "finances"),
}
ALL_TABLES = ("projects", "mutations", "stock", "finances", "plan_capacity", "voorzieningenwijzer")
#: Sheet of each table and who fills it in (``analysis.schemas``, without importing it).
SHEETS = {"projects": ("projecten", "corporatie"), "mutations": ("mutaties", "corporatie"),
          "stock": ("voorraad", "corporatie"), "finances": ("financien", "corporatie"),
          "plan_capacity": ("plancapaciteit", "gemeente"), "voorzieningenwijzer": ("voorzieningenwijzer", "gemeente")}


def failure_line(r: dict) -> str:
    """``MISLUKT <phase> <notebook> <scope_type> <scope>: cel <n> (In [<m>]): <error>``."""
    cell = f"cel {r['cell']}" if r.get("cell") else "cel onbekend"
    if r.get("exec_count"):
        cell += f" (In [{r['exec_count']}])"
    return f"MISLUKT {r['phase']} {r['notebook']} {r['scope_type']} {r['scope']}: {cell}: {r['error']}"


def _tables(notebook: str) -> tuple[str, ...]:
    return NOTEBOOK_TABLES.get(Path(notebook).stem, ALL_TABLES)


def delivered_rows(metadata: dict) -> dict[tuple[str, str], int] | None:
    """``(sender, table) -> accepted rows`` of every delivered sheet; None without a reconciliation."""
    rec = metadata.get("reconciliation")
    if rec is None:
        return None
    out: dict[tuple[str, str], int] = {}
    for r in rec:
        key = (str(r.get("sender")), str(r.get("table")))
        out[key] = out.get(key, 0) + int(r.get("rows_accepted") or 0)
    return out


def _rows(n: int | None) -> str:
    if n is None:
        return "ontbreekt"
    return "leeg (0 rijen)" if n == 0 else ("1 rij" if n == 1 else f"{n} rijen")


def _own(rows: dict, party: str, tables: tuple[str, ...], kind: str) -> tuple[list[str], list[str]]:
    """The party's sheets among ``tables`` ("voorraad leeg (0 rijen)") and those missing or empty."""
    senders = {s for s, _ in rows}
    shown, gaps = [], []
    for t in tables:
        sheet, who = SHEETS[t]
        if who != kind:
            continue
        n = rows.get((party, t)) if party in senders else None
        shown.append(f"{sheet}: {_rows(n)}")
        if not n:
            gaps.append(sheet)
    return shown, gaps


def _others(rows: dict, names: list[str], tables: tuple[str, ...], kind: str) -> str:
    """How many parties of ``kind`` delivered each sheet: "voorraad van 2 van 9 corporaties (A, B)"."""
    parts = []
    for t in tables:
        sheet, who = SHEETS[t]
        if who != kind:
            continue
        have = sorted(n for n in names if rows.get((n, t)))
        plural = "corporaties" if kind == "corporatie" else "gemeenten"
        parts.append(f"{sheet} van {len(have)} van {len(names)} {plural}" + (f" ({', '.join(have)})" if have else ""))
    return "; ".join(parts)


def scope_data_line(r: dict, metadata: dict, parties: dict[str, list[str]]) -> tuple[str, list[str] | None]:
    """The data of the failed report's scope, in Dutch, and the sheets of its own party that are missing.

    The list is None when ``metadata.json`` has no reconciliation (nothing is known per sheet).

    Args:
        r: the failed report (``notebook``, ``scope_type``, ``scope``).
        metadata: ``metadata.json`` of the reporting year's processed data.
        parties: ``{"corporatie": [...], "gemeente": [...]}``, the parties of the agreement.
    """
    rows = delivered_rows(metadata)
    year = metadata.get("year", "")
    if rows is None:
        return f"gegevens (levering {year}): geen overzicht per blad in metadata.json", None
    tables, st, scope = _tables(r["notebook"]), r["scope_type"], r["scope"]
    senders = {s for s, _ in rows}
    parts, gaps = [], []
    if st in ("corporatie", "gemeente"):
        if scope not in senders:
            parts.append(f"{scope} leverde niets")
            gaps = [SHEETS[t][0] for t in tables if SHEETS[t][1] == st]
        else:
            shown, gaps = _own(rows, scope, tables, st)
            parts.append(f"{scope} ({', '.join(shown)})" if shown else f"{scope} leverde")
    if st == "regio":  # the sheets nobody delivered
        gaps = [SHEETS[t][0] for t in tables if not any(rows.get((n, t)) for n in senders)]
    if st in ("gemeente", "regio"):
        parts += [p for p in (_others(rows, parties.get("corporatie", []), tables, "corporatie"),
                              _others(rows, parties.get("gemeente", []), tables, "gemeente") if st == "regio" else "")
                  if p]
    return f"gegevens van deze scope (levering {year}): " + "; ".join(parts), gaps


def advice_line(r: dict, gaps: list[str] | None, year) -> str:
    """What to do about the failure (Dutch); ``gaps``: the scope's missing sheets (None: unknown)."""
    where = f"het uitgevoerde notebook ({r['executed_notebook']})" if r.get("executed_notebook") else "deze melding"
    report = f"meld de fout met {where} aan de beheerders van de analysesuite"
    leave_out = f"laat {r['scope_type']} {r['scope']} voor {r['notebook']} tijdelijk weg in reports/{year}.yml"
    if gaps is None:
        return f"wat te doen: bekijk de fout in de cel hierboven; {report}. Intussen: {leave_out}."
    if gaps:
        sheets = join_names(gaps)
        region = r["scope_type"] == "regio"
        when = f"niemand {sheets} levert" if region else f"{r['scope']} {sheets} niet of leeg levert"
        ask = "de corporaties en gemeenten" if region else r["scope"]
        return (f"wat te doen: een rapport hoort ook te werken als {when}; {report}. Intussen: vraag {ask} om "
                f"{sheets} aan te vullen en draai rpa report opnieuw, of {leave_out}.")
    return (f"wat te doen: de gegevens van deze scope zijn geleverd, dus de fout zit in de suite; {report}. "
            f"Intussen: {leave_out}.")


def describe_failure(r: dict, processed_root: str | Path, year: int) -> list[str]:
    """The lines of the summary for one failed report (the first is :func:`failure_line`)."""
    meta_path = Path(processed_root) / str(year) / "metadata.json"
    try:
        metadata = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        metadata = {"year": year}
    data, gaps = scope_data_line(r, metadata, _parties())
    return [failure_line(r), data, advice_line(r, gaps, year)]


def _parties() -> dict[str, list[str]]:
    from analysis import reference

    try:
        return {"corporatie": list(reference.corporation_names()), "gemeente": list(reference.municipality_names())}
    except Exception:  # noqa: BLE001 - the summary must not fail on the reference tables
        return {}
