"""The README's performance table, written from bench/results.json: each figure beside its target, met or missed.

`make bench` rewrites the table after every run; `python -m bench.report` rewrites it from the results file alone.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import ROOT

README = ROOT / "README.md"
RESULTS = ROOT / "bench" / "results.json"
START, END = "<!-- bench-table:start -->", "<!-- bench-table:end -->"
BIG = "10000000"  # the synthetic BACI release of the scale goal (rows)

Row = tuple[str, str, str, bool | None]  # figure, measured, target, met (None: no target)


def _kb(n: float) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.2f} MB"


def _first_load(r: dict[str, Any]) -> list[Row]:
    fl = r["first_load"]
    # one order of pages whether the results are in memory or read back from results.json
    pages = ", ".join(f"`{p}` {_kb(v['transfer_bytes'])}" for p, v in sorted(fl["pages"].items()))
    from bench.first_load import TARGET_EXPLORE_DECODED, TARGET_TRANSFER

    return [
        ("first load, largest page transferred (cold cache, Chromium)", f"{_kb(fl['max_transfer_bytes'])} ({pages})",
         f"≤ {_kb(TARGET_TRANSFER)}", fl["max_transfer_bytes"] <= TARGET_TRANSFER),
        ("first load of `/explore`, uncompressed", _kb(fl["explore_decoded_bytes"]), f"≤ {_kb(TARGET_EXPLORE_DECODED)}",
         fl["explore_decoded_bytes"] <= TARGET_EXPLORE_DECODED),
    ]


def _browser(r: dict[str, Any]) -> list[Row]:
    target = r["browser_filter_to_render_target_ms"]
    out = []
    for name, key in (("first time a view is seen", "browser_filter_to_render_ms"),
                      ("view seen before", "browser_filter_to_render_cached_ms")):
        median, p95 = r[f"{key}_median"], r[f"{key}_p95"]
        out.append((f"browser, filter change to last chart redrawn, {name}: median / p95",
                    f"{median:.0f} / {p95:.0f} ms", f"< {target['median']} / < {target['p95']} ms",
                    median < target["median"] and p95 < target["p95"]))
    return out


def _responses(r: dict[str, Any]) -> list[Row]:
    b = r["filter_change_response_bytes"]
    return [("explorer filter-change response, uncompressed: largest (median)", f"{b['max']:,} B ({b['median']:,} B)",
             f"≤ {b['target_max']:,} B", b["max"] <= b["target_max"])]


def _cold(r: dict[str, Any]) -> list[Row]:
    idle, busy = r["cold_start"]["idle"], r["cold_start"]["one_core_busy"]
    out: list[Row] = [("cold start, process start to first 200 on `/`: idle / one core busy",
                       f"{idle['home_s']:.2f} / {busy['home_s']:.2f} s", f"≤ {idle['home_target_s']} s",
                       idle["home_met"] and busy["home_met"])]
    if "explore_charts_s" in idle and "explore_charts_s" in busy:
        met = idle["explore_charts_met"] and busy["explore_charts_met"]
        out.append(("cold start, process start to `/explore` with its charts in view drawn: idle / one core busy",
                    f"{idle['explore_charts_s']:.2f} / {busy['explore_charts_s']:.2f} s",
                    f"≤ {idle['explore_charts_target_s']} s", met))
    return out


def _callbacks(r: dict[str, Any]) -> list[Row]:
    out: list[Row] = [("no-op callback floor, in process: p50 / p95",
                       f"{r['callback_floor_p50_ms']} / {r['callback_floor_p95_ms']} ms", "", None)]
    change = r["callbacks"].get("explore: filter change")
    if change:
        out.append(("explorer filter change, first row's request, view seen before, in process: p50 / p95",
                    f"{change['p50_ms']} / {change['p95_ms']} ms ({change['x_floor_p95']}× floor)", "≤ 3× floor",
                    change["x_floor_p95"] <= 3))
        out.append(("explorer filter change, first row's request, first time a view is seen: p50 / p95",
                    f"{change['cold_p50_ms']:.0f} / {change['cold_p95_ms']:.0f} ms", "", None))
    later = r["callbacks"].get("explore: filter change, later cards")
    if later:  # the second request of a filter change, sent with the first
        out.append(("… its later cards' request, view seen before: p50 / p95",
                    f"{later['p50_ms']} / {later['p95_ms']} ms ({later['x_floor_p95']}× floor)", "≤ 3× floor",
                    later["x_floor_p95"] <= 3))
        out.append(("… its later cards' request, first time a view is seen: p50 / p95",
                    f"{later['cold_p50_ms']:.0f} / {later['cold_p95_ms']:.0f} ms", "", None))
    http = r.get("callbacks_http", {})
    if http:
        out.append(("no-op floor through gunicorn over HTTP (keep-alive): p50 / p95",
                    f"{http['floor_p50_ms']} / {http['floor_p95_ms']} ms", "", None))
        c = http["callbacks"].get("explore: filter change")
        if c:
            out.append(("explorer filter change through gunicorn: p50 / p95 (first time)",
                        f"{c['p50_ms']} / {c['p95_ms']} ms ({c['first_time_p50_ms']} / {c['first_time_p95_ms']} ms; "
                        f"{c['x_floor_p95']}× floor)", "", None))
    naive = r.get("naive", {})
    if naive:
        ratios = [v["ratio_p50"] for v in naive.values()]
        out.append(("main charts, naive (filter + plotly express) vs ours cached: p50 speed-up",
                    f"×{min(ratios)}–{max(ratios)}", "≥ ×5", min(ratios) >= 5))
    return out


def _load(r: dict[str, Any]) -> list[Row]:
    load = r.get("load")
    if not load:
        return []
    s, targets = load["reader_session"], load["targets"]
    change = s["filter change"]
    return [
        (f"load: {load['clients']} clients × {load['seconds']:.0f} s of a reader session through gunicorn: "
         "throughput (× the no-op's), errors",
         f"{s['req_per_s']} req/s (×{load['throughput_vs_noop']}; no-op {load['noop']['req_per_s']} req/s), "
         f"{s['errors']} errors", f"≥ ×{targets['throughput_vs_noop_min']}, 0 errors",
         load["throughput_vs_noop"] >= targets["throughput_vs_noop_min"] and s["errors"] == 0),
        ("… filter change under that load: p50 / p95 / p99",
         f"{change['p50_ms']:.0f} / {change['p95_ms']:.0f} / {change['p99_ms']:.0f} ms",
         f"p95 < {targets['filter_change_p95_ms_max']} ms", change["p95_ms"] < targets["filter_change_p95_ms_max"]),
    ]


def _met(text: str) -> bool:
    return text.endswith(": met")


def _scale(r: dict[str, Any]) -> list[Row]:
    big = r.get("scale", {}).get(BIG)
    if not big:
        return []
    return [
        ("1e7 BACI rows: import + build, build peak RSS", f"{big['import_s']:.0f} + {big['build_s']:.0f} s, "
         f"{big['build_peak_rss_mb']:.0f} MB", "< 2048 MB", _met(big["build_peak_rss_mb_target"])),
        ("… serving: rows in memory, peak RSS", f"{big['observations']:,}, {big['serve_peak_rss_mb']:.0f} MB",
         "< 1024 MB", _met(big["serve_peak_rss_mb_target"])),
        ("… callbacks (explorer views of BACI headings, first time): p50 / p95",
         f"{big['baci_callback_p50_ms']:.0f} / {big['baci_callback_p95_ms']:.0f} ms", "p95 < 100 ms",
         _met(big["baci_callback_p95_ms_target"])),
        ("… the same views seen before: p50 / p95",
         f"{big['baci_seen_before_p50_ms']:.0f} / {big['baci_seen_before_p95_ms']:.0f} ms", "", None),
    ]


SECTIONS: tuple[Callable[[dict[str, Any]], list[Row]], ...] = (
    _first_load, _browser, _responses, _cold, _callbacks, _load, _scale)


def rows(results: dict[str, Any]) -> list[Row]:
    """Every figure of the results with its target and met/missed, skipping sections the results do not hold."""
    out: list[Row] = []
    for section in SECTIONS:
        try:
            out += section(results)
        except KeyError:  # a section `make bench --only` did not run yet
            continue
    return out


def markdown(results: dict[str, Any]) -> str:
    """The performance table in Markdown."""
    mark = {True: "met", False: "**missed**", None: ""}
    lines = ["| figure | measured | target | |", "| --- | --- | --- | --- |"]
    lines += [f"| {f} | {m} | {t} | {mark[ok]} |" for f, m, t, ok in rows(results)]
    machine = results.get("machine", {})
    met = [ok for *_, ok in rows(results) if ok is not None]
    lines.append("")
    lines.append(f"{sum(met)} of {len(met)} targets met; Python {machine.get('python', '?')}, "
                 f"{machine.get('cpus', '?')} cores{', quick run' if machine.get('quick') else ''}. "
                 "Written by `make bench` from `bench/results.json` (`python -m bench.report` rewrites it).")
    return "\n".join(lines)


def update_readme(results: dict[str, Any], readme: Path = README) -> bool:
    """Rewrite the table between the README's markers; return whether the file changed."""
    text = readme.read_text(encoding="utf-8")
    head, found, rest = text.partition(START)
    _, found_end, tail = rest.partition(END)
    if not (found and found_end):
        raise SystemExit(f"error: {readme}: the markers {START} and {END} are missing")
    new = f"{head}{START}\n{markdown(results)}\n{END}{tail}"
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":
    changed = update_readme(json.loads(RESULTS.read_text()))
    print(f"README.md: performance table {'rewritten' if changed else 'already up to date'}", file=sys.stderr)
