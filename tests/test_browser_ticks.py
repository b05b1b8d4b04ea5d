"""Real-browser check that every chart's tick labels lie whole within the chart, at a desktop's and a phone's width.

The template lets plotly draw every tick label (ticklabeloverflow "allow") instead of measuring each one to hide
those past the chart's edge, which cost 10-20 ms of a year change in the browser: so nothing else hides a label
that would be cut off, and this test is what keeps them within the chart.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.conftest import draw_every_chart

pytestmark = pytest.mark.browser

PAGES = ["/", "/claims/export-market-10-years", "/chancay", "/explore",
         "/explore?from=2022&to=2024&product=081040,2603&unit=share", "/explore?from=1995&to=2024&scale=log"]

# Per chart: its axes' ticklabeloverflow, and each tick label that pokes out of the chart's box (more than 1 px).
OUTSIDE = """() => [...document.querySelectorAll('.js-plotly-plot')]
    .filter(g => g._fullLayout && g.offsetWidth && g._fullData && g._fullData.length)  // drawn: no empty frame
    .map(g => {
        const box = g.getBoundingClientRect(), L = g._fullLayout;
        const axes = Object.keys(L).filter(k => /^[xy]axis\\d*$/.test(k) && L[k].visible !== false)
            .map(k => [k, L[k].ticklabeloverflow]);
        const out = [...g.querySelectorAll('.xtick text, .ytick text')].filter(t => t.textContent).map(t => {
            const r = t.getBoundingClientRect();
            return r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1
                ? t.textContent : null;
        }).filter(Boolean);
        return {id: (g.closest('[id]') || {}).id, axes, out};
    })"""


DRAWN = "() => [...document.querySelectorAll('.js-plotly-plot')].some(g => g._fullData && g._fullData.length)"


@pytest.mark.parametrize("width", [1366, 375])
def test_every_tick_label_lies_within_its_chart(page: Page, live_server: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    for path in PAGES:
        page.goto(f"{live_server}{path}")
        page.wait_for_load_state("networkidle")
        # the router's answer may still be on its way (a busy CI run once found no chart drawn on /)
        page.wait_for_function(DRAWN, timeout=20_000)
        draw_every_chart(page)
        charts = page.evaluate(OUTSIDE)
        assert charts, path
        for chart in charts:
            assert chart["out"] == [], (path, width, chart)
            # every cartesian axis draws its labels as laid out (a category axis allows them by default)
            assert all(v in ("allow", None) for _, v in chart["axes"]), (path, chart)
