"""PDF for the meeting package: every report at A4, and one combined document per phase.

Boards receive their meeting documents as PDF. The HTML reports already carry the print
stylesheet (A4 portrait, margins, page numbers and the report title in the footer, tables that
wrap instead of losing columns; :data:`analysis.report.export.STYLE`); headless Chromium prints
them. The combined document of a phase (for Q3: the *bestuurlijke tussenrapportage*) is one
HTML page with a cover and a contents list, then every report of the phase, each starting on a
new page with its own title in the footer (CSS named pages), printed once.

Chromium is optional: without it :func:`print_set` prints nothing and says in one line how to
get the PDFs; the HTML set is complete either way.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from analysis.report.export import print_footer_css
from analysis.report.pdf_browser import print_pages

#: How to get the PDFs when Chromium is missing (one line in the summary of ``rpa report``).
MISSING_BROWSER = ("PDF overgeslagen: Chromium ontbreekt. Installeer het (bijvoorbeeld 'sudo apt-get install "
                   "chromium') en draai rpa report opnieuw; de HTML-rapporten zijn compleet.")
COMBINED_NAMES = {"q1": "prognose", "q2": "realisatie", "q3": "bestuurlijke-tussenrapportage"}


def find_chromium() -> str | None:
    """The Chromium (or Chrome) executable on PATH, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def print_pdf(html_path: Path, pdf_path: Path, chromium: str, timeout: int = 180) -> Path:
    """Print one HTML page to PDF with headless Chromium (A4 and margins come from the page's CSS)."""
    cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
           "--generate-pdf-document-outline", f"--print-to-pdf={pdf_path}", Path(html_path).resolve().as_uri()]
    subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
    if not pdf_path.exists() or pdf_path.stat().st_size == 0:
        raise RuntimeError(f"Chromium maakte geen PDF van {html_path}")
    return pdf_path


_MAIN = re.compile(r"<main>(.*)</main>", re.DOTALL)
_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)
_TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)
_BANNER = re.compile(r'<div class="rpa-banner".*?</div>', re.DOTALL)
_TOC = re.compile(r'<nav class="rpa-toc".*?</nav>', re.DOTALL)
_FOOTER = re.compile(r"<footer>.*?</footer>", re.DOTALL)
_HEADER = re.compile(r'<header class="rpa-head">(.*?)</header>', re.DOTALL)


def combined_html(pages: list[tuple[str, str]], *, title: str, subtitle: str, banner: str) -> str:
    """One printable document: a cover with contents, then each report (``(title, html)``) on new pages.

    Each report keeps its own body (its sections and tables), loses its own banner and contents list
    (the cover has them once), and gets its title in the footer of its pages (a CSS named page).
    """
    style = _STYLE.search(pages[0][1]).group(1) if pages else ""
    style = re.sub(r'@page \{ @bottom-left \{ content: ".*?"; [^}]*\} \}', "", style)
    named, sections, contents = [], [], []
    for i, (report_title, page_html) in enumerate(pages, start=1):
        body = _MAIN.search(page_html).group(1) if _MAIN.search(page_html) else ""
        body = _FOOTER.sub("", _TOC.sub("", _BANNER.sub("", body)))
        head = _HEADER.search(page_html)
        head_html = f'<header class="rpa-head">{head.group(1)}</header>' if head else ""
        named.append(print_footer_css(report_title, f"r{i}"))
        named.append(f"section.r{i} {{ page: r{i}; }}")
        sections.append(f'<section class="rpa-report r{i}" id="rapport-{i}" style="break-before: page">'
                        f"{head_html}<main>{body}</main></section>")
        contents.append(f'<li><a href="#rapport-{i}">{html.escape(report_title)}</a></li>')
    cover = (f'<section class="rpa-cover"><header class="rpa-head"><h1>{html.escape(title)}</h1>'
             f'<div class="rpa-meta">{html.escape(subtitle)}</div></header><main>{banner}'
             f'<nav class="rpa-toc" aria-label="Inhoud"><strong>Inhoud</strong><ol>{"".join(contents)}</ol></nav>'
             "</main></section>")
    return ("<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{html.escape(title)}</title>\n<style>{style}\n{chr(10).join(named)}</style>\n</head>\n"
            f"<body>\n{cover}\n{chr(10).join(sections)}\n</body>\n</html>\n")


def report_title(page_html: str) -> str:
    """The ``<title>`` of a report page (unescaped)."""
    m = _TITLE.search(page_html)
    return html.unescape(m.group(1)) if m else "Rapport"


def phase_documents(set_dir: Path, ok: list[dict], phase_titles: dict[str, str], *, year: int, banner: str,
                    phases: set[str] | None = None) -> dict[str, Path]:
    """Write the HTML of each phase's combined document (all its reports bound), by phase (the caller prints and removes it).

    ``phases``: only these (default: every phase of ``phase_titles`` with a report in ``ok``).
    """
    written = {}
    for phase, title in phase_titles.items():
        rows = [r for r in ok if r["phase"] == phase]
        if not rows or (phases is not None and phase not in phases):
            continue
        pages = [(report_title(p), p) for p in ((set_dir / r["html"]).read_text(encoding="utf-8") for r in rows)]
        doc = combined_html(pages, title=f"{title} {year}",
                            subtitle=f"Regionale Prestatieafspraken Parkstad Limburg 2024-2028 · {len(rows)} rapporten",
                            banner=banner)
        html_path = set_dir / phase / f"{COMBINED_NAMES.get(phase, phase)}-{year}.html"
        html_path.write_text(doc, encoding="utf-8")
        written[phase] = html_path
    return written


def print_set(set_dir: Path, results: list[dict], *, year: int, phase_titles: dict[str, str], banner: str,
              log: Callable[[str], None] = print, workers: int = 2) -> dict:
    """Print every successful report of a set to ``rapport.pdf`` beside its HTML, and one PDF per phase.

    Returns ``{"reports": {slug: pdf path}, "combined": {phase: pdf path}}`` (paths relative to
    ``set_dir``), or ``{"skipped": reason}`` without Chromium.
    """
    chromium = find_chromium()
    if chromium is None:
        log(MISSING_BROWSER)
        return {"skipped": MISSING_BROWSER}
    ok = [r for r in results if r.get("status") == "ok" and r.get("html")]
    documents = phase_documents(set_dir, ok, phase_titles, year=year, banner=banner)
    pages = [set_dir / r["html"] for r in ok] + list(documents.values())
    print_pages([(h, h.with_suffix(".pdf")) for h in pages], chromium, workers)
    for html_path in documents.values():
        html_path.unlink()
    reports = {r["slug"]: str(Path(r["html"]).with_suffix(".pdf")) for r in ok}
    combined = {phase: str(h.with_suffix(".pdf").relative_to(set_dir)) for phase, h in documents.items()}
    log(f"PDF: {len(reports)} rapporten en {len(combined)} gebundelde fasedocument(en) "
        f"({', '.join(combined.values())}).")
    return {"reports": reports, "combined": combined}
