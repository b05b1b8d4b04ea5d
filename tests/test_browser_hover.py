"""Real-browser check of the evidence charts' hovers: each point names its own period, source, value and unit, though
a trace ships its common source once (hovertemplatefallback) and its unit once (the figure's meta)."""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from playwright.sync_api import Page

from dashboard import figures, ids
from tests.conftest import wait_for_graph

pytestmark = pytest.mark.browser

TRACES = """(id) => {
  const gd = document.querySelector('#' + id + ' .js-plotly-plot');
  return gd._fullData.map((t, i) => ({
    index: i, name: t.name, visible: t.visible, x: Array.from(t.x || []),
    y: Array.from(t.y || [], v => v === null ? NaN : v),
    text: t.text === undefined ? null : Array.from([].concat(t.text)),
    customdata: gd.data[i].customdata || null, hovertemplate: gd.data[i].hovertemplate || null,
    hovertemplatefallback: gd.data[i].hovertemplatefallback || null, range: gd._fullLayout.xaxis.range}));
}"""


def _hover(page: Page, graph_id: str, curve: int, point: int) -> str:
    """The text of the hover label plotly.js draws for one point."""
    page.evaluate(
        f"Plotly.Fx.hover(document.querySelector('#{graph_id} .js-plotly-plot'), "
        f"[{{curveNumber: {curve}, pointNumber: {point}}}])"
    )
    page.wait_for_timeout(70)  # plotly.js draws at most one hover per 50 ms
    return page.evaluate(f"document.querySelector('#{graph_id} .hoverlayer .hovertext')?.textContent || ''")


@pytest.mark.parametrize(("search", "charts", "unit", "least"), [
    ("?from=2010&to=2024&partner=CHN,USA", ("trade", "partners"), "USD million", 40),
    ("?from=2000&to=2024&product=081040&unit=tonnes", ("trend_volume",), "tonnes", 8),
])
def test_every_hover_names_its_own_period_source_value_and_unit(
    page: Page, live_server: str, console_errors: list[str], search: str, charts: tuple[str, ...], unit: str,
    least: int,
) -> None:
    page.goto(f"{live_server}/explore{search}")
    checked = fallbacks = own = 0
    for chart in charts:
        graph = ids.ex_graph(chart)
        wait_for_graph(page, graph)
        traces: list[dict[str, Any]] = page.evaluate(TRACES, graph)
        for trace in traces:
            if trace["visible"] is not True or trace["hovertemplate"] not in (None, *_templates(traces)):
                continue
            lines = figures.hover_lines(trace)
            lo, hi = trace["range"]
            for i, (x, y) in enumerate(zip(trace["x"], trace["y"], strict=True)):
                if math.isnan(y) or not lo <= x <= hi:
                    continue
                want = f"{trace['name']}{lines[i].replace('<br>', '')}: {_one_decimal(y)} {unit}"
                got = _hover(page, graph, trace["index"], i)
                assert got == want, (chart, trace["name"], x)
                checked += 1
                customdata = trace["customdata"] or []
                own += i < len(customdata) and bool(customdata[i])
                fallbacks += not (i < len(customdata) and customdata[i])
    assert checked >= least and fallbacks >= least // 2, (checked, fallbacks)
    if charts == ("trade", "partners"):
        assert own >= 3  # points whose source differs from their trace's common one
    assert [e for e in console_errors if not re.search("could not be found", e)] == []


def _templates(traces: list[dict[str, Any]]) -> tuple[str, ...]:
    """The hover templates of traces whose periods are not calendar years (their texts say the period)."""
    return tuple({t["hovertemplate"] for t in traces if t["hovertemplate"] and "%{text}" in t["hovertemplate"]})


def _one_decimal(y: float) -> str:
    """y as d3's ',.1f' writes it (halves rounded up, as JavaScript's toFixed does for exact halves)."""
    return f"{Decimal(y).quantize(Decimal('0.1'), ROUND_HALF_UP):,}"
