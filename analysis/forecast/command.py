"""``rpa calibrate``: learn plan outcomes from every processed delivery and write what the simulation uses.

Reads ``<data>/<year>/`` for every year folder with processed deliveries (``rpa validate``),
matches the corporations' projects across them, estimates the outcome shares per plan status
and years ahead (:mod:`analysis.forecast.calibration`) and writes to ``<out>`` (default
``<data>/<last year>``):

- ``plan_outcome_calibration.csv``: the estimates with their counts and Wilson intervals;
- ``plan_outcome_parameters_used.csv``: the parameters the simulation uses (calibrated where the
  cell has at least ``calibration_min_n`` plans, else the reference default), with the basis;
- ``plan_outcome_matching.csv`` and ``plan_outcome_unmatched.csv``: what could not be matched;
- ``plan_outcome_calibration.json``: the provenance (years, checksums, settings, code version).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from analysis import config, processed
from analysis.checksums import sha256_file
from analysis.errors import ValidationFailed
from analysis.forecast.calibration import calibrate, select_parameters
from analysis.forecast.parameters import forecast_settings, plan_outcome_parameters
from analysis.formatting import format_number, format_percent

OUTPUT_FILES = ("plan_outcome_calibration.csv", "plan_outcome_parameters_used.csv", "plan_outcome_matching.csv",
                "plan_outcome_unmatched.csv", "plan_outcome_calibration.json")


def processed_years(data_dir: Path) -> list[int]:
    """Year folders under ``data_dir`` that hold processed projects."""
    if not data_dir.is_dir():
        return []
    return sorted(int(p.name) for p in data_dir.iterdir()
                  if p.is_dir() and p.name.isdigit() and len(p.name) == 4 and (p / "projects.parquet").exists())


def summary_lines(result, used, years: list[int], example: bool, min_n: int) -> list[str]:
    """What ``rpa calibrate`` prints (Dutch)."""
    m = result.matching
    lines = [f"Kalibratie van planuitkomsten op de leveringen {years[0]}-{years[-1]}"
             + (" (VOORBEELDDATA: illustratief, geen echte cijfers)" if example else "") + ":"]
    lines.append(f"  projectnummers gekoppeld tussen opeenvolgende leveringen: {format_number(m['matched'].sum())}; "
                 f"nieuw {format_number(m['new'].sum())}, verdwenen {format_number(m['vanished'].sum())}, "
                 f"hergebruikt {format_number(m['reused'].sum())}, teruggekeerd {format_number(m['returned'].sum())}")
    known = result.observations["outcome"].isin(("op_tijd", "vertraagd", "uitgevallen")).sum()
    lines.append(f"  planwaarnemingen met bekende uitkomst: {format_number(known)} "
                 f"(nog onbekend: {format_number(len(result.observations) - known)})")
    for e, u in zip(result.estimates.itertuples(), used.itertuples(), strict=True):
        share = (f"op tijd {format_percent(e.p_on_time, 0)} [{format_percent(e.p_on_time_low, 0)}-"
                 f"{format_percent(e.p_on_time_high, 0)}], vertraagd {format_percent(e.p_delayed, 0)}, "
                 f"uitgevallen {format_percent(e.p_dropped, 0)}") if e.n else "geen waarnemingen"
        lines.append(f"  {e.plan_status:<10} {u.band:>3} jaar vooruit: n = {e.n:>3}; {share}; gebruikt: {u.basis_outcome}")
    lines.append(f"  Minimaal {min_n} plannen per cel voor een geschatte kans; anders de referentiewaarde "
                 "(data/raw/reference/plan_outcome_parameters.csv). De jaarschok komt altijd uit de referentie.")
    return lines


def calibrate_command(args: argparse.Namespace) -> int:
    """Run the calibration (see the module docstring); exit code 1 when there is nothing to calibrate."""
    data_dir = Path(args.data) if args.data else config.DATA_PROCESSED
    years = processed_years(data_dir)
    if len(years) < 2:
        print(f"fout: minstens twee verwerkte leveringsjaren nodig in {data_dir} (gevonden: "
              f"{', '.join(map(str, years)) or 'geen'}); draai eerst 'rpa validate' per jaar.", file=sys.stderr)
        return 1
    deliveries, delivered, checksums, example = {}, {}, {}, False
    try:
        for y in years:
            data = processed.load(y, data_dir)
            deliveries[y] = data.projects
            delivered[y] = set(data.deliveries_corporation.get("corporation", []))
            checksums[str(y)] = sha256_file(data_dir / str(y) / "projects.parquet")
            example = example or data.example_data
    except ValidationFailed as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 1
    settings = forecast_settings()
    defaults = plan_outcome_parameters()
    result = calibrate(deliveries, defaults, settings, delivered=delivered)
    min_n = int(settings["calibration_min_n"])
    used = select_parameters(result.estimates, defaults, min_n)
    out = Path(args.out) if args.out else data_dir / str(years[-1])
    out.mkdir(parents=True, exist_ok=True)
    result.estimates.to_csv(out / OUTPUT_FILES[0], index=False)
    used.to_csv(out / OUTPUT_FILES[1], index=False)
    result.matching.to_csv(out / OUTPUT_FILES[2], index=False)
    result.unmatched.to_csv(out / OUTPUT_FILES[3], index=False)
    from analysis.report.runner_publish import git_version

    provenance = {"made": datetime.now(UTC).isoformat(timespec="seconds"), "years": years,
                  "data_dir": str(data_dir), "example_data": example, "projects_sha256": checksums,
                  "settings": settings, "reference": "data/raw/reference/plan_outcome_parameters.csv",
                  "code": git_version(config.ROOT), "files": list(OUTPUT_FILES[:4])}
    (out / OUTPUT_FILES[4]).write_text(json.dumps(provenance, indent=2, ensure_ascii=False), encoding="utf-8")
    print("\n".join(summary_lines(result, used, years, example, min_n)))
    print(f"Geschreven naar {out}")
    return 0
