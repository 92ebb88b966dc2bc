"""Incremental ``rpa report``: only what changed is redone (tiny fixture deliveries, fixture notebooks).

One module-scoped sequence of runs into the same output folder, each on top of the set the
previous one published:

1. first run: the three reports are made (reason: new);
2. nothing changed: all three reused, no report runs;
3. notebook ``fx_b`` edited: only its report is redone (notebook changed), the two of ``fx_a`` reused;
4. one corporation's delivery (Weller 2026) changed: every report redone (deliveries changed),
   because every analysis reads all deliveries of its year;
5. ``force``: everything redone.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import shutil
from pathlib import Path

import nbformat
import pytest

FIXTURES = Path(__file__).parent / "fixtures"
CONFIG = """phases:
  q1:
    runs:
      - {notebook: fx_a.ipynb, scope_type: regio, scopes: [Parkstad]}
      - {notebook: fx_a.ipynb, scope_type: gemeente, scopes: [Heerlen]}
      - {notebook: fx_b.ipynb, scope_type: regio, scopes: [Parkstad]}
"""
SLUGS = ["q1/fx_a/regio-parkstad", "q1/fx_a/gemeente-heerlen", "q1/fx_b/regio-parkstad"]


def _manifest(out: Path) -> dict:
    return json.loads((out / "2026" / "manifest.json").read_text(encoding="utf-8"))


def _state(out: Path) -> dict[str, tuple[bool, str | None]]:
    return {r["slug"]: (r["reused"], r["redo_reason"]) for r in _manifest(out)["reports"]}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("incremental")
    deliveries = base / "leveringen"
    shutil.copytree(FIXTURES / "tiny", deliveries)
    nbs = base / "notebooks"
    nbs.mkdir()
    for name in ("fx_a.ipynb", "fx_b.ipynb"):
        shutil.copy(FIXTURES / "notebooks" / "fx_projecten.ipynb", nbs / name)
    cfg = base / "set.yml"
    cfg.write_text(CONFIG, encoding="utf-8")
    out = base / "out"
    from analysis.report.runner import run_report

    def run(force: bool = False) -> tuple[int, list[str], dict]:
        log: list[str] = []
        rc = run_report(data_dir=deliveries, processed_root=base / "processed", out_dir=out, config_path=cfg,
                        notebooks_dir=nbs, jobs=1, progress=False, day=dt.date(2026, 11, 23), pdf=False,
                        force=force, log=log.append)
        return rc, log, _state(out)

    steps = {"first": run(), "unchanged": run()}
    nb = nbformat.read(nbs / "fx_b.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("Een zin erbij."))
    nbformat.write(nb, nbs / "fx_b.ipynb")
    steps["notebook"] = run()
    import openpyxl

    workbook = deliveries / "2026" / "weller_2026.xlsx"
    wb = openpyxl.load_workbook(workbook)
    wb.save(workbook)  # the same figures, but another file: its checksum changes
    steps["delivery"] = run()
    steps["force"] = run(force=True)
    return steps, out


def test_first_run_makes_every_report(runs):
    steps, _ = runs
    rc, _, state = steps["first"]
    assert rc == 0
    assert state == {s: (False, "new") for s in SLUGS}


def test_second_run_with_nothing_changed_reuses_all(runs):
    steps, _ = runs
    rc, log, state = steps["unchanged"]
    assert rc == 0
    assert state == {s: (True, None) for s in SLUGS}
    assert "3 van 3 rapporten hergebruikt uit de gepubliceerde set (niets aan veranderd)." in log
    assert any("0 te maken" in line for line in log)


def test_editing_one_notebook_redoes_only_its_reports(runs):
    steps, _ = runs
    rc, log, state = steps["notebook"]
    assert rc == 0
    assert state == {SLUGS[0]: (True, None), SLUGS[1]: (True, None), SLUGS[2]: (False, "notebook")}
    assert "1 opnieuw gemaakt: notebook gewijzigd: q1/fx_b/regio-parkstad" in log


def test_changing_one_delivery_redoes_every_report_of_the_year(runs):
    steps, _ = runs
    rc, log, state = steps["delivery"]
    assert rc == 0
    assert state == {s: (False, "inputs") for s in SLUGS}
    assert any(line.startswith("3 opnieuw gemaakt: leveringen gewijzigd") for line in log)


def test_force_redoes_everything_and_the_set_is_complete(runs):
    steps, out = runs
    rc, _, state = steps["force"]
    assert rc == 0
    assert state == {s: (False, "force") for s in SLUGS}
    manifest = _manifest(out)
    assert manifest["reuse"]["force"] is True
    for slug in SLUGS:
        assert (out / "2026" / slug / "rapport.html").exists()


def test_reused_report_is_the_published_one(runs, tmp_path):
    """A reused report's files are those of the set it came from (copied, not made again)."""
    from analysis.report.runner_reuse import reuse_folder

    src = tmp_path / "old" / "q1" / "x"
    (src / "tables").mkdir(parents=True)
    (src / "rapport.html").write_text("<p>oud</p>", encoding="utf-8")
    (src / "tables" / "t.csv").write_text("a\n1\n", encoding="utf-8")
    reuse_folder(src, tmp_path / "new" / "q1" / "x")
    assert (tmp_path / "new/q1/x/rapport.html").read_text(encoding="utf-8") == "<p>oud</p>"
    assert (tmp_path / "new/q1/x/tables/t.csv").read_text(encoding="utf-8") == "a\n1\n"
    # the new set rewrites its reports' links: the published report must not change with it
    (tmp_path / "new/q1/x/rapport.html").write_text("<p>nieuw</p>", encoding="utf-8")
    assert (src / "rapport.html").read_text(encoding="utf-8") == "<p>oud</p>"


def test_code_version_follows_sources_and_reference_data(tmp_path):
    from analysis.report.runner_reuse import code_version

    (tmp_path / "analysis").mkdir()
    (tmp_path / "data/raw/reference").mkdir(parents=True)
    (tmp_path / "analysis/a.py").write_text("x = 1\n")
    (tmp_path / "data/raw/reference/targets.csv").write_text("target,value\nx,1\n")
    first = code_version(tmp_path)
    (tmp_path / "analysis/__pycache__").mkdir()
    (tmp_path / "analysis/__pycache__/a.cpython-311.pyc").write_bytes(b"\x00")
    assert code_version(tmp_path) == first  # compiled files are not the code
    (tmp_path / "data/raw/reference/targets.csv").write_text("target,value\nx,2\n")
    second = code_version(tmp_path)
    assert second != first
    (tmp_path / "analysis/a.py").write_text("x = 2\n")
    assert code_version(tmp_path) not in (first, second)


def test_pdf_only_what_changed_is_printed(tmp_path):
    """With PDF: a rerun prints only the report made again and its phase document."""
    import hashlib

    from analysis.report.pdf import find_chromium
    from analysis.report.runner import run_report

    if find_chromium() is None:
        pytest.skip("Chromium ontbreekt")
    spec = importlib.util.spec_from_file_location("processed_fixture", FIXTURES / "notebooks" / "processed_fixture.py")
    fx = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fx)
    processed = fx.write_processed(tmp_path / "processed")
    nbs = tmp_path / "notebooks"
    nbs.mkdir()
    for name in ("fx_a.ipynb", "fx_b.ipynb"):
        shutil.copy(FIXTURES / "notebooks" / "fx_projecten.ipynb", nbs / name)
    cfg = tmp_path / "set.yml"
    cfg.write_text("phases:\n  q1:\n    runs:\n      - {notebook: fx_a.ipynb, scope_type: regio, scopes: [Parkstad]}\n"
                   "      - {notebook: fx_b.ipynb, scope_type: regio, scopes: [Parkstad]}\n", encoding="utf-8")
    out = tmp_path / "out"

    def run() -> dict:
        log: list[str] = []
        rc = run_report(data_dir=processed, out_dir=out, validate=False, config_path=cfg, notebooks_dir=nbs, jobs=1,
                        progress=False, day=dt.date(2026, 11, 23), pdf=True, log=log.append)
        assert rc == 0, "\n".join(log)
        return _manifest(out)["pdf"]

    def digest(rel: str) -> str:
        return hashlib.sha256((out / "2026" / rel).read_bytes()).hexdigest()

    first = run()
    assert first["printed"] == {"reports": 2, "combined": 1}
    a_pdf = digest("q1/fx_a/regio-parkstad/rapport.pdf")
    assert run()["printed"] == {"reports": 0, "combined": 0}  # nothing changed: nothing printed
    nb = nbformat.read(nbs / "fx_b.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("Nog een zin."))
    nbformat.write(nb, nbs / "fx_b.ipynb")
    third = run()
    assert third["printed"] == {"reports": 1, "combined": 1}  # fx_b and the q1 document
    assert digest("q1/fx_a/regio-parkstad/rapport.pdf") == a_pdf  # fx_a's PDF taken over as it was
    assert (out / "2026" / third["combined"]["q1"]).exists()


def test_summary_of_a_first_run_does_not_say_nothing_changed():
    from analysis.report.runner_reuse import reuse_summary

    first = [{"slug": "q1/a/regio-parkstad", "reused": False, "redo_reason": "new"},
             {"slug": "q1/a/gemeente-heerlen", "reused": False, "redo_reason": "new"}]
    assert reuse_summary(first) == [
        "Geen van de 2 rapporten hergebruikt uit de gepubliceerde set.",
        "2 opnieuw gemaakt: nieuw rapport (stond niet in de gepubliceerde set): q1/a/regio-parkstad, q1/a/gemeente-heerlen"]
    again = [{**first[0], "reused": True, "redo_reason": None}, {**first[1], "redo_reason": "notebook"}]
    assert reuse_summary(again) == [
        "1 van 2 rapporten hergebruikt uit de gepubliceerde set (niets aan veranderd).",
        "1 opnieuw gemaakt: notebook gewijzigd: q1/a/gemeente-heerlen"]
