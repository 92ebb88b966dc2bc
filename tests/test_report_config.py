"""Report configuration: validated completely before anything runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.errors import ValidationFailed
from analysis.report.config import Job, load_jobs, notebook_parameters, run_order, slugify

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
SCOPES = {"regio": ["Parkstad"], "gemeente": ["Heerlen", "Kerkrade"], "corporatie": ["Weller"]}


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "cfg.yml"
    p.write_text(text, encoding="utf-8")
    return p


def test_notebook_parameters_parsed_from_the_tagged_cell():
    params, problems = notebook_parameters(FIXTURES / "fx_mislukt.ipynb")
    assert problems == []
    assert params == {"year": "2026", "phase": '"q1"', "scope_type": '"regio"', "scope": '"Parkstad"',
                      "data_dir": '""', "output_dir": '""', "divisor": "0"}


def test_jobs_expand_all_scopes_in_order(tmp_path):
    cfg = _write(tmp_path, """
phases:
  q2:
    runs:
      - {notebook: fx_projecten.ipynb, scope_type: gemeente, scopes: all}
  q1:
    runs:
      - {notebook: fx_mislukt.ipynb, scope_type: regio, scopes: [Parkstad], parameters: {divisor: 3}}
""")
    jobs = load_jobs(2026, ("q1", "q2"), cfg, notebooks_dir=FIXTURES, scopes=SCOPES)
    assert [(j.phase, j.notebook, j.scope) for j in jobs] == [
        ("q1", "fx_mislukt.ipynb", "Parkstad"),
        ("q2", "fx_projecten.ipynb", "Heerlen"),
        ("q2", "fx_projecten.ipynb", "Kerkrade"),
    ]
    assert jobs[0].parameters == {"divisor": 3}
    assert jobs[1].slug == "q2/fx_projecten/gemeente-heerlen"
    assert jobs[0].all_parameters(2026, "/d", "/o") == {
        "divisor": 3, "year": 2026, "phase": "q1", "scope_type": "regio", "scope": "Parkstad",
        "data_dir": "/d", "output_dir": "/o"}


def test_every_problem_reported_at_once(tmp_path):
    cfg = _write(tmp_path, """
phases:
  q1:
    runs:
      - {notebook: bestaat_niet.ipynb, scope_type: regio, scopes: [Parkstad]}
      - {notebook: fx_projecten.ipynb, scope_type: gemeente, scopes: [Heerlen, Atlantis]}
      - {notebook: fx_mislukt.ipynb, scope_type: regio, scopes: [Parkstad], parameters: {scenario: hoog, scope: X}}
""")
    with pytest.raises(ValidationFailed) as exc:
        load_jobs(2026, ("q1",), cfg, notebooks_dir=FIXTURES, scopes=SCOPES)
    text = str(exc.value)
    assert len(exc.value.problems) == 4
    assert "bestaat_niet.ipynb" in text
    assert "Atlantis" in text
    assert "scenario" in text and "declareert" in text
    assert "gemeenschappelijke parameter" in text  # scope is set by the runner


def test_unknown_keys_and_phases_are_errors(tmp_path):
    cfg = _write(tmp_path, """
phases:
  q4:
    runs: []
  q1:
    runs:
      - {notebook: fx_projecten.ipynb, scope_type: wijk, scopes: [Parkstad], colour: red}
""")
    with pytest.raises(ValidationFailed) as exc:
        load_jobs(2026, ("q1",), cfg, notebooks_dir=FIXTURES, scopes=SCOPES)
    cols = {p.column for p in exc.value.problems}
    assert any(c.startswith("phases.q4") for c in cols)
    assert "phases.q1.runs.0.scope_type" in cols
    assert "phases.q1.runs.0.colour" in cols


def test_notebook_without_parameters_cell_rejected(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("year = 1")])
    nbformat.write(nb, tmp_path / "x.ipynb")
    cfg = _write(tmp_path, "phases:\n  q1:\n    runs:\n      - {notebook: x.ipynb, scope_type: regio}\n")
    with pytest.raises(ValidationFailed, match="0 cellen met tag 'parameters'"):
        load_jobs(2026, ("q1",), cfg, notebooks_dir=tmp_path, scopes=SCOPES)


def test_year_file_replaces_phases_of_default(tmp_path):
    (tmp_path / "default.yml").write_text(
        "phases:\n  q1:\n    runs:\n      - {notebook: fx_projecten.ipynb, scope_type: regio}\n"
        "  q2:\n    runs:\n      - {notebook: fx_projecten.ipynb, scope_type: regio}\n", encoding="utf-8")
    (tmp_path / "2027.yml").write_text(
        "phases:\n  q2:\n    runs:\n      - {notebook: fx_mislukt.ipynb, scope_type: corporatie}\n", encoding="utf-8")
    jobs = load_jobs(2027, ("q1", "q2"), None, notebooks_dir=FIXTURES, reports_dir=tmp_path, scopes=SCOPES)
    assert [(j.phase, j.notebook, j.scope) for j in jobs] == [
        ("q1", "fx_projecten.ipynb", "Parkstad"), ("q2", "fx_mislukt.ipynb", "Weller")]
    jobs_2026 = load_jobs(2026, ("q2",), None, notebooks_dir=FIXTURES, reports_dir=tmp_path, scopes=SCOPES)
    assert [j.notebook for j in jobs_2026] == ["fx_projecten.ipynb"]


def test_known_scopes_from_reference_tables():
    from analysis.report.config import known_scopes

    scopes = known_scopes()
    assert scopes["regio"] == ["Parkstad"]
    assert len(scopes["gemeente"]) == 7 and "Heerlen" in scopes["gemeente"]
    assert len(scopes["corporatie"]) == 9 and "Wonen Limburg" in scopes["corporatie"]


def test_slugify():
    assert slugify("Wonen Limburg") == "wonen-limburg"
    assert slugify("HEEMwonen") == "heemwonen"
    assert slugify("ZO Wonen") == "zo-wonen"


def _jobs(*notebooks: str) -> list[Job]:
    return [Job("q1", nb, f"/nb/{nb}", "regio", f"s{i}") for i, nb in enumerate(notebooks)]


@pytest.mark.parametrize("workers, expected", [
    (1, [0, 1, 2, 3, 4]),  # one worker: the configured order
    (2, [0, 2, 1, 3, 4]),  # the second worker starts on B, not on A's second report
    (3, [0, 2, 3, 1, 4]),
    (5, [0, 2, 3, 1, 4]),  # more workers than notebooks: one first report per notebook
])
def test_each_worker_starts_on_another_notebook_then_the_configured_order(workers, expected):
    jobs = _jobs("a.ipynb", "a.ipynb", "b.ipynb", "c.ipynb", "a.ipynb")
    assert run_order(jobs, workers) == expected


def test_one_notebook_keeps_the_configured_order():
    assert run_order(_jobs("a.ipynb", "a.ipynb", "a.ipynb"), 2) == [0, 1, 2]
    assert run_order([], 2) == []
