"""``make bench``: every benchmark, then ``benchmarks/RESULTS.md``.

Sections of RESULTS.md, each from its benchmark, each run in a process of its own:

1. reporting set (:mod:`benchmarks.bench_runs`): ``rpa report``, the kernel-free bound, the older
   ways and the naive loop side by side in one run, then the reruns (work folder
   ``benchmarks/work/runs``, emptied first);
2. kernels that start ready (:mod:`benchmarks.bench_kernels`);
3. figures, PNG or SVG (:mod:`benchmarks.bench_figures`);
4. register scale (:mod:`benchmarks.bench_register`), which writes
   ``benchmarks/results_register.md``; included here verbatim, headings one level down;
5. fresh start (:mod:`benchmarks.bench_fresh_start`): clone to first finished report.

Every section can be skipped (``--skip-runs``, ``--skip-kernels``, ``--skip-figures``,
``--skip-register``, ``--skip-fresh``); a skipped section keeps its text from the existing
RESULTS.md (or says it was not run). Hand-written explanation lives in
``benchmarks/RESULTS_NOTES.md``: the text under its ``## N.`` heading is put under section N,
after the generated tables. ``--skip-register`` skips running the register benchmark; the
section still shows ``results_register.md``.

The results of this invocation are kept as JSON in ``benchmarks/work/results.json``;
``--render-only`` rewrites RESULTS.md from that file without running anything.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"
NOTES = HERE / "RESULTS_NOTES.md"
REGISTER_MD = HERE / "results_register.md"

#: (number, heading, key in the results) of RESULTS.md's sections, in order.
SECTIONS = (
    (1, "Reporting set", "runs"),
    (2, "Kernels that start ready: the choice", "kernels"),
    (3, "Figures: PNG or SVG", "figures"),
    (4, "Register scale: the suite's own path", "register"),
    (5, "Fresh start", "fresh"),
)
NOT_RUN = "Not run in this invocation."
#: Line in RESULTS.md before the notes of a section: what follows it is not kept from an old file.
NOTES_MARK = "<!-- notes: benchmarks/RESULTS_NOTES.md -->"


def machine() -> dict:
    from analysis.report.runner import git_version, package_versions

    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")).split()[1])
        mem = f"{kb / 1024 / 1024:.1f} GB"
    except (OSError, StopIteration, ValueError):
        pass
    return {"date": dt.date.today().isoformat(), "platform": platform.platform(), "cpu": cpu,
            "cores": os.cpu_count(), "memory": mem, "versions": package_versions(), "code": git_version(ROOT)}


def demote(markdown: str) -> str:
    """Push the headings of an included file one level down (it sits under a '## ' section)."""
    return "\n".join("#" + line if line.startswith("#") else line for line in markdown.splitlines())


def split_sections(markdown: str | None, same_titles: bool = False) -> dict[int, str]:
    """The text under each ``## N.`` heading (stripped), by N; text before the first heading is left out.

    ``same_titles``: only sections whose heading is this layout's (an older RESULTS.md numbered
    its sections differently).
    """
    titles = {n: f"## {n}. {title}" for n, title, _ in SECTIONS}
    out: dict[int, str] = {}
    current: int | None = None
    body: list[str] = []
    for line in (markdown or "").splitlines() + ["## end"]:
        if line.startswith("## "):
            if current is not None:
                out[current] = "\n".join(body).strip()
            m = re.match(r"## (\d+)\.", line)
            current, body = (int(m.group(1)) if m else None), []
            if same_titles and current is not None and line.strip() != titles.get(current):
                current = None
        else:
            body.append(line)
    return out


def _kept(old: str, notes: str) -> str:
    """An old section's text without its notes (they are added again, as they are now)."""
    if NOTES_MARK in old:
        return old.split(NOTES_MARK, 1)[0].strip()
    return old.replace(notes, "").strip() if notes else old  # written before the notes file existed


def render_fresh(fresh: dict) -> str:
    return "\n".join([
        f"From `git clone` of {fresh['repo']} to the first finished report (the Q3 monitor, `--jobs 1`):",
        "",
        "| Step | Seconds |",
        "|---|---:|",
        f"| git clone | {fresh['clone_s']} |",
        f"| install (`make .venv/.installed`: venv, pip install -e .[dev], kernel) | {fresh['install_s']} |",
        f"| example deliveries (`rpa example-data`, only if the clone holds none) | {fresh['example_data_s']} |",
        f"| first report (`rpa report`, incl. validating 2 delivery years) | {fresh['first_report_s']} |",
        f"| **total** | **{fresh['total_s']}** |",
        "",
        "Command: `python -m benchmarks.bench_fresh_start` (pip uses its cache when warm).",
    ])


def render_section(key: str, results: dict, register_md: str | None) -> str | None:
    """The generated text of one section, or None when there is nothing to show."""
    if key == "register":
        return demote(register_md.strip()) if register_md else None
    res = results.get(key)
    if not res:
        return None
    if key == "runs":
        from benchmarks.bench_runs import render_markdown
    elif key == "kernels":
        from benchmarks.bench_kernels import render_markdown
    elif key == "figures":
        from benchmarks.bench_figures import render_markdown
    else:
        render_markdown = render_fresh
    return render_markdown(res).strip()


def render_header(m: dict, results: dict, args: str) -> list[str]:
    v, code = m["versions"], m["code"]
    pkgs = ", ".join(f"{k} {v[k]}" for k in ("papermill", "nbconvert", "nbclient", "ipykernel", "jupyter_client",
                                            "pandas", "matplotlib", "pyarrow")
                     if k in v and v[k] != "niet geïnstalleerd")
    commit = code.get("commit")
    lines = [
        "# Benchmark results",
        "",
        f"Produced by `{('python -m benchmarks.run_all ' + args).strip()}` (`make bench`) on {m['date']}. "
        "Benchmarks are not tests: figures depend on the machine. A section not run in this invocation keeps "
        "its text from the previous RESULTS.md.",
        "",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['memory']} RAM; {m['platform']}",
        f"- Python {v['python']}; {pkgs}",
        f"- Code: commit {commit[:12] if commit else 'unknown'}"
        + (" with uncommitted changes in the working tree" if code.get("dirty") else ""),
    ]
    runs = results.get("runs") or {}
    if runs.get("loadavg_start") and runs.get("loadavg_end"):
        start, end = runs["loadavg_start"][0], runs["loadavg_end"][0]
        lines.append(f"- Load average at the start and end of the reporting-set run: {start:.1f} and {end:.1f} "
                     f"on {m['cores']} cores (other work on the machine slows every variant; the ratios, from one "
                     "run side by side, say more than the absolute seconds)")
    return lines


def render(m: dict, results: dict, args: str, old: str | None = None, notes: str | None = None,
           register_md: str | None = None) -> str:
    """RESULTS.md: the header, then the five sections (generated, else kept from ``old``), each with its notes."""
    old_sections, note_sections = split_sections(old, same_titles=True), split_sections(notes)
    lines = render_header(m, results, args)
    for number, title, key in SECTIONS:
        note = note_sections.get(number, "")
        body = render_section(key, results, register_md)
        if body is None and old_sections.get(number, NOT_RUN) != NOT_RUN:
            body = _kept(old_sections[number], note)
        lines += ["", f"## {number}. {title}", ""]
        if body is None:
            lines.append(NOT_RUN)
            continue
        lines.append(body)
        if note:
            lines += ["", NOTES_MARK, "", note]
    return "\n".join(lines) + "\n"


def isolated(module: str, call: str, name: str) -> dict:
    """``call`` (an expression on ``benchmarks.<module>``) in a fresh Python process; its JSON-able result."""
    out = WORK / f"{name}.json"
    out.unlink(missing_ok=True)
    code = (f"import json; from pathlib import Path; from benchmarks import {module}; "
            f"Path({str(out)!r}).write_text(json.dumps({call}, indent=2, ensure_ascii=False), encoding='utf-8')")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
    res = json.loads(out.read_text(encoding="utf-8"))
    print(json.dumps(res, indent=2, ensure_ascii=False)[:4000])
    return res


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=None, help="deliveries (default: the example data)")
    p.add_argument("--skip-runs", action="store_true", help="skip section 1, the reporting set")
    p.add_argument("--skip-naive", action="store_true", help="section 1 without the naive loop")
    p.add_argument("--skip-kernels", action="store_true")
    p.add_argument("--kernel-rounds", type=int, default=3)
    p.add_argument("--skip-figures", action="store_true")
    p.add_argument("--figures-sample", type=int, default=10, help="reports to take the figures from")
    p.add_argument("--skip-register", action="store_true", help="do not run bench_register (its file is shown)")
    p.add_argument("--skip-fresh", action="store_true")
    p.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    p.add_argument("--notes", type=Path, default=NOTES)
    p.add_argument("--render-only", action="store_true",
                   help="rewrite RESULTS.md from benchmarks/work/results.json without running anything")
    a = p.parse_args(argv)
    from analysis import config

    WORK.mkdir(exist_ok=True)
    saved = WORK / "results.json"
    if a.render_only:
        stored = json.loads(saved.read_text(encoding="utf-8"))
        results, args, m = stored["results"], stored.get("args", ""), stored.get("machine") or machine()
    else:
        data = a.data or config.EXAMPLE_DIR
        given = list(argv if argv is not None else sys.argv[1:])
        args = " ".join(x for i, x in enumerate(given) if not (x.startswith("--output") or x.startswith("--notes")
                                                                or given[i - 1:i] in (["--output"], ["--notes"])))
        m = machine()
        results = {"runs": None, "kernels": None, "figures": None, "fresh": None}

        def save() -> None:  # after every benchmark: a later one failing keeps what was measured (--render-only)
            saved.write_text(json.dumps({"results": results, "args": args, "machine": m}, indent=2,
                                        ensure_ascii=False), encoding="utf-8")

        save()
        if not a.skip_runs:
            shutil.rmtree(WORK / "runs", ignore_errors=True)  # the cache and outputs start empty
            results["runs"] = isolated("bench_runs", f"bench_runs.run(Path({str(WORK / 'runs')!r}), "
                                       f"Path({str(data)!r}), {a.skip_naive!r})", "runs")
            save()
        if not a.skip_kernels:
            results["kernels"] = isolated("bench_kernels", f"bench_kernels.run({a.kernel_rounds})", "kernels")
            save()
        if not a.skip_figures:
            shutil.rmtree(WORK / "figures", ignore_errors=True)
            results["figures"] = isolated("bench_figures", f"bench_figures.run(Path({str(data)!r}), "
                                          f"{a.figures_sample}, Path({str(WORK / 'figures')!r}))", "figures")
            save()
        if not a.skip_register:
            subprocess.run([sys.executable, "-m", "benchmarks.bench_register"], cwd=ROOT, check=False)
        if not a.skip_fresh:
            results["fresh"] = isolated("bench_fresh_start", f"bench_fresh_start.run({str(ROOT)!r})", "fresh")
            save()

    def read(path: Path) -> str | None:
        return path.read_text(encoding="utf-8") if path.exists() else None

    md = render(m, results, args, read(a.output), read(a.notes), read(REGISTER_MD))
    a.output.write_text(md, encoding="utf-8")
    print(f"geschreven: {a.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
