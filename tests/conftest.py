"""Shared fixtures: a live server for browser tests and Playwright on the system Chromium."""

from __future__ import annotations

import gc
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER") == "1"
# The fourteen claims (the twelve and two dated facts), in the article's order: what the registry, the CLI
# and the pages must show.
CLAIM_IDS = [
    "export-market-10-years",
    "trading-partner-10-years",
    "first-fta-package",
    "early-diplomatic-relations",
    "bri-fruitful-results",
    "bri-mou-2019",
    "agri-products-welcomed",
    "alpaca-dolls",
    "chancay-jobs",
    "chancay-shipping-efficiency",
    "chancay-hub",
    "chinese-immigrants",
    "fraternity-day",
    "chinese-tourists",
]
VERDICT_LABELS = ("Supported", "Partly supported", "Contradicted", "Not checkable")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that drives a browser (uses `page`) as browser, and every browser test as slow."""
    for item in items:
        if "page" in getattr(item, "fixturenames", ()) and item.get_closest_marker("browser") is None:
            item.add_marker(pytest.mark.browser)
        if item.get_closest_marker("browser") is not None and item.get_closest_marker("slow") is None:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Launch Debian's Chromium; skip (or fail under REQUIRE_BROWSER=1) when it is missing."""
    if not CHROMIUM:
        if REQUIRE_BROWSER:
            pytest.fail("REQUIRE_BROWSER=1 but no Chromium was found (apt-get install chromium)")
        pytest.skip("no Chromium on this machine: apt-get install chromium (or set CHROMIUM=/path)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def committed_data() -> Any:
    """The committed tidy tables, loaded once per session (tests must not change them)."""
    from dashboard.data import load

    return load()


@pytest.fixture(scope="session")
def committed_ctx(committed_data: Any) -> Any:
    """The app context on the committed tables, built once per session (page caches fill as tests run)."""
    from dashboard.context import build_context

    return build_context(committed_data)


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """Serve the real app on a free loopback port for the whole session."""
    from dashboard.app import create_app

    kept = gc.get_threshold()
    server = create_app().server
    gc.set_threshold(*kept)  # a serving app leaves the full passes to its idle collector: not this test process
    server.extensions["trade_lens"].results  # noqa: B018  # the verdicts: computed before any test
    srv = make_server("127.0.0.1", 0, server, threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()


@pytest.fixture()
def console_errors(page) -> list[str]:
    """Collect JavaScript errors and console errors of the page under test."""
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    return errors


def wait_for_graph(page, graph_id: str) -> int:
    """Wait until the graph graph_id is drawn with at least one trace, scrolling to it if it waits for the reader
    (the explorer draws a new figure out of view when it comes into view); return the number of traces."""
    selector = f"#{graph_id} .js-plotly-plot"
    page.wait_for_selector(f"#{graph_id}", state="attached", timeout=20_000)
    page.evaluate(  # only a chart that waits for the reader: scrolling would move what other checks look at
        f"() => {{ const box = document.getElementById('{graph_id}'), g = box.querySelector('.js-plotly-plot');"
        f" if (!g || !(g.data || []).length || g.__tradeLensPending) box.scrollIntoView({{block: 'center'}}); }}"
    )
    page.wait_for_function(
        f"() => {{ const g = document.querySelector('{selector}'); return g && g.data && g.data.length; }}",
        timeout=20_000,
    )
    return page.evaluate(f"document.querySelector('{selector}').data.length")


def draw_every_chart(page) -> None:
    """Scroll each chart of the page into view in turn until none keeps a figure aside, then back to the top."""
    for i in range(page.evaluate("document.querySelectorAll('.js-plotly-plot').length")):
        page.evaluate(f"document.querySelectorAll('.js-plotly-plot')[{i}]?.scrollIntoView({{block: 'center'}})")
        page.wait_for_function(
            f"() => {{ const g = document.querySelectorAll('.js-plotly-plot')[{i}];"
            f" return !g || (!g.__tradeLensPending && g._fullLayout); }}",
            timeout=20_000,
        )
    page.evaluate("window.scrollTo(0, 0)")


def graph_y_values(page, graph_id: str) -> list[list[float | None]]:
    """Return each trace's y values as drawn by plotly.js (NaN and null as None)."""
    return page.evaluate(
        f"""Array.from(document.querySelector('#{graph_id} .js-plotly-plot')._fullData).map(
            t => Array.from(t.y || []).map(v => (v === null || Number.isNaN(v)) ? null : v))"""
    )
