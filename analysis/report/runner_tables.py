"""A report's tables: the XLSX workbook for people beside the CSV tables, and the privacy check.

The workbook ``tabellen.xlsx`` holds the same figures as ``tables/*.csv``, made to be read:
a first sheet "Lees mij" (what the workbook holds, year, phase, scope, data source, code
version, the example-data warning, every sheet and every column explained), then one sheet
per table with a Dutch sheet name and Dutch column headers (:mod:`analysis.report.columns`),
Dutch number formats (thousands, euros, percentages), ja/nee for booleans, Dutch labels for
codes, a frozen header row, an auto filter and column widths that fit. Numbers stay numbers
(full precision; the format only decides what is shown). Text that a spreadsheet would run
as a formula is neutralised.

The CSV tables get ``tables/datapackage.json`` (:mod:`analysis.report.datapackage`).

No table or HTML report of the stakeholder set may hold a dwelling-level identifier
(:data:`FORBIDDEN_COLUMNS`).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from analysis.report.columns import (
    BOOL_LABELS,
    Column,
    column_info,
    display_code,
    number_format,
    table_info,
)
from analysis.report.datapackage import About, field_type, read_table, write_datapackage

__all__ = [
    "FORBIDDEN_COLUMNS", "README_SHEET", "privacy_problems", "report_about", "write_report_tables",
    "write_workbook",
]

#: Columns that identify a single dwelling; they never appear in a stakeholder output.
FORBIDDEN_COLUMNS = ("vhe_id",)
#: The first sheet of every workbook.
README_SHEET = "Lees mij"

_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
_HEADER_FILL = "#E2E8F0"
_WARNING_COLOUR = "#9B2C2C"
_MIN_WIDTH, _MAX_WIDTH, _HEADER_WRAP = 8, 60, 28
_README_WIDTHS = (28, 60, 70, 18, 30)
_LINE_HEIGHT = 15  # points per line of 11-point text


def _row_height(cells, widths, *, bold: bool = False) -> float:
    """Height of a row with wrapped text: the most lines any cell needs at its column width.

    Spreadsheets do not grow a row for wrapped text written by a program, so the height is set.
    A column of width ``w`` holds about ``1,1 w`` characters a line, ``0,9 w`` in bold type.
    """
    lines = 1
    for value, width in zip(cells, widths, strict=False):
        text = "" if value is None else str(value)
        per_line = max(1, int(width * (0.9 if bold else 1.1)))
        lines = max(lines, sum(-(-max(1, len(part)) // per_line) for part in text.splitlines() or [""]))
    return lines * _LINE_HEIGHT


def _page_setup(ws, *, landscape: bool) -> None:
    """A4, as wide as the page (as many pages down as needed)."""
    ws.set_paper(9)  # A4
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)


def write_report_tables(tables: list[Path], out_dir: Path, **report) -> Path:
    """The runner's call: ``out_dir/tabellen.xlsx`` and ``tables/datapackage.json`` of one report.

    ``report``: the keyword arguments of :func:`report_about`. Returns the workbook path.
    """
    about = report_about(out_dir=out_dir, **report)
    xlsx = Path(out_dir) / "tabellen.xlsx"
    write_workbook(tables, xlsx, about)
    if tables:
        write_datapackage(tables, tables[0].parent, about)
    return xlsx


def report_about(*, job, year: int, processed_root, example_data: bool, day, title: str | None,
                 out_dir: Path) -> About:
    """What the runner knows about one report, for the "Lees mij" sheet and ``datapackage.json``."""
    from analysis.outputs import TABLE_SCOPES_FILE
    from analysis.report.config import PHASE_TITLES

    scopes_file = Path(out_dir) / TABLE_SCOPES_FILE
    regional = json.loads(scopes_file.read_text(encoding="utf-8")) if scopes_file.exists() else {}
    return About(
        title=title or "Rapport", year=int(year), phase=job.phase,
        phase_title=PHASE_TITLES.get(job.phase, job.phase), scope_type=job.scope_type, scope=job.scope,
        slug=job.slug, example_data=bool(example_data), source=data_source(Path(processed_root), int(year)),
        code_version=code_version(), day=day, regional=regional,
    )


def data_source(processed_root: Path, year: int) -> str:
    """One Dutch sentence: which deliveries the report is built on (no paths)."""
    from analysis.report.prepare import delivery_years

    found = []
    for y in delivery_years(processed_root, year):
        meta = processed_root / str(y) / "metadata.json"
        if meta.exists():
            found.append((y, json.loads(meta.read_text(encoding="utf-8"))))
    if not found:
        return f"de verwerkte leveringen van {year}."
    years = (" en ".join(str(y) for y, _ in found) if len(found) <= 2
             else f"{found[0][0]} tot en met {found[-1][0]}")
    n_files = sum(len(m.get("files") or {}) for _, m in found)
    files = f" ({n_files} bestanden)" if n_files else ""
    if any(m.get("example_data") for _, m in found):
        what = f"illustratieve voorbeeldleveringen {years}{files}, gegenereerd: geen echte cijfers van corporaties of gemeenten"
    else:
        what = f"de leveringen {years} van de woningcorporaties en gemeenten in Parkstad{files}"
    return (f"{what}; doelen, normen en kengetallen uit de Regionale Prestatieafspraken Parkstad Limburg "
            "2024-2028 en de openbare bronnen die het rapport noemt.")


@cache
def code_version() -> str:
    """``rpa-parkstad 0.1.0, code 76c200d1e2f3`` (+ "met lokale wijzigingen"); once per process."""
    from importlib import metadata

    from analysis import config as paths
    from analysis.report.runner_publish import git_version

    try:
        version = f"rpa-parkstad {metadata.version('rpa-parkstad')}"
    except metadata.PackageNotFoundError:
        version = "rpa-parkstad"
    git = git_version(paths.ROOT)
    if not git.get("commit"):
        return version
    return f"{version}, code {git['commit'][:12]}" + (" (met lokale wijzigingen)" if git.get("dirty") else "")


def _sheet_name(table: str, used: set[str]) -> str:
    info = table_info(table)
    base = _SHEET_BAD.sub(" ", info.sheet_nl if info else table).strip()[:31] or "tabel"
    name, n = base, 2
    while name.lower() in used:
        suffix = f" {n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def _cell(text: str, column: Column | None, kind: str, row_unit: str | None):
    """A CSV cell as (value, number format): numbers as numbers, ja/nee, code labels, text neutralised."""
    from analysis.outputs import neutralise_formula

    if text == "":
        return None, None
    if kind == "boolean" or (column is not None and column.format == "bool"):
        if text in BOOL_LABELS:
            return BOOL_LABELS[text], None
    if column is not None and column.codes:
        return neutralise_formula(display_code(column.codes, text)), None
    if _NUMBER.fullmatch(text) and (column is None or column.format != "text"):
        value = int(text) if text.lstrip("-").isdigit() else float(text)
        return value, number_format(column, row_unit)
    return neutralise_formula(text), None


def _shown_width(value, fmt: str | None) -> int:
    """About how many characters a cell shows (for the column width)."""
    if value is None:
        return 0
    if isinstance(value, int | float):
        if fmt is None:
            return len(str(value))
        decimals = 2 if ".00" in fmt else 1 if ".0" in fmt else 0
        scaled = abs(value) * (100 if fmt.endswith("0%") else 1)
        shown = len(f"{scaled:,.{decimals}f}") + (value < 0)
        return shown + (2 if "€" in fmt else 1 if "%" in fmt else 0)
    return max(len(line) for line in str(value).splitlines() or [""])


class _Formats:
    """The workbook's cell formats, one per combination of properties (XlsxWriter shares them)."""

    def __init__(self, wb):
        self.wb, self.made = wb, {}

    def __call__(self, **props):
        key = tuple(sorted(props.items()))
        if key not in self.made:
            self.made[key] = self.wb.add_format(props) if props else None
        return self.made[key]


def _write(ws, row: int, col: int, value, style) -> None:
    """One cell: text as text (never a formula or a link), numbers as numbers, nothing as a formatted blank."""
    if value is None or value == "":
        if style is not None:
            ws.write_blank(row, col, None, style)
    elif isinstance(value, str):
        ws.write_string(row, col, value, style)
    else:
        ws.write_number(row, col, value, style)


def _write_table(ws, formats: _Formats, path: Path) -> None:
    from analysis.outputs import neutralise_formula

    header, rows = read_table(path)
    table = path.stem
    infos = [column_info(table, c) for c in header]
    kinds = [field_type([r[i] if i < len(r) else "" for r in rows]) for i in range(len(header))]
    unit_at = header.index("unit") if "unit" in header else None
    heads = [neutralise_formula(info.header_nl if info else name) for name, info in zip(header, infos, strict=True)]
    widths = [min(len(str(h)), _HEADER_WRAP) + 3 for h in heads]  # + room for the filter button
    cells = []
    for row in rows:
        unit = row[unit_at] if unit_at is not None and unit_at < len(row) else None
        line = [_cell(text, infos[j], kinds[j], unit) for j, text in enumerate(row[: len(header)])]
        for j, (value, fmt) in enumerate(line):
            if value is not None:
                widths[j] = max(widths[j], _shown_width(value, fmt) + 2)
        cells.append(line)
    widths = [max(_MIN_WIDTH, min(_MAX_WIDTH, w)) for w in widths]
    head = formats(bold=True, bg_color=_HEADER_FILL, pattern=1, text_wrap=True, valign="top")
    for j, text in enumerate(heads):
        ws.write_string(0, j, text, head)
        ws.set_column(j, j, widths[j])
    for i, line in enumerate(cells, start=1):
        # text longer than its column (remarks, descriptions) wraps, and its row is made tall enough
        long = {j for j, (v, _) in enumerate(line) if isinstance(v, str) and len(v) > widths[j] - 2}
        for j in range(len(header)):
            value, fmt = line[j] if j < len(line) else (None, None)
            props = {"num_format": fmt} if fmt else {}
            if long:
                props.update(valign="top", text_wrap=j in long)
            _write(ws, i, j, value, formats(**props))
        if long:
            ws.set_row(i, _row_height([v for v, _ in line], [w - 2 for w in widths]))
    if header:
        ws.set_row(0, _row_height(heads, [w - 3 for w in widths], bold=True))
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, len(rows), len(header) - 1)
        ws.repeat_rows(0)  # the header row on every printed page
    _page_setup(ws, landscape=True)


def _readme_rows(sheets: list[tuple[str, Path]], about: About | None) -> list[tuple]:
    """The "Lees mij" sheet as rows ``(style, cell, ...)``; style is title, warning, label, head or text."""
    from analysis.outputs import EXAMPLE_BANNER_TEXT

    title = f"{about.title} – {about.scope_label}" if about else "Tabellen van het rapport"
    rows: list[tuple] = [("title", title)]
    if about and about.example_data:
        rows.append(("warning", "Let op", EXAMPLE_BANNER_TEXT))
    rows.append(("label", "Inhoud", "De tabellen van het rapport, één tabblad per tabel, met Nederlandse kolomnamen "
                                    "en getalnotatie. Dezelfde cijfers staan machineleesbaar als CSV in de map "
                                    "tables, met een beschrijving van elke kolom in datapackage.json."))
    if about:
        from analysis.report.export import dutch_date

        rows += [
            ("label", "Rapportagejaar", about.year),
            ("label", "Fase", about.phase_title),
            ("label", "Gebied of partij", about.scope_label),
            ("label", "Datum", dutch_date(about.day)),
            ("label", "Gegevens", about.source[0].upper() + about.source[1:]),
            ("label", "Voorbeelddata", "ja: illustratieve cijfers, niet voor besluiten" if about.example_data
             else "nee: de leveringen van de corporaties en gemeenten"),
            ("label", "Versie van de suite", about.code_version),
        ]
    rows += [("blank",), ("head", "Tabblad", "Inhoud")]
    for sheet, path in sheets:
        info = table_info(path.stem)
        text = info.title_nl if info else path.stem
        if about and path.stem in about.regional:
            text += f" (regionaal: {about.regional[path.stem]})"
        rows.append(("text", sheet, text))
    rows += [("blank",), ("head", "Tabblad", "Kolom", "Betekenis", "Eenheid", "Naam in CSV")]
    for sheet, path in sheets:
        header, _rows = read_table(path)
        for name in header:
            info = column_info(path.stem, name)
            rows.append(("text", sheet, info.header_nl if info else name, info.description_nl if info else "",
                         info.unit_nl if info else "", name))
    return rows


def _write_readme(ws, formats: _Formats, sheets: list[tuple[str, Path]], about: About | None) -> None:
    from analysis.outputs import neutralise_formula

    for i, (style, *cells) in enumerate(_readme_rows(sheets, about)):
        if style != "title":
            ws.set_row(i, _row_height(cells, _README_WIDTHS, bold=style in ("warning", "head")))
        props = {"bold": True, "font_size": 14} if style == "title" else {
            "text_wrap": True, "valign": "top", "align": "left", "bold": style in ("warning", "head"),
            **({"font_color": _WARNING_COLOUR} if style == "warning" else {}),
            **({"bg_color": _HEADER_FILL, "pattern": 1} if style == "head" else {})}
        for j, value in enumerate(cells):
            bold = props.get("bold") or (style == "label" and j == 0)
            _write(ws, i, j, neutralise_formula(value), formats(**{**props, "bold": bold}))
    for j, width in enumerate(_README_WIDTHS):
        ws.set_column(j, j, width)
    _page_setup(ws, landscape=False)


def write_workbook(tables: list[Path], path: Path, about: About | None = None) -> None:
    """One XLSX workbook for people: "Lees mij", then one sheet per CSV table (see the module).

    Written with XlsxWriter (about twice as fast as openpyxl here). The same tables give the
    same bytes: the workbook's creation date is the report's date.
    """
    import datetime as dt

    import xlsxwriter

    # text stays text (never a formula, a link or a number); the parts are assembled in memory, not in temp files
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False, "in_memory": True})
    day = about.day if about is not None else dt.date(2024, 1, 1)
    wb.set_properties({"created": dt.datetime(day.year, day.month, day.day), "author": "rpa-parkstad",
                       "title": f"{about.title} – {about.scope_label}" if about is not None else "Tabellen"})
    formats = _Formats(wb)
    readme = wb.add_worksheet(README_SHEET)
    used = {README_SHEET.lower()}
    sheets = []
    for table in tables:
        name = _sheet_name(table.stem, used)
        _write_table(wb.add_worksheet(name), formats, table)
        sheets.append((name, table))
    if not sheets:
        wb.add_worksheet("geen tabellen")
    _write_readme(readme, formats, sheets, about)
    wb.close()


def privacy_problems(tables: list[Path], html_text: str) -> list[str]:
    """Dwelling-level identifiers in a report's outputs (column names), as Dutch sentences."""
    problems = []
    for table in tables:
        header, _rows = read_table(table)
        bad = [c for c in header if c.strip().lower() in FORBIDDEN_COLUMNS]
        if bad:
            problems.append(f"tabel {table.name} bevat woningniveau-identificatie ({', '.join(bad)})")
    for col in FORBIDDEN_COLUMNS:
        if col in html_text:
            problems.append(f"het HTML-rapport bevat woningniveau-identificatie ({col})")
    return problems
