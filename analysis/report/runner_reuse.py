"""Incremental runs of ``rpa report``: a report whose ingredients did not change is reused.

A report is made from four things; their fingerprint is its *key*, recorded in ``manifest.json``:

- ``notebook``: the notebook file (sha256);
- ``parameters``: its parameters (phase, scope, the configuration's extra parameters; not the
  folders, which differ per run);
- ``inputs``: the deliveries (sha256 per delivery file) of every year up to the reporting year,
  and whether they are example data. Every analysis reads all deliveries of its year
  (:func:`analysis.processed.load` reads every table; a region's figures sum every party and a
  party's report compares with the region), and the monitor also reads the earlier years (its backtest), so a
  change in one corporation's delivery redoes every report of the set;
- ``code``: the code version: a hash of the ``analysis`` package's source (the one imported), the
  data under ``data/raw`` other than the deliveries (reference, public, standards, forecasts) and
  the versions of the packages that compute and render (pandas, matplotlib, papermill, ...). Not
  the git commit: analysts edit without committing.

When all four equal those of the published set's report (which succeeded), its folder is copied
into the new set (copied, not linked) and the report is not run. ``--force`` redoes everything. The
summary says how many were reused and why each other one was redone.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from analysis.checksums import sha256_file

__all__ = ["REASONS", "code_version", "plan_reuse", "previous_reports", "read_manifest", "redo_reason", "report_key", "reuse_folder",
           "reuse_folder_file", "reuse_summary"]

#: Why a report was made again (Dutch, for the summary and the manifest).
REASONS = {
    "force": "--force: alles opnieuw",
    "new": "nieuw rapport (stond niet in de gepubliceerde set)",
    "failed": "vorige keer mislukt of onvolledig",
    "notebook": "notebook gewijzigd",
    "parameters": "parameters gewijzigd",
    "inputs": "leveringen gewijzigd",
    "code": "code of referentiegegevens gewijzigd",
}
_KEY_PARTS = ("notebook", "parameters", "inputs", "code")
#: Parameters that are folders of one run, not ingredients of the report.
_RUN_PARAMETERS = ("data_dir", "output_dir")


def _digest(obj) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, default=str).encode()).hexdigest()


def code_version(root: Path | None = None) -> str:
    """The code version (:func:`analysis.cache.code_version`: sources, data besides the deliveries, versions)."""
    from analysis.cache import code_version as _code_version

    return _code_version(root)


def report_key(notebook_path: str, parameters: dict, inputs: dict, code: str) -> dict:
    """The fingerprint of one report: one sha256 per ingredient (see the module docstring)."""
    params = {k: v for k, v in parameters.items() if k not in _RUN_PARAMETERS}
    ins = {y: {"files": v.get("files", {}), "example_data": v.get("example_data")} for y, v in sorted(inputs.items())}
    return {"notebook": sha256_file(Path(notebook_path)), "parameters": _digest(params), "inputs": _digest(ins),
            "code": code}


def read_manifest(set_dir: Path) -> dict:
    """The published set's ``manifest.json`` ({} when there is none or it is unreadable)."""
    path = Path(set_dir) / "manifest.json"
    try:
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except ValueError:
        return {}


def previous_reports(set_dir: Path) -> dict[str, dict]:
    """The published set's reports by folder (slug), from its ``manifest.json`` ({} when there is none)."""
    manifest = read_manifest(set_dir)
    out = {}
    for r in manifest.get("reports", []):
        slug = r.get("slug") or (r.get("html") or "").rsplit("/rapport.html", 1)[0]
        if slug:
            out[slug] = {**r, "made": r.get("made") or manifest.get("report_date")}
    return out


def plan_reuse(jobs: list, year: int, inputs: dict, published: Path, set_dir: Path, force: bool,
               code: str | None = None) -> tuple[list[int], dict[int, dict], dict[int, dict]]:
    """Split ``jobs`` into those to run and those reused from the published set ``published``.

    Returns ``(to_run, reused, keys)``: indexes of the jobs to run (their ``redo_reason`` in
    ``keys[i]["reason"]``), the result dicts of the reused reports (their folders already copied
    into ``set_dir``) and every job's key.
    """
    from dataclasses import asdict

    code = code or code_version()
    previous = {} if force else previous_reports(published)
    to_run, reused, keys = [], {}, {}
    for i, job in enumerate(jobs):
        key = report_key(job.notebook_path, job.all_parameters(year, "", ""), inputs, code)
        prev = previous.get(job.slug)
        reason = redo_reason(prev, key, published, job.slug, force)
        keys[i] = {"key": key, "reason": reason}
        if reason is not None:
            to_run.append(i)
            continue
        reuse_folder(Path(published) / job.slug, Path(set_dir) / job.slug)
        reused[i] = {**asdict(job), "slug": job.slug, "status": "ok", "error": None, "cell": None,
                     **{k: prev.get(k) for k in ("title", "html", "pdf", "xlsx", "tables", "timings", "made")},
                     "reused": True}
    return to_run, reused, keys


def redo_reason(previous: dict | None, key: dict, set_dir: Path, slug: str, force: bool) -> str | None:
    """None when the published report can be reused, else the reason (a key of :data:`REASONS`)."""
    if force:
        return "force"
    if previous is None:
        return "new"
    if previous.get("status") != "ok" or not (Path(set_dir) / slug / "rapport.html").exists():
        return "failed"
    old = previous.get("key") or {}
    for part in _KEY_PARTS:
        if old.get(part) != key[part]:
            return part
    return None


def reuse_folder(source: Path, target: Path) -> None:
    """Copy a published report's folder into the new set.

    A copy, not a hard link: the new set rewrites some of its files (the links at the top of each
    report, :func:`analysis.report.index.link_reports`), and a link would change the published set
    with it, before (or without) the new set being published.
    """
    shutil.copytree(source, target, dirs_exist_ok=True)


def reuse_summary(results: list[dict]) -> list[str]:
    """Dutch lines: how many reports were reused, and per reason which were made again.

    ``["2 van 3 rapporten hergebruikt uit de gepubliceerde set (niets aan veranderd).",
    "1 opnieuw gemaakt: notebook gewijzigd: q1/01_portefeuille/regio-parkstad"]``
    """
    reused = [r for r in results if r.get("reused")]
    redone: dict[str, list[str]] = {}
    for r in results:
        if not r.get("reused"):
            redone.setdefault(r.get("redo_reason") or "new", []).append(r["slug"])
    # "niets aan veranderd" is said of the reused reports only: on a first run none is reused
    lines = [f"{len(reused)} van {len(results)} rapporten hergebruikt uit de gepubliceerde set (niets aan veranderd)."
             if reused else f"Geen van de {len(results)} rapporten hergebruikt uit de gepubliceerde set."]
    for reason, slugs in redone.items():
        shown = ", ".join(slugs[:5]) + (f" en {len(slugs) - 5} andere" if len(slugs) > 5 else "")
        lines.append(f"{len(slugs)} opnieuw gemaakt: {REASONS.get(reason, reason)}: {shown}")
    return lines


def reuse_folder_file(src: Path, dst: Path) -> None:
    """One file of the published set into the new set (a copy, see :func:`reuse_folder`)."""
    shutil.copy2(src, dst)
