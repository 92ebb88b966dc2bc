"""The fork server's preload (analysis.report.worker_preload) never stops a run.

multiprocessing's fork server imports the module before it forks ``rpa report``'s workers
(:func:`analysis.report.runner_kernels.start_early`); an exception there would end the server
and with it the run, so whatever fails is left to the workers, which import it again themselves.
"""

from __future__ import annotations

import gc
import importlib
import sys

import pytest

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
