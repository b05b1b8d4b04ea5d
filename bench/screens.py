"""Screenshots of the app's main views at 1366 and 375 px into docs/shots/, for a person to look at.

Run with `make screenshots` (needs Debian's Chromium at /usr/bin/chromium or CHROMIUM=...).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from werkzeug.serving import make_server

if TYPE_CHECKING:
    from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "shots"
WIDTHS = (1366, 375)

# (file stem, path): the views the issues name, each at both widths
VIEWS: tuple[tuple[str, str], ...] = (
    ("home", "/"),
    ("explore", "/explore"),
    ("explore-index", "/explore?product=081040,2603&scale=index"),
    ("claim", "/claims/export-market-10-years"),
    ("chancay", "/chancay"),
    ("sources", "/sources"),
    ("home-es", "/?lang=es"),
    ("explore-es", "/explore?lang=es"),
    ("home-zh", "/?lang=zh"),
    ("explore-zh", "/explore?lang=zh"),
)


def _settle(page: Page) -> None:
    """Wait until Dash has rendered and every chart on the page is drawn."""
    page.wait_for_selector("#page *", timeout=30_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.js-plotly-plot')].every(g => g.data)", timeout=30_000
    )
    page.wait_for_timeout(600)  # plotly's transitions and the a11y repairs


def main(views: tuple[tuple[str, str], ...] = VIEWS) -> int:
    """Serve the app on loopback and write one full-page PNG per view and width; print the files."""
    from playwright.sync_api import sync_playwright

    from dashboard.app import create_app

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no access log lines
    srv = make_server("127.0.0.1", 0, create_app().server, threaded=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{srv.server_port}"
    OUT.mkdir(parents=True, exist_ok=True)
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    t0 = time.perf_counter()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 900})
            for stem, path in views:
                page.goto(base + path)
                _settle(page)
                target = OUT / f"{stem}-{width}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target.relative_to(ROOT))
            page.close()
        browser.close()
    srv.shutdown()
    print(f"{len(views) * len(WIDTHS)} screenshots in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
