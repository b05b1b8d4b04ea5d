"""Start-up warm-up: a thread that builds pages ahead of their readers, the page a reader opens first."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import Any

from dashboard.activity import Requests

log = logging.getLogger(__name__)

Step = tuple[str, Callable[[], Any]]  # (the page path it is for, what it builds)


QUIET_S = 1.0  # a step for a page no reader is opening waits until no request has run for this long ...
PATIENCE_S = 60.0  # ... at most this long (a reader who keeps clicking is not interrupted by it)


class Warmer:
    """Run warm-up steps one at a time in a daemon thread; a page a reader has just opened is built next.

    Given the server's requests, a step for any other page first waits for a quiet moment: the readers' requests,
    and on a shared machine their browsers, are not slowed by pages nobody has asked for yet (a request builds what
    it needs itself).
    """

    def __init__(
        self, lock: threading.RLock, steps: Sequence[Step], then: Callable[[], Any] | None = None,
        requests: Requests | None = None,
    ) -> None:
        self._lock = lock
        self._pending = list(steps)
        self._then = then  # run once every step is done (a serving app: settle)
        self._requests = requests
        self._opening: str | None = None  # the page a reader has opened last (hint)
        self._guard = threading.Lock()
        self.done = threading.Event()

    def start(self) -> Warmer:
        """Start the warm-up thread; return self."""
        threading.Thread(target=self._run, name="warm-pages", daemon=True).start()
        return self

    def hint(self, path: str) -> None:
        """Move the steps for path (a page a reader has just asked for) to the front of what is left."""
        with self._guard:
            self._opening = path
            first = [s for s in self._pending if s[0] == path]
            if first:
                self._pending = first + [s for s in self._pending if s[0] != path]

    def _next(self) -> Step | None:
        with self._guard:
            return self._pending.pop(0) if self._pending else None

    def _run(self) -> None:
        while (step := self._next()) is not None:
            path, build = step
            if self._requests is not None and path != self._opening:
                self._requests.wait_quiet(QUIET_S, PATIENCE_S)
            try:
                with self._lock:  # held per step: a request waits for one step at most
                    build()
            except Exception as error:  # the request for that page will build it, and meet the error itself
                log.error("warm-up of %s failed: %s: %s", path, type(error).__name__, str(error)[:200])
        if self._then is not None:
            self._then()
        self.done.set()
