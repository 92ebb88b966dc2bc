"""The report configuration: which notebooks run for which scopes in which phase.

Chapter 3 of the agreement sets the yearly rhythm: Q1 the corporations' prognosis, Q2 the
realisation of the year before, Q3 the administrative interim report (bestuurlijke
tussenrapportage). ``reports/default.yml`` says, per phase, which notebook runs for which
scopes with which extra parameters; ``reports/<year>.yml`` may replace whole phases for one
year. The file is validated completely *before* anything executes: an unknown notebook, a
parameter the notebook does not declare in its ``parameters`` cell, or an unknown scope all
end up in one :class:`~analysis.errors.ValidationFailed` listing every problem.

The models are frozen pydantic models with ``extra="forbid"``, so a misspelt key in the YAML
is an error, not silently ignored.

Example (``reports/default.yml``)::

    phases:
      q1:
        title: "Q1 prognose"
        runs:
          - notebook: 01_portefeuille.ipynb
            scope_type: regio              # regio | gemeente | corporatie
            scopes: all                    # or a list of names
            parameters: {}                 # extra parameters, must be declared by the notebook
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from analysis import config as paths
from analysis.errors import Problem, ValidationFailed

PHASES = ("q1", "q2", "q3")
PHASE_TITLES = {
    "q1": "Q1 prognose",
    "q2": "Q2 realisatie",
    "q3": "Q3 bestuurlijke tussenrapportage",
}
SCOPE_TYPES = ("regio", "gemeente", "corporatie")
#: Parameters the runner passes itself; a config may not set them.
COMMON_PARAMETERS = ("year", "phase", "scope_type", "scope", "data_dir", "output_dir")


class RunSpec(BaseModel):
    """One notebook for one scope type and a set of scopes."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    notebook: str
    scope_type: Literal["regio", "gemeente", "corporatie"]
    scopes: Literal["all"] | tuple[str, ...] = "all"
    parameters: dict[str, str | int | float | bool] = {}


class PhaseSpec(BaseModel):
    """The reports of one phase."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str | None = None
    runs: tuple[RunSpec, ...] = ()


class ReportConfig(BaseModel):
    """A whole report configuration file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    description: str | None = None
    phases: dict[Literal["q1", "q2", "q3"], PhaseSpec]


@dataclass(frozen=True)
class Job:
    """One report: one notebook for one scope in one phase (the unit the runner executes)."""

    phase: str
    notebook: str  # file name in the notebooks folder
    notebook_path: str
    scope_type: str
    scope: str
    parameters: dict = field(default_factory=dict)  # extra parameters only

    @property
    def slug(self) -> str:
        """Folder name of this report inside the set: ``q1/01_portefeuille/regio-parkstad``."""
        return f"{self.phase}/{Path(self.notebook).stem}/{self.scope_type}-{slugify(self.scope)}"

    def all_parameters(self, year: int, data_dir: str, output_dir: str) -> dict:
        """Everything papermill injects: the common parameters plus the extra ones."""
        out = dict(self.parameters)
        out.update(
            year=year, phase=self.phase, scope_type=self.scope_type, scope=self.scope,
            data_dir=data_dir, output_dir=output_dir,
        )
        return out


def slugify(text: str) -> str:
    """``'Wonen Limburg' -> 'wonen-limburg'`` (ASCII letters, digits and dashes)."""
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s or "x"


# --------------------------------------------------------------------------- notebooks


def notebook_parameters(path: Path) -> tuple[dict[str, str], list[str]]:
    """Parameters declared in the notebook's cell tagged ``parameters``.

    Parsed with :mod:`ast` (``name: type = value`` or ``name = value``), the same information
    ``papermill.inspect_notebook`` gives, without importing papermill in the parent process.

    Returns:
        (name -> source text of the default value, problems as Dutch sentences).
    """
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    cells = [c for c in nb.get("cells", []) if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        return {}, [f"heeft {len(cells)} cellen met tag 'parameters' (precies 1 verwacht)"]
    src = cells[0].get("source", "")
    src = "".join(src) if isinstance(src, list) else src
    try:
        tree = ast.parse(src)
    except SyntaxError as exc:
        return {}, [f"parametercel is geen geldige Python: {exc}"]
    out: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            out[node.target.id] = ast.get_source_segment(src, node.value) if node.value else ""
        elif isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    out[t.id] = ast.get_source_segment(src, node.value) or ""
    return out, []


# --------------------------------------------------------------------------- scopes


def known_scopes() -> dict[str, list[str]]:
    """Scope type -> canonical names, from the reference tables."""
    from analysis import reference

    mun = reference.municipalities()
    regions = sorted(set(mun["region_name"].tolist()))
    return {
        "regio": regions,
        "gemeente": mun["name"].tolist(),
        "corporatie": reference.corporations()["name"].tolist(),
    }


# --------------------------------------------------------------------------- loading


def _read_yaml(path: Path, problems: list[Problem]) -> ReportConfig | None:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        problems.append(Problem(path.name, "", None, "", "", f"leesbare YAML ({exc})"))
        return None
    try:
        return ReportConfig.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            loc = ".".join(str(x) for x in err["loc"])
            problems.append(Problem(path.name, "", None, loc, str(err.get("input", ""))[:80], err["msg"]))
        return None


def config_files(year: int, config_path: Path | None = None, reports_dir: Path | None = None) -> list[Path]:
    """The files that make up the configuration of ``year``, in order of precedence (last wins).

    ``config_path`` given: only that file. Otherwise ``reports/default.yml`` and, if present,
    ``reports/<year>.yml`` whose phases replace those of the default.
    """
    if config_path is not None:
        return [Path(config_path)]
    reports_dir = Path(reports_dir) if reports_dir else paths.REPORTS_CONFIG
    files = [reports_dir / "default.yml"]
    if (reports_dir / f"{year}.yml").exists():
        files.append(reports_dir / f"{year}.yml")
    return files


def load_jobs(
    year: int,
    phases: tuple[str, ...] = PHASES,
    config_path: Path | None = None,
    *,
    notebooks_dir: Path | None = None,
    reports_dir: Path | None = None,
    scopes: dict[str, list[str]] | None = None,
) -> list[Job]:
    """Read, merge and validate the configuration; return the jobs of ``phases`` in order.

    Raises:
        ValidationFailed: every problem at once (file, key, value, what was expected).
    """
    notebooks_dir = Path(notebooks_dir) if notebooks_dir else paths.NOTEBOOKS
    problems: list[Problem] = []
    merged: dict[str, PhaseSpec] = {}
    files = config_files(year, config_path, reports_dir)
    for f in files:
        if not f.exists():
            problems.append(Problem(f.name, "", None, "", str(f), "een bestaand configuratiebestand"))
            continue
        cfg = _read_yaml(f, problems)
        if cfg is not None:
            merged.update(cfg.phases)
    if problems:
        raise ValidationFailed(problems, what="rapportconfiguratie")
    scopes = scopes if scopes is not None else known_scopes()
    fname = files[-1].name if len(files) == 1 else "+".join(f.name for f in files)
    jobs: list[Job] = []
    declared_cache: dict[str, dict[str, str] | None] = {}
    for phase in phases:
        spec = merged.get(phase)
        if spec is None:
            continue
        for i, run in enumerate(spec.runs):
            where = f"phases.{phase}.runs[{i}]"
            nb_path = notebooks_dir / run.notebook
            if run.notebook not in declared_cache:
                if not nb_path.exists():
                    declared_cache[run.notebook] = None
                    available = sorted(p.name for p in notebooks_dir.glob("*.ipynb"))
                    problems.append(Problem(fname, "", None, f"{where}.notebook", run.notebook,
                                            "een notebook in " + str(notebooks_dir)
                                            + (f" (beschikbaar: {', '.join(available)})" if available else "")))
                else:
                    declared, nb_problems = notebook_parameters(nb_path)
                    for p in nb_problems:
                        problems.append(Problem(fname, "", None, f"{where}.notebook", run.notebook, p))
                    declared_cache[run.notebook] = declared if not nb_problems else None
            declared = declared_cache[run.notebook]
            if declared is not None:
                for name in COMMON_PARAMETERS:
                    if name not in declared:
                        problems.append(Problem(fname, "", None, f"{where}.notebook", run.notebook,
                                                f"een parametercel die '{name}' declareert"))
                for name in run.parameters:
                    if name in COMMON_PARAMETERS:
                        problems.append(Problem(fname, "", None, f"{where}.parameters.{name}", name,
                                                "geen gemeenschappelijke parameter (die zet de runner zelf)"))
                    elif name not in declared:
                        problems.append(Problem(fname, "", None, f"{where}.parameters.{name}", name,
                                                "een parameter die het notebook declareert ("
                                                + ", ".join(sorted(declared)) + ")"))
            allowed = scopes.get(run.scope_type, [])
            names = list(allowed) if run.scopes == "all" else list(run.scopes)
            if not names:
                problems.append(Problem(fname, "", None, f"{where}.scopes", "", "minstens één scope"))
            for name in names:
                if name not in allowed:
                    problems.append(Problem(fname, "", None, f"{where}.scopes", name,
                                            f"een bekende {run.scope_type} ({', '.join(allowed)})"))
                    continue
                jobs.append(Job(phase, run.notebook, str(nb_path), run.scope_type, name, dict(run.parameters)))
    slugs = [j.slug for j in jobs]
    for s in sorted({s for s in slugs if slugs.count(s) > 1}):
        problems.append(Problem(fname, "", None, "phases", s, "elk rapport (fase, notebook, scope) maar één keer"))
    if problems:
        raise ValidationFailed(problems, what="rapportconfiguratie")
    return jobs


def run_order(jobs: list[Job], workers: int) -> list[int]:
    """The order in which the workers take the jobs: the configured one, each worker's first from another notebook.

    What every scope of an analysis shares is computed once per run by whichever report asks
    first; a second report asking for it meanwhile waits (:mod:`analysis.cache`). In the
    configured order the first two reports are both the portfolio's, so one worker waited about
    0,6 s for the other's simulation at the start of every run. Here the first report of each
    worker is of a different notebook (as far as there are notebooks); the rest follow in the
    configured order. Only the order of working changes: the set, the manifest and the index
    list the reports in the configured order.
    """
    lead: list[int] = []
    notebooks: set[str] = set()
    for i, job in enumerate(jobs):
        if len(lead) < workers and job.notebook not in notebooks:
            lead.append(i)
            notebooks.add(job.notebook)
    return lead + [i for i in range(len(jobs)) if i not in lead]
