"""Real-browser checks of the claims pages: everything renders with data and no JavaScript errors."""

from __future__ import annotations

import base64
import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from dashboard import ids
from tests.conftest import CLAIM_IDS, ROOT, VERDICT_LABELS, graph_y_values, wait_for_graph

pytestmark = pytest.mark.browser



def test_home_shows_every_claim_with_its_verdict(page: Page, live_server: str, console_errors: list[str]) -> None:
    page.goto(live_server)
    expect(page.locator("h1")).to_contain_text("claims")
    for claim_id in CLAIM_IDS:
        card = page.locator(f"#{ids.card(claim_id)}")
        expect(card).to_be_visible()
        badge = card.locator(".badge").inner_text().strip()
        assert any(badge.endswith(label) for label in VERDICT_LABELS), (claim_id, badge)
    assert wait_for_graph(page, ids.card_chart("export-market-10-years")) >= 1
    assert console_errors == []


def test_claim_page_renders_its_chart_with_data(page: Page, live_server: str, console_errors: list[str]) -> None:
    page.goto(f"{live_server}/claims/bri-fruitful-results")
    wait_for_graph(page, ids.CLAIM_CHART)
    values = [v for trace in graph_y_values(page, ids.CLAIM_CHART) for v in trace if v is not None]
    assert len(values) >= 5 and min(values) > 0
    page.goto(f"{live_server}/claims/export-market-10-years")
    assert wait_for_graph(page, ids.CLAIM_CHART) >= 1
    heat = page.evaluate(f"document.querySelector('#{ids.CLAIM_CHART} .js-plotly-plot')._fullData[0].text")
    assert any("●" in cell for row in heat for cell in row)  # China's mark in the leader grid (96b1bdf)
    jsonld = page.locator(f"#{ids.CLAIM_JSONLD}").text_content()
    assert '"ClaimReview"' in jsonld
    expect(page.locator("a.explore-link")).to_have_attribute(
        "href", "/explore?from=2008&to=2024&flow=export&unit=share&partner=CHN%2CUSA%2CCHE%2CJPN%2CCAN%2CKOR"
    )
    assert console_errors == []


# Reads a PNG back through a canvas: its size, the distinct colours in it and in a box of it (every 2nd pixel).
_PNG_STATS = """async ([src, box]) => {
    const img = new Image();
    img.src = src;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width;
    canvas.height = img.height;
    const g = canvas.getContext('2d');
    g.drawImage(img, 0, 0);
    const colours = (x, y, w, h) => {
        const d = g.getImageData(x, y, w, h).data, seen = new Set();
        for (let i = 0; i < d.length; i += 8) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
        return seen.size;
    };
    return {width: img.width, height: img.height, colours: colours(0, 0, img.width, img.height),
            box: colours(box.x, box.y, box.width, box.height)};
}"""


def test_screenshot_of_the_home_page(page: Page, live_server: str, tmp_path: Path) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server)
    for claim_id in CLAIM_IDS:  # the page the screenshot shows: every card with its verdict and a chart with data
        card = page.locator(f"#{ids.card(claim_id)}")
        expect(card).to_be_visible()
        assert any(card.locator(".badge").inner_text().strip().endswith(v) for v in VERDICT_LABELS), claim_id
        assert wait_for_graph(page, ids.card_chart(claim_id)) >= 1, claim_id
    first = page.locator(f"#{ids.card_chart(CLAIM_IDS[0])} .js-plotly-plot")
    assert any(v is not None for trace in graph_y_values(page, ids.card_chart(CLAIM_IDS[0])) for v in trace)
    box = first.bounding_box()
    assert box is not None and box["y"] < 900 - 100, "the first card's chart shows in the screenshot"
    chart = {k: int(v) for k, v in {**box, "height": min(box["height"], 900 - box["y"])}.items()}
    shot = tmp_path / "screenshot.png"
    png = page.screenshot(path=str(shot), full_page=False)
    stats = page.evaluate(_PNG_STATS, ["data:image/png;base64," + base64.b64encode(png).decode(), chart])
    assert (stats["width"], stats["height"]) == (1280, 900)
    assert stats["colours"] >= 50, stats  # not a blank or single-colour page
    assert stats["box"] >= 10, stats  # the chart's area is drawn, not empty
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        shutil.copy(shot, ROOT / "docs" / "screenshot.png")
        page.goto(f"{live_server}/claims/export-market-10-years")
        wait_for_graph(page, ids.CLAIM_CHART)
        page.screenshot(path=str(ROOT / "docs" / "claim-export-market.png"), full_page=True)
