"""Kernels that start ready: the ways ``rpa report`` can start a report's kernel, measured.

Per way, ``--rounds`` times (interleaved, so a busy moment of the machine hits all three): the
seconds from ``start_kernel`` until the kernel answers (``wait_for_ready``), then the first cell
of a report notebook's imports (pandas, matplotlib.pyplot and the ``analysis`` packages), then
the shutdown. Ways (:func:`analysis.report.kernel_template.kernel_mode`):

- ``spawn``: a plain kernel process, as papermill starts it (before issue 17);
- ``preimport``: a plain process that imports the same modules before it becomes a kernel;
- ``fork``: forked from the worker's template process that imported them once;
- ``inprocess`` (the default): this process, pre-imported as a worker is, forks; the child starts
  an in-process kernel (the report runs in the child).

``python -m benchmarks.bench_kernels [--rounds 5]``; prints JSON (medians per way).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

IMPORTS = ("import pandas, matplotlib.pyplot\n"
           "from analysis import portfolio, ageing, energy_labels, finance, monitoring, outputs, style, missing")


def _inprocess_child() -> dict:
    import asyncio

    from analysis.report.kernel_inprocess import kernel_manager

    loop = asyncio.get_event_loop()  # the in-process client's requests are coroutines, as nbclient awaits them
    t0 = time.perf_counter()
    km = kernel_manager()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    loop.run_until_complete(kc.wait_for_ready(timeout=120))
    t1 = time.perf_counter()
    loop.run_until_complete(kc.execute(IMPORTS))
    reply = kc.get_shell_msg(timeout=120)
    assert reply["content"]["status"] == "ok", reply["content"]
    t2 = time.perf_counter()
    kc.stop_channels()
    km.shutdown_kernel()
    return {"ready_s": t1 - t0, "imports_s": t2 - t1, "shutdown_s": time.perf_counter() - t2}


def _inprocess(parent_t0: float) -> dict:
    from analysis.report.kernel_inprocess import run_forked

    child = run_forked(_inprocess_child)
    total = time.perf_counter() - parent_t0
    # the fork and the child's exit count as start and shutdown
    rest = total - child["ready_s"] - child["imports_s"] - child["shutdown_s"]
    return {"ready_s": child["ready_s"] + rest / 2, "imports_s": child["imports_s"],
            "shutdown_s": child["shutdown_s"] + rest / 2, "total_s": total}


def _one(way: str, template) -> dict:
    from jupyter_client.manager import KernelManager

    from analysis import config
    from analysis.report.kernel_template import preimport_kernel_manager

    t0 = time.perf_counter()
    if way == "inprocess":
        return _inprocess(t0)
    if way == "fork":
        km = template.kernel_manager()
    elif way == "preimport":
        km = preimport_kernel_manager(config.KERNEL_NAME)
    else:
        km = KernelManager(kernel_name=config.KERNEL_NAME)
    km.start_kernel(cwd=str(config.ROOT))
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    t1 = time.perf_counter()
    kc.execute_interactive(IMPORTS, timeout=120)
    t2 = time.perf_counter()
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    t3 = time.perf_counter()
    return {"ready_s": t1 - t0, "imports_s": t2 - t1, "shutdown_s": t3 - t2, "total_s": t3 - t0}


def run(rounds: int = 5) -> dict:
    from analysis import config
    from analysis.report.kernel_template import Template
    from analysis.report.runner_kernels import _worker_init

    _worker_init()  # as an rpa report worker: the imports of the inprocess way, then gc.freeze
    template = Template(config.KERNEL_NAME)
    t0 = time.perf_counter()
    template.start()
    out: dict = {"template_start_s": round(time.perf_counter() - t0, 2), "rounds": rounds}
    runs: dict[str, list[dict]] = {"spawn": [], "preimport": [], "fork": [], "inprocess": []}
    try:
        for _ in range(rounds):
            for way in runs:
                runs[way].append(_one(way, template))
    finally:
        template.stop()
    for way, rows in runs.items():
        out[way] = {k: round(statistics.median(r[k] for r in rows), 2) for k in rows[0]}
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rounds", type=int, default=5)
    a = p.parse_args(argv)
    print(json.dumps(run(a.rounds), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())


#: Row labels of :func:`render_markdown`, in table order.
WAY_LABELS = {
    "spawn": "plain kernel process (papermill's way, before issue 17)",
    "preimport": "plain process that imports first, then becomes a kernel",
    "fork": "kernel process forked from the worker's pre-imported template",
    "inprocess": "in-process kernel in a fork of the pre-imported worker (the default)",
}


def render_markdown(res: dict) -> str:
    """Section 2 of RESULTS.md from :func:`run`'s medians: one row per way in ``res``."""
    def cell(row: dict, key: str) -> str:
        return "–" if row.get(key) is None else str(row[key])

    lines = [
        f"`python -m benchmarks.bench_kernels --rounds {res.get('rounds', '?')}` (medians, interleaved; a kernel is "
        "ready when it answers `kernel_info`; then the imports of a report's first cell; then the shutdown):",
        "",
        "| Way | ready s | imports s | shutdown s | total s |",
        "|---|---:|---:|---:|---:|",
    ]
    ways = [w for w in WAY_LABELS if isinstance(res.get(w), dict)]
    ways += [w for w, v in res.items() if isinstance(v, dict) and w not in WAY_LABELS]
    for way in ways:
        row = res[way]
        lines.append(f"| {WAY_LABELS.get(way, way)} | {cell(row, 'ready_s')} | {cell(row, 'imports_s')} | "
                     f"{cell(row, 'shutdown_s')} | **{cell(row, 'total_s')}** |")
    start = res.get("template_start_s")
    lines += ["", f"The template process (the `fork` way) starts once per worker "
              f"({'–' if start is None else f'{start} s'})."]
    return "\n".join(lines)
