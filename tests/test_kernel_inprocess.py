"""The in-process kernel shows a cell's output as a kernel process does, and skips what no report shows.

Each test executes a tiny notebook with papermill in a fork (:func:`run_forked`), as ``rpa report``
does, and compares the outputs of every cell with what was written down by hand.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import nbformat
import pytest

from analysis.report.kernel_inprocess import kernel_manager, quiet_cells, run_forked
from analysis.report.runner_job import _papermill

pytestmark = pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="in-process kernels need fork")


def _cell(source: str, *tags: str):
    cell = nbformat.v4.new_code_cell(source)
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def _write(path: Path, cells) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [_cell("x = 1", "parameters"), *cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def _outputs(path: str, out: str, quiet: bool) -> list[list[tuple]]:
    km = kernel_manager()
    hooks = {"on_cell_execute": quiet_cells(km, "research")} if quiet else {}
    nb = _papermill(path, Path(out), {"x": 5}, km, **hooks)
    return [[(o["output_type"], o.get("name"), o.get("text") or o.get("data", {}).get("text/plain")) for o in c.outputs]
            for c in nb.cells if c.cell_type == "code" and "injected-parameters" not in c.metadata.get("tags", [])]


def test_printed_text_reaches_its_own_cell_in_order(tmp_path):
    nb = _write(tmp_path / "print.ipynb", [
        _cell("import sys\nfrom IPython.display import display\nprint('eerst')\nprint('fout', file=sys.stderr)\n"
              "display(x * 2)\nprint('laatst')"),
        _cell("print('alleen')"),
        _cell("x + 1"),
    ])
    outputs = run_forked(_outputs, str(nb), str(tmp_path / "out.ipynb"), False)
    assert outputs == [
        [],  # the parameters cell
        [("stream", "stdout", "eerst\n"), ("stream", "stderr", "fout\n"), ("display_data", None, "10"),
         ("stream", "stdout", "laatst\n")],
        [("stream", "stdout", "alleen\n")],
        [("execute_result", None, "6")],
    ]


def test_research_steps_run_but_their_last_value_is_not_formatted(tmp_path):
    nb = _write(tmp_path / "research.ipynb", [
        _cell("y = x * 10\ny", "research"),          # runs (y is used below); its value is not shown
        _cell("from IPython.display import display\ndisplay(y)\ny + 1", "research"),  # display() still shows
        _cell("y + 2"),                               # an ordinary cell after a research step: shown
    ])
    quiet = run_forked(_outputs, str(nb), str(tmp_path / "out.ipynb"), True)
    assert quiet == [[], [], [("display_data", None, "50")], [("execute_result", None, "52")]]
    # without the hook (JupyterLab, kernel processes) every last value is shown
    shown = run_forked(_outputs, str(nb), str(tmp_path / "out2.ipynb"), False)
    assert shown == [[], [("execute_result", None, "50")],
                     [("display_data", None, "50"), ("execute_result", None, "51")], [("execute_result", None, "52")]]


def test_printed_text_is_in_the_report_both_ways(tmp_path, monkeypatch):
    """``rpa report`` with the in-process kernel and with kernel processes: the printed line is in the page."""
    import importlib.util

    fixtures = Path(__file__).parent / "fixtures" / "notebooks"
    spec = importlib.util.spec_from_file_location("processed_fixture", fixtures / "processed_fixture.py")
    fx = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fx)
    processed = fx.write_processed(tmp_path / "processed")
    nbs = tmp_path / "notebooks"
    nbs.mkdir()
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('year: int = 2026  # jaar\nphase: str = "q1"  # fase\n'
                                       'scope_type: str = "regio"  # soort\nscope: str = "Parkstad"  # scope\n'
                                       'data_dir: str = ""  # data\noutput_dir: str = ""  # uitvoer\n')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# Afdrukken"), params, _cell("print('Een gedrukte regel.')")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, nbs / "a_druk.ipynb")
    cfg = tmp_path / "set.yml"
    cfg.write_text("phases:\n  q1:\n    runs:\n      - {notebook: a_druk.ipynb, scope_type: regio, scopes: [Parkstad]}\n",
                   encoding="utf-8")
    from analysis.report.runner import run_report

    for way in ("inprocess", "fork"):
        monkeypatch.setenv("RPA_KERNELS", way)
        log: list[str] = []
        rc = run_report(data_dir=processed, out_dir=tmp_path / way, validate=False, config_path=cfg,
                        notebooks_dir=nbs, jobs=1, progress=False, day=dt.date(2026, 11, 23), pdf=False,
                        log=log.append)
        assert rc == 0, "\n".join(log)
        page = (tmp_path / way / "2026/q1/a_druk/regio-parkstad/rapport.html").read_text(encoding="utf-8")
        assert page.count("Een gedrukte regel.") == 1, way


def test_cells_run_in_the_main_thread_as_in_a_kernel_process(tmp_path):
    """The kernel handles each cell in nbclient's loop, not on a helper thread of ``run_sync``."""
    nb = _write(tmp_path / "thread.ipynb", [
        _cell("import threading\nprint(threading.current_thread() is threading.main_thread())"),
        _cell("import signal\nsignal.signal(signal.SIGUSR1, signal.SIG_IGN) is not None"),  # main thread only
        _cell("x * 3"),
    ])
    outputs = run_forked(_outputs, str(nb), str(tmp_path / "out.ipynb"), False)
    assert outputs == [[], [("stream", "stdout", "True\n")], [("execute_result", None, "True")],
                       [("execute_result", None, "15")]]
