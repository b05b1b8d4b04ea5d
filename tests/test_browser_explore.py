"""Real-browser checks of the explorer: URL round-trip, filters, CSV download, hostile URLs, small screens."""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from dashboard import ids
from tests.conftest import ROOT, graph_y_values, wait_for_graph

pytestmark = pytest.mark.browser


def _title(page: Page, graph_id: str) -> str:
    return page.evaluate(f"document.querySelector('#{graph_id} .js-plotly-plot').layout.title.text")


def test_url_round_trip_and_back_button(page: Page, live_server: str, console_errors: list[str]) -> None:
    page.goto(f"{live_server}/explore?from=2014&to=2024&product=081040,080610&unit=usd")
    wait_for_graph(page, ids.ex_graph("trade"))
    expect(page.locator(f"#{ids.EX_YEARS} input.dash-range-slider-min-input")).to_have_value("2014")
    expect(page.locator(f"#{ids.EX_YEARS} input.dash-range-slider-max-input")).to_have_value("2024")
    expect(page.locator(f"#{ids.EX_PRODUCT}")).to_contain_text("Blueberries")
    expect(page.locator(f"#{ids.EX_PRODUCT}")).to_contain_text("Grapes")
    wait_for_graph(page, ids.ex_graph("trend_value"))  # out of view: drawn when scrolled to
    assert "Blueberries" in _title(page, ids.ex_graph("trend_value"))
    x_range = page.evaluate(f"document.querySelector('#{ids.ex_graph('trade')} .js-plotly-plot').layout.xaxis.range")
    assert round(x_range[0]) == 2014 and round(x_range[1]) == 2024

    page.locator(f"#{ids.EX_UNIT}").get_by_text("Tonnes").click()
    expect(page).to_have_url(re.compile(r"unit=tonnes"))
    assert "from=2014" in page.url and "081040" in page.url
    expect(page.locator("#ex-trade-heading")).to_contain_text("tonnes")
    expect(page.locator("#ex-baci-heading")).to_contain_text("tonnes")  # a later card: its own request

    page.go_back()
    expect(page).to_have_url(re.compile(r"unit=usd"))
    expect(page.locator(f"#{ids.EX_UNIT} input[value='usd']")).to_be_checked()
    expect(page.locator("#ex-trade-heading")).to_contain_text("US$")
    expect(page.locator("#ex-baci-heading")).to_contain_text("US$")  # follows the controls the URL set
    assert page.url.endswith("/explore?from=2014&to=2024&product=081040,080610&unit=usd")  # as it was: not rewritten

    page.go_forward()  # the address the change wrote is still ahead
    expect(page).to_have_url(re.compile(r"unit=tonnes"))
    expect(page.locator("#ex-baci-heading")).to_contain_text("tonnes")
    assert console_errors == []


@pytest.mark.parametrize("width", [1366, 375])
def test_the_timeline_draws_each_milestone_of_the_range_whole_and_none_outside_it(
    page: Page, live_server: str, width: int
) -> None:
    # 2014-2022: an event inside the range lies a few weeks from the next one outside it (2022-12-10, then 2023)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server}/explore?from=2014&to=2022")
    graph = ids.ex_graph("timeline")
    wait_for_graph(page, graph)
    drawn, held, clipped, overlaps = page.evaluate(
        f"() => {{ const g = document.querySelector('#{graph} .js-plotly-plot'), t = g._fullData[0];"
        " const box = r => r.getBoundingClientRect(), touch = (a, b) => a.left < b.right && b.left < a.right"
        "   && a.top < b.bottom && b.top < a.bottom;"
        " const cut = p => { for (let e = p.parentElement; e && e.tagName !== 'svg'; e = e.parentElement)"
        "   if (e.getAttribute('clip-path')) return true; return false; };"
        " const nodes = [...g.querySelectorAll('.scatterlayer path.point')], points = nodes.map(box);"
        " const labels = [...g.querySelectorAll('.ytick text')].map(box);"
        " const held = Array.from(t.customdata).filter(c => c[0].slice(0, 4) >= '2014' && c[0].slice(0, 4) <= '2022');"
        " return [points.length, held.length, nodes.filter(cut).length,"
        "   points.filter(p => labels.some(l => touch(p, l))).length]; }"
    )
    assert drawn == held > 0  # every milestone of the range, none of the others
    assert clipped == 0 and overlaps == 0  # whole at the range's edges, clear of the category names


def test_the_first_rows_feet_follow_a_change_and_the_back_button(page: Page, live_server: str) -> None:
    # the first row's headings and charts come in the first answer, their feet (citation, sources) in the second
    page.goto(f"{live_server}/explore?from=2014&to=2024&unit=usd")
    wait_for_graph(page, ids.ex_graph("partners"))
    cite = {k: page.locator(f"#ex-card-{k} .cite-line") for k in ("trade", "partners")}
    for line in cite.values():
        expect(line).to_contain_text("US$ million, 2014–2024")
    page.locator(f"#{ids.EX_UNIT}").get_by_text("Share").click()
    for key, line in cite.items():
        expect(page.locator(f"#ex-{key}-heading")).to_contain_text("% of Peru's total")
        expect(line).to_contain_text("% of Peru's total, 2014–2024")
    page.go_back()
    for line in cite.values():
        expect(line).to_contain_text("US$ million, 2014–2024")


def test_a_chart_draws_only_the_markers_of_the_years_in_view(page: Page, live_server: str) -> None:
    # the trade chart holds every year (a year change moves its axis): the years outside the range draw no marker
    page.goto(f"{live_server}/explore?from=2014&to=2022")
    wait_for_graph(page, ids.ex_graph("trade"))
    drawn, in_view, held = page.evaluate(
        f"() => {{ const g = document.querySelector('#{ids.ex_graph('trade')} .js-plotly-plot');"
        " const [lo, hi] = g._fullLayout.xaxis.range; let inView = 0, held = 0;"
        " g._fullData.filter(t => t.visible === true && t.mode.includes('markers')).forEach(t => Array.from(t.x)"
        "   .forEach((x, i) => { if (t.y[i] === null || isNaN(t.y[i])) return;"
        "     held++; if (x >= lo && x <= hi) inView++; }));"
        " return [g.querySelectorAll('.scatterlayer path.point').length, inView, held]; }"
    )
    assert held > in_view > 0  # the chart holds years out of view ...
    assert drawn == in_view  # ... and draws a marker for each point in view, none for the others


def test_product_filter_changes_the_charts(page: Page, live_server: str, console_errors: list[str]) -> None:
    page.goto(f"{live_server}/explore?from=2010&to=2024")
    wait_for_graph(page, ids.ex_graph("trend_value"))
    names = (
        f"Array.from(document.querySelector('#{ids.ex_graph('trend_value')} .js-plotly-plot').data).map(t => t.name)"
    )
    assert not any("Blueberries" in n for n in page.evaluate(names))
    # all goods have no tonnage figure: the volume card says so instead of drawing an empty axis
    expect(page.locator("#ex-card-trend_volume .ex-empty")).to_contain_text("No tonnage figure")

    page.locator(f"#{ids.EX_PRODUCT}").click()
    page.keyboard.type("Blueberr")  # 190 products: a reader searches the list
    page.locator(".dash-dropdown-option", has_text="Blueberries").first.click()
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(r"product=[^&]*081040"))
    page.locator(f"#{ids.ex_graph('trend_value')}").scroll_into_view_if_needed()  # the reader scrolls to it
    page.wait_for_function(f"() => {names}.some(n => n.includes('Blueberries'))")
    assert wait_for_graph(page, ids.ex_graph("trend_volume")) >= 1
    volumes = [v for t in graph_y_values(page, ids.ex_graph("trend_volume")) for v in t if v is not None]
    assert volumes and min(volumes) > 0
    expect(page.locator("#ex-card-trend_volume .ex-empty")).to_have_count(0)
    assert console_errors == []


def test_csv_download_holds_exactly_the_filtered_rows(page: Page, live_server: str, tmp_path: Path) -> None:
    page.goto(f"{live_server}/explore?from=2015&to=2024&product=081040&unit=usd")
    wait_for_graph(page, ids.ex_graph("trend_value"))
    with page.expect_download() as info:
        page.locator("#ex-card-trend_value button", has_text="CSV").click()
    path = tmp_path / "trend.csv"
    info.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))

    obs = pd.read_csv(ROOT / "data" / "observations.csv", dtype=str)
    expected = obs[
        (obs["product"] == "081040")
        & (obs["peru_partner"] == "CHN")
        & (obs["peru_flow"] == "export")
        & (obs["measure"] == "value")
        & (obs["unit"] == "USD million")
        & (obs["status"] != "rejected")
        & ~obs["period_kind"].isin(["multi_year", "projection", "other"])  # not annual figures
        & obs["source_family"].isin(["peru", "china", "baci"])
        & obs["year"].astype(int).between(2015, 2024)
    ]
    assert sorted(r["obs_id"] for r in rows) == sorted(expected["obs_id"])
    for r in rows:
        assert r["publisher"] and not r["publisher"].startswith("src-") and r["kind"] and r["status"]
        assert "source_id" not in r  # the source by name and address, never by internal id
        assert "url" in r
    page.locator("#ex-card-trend_value details summary").click()  # the table is fetched when first opened
    table = page.locator("#ex-card-trend_value table tbody tr")
    expect(table).to_have_count(len(rows))


def test_hostile_parameters_show_a_notice_and_no_error(page: Page, live_server: str, console_errors: list) -> None:
    long = "9" * 10_000
    page.goto(f"{live_server}/explore?from=abc&flow=sideways&product=<script>window.hacked=1</script>&to={long}")
    notice = page.locator(f"#{ids.EX_NOTICE}")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("from=abc")
    expect(notice).to_contain_text("<script>")  # shown as text, not run
    expect(notice).to_contain_text("flow=sideways")
    assert page.evaluate("window.hacked === undefined")
    assert wait_for_graph(page, ids.ex_graph("trade")) >= 1
    expect(page.locator(f"#{ids.EX_YEARS} input.dash-range-slider-min-input")).to_have_value("2008")
    assert console_errors == []


def test_keyboard_moves_the_year_slider_and_picks_a_product_by_typing(
    page: Page, live_server: str, console_errors: list[str]
) -> None:
    page.goto(f"{live_server}/explore?from=2014&to=2024")
    wait_for_graph(page, ids.ex_graph("trade"))
    page.locator(f"#{ids.EX_YEARS} [role=slider]").first.focus()
    page.keyboard.press("ArrowRight")
    # one press at a time: two presses within one round trip race (the URL and the controls can end a year apart,
    # on main too: 2 of 3 runs failed on a busy machine); that race is a known issue of the URL sync, not tested here
    expect(page).to_have_url(re.compile(r"from=2015"))
    page.keyboard.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"from=2016"))
    expect(page.locator(f"#{ids.EX_YEARS} input.dash-range-slider-min-input")).to_have_value("2016")
    page.wait_for_function(
        f"() => Math.round(document.querySelector('#{ids.ex_graph('trade')} .js-plotly-plot').layout.xaxis.range[0])"
        " === 2016"
    )
    page.wait_for_load_state("networkidle")  # the slider's answers are in: none re-draws the picker while typing
    page.locator(f"#{ids.EX_PRODUCT} button, #{ids.EX_PRODUCT} [role=combobox]").first.focus()
    page.keyboard.press("Enter")
    page.keyboard.type("Blueberr", delay=30)
    # the list filters as the reader types: wait until it has (an arrow key pressed before picked chapter 13)
    expect(page.locator(".dash-dropdown-option").first).to_contain_text("Blueberr")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(r"product=[^&]*081040"))
    expect(page.locator(f"#{ids.EX_NOTICE}")).not_to_contain_text("ignored")
    assert console_errors == []


def test_select_all_products_keeps_eight_and_shows_no_notice(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/explore")
    wait_for_graph(page, ids.ex_graph("trade"))
    page.locator(f"#{ids.EX_PRODUCT}").click()
    page.get_by_text("Select All", exact=False).first.click()
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(r"product=([^,&]+,){7}[^,&]+&"))
    page.wait_for_timeout(500)
    assert page.locator(f"#{ids.EX_NOTICE}").inner_text().strip() == ""


@pytest.mark.parametrize("path", ["/explore", "/chancay", "/sources"])
def test_small_screen_has_no_horizontal_overflow(page: Page, live_server: str, tmp_path: Path, path: str) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server}{path}")
    if path == "/explore":
        wait_for_graph(page, ids.ex_graph("trade"))
    else:
        page.wait_for_selector("h1")
    page.wait_for_timeout(300)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    if path != "/explore":
        return
    out = ROOT / "docs" if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    page.screenshot(path=str(out / "explore-mobile.png"), full_page=False)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_timeout(500)
    page.screenshot(path=str(out / "explore-desktop.png"), full_page=False)


def _draw_js(chart: str) -> str:
    """A JS function returning what a chart draws: its traces' x, y, values, colours and its y axis type."""
    return (
        f"() => {{ const g = document.querySelector('#{ids.ex_graph(chart)} .js-plotly-plot');"
        " if (!g || !g.data) return 'none';"
        " return JSON.stringify([g.data.map(t => [t.x, t.y, t.values, t.marker && t.marker.colors]),"
        " g.layout.yaxis && g.layout.yaxis.type]); }"
    )


def _drawn(page: Page, chart: str) -> str:
    """What a chart draws in the browser, scrolled into view first (a chart below the fold may draw late)."""
    page.locator(f"#{ids.ex_graph(chart)}").scroll_into_view_if_needed()
    return page.evaluate(_draw_js(chart))


@pytest.mark.parametrize(("field", "value"), [("flow", "import"), ("flow", "balance"), ("unit", "share"),
                                              ("unit", "tonnes"), ("scale", "log"), ("scale", "index")])
def test_each_flow_unit_and_scale_changes_every_chart_that_follows_it(
    page: Page, live_server: str, console_errors: list[str], field: str, value: str
) -> None:
    from tests.test_explore_controls import BASE, MUST

    page.goto(f"{live_server}/explore{BASE}")
    wait_for_graph(page, ids.ex_graph("trade"))
    charts = sorted(MUST[(field, value)])
    before = {c: _drawn(page, c) for c in charts}
    control = {"flow": ids.EX_FLOW, "unit": ids.EX_UNIT, "scale": ids.EX_SCALE}[field]
    page.locator(f"#{control} input[value='{value}']").check()
    # a view seen for the first time builds each chart's range and all-years cards: on a machine loaded by the
    # rest of the suite that took over expect's 5 s default once; the chart waits below allow 15 s as well
    expect(page).to_have_url(re.compile(rf"{field}={value}"), timeout=15_000)
    for chart in charts:
        page.locator(f"#ex-card-{chart}").scroll_into_view_if_needed()
        # waits until the chart draws something else, or gives way to a sentence saying what is missing;
        # times out (fails) if it keeps its old drawing
        page.wait_for_function(
            f"(old) => document.querySelector('#ex-card-{chart} .ex-empty') !== null"
            f" || ({_draw_js(chart)})() !== old",
            arg=before[chart],
            timeout=15_000,
        )
    assert console_errors == []
