"""Bytes a cold browser fetches to show each page: per resource, raw (decoded) and as transferred (compressed)."""

from __future__ import annotations

from typing import Any

from bench.browser import ARGS, CHROMIUM, _serve

# A claim page stands for all fourteen: they share one layout.
PAGES = ["/", "/explore", "/claims/export-market-10-years", "/chancay", "/sources"]
TARGET_TRANSFER = 600 * 1024  # every page, compressed
TARGET_EXPLORE_DECODED = 2 * 1024 * 1024  # /explore, uncompressed

RESOURCES_JS = """() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
    .map(e => ({name: e.name, transfer: e.transferSize || 0, decoded: e.decodedBodySize || 0}))"""
# The page's charts but those hidden (an explorer card whose panel has no data keeps its chart, hidden and empty).
SHOWN_CHARTS_JS = ("[...document.querySelectorAll('.js-plotly-plot')]"
                   ".filter(g => (g.closest('.chart') || g).style.display !== 'none')")
# Every chart in view is drawn and each out of view waits for the reader (assets/plotly-lazy.js draws it when it is
# scrolled to): what a first load shows.
CHARTS_SETTLED_JS = f"""() => {{ const gs = {SHOWN_CHARTS_JS};
    return gs.every(g => g.__tradeLensPending || (g.data && g.data.length && g._fullLayout)); }}"""
# Every chart is drawn: a plot with an svg holding at least one trace layer per trace, or a treemap's slices.
CHARTS_DRAWN_JS = """() => [...document.querySelectorAll('.js-plotly-plot')].filter(g => g.data && g.data.length)
    .map(g => ({id: g.parentElement.id || g.id, types: [...new Set(g._fullData.map(t => t.type))],
                drawn: g.querySelectorAll('.main-svg .trace, .main-svg .hm, .main-svg .slice').length}))"""


def short_name(url: str, base: str) -> str:
    """The resource's path without the host and the cache-busting query string."""
    path = url.removeprefix(base)
    return path.split("?")[0] or "/"


def load_page(browser: Any, base: str, path: str) -> dict[str, Any]:
    """Load path in a fresh context (empty cache); return its resources, totals and the charts it drew."""
    context = browser.new_context()
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(base + path, wait_until="networkidle", timeout=60_000)
    page.wait_for_selector("#page > *", state="attached", timeout=60_000)
    page.wait_for_load_state("networkidle", timeout=60_000)
    page.wait_for_timeout(300)
    resources = page.evaluate(RESOURCES_JS)
    charts = page.evaluate(CHARTS_DRAWN_JS)
    plotly = page.evaluate("() => window.Plotly ? window.Plotly.version : null")
    context.close()
    return {
        "transfer_bytes": sum(r["transfer"] for r in resources),
        "decoded_bytes": sum(r["decoded"] for r in resources),
        "requests": len(resources),
        "resources": {short_name(r["name"], base): [r["decoded"], r["transfer"]] for r in resources},
        "requested": [short_name(u, base) for u in requested],
        "charts": charts,
        "plotly_version": plotly,
    }


def summarise(pages: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The first_load section: per page totals and resources [raw, transferred], the targets and met/missed."""
    worst = max(p["transfer_bytes"] for p in pages.values())
    explore = pages.get("/explore", {}).get("decoded_bytes", 0)
    return {
        "first_load": {
            "pages": {
                path: {k: p[k] for k in ("transfer_bytes", "decoded_bytes", "requests", "resources")}
                for path, p in pages.items()
            },
            "max_transfer_bytes": worst,
            "target_transfer_bytes": TARGET_TRANSFER,
            "transfer_met": worst <= TARGET_TRANSFER,
            "explore_decoded_bytes": explore,
            "target_explore_decoded_bytes": TARGET_EXPLORE_DECODED,
            "explore_decoded_met": explore <= TARGET_EXPLORE_DECODED,
        },
        # the figures the README's table has shown since the first round
        "page_bytes_first_load": explore,
        "page_bytes_first_load_gzip": pages.get("/explore", {}).get("transfer_bytes", 0),
    }


def run(quick: bool) -> dict[str, Any]:
    """Load every page cold in Chromium and record its bytes."""
    if not CHROMIUM:
        return {"first_load": {"error": "no Chromium: apt-get install chromium"}}
    from playwright.sync_api import sync_playwright

    base, srv = _serve()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            pages = {path: load_page(browser, base, path) for path in PAGES}
            browser.close()
    finally:
        srv.shutdown()
    return summarise(pages)


if __name__ == "__main__":
    import json
    import sys

    out = run(quick=True)["first_load"]
    for path, page in out["pages"].items():
        print(f"{path}: {page['decoded_bytes']} raw, {page['transfer_bytes']} transferred, {page['requests']} requests")
        if "-v" in sys.argv:
            for name, (raw, sent) in sorted(page["resources"].items(), key=lambda kv: -kv[1][1]):
                print(f"    {sent:>9} {raw:>9}  {name}")
    print(json.dumps({k: v for k, v in out.items() if k != "pages"}))
