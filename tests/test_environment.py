"""environment.yml (conda) and pyproject.toml (pip) list the same dependencies.

Conda package names differ from PyPI names for a few packages; :data:`CONDA_TO_PYPI` maps
them (``python-duckdb`` on conda-forge is ``duckdb`` on PyPI). Both files must name the same
packages with the same minimum versions; ``python`` and ``pip`` are conda-only, and the
``pip: [-e .]`` entry installs the suite itself.
"""

from __future__ import annotations

import re
import tomllib

import pytest
import yaml

from analysis import config

CONDA_TO_PYPI = {"python-duckdb": "duckdb"}
CONDA_ONLY = {"python", "pip"}
_SPEC = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(?:\[[^\]]*\])?\s*(.*?)\s*$")


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_requirement(text: str) -> tuple[str, str]:
    """``"pandas>=2.2"`` -> ``("pandas", ">=2.2")``; ``"ruff"`` -> ``("ruff", "")``."""
    m = _SPEC.match(text)
    assert m, text
    name, spec = m.group(1), re.sub(r"\s+", "", m.group(2))
    # conda also accepts "pandas 2.2" / "pandas=2.2"; the suite's files use pip syntax only
    return _canonical(name), spec


def pyproject_requirements() -> dict[str, str]:
    data = tomllib.loads((config.ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = data["project"]
    reqs = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        reqs.extend(extra)
    out: dict[str, str] = {}
    for r in reqs:
        name, spec = parse_requirement(r.split(";")[0])
        out[name] = spec
    return out


def conda_requirements() -> tuple[dict[str, str], list[str]]:
    env = yaml.safe_load((config.ROOT / "environment.yml").read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    pip_entries: list[str] = []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip_entries.extend(dep.get("pip", []))
            continue
        name, spec = parse_requirement(str(dep))
        if name in CONDA_ONLY:
            continue
        out[_canonical(CONDA_TO_PYPI.get(name, name))] = spec
    return out, pip_entries


def test_parse_requirement():
    assert parse_requirement("pandas>=2.2") == ("pandas", ">=2.2")
    assert parse_requirement("python-duckdb >= 1.0") == ("python-duckdb", ">=1.0")
    assert parse_requirement("Py_YAML") == ("py-yaml", "")
    assert parse_requirement("pandera[io]>=0.20") == ("pandera", ">=0.20")


def test_same_package_names():
    pip = pyproject_requirements()
    conda, _ = conda_requirements()
    assert sorted(set(pip) - set(conda)) == [], "in pyproject.toml maar niet in environment.yml"
    assert sorted(set(conda) - set(pip)) == [], "in environment.yml maar niet in pyproject.toml"


def test_same_minimum_versions():
    pip = pyproject_requirements()
    conda, _ = conda_requirements()
    differ = {n: (pip[n], conda[n]) for n in set(pip) & set(conda) if pip[n] != conda[n]}
    assert differ == {}


def test_every_dependency_has_a_minimum_version():
    pip = pyproject_requirements()
    assert [n for n, spec in pip.items() if not spec.startswith(">=")] == []


def test_environment_installs_the_suite_itself():
    env = yaml.safe_load((config.ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert "conda-forge" in env["channels"]
    _, pip_entries = conda_requirements()
    assert "-e ." in pip_entries


@pytest.mark.parametrize("needed", ["jupyterlab", "pandas", "numpy", "matplotlib", "seaborn",
                                    "papermill", "nbconvert", "openpyxl", "pyarrow", "pytest", "ruff"])
def test_issue_dependencies_are_listed(needed):
    assert needed in pyproject_requirements()
    assert "pandera" in pyproject_requirements() or "pydantic" in pyproject_requirements()


def test_same_python_version():
    data = tomllib.loads((config.ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    env = yaml.safe_load((config.ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda_python = [parse_requirement(str(d))[1] for d in env["dependencies"]
                    if isinstance(d, str) and parse_requirement(d)[0] == "python"]
    assert conda_python == [re.sub(r"\s+", "", data["project"]["requires-python"])]
