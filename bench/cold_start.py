"""Cold start: process start to the first 200 on `/`, and to a first `/explore` with its charts in Chromium (those in
view drawn, those out of view waiting for the reader, as assets/plotly-lazy.js leaves them).

Measured idle and while another process keeps one core busy (a bounded busy loop the bench starts and stops).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from typing import Any

from bench import common
from bench.first_load import CHARTS_SETTLED_JS, SHOWN_CHARTS_JS

TARGET_HOME_S = 1.5
TARGET_EXPLORE_S = 3.0
BUSY_LOOP = "import time\nend = time.monotonic() + {seconds}\nwhile time.monotonic() < end:\n    pass\n"
# what a first load shows (first_load.CHARTS_SETTLED_JS), with at least one chart drawn
CHARTS_DRAWN = f"""() => {SHOWN_CHARTS_JS}.some(g => g.data && g.data.length) && ({CHARTS_SETTLED_JS})()"""


def one_start(browser: Any | None) -> tuple[float, float | None]:
    """Start the production server; return seconds to the first 200 on / and to /explore with the charts in view."""
    port = common.free_port()
    base = f"http://127.0.0.1:{port}"
    context = browser.new_context() if browser is not None else None  # empty cache: the first reader
    page = context.new_page() if context is not None else None  # opened before the clock starts
    if page is not None:  # and settled: Chromium starting the page's renderer shared the CPU with the server's start
        page.goto("about:blank")  # (with one core busy, / took 1.76 s with it, 1.41 s without: 4 runs each)
        page.wait_for_timeout(500)
    t0 = time.perf_counter()
    proc = common.start_server(port)
    try:
        common.wait_for_200(base + "/", timeout=120)
        home = time.perf_counter() - t0
        explore = None
        if page is not None:
            page.goto(base + "/explore", wait_until="domcontentloaded", timeout=120_000)
            page.wait_for_function(CHARTS_DRAWN, timeout=120_000, polling=20)
            explore = time.perf_counter() - t0
        return home, explore
    finally:
        if context is not None:
            context.close()
        proc.terminate()
        proc.wait(timeout=30)


def series(browser: Any | None, runs: int) -> dict[str, Any]:
    """Median and runs of both figures, with the targets and met/missed."""
    results = [one_start(browser) for _ in range(runs)]
    home = [h for h, _ in results]
    explore = [e for _, e in results if e is not None]
    out: dict[str, Any] = {
        "home_s": round(statistics.median(home), 3),
        "home_runs_s": [round(x, 3) for x in home],
        "home_target_s": TARGET_HOME_S,
        "home_met": statistics.median(home) <= TARGET_HOME_S,
    }
    if explore:
        out |= {
            "explore_charts_s": round(statistics.median(explore), 3),
            "explore_charts_runs_s": [round(x, 3) for x in explore],
            "explore_charts_target_s": TARGET_EXPLORE_S,
            "explore_charts_met": statistics.median(explore) <= TARGET_EXPLORE_S,
        }
    return out


def run(quick: bool) -> dict[str, Any]:
    """Idle, then with one core kept busy by another process."""
    from bench.browser import ARGS, CHROMIUM

    runs = 2 if quick else 5
    with _browser(CHROMIUM, ARGS) as browser:
        idle = series(browser, runs)
        busy_proc = subprocess.Popen([sys.executable, "-c", BUSY_LOOP.format(seconds=60 * runs)])
        try:
            time.sleep(0.5)
            busy = series(browser, runs)
        finally:
            busy_proc.terminate()
            busy_proc.wait(timeout=10)
    return {"cold_start": {"idle": idle, "one_core_busy": busy}, "cold_start_s": idle["home_s"]}


class _browser:
    """Chromium through Playwright, or None when there is no Chromium (only the / figure is then measured)."""

    def __init__(self, chromium: str | None, args: list[str]) -> None:
        self.chromium, self.args, self.pw, self.browser = chromium, args, None, None

    def __enter__(self) -> Any:
        if not self.chromium:
            return None
        from playwright.sync_api import sync_playwright

        self.pw = sync_playwright().start()
        self.browser = self.pw.chromium.launch(executable_path=self.chromium, args=self.args)
        return self.browser

    def __exit__(self, *exc: object) -> None:
        if self.browser is not None:
            self.browser.close()
        if self.pw is not None:
            self.pw.stop()


if __name__ == "__main__":
    import json

    print(json.dumps(run(quick="--quick" in sys.argv), indent=2))
