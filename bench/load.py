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


def _session(rng: random.Random, pages: list[bytes], filters: list[bytes]) -> list[tuple[str, str, bytes | None]]:
    """One reader's visit: a page load (the HTML, then the router's callback) and three filter changes."""
    steps: list[tuple[str, str, bytes | None]] = [("page load", "/", None), ("page load", CALLBACK, rng.choice(pages))]
    steps += [("filter change", CALLBACK, rng.choice(filters)) for _ in range(3)]
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


def run(quick: bool, clients: int = 50, seconds: float = 30.0) -> dict[str, Any]:
    """Start the server, warm it, run the reader session and then the no-op load; return both."""
    if quick:
        clients, seconds = 10, 5.0
    port = common.free_port()
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", "python:dashboard.gunicorn_conf",
                "--bind", f"127.0.0.1:{port}", "bench.loadapp:server"]
    with open(common.server_log(port), "w") as log:
        proc = subprocess.Popen(gunicorn, cwd=common.ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        common.wait_for_200(f"http://127.0.0.1:{port}/health", timeout=120)
        errors = scenarios.exercise_over_http(f"http://127.0.0.1:{port}")  # warm every worker's caches a little
        deps = json.loads(_get(port, "/_dash-dependencies"))
        found = scenarios.callback_scenarios(_Deps(deps))
        pages = [json.dumps(p).encode() for p in found["router: page for a path"]]
        filters = [json.dumps(p).encode() for p in found["explore: filter change"]]
        noop = json.dumps(scenarios.noop_payload()).encode()
        session = _run(port, clients, seconds, lambda rng: _session(rng, pages, filters))
        floor = _run(port, clients, seconds, lambda rng: [("no-op callback", CALLBACK, noop)])
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return {"load": {"clients": clients, "seconds": seconds, "warm_errors": errors,
                     "reader_session": session, "noop": floor,
                     "throughput_vs_noop": round(session["req_per_s"] / floor["req_per_s"], 2)}}


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
