"""In Chromium: each page loads light (≤ 600 KB transferred), with the custom plotly.js only, and draws every chart."""

from __future__ import annotations

import pytest

from bench.first_load import CHARTS_DRAWN_JS, CHARTS_SETTLED_JS, PAGES, RESOURCES_JS, SHOWN_CHARTS_JS, TARGET_TRANSFER
from dashboard.pages import script_chunks
from tests.conftest import draw_every_chart
from tests.test_bundle import EXTRA, pinned


def every_chart_has_data(page) -> None:
    """Wait until every plotly graph of the page has its figure (the router draws the page, then the charts); an
    explorer chart hidden for want of data has none."""
    page.wait_for_function(
        f"""() => {{ const gs = {SHOWN_CHARTS_JS};
                   return gs.every(g => g.data && g.data.length && g._fullLayout); }}""",
        timeout=30_000,
    )


@pytest.mark.parametrize("path", PAGES)
def test_a_cold_first_load_is_light_and_draws_every_chart(live_server, page, console_errors, path: str) -> None:
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(live_server + path, wait_until="domcontentloaded", timeout=60_000)
    page.wait_for_selector("#page > *", state="attached", timeout=60_000)
    page.wait_for_load_state("networkidle", timeout=60_000)
    page.wait_for_function(CHARTS_SETTLED_JS, timeout=30_000)  # in view drawn, out of view waiting for the reader
    page.wait_for_timeout(300)

    resources = page.evaluate(RESOURCES_JS)
    transferred = sum(r["transfer"] for r in resources)
    assert transferred <= TARGET_TRANSFER, sorted(((r["transfer"], r["name"]) for r in resources), reverse=True)[:5]
    assert page.evaluate("window.Plotly && window.Plotly.version") == pinned("plotly.js")
    assert any("/assets/plotly-custom.min.js" in u for u in requested)
    # Dash's own plotly.js (the dcc async chunk loads it when window.Plotly is missing) is never fetched
    assert not [u for u in requested if "plotly.min.js" in u or "plotlyjs" in u or "polyfill" in u]

    # the core-component chunks the page draws with are preloaded by the document, and each is fetched once
    chunks = sorted(u.rsplit("/", 1)[-1] for u in requested if "/dash/dcc/async-" in u)
    assert chunks == sorted(script_chunks(path))
    preloaded = page.evaluate("[...document.querySelectorAll('link[rel=preload]')].map(l => l.href.split('/').pop())")
    assert sorted(preloaded) == chunks

    # the explorer's heatmap and treemap lie below the first screen: their code comes when they are scrolled to
    fetched_first = [u for u in requested if EXTRA.name in u]
    assert not fetched_first if path == "/explore" else len(fetched_first) <= 1
    draw_every_chart(page)
    every_chart_has_data(page)
    charts = page.evaluate(CHARTS_DRAWN_JS)
    assert len(charts) == page.evaluate(f"{SHOWN_CHARTS_JS}.length")  # a hidden chart has no data
    drawn_types = {t for c in charts for t in c["types"]}
    assert len([u for u in requested if EXTRA.name in u]) == (1 if drawn_types & {"heatmap", "treemap"} else 0)
    assert [c["id"] for c in charts if c["drawn"] == 0] == []  # every chart drew its traces in its svg
    assert console_errors == []


def test_every_trace_type_the_app_uses_is_drawn(live_server, page, console_errors) -> None:
    drawn: set[str] = set()
    for path in ("/", "/explore", "/chancay"):  # heatmaps and lines; a treemap, lines and bars; bars
        page.goto(live_server + path, wait_until="networkidle", timeout=60_000)
        page.wait_for_selector("#page .js-plotly-plot", state="attached", timeout=60_000)
        draw_every_chart(page)  # the explorer's charts out of view draw when scrolled to
        every_chart_has_data(page)
        drawn |= {t for c in page.evaluate(CHARTS_DRAWN_JS) if c["drawn"] for t in c["types"]}
    assert drawn >= {"scatter", "bar", "heatmap", "treemap"}
    assert console_errors == []


def test_the_cold_start_bench_sees_the_explorer_drawn(browser) -> None:
    from bench import cold_start

    home, explore = cold_start.one_start(browser)  # the production server, started and stopped
    assert explore is not None and 0 < home < explore < 60
