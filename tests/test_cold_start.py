"""Start-up work off the first request: verdicts computed once, a warm-up that follows the readers."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from dashboard import pages
from dashboard.claims import evaluate_all
from dashboard.context import build_context
from dashboard.warmup import Warmer


def test_lazy_verdicts_equal_the_synchronous_evaluation(committed_data) -> None:
    ctx = build_context(committed_data)
    expected = evaluate_all(ctx.registry, committed_data)
    assert dict(ctx.results.items()) == expected
    assert ctx.results is ctx.results  # computed once


def test_verdicts_computed_ahead_are_the_ones_served(committed_data) -> None:
    ctx = build_context(committed_data)
    first, *_ = ctx.registry.claims
    ctx.verdict_ahead(first.id)
    ctx.verdict_ahead("no-such-claim")  # ignored
    ahead = ctx.cache.verdicts["en"][first.id]
    assert ctx.results[first.id] is ahead
    assert dict(ctx.results.items()) == evaluate_all(ctx.registry, committed_data)


def test_an_evaluation_error_reaches_every_reader(committed_data, monkeypatch) -> None:
    def failing(claim, data):
        raise ValueError("a check failed")

    monkeypatch.setattr("dashboard.context.evaluate", failing)
    ctx = build_context(committed_data)
    for _ in range(2):
        with pytest.raises(ValueError, match="a check failed"):
            ctx.results["anything"]


def test_the_page_a_reader_opens_is_warmed_next() -> None:
    lock = threading.RLock()
    order: list[str] = []
    started, gate = threading.Event(), threading.Event()

    def first() -> None:
        started.set()
        gate.wait(2)
        order.append("a")

    steps = [("/a", first), ("/b", lambda: order.append("b")),
             ("/c", lambda: order.append("c1")), ("/c", lambda: order.append("c2"))]
    warmer = Warmer(lock, steps).start()
    assert started.wait(2)
    warmer.hint("/c")  # while /a is being built
    warmer.hint("/unknown")  # a path with no step changes nothing
    gate.set()
    assert warmer.done.wait(5)
    assert order == ["a", "c1", "c2", "b"]


def test_a_failing_step_is_logged_and_the_warm_up_goes_on(caplog) -> None:
    order: list[str] = []

    def broken() -> None:
        raise RuntimeError("no such table")

    warmer = Warmer(threading.RLock(), [("/a", broken), ("/b", lambda: order.append("b"))]).start()
    assert warmer.done.wait(5)
    assert order == ["b"]
    assert "warm-up of /a failed: RuntimeError: no such table" in caplog.text


def test_the_warm_up_builds_the_explorer_first_then_every_page(committed_data) -> None:
    ctx = build_context(committed_data)
    steps = pages.warm_steps(ctx)
    paths = [path for path, _ in steps]
    assert paths[:2] == ["/explore", "/explore"]
    assert set(paths) == {"/", "/explore", "/chancay", "/sources"} | {f"/claims/{c.id}" for c in ctx.registry.claims}


def test_opening_a_page_moves_it_ahead_and_preloads_its_chunks(monkeypatch) -> None:
    from dashboard.app import create_app

    hinted: list[str] = []
    monkeypatch.setattr(Warmer, "hint", lambda self, path: hinted.append(path))
    client = create_app(warm=False).server.test_client()
    body = client.get("/explore/?lang=en").get_data(as_text=True)
    assert hinted == ["/explore"]
    for chunk in ("async-graph.js", "async-slider.js", "async-dropdown.js"):
        assert f'<link rel="preload" as="script" href="/_dash-component-suites/dash/dcc/{chunk}">' in body
    assert "rel=\"preload\"" not in client.get("/sources?lang=en").get_data(as_text=True)


def test_a_serving_app_leaves_what_it_built_out_of_the_collectors_full_passes(monkeypatch) -> None:
    from dashboard import app as app_module
    from dashboard import collector

    settled: list[str] = []
    monkeypatch.setattr(collector, "settle", lambda: settled.append("warm-up done"))
    monkeypatch.setattr(app_module, "settle", lambda: settled.append("tables built"))
    monkeypatch.setattr(collector.IdleCollector, "start", lambda self: self)  # the test process's collector stays
    order: list[str] = []
    warmer = Warmer(threading.RLock(), [("/a", lambda: order.append("a"))], then=collector.settle).start()
    assert warmer.done.wait(5) and order == ["a"] and settled == ["warm-up done"]  # after its steps
    settled.clear()
    app_module.create_app(warm=False)  # tests: nothing frozen (what they build must be freed)
    assert settled == []
    made: list[Any] = []

    class Recorded(Warmer):  # records what the app asks its warm-up to do last, and runs nothing
        def __init__(self, lock: Any, steps: Any, then: Any = None, requests: Any = None) -> None:
            super().__init__(lock, [], None)
            made.append(then)

        def start(self) -> Warmer:
            return self

    monkeypatch.setattr(app_module, "Warmer", Recorded)
    app_module.create_app()  # serving: settled once the tables and context are built, and after its warm-up
    assert settled == ["tables built"] and made == [app_module.settle]
