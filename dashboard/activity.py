"""The requests a serving app is answering, so that its background work (the warm-up, the collector's full passes)
waits for a quiet moment instead of competing with them."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class Requests:
    """How many requests of a WSGI app are in flight, when the last one ended, and how many have ended."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._busy = 0
        self._ends = 0
        self._last_end = float("-inf")  # none yet
        self.ended = threading.Event()  # set when a request ends (one waiter clears it: the collector's thread)

    def wrap(self, app: WSGIApp) -> WSGIApp:
        """The WSGI app app, counted."""

        def counted(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
            with self._lock:
                self._busy += 1
            try:
                return app(environ, start_response)
            finally:
                with self._lock:
                    self._busy -= 1
                    self._ends += 1
                    self._last_end = self._clock()
                self.ended.set()

        return counted

    def now(self) -> tuple[int, float, int]:
        """(requests in flight, when the last ended, how many have ended)."""
        with self._lock:
            return self._busy, self._last_end, self._ends

    def quiet(self, seconds: float) -> bool:
        """True when no request is in flight and none has ended for seconds."""
        busy, last_end, _ = self.now()
        return busy == 0 and self._clock() - last_end >= seconds

    def wait_quiet(self, seconds: float, timeout: float, poll_s: float = 0.05) -> bool:
        """Wait until quiet for seconds, at most timeout; True if it was quiet."""
        deadline = time.monotonic() + timeout
        while not self.quiet(seconds):
            if time.monotonic() >= deadline:
                return False
            time.sleep(poll_s)
        return True
