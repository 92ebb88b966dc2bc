"""One headless Chromium that prints many pages: the set's PDFs without a browser start per page.

``chromium --print-to-pdf`` starts a whole browser for every page (about 1,1 s of the 1,7-2,0 s a
report takes to print on the 2-core test machine). :class:`Browser` starts Chromium once and asks
it over the DevTools protocol on a pair of pipes (``--remote-debugging-pipe``: the browser reads
commands on its file descriptor 3 and answers on 4, each message JSON ending in a NUL byte; no
network port), with the settings the command line uses (``Page.printToPDF`` with the page's CSS
page size, backgrounds, no header or footer, a document outline). Each page gets a tab of its own,
closed after printing, so nothing passes from one report to the next.

:func:`print_pages` prints a list of pages on ``workers`` browsers side by side. When a browser
cannot be started or stops answering, that page and the rest of its share are printed one by one
with :func:`analysis.report.pdf.print_pdf`, as before.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

__all__ = ["Browser", "BrowserError", "print_pages"]

#: ``Page.printToPDF`` as ``--print-to-pdf --no-pdf-header-footer --generate-pdf-document-outline`` asks it.
PRINT_PARAMS = {"printBackground": True, "preferCSSPageSize": True, "displayHeaderFooter": False,
                "generateDocumentOutline": True, "transferMode": "ReturnAsBase64"}


class BrowserError(RuntimeError):
    """Chromium did not start, did not answer in time, or answered with an error."""


class Browser:
    """A headless Chromium on two pipes; use as a context manager, then :meth:`print_page`."""

    def __init__(self, chromium: str, timeout: float = 180):
        import fcntl  # POSIX only; print_pages uses the command line elsewhere

        self.timeout = timeout
        self._profile = tempfile.mkdtemp(prefix="rpa-chromium-")
        # the child's ends on 3 and 4 (posix_spawn: no Python runs between fork and exec, safe with threads);
        # taken from numbers above 10 first, so that dup2 never meets a pipe already on 3 or 4
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        ends = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (to_browser_r, from_browser_w)]
        for fd in (to_browser_r, from_browser_w):
            os.close(fd)
        cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
               "--no-first-run", "--no-default-browser-check", f"--user-data-dir={self._profile}", "about:blank"]
        actions = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                   (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                   (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
                   (os.POSIX_SPAWN_DUP2, ends[0], 3), (os.POSIX_SPAWN_DUP2, ends[1], 4)]
        try:
            self._pid = os.posix_spawn(chromium, cmd, os.environ, file_actions=actions)
        except OSError as exc:
            for fd in (self._to_browser, self._from_browser):
                os.close(fd)
            shutil.rmtree(self._profile, ignore_errors=True)
            raise BrowserError(f"Chromium start niet: {exc}") from exc
        finally:
            for fd in ends:
                os.close(fd)
        self._next_id = 0
        self._buffer = b""
        self._pending: list[dict] = []

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _send(self, method: str, params: dict | None = None, session: str | None = None) -> int:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        try:
            while data:
                data = data[os.write(self._to_browser, data):]
        except OSError as exc:  # the browser has gone (a broken pipe)
            raise BrowserError(f"Chromium stopte: {exc}") from exc
        return self._next_id

    def _receive(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_browser], [], [], left)[0]:
                raise BrowserError("Chromium antwoordde niet op tijd")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise BrowserError("Chromium stopte")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def _call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        wanted = self._send(method, params, session)
        deadline = time.monotonic() + self.timeout
        while True:
            message = self._receive(deadline)
            if message.get("id") == wanted:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error'].get('message')}")
                return message.get("result", {})
            if "method" in message:
                self._pending.append(message)

    def _wait_for(self, method: str, session: str) -> None:
        deadline = time.monotonic() + self.timeout
        while True:
            for i, event in enumerate(self._pending):
                if event.get("method") == method and event.get("sessionId") == session:
                    del self._pending[i]
                    return
            self._pending.append(self._receive(deadline))

    def print_page(self, html_path: Path, pdf_path: Path) -> Path:
        """Print one HTML page to ``pdf_path`` in a tab of its own (A4 and margins from the page's CSS)."""
        target = self._call("Target.createTarget", {"url": "about:blank"})["targetId"]
        try:
            session = self._call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            self._call("Page.enable", session=session)
            self._pending.clear()  # only the load of the report counts, not one of the empty tab
            self._call("Page.navigate", {"url": Path(html_path).resolve().as_uri()}, session=session)
            self._wait_for("Page.loadEventFired", session)
            data = self._call("Page.printToPDF", PRINT_PARAMS, session=session)["data"]
        finally:
            self._call("Target.closeTarget", {"targetId": target})
            self._pending.clear()
        Path(pdf_path).write_bytes(base64.b64decode(data))
        return Path(pdf_path)

    def close(self) -> None:
        """Ask Chromium to leave (then stop it if it does not), and remove its profile."""
        try:
            if os.waitpid(self._pid, os.WNOHANG) == (0, 0):
                try:
                    self._send("Browser.close")
                except BrowserError:
                    pass
                deadline = time.monotonic() + 10
                while os.waitpid(self._pid, os.WNOHANG) == (0, 0):
                    if time.monotonic() > deadline:
                        os.kill(self._pid, 9)
                        os.waitpid(self._pid, 0)
                        break
                    time.sleep(0.02)
        except ChildProcessError:
            pass
        finally:
            for fd in (self._to_browser, self._from_browser):
                try:
                    os.close(fd)
                except OSError:
                    pass
            shutil.rmtree(self._profile, ignore_errors=True)


def print_pages(pages: list[tuple[Path, Path]], chromium: str, workers: int = 2) -> list[Path]:
    """Print every ``(html_path, pdf_path)``, on ``workers`` long-lived browsers side by side.

    The PDFs come back in the order of ``pages``. A share whose browser fails is printed page by
    page with the command line (:func:`analysis.report.pdf.print_pdf`), which raises for a page
    that gives no PDF at all.
    """
    from analysis.report.pdf import print_pdf

    if not pages:
        return []
    if not hasattr(os, "posix_spawn"):  # Windows: a browser per page, as the command line does it
        return [print_pdf(h, p, chromium) for h, p in pages]
    n = max(1, min(workers, len(pages)))
    shares = [pages[i::n] for i in range(n)]

    def one_share(share: list[tuple[Path, Path]]) -> list[Path]:
        done: list[Path] = []
        try:
            with Browser(chromium) as browser:
                for html_path, pdf_path in share:
                    done.append(browser.print_page(html_path, pdf_path))
        except BrowserError:
            pass
        return done + [print_pdf(h, p, chromium) for h, p in share[len(done):]]

    with ThreadPoolExecutor(max_workers=n) as pool:
        printed = list(pool.map(one_share, shares))
    order = {str(p): i for i, (_, p) in enumerate(pages)}
    return sorted((p for share in printed for p in share), key=lambda p: order[str(p)])
