"""Kernels that start ready leak nothing: no state passes from one report to the next.

``rpa report`` runs every report in a fork of a worker that pre-imported pandas, matplotlib and
``analysis``, with a new in-process kernel inside (:mod:`analysis.report.kernel_inprocess`, the
default); the other way forks every report's kernel process from a template process
(:mod:`analysis.report.kernel_template`). For both, two reports run one after the other in the
same worker (``jobs=1``, so both come from the same pre-imported process): the first pollutes
everything it can reach (a variable, an attribute on a pre-imported module, a
pandas option, matplotlib rcParams and an open figure, a new import, the environment,
``sys.path``); the second records what it sees before it does anything itself.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path

import nbformat
import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"

PARAMETERS = """year: int = 2026  # jaar
phase: str = "q1"  # fase
scope_type: str = "regio"  # soort scope
scope: str = "Parkstad"  # scope
data_dir: str = ""  # verwerkte data
output_dir: str = ""  # uitvoer
"""

POLLUTE = """import os, sys, json
from pathlib import Path
import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import analysis.style
import tabnanny  # noqa: F401 - a module the template does not import
leak = 42
analysis.style.LEAK = "van het vorige rapport"
pd.set_option("display.max_rows", 3)
matplotlib.rcParams["lines.linewidth"] = 9.5
matplotlib.rcParams["font.size"] = 3.0
fig = plt.figure(77)
os.environ["RPA_LEAK"] = "1"
sys.path.append("/lek")
shell = get_ipython()  # noqa: F821 - the kernel's shell
shell.rpa_leak = "van het vorige rapport"
def rpa_leak_hook():
    pass
shell.events.register("post_execute", rpa_leak_hook)
Path(output_dir, "seen.json").write_text(json.dumps({"pid": os.getpid(), "count": shell.execution_count}))
"""

CHECK = """import sys
seen = {
    "preloaded": [m for m in ("pandas", "matplotlib.pyplot", "analysis.portfolio", "analysis.energy_labels")
                  if m in sys.modules],
    "names": sorted(n for n in globals() if not n.startswith("_") and n not in (
        "In", "Out", "get_ipython", "exit", "quit", "open", "sys",
        "year", "phase", "scope_type", "scope", "data_dir", "output_dir")),
}
import json, os
from pathlib import Path
import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import analysis.style
seen.update(
    pid=os.getpid(),
    style_attribute=hasattr(analysis.style, "LEAK"),
    max_rows=pd.get_option("display.max_rows"),
    linewidth=matplotlib.rcParams["lines.linewidth"],
    font_size=matplotlib.rcParams["font.size"],
    default_linewidth=matplotlib.rcParamsDefault["lines.linewidth"],
    default_font_size=matplotlib.rcParamsDefault["font.size"],
    figures=plt.get_fignums(),
    tabnanny="tabnanny" in sys.modules,
    environment=os.environ.get("RPA_LEAK"),
    path="/lek" in sys.path,
    count=get_ipython().execution_count,  # noqa: F821
    shell_attribute=hasattr(get_ipython(), "rpa_leak"),  # noqa: F821
    hook=any(getattr(f, "__name__", "") == "rpa_leak_hook"
             for f in get_ipython().events.callbacks["post_execute"]),  # noqa: F821
)
Path(output_dir, "seen.json").write_text(json.dumps(seen))
"""


def _notebook(path: Path, title: str, code: str) -> None:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell(PARAMETERS)
    params.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {title}"), params, nbformat.v4.new_code_cell(code)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)


@pytest.fixture(scope="module", params=["inprocess", "fork"])
def seen(request, tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("RPA_KERNELS", request.param)
    try:
        yield _run_two(tmp_path_factory.mktemp(f"isolation-{request.param}"))
    finally:
        mp.undo()


def _run_two(base: Path):
    spec = importlib.util.spec_from_file_location("processed_fixture", FIXTURES / "processed_fixture.py")
    fx = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fx)
    processed = fx.write_processed(base / "processed")
    nbs = base / "notebooks"
    nbs.mkdir()
    _notebook(nbs / "a_vervuil.ipynb", "Vervuilen", POLLUTE)
    _notebook(nbs / "b_kijk.ipynb", "Kijken", CHECK)
    cfg = base / "set.yml"
    cfg.write_text("phases:\n  q1:\n    runs:\n"
                   "      - {notebook: a_vervuil.ipynb, scope_type: regio, scopes: [Parkstad]}\n"
                   "      - {notebook: b_kijk.ipynb, scope_type: regio, scopes: [Parkstad]}\n", encoding="utf-8")
    from analysis.report.runner import run_report

    log: list[str] = []
    rc = run_report(data_dir=processed, out_dir=base / "out", validate=False, config_path=cfg, notebooks_dir=nbs,
                    jobs=1, progress=False, day=dt.date(2026, 11, 23), pdf=False, log=log.append)
    assert rc == 0, "\n".join(log)
    a = json.loads((base / "out/2026/q1/a_vervuil/regio-parkstad/seen.json").read_text())
    b = json.loads((base / "out/2026/q1/b_kijk/regio-parkstad/seen.json").read_text())
    return a, b


def test_kernels_start_ready_with_an_empty_namespace(seen):
    _, b = seen
    assert b["preloaded"] == ["pandas", "matplotlib.pyplot", "analysis.portfolio", "analysis.energy_labels"]
    assert b["names"] == []  # not even the pre-imported modules are names in the namespace


def test_each_report_has_its_own_kernel_process(seen):
    a, b = seen
    assert a["pid"] != b["pid"]


def test_nothing_of_the_previous_report_reaches_the_next(seen):
    _, b = seen
    assert not b["style_attribute"]
    assert b["max_rows"] == 60  # pandas' default, not the 3 the first report set
    assert (b["linewidth"], b["font_size"]) == (b["default_linewidth"], b["default_font_size"])
    assert b["linewidth"] != 9.5 and b["font_size"] != 3.0
    assert b["figures"] == []
    assert not b["tabnanny"]
    assert b["environment"] is None
    assert not b["path"]


def test_each_report_gets_a_kernel_nobody_used_before(seen):
    """The kernel (made in the worker before it forks, for in-process kernels) is new to each report."""
    a, b = seen
    assert b["count"] == a["count"]  # the same cell of the same layout: no cells of the first report counted
    assert not b["shell_attribute"]
    assert not b["hook"]  # the first report's hook on the shell's events


def test_a_report_whose_process_dies_fails_alone_with_a_dutch_reason(tmp_path, monkeypatch):
    """A report that ends its own process (here ``os._exit``; in life: out of memory) fails; the next one runs."""
    monkeypatch.setenv("RPA_KERNELS", "inprocess")
    spec = importlib.util.spec_from_file_location("processed_fixture", FIXTURES / "processed_fixture.py")
    fx = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fx)
    processed = fx.write_processed(tmp_path / "processed")
    nbs = tmp_path / "notebooks"
    nbs.mkdir()
    _notebook(nbs / "a_stop.ipynb", "Stoppen", "import os\nos._exit(3)\n")
    _notebook(nbs / "b_kijk.ipynb", "Kijken", CHECK)
    cfg = tmp_path / "set.yml"
    cfg.write_text("phases:\n  q1:\n    runs:\n"
                   "      - {notebook: a_stop.ipynb, scope_type: regio, scopes: [Parkstad]}\n"
                   "      - {notebook: b_kijk.ipynb, scope_type: regio, scopes: [Parkstad]}\n", encoding="utf-8")
    from analysis.report.runner import run_report

    log: list[str] = []
    rc = run_report(data_dir=processed, out_dir=tmp_path / "out", validate=False, config_path=cfg, notebooks_dir=nbs,
                    jobs=1, progress=False, day=dt.date(2026, 11, 23), pdf=False, log=log.append)
    text = "\n".join(log)
    assert rc == 1
    assert "1 van 2 rapporten mislukt" in text
    assert "MISLUKT q1 a_stop.ipynb regio Parkstad" in text
    assert "stopte zonder resultaat (afsluitcode 3" in text
    assert not (tmp_path / "out" / "2026").exists()  # nothing published
    kept = next((tmp_path / "out").glob(".tmp-2026-*"))
    assert json.loads((kept / "q1/b_kijk/regio-parkstad/seen.json").read_text())["names"] == []


def test_both_ways_make_the_same_report(tiny_processed, tmp_path, monkeypatch):
    """The in-process kernel renders a real report exactly as a kernel process does (figures aside: their ids).

    The energy-label notebook on the tiny fixture (text, tables, figures with alternative text), once with
    each way; the pages must be equal once the base64 of the figures is left out, with as many figures.
    """
    import re

    cfg = tmp_path / "set.yml"
    cfg.write_text("phases:\n  q2:\n    runs:\n"
                   "      - {notebook: 03_energielabels.ipynb, scope_type: regio, scopes: [Parkstad]}\n", encoding="utf-8")
    from analysis.report.runner import run_report

    pages = {}
    for way in ("inprocess", "fork"):
        monkeypatch.setenv("RPA_KERNELS", way)
        log: list[str] = []
        rc = run_report(data_dir=tiny_processed, out_dir=tmp_path / way, validate=False, config_path=cfg, jobs=1,
                        progress=False, day=dt.date(2026, 11, 23), pdf=False, log=log.append)
        assert rc == 0, "\n".join(log)
        pages[way] = (tmp_path / way / "2026/q2/03_energielabels/regio-parkstad/rapport.html").read_text()
    figures = {way: len(re.findall(r'src="data:image/svg\+xml;base64,', p)) for way, p in pages.items()}
    assert figures["inprocess"] == figures["fork"] >= 2
    bare = {way: re.sub(r"base64,[A-Za-z0-9+/=]+", "", p) for way, p in pages.items()}
    assert bare["inprocess"] == bare["fork"]
