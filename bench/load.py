"""Load through the production server: N clients run a reader session for S seconds, then the no-op callback.

Both phases hit one gunicorn (dashboard/server.py's settings) serving the real app plus a no-op callback
(bench/loadapp.py), so the ratio of the two shows what our code costs over Dash's own floor.
"""

from __future__ import annotations

import http.client
import json
import random
import subprocess
import sys
import threading
import time
from collections import defaultdict
from typing import Any

from bench import common, scenarios

CALLBACK = "/_dash-update-component"


def _session(
    rng: random.Random, pages: list[bytes], filters: list[tuple[bytes, bytes]]
) -> list[tuple[str, str, bytes | None]]:
    """One reader's visit: a page load (the HTML, then the router's callback) and three filter changes, each the
    first row's request and the later cards' one (a browser sends both at once; a client here, one after the
    other)."""
    steps: list[tuple[str, str, bytes | None]] = [("page load", "/", None), ("page load", CALLBACK, rng.choice(pages))]
    for _ in range(3):
        first, later = rng.choice(filters)
        steps += [("filter change", CALLBACK, first), ("filter change, later cards", CALLBACK, later)]
    return steps


def _run(port: int, clients: int, seconds: float, work: Any) -> dict[str, Any]:
    """Run clients threads for seconds, each repeating work(rng) -> steps; return per-kind latencies and errors."""
    samples: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    end = time.monotonic() + seconds

    def client(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < end:
            for kind, path, body in work(rng):
                t0 = time.perf_counter()
                try:
                    if body is None:
                        conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
                    else:
                        conn.request("POST", path, body=body,
                                     headers={"Content-Type": "application/json", "Accept-Encoding": "gzip"})
                    r = conn.getresponse()
                    r.read()
                    ok = r.status in (200, 204)
                except (OSError, http.client.HTTPException):
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    ok = False
                if ok:
                    samples[kind].append(time.perf_counter() - t0)
                else:
                    errors[kind] += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    total = sum(len(v) for v in samples.values()) + sum(errors.values())
    out: dict[str, Any] = {"requests": total, "req_per_s": round(total / elapsed, 1), "errors": sum(errors.values())}
    for kind, values in samples.items():
        s = common.summary_ms(values)
        out[kind] = {"p50_ms": s["p50_ms"], "p95_ms": s["p95_ms"],
                     "p99_ms": round(common.percentile(values, 99) * 1000, 1), "n": len(values),
                     "errors": errors.get(kind, 0)}
    return out


def callbacks_over_http(port: int, found: dict[str, list[dict[str, Any]]], rounds: int) -> dict[str, Any]:
    """The no-op floor and each callback over one kept-alive HTTP connection to the real server, one at a time.

    Each scenario's inputs are posted once in turn (first time: the worker may build the view) and then `rounds`
    more times (seen before); p50/p95 of the latter, and the first-time p50/p95.
    """
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def post(body: bytes) -> tuple[float, int]:
        t0 = time.perf_counter()
        conn.request("POST", CALLBACK, body=body, headers={"Content-Type": "application/json"})
        r = conn.getresponse()
        data = r.read()
        if r.status not in (200, 204):
            raise RuntimeError(f"HTTP {r.status}: {data[:200]!r}")
        return time.perf_counter() - t0, len(data)

    noop = json.dumps(scenarios.noop_payload()).encode()
    floor = [post(noop)[0] for _ in range(rounds * 20)]
    floor_p95 = common.percentile(floor, 95)
    out: dict[str, Any] = {"floor_p50_ms": round(common.percentile(floor, 50) * 1000, 2),
                           "floor_p95_ms": round(floor_p95 * 1000, 2), "callbacks": {}}
    for name, payloads in found.items():
        bodies = [json.dumps(p).encode() for p in payloads]
        first = [post(b)[0] for b in bodies]
        seen = [post(b) for _ in range(rounds) for b in bodies]
        times = [t for t, _ in seen]
        out["callbacks"][name] = {
            "p50_ms": round(common.percentile(times, 50) * 1000, 2),
            "p95_ms": round(common.percentile(times, 95) * 1000, 2),
            "x_floor_p95": round(common.percentile(times, 95) / floor_p95, 2),
            "first_time_p50_ms": round(common.percentile(first, 50) * 1000, 2),
            "first_time_p95_ms": round(common.percentile(first, 95) * 1000, 2),
            "inputs": len(bodies),
        }
    conn.close()
    return out


def run(quick: bool, clients: int = 50, seconds: float = 30.0) -> dict[str, Any]:
    """Start the server; a short cache-cold burst of the reader session, then warm it, run the reader session,
    the no-op load and the callbacks one at a time over HTTP; return all of them."""
    if quick:
        clients, seconds = 10, 5.0
    port = common.free_port()
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", "python:dashboard.gunicorn_conf",
                "--bind", f"127.0.0.1:{port}", "bench.loadapp:server"]
    with open(common.server_log(port), "w") as log:
        proc = subprocess.Popen(gunicorn, cwd=common.ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        common.wait_for_200(f"http://127.0.0.1:{port}/health", timeout=120)
        deps = json.loads(_get(port, "/_dash-dependencies"))
        found = scenarios.callback_scenarios(_Deps(deps))
        pages = [json.dumps(p).encode() for p in found["router: page for a path"]]
        filters = [(json.dumps(a).encode(), json.dumps(b).encode()) for a, b in
                   zip(found["explore: filter change"], found["explore: filter change, later cards"], strict=True)]
        noop = json.dumps(scenarios.noop_payload()).encode()
        # cache-cold: the workers have built only the default views when the readers arrive
        cold = _run(port, clients, seconds / 3, lambda rng: _session(rng, pages, filters))
        errors = scenarios.exercise_over_http(f"http://127.0.0.1:{port}")  # warm every worker's caches a little
        session = _run(port, clients, seconds, lambda rng: _session(rng, pages, filters))
        floor = _run(port, clients, seconds, lambda rng: [("no-op callback", CALLBACK, noop)])
        http_calls = callbacks_over_http(port, found, 3 if quick else 10)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return {"load": {"clients": clients, "seconds": seconds, "warm_errors": errors,
                     "distinct_filter_bodies": len(set(filters)), "distinct_page_bodies": len(set(pages)),
                     "reader_session_cache_cold": {**cold, "seconds": round(seconds / 3, 1)},
                     "reader_session": session, "noop": floor,
                     "throughput_vs_noop": round(session["req_per_s"] / floor["req_per_s"], 2),
                     "targets": {"throughput_vs_noop_min": 0.33, "filter_change_p95_ms_max": 1000}},
            "callbacks_http": http_calls}


def _get(port: int, path: str) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path)
    body = conn.getresponse().read()
    conn.close()
    return body


class _Deps:
    """A stand-in client whose get(...).get_json() returns the dependencies fetched over HTTP."""

    def __init__(self, deps: Any) -> None:
        self.deps = deps

    def get(self, _path: str) -> Any:
        deps = self.deps

        class _R:
            def get_json(self) -> Any:
                return deps

        return _R()
