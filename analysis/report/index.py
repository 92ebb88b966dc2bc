"""``index.html``: the entry page of a reporting set, linking every report by phase and scope.

Plain, offline HTML in Dutch (the same page shell as the reports, :func:`analysis.report.export.page`),
with the status of each report (ok / mislukt) and links to its HTML, XLSX and CSV tables.
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


def index_html(results: list[dict], *, year: int, example_data: bool, day: dt.date) -> str:
    """The index page for ``results`` (one dict per report, as returned by the runner)."""
    from analysis.report.export import page

    e = html.escape
    n_ok = sum(r["status"] == "ok" for r in results)
    parts = [
        f"<p>Deze set bevat {len(results)} rapporten voor rapportagejaar {year}; "
        f"{n_ok} gelukt, {len(results) - n_ok} mislukt. Elk rapport opent zonder internet; "
        "naast elk rapport staan de tabellen als CSV en als Excel-werkmap.</p>"
    ]
    for phase in PHASES:
        rows = [r for r in results if r["phase"] == phase]
        if not rows:
            continue
        parts.append(f"<h2>{e(PHASE_TITLES[phase])}</h2>")
        parts.append('<table class="rpa-index"><thead>'
                     "<tr><th>Rapport</th><th>Schaal</th><th>Scope</th><th>Status</th>"
                     "<th>Downloads</th></tr></thead><tbody>")
        rows = sorted(rows, key=lambda r: (r["notebook"], SCOPE_ORDER.get(r["scope_type"], 9), r["scope"]))
        for r in rows:
            title = r.get("title") or NOTEBOOK_TITLES_FALLBACK.get(r["notebook"], r["notebook"])
            if r["status"] == "ok" and r.get("html"):
                link = f'<a href="{e(r["html"])}">{e(title)}</a>'
                downloads = f'<a href="{e(r["xlsx"])}">Excel</a>'
                if r.get("tables"):
                    downloads += f' · {len(r["tables"])} CSV-tabel(len) in <code>{e(r["slug"])}/tables/</code>'
                status = '<span class="rpa-status-ok">ok</span>'
            else:
                link = e(title)
                downloads = "–"
                status = '<span class="rpa-status-mislukt">mislukt</span>'
            parts.append(f"<tr><td>{link}</td><td>{e(r['scope_type'])}</td><td>{e(r['scope'])}</td>"
                         f"<td>{status}</td><td>{downloads}</td></tr>")
        parts.append("</tbody></table>")
    parts.append("<p>Herkomst van de cijfers, parameters, versies en rekentijden: "
                 '<a href="manifest.json">manifest.json</a>.</p>')
    return page(f"Rapportageset {year}: Regionale Prestatieafspraken Parkstad Limburg",
                "Jaarcyclus: Q1 prognose, Q2 realisatie, Q3 bestuurlijke tussenrapportage",
                "\n".join(parts), example_data=example_data, day=day, toc=True)


def write_index(path: Path, results: list[dict], *, year: int, example_data: bool, day: dt.date) -> None:
    Path(path).write_text(index_html(results, year=year, example_data=example_data, day=day), encoding="utf-8")
