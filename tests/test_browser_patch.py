"""Real-browser check that a filter change sent as a Patch draws what a fresh load of the same address draws."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from dashboard import ids
from dashboard.pages.explore import PANELS
from tests.conftest import draw_every_chart, wait_for_graph

pytestmark = pytest.mark.browser

# What a chart shows: traces drawn (visible, with their x and y), axis ranges and types, title, marks, legend.
SHOWN = """() => Object.fromEntries([...document.querySelectorAll('.ex-slot')].map(slot => {
    const g = slot.querySelector('.js-plotly-plot');
    const card = slot.querySelector('.ex-card');
    const text = card ? card.innerText : '', key = card ? card.id : '';
    if (!g || !g._fullLayout) return [key, {text}];
    if (g.closest('.chart').style.display === 'none') return [key, {text, hidden: true}];
    const L = g._fullLayout, r = a => (a || []).map(v => typeof v === 'number' ? Math.round(v * 1000) / 1000 : v);
    return [key, {
        text,
        traces: g._fullData.filter(t => t.visible === true).map(t => [t.name, r(Array.from(t.x || [])),
                r(Array.from(t.y || []).map(v => Number.isNaN(v) ? null : v))]),
        x: [L.xaxis && r(L.xaxis.range), L.xaxis && L.xaxis.type],
        y: [L.yaxis && r(L.yaxis.range), L.yaxis && L.yaxis.type],
        title: L.title && L.title.text,
        marks: (L.annotations || []).map(a => [a.text, a.x]).concat((L.shapes || []).map(s => [s.x0])),
        legend: g._fullData.filter(t => t.visible === true && t.showlegend).map(t => t.name),
    }];
}))"""
STEPS = [  # each a view reached by one control change from the previous one: year changes send axis patches
    ("ex-years", [2014, 2024]),
    ("ex-years", [2014, 2021]),
    ("ex-scale", "log"),
    ("ex-years", [2000, 2018]),
    ("ex-unit", "share"),
    ("ex-years", [2010, 2024]),
]


def _settled(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)


def test_patched_charts_match_a_fresh_load(page: Page, live_server: str, console_errors: list[str]) -> None:
    page.goto(f"{live_server}/explore")
    wait_for_graph(page, ids.ex_graph("trade"))
    _settled(page)
    patches = []
    page.on("response", lambda r: patches.append(r) if "_dash-update-component" in r.url else None)
    for name, value in STEPS:
        page.evaluate("([n, v]) => window.dash_clientside.set_props({name: n, type: 'ex-ctl'}, {value: v})",
                      [name, value])
        expect(page).to_have_url(re.compile(f"{'from=' + str(value[0]) if name == 'ex-years' else value}"))
        _settled(page)
        draw_every_chart(page)  # the charts out of view draw when the reader reaches them
        patched = page.evaluate(SHOWN)
        fresh = page.context.new_page()
        fresh.goto(page.url)
        wait_for_graph(fresh, ids.ex_graph("trade"))
        _settled(fresh)
        draw_every_chart(fresh)
        drawn = fresh.evaluate(SHOWN)
        fresh.close()
        assert set(patched) == set(drawn) and len(drawn) == len(PANELS)
        for slot in drawn:
            assert patched[slot] == drawn[slot], f"{name}={value}: {slot} differs after the change"
    bodies = [json.dumps(r.json()) for r in patches if r.status == 200]
    assert any("__dash_patch_update" in b for b in bodies)  # the year changes were sent as patches
    assert console_errors == []
