"""``index.html``: the entry page of a reporting set.

It starts with "Begin hier" (the Q3 monitor, and the Q3 meeting document as PDF when printed),
then per phase the reports grouped by analysis, each analysis with its scopes (region first,
then municipalities, then corporations) and per scope its downloads: the report (HTML), PDF,
Excel workbook and CSV tables. Plain, offline HTML in Dutch (the page shell of the reports,
:func:`analysis.report.export.page`).

:func:`link_reports` gives every report, once the set is complete, the same links at its top:
its own downloads and "Ook beschikbaar voor" the other scopes of the same analysis in the same
phase (plain links, no script; hidden in print).
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
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
#: Anchor of the list of a report's CSV tables (in its links at the top, :func:`report_links`).
CSV_ANCHOR = "csv-tabellen"


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
        # the list of CSV files at the top of the report (a folder link would not open on every web server)
        links.append(f'<a href="{e(r["html"])}#{CSV_ANCHOR}">{n} CSV-{"tabel" if n == 1 else "tabellen"}</a>')
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


def _table_title(csv_path: str) -> str:
    from analysis.report.columns import table_info

    name = Path(csv_path).stem
    info = table_info(name)
    return info.title_nl if info is not None and info.title_nl else name.replace("_", " ")


def report_links(r: dict, results: list[dict], set_dir: Path | None = None) -> str:
    """The links at the top of report ``r``: its downloads and the same analysis for its sibling scopes.

    Paths are relative to the report's folder; ``set_dir`` (when given) adds the datapackage
    description of the CSV tables when it exists.
    """
    e = html.escape
    here = posixpath.dirname(r["html"])

    def rel(target: str) -> str:
        return e(posixpath.relpath(target, here))

    downloads = []
    if r.get("pdf"):
        downloads.append(f'<a href="{rel(r["pdf"])}">PDF</a>')
    if r.get("xlsx"):
        downloads.append(f'<a href="{rel(r["xlsx"])}">Excel-werkmap</a>')
    tables = list(r.get("tables") or [])
    if tables:
        items = [f'<li><a href="{rel(t)}">{e(_table_title(t))}</a></li>' for t in tables]
        package = posixpath.join(here, "tables", "datapackage.json")
        if set_dir is not None and (Path(set_dir) / package).exists():
            items.append(f'<li><a href="{rel(package)}">beschrijving van alle kolommen (datapakket)</a></li>')
        downloads.append(f'<details id="{CSV_ANCHOR}"><summary>'
                         f"{len(tables)} {'tabel' if len(tables) == 1 else 'tabellen'} als CSV"
                         f"</summary><ul>{''.join(items)}</ul></details>")
    siblings = sorted((s for s in results if s is not r and s.get("status") == "ok" and s.get("html")
                       and s["phase"] == r["phase"] and s["notebook"] == r["notebook"]
                       and (s["scope_type"], s["scope"]) != (r["scope_type"], r["scope"])),
                      key=lambda s: (SCOPE_ORDER.get(s["scope_type"], 9), s["scope"]))
    parts = []
    if downloads:
        parts.append(f"<div><strong>Downloads:</strong> {' · '.join(downloads)}</div>")
    if siblings:
        links = " · ".join(f'<a href="{rel(s["html"])}">{e(_scope_text(s))}</a>' for s in siblings)
        parts.append(f"<div><strong>Ook beschikbaar voor:</strong> {links}</div>")
    if not parts:
        return ""
    return f'<nav class="rpa-links" aria-label="Downloads en andere gebieden en partijen">{"".join(parts)}</nav>'


def link_reports(set_dir: Path, results: list[dict]) -> int:
    """Put :func:`report_links` into every successful report of the set (at its links mark); return how many.

    Runs once the whole set is made (and printed), so every sibling and download exists. A report
    reused from the published set had its links made then: they are made again for this set.
    """
    from analysis.report.export import LINKS_MARK

    n = 0
    for r in results:
        if r.get("status") != "ok" or not r.get("html"):
            continue
        path = Path(set_dir) / r["html"]
        text = path.read_text(encoding="utf-8")
        links = report_links(r, results, set_dir) or LINKS_MARK
        new = (text.replace(LINKS_MARK, links, 1) if LINKS_MARK in text
               else _OLD_LINKS.sub(lambda _m, links=links: links, text, count=1))
        if new != text:
            path.write_text(new, encoding="utf-8")
            n += 1
    return n


_OLD_LINKS = re.compile(r'<nav class="rpa-links".*?</nav>', re.DOTALL)


def write_index(path: Path, results: list[dict], *, year: int, example_data: bool, day: dt.date,
                combined: dict | None = None) -> None:
    """Write the set's entry points: ``index.html`` at ``path`` and the links at the top of every report.

    The reports sit beside ``path`` (``results[i]["html"]`` is relative to its folder); each gets
    its downloads and sibling scopes (:func:`link_reports`) now that the whole set, PDFs included, exists.
    """
    Path(path).write_text(index_html(results, year=year, example_data=example_data, day=day, combined=combined),
                          encoding="utf-8")
    link_reports(Path(path).parent, results)
