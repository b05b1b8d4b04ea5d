"""Browser figures in headless Chromium: filter change to rendered charts, and bytes of a cold first load."""

from __future__ import annotations

import os
import shutil
import statistics
import threading
from typing import Any

from bench import common, scenarios

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Count every plotly_afterplot that draws data, with its time.
INIT_SCRIPT = """
window.__plots = [];
document.addEventListener('DOMContentLoaded', () => {
  const watch = () => document.querySelectorAll('.js-plotly-plot').forEach(g => {
    if (g.__benchHooked || typeof g.on !== 'function') return;  // plotly not attached yet: try again later
    g.__benchHooked = true;
    g.on('plotly_afterplot', () => {
      if (g.data && g.data.length) window.__plots.push({id: g.parentElement.id || g.id, t: performance.now()});
    });
  });
  new MutationObserver(watch).observe(document.body, {childList: true, subtree: true});
  setInterval(watch, 50);
});
"""

# When each callback answer since the last clearing of resource timings arrived (performance.now() times).
ANSWERS_JS = """() => performance.getEntriesByType('resource')
    .filter(e => e.name.includes('_dash-update-component')).map(e => e.responseEnd)"""

# Explorer controls changed in turn, as a reader would: the 16-step reader session of the load and callback benches.
CHANGES = scenarios.SESSION


def _serve() -> tuple[str, Any]:
    import logging

    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    from dashboard.app import create_app

    srv = make_server("127.0.0.1", 0, create_app().server, threaded=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{srv.server_port}", srv


def _first_load_bytes(browser: Any, base: str) -> dict[str, int]:
    """Bytes a cold browser transfers to show /explore (transfer = compressed, decoded = raw)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "/explore", wait_until="networkidle")
    page.wait_for_timeout(500)
    sizes = page.evaluate("""() => {
        const all = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
        return {transfer: all.reduce((s, e) => s + (e.transferSize || 0), 0),
                decoded: all.reduce((s, e) => s + (e.decodedBodySize || 0), 0), n: all.length};
    }""")
    context.close()
    return {
        "page_bytes_first_load": int(sizes["decoded"]),
        "page_bytes_first_load_gzip": int(sizes["transfer"]),
        "page_requests_first_load": int(sizes["n"]),
    }


def _session(page: Any, base: str, changes: list[tuple[str, Any]]) -> tuple[list[float], list[int], list[int]]:
    """Open the explorer, then change one control at a time; return each change's time to the last redraw, the
    charts it redrew and its callback response's bytes (uncompressed)."""
    page.goto(base + "/explore" + scenarios._search(scenarios.DEFAULT), wait_until="networkidle")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.js-plotly-plot')].some(g => g.data && g.data.length)", timeout=30_000
    )
    page.wait_for_timeout(2000)  # every chart of the page drawn, follow-up callbacks settled
    timings, redrawn, sizes = [], [], []
    for name, value in changes:
        page.evaluate("window.__plots = []; performance.clearResourceTimings()")
        t0 = page.evaluate("performance.now()")
        # the controls have pattern-matching ids: {"type": "ex-ctl", "name": ...}
        page.evaluate(
            "([name, v]) => window.dash_clientside.set_props({name: name, type: 'ex-ctl'}, {value: v})", [name, value]
        )
        # only the charts in view that depend on the changed control redraw (those out of view draw when scrolled
        # to): wait until the answer has arrived and redraws have stopped for 300 ms
        page.wait_for_function(  # a function, not an expression: the page's CSP forbids evaluating strings
            f"() => {{ const ends = ({ANSWERS_JS})(), plots = window.__plots.map(p => p.t);"
            " return ends.length > 0 && performance.now() - Math.max(...ends, ...plots) > 300; }",
            timeout=15_000,
        )
        first: dict[str, float] = {}
        for p in page.evaluate("window.__plots"):  # each chart's first redraw after the change
            first.setdefault(p["id"], p["t"])
        answered = max(page.evaluate(ANSWERS_JS))
        timings.append(max([answered, *first.values()]) - t0)  # no chart in view redrawn: the answer's arrival
        redrawn.append(len(first))
        sizes.append(int(page.evaluate("""() => performance.getEntriesByType('resource')
            .filter(e => e.name.includes('_dash-update-component'))
            .reduce((m, e) => Math.max(m, e.decodedBodySize || 0), 0)""")))
    return timings, redrawn, sizes


def _filter_to_render(browser: Any, base: str, quick: bool) -> dict[str, Any]:
    """Median time from a control change to the last redrawn chart's plotly_afterplot, after a warm-up load.

    The first session meets every view for the first time (the server builds its charts); the second repeats
    it, so the server answers from its cache and what remains is the round trip and the browser's drawing.
    """
    context = browser.new_context()
    context.add_init_script(INIT_SCRIPT)
    page = context.new_page()
    page.goto(base + "/explore", wait_until="networkidle")  # warm-up: plotly.js is now in the browser cache
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length > 0", timeout=30_000)
    n_graphs = page.evaluate("document.querySelectorAll('.js-plotly-plot').length")
    changes = CHANGES[: 4 if quick else len(CHANGES)]
    cold, redrawn, sizes = _session(page, base, changes)
    warm, _, _ = _session(page, base, changes)
    context.close()
    return {
        "browser_filter_to_render_ms_median": round(statistics.median(cold), 1),
        "browser_filter_to_render_ms_p95": round(common.percentile(cold, 95), 1),
        "browser_filter_to_render_ms_all": [round(x, 1) for x in cold],
        "browser_filter_to_render_cached_ms_median": round(statistics.median(warm), 1),
        "browser_filter_to_render_cached_ms_p95": round(common.percentile(warm, 95), 1),
        "browser_filter_to_render_cached_ms_all": [round(x, 1) for x in warm],
        "browser_filter_to_render_target_ms": {"median": 150, "p95": 300},
        "browser_session_steps": [f"{name}={value}" for name, value in changes],
        "browser_graphs_on_explore": n_graphs,
        "browser_graphs_redrawn_per_change": redrawn,
        "browser_response_bytes_per_change": sizes,
    }


def run(quick: bool) -> dict[str, Any]:
    """Run the browser figures, or say why they could not run."""
    if not CHROMIUM:
        return {"browser_error": "no Chromium: apt-get install chromium"}
    from playwright.sync_api import sync_playwright

    base, srv = _serve()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            out = _first_load_bytes(browser, base)
            out.update(_filter_to_render(browser, base, quick))
            browser.close()
        return out
    finally:
        srv.shutdown()


if __name__ == "__main__":
    print(run(quick=True))
    _ = common
