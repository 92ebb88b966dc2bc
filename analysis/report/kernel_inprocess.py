"""Each report in a fork of its worker, with a fresh ipykernel inside that fork (the default way).

A worker of ``rpa report`` imports pandas, matplotlib, ``analysis``, papermill, nbclient and
ipykernel once and then never runs report code itself. For every report it ``fork()``s: the
child is a brand-new process that shares the imported modules copy-on-write, takes its own copy
of a kernel the worker made and never used (:func:`prepare_kernel`; ipykernel's
``InProcessKernel``: the same ``IPythonKernel`` and IPython shell as a kernel process, spoken to
over in-process channels instead of ZeroMQ sockets, its cells run in the main thread), lets
papermill execute the notebook in it through nbclient, exports the HTML, writes the tables and
hands a small result back through a pipe. Then the child exits, taking every trace of the report
with it: the next report is a new fork of the same untouched worker
(``tests/test_kernels_isolation.py``).

Against a kernel forked from a template process (:mod:`analysis.report.kernel_template`, the
previous way) this saves per report the kernel's sockets, the handshake, the messages of
figures and tables through ZeroMQ and the shutdown (``benchmarks/bench_kernels.py``).

Linux/macOS only (``fork``); elsewhere the runner starts kernels the ordinary way.
"""

from __future__ import annotations

import functools
import os
import pickle
import sys
from collections.abc import Callable
from typing import Any

__all__ = ["ChildFailed", "kernel_manager", "kernel_mode", "manager_class", "prepare_kernel", "quiet_cells",
           "run_forked"]

#: The backend a report kernel draws with (what ipykernel sets for a kernel process).
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"


def kernel_mode() -> str:
    """How ``rpa report`` starts kernels: ``inprocess`` (default where ``fork`` exists), ``fork``, ``preimport``, ``spawn``.

    ``RPA_KERNELS`` chooses (the benchmark measures them side by side): ``inprocess`` runs each
    report in a fork of its worker with a new in-process kernel (this module); ``fork`` forks each
    kernel process from a template (:mod:`analysis.report.kernel_template`); ``preimport`` is a
    plain kernel process that imports the template's ``PRELOAD`` before it becomes a kernel;
    ``spawn`` is a plain kernel process as papermill starts it.
    """
    mode = os.environ.get("RPA_KERNELS", "inprocess")
    if mode in ("inprocess", "fork") and (not hasattr(os, "fork") or sys.platform == "win32"):
        return "spawn"
    return mode if mode in ("inprocess", "fork", "preimport", "spawn") else "inprocess"


class ChildFailed(RuntimeError):
    """The report's process ended without handing back a result (killed, out of memory, crashed)."""


def kernel_manager():
    """A new in-process kernel manager for nbclient/papermill (call in the report's own process).

    The kernel keeps no IPython history (nbclient asks kernel processes for an in-memory one: the
    shared ``history.sqlite`` would otherwise be written by every report at once; a report needs
    none). Its IOPub thread is never started: ipykernel then sends every output in the thread that
    makes it (:meth:`ipykernel.iostream.IOPubThread.schedule`, "if the thread is not running, call
    immediately"), in order, without handing each message to a second thread and its event loop
    (about 8 ms a report).
    """
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    km = manager_class()(config=config)
    # no signature on the kernel's messages: they never leave the process (ipykernel signs them with
    # a fixed key, "inprocess"; signing and checking every message, the figures too, took about 4 ms a report)
    km.session.key = b""
    return km


@functools.cache
def manager_class() -> type:
    """The manager class (with its kernel and client), made once per process: the worker makes it
    before it forks (:func:`analysis.report.runner_kernels._worker_init`), every report uses it
    (making the three classes in each report's process took about 3 ms). Classes only; every
    report still makes its own manager, kernel and client from them."""
    from ipykernel.inprocess.blocking import BlockingInProcessKernelClient
    from ipykernel.inprocess.ipkernel import InProcessKernel
    from ipykernel.inprocess.manager import InProcessKernelManager
    from ipykernel.iostream import IOPubThread
    from traitlets import default

    class QuietIOPub(IOPubThread):
        """An IOPub thread that is never started, so without the ZeroMQ pipe that wakes a running one.

        ipykernel makes a ZeroMQ context and socket for that pipe (``_setup_event_pipe``); it is used
        only while the thread runs (:meth:`IOPubThread.schedule`). Unstarted, every output is sent
        right away in the thread that makes it, also after a fork ("If my thread isn't running (e.g.
        forked process), send immediately"), and no ZeroMQ object is made in the worker.
        """

        def _setup_event_pipe(self) -> None:
            pass

    class Kernel(InProcessKernel):
        @default("iopub_thread")
        def _default_iopub_thread(self):
            return QuietIOPub(self._underlying_iopub_socket, session=self.session)  # not started

    class Client(BlockingInProcessKernelClient):
        """ipykernel's in-process client, with the kernel's code run in nbclient's own event loop.

        ipykernel hands every request to the kernel through ``jupyter_core.utils.run_sync``; called
        from nbclient's running loop, that runs the kernel's coroutine on a second thread with its own
        loop while this one waits (two thread switches a cell, about 0,5-1 ms; and the notebook's code
        ran off the main thread). Here ``execute`` and ``wait_for_ready`` are coroutines, which nbclient
        awaits (``ensure_async``): the kernel handles the request in the loop of the thread that asked,
        as a kernel process runs its cells in its main thread. ``kernel_info`` stays as it is: papermill
        also calls it outside a loop.
        """

        async def wait_for_ready(self, timeout: float | None = None) -> None:
            """In-process: ready once it answers ``kernel_info`` (ipykernel's version polls 0,2 s and prints)."""
            await self._ask(self.session.msg("kernel_info_request"))
            msg = self.shell_channel.get_msg(block=True, timeout=timeout)
            self._handle_kernel_info_reply(msg)
            self.iopub_channel.get_msgs()

        async def execute(self, code: str, silent: bool = False, store_history: bool = True,
                          user_expressions: dict | None = None, allow_stdin: bool | None = None,
                          stop_on_error: bool = True) -> str:
            """What ipykernel's ``execute`` sends, awaited in this loop; the reply waits in the shell channel."""
            content = {"code": code, "silent": silent, "store_history": store_history,
                       "user_expressions": user_expressions or {},
                       "allow_stdin": self.allow_stdin if allow_stdin is None else allow_stdin}
            msg = self.session.msg("execute_request", content)
            await self._ask(msg)
            return msg["header"]["msg_id"]

        def is_alive(self) -> bool:
            """The kernel lives in this process (nbclient asks when a reply is late)."""
            return self.kernel is not None

        async def _ask(self, msg: dict) -> None:
            """ipykernel's ``_dispatch_to_kernel``, awaiting the kernel instead of running it on another thread."""
            stream = self.kernel.shell_stream
            self.session.send(stream, msg)
            await self.kernel.dispatch_shell(stream.recv_multipart())
            _idents, reply = self.session.recv(stream, copy=False)
            self.shell_channel.call_handlers_later(reply)

    class Manager(InProcessKernelManager):
        """ipykernel's in-process manager with the arguments nbclient passes."""

        def start_kernel(self, **kwargs) -> None:  # nbclient passes extra_arguments, cwd
            if _READY:  # made in the worker before this process was forked from it, never used
                self.kernel = _READY.pop()
                self.session = self.kernel.session  # the client must speak the kernel's session
                # jupyter_client's session will not send from another process than the one it was
                # made in (``check_pid``); this process is the kernel's only user
                self.session.pid = os.getpid()
            else:
                self.kernel = self.make_kernel()
            # print() output must reach its cell. The in-process kernel swaps sys.stdout/stderr for its own
            # streams only while a cell runs, so ipykernel gives them the cell's message header too late
            # (they would send the text as belonging to no cell; nbclient drops it) and flushes the real
            # streams instead of them after the cell (the last lines would arrive too late). The streams
            # are made here, in the report's process (ipykernel's streams remember the process they were
            # made in and send differently from any other)
            kernel, shell = self.kernel, self.kernel.shell
            streams = (kernel.stdout, kernel.stderr)
            shell.events.register("pre_execute", lambda: [s.set_parent(shell.parent_header) for s in streams])
            shell.events.register("post_execute", lambda: [s.flush() for s in streams
                                                           if getattr(s, "_flush_pending", True)])

        def make_kernel(self):
            """A new kernel with its shell, drawing as a report kernel draws; its output streams not yet made."""
            kernel = Kernel(parent=self, session=self.session)
            shell = kernel.shell
            # what MPLBACKEND does for a kernel process (the worker imported matplotlib before this shell existed)
            shell.enable_matplotlib("inline")
            # ... without pyplot's redraw of every open figure with Agg after each cell: nobody sees that
            # picture (the inline backend sends the figure as SVG); it was 8 % of a report's cell time
            from matplotlib import pyplot

            try:
                shell.events.unregister("post_execute", pyplot._draw_all_if_interactive)
            except (AttributeError, ValueError):
                pass
            # ... so the kernel need not wait 0,5 ms after every cell for late output (ipykernel's
            # _execute_sleep, against output racing the reply over ZeroMQ; there is no ZeroMQ here)
            kernel._execute_sleep = 0.0
            return kernel

        def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
            super().shutdown_kernel()

        def client(self, **kwargs):
            kwargs["kernel"] = self.kernel
            return Client(parent=self, session=self.session, **kwargs)

    return Manager


#: The kernel :func:`prepare_kernel` made in this worker, for the next report's process to take.
_READY: list = []


def prepare_kernel() -> None:
    """Make the next report's kernel in the worker, before it forks; each report's process takes its own copy.

    Every report is a fork of its worker (:func:`run_forked`); a kernel made in the worker and
    never used is, in each fork, a brand-new kernel of that report alone: its own copy of an empty
    namespace, execution count 1, no history. Made in each fork instead, the kernel took about
    25 ms a report, mostly IPython's shell and ipykernel's list of the files of every imported
    module (for its debugger), and copied about 5.000 of the worker's pages (reading every module
    object writes its reference count). The worker never runs a cell in it.
    ``tests/test_kernels_isolation.py`` runs reports one after another in one worker.
    """
    if not _READY:
        _READY.append(kernel_manager().make_kernel())


def quiet_cells(km, tag: str) -> Callable[..., None]:
    """nbclient's ``on_cell_execute`` hook: a cell tagged ``tag`` shows no value of its last line.

    The research steps (:data:`analysis.report.export.RESEARCH_TAG`: ``result.plans.head(20)``
    and the like) are left out of the stakeholder HTML, so in ``rpa report`` their frames need not
    be formatted (HTML and text of every frame: about 15 ms a report). The cell still runs
    whole; only IPython's display of its last expression is off (``ast_node_interactivity``), for
    that cell alone. ``display()`` and ``print`` still show. In JupyterLab nothing changes.
    """

    def hook(cell, cell_index=None, **_) -> None:  # the kernel exists by now (nbclient started it)
        quiet = tag in cell.get("metadata", {}).get("tags", [])
        km.kernel.shell.ast_node_interactivity = "none" if quiet else "last_expr"

    return hook


def _fresh_child() -> None:
    """What a forked child must not inherit: event loops and the runner threads of jupyter_core."""
    import asyncio

    try:
        from jupyter_core import utils

        utils._runner_map.clear()  # their threads did not survive the fork
        utils._loop.set(None)
    except (ImportError, AttributeError):
        pass
    asyncio.set_event_loop(asyncio.new_event_loop())


def run_forked(fn: Callable[..., Any], *args: Any) -> Any:
    """``fn(*args)`` in a forked child; its (picklable) return value, or :class:`ChildFailed`.

    The child never returns into the caller: it hands its result through a pipe and leaves with
    ``os._exit`` (no atexit handlers, no flushing of the parent's buffers twice).
    """
    sys.stdout.flush()
    sys.stderr.flush()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        code = 1
        try:
            os.close(read_fd)
            _fresh_child()
            payload = pickle.dumps(("ok", fn(*args)))
            code = 0
        except BaseException as exc:  # noqa: BLE001 - report it to the parent, never return
            payload = pickle.dumps(("error", f"{type(exc).__name__}: {exc}"))
        try:
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(payload)
        finally:
            os._exit(code)
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    if not payload:
        how = (f"signaal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status)
               else f"afsluitcode {os.WEXITSTATUS(status)}")
        raise ChildFailed(f"het proces van het rapport stopte zonder resultaat ({how}; te weinig geheugen?)")
    kind, value = pickle.loads(payload)
    if kind != "ok":
        raise ChildFailed(value)
    return value
