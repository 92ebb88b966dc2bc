"""``index.html``: the entry page of a reporting set.

It starts with "Begin hier" (the Q3 monitor, and the Q3 meeting document as PDF when printed),
then per phase the reports grouped by analysis, each analysis with its scopes (region first,
then municipalities, then corporations) and per scope its downloads: the report (HTML), PDF,
Excel workbook and CSV tables. Plain, offline HTML in Dutch (the page shell of the reports,
:func:`analysis.report.export.page`).
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from analysis.report.config import PHASE_TITLES, PHASES

NOTEBOOK_TITLES_FALLBACK = {
    "00_monitor.ipynb": "Monitor van alle afspraken",
    "01_portefeuille.ipynb": "Portefeuille en woningbouw",
    "02_ouderenhuisvesting.ipynb": "Ouderenhuisvesting",
    "03_energielabels.ipynb": "Energielabels",
    "04_financiele_ruimte.ipynb": "Financiële ruimte",
}
SCOPE_ORDER = {"regio": 0, "gemeente": 1, "corporatie": 2}
START_NOTEBOOK, START_PHASE = "00_monitor.ipynb", "q3"


def _analysis_title(rows: list[dict]) -> str:
    """The analysis' title: the report title without its scope (``'… – regio Parkstad'``)."""
    for r in rows:
        if r.get("title"):
            return r["title"].rsplit(" – ", 1)[0]
    return NOTEBOOK_TITLES_FALLBACK.get(rows[0]["notebook"], rows[0]["notebook"])


def _scope_text(r: dict) -> str:
    return f"{r['scope_type']} {r['scope']}"


def _downloads(r: dict) -> str:
    e = html.escape
    links = [f'<a href="{e(r["html"])}">rapport</a>']
    if r.get("pdf"):
        links.append(f'<a href="{e(r["pdf"])}">PDF</a>')
    if r.get("xlsx"):
        links.append(f'<a href="{e(r["xlsx"])}">Excel</a>')
    if r.get("tables"):
        n = len(r["tables"])
        links.append(f'<a href="{e(r["slug"])}/tables/">{n} CSV-{"tabel" if n == 1 else "tabellen"}</a>')
    return " · ".join(links)


def _start_here(results: list[dict], combined: dict | None) -> str:
    e = html.escape
    start = [r for r in results if r["notebook"] == START_NOTEBOOK and r["phase"] == START_PHASE
             and r["status"] == "ok" and r.get("html")]
    items = []
    if start:
        items.append(f'<li><a href="{e(start[0]["html"])}"><strong>{e(_analysis_title(start))}</strong></a>: '
                     "alle gekwantificeerde afspraken met hun status, samengesteld uit de analyses.</li>")
    if combined and combined.get(START_PHASE):
        items.append(f'<li><a href="{e(combined[START_PHASE])}"><strong>{e(PHASE_TITLES[START_PHASE])} als '
                     "PDF</strong></a>: alle rapporten van de fase in één document voor de vergaderstukken.</li>")
    if not items:
        return ""
    return ('<section class="rpa-start" aria-labelledby="begin-hier"><h2 id="begin-hier">Begin hier</h2>'
            f"<ul>{''.join(items)}</ul></section>")


def index_html(results: list[dict], *, year: int, example_data: bool, day: dt.date,
               combined: dict | None = None) -> str:
    """The index page for ``results`` (one dict per report, as returned by the runner)."""
    from analysis.report.export import page

    e = html.escape
    n_ok = sum(r["status"] == "ok" for r in results)
    parts = [_start_here(results, combined),
             f"<p>Deze set bevat {len(results)} rapporten voor rapportagejaar {year}; "
             f"{n_ok} gelukt, {len(results) - n_ok} mislukt. Elk rapport opent zonder internet; "
             "bij elk rapport staan de PDF, de Excel-werkmap en de tabellen als CSV.</p>"]
    for phase in PHASES:
        rows = [r for r in results if r["phase"] == phase]
        if not rows:
            continue
        parts.append(f"<h2>{e(PHASE_TITLES[phase])}</h2>")
        if combined and combined.get(phase):
            parts.append(f'<p>Alle rapporten van deze fase in één document: <a href="{e(combined[phase])}">PDF</a>.</p>')
        for notebook in sorted({r["notebook"] for r in rows}):
            group = sorted((r for r in rows if r["notebook"] == notebook),
                           key=lambda r: (SCOPE_ORDER.get(r["scope_type"], 9), r["scope"]))
            parts.append(f"<h3>{e(_analysis_title(group))}</h3>")
            parts.append('<table class="rpa-index"><thead><tr><th scope="col">Voor</th><th scope="col">Status</th>'
                         '<th scope="col">Downloads</th></tr></thead><tbody>')
            for r in group:
                if r["status"] == "ok" and r.get("html"):
                    status, downloads = '<span class="rpa-status-ok">ok</span>', _downloads(r)
                else:
                    status, downloads = '<span class="rpa-status-mislukt">mislukt</span>', "–"
                parts.append(f"<tr><td>{e(_scope_text(r))}</td><td>{status}</td><td>{downloads}</td></tr>")
            parts.append("</tbody></table>")
    parts.append("<p>Herkomst van de cijfers, parameters, versies en rekentijden: "
                 '<a href="manifest.json">het herkomstbestand van deze set</a> (voor controle en hergebruik).</p>')
    return page(f"Rapportageset {year}: Regionale Prestatieafspraken Parkstad Limburg",
                "Jaarcyclus: Q1 prognose, Q2 realisatie, Q3 bestuurlijke tussenrapportage",
                "\n".join(p for p in parts if p), example_data=example_data, day=day, toc=True)


def write_index(path: Path, results: list[dict], *, year: int, example_data: bool, day: dt.date,
                combined: dict | None = None) -> None:
    Path(path).write_text(index_html(results, year=year, example_data=example_data, day=day, combined=combined),
                          encoding="utf-8")
