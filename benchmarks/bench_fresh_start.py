"""Fresh start: time from ``git clone`` of the repository to the first finished report,
install included (virtual environment, ``pip install -e .[dev]``, kernel registration).

Steps, each timed: clone (local path or URL) into a temporary folder, ``make`` the install
stamp (creates ``.venv``), write the example deliveries if the clone holds none
(``rpa example-data``), then ``rpa report`` for one report (the Q3 monitor for the region).
Uses the ordinary pip client (and its cache); needs network access when the cache is cold.
Run once: ``python -m benchmarks.bench_fresh_start [--repo PATH_OR_URL]``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ONE_REPORT = """phases:
  q3:
    runs:
      - {notebook: 00_monitor.ipynb, scope_type: regio, scopes: [Parkstad]}
"""


def _timed(cmd: list[str], cwd: Path, env=None) -> float:
    t0 = time.perf_counter()
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} mislukt:\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}")
    return round(time.perf_counter() - t0, 1)


def run(repo: str, keep: bool = False, python: str = "python3") -> dict:
    base = Path(tempfile.mkdtemp(prefix="rpa-fresh-", dir="/tmp"))
    clone = base / "repo"
    out: dict = {"repo": repo, "where": str(clone)}
    t0 = time.perf_counter()
    out["clone_s"] = _timed(["git", "clone", "--quiet", repo, str(clone)], base)
    out["install_s"] = _timed(["make", f"PYTHON={python}", ".venv/.installed"], clone)
    years = [p for p in (clone / "data" / "raw" / "example").glob("[0-9][0-9][0-9][0-9]") if any(p.iterdir())]
    out["example_data_s"] = 0.0
    if not years:
        out["example_data_s"] = _timed([str(clone / ".venv/bin/rpa"), "example-data"], clone)
    cfg = base / "one.yml"
    cfg.write_text(ONE_REPORT, encoding="utf-8")
    out["first_report_s"] = _timed([str(clone / ".venv/bin/rpa"), "report", "--phase", "q3", "--config", str(cfg),
                                    "--jobs", "1"], clone)
    out["total_s"] = round(time.perf_counter() - t0, 1)
    if not keep:
        shutil.rmtree(base, ignore_errors=True)
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repo", default=str(ROOT), help="clone source (default: this repository)")
    p.add_argument("--keep", action="store_true")
    a = p.parse_args(argv)
    print(json.dumps(run(a.repo, a.keep), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
