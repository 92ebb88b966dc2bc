"""The nbconvert exporter of the report body: nbconvert's ``HTMLExporter`` without its last pass.

nbconvert's ``HTMLExporter.from_notebook_node`` renders the template and then parses the whole
page with BeautifulSoup (Python's ``html.parser``) to give every image without ``alt`` a generic
one and to make JupyterLab cells (``jp-Cell-inputWrapper``, ``jp-OutputArea-output``) focusable,
and writes the page out again. The reports use the ``basic`` (classic) template, which has no
such cells, and every figure carries its own alternative text (``analysis.figures.finish``), so
that pass changes nothing but costs about 50 ms a report (a third of the export). This exporter
does the same steps without it; an image that still has no ``alt`` gets ``alt="Figuur"``, and an
element written as ``<a ... />`` (nbconvert's heading anchors, made with ElementTree) is written
``<a ...></a>``, as that pass did: a browser reads ``<a />`` as a link that never ends.
``tests/test_html_exporter.py`` checks that the pages are the same as nbconvert's, element for
element.
"""

from __future__ import annotations

import re

__all__ = ["html_body", "make_exporter"]

_IMG_WITHOUT_ALT = re.compile(r"<img\b(?![^>]*\balt=)", re.IGNORECASE)
#: Elements that may be written ``<x />`` in HTML (void elements) and in SVG; any other is not.
_MAY_SELF_CLOSE = ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "use", "stop")
_SELF_CLOSED = re.compile(r"<(?!(?:" + "|".join(_MAY_SELF_CLOSE) + r")\b)([a-zA-Z][\w-]*)\b([^<>]*?)\s*/>")


def html_body(html: str) -> str:
    """What nbconvert's BeautifulSoup pass fixed that matters here: ``alt`` on every image, no ``<a />``."""
    html = _SELF_CLOSED.sub(r"<\1\2></\1>", html)
    return _IMG_WITHOUT_ALT.sub('<img alt="Figuur"', html)


def make_exporter():
    """An exporter for the report body (built once per process, then reused)."""
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class ReportExporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            # HTMLExporter.from_notebook_node (nbconvert 7) up to its BeautifulSoup pass
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            highlight_code = self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self))
            resources = self._init_resources(resources)
            filter_data_type = WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self,
                                                     resources=resources)
            self.register_filter("highlight_code", highlight_code)
            self.register_filter("filter_data_type", filter_data_type)
            html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return html_body(html), resources

    exporter = ReportExporter(template_name="basic")
    # nbconvert validates the whole notebook after each of its eleven preprocessors (most of them off
    # here); once, after all of them, is enough (its own option): about 7 ms a report
    exporter.optimistic_validation = True
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.anchor_link_text = ""
    return exporter
