"""Each report's figures say what they show, and each report links to its downloads and sibling scopes.

The whole-set tests read the set that ``conftest.tiny_set`` made once per session (no new run);
the unit tests build the links and the "Wat ontbreekt" line from hand-made inputs.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import subprocess
from pathlib import Path
from unittest import mock

import pandas as pd
import pytest
from test_print import KINDS, needs_browser

from analysis import missing
from analysis.report import index, pdf

GENERIC_ALTS = {"", "figuur", "no description has been provided for this image"}
_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT = re.compile(r'\balt="([^"]*)"')
_HREF = re.compile(r'<a\b[^>]*\bhref="([^"]+)"', re.IGNORECASE)


def _reports(set_dir: Path) -> list[Path]:
    return sorted(set_dir.glob("*/*/*/rapport.html"))


def test_every_figure_has_an_alternative_text_with_its_key_number(tiny_set):
    rc, log, set_dir = tiny_set
    assert rc == 0, "\n".join(log[-20:])
    problems, n_images = [], 0
    for page in _reports(set_dir):
        for img in _IMG.findall(page.read_text(encoding="utf-8")):
            n_images += 1
            m = _ALT.search(img)
            alt = html.unescape(m.group(1)).strip() if m else ""
            generic = alt.lower() in GENERIC_ALTS or alt.lower().startswith(("figuur:", "figuur "))
            if generic or not re.search(r"\d", alt):
                problems.append(f"{page.relative_to(set_dir)}: {alt or '(geen alt)'}")
    assert n_images > 100  # every kind of report draws figures on the tiny set
    assert problems == []


def test_a_report_links_to_each_sibling_scope_and_every_link_resolves(tiny_set):
    rc, log, set_dir = tiny_set
    assert rc == 0, "\n".join(log[-20:])
    reports = json.loads((set_dir / "manifest.json").read_text(encoding="utf-8"))["reports"]
    broken, missing_siblings = [], []
    for r in reports:
        page = set_dir / r["html"]
        hrefs = [html.unescape(h) for h in _HREF.findall(page.read_text(encoding="utf-8"))]
        local = [h.split("#")[0] for h in hrefs if not h.startswith(("http://", "https://", "#", "mailto:"))]
        broken += [f"{r['html']} -> {h}" for h in local if not (page.parent / h).exists()]
        here = posixpath.dirname(r["html"])
        linked = {posixpath.normpath(posixpath.join(here, h)) for h in local}
        for s in reports:
            if s is not r and s["phase"] == r["phase"] and s["notebook"] == r["notebook"] and s["html"] not in linked:
                missing_siblings.append(f"{r['html']} mist {s['html']}")
    assert broken == []
    assert missing_siblings == []


@needs_browser
@pytest.mark.browser
def test_the_links_are_not_printed(tiny_set, tmp_path):
    """The downloads and sibling links are for the screen: the printed report (PDF) leaves them out."""
    rc, log, set_dir = tiny_set
    page = set_dir / KINDS[2] / "rapport.html"  # a corporation's report: it has siblings
    assert "Ook beschikbaar voor" in page.read_text(encoding="utf-8")
    out = pdf.print_pdf(page, tmp_path / "rapport.pdf", pdf.find_chromium())
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "Ook beschikbaar voor" not in text and "Downloads:" not in text
    assert "In het kort" in text  # the printed report itself is there


def test_report_links_point_to_downloads_and_siblings_relatively():
    rows = [
        {"phase": "q1", "notebook": "01_portefeuille.ipynb", "scope_type": "corporatie", "scope": "Weller",
         "status": "ok", "html": "q1/01_portefeuille/corporatie-weller/rapport.html",
         "pdf": "q1/01_portefeuille/corporatie-weller/rapport.pdf", "xlsx": "q1/01_portefeuille/corporatie-weller/tabellen.xlsx",
         "tables": ["q1/01_portefeuille/corporatie-weller/tables/inponding.csv"]},
        {"phase": "q1", "notebook": "01_portefeuille.ipynb", "scope_type": "regio", "scope": "Parkstad",
         "status": "ok", "html": "q1/01_portefeuille/regio-parkstad/rapport.html", "tables": []},
        {"phase": "q1", "notebook": "01_portefeuille.ipynb", "scope_type": "corporatie", "scope": "HEEMwonen",
         "status": "mislukt", "html": None, "tables": []},  # a failed report is no link
        {"phase": "q3", "notebook": "01_portefeuille.ipynb", "scope_type": "regio", "scope": "Parkstad",
         "status": "ok", "html": "q3/01_portefeuille/regio-parkstad/rapport.html", "tables": []},  # another phase
    ]
    links = index.report_links(rows[0], rows)
    assert re.findall(r'href="([^"]+)"', links) == [
        "rapport.pdf", "tabellen.xlsx", "tables/inponding.csv", "../regio-parkstad/rapport.html"]
    assert "Ook beschikbaar voor:</strong> <a" in links and ">regio Parkstad</a>" in links
    assert "Inponding per jaar tegen het doel" in links  # the table's Dutch title, not its file name
    assert index.report_links(rows[3], rows) == ""  # nothing to link: no empty box


def test_nothing_missing_is_one_line_not_an_empty_table():
    from IPython.display import HTML, Markdown

    shown = []
    with mock.patch("IPython.display.display", lambda *objs, **_kw: shown.extend(objs)):
        missing.show_missing(pd.DataFrame(columns=["topic", "subject", "detail"]), "Ontbrekende gegevens")
        missing.show_missing(pd.DataFrame({"topic": ["levering"], "subject": ["Weller"], "detail": ["ontbreekt"]}),
                             "Ontbrekende gegevens", display=lambda d: d.rename(columns={"subject": "Wie/wat"}))
    assert isinstance(shown[0], Markdown) and shown[0].data == missing.NOTHING_MISSING
    assert shown[0].data.startswith("Niets ontbreekt")
    assert isinstance(shown[1], HTML) and "Wie/wat" in shown[1].data and "Weller" in shown[1].data
