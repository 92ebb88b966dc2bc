"""Benchmark: validate a register of 40.000 dwellings (one corporation) and print the time.

    .venv/bin/python -m benchmarks.bench_validate [--rows 40000]

Writes a synthetic (clearly fake) voorraad sheet with the template writer into a temporary
folder, then times reading + validating + writing the processed tables. Not a timed test.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.deliveries.templates import write_workbook
from analysis.deliveries.validate import validate_directory


def make_register(n: int, seed: int = 1) -> pd.DataFrame:
    """A fake dwelling register of ``n`` rows (benchmark input only, no real figures)."""
    rng = np.random.default_rng(seed)
    gemeenten = np.array(["Heerlen", "Kerkrade", "Landgraaf", "Brunssum", "Simpelveld", "Voerendaal", "Beekdaelen"])
    labels = np.array(["A++", "A", "B", "C", "D", "E", "F", "G"])
    measure = rng.random(n) < 0.2
    return pd.DataFrame({
        "vhe-nummer": [f"VHE{i:07d}" for i in range(n)],
        "gemeente": gemeenten[rng.integers(0, len(gemeenten), n)],
        "wijk": "Centrum",
        "bouwjaar": rng.integers(1900, 2024, n),
        "woningtype": np.where(rng.random(n) < 0.5, "eengezinswoning", "meergezinswoning"),
        "netto huur": np.round(rng.uniform(350, 900, n), 2),
        "energielabel": labels[rng.integers(0, len(labels), n)],
        "ep2": np.round(rng.uniform(50, 400, n), 1),
        "aardgasvrij": np.where(rng.random(n) < 0.1, "ja", "nee"),
        "toegankelijkheid": "ZON",
        "bat-sterren": rng.integers(0, 4, n),
        "woonvorm": "regulier",
        "monument": "nee",
        "geplande ingreep": np.where(measure, "verduurzaming", None),
        "jaar ingreep": np.where(measure, 2027, None),
        "label na ingreep": np.where(measure, "A", None),
    })


def run(rows: int = 40_000) -> dict[str, float]:
    """Write the workbook, validate it; return timings in seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "2026"
        t0 = time.perf_counter()
        write_workbook(src / "bench_2026.xlsx", "corporatie", {
            "levering": pd.DataFrame([{"corporatie": "Weller", "leveringsjaar": 2026}]),
            "voorraad": make_register(rows),
        })
        t1 = time.perf_counter()
        result = validate_directory(src, Path(tmp) / "out")
        t2 = time.perf_counter()
        assert len(result.tables["stock"]) == rows, result.n_rejected
    return {"rows": rows, "write_s": t1 - t0, "validate_s": t2 - t1}


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=40_000)
    args = parser.parse_args(argv)
    res = run(args.rows)
    print(f"bench_validate: {res['rows']:,} woningen; schrijven {res['write_s']:.1f} s; "
          f"valideren (lezen + controleren + parquet) {res['validate_s']:.1f} s".replace(",", "."))
    return res


if __name__ == "__main__":
    main()
