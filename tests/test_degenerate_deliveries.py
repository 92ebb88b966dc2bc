"""Property: every report runs on every degenerate delivery set, and says what is missing.

The cases come from ``tests/fixtures/edge_deliveries.py`` (hypothesis): any party may have
delivered nothing, any sheet of a party may be empty or hold only some rows (no E/F/G dwelling,
no mutation figures of last year, only realisation, ...), last year's delivery may be absent.
Each case is written as a processed data root and every notebook runs on it in this process
(``tests/fixtures/run_inprocess.py``: the notebook's own code cells, so ``load_inputs``,
``analyse``, ``text`` and ``figures`` exactly as the report calls them), for a scope hypothesis
chooses among all parties of the agreement (also those that delivered nothing).

Per notebook a few examples (:data:`NOTEBOOKS`, together under a minute in ``make test``);
``EDGE_EXAMPLES`` (environment) sets another number for every notebook, e.g. 200 to search
harder. Runs are derandomised (the same cases every time) and keep no example database.
"""

from __future__ import annotations

import html
import importlib.util
import os
import re
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import config, processed, reference

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = os.environ.get("EDGE_EXAMPLES")


def _module(name: str):
    spec = importlib.util.spec_from_file_location(name, FIXTURES / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


edge = _module("edge_deliveries")
inprocess = _module("run_inprocess")

#: Notebook -> the scope types it is run for in the reporting set, its own fast parameters, and
#: the number of examples (the slower reports get fewer).
NOTEBOOKS = {
    "00_monitor.ipynb": (("regio",), {}, 6),
    "01_portefeuille.ipynb": (("regio", "gemeente", "corporatie"), {"n_simulations": 50}, 5),
    "02_ouderenhuisvesting.ipynb": (("regio", "gemeente"), {}, 6),
    "03_energielabels.ipynb": (("regio", "gemeente", "corporatie"), {}, 8),
    "04_financiele_ruimte.ipynb": (("regio", "corporatie"), {}, 4),
}


def scopes(scope_types: tuple[str, ...]) -> st.SearchStrategy[tuple[str, str]]:
    """A scope of one of ``scope_types``: the region or any party of the agreement."""
    names = {"regio": ["Parkstad"], "gemeente": reference.municipality_names(),
             "corporatie": reference.corporation_names()}
    return st.sampled_from(scope_types).flatmap(lambda t: st.tuples(st.just(t), st.sampled_from(names[t])))


@pytest.fixture(scope="module")
def complete(tiny_processed) -> tuple[Path, int, object]:
    year = max(processed.available_years(tiny_processed))
    return tiny_processed, year, edge.Parties.of(processed.load(year, tiny_processed))


@pytest.mark.parametrize("notebook", sorted(NOTEBOOKS))
def test_every_report_runs_on_degenerate_deliveries(notebook, complete):
    source, year, parties = complete
    scope_types, own, examples = NOTEBOOKS[notebook]

    @settings(max_examples=int(EXAMPLES or examples), deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(case=edge.delivery_cases(parties), scope=scopes(scope_types), phase=st.sampled_from(["q1", "q2", "q3"]))
    def check(case, scope, phase):
        with tempfile.TemporaryDirectory() as tmp:
            root = edge.write_case(source, Path(tmp), year, case)
            run = inprocess.run_notebook_inprocess(
                config.NOTEBOOKS / notebook, year=year, phase=phase, scope_type=scope[0], scope=scope[1],
                data_dir=str(root), output_dir=str(Path(tmp) / "out"), **own)
            problems = report_problems(run)
            if notebook != "00_monitor.ipynb" and nothing_known(processed.load(year, root), *scope):
                problems += zero_problems(run)
            assert not problems, "\n".join(problems)

    check()


# --------------------------------------------------------------------------------------------
# What a report must never do
# --------------------------------------------------------------------------------------------

DASH_IN_SENTENCE = re.compile(r"(^|\s)–($|\s|[.,;:)])")
ZERO_CELL = re.compile(r"^(€ )?0(,0+)?( %| mln)?$")
MISSING_WORDS = re.compile(r"\b(niets|geen|niet)\b[^.]*\b(geleverd|levering)\b|ontbre|onbekend|geen gegevens")


def _text(obj) -> str:
    from IPython.display import HTML, Markdown

    return obj.data if isinstance(obj, HTML | Markdown) else ""


def _tables(run) -> list[tuple[str, list[str]]]:
    """(caption, cell texts) of every table the report showed (``outputs.show_table``)."""
    out = []
    for obj in run.shown:
        text = _text(obj)
        if "<table" in text:
            caption = re.search(r"<strong>(.*?)</strong>", text)
            out.append((html.unescape(caption.group(1)) if caption else "",
                        [html.unescape(c).strip() for c in re.findall(r"<td>(.*?)</td>", text, flags=re.S)]))
    return out


def report_problems(run) -> list[str]:
    """An empty table, a figure cell that shows nothing, a dash standing in for a number in a sentence."""
    from IPython.display import Markdown
    from matplotlib.figure import Figure

    problems = [f"lege tabel: {caption!r}" for caption, cells in _tables(run) if not cells]
    for cell in run.cells:
        if "plot_" in cell.source and not any(
                isinstance(o, Figure) or (isinstance(o, Markdown) and o.data.strip()) for o in cell.shown):
            problems.append(f"cel {cell.number} toont geen figuur en geen zin")
    for obj in run.shown:
        if isinstance(obj, Markdown) and DASH_IN_SENTENCE.search(obj.data):
            problems.append(f"streepje in een zin: {obj.data[:300]!r}")
    return problems


def nothing_known(data: processed.ProcessedData, scope_type: str, scope: str) -> bool:
    """True when nobody delivered anything the scope's figures could come from.

    A corporation: it delivered nothing. A municipality: it delivered nothing and no corporation
    delivered anything (a corporation's delivery without rows in the municipality is a real
    zero for that corporation, and the report names who is missing). The region: nobody
    delivered anything.
    """
    corporation_rows = [getattr(data, t) for t in edge.CORPORATION_TABLES]
    municipality_rows = [getattr(data, t) for t in edge.MUNICIPALITY_TABLES]
    if scope_type == "corporatie":
        return all(f[f["corporation"] == scope].empty for f in corporation_rows)
    if scope_type == "gemeente":
        municipality_rows = [f[f["sender_municipality"] == scope] for f in municipality_rows]
    return all(f.empty for f in corporation_rows + municipality_rows)


def zero_problems(run) -> list[str]:
    """Where nothing is known, no table of the scope's own shows 0 and the text says what is missing."""
    problems = [f"0 zonder gegevens in tabel {caption!r}: {[c for c in cells if ZERO_CELL.match(c)][:5]}"
                for caption, cells in _tables(run)
                if "(regionaal" not in caption and any(ZERO_CELL.match(c) for c in cells)]
    text = run.markdown()
    if not MISSING_WORDS.search(text.lower()):
        problems.append("de tekst zegt niet wat er ontbreekt")
    return problems
