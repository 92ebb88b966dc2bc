"""Open ``index.html`` and one report in headless Chromium: the page loads, every image decodes.

The reports forbid scripts (Content-Security-Policy), so the check runs in a small wrapper
page that loads the report in an iframe (``--allow-file-access-from-files``) and writes the
result into its own DOM, which ``--dump-dom`` prints. Screenshots are kept as test artefacts
in ``tests/artifacts/`` (git-ignored). ``.ci/run`` installs Chromium when it is missing.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
# Locally a missing browser skips these tests; in CI (.ci/run installs Chromium) it is a failure,
# so the browser check can never be skipped silently there.
NO_BROWSER = CHROMIUM is None and not os.environ.get("CI")

WRAPPER = """<!DOCTYPE html><html><body><div id="result">pending</div>
<iframe id="f" src="{url}" width="1200" height="1600"></iframe>
<script>
document.getElementById('f').addEventListener('load', function () {{
  var out = document.getElementById('result');
  try {{
    var d = this.contentDocument;
    var imgs = Array.from(d.images);
    var broken = imgs.filter(function (i) {{ return !(i.complete && i.naturalWidth > 0); }}).length;
    out.textContent = 'LOADED|' + d.title + '|' + imgs.length + '|' + broken + '|' + d.querySelectorAll('h1').length;
  }} catch (e) {{ out.textContent = 'ERROR|' + e; }}
}});
</script></body></html>
"""


def _chromium(*args: str) -> str:
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
           "--allow-file-access-from-files", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout


def _check(page: Path, name: str) -> tuple[str, int, int, int]:
    ARTIFACTS.mkdir(exist_ok=True)
    wrapper = ARTIFACTS / f"check_{name}.html"
    wrapper.write_text(WRAPPER.format(url=page.resolve().as_uri()), encoding="utf-8")
    dom = _chromium("--virtual-time-budget=10000", "--dump-dom", wrapper.as_uri())
    m = re.search(r'<div id="result">LOADED\|(.*?)\|(\d+)\|(\d+)\|(\d+)</div>', dom)
    assert m, f"pagina {page} niet geladen: {dom[:500]}"
    shot = ARTIFACTS / f"{name}.png"
    _chromium("--window-size=1200,1600", f"--screenshot={shot}", page.resolve().as_uri())
    assert shot.exists() and shot.stat().st_size > 10_000, "screenshot ontbreekt of is leeg"
    return m.group(1), int(m.group(2)), int(m.group(3)), int(m.group(4))


@pytest.fixture(scope="module")
def report_set(tmp_path_factory):
    from analysis.report.runner import run_report

    spec = importlib.util.spec_from_file_location("processed_fixture", FIXTURES / "processed_fixture.py")
    fx = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fx)
    base = tmp_path_factory.mktemp("browser")
    processed = fx.write_processed(base / "processed")
    rc = run_report(data_dir=processed, out_dir=base / "out", validate=False,
                    config_path=FIXTURES / "report_ok.yml", notebooks_dir=FIXTURES, jobs=2,
                    progress=False, day=dt.date(2026, 11, 23), log=lambda *_: None)
    assert rc == 0
    return base / "out" / "2026"


@pytest.mark.skipif(NO_BROWSER, reason="Chromium ontbreekt (apt-get install chromium)")
def test_index_loads(report_set):
    title, n_img, broken, n_h1 = _check(report_set / "index.html", "index")
    assert title.startswith("Rapportageset 2026")
    assert broken == 0 and n_h1 == 1


@pytest.mark.skipif(NO_BROWSER, reason="Chromium ontbreekt (apt-get install chromium)")
def test_report_loads_and_images_decode(report_set):
    title, n_img, broken, n_h1 = _check(report_set / "q1/fx_projecten/regio-parkstad/rapport.html", "rapport")
    assert title == "Testrapport projecten – regio Parkstad"
    assert n_img >= 1 and broken == 0


@pytest.mark.skipif(NO_BROWSER, reason="Chromium ontbreekt (apt-get install chromium)")
def test_set_has_pdf_per_report_and_per_phase_linked_from_the_index(report_set):
    import json

    manifest = json.loads((report_set / "manifest.json").read_text(encoding="utf-8"))
    combined = manifest["pdf"]["combined"]
    assert set(combined) == {r["phase"] for r in manifest["reports"]}
    index = (report_set / "index.html").read_text(encoding="utf-8")
    for r in manifest["reports"]:
        assert (report_set / r["pdf"]).read_bytes()[:5] == b"%PDF-"
        assert f'href="{r["pdf"]}"' in index
    for path in combined.values():
        assert (report_set / path).read_bytes()[:5] == b"%PDF-" and f'href="{path}"' in index
