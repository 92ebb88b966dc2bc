"""Worker-process state of ``rpa report``: heavy imports once per worker, fresh kernels.

Every report runs in its own brand-new kernel; the next one is started while a report runs,
so its start-up overlaps with work. Kernels start ready: by default each is forked from a
template process that imported pandas, matplotlib and ``analysis`` once per worker
(:mod:`analysis.report.kernel_template`; ``RPA_KERNELS`` chooses another way, for the
benchmark). The state lives in :data:`_WORKER`, one dict per worker process.
"""

from __future__ import annotations

import os

from analysis import config as paths

_WORKER: dict = {}


def _worker_init(kernel_log: str | None = None, cache_dir: str | None = None) -> None:
    """Import the heavy machinery once per worker and build the exporter.

    ``cache_dir``: the run's cache of work done once per run (:mod:`analysis.cache`); the
    worker's kernels inherit it through the environment.

    Kernels inherit the worker's stderr; their start/stop chatter ("running over TCP",
    "KeyboardInterrupt caught in kernel" at shutdown) goes to ``kernel_log`` instead of the
    analyst's terminal. Failures are still reported from papermill's exceptions.
    """
    if cache_dir:
        from analysis.cache import CACHE_ENV

        os.environ[CACHE_ENV] = cache_dir
    if kernel_log:
        fd = os.open(kernel_log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(fd, 2)
        os.close(fd)
    import nbformat  # noqa: F401
    import papermill  # noqa: F401

    from analysis.report.export import make_exporter

    _WORKER["exporter"] = make_exporter()


def _new_kernel():
    """Start a brand-new kernel (``KERNEL_NAME``); it returns before the kernel is ready."""
    from analysis.report.kernel_template import Template, kernel_mode, preimport_kernel_manager

    mode = kernel_mode()
    if mode == "fork":
        if "template" not in _WORKER:
            _WORKER["template"] = Template(paths.KERNEL_NAME)
        km = _WORKER["template"].kernel_manager()
    elif mode == "preimport":
        km = preimport_kernel_manager(paths.KERNEL_NAME)
    else:
        from jupyter_client.manager import KernelManager

        km = KernelManager(kernel_name=paths.KERNEL_NAME)
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
