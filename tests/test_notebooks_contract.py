"""Every notebook: exactly one cell tagged ``parameters``, the common parameters, no stored
outputs; and the default report configuration only passes parameters the notebook declares."""

from __future__ import annotations

import json

import pytest

from analysis import config
from analysis.report.config import COMMON_PARAMETERS, load_jobs, notebook_parameters

NOTEBOOKS = sorted(config.NOTEBOOKS.glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_contract(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, f"{path.name}: {len(tagged)} cellen met tag 'parameters'"
    for i, cell in enumerate(nb["cells"]):
        tags = cell.get("metadata", {}).get("tags", [])
        assert "parameter" not in tags, f"{path.name} cel {i}: tag 'parameter' (enkelvoud) wordt genegeerd"
        if cell["cell_type"] == "code":
            assert cell.get("outputs", []) == [], f"{path.name} cel {i} heeft opgeslagen uitvoer"
            assert cell.get("execution_count") is None, f"{path.name} cel {i} heeft een execution_count"
    params, problems = notebook_parameters(path)
    assert problems == []
    missing = [p for p in COMMON_PARAMETERS if p not in params]
    assert not missing, f"{path.name} mist parameters {missing}"
    first = nb["cells"][0]
    assert first["cell_type"] == "markdown" and "".join(first["source"]).lstrip().startswith("# ")


def test_default_config_is_valid_for_the_notebooks():
    """Unknown notebook, undeclared parameter or unknown scope would raise here."""
    for year in (2025, 2026):
        jobs = load_jobs(year)
        assert jobs
        for job in jobs:
            declared, _ = notebook_parameters(config.NOTEBOOKS / job.notebook)
            assert set(job.parameters) <= set(declared)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_papermill_parses_every_parameter(path):
    """Papermill's own parser must read every declared parameter: a line it cannot parse (e.g. an
    ``=`` inside the trailing comment) makes it warn "Passed unknown parameter" and the report
    documentation (``--help-notebook``) loses the parameter."""
    import papermill

    parsed = set(papermill.inspect_notebook(str(path)))
    declared, _ = notebook_parameters(path)
    assert set(declared) <= parsed, f"{path.name}: papermill leest {sorted(set(declared) - parsed)} niet"
