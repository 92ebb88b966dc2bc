"""Export an executed notebook to one self-contained Dutch HTML page for the boards.

nbconvert renders the cells (template ``basic``: the notebook body only, no page shell, so no
RequireJS or MathJax from a CDN); this module wraps that body in its own page: a Dutch title
and date, the example-data banner, a table of contents and an inline stylesheet. The result
opens offline in any browser:

- no code cells (``exclude_input``), no prompts, no stderr output (warnings);
- figures are embedded as base64 ``data:`` images by nbconvert;
- nothing is loaded from elsewhere: any ``<script>``, ``<link>`` or ``src``/``href`` pointing to
  ``http(s)://`` is removed, and a Content-Security-Policy ``default-src 'none'`` tells the
  browser to load and run nothing that is not inline in the page (defence in depth against text
  from deliveries that would slip through unescaped);
- a ``<script>`` tag that still appears in rendered output is turned into visible text.

The exporter is built once per worker process (:func:`~analysis.report.html_exporter.make_exporter`) and reused.
"""

from __future__ import annotations

import datetime as dt
import html
import re

MONTHS_NL = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)

SCOPE_TYPE_NL = {"regio": "regio", "gemeente": "gemeente", "corporatie": "corporatie"}

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:"

STYLE = """
:root { --ink:#1a202c; --muted:#4a5568; --line:#e2e8f0; --accent:#2b6cb0; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: var(--ink); margin: 0;
       line-height: 1.5; background: #fff; }
header.rpa-head { background: #1a365d; color: #fff; padding: 18px 32px; }
header.rpa-head h1 { margin: 0 0 4px 0; font-size: 1.6em; color: #fff; }
header.rpa-head .rpa-meta { color: #cbd5e0; font-size: .95em; }
header.rpa-head a { color: #bee3f8; }
main { max-width: 1100px; margin: 0 auto; padding: 8px 32px 48px 32px; }
nav.rpa-toc { border: 1px solid var(--line); background: #f7fafc; padding: 8px 16px; margin: 16px 0; }
nav.rpa-toc ol { margin: 4px 0; padding-left: 4px; list-style: none; }
nav.rpa-toc li.lvl3 { margin-left: 18px; font-size: .95em; }
h1, h2, h3 { color: #1a365d; }
a.anchor-link { display: none; }
img { max-width: 100%; height: auto; }
table { border-collapse: collapse; margin: 8px 0 16px 0; font-size: .92em; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
th { background: #edf2f7; }
td.num { text-align: right; white-space: nowrap; }
pre { white-space: pre-wrap; background: #f7fafc; padding: 8px; border: 1px solid var(--line); }
.jp-OutputArea-output pre { background: transparent; border: 0; padding: 0; }
footer { color: var(--muted); font-size: .85em; border-top: 1px solid var(--line); margin-top: 32px;
         padding-top: 8px; }
table.rpa-index td, table.rpa-index th { text-align: left; }
.rpa-verdict { border: 2px solid var(--accent); background: #f0f7ff; padding: 4px 18px 8px 18px; margin: 16px 0; }
.rpa-verdict h2 { margin-top: 8px; }
.rpa-start { border-left: 5px solid var(--accent); background: #ebf8ff; padding: 4px 16px; margin: 16px 0; }
nav.rpa-links { font-size: .92em; border-bottom: 1px solid var(--line); margin: 12px 0; padding-bottom: 6px; }
nav.rpa-links > div { margin: 4px 0; }
nav.rpa-links details { display: inline-block; vertical-align: top; }
nav.rpa-links details ul { margin: 4px 0; padding-left: 18px; }
.rpa-status-ok { color: #2f855a; font-weight: bold; }
.rpa-status-mislukt { color: #c53030; font-weight: bold; }
@page { size: A4 portrait; margin: 16mm 15mm 18mm 15mm;
        @bottom-right { content: "pagina " counter(page) " van " counter(pages); font-size: 8pt; color: #4a5568; } }
@media print {
  body { font-size: 9.5pt; line-height: 1.35; }
  header.rpa-head { background: none; color: var(--ink); padding: 0 0 6px 0; border-bottom: 2px solid #1a365d; }
  header.rpa-head h1 { color: #1a365d; font-size: 15pt; }
  header.rpa-head .rpa-meta { color: var(--muted); }
  header.rpa-head .rpa-back, nav.rpa-links { display: none; }
  main { max-width: none; padding: 0; }
  nav.rpa-toc, .rpa-verdict { break-inside: avoid; }
  h1, h2, h3, p:has(+ table), p:has(+ div > table) { break-after: avoid; page-break-after: avoid; }
  h2, h3 { break-inside: avoid; }
  table { width: 100%; font-size: 7.5pt; break-inside: auto; }
  thead { display: table-header-group; }
  tr, img { break-inside: avoid; page-break-inside: avoid; }
  th, td { padding: 2px 3px; white-space: normal; overflow-wrap: break-word; hyphens: auto; }
  td.num { white-space: nowrap; }
  img { max-width: 100%; max-height: 120mm; width: auto; }
  .rpa-banner, th { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  footer { break-inside: avoid; }
}
"""


#: Content width of an A4 page with the margins of ``@page`` (210 mm - 2 x 15 mm) in CSS pixels (96 per inch).
A4_CONTENT_WIDTH_PX = round(180 / 25.4 * 96)


def print_footer_css(title: str, page_name: str = "") -> str:
    """The report title in the footer of every printed page (CSS, title escaped as a CSS string).

    ``page_name``: for a CSS named page (one report inside the combined phase document).
    """
    text = title.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3C ")
    return (f'@page {page_name + " " if page_name else ""}{{ @bottom-left {{ content: "{text}"; font-size: 8pt; '
            "color: #4a5568; width: 75%; } }")


def dutch_date(day: dt.date) -> str:
    """``date(2026, 11, 23) -> '23 november 2026'``."""
    return f"{day.day} {MONTHS_NL[day.month - 1]} {day.year}"


def notebook_title(nb) -> str:
    """The first markdown heading of the notebook (``# ...``), or "Rapport"."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            m = re.match(r"^\s*#{1,6}\s+(.+?)\s*#*\s*$", line)
            if m:
                return m.group(1)
    return "Rapport"


def scope_label(scope_type: str, scope: str) -> str:
    """``('gemeente', 'Heerlen') -> 'gemeente Heerlen'``; the region is just its name."""
    if scope_type == "regio":
        return f"regio {scope}"
    return f"{SCOPE_TYPE_NL.get(scope_type, scope_type)} {scope}"


#: Cell tag of an analysis step shown to researchers only (hidden from the stakeholder HTML).
RESEARCH_TAG = "research"


def _clean_notebook(nb):
    """Drop what a board member must not see: stderr streams, the parameter cells, research steps.

    A cell tagged :data:`RESEARCH_TAG` shows an intermediate frame for the researcher in
    JupyterLab; it runs in every report but is left out of the stakeholder HTML.
    """
    import copy

    nb = copy.deepcopy(nb)
    keep = []
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if "injected-parameters" in tags or "parameters" in tags or RESEARCH_TAG in tags:
            continue
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.get("outputs", []) if _shown(o)]
        keep.append(cell)
    nb.cells = keep
    return nb


_NOISE = re.compile(r"^(PosixPath|WindowsPath|Path)\(.*\)$|^None$|^<Figure size .*>$", re.DOTALL)


def _shown(output) -> bool:
    """Whether an output belongs in the report: not stderr, not a stray repr of a path/None."""
    if output.get("output_type") == "stream" and output.get("name") == "stderr":
        return False
    if output.get("output_type") == "execute_result":
        data = output.get("data", {})
        if set(data) == {"text/plain"}:
            text = data["text/plain"]
            text = "".join(text) if isinstance(text, list) else text
            return not _NOISE.match(text.strip())
    return True


_NUM_CELL = re.compile(r"<td>(\s*(?:€\s*)?[-–+]?\s*[\d.,]*\d[\d.,]*\s*(?:%|mln)?\s*|\s*–\s*)</td>")


def mark_numbers(body: str) -> str:
    """Right-align table cells that hold a (Dutch formatted) number: ``<td class="num">``."""
    return _NUM_CELL.sub(r'<td class="num">\1</td>', body)


_BANNER = re.compile(r'<div class="rpa-banner".*?</div>', re.DOTALL)
_EXTERNAL_TAG = re.compile(
    r"<(script|link|iframe|object|embed)\b[^>]*>(?:.*?</\1\s*>)?", re.IGNORECASE | re.DOTALL
)
_EXTERNAL_ATTR = re.compile(r"""\s(src|href|srcset|poster|data)\s*=\s*(["'])\s*(?:https?:)?//[^"']*\2""", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*(["']?)(?:https?:)?//[^)]*\)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"@import[^;]+;", re.IGNORECASE)


def strip_external(body: str) -> str:
    """Remove scripts, embedded frames and every http(s) resource reference from ``body``.

    Hyperlinks in text (``<a href="https://...">``) are kept: they load nothing.
    """
    body = _EXTERNAL_TAG.sub("", body)

    def _attr(m: re.Match) -> str:
        # keep <a href=...> links, drop resource references
        return m.group(0) if m.group(1).lower() == "href" and _in_anchor(body, m.start()) else ""

    body = _EXTERNAL_ATTR.sub(_attr, body)
    body = _CSS_URL.sub("none", body)
    body = _CSS_IMPORT.sub("", body)
    return body


def _in_anchor(text: str, pos: int) -> bool:
    start = text.rfind("<", 0, pos)
    return start >= 0 and re.match(r"<a\b", text[start:start + 3], re.IGNORECASE) is not None


def _toc(body: str) -> tuple[str, str]:
    """Give every h2/h3 an id and return (body, table-of-contents HTML)."""
    items: list[tuple[int, str, str]] = []
    used: set[str] = set()

    def repl(m: re.Match) -> str:
        level, attrs, inner = int(m.group(1)), m.group(2) or "", m.group(3)
        text = re.sub(r"<[^>]+>", "", inner).strip()
        if not text:
            return m.group(0)
        idm = re.search(r'\bid="([^"]+)"', attrs)
        anchor = idm.group(1) if idm else re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "sectie"
        base, n = anchor, 2
        while anchor in used:
            anchor, n = f"{base}-{n}", n + 1
        used.add(anchor)
        attrs = re.sub(r'\s*\bid="[^"]*"', "", attrs)
        items.append((level, anchor, text))
        return f'<h{level} id="{anchor}"{attrs}>{inner}</h{level}>'

    body = re.sub(r"<h([23])(\s[^>]*)?>(.*?)</h\1>", repl, body, flags=re.DOTALL)
    if not items:
        return body, ""
    lis = "".join(
        f'<li class="lvl{lvl}"><a href="#{html.escape(a)}">{t}</a></li>' for lvl, a, t in items
    )
    return body, f'<nav class="rpa-toc" aria-label="Inhoud"><strong>Inhoud</strong><ol>{lis}</ol></nav>'


def _neutralise_scripts(body: str) -> str:
    """Any ``<script`` left in rendered output becomes visible text."""
    body = re.sub(r"<\s*script", "&lt;script", body, flags=re.IGNORECASE)
    return re.sub(r"<\s*/\s*script\s*>", "&lt;/script&gt;", body, flags=re.IGNORECASE)


#: Where :func:`analysis.report.index.link_reports` puts a report's downloads and sibling scopes (after the run).
LINKS_MARK = "<!--rpa-links-->"


def page(title: str, subtitle: str, body: str, *, example_data: bool, day: dt.date,
         toc: bool = True, back_link: str | None = None, lead: str = "") -> str:
    """Wrap ``body`` (trusted HTML) in the offline report page; ``lead`` (the verdict box) comes before the contents."""
    from analysis.outputs import banner_html

    toc_html = ""
    if toc:
        body, toc_html = _toc(body)
    back = (f'<span class="rpa-back"> · <a href="{html.escape(back_link)}">terug naar het overzicht</a></span>'
            if back_link else "")
    return (
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{STYLE}\n{print_footer_css(title)}</style>\n</head>\n<body>\n"
        f'<header class="rpa-head"><h1>{html.escape(title)}</h1>'
        f'<div class="rpa-meta">{html.escape(subtitle)} · {dutch_date(day)}{back}</div></header>\n'
        f"<main>\n{LINKS_MARK if back_link else ''}{banner_html(example_data)}\n{lead}\n{toc_html}\n{body}\n"
        "<footer>Regionale Prestatieafspraken Parkstad Limburg 2024-2028 · gemaakt met de "
        "analysesuite (rpa report) · cijfers uit de leveringen van corporaties en gemeenten"
        f"{' (illustratieve voorbeelddata)' if example_data else ''}.</footer>\n"
        "</main>\n</body>\n</html>\n"
    )


_URL = re.compile(r"https?://[^\s<>\"')]+[^\s<>\"').,;:]")
_TAG_SPLIT = re.compile(r"(<[^>]+>)")
#: Developer references in source texts of the reference data, and what a board member reads instead.
_DEVELOPER_REFERENCES = ((re.compile(r"REFERENCE\.md(?:\s+[A-Z]\d+)?"), "bronnenoverzicht van de suite"),)


def readable_sources(body: str) -> str:
    """Board text without code notation: a raw URL in text becomes a link named for its site.

    ``https://www.vtw.nl/nationale-prestatieafspraken`` in a source text is shown as a link
    ``vtw.nl`` to that address; a reference to the suite's developer documentation is named in
    words. Attributes and text already inside a link are left alone.
    """
    out, in_anchor = [], False
    for part in _TAG_SPLIT.split(body):
        if part.startswith("<"):
            low = part[:3].lower()
            in_anchor = True if low.startswith("<a ") or low == "<a>" else (False if part.lower().startswith("</a") else in_anchor)
            out.append(part)
            continue
        for pattern, words in _DEVELOPER_REFERENCES:
            part = pattern.sub(words, part)
        if in_anchor:  # a link whose text is its address: name the site instead
            part = _URL.sub(lambda m: html.escape(_site(html.unescape(m.group(0)))), part)
        else:
            part = _URL.sub(lambda m: f'<a href="{html.escape(html.unescape(m.group(0)))}">'
                                      f"{html.escape(_site(html.unescape(m.group(0))))}</a>", part)
        out.append(part)
    return "".join(out)


def _site(url: str) -> str:
    host = re.sub(r"^https?://", "", url).split("/")[0]
    return host[4:] if host.startswith("www.") else host


#: Cell tag of the cells whose output is the report's verdict: shown first, in a box, before the contents.
VERDICT_TAG = "verdict"


def _svg_as_img(nb) -> tuple[object, list[str]]:
    """An SVG figure as an ``<img>`` with its alternative text (nbconvert's SVG block writes none).

    The ``<img>`` holds a placeholder (``rpa-figuur:<n>``); the returned list holds the data URIs
    that :func:`_render` puts in after nbconvert and the clean-up (which then parse a page of a
    few kB instead of one with a megabyte of base64). A PNG figure needs nothing: nbconvert writes
    ``metadata["image/png"]["alt"]`` (set by :func:`analysis.figures.set_alt`) into its ``<img>``.
    """
    import base64
    import copy

    nb, sources = copy.deepcopy(nb), []
    for cell in nb.cells:
        for o in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = o.get("data", {})
            if "image/svg+xml" not in data or "image/png" in data:
                continue
            svg = data["image/svg+xml"]
            svg = "".join(svg) if isinstance(svg, list) else svg
            alt = ((o.get("metadata", {}) or {}).get("image/svg+xml") or {}).get("alt") or "Figuur"
            sources.append("data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii"))
            o["data"] = {"text/html": f'<img src="rpa-figuur:{len(sources) - 1}" alt="{html.escape(alt)}">'}
    return nb, sources


def _render(nb, exporter) -> str:
    nb, sources = _svg_as_img(nb)
    body, _ = exporter.from_notebook_node(nb)
    body = strip_external(_neutralise_scripts(body))
    body = mark_numbers(_BANNER.sub("", body))  # the page shell shows the banner once, at the top
    body = readable_sources(body)
    return re.sub(r'src="rpa-figuur:(\d+)"', lambda m: f'src="{sources[int(m[1])]}"', body)


def _split_verdict(nb):
    """(notebook without the verdict cells, notebook of only the verdict cells or None)."""
    import copy

    tagged = [c for c in nb.cells if VERDICT_TAG in c.get("metadata", {}).get("tags", [])]
    if not tagged:
        return nb, None
    rest, lead = copy.copy(nb), copy.copy(nb)
    rest.cells = [c for c in nb.cells if c not in tagged]
    lead.cells = tagged
    return rest, lead


def verdict_box(inner: str) -> str:
    """The verdict box at the top of a report: the few sentences and figures a board member needs first."""
    return (f'<section class="rpa-verdict" aria-labelledby="in-het-kort"><h2 id="in-het-kort">In het kort</h2>'
            f"{inner}</section>")


def export_notebook(nb, *, scope_type: str, scope: str, phase_title: str, example_data: bool,
                    day: dt.date, exporter=None, back_link: str | None = "../../../index.html") -> str:
    """Render an executed notebook (nbformat node) as the offline HTML report page.

    The outputs of cells tagged :data:`VERDICT_TAG` open the page, in a box before the contents.
    """
    if exporter is None:
        from analysis.report.html_exporter import make_exporter

        exporter = make_exporter()
    title = f"{notebook_title(nb)} – {scope_label(scope_type, scope)}"
    rest, lead = _split_verdict(_clean_notebook(nb))
    body = _render(rest, exporter)
    # the notebook's own first heading is already the page title
    body = re.sub(r"<h1\b[^>]*>.*?</h1>", "", body, count=1, flags=re.DOTALL)
    verdict = verdict_box(_render(lead, exporter)) if lead is not None else ""
    return page(title, phase_title, body, example_data=example_data, day=day, back_link=back_link, lead=verdict)
