"""Drive Debian's headless Chromium over the DevTools protocol, for tests and benchmarks.

The browser is started with ``--remote-debugging-pipe``: the protocol runs over two
pipes (the browser reads commands on fd 3 and writes answers and events on fd 4, each
message a JSON text ended by a NUL byte). No port is opened and no websocket package is
needed. ``scripts/install-chromium`` installs the browser.

Usage::

    with Chromium() as browser:
        page = browser.open(Path("view.html").resolve().as_uri())
        page.wait_for("window.casegraph && window.casegraph.drawn")
        page.screenshot("artifacts/view.png")
        assert not page.errors()
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"

# Flags for a quiet, sandbox-free headless browser that talks to no service of its own.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--no-first-run",
    "--no-default-browser-check",
    "--mute-audio",
    "--hide-scrollbars",
    # Belt and braces: any host name fails to resolve, so a page that tried to reach
    # one would still be caught by the Network events but could not leave the machine.
    # Only this machine's own address is left alone (the web app's tests serve on it).
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
)


class ChromiumError(RuntimeError):
    """The browser could not be started, or a DevTools command failed or timed out."""


def chromium_path() -> str | None:
    """The Chromium binary to use (``$CHROMIUM`` or ``/usr/bin/chromium``), or None."""
    path = os.environ.get("CHROMIUM", CHROMIUM)
    return path if os.access(path, os.X_OK) else None


def _above_ten(fd: int) -> int:
    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return high


class Chromium:
    """One headless Chromium process; close it (or use ``with``) when done."""

    def __init__(self, binary: str | None = None, *, timeout: float = 30.0) -> None:
        binary = binary or chromium_path()
        if binary is None:
            raise ChromiumError(f"{CHROMIUM} is missing; run scripts/install-chromium")
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="casegraph-chromium-")
        self._lock = threading.Lock()
        self._answered = threading.Condition()
        self._answers: dict[int, dict[str, Any]] = {}
        self._events: list[dict[str, Any]] = []
        self._next_id = 0
        self._handlers: list[Callable[[dict[str, Any]], None]] = []
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        # The child's ends move above fd 10, so that putting them on 3 and 4 clobbers nothing.
        to_child_r, from_child_w = _above_ten(to_child_r), _above_ten(from_child_w)
        self._log = open(os.path.join(self.profile, "chromium.log"), "wb")  # noqa: SIM115
        args = [binary, *FLAGS, f"--user-data-dir={self.profile}", "--remote-debugging-pipe"]
        # Chromium wants the pipes on fds 3 and 4; bash puts them there (no preexec_fn,
        # which is unsafe once the test process runs threads).
        rewire = f"exec 3<&{to_child_r} 4>&{from_child_w} {to_child_r}<&- {from_child_w}>&- "
        try:
            self.process = subprocess.Popen(
                ["/bin/bash", "-c", rewire + '&& exec "$@"', "chromium", *args],
                stdin=subprocess.DEVNULL,
                stdout=self._log,
                stderr=self._log,
                pass_fds=(to_child_r, from_child_w),
            )
        finally:
            os.close(to_child_r)
            os.close(from_child_w)
        self._out = os.fdopen(to_child_w, "wb", buffering=0)
        self._in = os.fdopen(from_child_r, "rb", buffering=0)
        self._reader = threading.Thread(target=self._read, name="chromium-reader", daemon=True)
        self._reader.start()
        try:
            self.version = self.call("Browser.getVersion")["product"]
        except ChromiumError:
            self.close()
            raise

    # -- protocol ----------------------------------------------------------------------

    def _read(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = self._in.read(65536)
            except OSError:
                chunk = b""
            if not chunk:
                with self._answered:
                    self._answered.notify_all()
                return
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            for raw in messages:
                message = json.loads(raw)
                if "id" in message:
                    with self._answered:
                        self._answers[message["id"]] = message
                        self._answered.notify_all()
                else:
                    with self._answered:
                        self._events.append(message)
                        self._answered.notify_all()
                    for handler in list(self._handlers):
                        handler(message)

    def send(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> int:
        """Send a command without waiting; returns its id."""
        with self._lock:
            self._next_id += 1
            ident = self._next_id
            message: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
            if session:
                message["sessionId"] = session
            self._out.write(json.dumps(message).encode() + b"\0")
        return ident

    def call(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        session: str | None = None,
        timeout: float | None = None,
    ) -> dict[str, Any]:
        """Send a command and wait for its result."""
        ident = self.send(method, params, session)
        deadline = time.monotonic() + (timeout or self.timeout)
        with self._answered:
            while ident not in self._answers:
                left = deadline - time.monotonic()
                if left <= 0 or not self._reader.is_alive():
                    raise ChromiumError(f"{method}: no answer from Chromium{self._log_tail()}")
                self._answered.wait(min(left, 0.5))
            answer = self._answers.pop(ident)
        if "error" in answer:
            raise ChromiumError(f"{method}: {answer['error'].get('message')}")
        result: dict[str, Any] = answer.get("result", {})
        return result

    def events(self, session: str | None = None, method: str | None = None) -> list[dict[str, Any]]:
        """Events received so far, optionally of one session and one method."""
        with self._answered:
            return [
                e
                for e in self._events
                if (session is None or e.get("sessionId") == session)
                and (method is None or e.get("method") == method)
            ]

    def wait_event(self, session: str, method: str, timeout: float | None = None) -> dict[str, Any]:
        deadline = time.monotonic() + (timeout or self.timeout)
        with self._answered:
            while True:
                for e in self._events:
                    if e.get("sessionId") == session and e.get("method") == method:
                        return e
                left = deadline - time.monotonic()
                if left <= 0:
                    raise ChromiumError(f"no {method} event within {timeout or self.timeout} s")
                self._answered.wait(min(left, 0.5))

    def _log_tail(self) -> str:
        try:
            text = Path(self.profile, "chromium.log").read_text(errors="replace")
        except OSError:
            return ""
        tail = text.strip().splitlines()[-5:]
        return ("; browser log: " + " | ".join(tail)) if tail else ""

    # -- pages -----------------------------------------------------------------------------

    def open(self, url: str, *, width: int = 1400, height: int = 900) -> Page:
        """Open ``url`` in a new tab with the given viewport and wait for its load event."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        page = Page(self, session, target)
        for domain in ("Page", "Runtime", "Network", "Log"):
            page.call(f"{domain}.enable")
        # Frames Chromium runs in their own process (a sandboxed <iframe srcdoc>) become
        # child targets: attach to them too, so their requests and errors are seen.
        page.call(
            "Target.setAutoAttach",
            {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": True},
        )
        page.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        page.navigate(url)
        return page

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                self.send("Browser.close")
                self.process.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait(timeout=10)
        for stream in (self._out, self._in):
            with contextlib.suppress(OSError):
                stream.close()
        self._log.close()
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Page:
    """One tab, attached through a flat DevTools session."""

    def __init__(self, browser: Chromium, session: str, target: str) -> None:
        self.browser = browser
        self.session = session
        self.target = target
        self.url = "about:blank"
        self.children: list[Page] = []  # out-of-process frames, attached automatically
        # A JavaScript dialog would block the page: note it (dialogs() reports it) and
        # dismiss it so the test can go on to fail cleanly.
        browser._handlers.append(self._on_event)

    def _on_event(self, event: dict[str, Any]) -> None:
        if event.get("sessionId") != self.session:
            return
        if event.get("method") == "Page.javascriptDialogOpening":
            self.browser.send("Page.handleJavaScriptDialog", {"accept": False}, self.session)
        elif event.get("method") == "Target.attachedToTarget":
            # Called on the reader thread: send, never wait for an answer here.
            child = Page(
                self.browser,
                event["params"]["sessionId"],
                event["params"]["targetInfo"]["targetId"],
            )
            for domain in ("Page", "Runtime", "Network", "Log"):
                self.browser.send(f"{domain}.enable", None, child.session)
            # The frame waits until now, so none of its requests or errors is missed.
            self.browser.send("Runtime.runIfWaitingForDebugger", None, child.session)
            self.children.append(child)

    def call(self, method: str, params: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
        return self.browser.call(method, params, session=self.session, **kw)

    def navigate(self, url: str) -> None:
        self.url = url
        before = len(self.events("Page.loadEventFired"))
        answer = self.call("Page.navigate", {"url": url})
        if answer.get("errorText"):
            raise ChromiumError(f"{url}: {answer['errorText']}")
        deadline = time.monotonic() + self.browser.timeout
        while len(self.events("Page.loadEventFired")) <= before:
            if time.monotonic() > deadline:
                raise ChromiumError(f"{url}: no load event within {self.browser.timeout} s")
            time.sleep(0.02)

    def evaluate(self, expression: str, context: int | None = None) -> Any:
        """The value of a JavaScript expression (promises are awaited).

        ``context`` is an execution context id (see :meth:`frame_contexts`); default the
        page's main frame.
        """
        params: dict[str, Any] = {
            "expression": expression,
            "returnByValue": True,
            "awaitPromise": True,
        }
        if context is not None:
            params["contextId"] = context
        answer = self.call("Runtime.evaluate", params)
        if "exceptionDetails" in answer:
            details = answer["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise ChromiumError(f"{expression}: {text}")
        return answer["result"].get("value")

    def wait_for(
        self, expression: str, timeout: float | None = None, context: int | None = None
    ) -> Any:
        """Poll ``expression`` until it is truthy; return its value."""
        deadline = time.monotonic() + (timeout or self.browser.timeout)
        while True:
            value = self.evaluate(expression, context)
            if value:
                return value
            if time.monotonic() > deadline:
                raise ChromiumError(f"{expression!r} stayed false for {timeout} s")
            time.sleep(0.05)

    def events(self, method: str | None = None) -> list[dict[str, Any]]:
        return self.browser.events(self.session, method)

    def requests(self) -> list[str]:
        """URLs the page (or its frames) asked for, other than itself and inline URLs.

        Inline means ``data:``, ``blob:`` and ``about:srcdoc``.
        """
        urls = [e["params"]["request"]["url"] for e in self.events("Network.requestWillBeSent")]
        urls = [u for u in urls if u != self.url]
        urls += [u for child in self.children for u in child.requests()]
        return [u for u in urls if not u.startswith(("data:", "blob:", "about:"))]

    def errors(self) -> list[str]:
        """Uncaught exceptions, ``console.error`` calls and browser-logged errors."""
        found = []
        for e in self.events("Runtime.exceptionThrown"):
            details = e["params"]["exceptionDetails"]
            found.append(details.get("exception", {}).get("description") or details["text"])
        for e in self.events("Runtime.consoleAPICalled"):
            if e["params"]["type"] in ("error", "assert"):
                found.append(" ".join(str(a.get("value", a)) for a in e["params"]["args"]))
        for e in self.events("Log.entryAdded"):
            if e["params"]["entry"]["level"] == "error":
                found.append(e["params"]["entry"]["text"])
        return found + [error for child in self.children for error in child.errors()]

    def dialogs(self) -> list[str]:
        """Messages of every JavaScript dialog (alert, confirm, prompt) the page opened."""
        found = [e["params"]["message"] for e in self.events("Page.javascriptDialogOpening")]
        return found + [d for child in self.children for d in child.dialogs()]

    def mouse_move(self, x: float, y: float) -> None:
        self.call("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})

    def screenshot(self, path: str | os.PathLike[str]) -> Path:
        """Save a PNG of the viewport."""
        data = self.call("Page.captureScreenshot", {"format": "png"})["data"]
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(base64.b64decode(data))
        return target

    def close(self) -> None:
        self.browser.call("Target.closeTarget", {"targetId": self.target})
