"""One long-lived Chromium prints the set's PDFs as the command line does (analysis.report.pdf_browser)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from analysis.report import pdf, pdf_browser

CHROMIUM = pdf.find_chromium()
needs_tools = pytest.mark.skipif(CHROMIUM is None or shutil.which("pdftotext") is None,
                                 reason="Chromium of pdftotext ontbreekt (apt-get install chromium poppler-utils)")

PAGE = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>{title}</title>
<style>@page {{ size: A4; margin: 20mm; }} h1 {{ background: #1b365d; color: white; }}</style></head>
<body><h1>{title}</h1><p>Eerste pagina van {title}.</p>
<p style="break-before: page">Tweede pagina van {title}.</p></body></html>"""


def _page(tmp_path: Path, title: str) -> Path:
    path = tmp_path / f"{title}.html"
    path.write_text(PAGE.format(title=title), encoding="utf-8")
    return path


def _info(path: Path) -> tuple[str, str]:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = next(line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("Pages:"))
    size = next(line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("Page size:"))
    return pages, size


@needs_tools
def test_pages_print_as_with_the_command_line_and_the_browser_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the browsers' profiles go here
    pages = [_page(tmp_path, name) for name in ("alfa", "beta", "gamma")]
    out = pdf_browser.print_pages([(p, p.with_suffix(".pdf")) for p in pages], CHROMIUM, workers=2)
    assert out == [p.with_suffix(".pdf") for p in pages]  # in the order asked, though on two browsers
    for page in pages:
        by_cli = pdf.print_pdf(page, tmp_path / f"{page.stem}-cli.pdf", CHROMIUM)
        assert _info(page.with_suffix(".pdf")) == _info(by_cli) == ("2", "594.96 x 841.92 pts (A4)")
        text = subprocess.run(["pdftotext", str(page.with_suffix(".pdf")), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert text == subprocess.run(["pdftotext", str(by_cli), "-"], capture_output=True, text=True,
                                      check=True).stdout
        assert f"Eerste pagina van {page.stem}." in text and f"Tweede pagina van {page.stem}." in text
    assert not list(tmp_path.glob("rpa-chromium-*"))  # every browser's profile removed


def test_a_share_whose_browser_fails_is_printed_by_the_command_line(tmp_path, monkeypatch):
    printed_by = {}

    class OnePageThenGone:  # prints the first page of its share, then stops answering
        def __init__(self, chromium):
            self.count = 0

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def print_page(self, html_path, pdf_path):
            self.count += 1
            if self.count > 1:
                raise pdf_browser.BrowserError("Chromium stopte")
            printed_by[Path(pdf_path).name] = "browser"
            return Path(pdf_path)

    def cli(html_path, pdf_path, chromium):
        printed_by[Path(pdf_path).name] = "command line"
        return Path(pdf_path)

    monkeypatch.setattr(pdf_browser, "Browser", OnePageThenGone)
    monkeypatch.setattr(pdf, "print_pdf", cli)
    pages = [(tmp_path / f"{i}.html", tmp_path / f"{i}.pdf") for i in range(5)]
    out = pdf_browser.print_pages(pages, "chromium", workers=2)
    assert out == [p for _, p in pages]
    # shares: pages 0, 2, 4 and pages 1, 3; each browser printed its first page only
    assert printed_by == {"0.pdf": "browser", "2.pdf": "command line", "4.pdf": "command line",
                          "1.pdf": "browser", "3.pdf": "command line"}


def test_a_browser_that_cannot_start_is_not_waited_for(tmp_path):
    """A program that is no browser (it exits at once) fails fast with a BrowserError, not after the timeout."""
    false = shutil.which("false")
    with pytest.raises(pdf_browser.BrowserError):
        with pdf_browser.Browser(false, timeout=60) as browser:
            browser.print_page(_page(tmp_path, "x"), tmp_path / "x.pdf")


def test_nothing_to_print_starts_no_browser(monkeypatch):
    monkeypatch.setattr(pdf_browser, "Browser", None)  # would fail if used
    assert pdf_browser.print_pages([], "chromium") == []
