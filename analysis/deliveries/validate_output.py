"""What ``rpa validate`` writes and prints.

:func:`write_outputs` writes one parquet per table, ``rejections`` (parquet + csv),
``metadata.json`` and, through :func:`write_sender_reports`, one validation workbook per
sender in ``validatie/``; :func:`summary_lines` is the Dutch console summary. Nothing under
``data/raw`` is ever written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

from analysis import config
from analysis.deliveries.validate_result import ValidationResult
from analysis.deliveries.validate_sheets import FOUT
from analysis.errors import Problem

__all__ = ["summary_lines", "write_outputs", "write_sender_reports"]


def _is_under(path: Path, parent: Path) -> bool:
    try:
        path.resolve().relative_to(parent.resolve())
        return True
    except ValueError:
        return False


def _rel(path: Path) -> str:
    try:
        return path.resolve().relative_to(config.ROOT).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def write_outputs(result: ValidationResult, out: Path) -> None:
    """Write parquet tables, rejections, metadata and the per-sender validation workbooks.

    The tables are checked against their contract (:func:`analysis.processed.table_schema`) before
    anything is written; ``metadata.json`` records that check (``contract``), so
    :func:`analysis.processed.load` need not repeat it.

    Raises:
        ValueError: ``out`` lies under ``data/raw``.
        ValidationFailed: a table breaks its contract (a fault of ``rpa validate`` itself).
    """
    from analysis import processed
    from analysis.errors import ValidationFailed
    from analysis.outputs import neutralise_frame, write_json

    if _is_under(out, config.DATA_RAW):
        raise ValueError(f"De uitvoermap {out} ligt onder data/raw; daar wordt nooit geschreven. Kies een andere --out.")
    broken = processed.check_tables({**result.tables, "rejections": result.rejections})
    if broken:
        raise ValidationFailed(broken, "de tabellen die rpa validate zou schrijven (een fout in rpa validate zelf)")
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
        "contract": processed.contract_stamp(out),
    }
    write_json(meta, out / "metadata.json")
    write_sender_reports(result, out / "validatie")


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "onbekend"


def _problems_by_sender(result: ValidationResult) -> dict[str, list[Problem]]:
    """Every problem, in order, under the sender of its file (the file's stem when unknown)."""
    by_sender: dict[str, list[Problem]] = defaultdict(list)
    for p in result.problems:
        by_sender[result.senders.get(p.file, Path(p.file).stem)].append(p)
    return by_sender


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
    by_sender = _problems_by_sender(result)
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
    by_sender = _problems_by_sender(result)
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
