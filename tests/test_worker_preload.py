"""The fork server's preload (analysis.report.worker_preload) never stops a run; the server leaves quickly.

multiprocessing's fork server imports the module before it forks ``rpa report``'s workers
(:func:`analysis.report.runner_kernels.start_early`); an exception there would end the server
and with it the run, so whatever fails is left to the workers, which import it again themselves.
"""

from __future__ import annotations

import gc
import importlib
import os
import subprocess
import sys

import pytest

from analysis.config import ROOT
from analysis.report import runner_kernels


def _import_preload():
    sys.modules.pop("analysis.report.worker_preload", None)
    return importlib.import_module("analysis.report.worker_preload")


def test_a_failing_import_leaves_the_preload_quiet_and_collections_on(monkeypatch):
    def broken(inprocess):
        raise RuntimeError("kapot")

    monkeypatch.setattr(runner_kernels, "import_machinery", broken)
    monkeypatch.setenv("RPA_KERNELS", "inprocess")
    _import_preload()  # does not raise
    assert gc.isenabled()


@pytest.mark.parametrize("mode, imports", [("inprocess", True), ("spawn", False)])
def test_the_preload_imports_the_machinery_only_for_in_process_kernels(monkeypatch, mode, imports):
    calls = []
    monkeypatch.setattr(runner_kernels, "import_machinery", lambda inprocess: calls.append(inprocess))
    monkeypatch.setenv("RPA_KERNELS", mode)
    _import_preload()
    assert calls == ([True] if imports else [])


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          cwd=str(ROOT), env={**os.environ, "PYTHONPATH": str(ROOT)})


# a module-level object whose finaliser prints when Python takes the modules apart at exit
_TEARDOWN = ("import sys\nclass T:\n    def __del__(self):\n        sys.stdout.write('afgebroken\\n'); sys.stdout.flush()\n"
             "sys.modules['__main__'].t = T()\n")


def test_the_fork_server_leaves_without_taking_its_imports_apart():
    # what the fork server does when the run's process is gone: SystemExit, then Python's teardown
    ended = _run(_TEARDOWN + "import analysis.report.forkserver_exit\nraise SystemExit\n")
    assert ended.returncode == 0, ended.stderr
    assert "afgebroken" not in ended.stdout
    # the same without the module: the teardown runs (so the check above can fail)
    plain = _run(_TEARDOWN + "raise SystemExit\n")
    assert "afgebroken" in plain.stdout


def test_the_fork_server_preloads_the_machinery_and_the_quick_exit(monkeypatch):
    import multiprocessing as mp
    from multiprocessing import forkserver

    seen = []
    monkeypatch.setattr(mp, "set_forkserver_preload", seen.append)
    monkeypatch.setattr(forkserver, "ensure_running", lambda: None)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("RPA_KERNELS", "inprocess")
    runner_kernels.start_early()
    assert seen == [["analysis.report.worker_preload", "analysis.report.forkserver_exit"]]
