"""The HTML export: no input cells, nothing loaded from the internet, delivery text escaped."""

from __future__ import annotations

import datetime as dt
import re

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from analysis.report.export import dutch_date, export_notebook, notebook_title, strip_external

RESOURCE_REF = re.compile(r"""(src|href)\s*=\s*["']?\s*(https?:)?//|url\(\s*["']?(https?:)?//|@import""", re.I)


def _nb():
    code = new_code_cell("SECRET_CODE_MARKER = 1\nprint('hallo')", execution_count=1)
    code.outputs = [
        new_output("stream", name="stdout", text="uitvoer zichtbaar\n"),
        new_output("stream", name="stderr", text="FutureWarning: weg ermee\n"),
        new_output("display_data", data={
            "text/html": '<table><tr><td>&lt;script&gt;alert(1)&lt;/script&gt;</td></tr></table>'
                         '<img src="https://tracker.example/x.png">'
                         '<link rel="stylesheet" href="http://cdn.example/s.css">',
            "text/plain": "t"}),
        new_output("display_data", data={"text/markdown": "Project <script>alert(2)</script> ok"}),
        new_output("execute_result", data={"text/plain": "PosixPath('/tmp/x.csv')"}, execution_count=1),
        new_output("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}),
    ]
    params = new_code_cell("year = 2026", execution_count=2)
    params.metadata["tags"] = ["parameters"]
    return new_notebook(cells=[
        new_markdown_cell("# Ouderenhuisvesting\n\nZie [CBS](https://www.cbs.nl/) voor bronnen."),
        params,
        new_markdown_cell("## Vraag en aanbod\n\n### Per gemeente"),
        code,
    ])


def _export(nb=None):
    return export_notebook(nb or _nb(), scope_type="gemeente", scope="Heerlen", phase_title="Q3",
                           example_data=True, day=dt.date(2026, 11, 23))


def test_no_input_cells_and_no_stderr():
    html = _export()
    assert "SECRET_CODE_MARKER" not in html
    assert "year = 2026" not in html
    assert "weg ermee" not in html
    assert "PosixPath" not in html
    assert "uitvoer zichtbaar" in html
    assert 'class="input' not in html and "jp-InputArea" not in html


def test_no_external_resources_but_text_links_kept():
    html = _export()
    assert not RESOURCE_REF.search(html.replace('href="https://www.cbs.nl/"', ""))
    assert 'href="https://www.cbs.nl/"' in html  # a link in text loads nothing
    assert "tracker.example" not in html and "cdn.example" not in html
    assert "<script" not in html.lower()
    assert "default-src 'none'" in html


def test_delivery_text_shown_as_text():
    html = _export()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # raw html in a Markdown output is neutralised: visible text, never a tag
    assert "Project &lt;script>alert(2)&lt;/script&gt; ok" in html


def test_title_date_banner_toc():
    html = _export()
    assert "<title>Ouderenhuisvesting – gemeente Heerlen</title>" in html
    assert "23 november 2026" in html
    assert "Illustratieve voorbeelddata" in html and html.count('class="rpa-banner"') == 1
    assert 'class="rpa-toc"' in html and 'href="#Vraag-en-aanbod"' in html and 'href="#Per-gemeente"' in html
    assert 'src="data:image/png;base64,' in html
    assert '<html lang="nl">' in html


def test_no_banner_on_real_data():
    html = export_notebook(_nb(), scope_type="regio", scope="Parkstad", phase_title="Q1",
                           example_data=False, day=dt.date(2027, 3, 1))
    assert "Illustratieve voorbeelddata" not in html
    assert "1 maart 2027" in html
    assert "regio Parkstad" in html


def test_strip_external_units():
    assert strip_external('<script src="https://x/y.js"></script><p>a</p>') == "<p>a</p>"
    assert strip_external('<img src="//x/y.png">') == "<img>"
    assert strip_external('<a href="https://x">x</a>') == '<a href="https://x">x</a>'
    assert strip_external('<div style="background:url(https://x/y.png)">') == '<div style="background:none">'


def test_dutch_date_and_title():
    assert dutch_date(dt.date(2026, 1, 5)) == "5 januari 2026"
    assert notebook_title(nbformat.from_dict(_nb())) == "Ouderenhuisvesting"


def test_numbers_right_aligned():
    from analysis.report.export import mark_numbers

    out = mark_numbers("<td>6.775</td><td>€ 1.123,13</td><td>12,5 %</td><td>Heerlen</td><td>2022-2030</td>")
    assert out == ('<td class="num">6.775</td><td class="num">€ 1.123,13</td><td class="num">12,5 %</td>'
                   "<td>Heerlen</td><td>2022-2030</td>")
