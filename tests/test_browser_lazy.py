"""In Chromium: after a filter change, the explorer's charts out of view wait (an empty frame of their height) and
draw the new figure when the reader scrolls to them; the charts in view draw at once."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from dashboard import ids
from tests.conftest import wait_for_graph

pytestmark = pytest.mark.browser

def _explorer(page: Page, live_server: str, width: int, height: int, chart: str = "trade") -> str:
    """Open the explorer at width × height, wait until chart is drawn; return the chart's box id."""
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server}/explore")
    graph = ids.ex_graph(chart)
    wait_for_graph(page, graph)
    return graph


def _set_years(page: Page, lo: int, hi: int) -> None:
    """Move the year slider as a reader would, and wait until the address follows."""
    page.evaluate(f"window.dash_clientside.set_props({{name: 'ex-years', type: 'ex-ctl'}}, {{value: [{lo}, {hi}]}})")
    expect(page).to_have_url(re.compile(f"from={lo}"))


STATE = """(id) => { const g = document.querySelector('#' + id + ' .js-plotly-plot');
  return {pending: !!g.__tradeLensPending, traces: (g.data || []).length, height: g.getBoundingClientRect().height,
          waiting: g.classList.contains('chart-waiting'), busy: g.getAttribute('aria-busy'),
          top: g.getBoundingClientRect().top, range: g._fullLayout.xaxis ? g._fullLayout.xaxis.range : null}; }"""


def test_charts_out_of_view_draw_the_new_view_when_scrolled_to(
    page: Page, live_server: str, console_errors: list[str]
) -> None:
    _explorer(page, live_server, 1366, 768, "timeline")  # scrolled to the timeline: it draws
    page.evaluate("window.scrollTo(0, 0)")
    top, timeline = ids.ex_graph("trade"), ids.ex_graph("timeline")
    before = page.evaluate(STATE, timeline)
    assert before["traces"] >= 1 and before["top"] > 768 + 200  # far below the fold

    _set_years(page, 2014, 2021)
    page.wait_for_function(f"() => {{ const r = ({STATE})('{top}').range; return r && Math.round(r[1]) === 2022; }}")
    page.wait_for_function(f"() => ({STATE})('{timeline}').pending")
    waiting = page.evaluate(STATE, timeline)
    assert waiting["traces"] == 0 and waiting["height"] > 100  # an empty frame, of the new figure's height
    assert waiting["waiting"] and waiting["busy"] == "true"  # shown as waiting, and busy for a screen reader

    # more changes while it waits, its events filling the same height (2013-2021, 2012-2021: 444 px): its frame is
    # not drawn again, and the figure it waits for is the latest
    page.evaluate("""(id) => { const g = document.querySelector('#' + id + ' .js-plotly-plot');
        window.__frames = 0; g.on('plotly_afterplot', () => window.__frames++); }""", timeline)
    _set_years(page, 2013, 2021)
    _set_years(page, 2012, 2021)
    page.wait_for_function(f"() => {{ const r = ({STATE})('{top}').range; return r && Math.floor(r[0]) === 2011; }}")
    page.wait_for_timeout(300)  # every answer applied
    assert page.evaluate(STATE, timeline)["pending"] and page.evaluate("window.__frames") == 0

    page.evaluate(f"document.getElementById('{timeline}').scrollIntoView({{block: 'center'}})")
    page.wait_for_function(f"() => !({STATE})('{timeline}').pending && ({STATE})('{timeline}').traces > 0")
    page.wait_for_timeout(300)  # plotly finishes the drawing it has started
    drawn = page.evaluate(STATE, timeline)
    assert abs(drawn["height"] - waiting["height"]) < 1  # drawn in the frame's place: nothing below it moves
    assert drawn["range"][0].startswith("2012") and drawn["range"][1].startswith("2022")  # the latest range's dates
    assert not drawn["waiting"] and drawn["busy"] is None

    page.evaluate("window.scrollTo(0, 0)")  # another change, then printing: every waiting chart is drawn first
    page.evaluate("window.dash_clientside.set_props({name: 'ex-years', type: 'ex-ctl'}, {value: [2015, 2020]})")
    page.wait_for_function(f"() => ({STATE})('{timeline}').pending")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # what window.print() fires
    page.wait_for_function(f"() => !({STATE})('{timeline}').pending && ({STATE})('{timeline}').traces > 0")
    printed = page.evaluate(STATE, timeline)["range"]
    assert printed[0] >= "2014-10" and printed[1] <= "2021-03"  # the new range's events, padded
    assert console_errors == []


def test_a_resize_to_the_same_size_does_not_redraw_and_a_new_width_does(page: Page, live_server: str) -> None:
    graph = _explorer(page, live_server, 1366, 768)
    page.evaluate("""(id) => { const g = document.querySelector('#' + id + ' .js-plotly-plot');
        window.__draws = 0; g.on('plotly_afterplot', () => window.__draws++); }""", graph)
    width = page.evaluate("(id) => document.querySelector('#' + id + ' .js-plotly-plot')._fullLayout.width", graph)
    page.evaluate("(id) => Plotly.Plots.resize(document.querySelector('#' + id + ' .js-plotly-plot'))", graph)
    page.wait_for_timeout(400)  # plotly redraws a resized chart 100 ms after it is asked to
    assert page.evaluate("window.__draws") == 0  # the same size: no redraw
    page.set_viewport_size({"width": 1000, "height": 768})  # one column instead of two: a wider chart
    page.wait_for_function("""([id, w]) => Math.abs(document.querySelector('#' + id + ' .js-plotly-plot')
        ._fullLayout.width - w) > 100""", arg=[graph, width])
    assert page.evaluate("window.__draws") >= 1


def test_a_filter_change_redraws_a_chart_in_place_and_one_left_behind_is_purged_after_the_next_page_draws(
    page: Page, live_server: str
) -> None:
    graph = _explorer(page, live_server, 1366, 768)
    page.evaluate("(id) => { window.__old = document.querySelector('#' + id + ' .js-plotly-plot'); }", graph)
    _set_years(page, 2012, 2020)
    page.wait_for_function("""(id) => { const g = document.querySelector('#' + id + ' .js-plotly-plot');
        return g === window.__old && Math.floor(g._fullLayout.xaxis.range[1]) === 2020; }""", arg=graph)
    assert "2012" in page.inner_text("#ex-trade-heading")  # and its heading, set on its own
    # leaving the explorer: the next page's charts draw first, the explorer's are purged when the browser is idle
    page.evaluate("""() => { window.__purgedBeforeDraw = null;
        const observer = new MutationObserver(() => {
            const now = document.querySelector('#page .js-plotly-plot');
            if (now && now !== window.__old && now._fullLayout && window.__purgedBeforeDraw === null) {
                window.__purgedBeforeDraw = !window.__old._fullLayout; }
        });
        observer.observe(document.body, {childList: true, subtree: true}); }""")
    page.click("a.brand")  # the home page, by its link in the header
    page.wait_for_function("() => window.__purgedBeforeDraw !== null", timeout=20_000)
    assert page.evaluate("window.__purgedBeforeDraw") is False  # the new page drew while the old chart waited
    page.wait_for_function("() => !window.__old.isConnected && !window.__old._fullLayout", timeout=5000)  # then purged


def test_on_a_phone_a_chart_drawn_when_scrolled_to_keeps_its_height_and_covers_nothing(
    page: Page, live_server: str
) -> None:
    graph = _explorer(page, live_server, 375, 800)
    page.evaluate("window.scrollTo(0, 0)")  # the controls fill a phone's screen: the chart is out of view
    page.wait_for_timeout(200)  # (the page's observer has seen it go)
    _set_years(page, 2012, 2021)
    page.wait_for_function(f"() => ({STATE})('{graph}').pending")  # below the controls: out of view on a phone
    page.evaluate(f"document.getElementById('{graph}').scrollIntoView({{block: 'center'}})")
    page.wait_for_function(f"() => !({STATE})('{graph}').pending && ({STATE})('{graph}').traces > 0")
    page.wait_for_timeout(500)  # plotly finishes the drawing it has started (its margins settle)
    box = page.evaluate("""(id) => { const g = document.querySelector('#' + id + ' .js-plotly-plot');
        const next = document.getElementById(id).nextElementSibling;
        return {figure: g._fullLayout.height, drawn: g.getBoundingClientRect().height,
                bottom: g.getBoundingClientRect().bottom, next: next.getBoundingClientRect().top}; }""", graph)
    assert abs(box["drawn"] - box["figure"]) < 1  # the element holds the whole chart (it was 0 px high)
    assert box["next"] >= box["bottom"] - 1  # what follows the chart starts below it: the legend covers nothing


def test_a_first_load_draws_the_charts_in_view_and_the_rest_when_scrolled_to(
    page: Page, live_server: str, console_errors: list[str]
) -> None:
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    _explorer(page, live_server, 1366, 768)
    top, treemap = ids.ex_graph("trade"), ids.ex_graph("composition")
    page.wait_for_function(f"() => ({STATE})('{treemap}').pending")
    assert page.evaluate(STATE, top)["traces"] >= 1  # in view: drawn at once
    waiting = page.evaluate(STATE, treemap)
    assert waiting["traces"] == 0 and waiting["top"] > 768 + 200 and waiting["height"] > 100  # a frame of its height
    assert waiting["waiting"] and waiting["busy"] == "true"
    assert not [u for u in fetched if "plotly-extra" in u]  # nothing drawn needs the treemap's code yet

    wait_for_graph(page, treemap)  # scrolled to: the treemap's code comes, then the chart
    drawn = page.evaluate(STATE, treemap)
    assert drawn["traces"] >= 1 and not drawn["pending"] and not drawn["waiting"] and drawn["busy"] is None
    assert page.evaluate(f"document.querySelector('#{treemap} .js-plotly-plot')._fullData[0].type") == "treemap"
    assert len([u for u in fetched if "plotly-extra" in u]) == 1
    assert console_errors == []


def test_without_an_intersection_observer_every_chart_draws_at_once(
    page: Page, live_server: str, console_errors: list[str]
) -> None:
    page.add_init_script("delete window.IntersectionObserver;")  # no deferral then, but the treemap's code still comes
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server}/explore")
    treemap = f"document.querySelector('#{ids.ex_graph('composition')} .js-plotly-plot')"
    page.wait_for_function(f"() => {{ const g = {treemap}; return g && g._fullData && g._fullData.length; }}")
    assert page.evaluate(f"{treemap}._fullData[0].type") == "treemap"
    assert page.evaluate(f"{treemap}.getBoundingClientRect().top") > 768 + 200  # drawn though far below the fold
    assert console_errors == []
