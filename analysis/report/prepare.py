"""``rpa prepare``: make sure the processed data exists before a researcher opens JupyterLab.

Validates the deliveries of the reporting year and the year before (the monitor compares the
two) into ``data/processed/<year>``, exactly as ``rpa report`` does first, and skips a year whose
inputs and validation code are unchanged. ``make lab`` calls it.
"""

from __future__ import annotations

from pathlib import Path


def prepare(year: int | None = None, data_dir: str | Path | None = None,
            processed_root: str | Path | None = None, log=print) -> int:
    """Validate ``data_dir/<year - 1>`` and ``data_dir/<year>`` into ``processed_root``; return the exit code."""
    from analysis import config
    from analysis.errors import ValidationFailed
    from analysis.report.runner_inputs import ensure_processed, latest_year

    data_dir = Path(data_dir) if data_dir else config.EXAMPLE_DIR
    processed_root = Path(processed_root) if processed_root else config.DATA_PROCESSED
    year = year or latest_year(data_dir)
    if year is None or not (data_dir / str(year)).is_dir():
        log(f"Geen leveringen gevonden onder {data_dir}" + (f" voor {year}." if year else ".")
            + " Geef met --data de map met jaarmappen (bijvoorbeeld leveringen/2026).")
        return 2
    for y in (year - 1, year):
        if (data_dir / str(y)).is_dir():
            try:
                _, validated = ensure_processed(data_dir / str(y), processed_root / str(y), log=log)
            except ValidationFailed as exc:
                log(f"De leveringen van {y} zijn onbruikbaar:\n{exc}")
                return 2
            if not validated:
                log(f"Verwerkte data {y} is actueel ({processed_root / str(y)}).")
    log(f"Klaar: de notebooks kunnen {year} lezen uit {processed_root}.")
    return 0


def prepare_command(args) -> int:
    """Entry point of ``rpa prepare``."""
    return prepare(year=args.year, data_dir=args.data)
