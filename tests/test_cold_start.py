"""Start-up work moved off the first request: the verdicts, computed in the background, are the synchronous ones."""

from __future__ import annotations

import threading
import time

import pytest

from dashboard.claims import evaluate_all
from dashboard.context import Verdicts, build_context


def test_background_verdicts_equal_the_synchronous_evaluation(committed_data) -> None:
    ctx = build_context(committed_data)
    expected = evaluate_all(ctx.registry, committed_data)
    assert dict(ctx.results.items()) == expected
    assert list(ctx.results) == list(expected) and len(ctx.results) == len(expected)


def test_no_page_is_built_while_the_verdicts_are_computed(committed_data, monkeypatch) -> None:
    release = threading.Event()

    def slow_evaluate(registry, data):
        release.wait(5)
        return {"a-claim": "its result"}

    monkeypatch.setattr("dashboard.context.evaluate_all", slow_evaluate)
    ctx = build_context(committed_data)
    assert not ctx.build_lock.acquire(blocking=False) or ctx.build_lock.release()  # held by the verdicts thread
    got: list[object] = []
    reader = threading.Thread(target=lambda: got.append(ctx.results["a-claim"]))
    reader.start()
    time.sleep(0.1)
    assert got == []  # the reader waits
    release.set()
    reader.join(5)
    assert got == ["its result"]
    with ctx.build_lock:  # free again
        pass


def test_an_evaluation_error_reaches_every_reader(committed_data, monkeypatch) -> None:
    def failing(registry, data):
        raise ValueError("a check failed")

    monkeypatch.setattr("dashboard.context.evaluate_all", failing)
    verdicts = Verdicts(build_context(committed_data).registry, committed_data, threading.RLock())
    for _ in range(2):
        with pytest.raises(ValueError, match="a check failed"):
            verdicts["anything"]
