"""Benchmark: validate a register of 40.000 dwellings, and compare workbook readers side by side.

    .venv/bin/python -m benchmarks.bench_validate [--rows 40000] [--readers] [--repeat 3]

Writes a synthetic (clearly fake) voorraad sheet with the template writer into a temporary
folder, then times reading + validating + writing the processed tables. Not a timed test.

``--readers`` also reads the same workbook, in the same run, with

- python-calamine as :func:`analysis.deliveries.read.read_workbook` uses it (values + header
  detection + the formula/error audit of ``validate_workbook``);
- python-calamine alone (the values only);
- openpyxl in read-only, values-only mode (the reader before the streaming reader);
- the hand-written expat reader ``analysis/deliveries/fast_xlsx.py`` that calamine replaced,
  taken from git history (commit :data:`EXPAT_COMMIT`; skipped when git is not available);

and compares every cell of every fixture workbook (tests/fixtures, the example deliveries)
between calamine and the other readers: the count of cells that differ after the harmless
differences (2025 vs 2025.0, a date vs a datetime at midnight) are removed. The result is
recorded in ``docs/reading.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import tempfile
import time
import types
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import config
from analysis.deliveries.templates import write_workbook
from analysis.deliveries.validate import validate_directory

#: The last commit with the hand-written expat reader (``analysis/deliveries/fast_xlsx.py``).
EXPAT_COMMIT = "76c200d"
_SKIP = ("toelichting", "lijsten")


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


def _write(path: Path, rows: int) -> None:
    write_workbook(path, "corporatie", {
        "levering": pd.DataFrame([{"corporatie": "Weller", "leveringsjaar": 2026}]),
        "voorraad": make_register(rows),
    })


def run(rows: int = 40_000) -> dict[str, float]:
    """Write the workbook, validate it; return timings in seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "2026"
        t0 = time.perf_counter()
        _write(src / "bench_2026.xlsx", rows)
        t1 = time.perf_counter()
        result = validate_directory(src, Path(tmp) / "out")
        t2 = time.perf_counter()
        assert len(result.tables["stock"]) == rows, result.n_rejected
    return {"rows": rows, "write_s": t1 - t0, "validate_s": t2 - t1}


# --------------------------------------------------------------------------------------------
# The readers, each as path -> {sheet: [(excel row, values)]} (non-empty rows, trailing Nones cut)
# --------------------------------------------------------------------------------------------

def _trim(values) -> tuple:
    vals = [None if v == "" else v for v in values]
    while vals and vals[-1] is None:
        vals.pop()
    return tuple(vals)


def read_calamine(path: Path) -> dict[str, list]:
    """python-calamine alone: every cell value."""
    from python_calamine import CalamineWorkbook

    out = {}
    with CalamineWorkbook.from_path(path) as wb:
        for name in wb.sheet_names:
            if name.lower() in _SKIP:
                continue
            grid = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            out[name] = [(i, t) for i, row in enumerate(grid, start=1) if (t := _trim(row))]
    return out


def read_suite(path: Path) -> dict[str, list]:
    """What ``rpa validate`` reads: calamine + header detection + the formula/error audit."""
    from analysis.deliveries.read import read_workbook

    fr = read_workbook(path)
    return {s.sheet: [(s.header_row, tuple(s.headers))] + [(r, _trim(v)) for r, v in s.rows] for s in fr.sheets}


def read_openpyxl(path: Path) -> dict[str, list]:
    """openpyxl, read-only and values-only."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    out = {}
    try:
        for ws in wb.worksheets:
            if ws.title.lower() in _SKIP:
                continue
            ws.reset_dimensions()
            out[ws.title] = [(i, t) for i, row in enumerate(ws.iter_rows(values_only=True), start=1)
                             if (t := _trim(row))]
    finally:
        wb.close()
    return out


def load_expat_reader() -> types.ModuleType | None:
    """The removed expat reader from git history, or None without git."""
    try:
        source = subprocess.run(["git", "show", f"{EXPAT_COMMIT}:analysis/deliveries/fast_xlsx.py"],
                                cwd=config.ROOT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    module = types.ModuleType("fast_xlsx_from_git")
    exec(compile(source, f"{EXPAT_COMMIT}:fast_xlsx.py", "exec"), module.__dict__)  # noqa: S102 - our own history
    return module


def expat_reader(module: types.ModuleType):
    def read_expat(path: Path) -> dict[str, list]:
        return {name: [(r, t) for r, v in rows if (t := _trim(v))]
                for name, rows in module.fast_sheets(path, _SKIP) if name.lower() not in _SKIP}
    return read_expat


def _same(a, b) -> bool:
    """Equal cell values, ignoring int/float and date/midnight-datetime representation."""
    if isinstance(a, dt.datetime) and not isinstance(b, dt.datetime) and isinstance(b, dt.date):
        return a == dt.datetime.combine(b, dt.time())
    if isinstance(b, dt.datetime) and not isinstance(a, dt.datetime) and isinstance(a, dt.date):
        return b == dt.datetime.combine(a, dt.time())
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return a == b


def count_differences(a: dict[str, list], b: dict[str, list]) -> int:
    """Cells that differ between two readings of one workbook (a missing sheet counts its cells)."""
    n = 0
    for sheet in sorted(set(a) | set(b)):
        ra, rb = dict(a.get(sheet, [])), dict(b.get(sheet, []))
        for row in set(ra) | set(rb):
            va, vb = ra.get(row, ()), rb.get(row, ())
            width = max(len(va), len(vb))
            va, vb = va + (None,) * (width - len(va)), vb + (None,) * (width - len(vb))
            n += sum(not _same(x, y) for x, y in zip(va, vb, strict=True))
    return n


def fixture_workbooks() -> list[Path]:
    """Every readable .xlsx fixture (tiny deliveries, broken corpus, awkward files, example data)."""
    from analysis.deliveries.validate_workbook import sniff_format

    roots = [config.ROOT / "tests" / "fixtures", config.EXAMPLE_DIR / "2026"]
    return [p for root in roots if root.exists() for p in sorted(root.rglob("*.xlsx")) if sniff_format(p) == "xlsx"]


def compare_readers(rows: int = 40_000, repeat: int = 3) -> dict:
    """Time each reader on one register workbook (best of ``repeat``) and count cell differences."""
    readers = {"calamine + suite (rpa validate)": read_suite, "calamine alone": read_calamine,
               "openpyxl read-only": read_openpyxl}
    expat = load_expat_reader()
    if expat is not None:
        readers["expat (fast_xlsx, removed)"] = expat_reader(expat)
    timings = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench_2026.xlsx"
        _write(path, rows)
        for name, reader in readers.items():
            best = float("inf")
            for _ in range(repeat):
                t0 = time.perf_counter()
                reader(path)
                best = min(best, time.perf_counter() - t0)
            timings[name] = best
    diffs: dict[str, dict[str, int]] = {}
    for p in fixture_workbooks():
        ref = read_calamine(p)
        rel = p.relative_to(config.ROOT).as_posix() if p.is_relative_to(config.ROOT) else p.name
        diffs[rel] = {name: count_differences(ref, reader(p)) for name, reader in readers.items()
                      if name not in ("calamine alone", "calamine + suite (rpa validate)")}
    return {"rows": rows, "timings": timings, "differences": diffs}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=40_000)
    parser.add_argument("--readers", action="store_true", help="compare the workbook readers side by side")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    res = run(args.rows)
    print(f"bench_validate: {res['rows']:,} woningen; schrijven {res['write_s']:.1f} s; "
          f"valideren (lezen + controleren + parquet) {res['validate_s']:.1f} s".replace(",", "."))
    if args.readers:
        cmp = compare_readers(args.rows, args.repeat)
        print(f"Lezen van één werkmap met {args.rows:,} woningen (beste van {args.repeat}):".replace(",", "."))
        for name, s in cmp["timings"].items():
            print(f"  {name:<34} {s:6.2f} s")
        names = sorted({n for d in cmp["differences"].values() for n in d})
        print("Cellen die afwijken van calamine, per fixture: " + ", ".join(names))
        for fixture, d in cmp["differences"].items():
            if any(d.values()):
                print(f"  {fixture:<60} " + ", ".join(f"{n}: {d[n]}" for n in names))
        same = [f for f, d in cmp["differences"].items() if not any(d.values())]
        print(f"  {len(same)} van {len(cmp['differences'])} fixtures: geen enkele cel verschilt")
        res["readers"] = cmp
    return res


if __name__ == "__main__":
    main()
