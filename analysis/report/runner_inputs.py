"""The inputs of ``rpa report``: which year, which delivery files, and validating them once.

:func:`ensure_processed` validates a delivery folder into ``data/processed/<year>`` unless the
input files' checksums and the validation code are unchanged since the last run (recorded in
:data:`STAMP`). Light imports only: the validator is imported when it has to run.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from analysis import config as paths
from analysis.checksums import sha256_file

__all__ = [
    "DELIVERY_SUFFIXES", "STAMP", "delivery_files", "ensure_processed", "latest_year", "unknown_year_message",
    "years_with_data",
]

DELIVERY_SUFFIXES = (".xlsx", ".csv", ".parquet", ".md")


def delivery_files(directory: Path) -> dict[str, str]:
    """File name -> sha256 of every delivery file in ``directory`` (sorted, top level)."""
    return {
        p.name: sha256_file(p)
        for p in sorted(Path(directory).iterdir())
        if p.is_file() and not p.name.startswith((".", "~$")) and p.suffix.lower() in DELIVERY_SUFFIXES
    }


def years_with_data(data_dir: Path, marker: str | None = None) -> list[int]:
    """The ``<year>`` folders under ``data_dir`` that hold files (or ``marker``), sorted."""
    years = []
    if not Path(data_dir).is_dir():
        return []
    for p in Path(data_dir).iterdir():
        if p.is_dir() and p.name.isdigit() and len(p.name) == 4:
            if (marker and (p / marker).exists()) or (not marker and any(p.iterdir())):
                years.append(int(p.name))
    return sorted(years)


def latest_year(data_dir: Path, marker: str | None = None) -> int | None:
    """The highest ``<year>`` folder under ``data_dir`` that holds files (or ``marker``)."""
    years = years_with_data(data_dir, marker)
    return years[-1] if years else None


def unknown_year_message(year: int, data_dir: Path, marker: str | None = None) -> str:
    """Dutch: there is nothing for ``year`` under ``data_dir``, and which years there are.

    ``unknown_year_message(2031, Path("leveringen"))`` ->
    "Geen leveringen voor 2031 in leveringen. Jaren met leveringen: 2025 en 2026. Kies er een
    met --year (bijvoorbeeld --year 2026), of geef met --data een andere map."
    """
    what = "verwerkte gegevens" if marker else "leveringen"
    years = years_with_data(data_dir, marker)
    if not years:
        return (f"Geen {what} voor {year} in {data_dir}: daar staat geen jaarmap met {what}. "
                "Geef met --data de map met de jaarmappen (bijvoorbeeld leveringen/, met leveringen/2026/).")
    listed = ", ".join(str(y) for y in years[:-1]) + (" en " if len(years) > 1 else "") + str(years[-1])
    return (f"Geen {what} voor {year} in {data_dir}. Jaren met {what}: {listed}. "
            f"Kies er een met --year (bijvoorbeeld --year {years[-1]}), of geef met --data een andere map.")


def _code_fingerprint() -> str:
    """Hash of the code that validates deliveries: a change there forces re-validation."""
    h = hashlib.sha256()
    pkg = Path(__file__).resolve().parent.parent
    files = sorted((pkg / "deliveries").glob("*.py")) + [pkg / "schemas.py", pkg / "checksums.py"]
    files += sorted(pkg.glob("reference*.py"))
    files += sorted(paths.REFERENCE_DIR.glob("*.csv"))
    for f in files:
        if f.exists():
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return h.hexdigest()


STAMP = ".rpa-report-inputs.json"


def ensure_processed(source: Path, target: Path, log=print) -> tuple[dict, bool]:
    """Validate ``source`` into ``target`` unless nothing changed; return (metadata, validated).

    Unchanged means: ``target/metadata.json`` exists and the stamp written after the last
    validation records the same sha256 per input file and the same validation code.
    """
    inputs = delivery_files(source)
    fingerprint = _code_fingerprint()
    stamp_path = target / STAMP
    meta_path = target / "metadata.json"
    if stamp_path.exists() and meta_path.exists():
        try:
            stamp = json.loads(stamp_path.read_text(encoding="utf-8"))
        except ValueError:
            stamp = {}
        if stamp.get("files") == inputs and stamp.get("code") == fingerprint:
            return json.loads(meta_path.read_text(encoding="utf-8")), False
    log(f"Leveringen {source} controleren -> {target}")
    from analysis.deliveries.validate import validate_directory
    from analysis.formatting import format_number

    target.mkdir(parents=True, exist_ok=True)
    result = validate_directory(source, target)
    read = sum(r["rows_read"] for r in result.reconciliation)
    log(f"  {len(result.files)} bestanden, {format_number(read)} rijen gelezen, "
        f"{format_number(result.n_rejected)} afgekeurd"
        + (f", {len(result.unreadable)} onleesbaar" if result.unreadable else "")
        + (f" (details: rpa validate {source})" if result.n_rejected or result.unreadable else ""))
    stamp_path.write_text(json.dumps({"files": inputs, "code": fingerprint}, indent=2) + "\n", encoding="utf-8")
    return json.loads(meta_path.read_text(encoding="utf-8")), True
