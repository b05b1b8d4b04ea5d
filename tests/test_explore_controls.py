"""Every explorer chart follows every control or says, under its title, which it ignores (no browser)."""

from __future__ import annotations

import json
import math

import pytest

from dashboard import urlstate
from dashboard.pages.explore import PANEL_DEPS, PANELS, prepare

BASE = "?from=2010&to=2024&product=081040,2603&partner=CHN,USA&flow=export&unit=usd&source=preferred&scale=linear"
# (field, value) -> the charts that must follow it (the list; others may follow it too, or say they ignore it)
MUST = {
    ("flow", "import"): {"trade", "partners", "composition"},
    ("flow", "balance"): {"trade", "partners"},
    ("unit", "share"): {"trade", "partners", "trend_value", "baci"},
    ("unit", "tonnes"): {"trade", "partners", "baci"},
    ("scale", "log"): {"trade", "partners", "trend_value", "trend_volume"},
    ("scale", "index"): {"trade", "partners", "trend_value", "trend_volume"},
}


@pytest.fixture(scope="module")
def ex(committed_ctx):
    return prepare(committed_ctx)


def state_of(ex, search: str):
    state, notices = urlstate.parse(search, products=ex.products, partners=ex.partners, years=ex.years,
                                    latest=ex.latest)
    assert notices == []
    return state


def drawn(panel) -> str:
    """What a chart draws: its traces' x and y, and its y axis type (None: no chart)."""
    if panel.figure is None:
        return "none"
    fig = panel.figure
    data = [[[str(v) for v in (tr[axis] if tr[axis] is not None else [])] for axis in ("x", "y")]
            for tr in fig.data if tr.type != "treemap"]
    data += [[list(tr.ids), [str(w) for w in tr.marker.line.width]] for tr in fig.data if tr.type == "treemap"]
    return json.dumps([data, fig.layout.yaxis.type])


@pytest.mark.parametrize(("field", "value"), list(MUST))
def test_each_chart_follows_the_control_or_says_it_ignores_it(ex, field: str, value: str) -> None:
    before = state_of(ex, BASE)
    after = state_of(ex, BASE.replace(f"{field}={getattr(before, field)}", f"{field}={value}"))
    followed = set()
    for key, build in PANELS.items():
        old, new = build(ex, before), build(ex, after)
        says_ignored = field in new.ignores
        if drawn(old) != drawn(new):
            followed.add(key)
            assert not says_ignored, f"{key} follows {field}={value} but says it ignores it"
        elif not (says_ignored or field in old.ignores):  # unchanged: it said so, or it showed this value all along
            pytest.fail(f"{key}: {field}={value} leaves the chart unchanged and no line says so")
        if drawn(old) != drawn(new) or old.ignores != new.ignores:
            assert field in PANEL_DEPS[key], f"{key} changes with {field} but is cached without it"
    assert MUST[(field, value)] <= followed


def test_index_puts_each_line_at_100_in_its_first_year_so_blueberries_and_copper_compare(ex) -> None:
    panel = PANELS["trend_value"](ex, state_of(ex, BASE.replace("scale=linear", "scale=index")))
    lines = [tr for tr in panel.figure.data if tr.mode != "markers" and any(not math.isnan(y) for y in tr.y)]
    assert len({tr.name.split(" (")[0] for tr in lines}) == 2  # blueberries and copper ores
    for tr in lines:
        first = next(y for y in tr.y if not math.isnan(y))
        assert first == pytest.approx(100)
    assert "index" in json.dumps(panel.figure.to_plotly_json()["layout"]["yaxis"], default=str)


def test_share_of_products_is_of_perus_exports_to_china(ex) -> None:
    panel = PANELS["trend_value"](ex, state_of(ex, BASE.replace("unit=usd", "unit=share")))
    usd = PANELS["trend_value"](ex, state_of(ex, BASE))
    trade = PANELS["trade"](ex, state_of(ex, BASE))
    peru_total = {int(x): y for x, y in zip(trade.figure.data[0].x, trade.figure.data[0].y, strict=True)}
    assert trade.figure.data[0].name.startswith("Peru")
    by_name = {tr.name: tr for tr in usd.figure.data}
    shares = [tr for tr in panel.figure.data if tr.name in by_name and "Peru" in tr.name]
    assert shares
    for tr in shares:
        for x, y, dollars in zip(tr.x, tr.y, by_name[tr.name].y, strict=True):
            if not math.isnan(y):
                assert y == pytest.approx(dollars / peru_total[int(x)] * 100, rel=1e-3)


def test_balance_of_a_partner_is_its_exports_minus_its_imports(ex) -> None:
    def line(flow: str, name: str) -> dict[int, float]:
        panel = PANELS["partners"](ex, state_of(ex, BASE.replace("flow=export", f"flow={flow}")))
        tr = next(tr for tr in panel.figure.data if tr.name == name)
        return {int(x): y for x, y in zip(tr.x, tr.y, strict=True) if not math.isnan(y)}

    name = "United States (Peru)"
    exports, imports, balance = line("export", name), line("import", name), line("balance", name)
    assert balance
    for year, value in balance.items():
        assert value == pytest.approx(exports[year] - imports[year])


def test_every_series_has_one_legend_entry_and_one_colour_in_every_chart(ex) -> None:
    partners = PANELS["partners"](ex, state_of(ex, BASE))
    shown = [tr for tr in partners.figure.data if tr.showlegend is not False]
    assert len(shown) == len({tr.legendgroup for tr in partners.figure.data})
    colour = {tr.name: tr.line.color for tr in shown}
    assert colour["United States (Peru)"] != colour["China (Peru)"]
    other = PANELS["partners"](ex, state_of(ex, BASE.replace("partner=CHN,USA", "partner=USA,CHN")))
    assert {tr.name: tr.line.color for tr in other.figure.data if tr.showlegend is not False} == colour


def test_a_partner_has_one_colour_on_the_home_page_and_in_the_explorer(ex, committed_ctx) -> None:
    from dashboard.components.claim_chart import claim_figure

    explorer = PANELS["partners"](ex, state_of(ex, BASE))
    colour = {tr.name.split(" (")[0]: tr.line.color for tr in explorer.figure.data if tr.showlegend is not False}
    claim = next(c for c in committed_ctx.registry.claims if c.chart == "trade")
    card = claim_figure(committed_ctx, claim, committed_ctx.results[claim.id], small=True)
    china = next(tr for tr in card.data if tr.name == "China")
    world = next(tr for tr in card.data if tr.name != "China" and tr.showlegend is not False)
    assert china.line.color == colour["China"] != colour["United States"]
    assert world.line.color not in colour.values()  # a colour names one partner only, in every chart


def test_the_year_slider_starts_at_the_first_year_with_a_trade_figure(ex) -> None:
    # events reach back to 1960 (other countries' relations with the PRC): a slider from 1960 spent half its length
    # on years no explorer chart can draw
    lo, hi = ex.years
    annual = ex.obs[ex.obs["measure"] == "value"]
    assert not annual[annual["year"] == lo].empty and annual["year"].min() == lo
    assert ex.events["year"].min() < lo  # the older events are still in the data, for the claim pages
    assert hi >= ex.latest
