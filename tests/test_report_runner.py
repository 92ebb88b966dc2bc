"""The batch runner (`rpa report`) on fixture notebooks and a tiny processed data root.

One module-scoped set of runs (each a few seconds):
1. a good configuration -> published set in ``out/2026`` (exit 0);
2. a configuration with one failing notebook -> exit 1, the summary names the failing cell,
   the failed executed notebook is kept, and the published set of run 1 is untouched;
3. the good configuration again into another folder -> byte-identical tables, workbooks and pages.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
DAY = dt.date(2026, 11, 23)


def _fixture_module():
    spec = importlib.util.spec_from_file_location("processed_fixture", FIXTURES / "processed_fixture.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _tree_hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*")) if p.is_file()
    }


def _run(processed: Path, out: Path, cfg: str, log: list[str]) -> int:
    from analysis.report.runner import run_report

    return run_report(data_dir=processed, out_dir=out, validate=False, config_path=FIXTURES / cfg,
                      notebooks_dir=FIXTURES, jobs=2, progress=False, day=DAY, log=log.append)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("report")
    fx = _fixture_module()
    processed = fx.write_processed(base / "processed")
    out = base / "outputs"
    log_ok: list[str] = []
    rc_ok = _run(processed, out, "report_ok.yml", log_ok)
    before = _tree_hashes(out / "2026") if (out / "2026").exists() else {}
    log_fail: list[str] = []
    rc_fail = _run(processed, out, "report_test.yml", log_fail)
    after = _tree_hashes(out / "2026") if (out / "2026").exists() else {}
    out2 = base / "outputs2"
    log_ok2: list[str] = []
    rc_ok2 = _run(processed, out2, "report_ok.yml", log_ok2)
    return {"fx": fx, "out": out, "out2": out2, "rc_ok": rc_ok, "rc_fail": rc_fail, "rc_ok2": rc_ok2,
            "log_ok": log_ok, "log_fail": log_fail, "before": before, "after": after}


def test_good_run_publishes_every_report(runs):
    assert runs["rc_ok"] == 0, "\n".join(runs["log_ok"])
    root = runs["out"] / "2026"
    assert (root / "index.html").exists() and (root / "manifest.json").exists()
    for slug in ("q1/fx_projecten/regio-parkstad", "q1/fx_projecten/gemeente-heerlen",
                 "q3/fx_mislukt/regio-parkstad"):
        assert (root / slug / "rapport.html").exists(), slug
        assert (root / slug / "tabellen.xlsx").exists(), slug
    assert sorted(p.name for p in (root / "q1/fx_projecten/regio-parkstad/tables").iterdir()) == [
        "datapackage.json", "projecten.csv", "voorraad.csv", "woningen_per_gemeente.csv"]
    # the replaced set is removed; only the failed run's .tmp- folder (kept on purpose) remains
    hidden = sorted(p.name for p in runs["out"].iterdir() if p.name.startswith(".tmp-"))
    assert len(hidden) == 1 and hidden[0].startswith(".tmp-2026-")
    # kernel start/stop chatter goes to a log beside the sets, not into a published set
    assert (runs["out"] / ".kernels-2026.log").exists()
    assert not list(root.rglob("*.log"))


def test_index_links_every_report_with_status(runs):
    index = (runs["out"] / "2026" / "index.html").read_text(encoding="utf-8")
    for slug in ("q1/fx_projecten/regio-parkstad", "q1/fx_projecten/gemeente-heerlen",
                 "q3/fx_mislukt/regio-parkstad"):
        assert f'href="{slug}/rapport.html"' in index
    assert index.count('class="rpa-status-ok"') == 3
    assert "Q1 prognose" in index and "Q3 bestuurlijke tussenrapportage" in index
    assert "Illustratieve voorbeelddata" in index


def test_manifest_records_provenance(runs):
    m = json.loads((runs["out"] / "2026" / "manifest.json").read_text(encoding="utf-8"))
    assert m["year"] == 2026 and m["example_data"] is True
    assert set(m["inputs"]) == {"2025", "2026"}
    assert m["inputs"]["2026"]["files"] == {"x.xlsx": "0" * 64}
    assert {"commit", "dirty"} <= set(m["code"])
    assert m["packages"]["papermill"] and m["packages"]["nbconvert"]
    assert len(m["reports"]) == 3
    fail_nb = next(r for r in m["reports"] if r["notebook"] == "fx_mislukt.ipynb")
    assert fail_nb["parameters"] == {"divisor": 2}
    assert fail_nb["all_parameters"]["scope"] == "Parkstad" and fail_nb["all_parameters"]["year"] == 2026
    assert all(r["timings"]["execute_s"] > 0 for r in m["reports"])


def test_failing_notebook_does_not_stop_the_others_and_is_reported(runs):
    assert runs["rc_fail"] == 1
    text = "\n".join(runs["log_fail"])
    failures = [line for line in runs["log_fail"] if "MISLUKT" in line]
    assert len(failures) == 1
    # cell 5 of the executed notebook: title, parameters, injected parameters, import, 1/divisor
    assert "fx_mislukt.ipynb regio Parkstad: cel 5 (In [4]): ZeroDivisionError" in failures[0]
    tmp = next(p for p in runs["out"].iterdir() if p.name.startswith(".tmp-2026-"))
    assert str(tmp) in text
    assert (tmp / "q3/fx_mislukt/regio-parkstad/fx_mislukt.ipynb").exists()  # kept for inspection
    # the others finished
    assert (tmp / "q1/fx_projecten/gemeente-kerkrade/rapport.html").exists()
    assert (tmp / "q1/fx_projecten/regio-parkstad/rapport.html").exists()
    index = (tmp / "index.html").read_text(encoding="utf-8")
    assert index.count('class="rpa-status-mislukt"') == 1


def test_failed_run_leaves_published_set_untouched(runs):
    assert runs["before"], "the first run published nothing"
    assert runs["after"] == runs["before"]


def test_two_runs_give_byte_identical_reports(runs):
    """The tables, the workbook, the data package and the HTML page (with its SVG figure) of every report."""
    a, b = runs["out"] / "2026", runs["out2"] / "2026"
    assert runs["rc_ok2"] == 0
    kinds = (".csv", "tabellen.xlsx", "datapackage.json", "rapport.html")
    files_a = {k: v for k, v in _tree_hashes(a).items() if k.endswith(kinds)}
    files_b = {k: v for k, v in _tree_hashes(b).items() if k.endswith(kinds)}
    assert {k.rsplit("/", 1)[-1] for k in files_a} >= {"projecten.csv", "tabellen.xlsx", "datapackage.json", "rapport.html"}
    assert "data:image/svg+xml" in (a / "q1/fx_projecten/regio-parkstad/rapport.html").read_text(encoding="utf-8")
    assert files_a == files_b


def test_no_dwelling_identifiers_in_outputs(runs):
    fx = runs["fx"]
    root = runs["out"] / "2026"
    for p in root.rglob("*"):
        if p.suffix in (".html", ".csv"):
            text = p.read_text(encoding="utf-8")
            assert "vhe_id" not in text, p
            assert not any(v in text for v in fx.VHE_IDS), p
        if p.suffix == ".xlsx":
            from openpyxl import load_workbook

            wb = load_workbook(p, read_only=True)
            cells = [str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row]
            assert "vhe_id" not in cells and not set(fx.VHE_IDS) & set(cells), p


def test_delivery_text_is_escaped_and_formulas_neutralised(runs):
    fx = runs["fx"]
    report = runs["out"] / "2026" / "q1/fx_projecten/regio-parkstad"
    html = (report / "rapport.html").read_text(encoding="utf-8")
    assert fx.XSS_NAME not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html.lower()
    csv_text = (report / "tables" / "projecten.csv").read_text(encoding="utf-8")
    assert "'=SUM(A1:A9)" in csv_text and "\n=SUM" not in csv_text and ",=SUM" not in csv_text
    from openpyxl import load_workbook

    ws = load_workbook(report / "tabellen.xlsx")["projecten"]
    values = [c.value for row in ws.iter_rows() for c in row]
    assert "'=SUM(A1:A9)" in values
    assert not any(isinstance(v, str) and v.startswith(("=", "+", "@")) for v in values)
    assert 30 in values  # numbers stay numbers


def test_workbook_has_one_sheet_per_table(runs):
    from openpyxl import load_workbook

    wb = load_workbook(runs["out"] / "2026" / "q1/fx_projecten/regio-parkstad/tabellen.xlsx")
    assert wb.sheetnames == ["Lees mij", "projecten", "voorraad", "woningen_per_gemeente"]


def test_invalid_config_runs_nothing(tmp_path):
    from analysis.report.runner import run_report

    fx = _fixture_module()
    processed = fx.write_processed(tmp_path / "processed")
    cfg = tmp_path / "bad.yml"
    cfg.write_text("phases:\n  q1:\n    runs:\n      - notebook: fx_projecten.ipynb\n"
                   "        scope_type: gemeente\n        scopes: [Atlantis]\n", encoding="utf-8")
    log: list[str] = []
    rc = run_report(data_dir=processed, out_dir=tmp_path / "out", validate=False, config_path=cfg,
                    notebooks_dir=FIXTURES, progress=False, log=log.append)
    assert rc == 2
    assert "Atlantis" in "\n".join(log)
    assert not (tmp_path / "out").exists()


def test_publish_replaces_old_set_atomically(tmp_path):
    from analysis.report.runner import publish

    final = tmp_path / "2026"
    final.mkdir()
    (final / "oud.txt").write_text("oud")
    tmp = tmp_path / ".tmp-2026-x"
    tmp.mkdir()
    (tmp / "nieuw.txt").write_text("nieuw")
    publish(tmp, final)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2026"]
    assert [p.name for p in final.iterdir()] == ["nieuw.txt"]


def test_latest_year_picks_highest_year_with_files(tmp_path):
    from analysis.report.runner import latest_year

    for y in (2024, 2025, 2027):
        (tmp_path / str(y)).mkdir()
    (tmp_path / "2024" / "a.xlsx").write_text("x")
    (tmp_path / "2025" / "b.xlsx").write_text("x")
    (tmp_path / "notes").mkdir()
    assert latest_year(tmp_path) == 2025  # 2027 is empty


def test_workbook_cells(tmp_path):
    from openpyxl import load_workbook

    from analysis.report.runner import write_workbook

    t = tmp_path / "a.csv"
    t.write_text("naam,aantal,aandeel\n@cmd,-3,0.25\n+1,7,\n", encoding="utf-8")
    write_workbook([t], tmp_path / "w.xlsx")
    rows = list(load_workbook(tmp_path / "w.xlsx")["a"].iter_rows(values_only=True))
    assert rows == [("naam", "aantal", "aandeel"), ("'@cmd", -3, 0.25), ("'+1", 7, None)]


# --------------------------------------------------------------------------------------------
# The failure summary: which scope, which data, what to do (Dutch)
# --------------------------------------------------------------------------------------------

def test_failure_summary_names_scope_data_and_advice(runs):
    """The fixture's metadata has no reconciliation: the summary says so and still says what to do."""
    lines = runs["log_fail"]
    i = next(n for n, line in enumerate(lines) if "MISLUKT" in line)
    assert lines[i + 1] == "      gegevens (levering 2026): geen overzicht per blad in metadata.json"
    assert lines[i + 2].startswith("      wat te doen: bekijk de fout in de cel hierboven; meld de fout met het "
                                   "uitgevoerde notebook (")
    assert lines[i + 2].endswith("Intussen: laat regio Parkstad voor fx_mislukt.ipynb tijdelijk weg in "
                                 "reports/2026.yml.")
    manifest = json.loads(next(p for p in runs["out"].iterdir() if p.name.startswith(".tmp-"))
                          .joinpath("manifest.json").read_text(encoding="utf-8"))
    failed = next(r for r in manifest["reports"] if r["status"] != "ok")
    assert failed["summary"] == [lines[i + 1].strip(), lines[i + 2].strip()]


RECONCILIATION = {"year": 2026, "reconciliation": [
    {"sender": "Weller", "table": "deliveries_corporation", "rows_accepted": 1},
    {"sender": "Weller", "table": "projects", "rows_accepted": 7},
    {"sender": "Weller", "table": "stock", "rows_accepted": 0},
    {"sender": "Heerlen", "table": "plan_capacity", "rows_accepted": 17},
]}
PARTIES = {"corporatie": ["HEEMwonen", "Weller"], "gemeente": ["Heerlen", "Kerkrade"]}


@pytest.mark.parametrize(("notebook", "scope_type", "scope", "data", "advice"), [
    ("03_energielabels.ipynb", "corporatie", "Weller",
     "gegevens van deze scope (levering 2026): Weller (voorraad: leeg (0 rijen))",
     "wat te doen: een rapport hoort ook te werken als Weller voorraad niet of leeg levert; meld de fout met het "
     "uitgevoerde notebook (x.ipynb) aan de beheerders van de analysesuite. Intussen: vraag Weller om voorraad aan "
     "te vullen en draai rpa report opnieuw, of laat corporatie Weller voor 03_energielabels.ipynb tijdelijk weg "
     "in reports/2026.yml."),
    ("04_financiele_ruimte.ipynb", "corporatie", "HEEMwonen",
     "gegevens van deze scope (levering 2026): HEEMwonen leverde niets",
     "wat te doen: een rapport hoort ook te werken als HEEMwonen projecten, mutaties, voorraad en financien niet "
     "of leeg levert; meld de fout met het uitgevoerde notebook (x.ipynb) aan de beheerders van de analysesuite. "
     "Intussen: vraag HEEMwonen om projecten, mutaties, voorraad en financien aan te vullen en draai rpa report "
     "opnieuw, of laat corporatie HEEMwonen voor 04_financiele_ruimte.ipynb tijdelijk weg in reports/2026.yml."),
    ("01_portefeuille.ipynb", "gemeente", "Heerlen",
     "gegevens van deze scope (levering 2026): Heerlen (plancapaciteit: 17 rijen); projecten van 1 van 2 "
     "corporaties (Weller); mutaties van 0 van 2 corporaties",
     "wat te doen: de gegevens van deze scope zijn geleverd, dus de fout zit in de suite; meld de fout met het "
     "uitgevoerde notebook (x.ipynb) aan de beheerders van de analysesuite. Intussen: laat gemeente Heerlen voor "
     "01_portefeuille.ipynb tijdelijk weg in reports/2026.yml."),
    ("03_energielabels.ipynb", "regio", "Parkstad",
     "gegevens van deze scope (levering 2026): voorraad van 0 van 2 corporaties",
     "wat te doen: een rapport hoort ook te werken als niemand voorraad levert; meld de fout met het uitgevoerde "
     "notebook (x.ipynb) aan de beheerders van de analysesuite. Intussen: vraag de corporaties en gemeenten om "
     "voorraad aan te vullen en draai rpa report opnieuw, of laat regio Parkstad voor 03_energielabels.ipynb "
     "tijdelijk weg in reports/2026.yml."),
])
def test_failure_summary_per_scope(notebook, scope_type, scope, data, advice):
    from analysis.report.runner_failures import advice_line, scope_data_line

    r = {"notebook": notebook, "scope_type": scope_type, "scope": scope, "executed_notebook": "x.ipynb"}
    line, gaps = scope_data_line(r, RECONCILIATION, PARTIES)
    assert line == data
    assert advice_line(r, gaps, 2026) == advice
