"""The serving app's cycle collector: full passes run between requests, by Python's own rule for when one is due."""

from __future__ import annotations

import gc
import os
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from dashboard import collector
from dashboard.activity import Requests
from dashboard.collector import THRESHOLD2, IdleCollector, grown_enough


class Fake:
    """A clock, a collector and an old generation the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0
        self.young = THRESHOLD2
        self.size = 1000
        self.collected = 0

    def collect(self) -> None:
        self.collected += 1
        self.young = 0
        self.size = 1000


@pytest.fixture
def fake() -> Fake:
    return Fake()


def idle_collector(fake: Fake, **kw: Any) -> IdleCollector:
    return IdleCollector(
        Requests(clock=lambda: fake.now),
        clock=lambda: fake.now,
        collect=fake.collect,
        young_passes=lambda: fake.young,
        old_size=lambda: fake.size,
        **{"idle_s": 0.25, "longest_s": 60.0, **kw},
    )


def serve(c: IdleCollector, during: Any = None) -> None:
    """One request through c's counted app (during runs while it is in flight)."""

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        if during is not None:
            during()
        return [b"ok"]

    c.requests.wrap(app)({}, lambda *a: None)


def test_python_rule_for_a_due_pass() -> None:
    assert grown_enough(1251, 1000) and not grown_enough(1250, 1000)
    assert grown_enough(1, 0) and not grown_enough(0, 0)


def test_a_due_pass_waits_for_the_server_to_be_idle(fake: Fake) -> None:
    c = idle_collector(fake)
    assert not c.step()  # nothing served yet
    fake.size = 1300  # grown by more than a quarter, and THRESHOLD2 middle passes: due
    serve(c)
    fake.now += 0.1
    assert not c.step() and fake.collected == 0  # a request ended 0.1 s ago: wait
    fake.now += 0.2
    assert c.step() and fake.collected == 1 and c.passes == 1
    assert not c.step()  # nothing served since: no new look


def test_no_pass_starts_while_a_request_runs(fake: Fake) -> None:
    c = idle_collector(fake)
    fake.size = 1300
    serve(c)
    looked: list[bool] = []

    def slow_request() -> None:
        fake.now += 5  # long after the last request ended, but this one is in flight
        looked.append(c.step())

    serve(c, during=slow_request)
    assert looked == [False] and fake.collected == 0
    fake.now += 0.3
    assert c.step() and fake.collected == 1


def test_python_rule_decides_whether_a_pass_is_due(fake: Fake) -> None:
    c = idle_collector(fake)
    fake.young, fake.size = THRESHOLD2 - 1, 5000  # grown, but too few middle-generation passes
    serve(c)
    fake.now += 1
    assert not c.step()
    fake.young, fake.size = THRESHOLD2 + 3, 1200  # enough passes, not grown by a quarter
    serve(c)
    fake.now += 1
    assert not c.step()
    fake.size = 1300
    serve(c)
    fake.now += 1
    assert not c.step()  # Python looks once per middle-generation pass: none has run since
    fake.young += 1
    serve(c)
    fake.now += 1
    assert c.step() and fake.collected == 1


def test_a_frozen_old_generation_is_the_new_baseline(fake: Fake) -> None:
    c = idle_collector(fake)
    fake.size = 200  # settle froze most of it
    serve(c)
    fake.now += 1
    assert not c.step()
    fake.young, fake.size = THRESHOLD2 + 1, 251
    serve(c)
    fake.now += 1
    assert c.step()


def test_a_server_never_idle_still_gets_its_pass(fake: Fake) -> None:
    c = idle_collector(fake, longest_s=60.0)
    fake.size = 1300

    def busy() -> None:
        fake.now += 30
        c.step()

    serve(c, during=busy)  # 30 s after the collector was made
    serve(c, during=busy)  # 60 s: overdue, so it runs though a request is in flight
    assert fake.collected == 1


@pytest.fixture
def thresholds() -> Iterator[None]:
    kept = gc.get_threshold()
    yield
    gc.set_threshold(*kept)


@pytest.mark.usefixtures("thresholds")
def test_the_thread_runs_the_pass_after_requests(fake: Fake) -> None:
    c = IdleCollector(  # real time and a real thread; the collector faked
        Requests(), idle_s=0.05, poll_s=0.01, collect=fake.collect, young_passes=lambda: fake.young,
        old_size=lambda: fake.size,
    )
    fake.size = 1300
    release = threading.Event()
    started = threading.Event()

    def held() -> None:
        started.set()
        release.wait(5)

    looks: list[bool] = []
    step = c.step
    c.step = lambda: looks.append(step()) or looks[-1]  # type: ignore[method-assign]
    c.start()
    assert gc.get_threshold()[2] == collector.NEVER  # Python's own full passes are off
    time.sleep(0.1)
    assert looks == []  # no request has ended: the thread sleeps
    request = threading.Thread(target=serve, args=(c, held))
    request.start()
    assert started.wait(5)
    time.sleep(0.3)
    assert fake.collected == 0  # in flight all along
    release.set()
    request.join(5)
    deadline = time.monotonic() + 5
    while fake.collected == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert fake.collected == 1


def test_a_serving_app_counts_its_requests_and_tests_apps_do_not(monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard import app as app_module

    made: list[IdleCollector] = []

    class Recorded(IdleCollector):  # no thread and no change to the test process's collector
        def start(self) -> IdleCollector:
            made.append(self)
            return self

    monkeypatch.setattr(app_module, "IdleCollector", Recorded)
    monkeypatch.setattr(app_module, "settle", lambda: None)
    monkeypatch.setattr(app_module.Warmer, "start", lambda self: self)
    app_module.create_app(warm=False)
    assert made == []
    client = app_module.create_app().server.test_client()
    assert len(made) == 1
    assert client.get("/_dash-layout").status_code == 200
    busy, _, ends = made[0].requests.now()
    assert busy == 0 and ends == 1  # the request went through the counted app


def test_requests_know_when_the_server_is_quiet() -> None:
    clock = [50.0]
    requests = Requests(clock=lambda: clock[0])
    assert requests.quiet(1.0)  # nothing served yet
    looked: list[bool] = []
    requests.wrap(lambda environ, start: looked.append(requests.quiet(0.0)) or [b""])({}, None)
    assert looked == [False]  # in flight
    assert not requests.quiet(1.0)
    clock[0] += 1.0
    assert requests.quiet(1.0) and requests.now() == (0, 50.0, 1)


def test_the_warm_up_waits_for_quiet_except_for_the_page_a_reader_opens() -> None:
    from dashboard import warmup
    from dashboard.warmup import Warmer

    requests = Requests()
    built: list[str] = []
    release, inside = threading.Event(), threading.Event()

    def in_flight(environ: Any, start: Any) -> list[bytes]:
        inside.set()
        release.wait(5)
        return [b""]

    request = threading.Thread(target=requests.wrap(in_flight), args=({}, None))
    request.start()
    assert inside.wait(5)
    steps = [("/", lambda: built.append("/")), ("/explore", lambda: built.append("/explore"))]
    warmer = Warmer(threading.RLock(), steps, requests=requests)
    warmer.hint("/explore")  # a reader opens the explorer: its step runs at once, the home page's waits
    warmer.start()
    deadline = time.monotonic() + 5
    while not built and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.2)
    assert built == ["/explore"]
    release.set()
    request.join(5)
    assert warmer.done.wait(warmup.QUIET_S + 5)
    assert built == ["/explore", "/"]


@pytest.mark.usefixtures("thresholds")
def test_a_forked_worker_gets_a_collector_thread_of_its_own(fake: Fake) -> None:
    c = IdleCollector(Requests(), collect=fake.collect, young_passes=lambda: fake.young, old_size=lambda: fake.size)
    c.start()
    parents = c.thread
    pid = os.fork()
    if pid == 0:  # the child: only the thread that forked survives, plus what the fork hooks started
        own = c.thread is not None and c.thread is not parents and c.thread.is_alive()
        os._exit(0 if own and not parents.is_alive() else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
