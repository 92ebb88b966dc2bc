"""Register scale through the suite's own path: ``rpa validate``, then the energy-label and ageing analyses.

A synthetic dwelling register in the delivery format (``weller_2026_voorraad.csv`` with the
contract's Dutch headers, ``;``-separated with decimal commas, or ``weller_2026_voorraad.parquet``
with text columns as a corporation's export would hold them) of 40.000 rows (~Parkstad),
2.300.000 (~all Dutch corporations) and 23.000.000 (ten times that) is written to
``benchmarks/work/`` (git-ignored; generation not timed). Each (size, format) then runs in its
own process, so its peak memory (``ru_maxrss``) is its own:

1. ``validate``: :func:`analysis.deliveries.validate.validate_directory` on the folder, writing
   ``data/processed``-style output (the large-register path of
   :mod:`analysis.deliveries.register_large`, every problem per row and column, the sender's
   feedback workbook, parquet tables);
2. ``energy``: :func:`analysis.energy_labels.load_inputs` + ``analyse`` for the region, as the
   notebook runs them;
3. ``ageing``: :func:`analysis.ageing.load_inputs` + ``analyse`` for the region.

About 0,5 % of the rows carry a problem (an unknown label, a measure without year, a repeated
VHE number), so the problem path is measured too. The data are illustrative: label shares,
measures and the spread over the seven Parkstad municipalities are made up; every dwelling
belongs to one corporation (the sender of the file).

Usage::

    .venv/bin/python -m benchmarks.bench_register                      # 40k, 2.3M, 23M
    .venv/bin/python -m benchmarks.bench_register --sizes 1000 --formats csv
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
WORK = Path(os.environ.get("RPA_BENCH_WORK", HERE / "work"))  # env: used by the smoke test
RESULTS = HERE / "results_register.md"
YEAR = 2026
SENDER = "weller"
CHUNK_ROWS = 1_000_000
DEFAULT_SIZES = (40_000, 2_300_000, 23_000_000)
GOAL_SECONDS, GOAL_MB = 60.0, 2048  # issue 17: 2,3 M dwellings through validate + the two analyses

# Synthetic, illustrative distributions (not real figures).
LABELS = ["A++++", "A+++", "A++", "A+", "A", "B", "C", "D", "E", "F", "G"]
LABEL_P = np.array([1, 1, 2, 6, 25, 17, 18, 12, 8, 6, 4], dtype=float)
MEASURES = ["", "verduurzaming", "renovatie", "sloop", "verkoop"]
MEASURE_P = np.array([70, 18, 5, 4, 3], dtype=float)
ACCESS = ["ZON", "NUL", "GNV", "ROA", "ROL", ""]
ACCESS_P = np.array([70, 12, 8, 5, 2, 3], dtype=float)
FORMS = ["REG", "SEN", "ZWO"]
FORMS_P = np.array([85, 10, 5], dtype=float)


def _pick(rng, values, p, m):
    return np.asarray(values, dtype=object)[rng.choice(len(values), m, p=p / p.sum())]


def _chunk(start: int, m: int, seed: int):
    """One chunk of the register as a pyarrow table of text columns (the delivery's headers)."""
    import pyarrow as pa

    from analysis import reference, schemas

    rng = np.random.default_rng([seed, start])
    munis = reference.municipality_names()
    label = rng.choice(len(LABELS), m, p=LABEL_P / LABEL_P.sum())
    measure = _pick(rng, MEASURES, MEASURE_P, m)
    has = measure != ""
    build = rng.integers(1900, 2025, m)
    myear = np.where(has, rng.integers(YEAR, 2036, m), 0)
    improve = (measure == "verduurzaming") | (measure == "renovatie")
    after = np.where(improve, np.minimum(label, np.maximum(label - rng.integers(1, 6, m), 3)), -1)  # never worse
    rent = np.round(rng.normal(650, 120, m).clip(300, 1200), 2)
    ep2 = np.round(rng.normal(200, 80, m).clip(-150, 1400), 1)
    bad = rng.random(m)
    label_txt = np.asarray(LABELS, dtype=object)[label]
    label_txt[bad < 0.002] = "H"  # an unknown label
    myear_txt = np.where(has, myear.astype(str), "")
    myear_txt[(bad >= 0.002) & (bad < 0.004) & has] = ""  # a measure without year
    ids = np.char.add("VHE", np.char.zfill((np.arange(start, start + m)).astype(str), 9))
    dup = (bad >= 0.004) & (bad < 0.005) & (np.arange(start, start + m) > 0)
    ids[dup] = np.char.add("VHE", np.char.zfill((np.arange(start, start + m)[dup] - 1).astype(str), 9))
    yes_no = np.array(["nee", "ja"], dtype=object)
    cols = {
        "vhe_id": ids.astype(object), "municipality": _pick(rng, munis, np.ones(len(munis)), m),
        "district": np.full(m, "", dtype=object), "build_year": build.astype(str).astype(object),
        "dwelling_type": _pick(rng, ["EGW", "MGW"], np.array([55, 45.0]), m),
        "net_rent_eur": np.char.replace(rent.astype(str), ".", ",").astype(object),
        "energy_label": label_txt, "ep2_kwh_m2": np.char.replace(ep2.astype(str), ".", ",").astype(object),
        "gas_free": yes_no[(rng.random(m) < 0.08).astype(int)], "accessibility_label": _pick(rng, ACCESS, ACCESS_P, m),
        "bat_stars": rng.integers(0, 4, m).astype(str).astype(object),
        "housing_form": _pick(rng, FORMS, FORMS_P, m), "monument": yes_no[(rng.random(m) < 0.01).astype(int)],
        "planned_measure": measure, "measure_year": myear_txt.astype(object),
        "label_after": np.where(after >= 0, np.asarray(LABELS, dtype=object)[np.maximum(after, 0)], ""),
        "gas_free_after": np.where(improve, yes_no[(rng.random(m) < 0.2).astype(int)], ""),
    }
    headers = {f.name: f.header for f in schemas.VOORRAAD.fields}
    return pa.table({headers[k]: pa.array(list(v) if v.dtype == object else v, type=pa.string())
                     for k, v in cols.items()})


def generate(n: int, fmt: str, seed: int = 20260101) -> Path:
    """Write a synthetic register of ``n`` rows as ``<WORK>/<fmt>_<n>/2026/weller_2026_voorraad.<fmt>``."""
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    folder = WORK / f"{fmt}_{n}" / str(YEAR)
    path = folder / f"{SENDER}_{YEAR}_voorraad.{fmt}"
    if path.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    writer = None
    for start in range(0, n, CHUNK_ROWS):
        table = _chunk(start, min(CHUNK_ROWS, n - start), seed)
        if fmt == "parquet":
            writer = writer or pq.ParquetWriter(tmp, table.schema, compression="snappy")
            writer.write_table(table)
        else:
            opts = pacsv.WriteOptions(delimiter=";", quoting_style="none", include_header=start == 0)
            with open(tmp, "ab") as fh:
                pacsv.write_csv(table, fh, opts)
    if writer is not None:
        writer.close()
    tmp.rename(path)
    return folder


# --------------------------------------------------------------------------------------------
# One measured run (in a subprocess)
# --------------------------------------------------------------------------------------------


def run_one(n: int, fmt: str) -> dict:
    """Validate, then run the two analyses, in this process; imports are not part of ``total_s``."""
    from analysis import ageing  # noqa: F401 - imports outside the measured window
    from analysis import energy_labels as el
    from analysis.deliveries.validate import validate_directory

    folder = generate(n, fmt)
    processed = WORK / f"processed_{fmt}_{n}"
    shutil.rmtree(processed, ignore_errors=True)
    t0 = time.perf_counter()
    result = validate_directory(folder, processed / str(YEAR))
    t1 = time.perf_counter()
    counts = {"accepted": int(len(result.tables["stock"])), "rejected": int(result.n_rejected),
              "problems": len(result.problems)}
    del result  # the analyses read the processed files, as the notebooks do
    e_inputs = el.load_inputs(YEAR, processed)
    e_result = el.analyse(e_inputs, el.EnergyParams("regio", "Parkstad"))
    t2 = time.perf_counter()
    a_inputs = ageing.load_inputs(YEAR, processed)
    a_result = ageing.analyse(a_inputs, ageing.AgeingParams(scope_type="regio", scope="Parkstad", scenario="midden",
                                                                         horizon=2040))
    t3 = time.perf_counter()
    del e_inputs, a_inputs
    return {"rows": n, "format": fmt, "validate_s": t1 - t0, "energy_s": t2 - t1, "ageing_s": t3 - t2,
            "total_s": t3 - t0, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            **counts, "efg_now": _efg_now(e_result), "ageing_ok": a_result is not None}


def _efg_now(result) -> int | None:
    """The region's E/F/G dwellings now (a sanity figure that the analysis saw the register)."""
    head = getattr(result, "headline", None)
    if head is None or not len(head):
        return None
    for col in ("efg_now", "n_efg", "efg_start", "efg_remaining"):
        if col in head.columns:
            return int(head[col].iloc[0])
    return None


# --------------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------------


def _fmt(x: float, d: int = 1) -> str:
    from analysis.formatting import format_number

    return format_number(x, d)


def markdown(results: list[dict], argv: list[str]) -> str:
    """The results as a markdown section (machine, date, versions, command, table)."""
    import pandas as pd
    import pyarrow as pa

    lines = [
        "### Register scale through the suite's own path (rpa validate + energy labels + ageing)",
        "",
        f"- Command: `.venv/bin/python -m benchmarks.bench_register {' '.join(argv)}`".rstrip(),
        f"- Date: {date.today().isoformat()}; machine: {platform.machine()}, {os.cpu_count()} CPU, "
        f"{platform.system()} {platform.release()}; Python {platform.python_version()}, pandas {pd.__version__}, "
        f"pyarrow {pa.__version__}",
        f"- Goal (2,3 M dwellings): at most {_fmt(GOAL_SECONDS, 0)} s and {_fmt(GOAL_MB, 0)} MB peak; 23 M completes.",
        "- Synthetic, illustrative register of one sender in the delivery format (text cells, decimal commas), "
        "about 0,5 % of rows with a problem; generation not timed. Each run in its own process; peak = ru_maxrss "
        "of that process (includes the interpreter and imports, ~250 MB).",
        "",
        "| rows | format | validate s | energy labels s | ageing s | total s | peak MB | accepted | rejected | problems |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        if "error" in r:
            lines.append(f"| {_fmt(r['rows'], 0)} | {r['format']} | fout: {r['error']} ||||||||")
            continue
        lines.append(
            f"| {_fmt(r['rows'], 0)} | {r['format']} | {_fmt(r['validate_s'], 1)} | {_fmt(r['energy_s'], 1)} | "
            f"{_fmt(r['ageing_s'], 1)} | **{_fmt(r['total_s'], 1)}** | {_fmt(r['peak_mb'], 0)} | "
            f"{_fmt(r['accepted'], 0)} | {_fmt(r['rejected'], 0)} | {_fmt(r['problems'], 0)} |")
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES), help="comma-separated row counts")
    parser.add_argument("--formats", default="csv,parquet", help="csv,parquet")
    parser.add_argument("--output", default=str(RESULTS), help="markdown file to write ('' = none)")
    parser.add_argument("--run-one", nargs=2, metavar=("ROWS", "FORMAT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run_one:
        print(json.dumps(run_one(int(args.run_one[0]), args.run_one[1])))
        return 0
    sizes = [int(s.replace("_", "").replace(".", "")) for s in args.sizes.split(",") if s]
    results = []
    for n in sizes:
        for fmt in [f for f in args.formats.split(",") if f]:
            generate(n, fmt)
            proc = subprocess.run([sys.executable, "-m", "benchmarks.bench_register", "--run-one", str(n), fmt],
                                  capture_output=True, text=True, cwd=HERE.parent,
                                  env={**os.environ, "RPA_BENCH_WORK": str(WORK)})
            if proc.returncode != 0:
                tail = (proc.stderr.strip().splitlines() or ["?"])[-1][:120]
                results.append({"rows": n, "format": fmt, "error": tail})
            else:
                results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
            print(results[-1], file=sys.stderr)
    text = markdown(results, argv if argv is not None else sys.argv[1:])
    print(text)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    return 1 if any("error" in r for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
