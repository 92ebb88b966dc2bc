"""Register scale benchmark: validation + EFG trajectory + accessibility aggregates.

Synthetic dwelling registers (40.000 rows ~ Parkstad, 2.300.000 ~ all Dutch corporations,
23.000.000 = ten times that) are generated in chunks to ``benchmarks/work/`` (git-ignored) as
parquet. Each (size, engine) runs in its own subprocess so its peak memory (``ru_maxrss``) is its
own. Engines:

- ``pandas``: read the parquet into one DataFrame; vectorised checks
  (:func:`analysis.energy_labels.check_register`), dwelling-level data problems, cells,
  trajectory, accessibility counts.
- ``stream``: the same pandas code per record batch (pyarrow ``iter_batches``); cells and counts
  are additive and summed; ``vhe_id`` uniqueness over the whole file via 64-bit hashes.
- ``duckdb``: checks and a GROUP BY over the raw columns the classification needs
  (:data:`analysis.energy_labels.RAW_CELL_COLUMNS`) in DuckDB (out of core, memory limit 2 GB),
  then the same pandas classification on the pre-aggregated rows.

The synthetic data are illustrative: label shares, measures and names are made up, they are not
figures of any real corporation.

Usage::

    .venv/bin/python -m benchmarks.bench_register                      # 40k, 2.3M, 23M
    .venv/bin/python -m benchmarks.bench_register --sizes 1000 --engines pandas,duckdb
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
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
CHUNK_ROWS = 1_000_000
DEFAULT_SIZES = (40_000, 2_300_000, 23_000_000)
GOAL_SECONDS, GOAL_MB = 10.0, 2048  # the benchmark issue's goal for 2.3 M rows

# Synthetic, illustrative distributions (not real figures).
LABELS = ["A++++", "A+++", "A++", "A+", "A", "B", "C", "D", "E", "F", "G"]
LABEL_P = np.array([1, 1, 2, 6, 25, 17, 18, 12, 8, 6, 4], dtype=float)
MEASURES = [None, "verduurzaming", "renovatie", "sloop", "verkoop"]
MEASURE_P = np.array([70, 18, 5, 4, 3], dtype=float)
ACCESS = ["ZON", "NUL", "GNV", "ROA", "ROL", None]
ACCESS_P = np.array([70, 12, 8, 5, 2, 3], dtype=float)


def _names(n: int) -> tuple[list[str], list[str]]:
    """Corporation and municipality names: the Parkstad ones for a small register, else synthetic."""
    if n <= 100_000:
        from analysis import reference

        return reference.corporation_names(), reference.municipality_names()
    return [f"Corporatie {i:03d}" for i in range(1, 301)], [f"Gemeente {i:03d}" for i in range(1, 351)]


def generate(n: int, path: Path, seed: int = 20260101) -> Path:
    """Write a synthetic register of ``n`` rows to ``path`` in chunks (skipped when present)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    corps, munis = _names(n)
    tmp = path.with_suffix(".tmp")
    writer = None
    for start in range(0, n, CHUNK_ROWS):
        m = min(CHUNK_ROWS, n - start)
        rng = np.random.default_rng([seed, start])
        label = rng.choice(len(LABELS), m, p=LABEL_P / LABEL_P.sum())
        measure = rng.choice(len(MEASURES), m, p=MEASURE_P / MEASURE_P.sum())
        has = measure > 0
        year = np.where(has, rng.integers(YEAR - 1, 2036, m), 0)
        improve = (measure == 1) | (measure == 2)
        after = np.where(improve, np.maximum(label - rng.integers(1, 6, m), 3), -1)
        after = np.where(rng.random(m) < 0.005, label + 1, after)  # a few "worse" labels
        after = np.where(improve, np.minimum(after, 10), -1)
        ids = pc.binary_join_element_wise("VHE", pc.cast(pa.array(np.arange(start, start + m)), pa.string()), "")

        def dict_col(codes, values):
            idx = pa.array(codes, type=pa.int32(), mask=(codes < 0))
            return pa.DictionaryArray.from_arrays(idx, pa.array(values, type=pa.string()))

        acc = rng.choice(len(ACCESS), m, p=ACCESS_P / ACCESS_P.sum())
        acc = np.where(acc == len(ACCESS) - 1, -1, acc)
        # each corporation works in a handful of neighbouring municipalities (synthetic)
        corp = rng.integers(0, len(corps), m)
        muni = (corp * 7 + rng.integers(0, 5, m)) % len(munis)
        table = pa.table({
            "vhe_id": ids,
            "corporation": dict_col(corp, corps),
            "municipality": dict_col(muni, munis),
            "build_year": pa.array(rng.integers(1900, 2025, m), type=pa.int64()),
            "energy_label": dict_col(label, LABELS),
            "ep2_kwh_m2": pa.array(rng.normal(200, 80, m)),
            "gas_free": pa.array(rng.random(m) < 0.08),
            "monument": pa.array(rng.random(m) < 0.01),
            "planned_measure": dict_col(np.where(has, measure - 1, -1), MEASURES[1:]),
            "measure_year": pa.array(year, type=pa.int64(), mask=~has),
            "label_after": dict_col(after, LABELS),
            "gas_free_after": pa.array(rng.random(m) < 0.2, mask=~improve),
            "accessibility_label": dict_col(acc, [a for a in ACCESS if a]),
            "housing_form": dict_col(np.zeros(m, dtype=np.int32), ["REG"]),
        })
        if writer is None:
            writer = pq.ParquetWriter(tmp, table.schema, compression="snappy")
        writer.write_table(table)
    writer.close()
    tmp.rename(path)
    return path


# --------------------------------------------------------------------------------------------
# One measured run (in a subprocess)
# --------------------------------------------------------------------------------------------


def _run_pandas(path: Path, rules) -> dict:
    import pandas as pd  # noqa: F401  (import time excluded from the measured window below)
    import pyarrow.parquet as pq

    from analysis import energy_labels as el

    t0 = time.perf_counter()
    df = pq.read_table(path).to_pandas()
    t1 = time.perf_counter()
    checks = el.check_register(df)
    problems = el.find_data_problems(df, YEAR, rules)
    t2 = time.perf_counter()
    cells = el.compute_cells(df, YEAR, rules)
    traj = el.compute_efg_trajectory(cells, YEAR, rules, region_name="Nederland")
    t3 = time.perf_counter()
    acc = el.summarise_accessibility(df)
    t4 = time.perf_counter()
    return {"read_s": t1 - t0, "validate_s": t2 - t1, "trajectory_s": t3 - t2, "access_s": t4 - t3,
            "total_s": t4 - t0, "n_failed": int(checks["n_failed"].sum()), "n_problems": int(problems["vhe_id"].nunique()),
            "efg_start": _efg_start(traj), "n_access": int(acc["n_dwellings"].sum())}


def _run_stream(path: Path, rules, batch_rows: int = 1_000_000) -> dict:
    import pandas as pd
    import pyarrow.parquet as pq

    from analysis import energy_labels as el

    t0 = time.perf_counter()
    cells, accs, checks, hashes, n_problems = None, [], [], [], 0
    timing = {"read_s": 0.0, "validate_s": 0.0, "trajectory_s": 0.0, "access_s": 0.0}
    pf = pq.ParquetFile(path)
    for batch in pf.iter_batches(batch_size=batch_rows):
        a = time.perf_counter()
        df = batch.to_pandas()
        b = time.perf_counter()
        checks.append(el.check_register(df))
        hashes.append(pd.util.hash_pandas_object(df["vhe_id"], index=False).to_numpy())
        n_problems += int(el.find_data_problems(df, YEAR, rules)["vhe_id"].nunique())
        c = time.perf_counter()
        new = el.compute_cells(df, YEAR, rules)
        cells = new if cells is None else el.combine_cells([cells, new])  # running sum keeps memory flat
        d = time.perf_counter()
        accs.append(el.summarise_accessibility(df))
        e = time.perf_counter()
        timing["read_s"] += b - a
        timing["validate_s"] += c - b
        timing["trajectory_s"] += d - c
        timing["access_s"] += e - d
        del df
    a = time.perf_counter()
    allh = np.concatenate(hashes)
    dup_hashes = len(allh) - len(np.unique(allh))
    b = time.perf_counter()
    traj = el.compute_efg_trajectory(cells, YEAR, rules, region_name="Nederland")
    c = time.perf_counter()
    acc = pd.concat(accs).groupby(["municipality", "accessibility_label"])["n_dwellings"].sum()
    timing["validate_s"] += b - a
    timing["trajectory_s"] += c - b
    check = pd.concat(checks).groupby(["check", "column"])["n_failed"].sum()
    n_failed = int(check.drop(("uniek", "vhe_id"), errors="ignore").sum()) + dup_hashes
    return {**timing, "total_s": time.perf_counter() - t0, "n_failed": n_failed,
            "n_problems": n_problems, "efg_start": _efg_start(traj), "n_access": int(acc.sum())}


def _run_duckdb(path: Path, rules) -> dict:
    import duckdb

    from analysis import energy_labels as el
    from analysis import schemas

    t0 = time.perf_counter()
    con = duckdb.connect()
    (WORK / "duckdb_tmp").mkdir(parents=True, exist_ok=True)
    con.execute(f"SET memory_limit='{GOAL_MB // 2}MB'; SET temp_directory='{WORK / 'duckdb_tmp'}'")
    src = f"read_parquet('{path}')"
    labels = ", ".join(f"'{x}'" for x in schemas.CODE_LISTS["energy_label"])
    measures = ", ".join(f"'{x}'" for x in schemas.CODE_LISTS["planned_measure"])
    n_failed = con.execute(f"""
        SELECT (count(*) - count(DISTINCT vhe_id))
             + count(*) FILTER (WHERE vhe_id IS NULL OR corporation IS NULL OR municipality IS NULL)
             + count(*) FILTER (WHERE energy_label IS NULL OR energy_label NOT IN ({labels}))
             + count(*) FILTER (WHERE label_after IS NOT NULL AND label_after NOT IN ({labels}))
             + count(*) FILTER (WHERE planned_measure IS NOT NULL AND planned_measure NOT IN ({measures}))
             + count(*) FILTER (WHERE build_year IS NULL OR build_year < 1800 OR build_year > 2040)
             + count(*) FILTER (WHERE measure_year < 2000 OR measure_year > 2050)
        FROM {src}""").fetchone()[0]
    t1 = time.perf_counter()
    present = set(con.execute(f"SELECT * FROM {src} LIMIT 0").df().columns)  # older files: no gas_free_after
    cols = ", ".join(c for c in el.RAW_CELL_COLUMNS if c in present)
    raw = con.execute(f"SELECT {cols}, count(*) AS {el.WEIGHT} FROM {src} GROUP BY ALL").df()
    t2 = time.perf_counter()
    classified = el.classify_dwellings(raw, YEAR, rules)
    n_problems = int(classified.loc[classified["data_problem"], el.WEIGHT].sum())
    traj = el.compute_efg_trajectory(el.summarise_cells(classified), YEAR, rules, region_name="Nederland")
    t3 = time.perf_counter()
    acc = con.execute(f"SELECT municipality, coalesce(accessibility_label, 'onbekend') AS accessibility_label, "
                      f"count(*) AS n FROM {src} GROUP BY ALL").df()
    t4 = time.perf_counter()
    return {"read_s": 0.0, "validate_s": t1 - t0, "trajectory_s": t3 - t1, "access_s": t4 - t3,
            "total_s": t4 - t0, "n_failed": int(n_failed), "n_problems": n_problems,
            "efg_start": _efg_start(traj), "n_access": int(acc["n"].sum()), "raw_cells": len(raw),
            "aggregate_s": t2 - t1}


def _efg_start(traj) -> int:
    r = traj[(traj["scope_type"] == "regio")].iloc[0]
    return int(r["efg_remaining"] + r["exempt"] + r["improved"] + r["demolished"] + r["sold"])


def run_one(n: int, engine: str) -> dict:
    """Measure one (size, engine) in this process; imports are not part of ``total_s``."""
    import pandas  # noqa: F401
    import pyarrow  # noqa: F401

    from analysis import energy_labels as el

    rules = el.load_rules()
    path = generate(n, WORK / f"register_{n}.parquet")
    fn = {"pandas": _run_pandas, "stream": _run_stream, "duckdb": _run_duckdb}[engine]
    out = fn(path, rules)
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.update({"rows": n, "engine": engine})
    return out


# --------------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------------


def _default_engines(n: int) -> list[str]:
    return ["stream", "duckdb"] if n > 5_000_000 else ["pandas", "duckdb"]


def _fmt(x: float, d: int = 1) -> str:
    from analysis.formatting import format_number

    return format_number(x, d)


def markdown(results: list[dict], argv: list[str]) -> str:
    """The results as a markdown section (machine, date, versions, command, table)."""
    import duckdb
    import pandas as pd
    import pyarrow as pa

    lines = [
        "## Register scale (validation + EFG trajectory + accessibility aggregates)",
        "",
        f"- Command: `.venv/bin/python -m benchmarks.bench_register {' '.join(argv)}`".rstrip(),
        f"- Date: {date.today().isoformat()}; machine: {platform.machine()}, {os.cpu_count()} CPU, "
        f"{platform.system()} {platform.release()}; Python {platform.python_version()}, pandas {pd.__version__}, "
        f"pyarrow {pa.__version__}, duckdb {duckdb.__version__}",
        f"- Goal (2,3 M rows): at most {_fmt(GOAL_SECONDS, 0)} s and {_fmt(GOAL_MB, 0)} MB peak; 23 M completes.",
        "- Synthetic, illustrative registers (made-up label shares and measures), generated in chunks of "
        f"{_fmt(CHUNK_ROWS, 0)} rows to parquet; generation time not included. Each run in its own process; "
        "peak = ru_maxrss of that process (includes the Python interpreter and imports, ~150 MB).",
        "",
        "| rows | engine | read s | validate s | trajectory s | accessibility s | total s | peak MB | "
        "EFG at start | data problems | failed checks |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        if "error" in r:
            lines.append(f"| {_fmt(r['rows'], 0)} | {r['engine']} | fout: {r['error']} |||||||||")
            continue
        lines.append(
            f"| {_fmt(r['rows'], 0)} | {r['engine']} | {_fmt(r['read_s'], 2)} | {_fmt(r['validate_s'], 2)} | "
            f"{_fmt(r['trajectory_s'], 2)} | {_fmt(r['access_s'], 2)} | **{_fmt(r['total_s'], 2)}** | "
            f"{_fmt(r['peak_mb'], 0)} | {_fmt(r['efg_start'], 0)} | {_fmt(r['n_problems'], 0)} | "
            f"{_fmt(r['n_failed'], 0)} |")
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES),
                        help="comma-separated row counts")
    parser.add_argument("--engines", default="", help="pandas,stream,duckdb (default: by size)")
    parser.add_argument("--output", default=str(RESULTS), help="markdown file to write ('' = none)")
    parser.add_argument("--run-one", nargs=2, metavar=("ROWS", "ENGINE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run_one:
        print(json.dumps(run_one(int(args.run_one[0]), args.run_one[1])))
        return 0
    sizes = [int(s.replace("_", "").replace(".", "")) for s in args.sizes.split(",") if s]
    results = []
    for n in sizes:
        generate(n, WORK / f"register_{n}.parquet")
        engines = [e for e in args.engines.split(",") if e] or _default_engines(n)
        for engine in engines:
            proc = subprocess.run([sys.executable, "-m", "benchmarks.bench_register", "--run-one", str(n), engine],
                                  capture_output=True, text=True, cwd=HERE.parent,
                                  env={**os.environ, "RPA_BENCH_WORK": str(WORK)})
            if proc.returncode != 0:
                results.append({"rows": n, "engine": engine, "error": proc.stderr.strip().splitlines()[-1][:120]})
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
