"""What a serving process does with Python's cycle collector: freeze what it has built, and run the full passes
between requests rather than inside one.

A full pass walks every long-lived object that is not frozen: after the bench's callbacks at 1e6 BACI rows, about
180,000 of them (the caches' figures and selections), 79-97 ms on this machine, in whichever request had just
made the pass due. They find almost nothing to free (25-165 objects there): the app's garbage is freed by reference
counting or dies young, in the young passes, which stay as they are. So the serving app keeps Python's own rule for
*when* a full pass is due, and only moves it: the collector runs it from its own thread once no request has run for
IDLE_S, or at the latest LONGEST_S after the last one if the server is never idle (its garbage stays bounded).

This is CPython's generational collector (3.11-3.13): a full pass follows THRESHOLD2 young-generation passes once
the old generation has grown by a quarter since the last full pass.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from collections.abc import Callable
from typing import Any

from dashboard.activity import Requests

IDLE_S = 0.25  # a full pass waits until no request has run for this long ...
LONGEST_S = 60.0  # ... or, on a server that is never idle, this long after the last one
POLL_S = 0.1  # how often the collector's thread looks, once a request has ended
THRESHOLD2 = 10  # Python's own: middle-generation passes before a full pass is considered
NEVER = 10**9  # the threshold that leaves every full pass to the collector's thread


def settle() -> None:
    """Leave every object alive now out of the collector's later full passes (gc.freeze): a serving app calls it once
    its tables and context are built, and again when the warm-up has built its pages.

    They live as long as the process, and every full pass walked them again: over the bench's callbacks at 1e6 BACI
    rows, 7 passes of 546-581 ms in all, the longest 135-165 ms, each landing in whichever request ran. No collection
    first: it found 31 objects to free after start-up and none after the warm-up, and took 77 ms there, about when
    the first reader's explorer loads.
    """
    gc.freeze()


def grown_enough(size: int, size_after_last: int) -> bool:
    """Python's rule for a full pass once enough young passes have run: the old generation has grown by a quarter."""
    return size - size_after_last > size_after_last // 4


class IdleCollector:
    """Run the cycle collector's full passes from a daemon thread, between requests (see the module's docstring).

    start() turns Python's automatic full passes off and starts the thread, which sleeps until one of the requests
    ends, then calls step() every POLL_S until it has looked. The collector's functions and the clock can be replaced
    (tests).
    """

    def __init__(
        self,
        requests: Requests,
        *,
        idle_s: float = IDLE_S,
        longest_s: float = LONGEST_S,
        poll_s: float = POLL_S,
        clock: Callable[[], float] = time.monotonic,
        collect: Callable[[], Any] = gc.collect,
        young_passes: Callable[[], int] = lambda: gc.get_count()[2],
        old_size: Callable[[], int] = lambda: len(gc.get_objects(generation=2)),
    ) -> None:
        self.requests = requests
        self.idle_s, self.longest_s, self.poll_s = idle_s, longest_s, poll_s
        self._clock, self._collect, self._young_passes, self._old_size = clock, collect, young_passes, old_size
        self._looked_at = 0  # how many requests had ended when it last looked
        self._last_pass = clock()
        self._size_after_last = old_size()
        self._young_at_look = -1  # the middle-generation passes counted when a due pass was last looked for
        self.passes = 0  # full passes run
        self.thread: threading.Thread | None = None  # this process's collector thread, once started

    def start(self) -> IdleCollector:
        """Leave the full passes to this collector's thread, and start it; return self.

        A process forked from this one (a server that loads the app before forking its workers) starts its own
        thread: threads do not survive a fork, and without one its full passes would never run.
        """
        first, second, _ = gc.get_threshold()
        gc.set_threshold(first, second, NEVER)
        self._spawn()
        os.register_at_fork(after_in_child=self._spawn)
        return self

    def _spawn(self) -> None:
        self.requests.ended.clear()  # a fresh thread looks once a request of its own process has ended
        self.thread = threading.Thread(target=self._run, name="idle-gc", daemon=True)
        self.thread.start()

    def step(self) -> bool:
        """Run a full pass if one is due and the server is idle (or the last pass is longest_s old); True if it ran."""
        now = self._clock()
        busy, last_end, ends = self.requests.now()
        if ends == self._looked_at:  # nothing has run since the last look: nothing has grown
            return False
        overdue = now - self._last_pass >= self.longest_s
        if not overdue and (busy or now - last_end < self.idle_s):
            return False
        self._looked_at = ends
        young = self._young_passes()
        if young < THRESHOLD2 or young == self._young_at_look:  # Python looks once per middle-generation pass
            return False
        self._young_at_look = young
        size = self._old_size()
        self._size_after_last = min(self._size_after_last, size)  # gc.freeze (settle) took objects out of it
        if not grown_enough(size, self._size_after_last):
            return False
        self._collect()
        self.passes += 1
        self._last_pass = self._clock()
        self._size_after_last = self._old_size()
        self._young_at_look = -1
        return True

    def _run(self) -> None:
        ended = self.requests.ended
        while True:  # asleep until a request ends; then every poll_s until it has looked at what was served
            ended.wait()
            time.sleep(self.poll_s)
            ended.clear()
            self.step()
            if self.requests.now()[2] != self._looked_at:  # not looked at yet (the server was not idle): again
                ended.set()
