"""PDF in an incremental run: print only what changed (:mod:`analysis.report.pdf` does the printing).

A report reused from the published set (:mod:`~analysis.report.runner_reuse`) brought its
``rapport.pdf`` along; only the reports made in this run are printed. A phase document (all
reports of a phase bound in one PDF) is printed again when any report of its phase was made
again or the phase holds other reports than before; otherwise the published one is copied.
Without a published set, or when every report was made again, this is
:func:`analysis.report.pdf.print_set`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

__all__ = ["print_changed"]


def _published_pdf(published: Path) -> dict:
    from analysis.report.runner_reuse import read_manifest

    manifest = read_manifest(published)
    if not manifest:
        return {}
    info = manifest.get("pdf") or {}
    phases: dict[str, set[str]] = {}
    for r in manifest.get("reports", []):
        if r.get("slug"):
            phases.setdefault(r.get("phase"), set()).add(r["slug"])
    return {"combined": info.get("combined") or {}, "phases": phases}


def print_changed(published: Path, set_dir: Path, results: list[dict], *, year: int, phase_titles: dict[str, str],
                  banner: str, log=print, workers: int = 2) -> dict:
    """Print the PDFs of the reports made in this run and the phase documents that changed.

    Returns what :func:`analysis.report.pdf.print_set` returns (``{"reports", "combined"}`` with
    paths relative to ``set_dir``, or ``{"skipped": reason}``), plus ``printed``: how many
    reports and phase documents were printed in this run.
    """
    from analysis.report import pdf
    from analysis.report.pdf_browser import print_pages

    ok = [r for r in results if r.get("status") == "ok" and r.get("html")]
    fresh = [r for r in ok if not r.get("reused") or not (Path(set_dir) / r["slug"] / "rapport.pdf").exists()]
    before = _published_pdf(published)
    if len(fresh) == len(ok) or not before:
        info = pdf.print_set(set_dir, results, year=year, phase_titles=phase_titles, banner=banner, log=log,
                             workers=workers)
        return {**info, "printed": {"reports": len(info.get("reports", {})),
                                    "combined": len(info.get("combined", {}))}}
    chromium = pdf.find_chromium()
    if chromium is None:
        log(pdf.MISSING_BROWSER)
        return {"skipped": pdf.MISSING_BROWSER}

    reports = {r["slug"]: str((Path(r["html"])).with_suffix(".pdf")) for r in ok}
    fresh_phases = {r["phase"] for r in fresh}
    combined, again = {}, set()
    for phase in phase_titles:
        rows = [r for r in ok if r["phase"] == phase]
        if not rows:
            continue
        rel = f"{phase}/{pdf.COMBINED_NAMES.get(phase, phase)}-{year}.pdf"
        old = Path(published) / before["combined"].get(phase, rel)
        same_reports = before["phases"].get(phase) == {r["slug"] for r in rows}
        if phase not in fresh_phases and same_reports and old.exists():
            shutil.copy2(old, Path(set_dir) / rel)
        else:
            again.add(phase)
        combined[phase] = rel
    documents = pdf.phase_documents(Path(set_dir), ok, phase_titles, year=year, banner=banner, phases=again)
    jobs = [(Path(set_dir) / r["html"], (Path(set_dir) / r["html"]).with_suffix(".pdf")) for r in fresh]
    print_pages(jobs + [(h, h.with_suffix(".pdf")) for h in documents.values()], chromium, workers)
    for html_path in documents.values():
        html_path.unlink()
    printed = len(documents)
    log(f"PDF: {len(fresh)} rapporten en {printed} gebundelde fasedocument(en) opnieuw afgedrukt; de andere "
        "zijn ongewijzigd overgenomen.")
    return {"reports": reports, "combined": combined, "printed": {"reports": len(fresh), "combined": printed}}
