"""WCAG 2.1 A/AA (Besluit digitale toegankelijkheid overheid): axe-core on the index and every kind of report.

axe-core (vendored, ``tests/vendor/axe-core``) runs in headless Chromium on a copy of each page
without its Content-Security-Policy (which forbids scripts); the result is written into the DOM
and read back with ``--dump-dom``. Only the rules tagged wcag2a, wcag2aa, wcag21a and wcag21aa
count. A hand-made bad page shows the check finds violations.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path

import pytest
from test_print import KINDS, needs_browser

from analysis.report import pdf

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN = """<script>
window.addEventListener('load', function () {
  axe.run(document, {runOnly: {type: 'tag', values: WCAG_TAGS_JSON}, resultTypes: ['violations']}).then(function (r) {
    var out = r.violations.map(function (v) {
      return {id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(function (n) { return n.target.join(' '); })};
    });
    var d = document.createElement('pre'); d.id = 'axe-result';
    d.textContent = 'AXE|' + JSON.stringify(out) + '|AXE'; document.body.appendChild(d);
  });
});
</script>""".replace("WCAG_TAGS_JSON", json.dumps(WCAG_TAGS))

pytestmark = [pytest.mark.browser, needs_browser]


def violations(page: Path, tmp: Path) -> list[dict]:
    """The WCAG 2.1 A/AA violations axe-core finds on ``page`` (id, impact, first nodes)."""
    text = page.read_text(encoding="utf-8")
    text = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", text)
    text = text.replace("</body>", "<script>" + AXE.read_text(encoding="utf-8") + "</script>" + RUN + "</body>")
    probe = tmp / f"axe_{page.parent.name}.html"
    probe.write_text(text, encoding="utf-8")
    dom = subprocess.run([pdf.find_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1200,1600",
                          "--virtual-time-budget=30000", "--dump-dom", probe.as_uri()],
                         capture_output=True, text=True, timeout=180).stdout
    m = re.search(r'<pre id="axe-result">AXE\|(.*?)\|AXE</pre>', dom, re.DOTALL)
    assert m, f"axe-core gaf geen resultaat voor {page}: {dom[-300:]}"
    return json.loads(html.unescape(m.group(1)))


@pytest.mark.parametrize("kind", ("index", *KINDS))
def test_no_wcag_a_or_aa_violation(kind, tiny_set, tmp_path):
    rc, log, set_dir = tiny_set
    assert rc == 0, "\n".join(log[-20:])
    page = set_dir / "index.html" if kind == "index" else set_dir / kind / "rapport.html"
    assert violations(page, tmp_path) == []


def test_the_check_finds_violations(tmp_path):
    page = tmp_path / "slecht" / "rapport.html"
    page.parent.mkdir()
    page.write_text('<!DOCTYPE html><html><head><title>x</title></head><body><main><h1>T</h1>'
                    '<img src="data:image/png;base64,iVBORw0KGgo="><p style="color:#ccc">licht</p></main></body></html>',
                    encoding="utf-8")
    found = {v["id"] for v in violations(page, tmp_path)}
    assert {"image-alt", "html-has-lang", "color-contrast"} <= found
