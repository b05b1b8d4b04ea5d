"""Real-browser checks: the page renders its chart with data and no JavaScript errors."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from dashboard import ids
from tests.conftest import ROOT, graph_y_values, wait_for_graph

pytestmark = pytest.mark.browser


def test_home_page_renders_chart_with_data(page: Page, live_server: str, console_errors: list[str]) -> None:
    page.goto(live_server)
    expect(page.locator("h1")).to_contain_text("Peru–China Trade Lens")
    assert wait_for_graph(page, ids.HOME_CHART) >= 2
    points = [sum(v is not None for v in ys) for ys in graph_y_values(page, ids.HOME_CHART)]
    assert all(n > 5 for n in points), points
    assert console_errors == []


def test_screenshot_of_the_home_page(page: Page, live_server: str, tmp_path: Path) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server)
    wait_for_graph(page, ids.HOME_CHART)
    shot = tmp_path / "screenshot.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        shutil.copy(shot, ROOT / "docs" / "screenshot.png")
