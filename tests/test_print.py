"""Print and PDF: every kind of report fits A4, the PDFs are A4, and the index starts at the Q3 monitor.

The width check measures in the browser: the report's print stylesheet is applied on screen
(``@media print`` -> ``@media all``) in a window as wide as the printable width of A4
(:data:`analysis.report.export.A4_CONTENT_WIDTH_PX`), and a small script reports every table
wider than the page's content box. The reports forbid scripts (Content-Security-Policy), so the
probe is a copy without that header.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from analysis.report import export, index, pdf

CHROMIUM = pdf.find_chromium()
NO_BROWSER = CHROMIUM is None and not os.environ.get("CI")
needs_browser = pytest.mark.skipif(NO_BROWSER, reason="Chromium ontbreekt (apt-get install chromium)")

#: One report of each kind in the set (a party's report where the kind has one).
KINDS = ("q3/00_monitor/regio-parkstad", "q3/01_portefeuille/regio-parkstad", "q1/01_portefeuille/corporatie-weller",
         "q3/02_ouderenhuisvesting/gemeente-heerlen", "q3/03_energielabels/regio-parkstad",
         "q2/03_energielabels/gemeente-heerlen", "q3/04_financiele_ruimte/regio-parkstad",
         "q3/04_financiele_ruimte/corporatie-weller")

PROBE = """<script>
window.addEventListener('load', function () {
  var avail = document.querySelector('main').clientWidth, out = [];
  document.querySelectorAll('table').forEach(function (t, i) {
    var w = Math.max(t.getBoundingClientRect().width, t.scrollWidth);
    if (w > avail + 1) { out.push(i + ':' + Math.round(w)); }
  });
  var r = document.createElement('div'); r.id = 'rpa-measure';
  r.textContent = 'MEASURED|' + avail + '|' + document.querySelectorAll('table').length + '|' + out.join(',');
  document.body.appendChild(r);
});
</script>"""


def _too_wide_tables(page: Path, tmp: Path) -> tuple[int, int, list[str]]:
    """(content width, number of tables, tables wider than it) of ``page`` printed on A4."""
    text = page.read_text(encoding="utf-8")
    text = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", text)
    text = text.replace("@media print", "@media all").replace("</body>", PROBE + "</body>")
    probe = tmp / "probe.html"
    probe.write_text(text, encoding="utf-8")
    dom = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                          f"--window-size={export.A4_CONTENT_WIDTH_PX},1200", "--virtual-time-budget=5000",
                          "--dump-dom", probe.as_uri()], capture_output=True, text=True, timeout=120).stdout
    m = re.search(r"MEASURED\|(\d+)\|(\d+)\|([^<]*)</div>", dom)
    assert m, f"meting mislukt voor {page}: {dom[:300]}"
    return int(m.group(1)), int(m.group(2)), [x for x in m.group(3).split(",") if x]


def _pdf_pages(path: Path) -> list[tuple[float, float]]:
    """Page sizes (points) of a PDF, read from its MediaBox entries."""
    data = path.read_bytes()
    boxes = re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    return [(float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in boxes]


@needs_browser
@pytest.mark.browser
@pytest.mark.parametrize("kind", KINDS)
def test_every_table_fits_the_width_of_a4(kind, tiny_set, tmp_path):
    rc, log, set_dir = tiny_set
    assert rc == 0, "\n".join(log[-20:])
    width, n_tables, too_wide = _too_wide_tables(set_dir / kind / "rapport.html", tmp_path)
    assert width >= export.A4_CONTENT_WIDTH_PX - 20 and n_tables >= 1
    assert too_wide == [], f"{kind}: tabellen breder dan A4 ({width} px): {too_wide}"


@needs_browser
@pytest.mark.browser
def test_the_width_check_finds_a_table_that_would_be_cut(tmp_path):
    """A table of long unbreakable numbers does not fit 180 mm: the check must say so."""
    body = "<table>" + "<tr>" + "".join(f"<td class='num'>€ {i}.123.456.789,12</td>" for i in range(12)) + "</tr></table>"
    page = tmp_path / "wide.html"
    page.write_text(export.page("Breed", "test", body, example_data=False, day=dt.date(2026, 12, 1)), encoding="utf-8")
    _width, _n, too_wide = _too_wide_tables(page, tmp_path)
    assert too_wide and too_wide[0].startswith("0:")


@needs_browser
@pytest.mark.browser
def test_a_report_prints_to_a4_with_title_and_page_numbers(tiny_set, tmp_path):
    _rc, _log, set_dir = tiny_set
    page = set_dir / "q3/00_monitor/regio-parkstad/rapport.html"
    out = pdf.print_pdf(page, tmp_path / "monitor.pdf", CHROMIUM)
    sizes = _pdf_pages(out)
    assert len(sizes) >= 2
    assert all(abs(w - 595) < 2 and abs(h - 842) < 2 for w, h in sizes)  # A4 portrait in points
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
        assert f"pagina 1 van {len(sizes)}" in text
        assert "Bestuurlijke tussenrapportage: monitor van alle afspraken – regio Parkstad" in text


def test_combined_document_has_a_cover_contents_and_each_report_on_new_pages():
    head = '<header class="rpa-head"><h1>{t}</h1></header>'
    pages = [(f"Rapport {i}", f"<html><head><title>Rapport {i}</title><style>body{{}}</style></head><body>"
              f"{head.format(t=f'Rapport {i}')}<main><div class=\"rpa-banner\">x</div><h2>Deel {i}</h2></main>"
              "</body></html>") for i in (1, 2)]
    doc = pdf.combined_html(pages, title="Bestuurlijke tussenrapportage 2026", subtitle="2 rapporten", banner="<b>B</b>")
    assert doc.index("Bestuurlijke tussenrapportage 2026") < doc.index('<a href="#rapport-1">Rapport 1</a>')
    assert doc.count('style="break-before: page"') == 2
    assert '@page r2 { @bottom-left { content: "Rapport 2"' in doc
    assert doc.count('class="rpa-banner"') == 0 and doc.count("<b>B</b>") == 1  # the warning once, on the cover


def test_without_chromium_the_set_says_how_to_get_pdfs(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf, "find_chromium", lambda: None)
    log: list[str] = []
    assert pdf.print_set(tmp_path, [], year=2026, phase_titles={}, banner="", log=log.append) == {
        "skipped": pdf.MISSING_BROWSER}
    assert log == [pdf.MISSING_BROWSER]


def _result(notebook, phase, scope_type, scope, title, pdf_path=None):
    slug = f"{phase}/{notebook[:-6]}/{scope_type}-{scope.lower()}"
    return {"phase": phase, "notebook": notebook, "scope_type": scope_type, "scope": scope, "status": "ok",
            "title": f"{title} – {scope_type} {scope}", "slug": slug, "html": f"{slug}/rapport.html",
            "xlsx": f"{slug}/tabellen.xlsx", "tables": ["a.csv"], "pdf": pdf_path}


def test_index_starts_here_and_groups_by_analysis():
    results = [_result("04_financiele_ruimte.ipynb", "q3", "corporatie", "Weller", "Financiën"),
               _result("04_financiele_ruimte.ipynb", "q3", "regio", "Parkstad", "Financiën"),
               _result("00_monitor.ipynb", "q3", "regio", "Parkstad", "Monitor", "q3/00_monitor/regio-parkstad/rapport.pdf")]
    page = index.index_html(results, year=2026, example_data=False, day=dt.date(2026, 12, 1),
                            combined={"q3": "q3/bestuurlijke-tussenrapportage-2026.pdf"})
    main = page[page.index("<main>"):]
    start = main.index("Begin hier</h2>")
    assert main.index('href="q3/00_monitor/regio-parkstad/rapport.html"') > start
    assert main.index('href="q3/bestuurlijke-tussenrapportage-2026.pdf"') > start
    assert main.index("<h3") > start
    fin = main.index(">Financiën</h3>")
    assert main.index("regio Parkstad", fin) < main.index("corporatie Weller", fin)  # region first
    assert '<a href="q3/00_monitor/regio-parkstad/rapport.pdf">PDF</a>' in main
