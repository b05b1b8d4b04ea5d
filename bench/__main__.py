"""Run the benchmarks: `python -m bench [--only NAME ...] [--quick]`; writes bench/results.json and prints a table."""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import common, report, scenarios

RESULTS = Path(__file__).resolve().parent / "results.json"


def bench_cold_start(quick: bool) -> dict[str, Any]:
    """Process start to the first 200 on `/` and to `/explore` with its charts, idle and with one core kept busy."""
    from bench import cold_start

    return cold_start.run(quick)


def bench_callbacks(quick: bool) -> dict[str, Any]:
    """The no-op floor and every callback of the app through Flask's test client, in the same app."""
    _, client = scenarios.app_with_noop()
    n = 100 if quick else 300
    floor = common.time_calls(lambda: scenarios.post(client, scenarios.noop_payload()), n)
    out: dict[str, Any] = {
        "callback_floor_p50_ms": common.summary_ms(floor)["p50_ms"],
        "callback_floor_p95_ms": common.summary_ms(floor)["p95_ms"],
        "callbacks": {},
    }
    change_sizes: list[int] = []  # every filter-change answer: the first row's and the later cards'
    for name, payloads in scenarios.callback_scenarios(client).items():
        samples, sizes, gz = [], [], []
        rounds = max(1, (n // 2) // max(len(payloads), 1))
        cold = []
        for payload in payloads:  # first time each input is seen: what a reader meets on a new view
            t0 = time.perf_counter()
            scenarios.post(client, payload)
            cold.append(time.perf_counter() - t0)
        for _ in range(rounds):
            for payload in payloads:
                t0 = time.perf_counter()
                body = scenarios.post(client, payload)
                samples.append(time.perf_counter() - t0)
                sizes.append(len(body))
                gz.append(common.gzip_size(body))
        out["callbacks"][name] = {
            **common.summary_ms(samples),
            "calls": len(samples),
            "inputs": len(payloads),
            "response_bytes": int(max(sizes)),
            "response_bytes_median": int(statistics.median(sizes)),
            "response_bytes_gzip": int(max(gz)),
            "x_floor_p95": round(common.percentile(samples, 95) * 1000 / out["callback_floor_p95_ms"], 2),
            "cold_p50_ms": common.summary_ms(cold)["p50_ms"],
            "cold_p95_ms": common.summary_ms(cold)["p95_ms"],
        }
        if name.startswith("explore: filter change"):
            change_sizes += sizes
    if change_sizes:  # issue 12, item 3: every filter-change response at most 50 KB uncompressed
        biggest = max(change_sizes)
        out["filter_change_response_bytes"] = {
            "max": biggest, "median": int(statistics.median(change_sizes)), "target_max": 50_000,
            "met": biggest <= 50_000,
        }
    return out


def bench_naive(quick: bool) -> dict[str, Any]:
    """The main charts written the naive way (filter the whole frame, plotly express per call) against ours."""
    from bench import naive

    return naive.run(quick)


def bench_browser(quick: bool) -> dict[str, Any]:
    """Filter-to-render time in headless Chromium, and the bytes of a cold first load of /explore."""
    from bench import browser

    return browser.run(quick)


def bench_first_load(quick: bool) -> dict[str, Any]:
    """Bytes per resource, raw and transferred, of a cold first load of each page in Chromium."""
    from bench import first_load

    return first_load.run(quick)


def bench_scale(quick: bool) -> dict[str, Any]:
    """Synthetic BACI releases of 1e4, 1e5 and 1e6 rows through the real import, build, load and callbacks."""
    from bench import scale

    return scale.run(quick)


def bench_server_rss(quick: bool) -> dict[str, Any]:
    """Peak RSS of a one-worker production server after it has served every page."""
    port = common.free_port()
    proc = common.start_server(port)
    try:
        common.wait_for_200(f"http://127.0.0.1:{port}/")
        errors = scenarios.exercise_over_http(f"http://127.0.0.1:{port}")
        return {"peak_rss_mb": common.rss_peak_mb(proc.pid), "server_http_errors": errors}
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def bench_load(quick: bool) -> dict[str, Any]:
    """50 clients x 30 s of a reader session through gunicorn, then the same load on a no-op callback."""
    from bench import load

    return load.run(quick)


SECTIONS: dict[str, Callable[[bool], dict[str, Any]]] = {
    "cold_start": bench_cold_start,
    "callbacks": bench_callbacks,
    "naive": bench_naive,
    "browser": bench_browser,
    "first_load": bench_first_load,
    "scale": bench_scale,
    "server_rss": bench_server_rss,
    "load": bench_load,
}


def table(results: dict[str, Any]) -> str:
    """Format the results as a readable table."""
    lines = [f"{'figure':<48} value"]

    def add(name: str, value: Any) -> None:
        lines.append(f"{name:<48} {value}")

    for key in (
        "cold_start_s",
        "callback_floor_p50_ms",
        "callback_floor_p95_ms",
        "peak_rss_mb",
        "browser_filter_to_render_ms_median",
        "browser_filter_to_render_ms_p95",
        "browser_filter_to_render_cached_ms_median",
        "browser_filter_to_render_cached_ms_p95",
        "filter_change_response_bytes",
        "page_bytes_first_load",
        "page_bytes_first_load_gzip",
    ):
        if key in results:
            add(key, results[key])
    for name, r in results.get("callbacks", {}).items():
        add(
            f"callback {name}",
            f"p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms ({r['x_floor_p95']}x floor; first time "
            f"p50 {r.get('cold_p50_ms')} p95 {r.get('cold_p95_ms')} ms), "
            f"{r['response_bytes']} B max, {r['response_bytes_gzip']} B gzip",
        )
    for name, r in results.get("naive", {}).items():
        add(
            f"naive {name}",
            f"naive p50 {r['naive_p50_ms']} ms; ours {r['ours_p50_ms']} ms cached (x{r['ratio_p50']}), "
            f"{r['ours_cold_p50_ms']} ms built (x{r['ratio_cold_p50']})",
        )
    http_calls = results.get("callbacks_http", {})
    if http_calls:
        add("callback floor over HTTP (gunicorn, keep-alive)",
            f"p50 {http_calls['floor_p50_ms']} ms, p95 {http_calls['floor_p95_ms']} ms")
    for name, r in http_calls.get("callbacks", {}).items():
        add(f"callback over HTTP {name}",
            f"p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms ({r['x_floor_p95']}x floor; first time "
            f"p50 {r['first_time_p50_ms']} p95 {r['first_time_p95_ms']} ms)")
    load = results.get("load", {})
    for phase in ("reader_session_cache_cold", "reader_session", "noop"):
        if phase in load:
            r = load[phase]
            kinds = "; ".join(f"{k} p50/p95/p99 {v['p50_ms']}/{v['p95_ms']}/{v['p99_ms']} ms"
                              for k, v in r.items() if isinstance(v, dict) and "p50_ms" in v)
            add(f"load {load['clients']} clients x {load['seconds']} s {phase}",
                f"{r['req_per_s']} req/s, {r['errors']} errors; {kinds}")
    for rows, r in results.get("scale", {}).items():
        add(f"scale {rows} rows", ", ".join(f"{k} {v}" for k, v in r.items()))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the chosen sections (all by default), merge into bench/results.json, print the table."""
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--only", nargs="*", choices=list(SECTIONS), help="run only these sections")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, smaller scale (for a smoke run)")
    args = parser.parse_args(argv)
    results: dict[str, Any] = json.loads(RESULTS.read_text()) if RESULTS.exists() and args.only else {}
    for name in args.only or list(SECTIONS):
        print(f"bench: {name} ...", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        results.update(SECTIONS[name](args.quick))
        print(f"bench: {name} done in {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
    results["machine"] = {
        "python": platform.python_version(),
        "cpus": __import__("os").cpu_count(),
        "platform": platform.platform(),
        "quick": args.quick,
    }
    common.write_json(RESULTS, results)
    print(table(results))
    if report.update_readme(results):
        print("bench: README.md's performance table rewritten from bench/results.json", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
