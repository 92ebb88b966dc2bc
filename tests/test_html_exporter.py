"""The report exporter makes the same page as nbconvert's HTMLExporter, element for element.

:mod:`analysis.report.html_exporter` leaves out nbconvert's BeautifulSoup pass; the pages must
parse to the same document (BeautifulSoup compares tags, attributes and text recursively), the
only difference being the alternative text an image without one gets.
"""

from __future__ import annotations

import copy

import nbformat
from bs4 import BeautifulSoup
from nbconvert import HTMLExporter

from analysis.report.html_exporter import html_body, make_exporter

PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


def _notebook():
    nb = nbformat.v4.new_notebook()
    table = nbformat.v4.new_code_cell("t")
    table.outputs = [nbformat.v4.new_output("display_data", data={
        "text/html": "<table><thead><tr><th>Gemeente</th><th>Woningen</th></tr></thead><tbody>"
                     "<tr><td>Heerlen &amp; Kerkrade</td><td>6.775</td></tr><tr><td>Totaal</td><td>€&nbsp;1.123,13</td>"
                     "</tr></tbody></table>",
        "text/plain": "tabel"})]
    figure = nbformat.v4.new_code_cell("f")
    figure.outputs = [
        nbformat.v4.new_output("display_data", data={"image/png": PIXEL, "text/plain": "<Figure>"}),
        nbformat.v4.new_output("display_data", data={"text/html": '<img src="data:image/png;base64,' + PIXEL
                                                     + '" alt="Drie balken: 12, 7 en 3 woningen">'}),
    ]
    text = nbformat.v4.new_code_cell("p")
    text.outputs = [nbformat.v4.new_output("stream", name="stdout", text="gedrukt <1> & klaar\n"),
                    nbformat.v4.new_output("execute_result", data={"text/plain": "42"}, execution_count=1)]
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Titel\n\n## Deel één\n\nTekst met **vet**, `code`, < en &, een "
                                      "[link](https://example.org) en een lijst:\n\n- a\n- b\n\n| x | y |\n|---|---|\n| 1 | 2 |"),
        table, figure, text,
        nbformat.v4.new_markdown_cell("$x^2$ en een afbeelding zonder tekst: <img src=\"data:image/png;base64,"
                                      + PIXEL + "\">"),
    ]
    return nb


def _nbconvert():
    exporter = HTMLExporter(template_name="basic")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.anchor_link_text = ""
    return exporter


def test_the_page_is_nbconverts_page_element_for_element():
    nb = _notebook()
    ours, _ = make_exporter().from_notebook_node(copy.deepcopy(nb))
    theirs, _ = _nbconvert().from_notebook_node(copy.deepcopy(nb))
    theirs = theirs.replace('alt="No description has been provided for this image"', 'alt="Figuur"')
    a, b = BeautifulSoup(ours, "html.parser"), BeautifulSoup(theirs, "html.parser")
    assert a == b
    assert len(a.find_all("img")) == 3 and len(a.find_all("table")) == 2  # the case holds what it should


def test_every_image_has_alternative_text():
    ours, _ = make_exporter().from_notebook_node(_notebook())
    alts = [img.get("alt") for img in BeautifulSoup(ours, "html.parser").find_all("img")]
    assert alts == ["Figuur", "Drie balken: 12, 7 en 3 woningen", "Figuur"]


def test_no_element_a_browser_would_leave_open(monkeypatch):
    """A browser reads ``<a ... />`` as a link that runs to the end of the page; nbconvert writes heading anchors so."""
    import re

    from analysis.report import html_exporter

    ours, _ = make_exporter().from_notebook_node(_notebook())
    assert re.search(r"<a\b[^>]*/>", ours) is None
    assert ours.count("<a ") == ours.count("</a>") >= 3  # two heading anchors and the markdown link
    monkeypatch.setattr(html_exporter, "html_body", lambda html: html)
    raw, _ = make_exporter().from_notebook_node(_notebook())
    assert len(re.findall(r"<a\b[^>]*/>", raw)) == 2  # the case: the template writes the heading anchors so
    assert html_body('<h2>T<a class="k" href="#t" /></h2><hr/><br /><span/><img src="x"/>') == (
        '<h2>T<a class="k" href="#t"></a></h2><hr/><br /><span></span><img alt="Figuur" src="x"/>')


def test_the_notebook_is_validated_once_per_render(monkeypatch):
    """nbconvert checks the notebook after each of its eleven preprocessors unless told to check once."""
    import nbconvert.exporters.exporter as exporter_module

    exporter, nb, bad = make_exporter(), _notebook(), _notebook()
    bad.cells[1].outputs[0]["output_type"] = "no_such_output"
    calls = []
    real = exporter_module.nbformat.validate
    monkeypatch.setattr(exporter_module.nbformat, "validate", lambda nb, **kw: calls.append(kw) or real(nb, **kw))
    exporter.from_notebook_node(nb)
    assert len(calls) == 1
    # still checked: an invalid notebook is refused
    try:
        exporter.from_notebook_node(bad)
    except nbformat.ValidationError:
        pass
    else:
        raise AssertionError("an invalid notebook was exported")
