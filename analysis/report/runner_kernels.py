"""Worker-process state of ``rpa report``: heavy imports once per worker, fresh kernels.

Every report runs in its own brand-new kernel. By default the worker imports pandas,
matplotlib, ``analysis`` and the Jupyter machinery once and each report runs in a fork of it
with an in-process kernel (:mod:`analysis.report.kernel_inprocess`). ``RPA_KERNELS`` chooses
another way, for the benchmark: kernel processes forked from a template
(:mod:`analysis.report.kernel_template`) or plain ones; for those the next kernel is started
while a report runs. The state lives in :data:`_WORKER`, one dict per worker process.
"""

from __future__ import annotations

import importlib
import os
import sys

from analysis import config as paths
from analysis.report.kernel_inprocess import INLINE_BACKEND, kernel_mode

__all__ = ["kernel_mode"]

_WORKER: dict = {}

#: Besides :data:`~analysis.report.kernel_template.PRELOAD`: what every report's process imports
#: on its way (the in-process kernel and its debugger, the inline backend, the parquet reader, the
#: workbook writer), found by listing ``sys.modules`` of a report's fork against its worker's.
#: Imported once in the worker instead of once per report (about 0,3 s a report; the second group,
#: found again at 27c4f5a, about 10-25 ms a report).
REPORT_PROCESS_IMPORTS = (
    "nbclient", "ipykernel.inprocess.blocking", "ipykernel.inprocess.ipkernel", "ipykernel.debugger",
    "IPython.core.history", "sqlite3", "tornado.queues", "tornado.locks", "matplotlib_inline.backend_inline",
    "matplotlib.backends.backend_svg", "matplotlib.backends.backend_agg", "PIL.features", "pyarrow.parquet",
    "pyarrow.dataset", "xlsxwriter", "analysis.report.runner_tables", "analysis.report.datapackage",
    # imported lazily by every report on its way: IPython's execution magics and object inspector (the
    # kernel's shell), pandas' CSV and HTML writers, its reshaping and Arrow types, the workbook writer,
    # the runner's delivery years, tornado's asyncio glue; the image plugins PIL loads on first use; the
    # analysis modules only some notebooks import (the monitor's social stock and texts, the finance task's text)
    "IPython.core.magics.execution", "IPython.core.magics.ast_mod", "IPython.core.oinspect", "IPython.core.logger",
    "IPython.core.completerlib", "IPython.utils.wildcard", "bdb", "pandas.io.formats.csvs", "pandas.io.formats.html",
    "pandas.core.reshape.reshape", "pandas.core.arrays.arrow.extension_types", "pandas.core.arrays.arrow._arrow_utils",
    "analysis.report.prepare", "tornado.platform.asyncio", "resource",
    "PIL.GifImagePlugin", "PIL.JpegImagePlugin", "PIL.BmpImagePlugin", "PIL.PpmImagePlugin", "analysis.social_stock",
    "analysis.price_classes", "analysis.monitoring.text", "analysis.finance.text_task",
    # found again after the workbook moved to XlsxWriter: the consistency figures each report reads, pandas'
    # frame-to-dict, pyzmq's garbage collector of sent messages, the monitor's social-stock texts
    "analysis.report.consistency", "pandas.core.methods.to_dict", "zmq.utils.garbage", "analysis.social_stock.text",
)


def _worker_init(kernel_log: str | None = None, cache_dir: str | None = None) -> None:
    """Import the heavy machinery once per worker and build the exporter.

    ``cache_dir``: the run's cache of work done once per run (:mod:`analysis.cache`); the
    worker's kernels inherit it through the environment.

    Kernels inherit the worker's stderr; their start/stop chatter ("running over TCP",
    "KeyboardInterrupt caught in kernel" at shutdown) goes to ``kernel_log`` instead of the
    analyst's terminal. Failures are still reported from papermill's exceptions. With in-process
    kernels the worker's stdout goes there too: what a library writes past Python's ``sys.stdout``
    (C code) would otherwise land between the progress bar's lines; the worker itself prints nothing.
    """
    import gc

    inprocess = kernel_mode() == "inprocess"  # then this worker is the template its reports are forked from
    # no automatic collections while importing (they scan the growing heap again and again: about 0,1 s a
    # worker); what the imports leave is frozen below, as Python's documentation advises before forking
    collecting = gc.isenabled()
    gc.disable()
    try:
        _init(inprocess, kernel_log, cache_dir)
    finally:
        if inprocess:
            gc.freeze()  # the reports' garbage collections skip what the worker imported (no copy-on-write of it)
        if collecting:
            gc.enable()


def _init(inprocess: bool, kernel_log: str | None, cache_dir: str | None) -> None:
    """The body of :func:`_worker_init`: environment, streams, imports, exporter, warm-up."""
    if cache_dir:
        from analysis.cache import CACHE_ENV

        os.environ[CACHE_ENV] = cache_dir
    if kernel_log:
        fd = os.open(kernel_log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(fd, 2)
        if inprocess:
            os.dup2(fd, 1)
        os.close(fd)
    import_machinery(inprocess)  # already done when the worker was forked from a preloaded server (start_early)

    from analysis.report.html_exporter import make_exporter

    _WORKER["exporter"] = make_exporter()
    if inprocess:
        _warm_up(_WORKER["exporter"])
        _versions_once()
        from analysis.report.kernel_inprocess import prepare_kernel

        prepare_kernel()  # the kernel every fork takes as its own (never used here)


def import_machinery(inprocess: bool) -> None:
    """What a worker imports once: nbformat and papermill; for in-process kernels all a report needs."""
    skip_unused_grammar()
    import nbformat  # noqa: F401
    import papermill  # noqa: F401

    if inprocess:
        from analysis.report.kernel_template import PRELOAD

        os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
        # the kernel's debugger (imported, never started) would warn that this interpreter runs without
        # -Xfrozen_modules=off, which kernel processes get from their kernel spec
        os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
        for name in (*PRELOAD, *REPORT_PROCESS_IMPORTS):
            importlib.import_module(name)


#: The module multiprocessing's fork server imports before it forks the workers (:func:`start_early`).
PRELOAD_MODULE = "analysis.report.worker_preload"
#: ... and the one that lets the server leave without taking those imports apart again.
EXIT_MODULE = "analysis.report.forkserver_exit"


def start_early() -> None:
    """Start the fork server the workers come from now, importing what they need, beside the runner's own start.

    ``rpa report``'s workers are forked from multiprocessing's fork server. Started here, at the
    beginning of a run, the server imports the worker machinery (:func:`import_machinery`: about
    0,9 s) while the runner reads the configuration and checks the inputs, and every worker forked
    from it starts with it imported, instead of each worker importing it after the runner is done.
    A fork server already running (an earlier run in this process) is kept as it is; where it
    cannot import the machinery (:mod:`analysis.report.worker_preload` fails quietly) the workers
    import it themselves, as before. When the run's process ends, the server leaves without
    taking its imports apart (:mod:`analysis.report.forkserver_exit`). Linux with in-process
    kernels only (there the runner uses the fork server).
    """
    if not sys.platform.startswith("linux") or kernel_mode() != "inprocess":
        return
    import multiprocessing as mp
    from multiprocessing import forkserver

    mp.set_forkserver_preload([PRELOAD_MODULE, EXIT_MODULE])  # read only when the server starts
    forkserver.ensure_running()


def skip_unused_grammar() -> None:
    """Leave out the RFC 3987 grammar that ``jsonschema`` compiles when nbformat imports it (0,7 s a worker).

    ``jsonschema`` checks the JSON Schema formats ``iri`` and ``iri-reference`` with the optional
    package ``rfc3987_syntax`` when it is installed, and builds its parser at import
    (python-jsonschema/jsonschema#1428). Nothing in a report run checks those formats (nbformat
    validates notebooks with ``fastjsonschema``), so the worker marks the package absent before the
    first import: ``jsonschema`` then skips those two checks. Other processes (JupyterLab, the
    tests) are not touched; the kernel-free bound of ``benchmarks/bench_report.py`` does the same.
    """
    sys.modules.setdefault("rfc3987_syntax", None)  # None: "import rfc3987_syntax" raises ImportError


def _versions_once() -> None:
    """The code's versions and the EFG deadline: once per worker, not once per report (each report asks).

    The work-once cache keys every entry by a hash of the ``analysis`` sources and ``data/raw``
    (:func:`analysis.cache.code_version`) and every workbook names the commit
    (:func:`analysis.report.runner_tables.code_version`, two ``git`` calls): both are the same for
    every report of a run, and both were computed again in every fork (about 25 ms a report).
    """
    from analysis.cache import code_version
    from analysis.report.runner_tables import code_version as workbook_version
    from analysis.rules.efg import load_rules

    code_version()
    workbook_version()
    # the deadline year the consistency check reads every report's EFG figures by (the EFG rule: the
    # targets and energy_rules.csv, about 30 ms in a fresh fork); it also leaves the shared targets
    # table cached (:func:`analysis.reference_targets._targets`), as every worker reads it the same
    _WORKER["deadline_year"] = load_rules().deadline_year


def _warm_up(exporter) -> None:
    """Export a two-cell notebook once, so every forked report inherits the compiled templates.

    Without it each fork would compile nbconvert's Jinja templates and parse its CSS again
    (about 0,15 s a report), fill BeautifulSoup's table of HTML entities (the cell holds a few) and
    compile nbformat's schema validator. Only the exporter runs here, never notebook or analysis code.
    """
    import datetime as dt

    import nbformat

    from analysis.report.export import export_notebook

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": "<table><tr><td>1 &amp; 2&nbsp;&euro;</td></tr></table>",
                                                                  "text/plain": "1"})]
    nb.cells = [nbformat.v4.new_markdown_cell("# Opwarmen\n\n## Deel"), cell]
    export_notebook(nb, scope_type="regio", scope="Parkstad", phase_title="", example_data=True,
                    day=dt.date(2026, 1, 1), exporter=exporter)
    # papermill validates each notebook it reads: the schema's validator is compiled on first use (about
    # 30 ms); compiled here, every fork has it (the report notebooks are nbformat 4.5, as new ones are)
    nbformat.validate(nb)


def _new_kernel():
    """Start a brand-new kernel (``KERNEL_NAME``); it returns before the kernel is ready."""
    from analysis.report.kernel_template import Template, new_manager, preimport_kernel_manager

    mode = kernel_mode()
    if mode == "fork":
        if "template" not in _WORKER:
            _WORKER["template"] = Template(paths.KERNEL_NAME)
        km = _WORKER["template"].kernel_manager()
    elif mode == "preimport":
        km = preimport_kernel_manager(paths.KERNEL_NAME)
    else:
        km = new_manager(paths.KERNEL_NAME)
    km.start_kernel(cwd=str(paths.ROOT))
    return km


def _shutdown_spare() -> None:
    """Stop the spare kernel and the template (at the end of a run or of a worker)."""
    km = _WORKER.pop("next_kernel", None)
    if km is not None:
        try:
            km.shutdown_kernel(now=True)
        except Exception:  # noqa: BLE001 - best effort at exit
            pass
    template = _WORKER.pop("template", None)
    if template is not None:
        template.stop()


def _take_kernel():
    """A fresh, never-used kernel for the next report, and start the one after it.

    Every report still runs in its own new kernel; the next one is started while this report
    runs, so its start-up (interpreter, ipykernel) overlaps with work instead of adding to it.
    """
    km = _WORKER.pop("next_kernel", None)
    if km is None or not km.is_alive():
        km = _new_kernel()
    if not _WORKER.get("finalizer"):
        from multiprocessing import util

        # pool workers leave through os._exit, which skips atexit; multiprocessing finalizers run
        _WORKER["finalizer"] = util.Finalize(None, _shutdown_spare, exitpriority=10)
    _WORKER["next_kernel"] = _new_kernel()
    return km
