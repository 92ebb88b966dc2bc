"""The whole reporting set on the edge fixture: a year as incomplete as real years come, published.

``tests/fixtures/edge/2026`` (made by ``tests/fixtures/make_edge.py``, see its docstring) has no
delivery of last year, a municipality that sent nothing, a corporation without finances, no
E/F/G dwelling in the region, a corporation without register and plans, no mutation figures for
2025 and a municipality without plans. ``rpa report`` (``reports/default.yml``, every phase)
validates it and must publish the whole set (exit 0); the reports say in Dutch what is missing.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

import pytest

from analysis import config

FIXTURES = Path(__file__).parent / "fixtures"
EDGE = FIXTURES / "edge"
DAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def edge_set(tmp_path_factory):
    from analysis.report.runner import run_report

    base = tmp_path_factory.mktemp("edge_set")
    log: list[str] = []
    rc = run_report(data_dir=EDGE, out_dir=base / "outputs", processed_root=base / "processed",
                    config_path=config.ROOT / "reports" / "default.yml", jobs=2, progress=False, day=DAY,
                    pdf=False, log=log.append)
    return rc, log, base / "outputs" / "2026"


def _text(set_dir: Path, slug: str) -> str:
    """The visible text of one published report (tags dropped, whitespace collapsed)."""
    page = (set_dir / slug / "rapport.html").read_text(encoding="utf-8")
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def test_every_phase_is_published(edge_set):
    rc, log, set_dir = edge_set
    assert rc == 0, "\n".join(log[-40:])
    manifest = json.loads((set_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["phases"] == ["q1", "q2", "q3"]
    assert len(manifest["reports"]) == 56 and {r["status"] for r in manifest["reports"]} == {"ok"}
    assert manifest["consistency"]["contradictions"] == []
    assert set(manifest["inputs"]) == {"2026"}  # no delivery of last year


@pytest.mark.parametrize(("slug", "sentence"), [
    # a corporation without register (and without plans)
    ("q2/03_energielabels/corporatie-weller", "Weller heeft voor 2026 geen woningregister geleverd"),
    ("q2/03_energielabels/corporatie-weller", "Geen traject: er is geen woningregister (zie boven)."),
    # a corporation that delivered nothing at all (not in the edge set)
    ("q2/03_energielabels/corporatie-woonpunt", "Woonpunt heeft voor 2026 geen woningregister geleverd"),
    ("q3/04_financiele_ruimte/corporatie-woonpunt", "Woonpunt heeft geen opgave en geen financiële gegevens geleverd."),
    # no E/F/G dwelling in the region's registers
    ("q2/03_energielabels/regio-parkstad", "staan in de regio Parkstad geen woningen met label E, F of G; er is geen opgave"),
    ("q2/03_energielabels/regio-parkstad", "Let op: geen woningregister van Krijtland Wonen, Vanhier Wonen, Vincio Wonen, Weller,"),
    # a corporation without finances
    ("q3/04_financiele_ruimte/corporatie-heemwonen", "HEEMwonen heeft geen financiële gegevens geleverd;"),
    # no delivery of last year
    ("q3/00_monitor/regio-parkstad", "Er is geen levering van 2025; de prognose kan niet worden vergeleken."),
    # a year without mutations
    ("q2/01_portefeuille/regio-parkstad", "geen realisatiecijfers voor voorraadmutaties in 2025"),
    # a municipality that delivered nothing
    ("q2/01_portefeuille/gemeente-kerkrade", "geen levering van deze gemeente: marktplannen ontbreken"),
])
def test_reports_say_what_is_missing(edge_set, slug, sentence):
    _rc, _log, set_dir = edge_set
    assert sentence in _text(set_dir, slug)


def test_no_figure_is_zero_for_a_party_that_delivered_nothing(edge_set):
    """Woonpunt sent nothing: its own energy and finance tables hold no figure at all (no 0)."""
    _rc, _log, set_dir = edge_set
    for slug in ("q2/03_energielabels/corporatie-woonpunt", "q3/04_financiele_ruimte/corporatie-woonpunt"):
        for table in (set_dir / slug / "tables").glob("*.csv"):
            if table.stem in ("financial_gap_by_corporation",):  # regional by nature (all corporations)
                continue
            lines = table.read_text(encoding="utf-8").splitlines()
            assert len(lines) == 1, (table, lines[:3])  # the header only


def test_edge_fixture_is_what_the_script_makes(tmp_path):
    """``make_edge.py`` reproduces the committed workbooks (cell by cell)."""
    import importlib.util

    from openpyxl import load_workbook

    spec = importlib.util.spec_from_file_location("make_edge", FIXTURES / "make_edge.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    made = mod.make(tmp_path / "2026")
    assert sorted(p.name for p in made) == sorted(p.name for p in (EDGE / "2026").glob("*.xlsx"))
    for path in made:
        fresh, kept = load_workbook(path), load_workbook(EDGE / "2026" / path.name)
        assert fresh.sheetnames == kept.sheetnames
        for name in fresh.sheetnames:
            assert list(fresh[name].values) == list(kept[name].values), (path.name, name)
