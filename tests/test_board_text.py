"""Board text: no file path, raw URL, parameter or column name, or code operator in any stakeholder page.

Scans the visible text (no tags, styles, image data or link targets) of the index and every
report of the whole set on the tiny fixture. The page-level cleaning is
:func:`analysis.report.export.readable_sources`; each analysis' text module writes the rest.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from analysis.report.export import readable_sources

PATTERNS = {
    "bestandspad": re.compile(r"\b(?:data/raw|data/processed|docs/|analysis/|notebooks/|tests/)\S*"
                              r"|\b[\w-]+\.(?:py|csv|md|ipynb|yml|yaml|parquet|json)\b"),
    "ruwe URL": re.compile(r"https?://\S+"),
    "code (snake_case)": re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b"),
    "vergelijkingsteken": re.compile(r">=|<=|==|!="),
}


def visible_text(page: str) -> str:
    """What a reader sees: no styles, scripts, images or link targets."""
    t = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL)
    t = re.sub(r"<img\b[^>]*>", " ", t)
    t = re.sub(r"<[^>]+>", " ", t)
    return html.unescape(t)


def findings(page: str) -> dict[str, list[str]]:
    text = visible_text(page)
    out = {}
    for name, pattern in PATTERNS.items():
        hits = sorted(set(pattern.findall(text)))
        if hits:
            out[name] = hits[:10]
    return out


def test_no_code_in_any_stakeholder_page(tiny_set):
    rc, log, set_dir = tiny_set
    assert rc == 0, "\n".join(log[-20:])
    pages = [set_dir / "index.html", *sorted(set_dir.glob("*/*/*/rapport.html"))]
    assert len(pages) > 50
    problems = {str(p.relative_to(set_dir)): f for p in pages if (f := findings(p.read_text(encoding="utf-8")))}
    assert problems == {}


@pytest.mark.parametrize("text, found", [
    ("Bron: docs/assumptions/portfolio.md", "bestandspad"),
    ("zie https://vtw.nl/nationale-prestatieafspraken", "ruwe URL"),
    ("parameter probability_overrides", "code (snake_case)"),
    ("toets >= 100", "vergelijkingsteken"),
])
def test_the_scan_finds_code_in_text(text, found):
    assert found in findings(f"<p>{html.escape(text)}</p>")


def test_sources_become_links_named_for_their_site():
    body = "<td>NPA 2022 (REFERENCE.md B3: https://vtw.nl/nationale-prestatieafspraken).</td>"
    out = readable_sources(body)
    assert out == ('<td>NPA 2022 (bronnenoverzicht van de suite: '
                   '<a href="https://vtw.nl/nationale-prestatieafspraken">vtw.nl</a>).</td>')
    assert findings(out) == {}
    assert readable_sources('<a href="https://www.x.nl/a">https://www.x.nl/a</a>') == '<a href="https://www.x.nl/a">x.nl</a>'


def test_pages_of_a_published_set_are_scanned(tmp_path):
    """The scan reads the files the runner publishes (a path under the set, one per report)."""
    page = Path(tmp_path) / "rapport.html"
    page.write_text("<html><body><main><p>Bron: data/raw/reference/targets.csv</p></main></body></html>", encoding="utf-8")
    assert findings(page.read_text(encoding="utf-8")) == {"bestandspad": ["data/raw/reference/targets.csv"]}


def test_the_runs_last_line_gives_its_time_in_dutch(tiny_set):
    """The analyst's terminal too: "in 12,3 s", not "in 12.3 s"."""
    rc, log, _ = tiny_set
    assert rc == 0, "\n".join(log[-30:])
    assert re.fullmatch(r"Klaar: \d+ rapporten in .+ \(index\.html\) in \d+,\d s", log[-1]), log[-1]
