"""Kernels that start ready: each report's kernel is forked from a pre-imported template process.

A fresh kernel normally starts a bare interpreter and every report then imports pandas,
matplotlib and ``analysis`` again (about a second of CPU per report). Here one *template*
process per ``rpa report`` worker imports them once and then waits; for every kernel the
worker asks it to ``fork()``, and the child becomes an ordinary ipykernel on the connection
file jupyter_client wrote. The child shares the template's imported modules copy-on-write.

Each report still gets its own new kernel with an empty namespace: the template never runs
notebook or analysis code (it only imports), and every kernel is a new fork of that untouched
template, so nothing a report does (variables, module attributes, pandas options, matplotlib
rcParams or open figures) can reach the next report (``tests/test_kernels_isolation.py``).

The pieces:

- :func:`serve` (``python -m analysis.report.kernel_template SOCKET``): the template process;
- :class:`ForkProvisioner`: a jupyter_client kernel provisioner that asks the template for a
  fork instead of starting a process (``kernel_provisioner`` in the kernel spec's metadata);
- :class:`Template`: starts and stops the template from a worker and makes kernel managers
  that use it (:meth:`Template.kernel_manager`).

Linux/macOS only (``fork``); elsewhere the runner starts kernels the ordinary way.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jupyter_client.provisioning import LocalProvisioner
from traitlets import Unicode

from analysis.report.kernel_inprocess import INLINE_BACKEND, kernel_mode

__all__ = ["PRELOAD", "PROVISIONER_NAME", "ForkProvisioner", "Template", "kernel_mode", "new_manager",
           "preimport_kernel_manager", "serve"]

#: What the template imports before it forks kernels: what every report notebook imports.
PRELOAD = (
    "numpy", "pandas", "pyarrow", "matplotlib", "matplotlib.pyplot", "IPython.display",
    "ipykernel.kernelapp", "analysis.style", "analysis.figures", "analysis.formatting", "analysis.outputs",
    "analysis.missing", "analysis.maps", "analysis.processed", "analysis.reference", "analysis.rules.scopes",
    "analysis.portfolio", "analysis.ageing", "analysis.energy_labels", "analysis.finance", "analysis.monitoring",
)
PROVISIONER_NAME = "rpa-fork-template"


# --------------------------------------------------------------------------- template process


def _become_kernel(request: dict) -> None:
    """In the forked child: become an ipykernel on ``request['connection_file']``; never returns."""
    code = 1
    try:
        os.setsid()  # its own process group, as jupyter_client gives a started kernel (interrupts)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        os.environ.clear()
        os.environ.update(request.get("env") or {})
        os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
        os.chdir(request.get("cwd") or os.getcwd())
        sys.argv = ["ipykernel_launcher", "-f", request["connection_file"]]
        from ipykernel.kernelapp import IPKernelApp

        IPKernelApp.launch_instance(argv=sys.argv[1:])
        code = 0
    except BaseException:  # noqa: BLE001 - the child must never return into the template's loop
        import traceback

        traceback.print_exc()
    finally:
        os._exit(code)


def serve(socket_path: str, preload: tuple[str, ...] = PRELOAD) -> None:
    """The template: import ``preload``, then fork one kernel per request on ``socket_path``.

    Protocol: one JSON line per connection, ``{"connection_file", "cwd", "env"}`` -> the reply
    ``{"pid": <kernel pid>}``; ``{"stop": true}`` ends the template. The template reaps its
    children itself (``SIGCHLD`` ignored), so a finished kernel leaves no zombie.
    """
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)  # what ipykernel sets before matplotlib loads
    for name in preload:
        importlib.import_module(name)
    import gc

    gc.collect()
    gc.freeze()  # keep the imported objects out of the children's garbage collections (copy-on-write)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(socket_path)
    server.listen(8)
    server.settimeout(1.0)
    parent = os.getppid()
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    while os.getppid() == parent:  # a worker that died leaves no template behind
        try:
            conn, _ = server.accept()
        except TimeoutError:
            continue
        conn.settimeout(None)
        with conn:
            line = conn.makefile("r", encoding="utf-8").readline()
            request = json.loads(line or "{}")
            if request.get("stop") or not line:
                break
            pid = os.fork()
            if pid == 0:
                server.close()
                conn.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                _become_kernel(request)
            conn.sendall((json.dumps({"pid": pid}) + "\n").encode())
    server.close()


# --------------------------------------------------------------------------- worker side


class _ForkedProcess:
    """What jupyter_client needs of a ``Popen`` for a kernel that is not our child."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = 0
            except PermissionError:  # pid reused by someone else's process: ours is gone
                self.returncode = 0
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        end = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if end is not None and time.monotonic() > end:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.02)
        return self.returncode or 0

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkProvisioner(LocalProvisioner):
    """Kernel provisioner: the kernel is a fork of the template at ``socket_path``."""

    socket_path = Unicode("", config=True, help="Unix socket of the template process")

    async def launch_kernel(self, cmd: list[str], **kwargs) -> dict:
        km = self.parent
        request = {"connection_file": km.connection_file, "cwd": str(kwargs.get("cwd") or os.getcwd()),
                   "env": dict(kwargs.get("env") or os.environ)}
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.connect(self.socket_path)
            s.sendall((json.dumps(request) + "\n").encode())
            reply = json.loads(s.makefile("r", encoding="utf-8").readline())
        self.process = _ForkedProcess(int(reply["pid"]))
        self.pid = self.pgid = self.process.pid
        self.cwd = request["cwd"]
        return self.connection_info


def _register_provisioner() -> None:
    """Make :class:`ForkProvisioner` known to jupyter_client without an installed entry point."""
    from importlib.metadata import EntryPoint

    from jupyter_client.provisioning.factory import KernelProvisionerFactory

    factory = KernelProvisionerFactory.instance()
    if PROVISIONER_NAME not in factory.provisioners:
        factory.provisioners[PROVISIONER_NAME] = EntryPoint(
            name=PROVISIONER_NAME, value=f"{__name__}:ForkProvisioner", group=KernelProvisionerFactory.GROUP_NAME)


class Template:
    """One template process (started on first use) and the kernel managers forked from it."""

    def __init__(self, kernel_name: str, stderr=None):
        self.kernel_name = kernel_name
        self.stderr = stderr
        self.process: subprocess.Popen | None = None
        self.socket_path = ""
        self._dir: tempfile.TemporaryDirectory | None = None

    def start(self, timeout: float = 120) -> None:
        """Start the template and wait until it has imported everything."""
        if self.process is not None and self.process.poll() is None:
            return
        self._dir = tempfile.TemporaryDirectory(prefix="rpa-kernels-")
        self.socket_path = str(Path(self._dir.name) / "template.sock")
        self.process = subprocess.Popen(
            [sys.executable, "-Xfrozen_modules=off", "-m", __name__, self.socket_path],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self.stderr, text=True)
        line = self.process.stdout.readline()
        if line.strip() != "ready":
            self.stop()
            raise RuntimeError("Het sjabloonproces voor de kernels kwam niet op (zie het kernellog).")
        _register_provisioner()

    def kernel_manager(self):
        """A ``KernelManager`` whose next ``start_kernel`` forks from the template."""
        self.start()
        return _manager(self.kernel_name, provisioner={
            "provisioner_name": PROVISIONER_NAME, "config": {"socket_path": self.socket_path}})

    def stop(self) -> None:
        """Stop the template (kernels already forked keep running until they are shut down)."""
        if self.process is not None and self.process.poll() is None:
            try:
                with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                    s.connect(self.socket_path)
                    s.sendall(b'{"stop": true}\n')
                self.process.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
        self.process = None
        if self._dir is not None:
            self._dir.cleanup()
            self._dir = None


def new_manager(kernel_name: str):
    """A ``KernelManager`` for a kernel process whose channels no other kernel can take.

    jupyter_client gives a kernel five TCP ports it finds free by binding and closing them, and
    remembers them only within its own process: two ``rpa report`` workers starting kernels at the
    same moment can pick the same port, and the kernel that binds second fails ("Address already in
    use") and never answers (the report fails with "Kernel didn't respond in 60 seconds"; seen in a
    benchmark run of plain kernels). Where Unix sockets exist the channels are files on a path of
    this kernel's own instead (``transport='ipc'``; jupyter_client removes them at shutdown); on
    Windows, TCP as before.
    """
    import uuid

    from jupyter_client.manager import KernelManager

    if os.name != "posix":
        return KernelManager(kernel_name=kernel_name)
    path = os.path.join(tempfile.gettempdir(), f"rpa-kernel-{uuid.uuid4().hex[:16]}")
    return KernelManager(kernel_name=kernel_name, transport="ipc", ip=path)


def _manager(kernel_name: str, argv: list[str] | None = None, provisioner: dict | None = None):
    """A :func:`new_manager` for ``kernel_name`` with its spec's command or provisioner replaced."""
    from jupyter_client.kernelspec import KernelSpec

    km = new_manager(kernel_name)
    spec = km.kernel_spec
    metadata = dict(spec.metadata)
    if provisioner:
        metadata["kernel_provisioner"] = provisioner
    km._kernel_spec = KernelSpec(
        argv=argv or spec.argv, display_name=spec.display_name, language=spec.language, env=spec.env,
        interrupt_mode=spec.interrupt_mode, resource_dir=spec.resource_dir, metadata=metadata)
    return km


def preimport_kernel_manager(kernel_name: str):
    """The ``preimport`` alternative: a new kernel process that imports :data:`PRELOAD` first."""
    return _manager(kernel_name, argv=[sys.executable, "-Xfrozen_modules=off", "-m", __name__, "--kernel",
                                       "-f", "{connection_file}"])


def _preimported_kernel(argv: list[str]) -> None:
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    for name in PRELOAD:
        importlib.import_module(name)
    from ipykernel.kernelapp import IPKernelApp

    sys.argv = ["ipykernel_launcher", *argv]
    IPKernelApp.launch_instance(argv=argv)


if __name__ == "__main__":
    if sys.argv[1] == "--kernel":
        _preimported_kernel(sys.argv[2:])
    else:
        serve(sys.argv[1])
