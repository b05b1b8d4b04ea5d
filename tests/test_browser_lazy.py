"""In Chromium: after a filter change, the explorer's charts out of view wait (an empty frame of their height) and
draw the new figure when the reader scrolls to them; the charts in view draw at once."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from dashboard import ids
from tests.conftest import wait_for_graph

pytestmark = pytest.mark.browser

STATE = """(id) => { const g = document.querySelector('#' + id + ' .js-plotly-plot');
  return {pending: !!g.__tradeLensPending, traces: (g.data || []).length, height: g.getBoundingClientRect().height,
          waiting: g.classList.contains('chart-waiting'), busy: g.getAttribute('aria-busy'),
          top: g.getBoundingClientRect().top, range: g._fullLayout.xaxis ? g._fullLayout.xaxis.range : null}; }"""


def test_charts_out_of_view_draw_the_new_view_when_scrolled_to(
    page: Page, live_server: str, console_errors: list[str]
) -> None:
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server}/explore")
    wait_for_graph(page, ids.ex_graph("timeline"))  # first load: every chart draws, wherever it is
    page.evaluate("window.scrollTo(0, 0)")
    top, timeline = ids.ex_graph("trade"), ids.ex_graph("timeline")
    before = page.evaluate(STATE, timeline)
    assert before["traces"] >= 1 and before["top"] > 768 + 200  # far below the fold

    page.evaluate("window.dash_clientside.set_props({name: 'ex-years', type: 'ex-ctl'}, {value: [2014, 2021]})")
    expect(page).to_have_url(re.compile("from=2014"))
    page.wait_for_function(f"() => {{ const r = ({STATE})('{top}').range; return r && Math.round(r[1]) === 2022; }}")
    page.wait_for_function(f"() => ({STATE})('{timeline}').pending")
    waiting = page.evaluate(STATE, timeline)
    assert waiting["traces"] == 0 and abs(waiting["height"] - before["height"]) < 1  # an empty frame, same height
    assert waiting["waiting"] and waiting["busy"] == "true"  # shown as waiting, and busy for a screen reader

    page.evaluate(f"document.getElementById('{timeline}').scrollIntoView({{block: 'center'}})")
    page.wait_for_function(f"() => !({STATE})('{timeline}').pending && ({STATE})('{timeline}').traces > 0")
    drawn = page.evaluate(STATE, timeline)
    assert drawn["range"][0].startswith("2014") and drawn["range"][1].startswith("2022")  # the new range's dates
    assert not drawn["waiting"] and drawn["busy"] is None

    page.evaluate("window.scrollTo(0, 0)")  # another change, then printing: every waiting chart is drawn first
    page.evaluate("window.dash_clientside.set_props({name: 'ex-years', type: 'ex-ctl'}, {value: [2015, 2020]})")
    page.wait_for_function(f"() => ({STATE})('{timeline}').pending")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # what window.print() fires
    page.wait_for_function(f"() => !({STATE})('{timeline}').pending && ({STATE})('{timeline}').traces > 0")
    printed = page.evaluate(STATE, timeline)["range"]
    assert printed[0] >= "2014-10" and printed[1] <= "2021-03"  # the new range's events, padded
    assert console_errors == []
