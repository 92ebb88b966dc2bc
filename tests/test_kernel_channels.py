"""Kernel processes get channels no other kernel can take (:func:`kernel_template.new_manager`).

With TCP, two workers starting kernels at once could pick the same free port; the kernel that
bound second failed ("Address already in use") and the report failed after 60 s. On POSIX every
kernel now talks over Unix sockets on a path of its own.
"""

from __future__ import annotations

import glob
import json
import os

import pytest

pytestmark = pytest.mark.skipif(os.name != "posix", reason="Unix sockets: POSIX only (Windows keeps TCP)")


def test_each_manager_has_socket_files_of_its_own():
    from analysis.report.kernel_template import new_manager

    a, b = new_manager("python3"), new_manager("python3")
    assert (a.transport, b.transport) == ("ipc", "ipc")
    assert a.ip != b.ip and os.path.basename(a.ip).startswith("rpa-kernel-")
    assert not a.cache_ports  # the per-process TCP port cache is not used: there are no ports to share


def test_a_plain_kernel_answers_over_its_sockets_and_removes_them(monkeypatch):
    monkeypatch.setenv("RPA_KERNELS", "spawn")
    from analysis.report.runner_kernels import _new_kernel

    km = _new_kernel()
    try:
        info = json.loads(open(km.connection_file, encoding="utf-8").read())
        assert info["transport"] == "ipc" and info["ip"] == km.ip
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        kc.execute("6 * 7", silent=False)
        results = []
        while True:
            msg = kc.get_iopub_msg(timeout=30)
            if msg["msg_type"] == "execute_result":
                results.append(msg["content"]["data"]["text/plain"])
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle" and results:
                break
        assert results == ["42"]
        assert len(glob.glob(km.ip + "-*")) == 5  # shell, iopub, stdin, control, heartbeat
        kc.stop_channels()
    finally:
        km.shutdown_kernel(now=True)
    assert glob.glob(km.ip + "-*") == []
