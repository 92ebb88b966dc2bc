"""``rpa prepare``: make sure the processed data exists before a researcher opens JupyterLab.

Validates the deliveries of the reporting year and the year before (the monitor compares the
two) into ``data/processed/<year>``, exactly as ``rpa report`` does first, and skips a year whose
inputs and validation code are unchanged. ``make lab`` calls it.
"""

from __future__ import annotations

from pathlib import Path


def delivery_years(root: Path, year: int) -> list[int]:
    """The delivery years up to and including ``year`` that have a folder under ``root``, oldest first.

    Every report reads the reporting year and the year before; the monitor's backtest of the
    forecasts reads every earlier year too, so all of them are processed and keyed.
    """
    root = Path(root)
    found = [int(p.name) for p in root.iterdir() if p.is_dir() and p.name.isdigit()] if root.is_dir() else []
    return sorted(y for y in found if y <= int(year))


def process_years(data_dir: Path, processed_root: Path, year: int, log=print) -> tuple[dict, str | None]:
    """Validate the deliveries of every year up to ``year`` (:func:`delivery_years`) unless unchanged.

    Returns ``({year: (metadata, validated)}, None)``, or ``({...}, message)`` with a Dutch message
    when a year's deliveries cannot be used (nothing after it is validated).
    """
    from analysis.errors import ValidationFailed
    from analysis.report.runner_inputs import ensure_processed

    done: dict[int, tuple[dict, bool]] = {}
    for y in delivery_years(data_dir, year):
        if (data_dir / str(y)).is_dir():
            try:
                done[y] = ensure_processed(data_dir / str(y), processed_root / str(y), log=log)
            except ValidationFailed as exc:
                return done, f"De leveringen van {y} zijn onbruikbaar:\n{exc}"
    return done, None


def prepare(year: int | None = None, data_dir: str | Path | None = None,
            processed_root: str | Path | None = None, log=print) -> int:
    """Validate every delivery year up to ``year`` under ``data_dir`` into ``processed_root``; return the exit code."""
    from analysis import config
    from analysis.report.runner_inputs import latest_year, unknown_year_message

    data_dir = Path(data_dir) if data_dir else config.EXAMPLE_DIR
    processed_root = Path(processed_root) if processed_root else config.DATA_PROCESSED
    year = year or latest_year(data_dir)
    if year is None:
        log(f"Geen leveringen gevonden onder {data_dir}. Geef met --data de map met jaarmappen "
            "(bijvoorbeeld leveringen/, met leveringen/2026/).")
        return 2
    if not (data_dir / str(year)).is_dir():
        log(unknown_year_message(year, data_dir))
        return 2
    done, error = process_years(data_dir, processed_root, year, log)
    for y, (_meta, validated) in done.items():
        if not validated:
            log(f"Verwerkte data {y} is actueel ({processed_root / str(y)}).")
    if error:
        log(error)
        return 2
    log(f"Klaar: de notebooks kunnen {year} lezen uit {processed_root}.")
    return 0


def prepare_command(args) -> int:
    """Entry point of ``rpa prepare``."""
    return prepare(year=args.year, data_dir=args.data)
