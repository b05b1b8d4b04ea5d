"""Capture the callback bodies a real browser sends during a reader session: `python -m bench.capture [OUT]`.

Starts the app on a loopback port, drives the system Chromium through the pages and a few explorer changes, and writes
every distinct POST /_dash-update-component body to OUT (default tests/data/callback_bodies.json), the fuzzer's seeds.
"""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "callback_bodies.json"
SESSION = ["/", "/claims/export-market-10-years", "/chancay", "/sources", "/explore"]


def capture(base: str, chromium: str) -> list[dict[str, Any]]:
    """Visit the session's pages in Chromium and return the distinct callback bodies it posted, in order."""
    from playwright.sync_api import sync_playwright

    bodies: list[dict[str, Any]] = []
    seen: set[str] = set()

    def on_request(req: Any) -> None:
        if req.method == "POST" and urlsplit(req.url).path.endswith("/_dash-update-component") and req.post_data:
            body = json.loads(req.post_data)
            key = json.dumps(body, sort_keys=True)
            if key not in seen:
                seen.add(key)
                bodies.append(body)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.on("request", on_request)
        for path in SESSION:
            page.goto(base + path, wait_until="domcontentloaded", timeout=60_000)
            page.wait_for_load_state("networkidle", timeout=60_000)
        unit = page.locator("#ex-unit").get_by_text("Tonnes")  # a filter change: the first row's and later cards'
        if unit.count():
            unit.click()
            page.wait_for_load_state("networkidle", timeout=60_000)
            page.wait_for_timeout(500)
        tables = page.locator("summary[id*='ex-table']")  # open the first chart's table: the MATCH callback
        if tables.count():
            tables.first.click()
            page.wait_for_load_state("networkidle", timeout=60_000)
        browser.close()
    return bodies


def main() -> None:
    """Serve the app in a thread, capture a session's callback bodies, write them as JSON."""
    from werkzeug.serving import make_server

    from dashboard.app import create_app
    from tests.conftest import CHROMIUM

    if not CHROMIUM:
        sys.exit("no Chromium found: set CHROMIUM=/path")
    srv = make_server("127.0.0.1", 0, create_app().server, threaded=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        bodies = capture(f"http://127.0.0.1:{srv.server_port}", CHROMIUM)
    finally:
        srv.shutdown()
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(bodies, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(bodies)} bodies, the largest {max(len(json.dumps(b)) for b in bodies)} bytes -> {out}")


if __name__ == "__main__":
    main()
