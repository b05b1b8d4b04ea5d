"""The explorer's caches and patches without a browser: bounded, keyed by the parsed state, and a patch applied to
the card on screen gives exactly the card a full rebuild gives."""

from __future__ import annotations

import threading
from typing import Any

import orjson
import pytest
from dash import no_update
from plotly.io.json import to_json_plotly

from bench import scenarios
from dashboard.components import apply_changes, changes, is_patch, patch_changes
from dashboard.components.cards import HIDDEN
from dashboard.context import LRU, build_context
from dashboard.pages import explore
from dashboard.pages.explore import sync

MAX_RESPONSE = 50_000  # bytes of one filter change's answer (issue 12, item 3)


@pytest.fixture(scope="module")
def ctx(committed_data):
    return build_context(committed_data)  # its own caches: sizes below do not depend on other tests' views


def test_lru_is_bounded_and_drops_the_least_recently_used() -> None:
    cache = LRU(3)
    for i in range(3):
        cache.put(("k", i), i)
    assert cache.get(("k", 0)) == 0  # now the most recently used
    cache.put(("k", 3), 3)
    assert len(cache) == 3 and ("k", 1) not in cache and cache.get(("k", 0)) == 0

    def fill(start: int) -> None:
        for i in range(start, start + 500):
            cache.put(("t", i), i)
            cache.get(("t", i - 1))

    threads = [threading.Thread(target=fill, args=(n * 1000,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(cache) == 3


@pytest.mark.slow
def test_panel_cache_stays_bounded(committed_data) -> None:
    small = build_context(committed_data)
    small.cache.panels = LRU(5)
    for year in range(2000, 2024):
        state, _ = explore.parse(small, f"?from={year}&to=2024&scale=index")
        explore.cached_panel(small, "timeline", state)
        explore.cached_panel(small, "trade", state)
    assert len(small.cache.panels) == 5


def test_cache_key_is_built_from_the_parsed_state_never_from_the_address(ctx) -> None:
    a, _ = explore.parse(ctx, "?from=2010&to=2024&partner=CHN,USA")
    b, notices = explore.parse(ctx, "?partner=CHN,USA,<img src=x>&to=2024&from=2010&x=" + "y" * 500)
    assert notices and a == b
    assert sync.explore_cache_key("partners", a) == sync.explore_cache_key("partners", b)
    assert "<img" not in repr(sync.explore_cache_key("partners", b))
    assert sync.explore_cache_key("trade", a) == sync.explore_cache_key("trade", explore.parse(ctx, "?from=2010")[0])


def test_cached_card_json_is_what_dash_would_send_for_the_card(ctx) -> None:
    from dashboard.pages.explore.ranges import wide_state

    state, _ = explore.parse(ctx, "?from=2014&to=2024&product=081040&scale=index")
    for key in explore.PANELS:
        if wide_state(explore.prepare(ctx), key, state) is not None:
            continue  # its chart holds every year (checked below)
        _, section = explore.cached_panel(ctx, key, state)
        assert sync.card_json(ctx, key, state) == orjson.loads(to_json_plotly(section)), key


def test_changes_applied_to_the_old_value_give_the_new_one() -> None:
    old = {"a": [1, 2, 3], "b": {"c": "x", "d": 1}, "e": [1]}
    new = {"a": [1, 5, 3], "b": {"c": "y"}, "e": [1, 2], "f": None}
    assert apply_changes(old, changes(old, new)) == new
    long = {"a": "x", "b": "z" * 100}
    assert patch_changes(long, {**long, "a": "y"}) == [("set", ["a"], "y")]  # a small change of a large value: a patch
    assert patch_changes({"a": "x"}, {"a": "y"}) is None  # the patch would be no smaller: the value itself is sent


def test_a_part_whose_many_changes_cost_more_than_itself_is_assigned_whole() -> None:
    old = {"keep": "z" * 500, "rows": [{"v": i} for i in range(30)]}
    new = {"keep": "z" * 500, "rows": [{"v": i + 1} for i in range(30)]}
    found = changes(old, new)
    assert found == [("set", ["rows"], new["rows"])]  # one assignment, not thirty addresses
    assert apply_changes(old, found) == new
    few = {**old, "rows": [{"v": 99} if i == 7 else r for i, r in enumerate(old["rows"])]}
    assert changes(old, few) == [("set", ["rows", 7, "v"], 99)]  # one small change stays small


def _session(ctx) -> list[tuple[Any, str, dict[str, Any], dict[str, Any]]]:
    """Each step of the bench's reader session: (trigger, URL search before it, control values, its state)."""
    steps, values = [], dict(scenarios.DEFAULT)
    for name, value in scenarios.SESSION:
        search = scenarios._search(values)
        values = {**values, name: value}
        steps.append(({"name": name}, search, dict(values)))
    return [(trigger, search, vals, explore.parse(ctx, scenarios._search(vals))[0]) for trigger, search, vals in steps]


def _applied(on_screen: Any, sent: Any) -> Any:
    """What the browser shows after an answer for one part: it left as it was, patched, or the value sent."""
    if sent is no_update:
        return on_screen
    if is_patch(sent):
        found = [("delete" if o["operation"] == "Delete" else "set", o["location"], o["params"].get("value"))
                 for o in sent["operations"]]
        return apply_changes(on_screen, found)
    return sent


@pytest.mark.slow
def test_every_step_of_the_session_turns_the_card_on_screen_into_the_full_rebuild(ctx) -> None:
    patched, figures = 0, 0
    for trigger, search, values, state in _session(ctx):
        before, _ = explore.parse(ctx, search)
        for key in explore.PANELS:  # what the page on screen shows: the cards of the view before the change
            sync.card_json(ctx, key, before)
        out = explore.respond(ctx, trigger, search, values)
        for key, parts in zip(explore.PANELS, out[1], strict=True):
            full = sync.live_parts(sync.card_json(ctx, key, state))
            on_screen = sync.live_parts(sync.card_json(ctx, key, before))
            assert len(parts) == len(explore.PARTS) == len(full)
            for name, sent, was, now in zip(explore.PARTS, parts, on_screen, full, strict=True):
                assert _applied(was, sent) == now, f"{trigger}: {key}'s {name} set wrong"
                patched += is_patch(sent)
                figures += name == "figure" and is_patch(sent)
    assert patched >= 20 and figures >= 15  # year changes (and others) go as patches


@pytest.mark.slow
def test_the_two_answers_of_each_step_set_each_part_once_and_together_give_the_full_rebuild(ctx) -> None:
    for trigger, search, values, state in _session(ctx):
        before, _ = explore.parse(ctx, search)
        for key in explore.PANELS:
            sync.card_json(ctx, key, before)
        first = explore.respond(ctx, trigger, search, values, sets=explore.FIRST_SETS)[1]
        later = explore.respond_later(ctx, values, search)
        later_cards = later[0] if later is not None else [(no_update,) * len(explore.PARTS)] * len(explore.PANELS)
        for key, a, b in zip(explore.PANELS, first, later_cards, strict=True):
            full = sync.live_parts(sync.card_json(ctx, key, state))
            on_screen = sync.live_parts(sync.card_json(ctx, key, before))
            for name, by_first, by_later, was, now in zip(explore.PARTS, a, b, on_screen, full, strict=True):
                first_sets = name in explore.FIRST_SETS.get(key, ())
                assert (by_later if first_sets else by_first) is no_update, f"{trigger}: {key}'s {name} set twice"
                sent = by_first if first_sets else by_later
                assert _applied(was, sent) == now, f"{trigger}: {key}'s {name} set wrong"
        assert later is None or later[1] == scenarios._search(values)  # the view the second answer's cards show


def test_a_card_is_set_part_by_part_and_its_chart_is_never_replaced_by_a_year_change(ctx) -> None:
    before, _ = explore.parse(ctx, "?from=2010&to=2024&product=081040")
    state, _ = explore.parse(ctx, "?from=2014&to=2022&product=081040")
    for key in explore.PANELS:
        sync.card_json(ctx, key, before)
    for key, (head, figure, style, foot) in zip(explore.PANELS, sync.changed_cards(ctx, before, state), strict=True):
        if key in ("trade", "partners", "trend_value", "trend_volume"):  # charts holding every year
            assert is_patch(figure), key
            assert all(o["location"][0] in ("layout", "data") and (o["location"][0] == "layout"
                       or o["location"][2:] == ["visible"]) for o in figure["operations"]), key
            assert "2014" in str(head) and style is no_update, key  # the heading names the range
            # the words around the chart go whole: right whatever range an answer applied late left on screen
            assert not is_patch(head) and (foot is no_update or not is_patch(foot)), key


def test_a_change_seen_before_is_answered_without_diffing_again_with_patches_of_its_own(ctx, monkeypatch) -> None:
    before, _ = explore.parse(ctx, "?from=2010&to=2024")
    state, _ = explore.parse(ctx, "?from=2010&to=2024&unit=share")
    for key in explore.PANELS:
        sync.card_json(ctx, key, before)  # the cards on screen
    first = sync.changed_cards(ctx, before, state)
    patches = [p for parts in first for p in parts if is_patch(p)]
    assert len(patches) >= 2

    def no_diff(*_args: Any) -> Any:
        raise AssertionError("diffed again")

    monkeypatch.setattr(sync, "patch_changes", no_diff)
    monkeypatch.setattr(sync, "range_changes", no_diff)
    again = sync.changed_cards(ctx, before, state)
    assert again == first  # the same answer ...
    again_patches = [p for parts in again for p in parts if is_patch(p)]
    assert all(a is not b for a, b in zip(again_patches, patches, strict=True))  # ... in dicts of its own
    again_patches[0]["operations"].clear()  # what Dash does with it stays there
    assert sync.changed_cards(ctx, before, state) == first


@pytest.mark.slow
def test_every_filter_change_of_the_reader_session_answers_with_at_most_50_kb(ctx) -> None:
    sizes = {}
    for trigger, search, values, _state in _session(ctx):
        before, _ = explore.parse(ctx, search)
        for key in explore.PANELS:
            sync.card_json(ctx, key, before)
        body = to_json_plotly(explore.respond(ctx, trigger, search, values))
        sizes[f"{trigger['name']} -> {scenarios._search(values)}"] = len(body.encode())
    assert len(sizes) == len(scenarios.SESSION) == 16
    assert max(sizes.values()) <= MAX_RESPONSE, {step: size for step, size in sizes.items() if size > MAX_RESPONSE}


def _points(trace: dict[str, Any], lo: int, hi: int) -> list[tuple[float, float]]:
    """A trace's drawn points (finite y) whose x lies within [lo, hi]."""
    from dashboard.pages.explore.ranges import values

    xs, ys = values(trace.get("x")), values(trace.get("y"))
    return [(float(x), float(y)) for x, y in zip(xs, ys, strict=True) if lo <= x <= hi and y == y]


def _graph(card_data: dict[str, Any]) -> dict[str, Any]:
    """The props of a live card's chart (head, chart box, foot: the chart is the box's child)."""
    return card_data["props"]["children"][1]["props"]["children"]["props"]


@pytest.mark.slow
@pytest.mark.parametrize("search", ["?from=2014&to=2021", "?from=2000&to=2010&unit=share&partner=CHN,USA",
                                    "?from=2010&to=2024&product=081040,2603&scale=log&flow=import"])
def test_a_chart_holding_every_year_draws_what_the_ranges_own_chart_draws(ctx, search: str) -> None:
    from dashboard.pages.explore.ranges import DATED, WIDE_PANELS

    state, _ = explore.parse(ctx, search)
    for key in sorted(WIDE_PANELS - DATED):
        own = _graph(orjson.loads(to_json_plotly(explore.cached_panel(ctx, key, state)[1])))
        sent = _graph(sync.card_json(ctx, key, state))
        if own["style"] == HIDDEN:  # no chart: the card's chart is hidden, its figure empty
            assert sent == own
            continue
        shown = [tr for tr in sent["figure"]["data"] if tr.get("visible", True) is True]
        assert [tr["name"] for tr in shown] == [tr["name"] for tr in own["figure"]["data"]], key
        for mine, theirs in zip(shown, own["figure"]["data"], strict=True):
            assert _points(mine, state.from_year, state.to_year) == _points(theirs, -9999, 9999), (key, mine["name"])
        layout = {**sent["figure"]["layout"], "yaxis": dict(sent["figure"]["layout"].get("yaxis", {}))}
        layout["yaxis"].pop("range", None), layout["yaxis"].pop("autorange", None)
        layout["xaxis"] = {k: v for k, v in layout["xaxis"].items() if k != "autorange"}
        assert layout == own["figure"]["layout"], key  # the range's own title, ticks, marks and ranks


@pytest.mark.slow
# 2012-2022: an event of 2023-03-26 is 106 days after the range's last one (padding the range took it in)
@pytest.mark.parametrize("search", ["?from=2014&to=2021", "?from=1995&to=2005", "?from=2022&to=2024&scale=index",
                                    "?from=2012&to=2022"])
def test_the_timeline_holding_every_event_shows_the_ranges_events_on_its_rows(ctx, search: str) -> None:
    state, _ = explore.parse(ctx, search)
    own = _graph(orjson.loads(to_json_plotly(explore.cached_panel(ctx, "timeline", state)[1])))["figure"]
    sent = _graph(sync.card_json(ctx, "timeline", state))["figure"]
    x0, x1 = sent["layout"]["xaxis"]["range"]
    rows = sent["layout"]["yaxis"]["categoryarray"]
    assert sent["layout"]["yaxis"]["range"] == [-0.5, len(rows) - 0.5]

    def points(figure: dict[str, Any], keep: Any) -> list[tuple[str, str, str]]:
        trace = figure["data"][0]
        return sorted((x, y, c[1]) for x, y, c in zip(trace["x"], trace["y"], trace["customdata"], strict=True)
                      if keep(x, y))

    visible = points(sent, lambda x, y: x0 <= x[:10] <= x1 and y in rows)
    assert visible == points(own, lambda x, y: True)  # the range's events, on the rows of the range's categories
    assert rows == list(dict.fromkeys(own["data"][0]["y"]))


def test_plain_json_is_what_dashs_encoder_writes_for_every_kind_of_value() -> None:
    import numpy as np
    import pandas as pd
    from dash import dcc, html

    from dashboard.components import plain
    from dashboard.figures import Figure, trace

    figure = Figure({"title": {"text": "t"}})
    figure.add_trace(trace("scatter", x=np.array(["2005-11-18", "2009-04-28"], dtype="datetime64[ns]"),
                           y=np.array([1.5, np.nan]), customdata=[np.float64(2.5), np.int64(3), None]))
    tree = html.Div(
        [
            html.P(["a", 1, 2.5, None, True], id={"type": "x", "name": "y"}, **{"data-n": "1", "aria-label": "l"}),
            dcc.Graph(figure=figure),
            dcc.Graph(figure={"data": [{"x": (1, 2), "y": np.arange(3)[::2]}], "layout": {}}),
            html.Span(str(pd.Timestamp("2024-11-14"))),
        ],
        title=np.float32(0.1),
    )
    expected = orjson.loads(to_json_plotly(tree, engine="orjson"))
    assert orjson.dumps(plain(tree)) == orjson.dumps(expected)  # the same values, keys in the same order


def test_dash_writes_every_answer_with_wire_to_json_which_writes_what_plotly_writes(ctx) -> None:
    import json

    import dash._callback
    import dash.dash
    from dash import Patch, html

    from dashboard import layout
    from dashboard.app import use_fast_json
    from dashboard.components.wire import to_json
    from dashboard.pages import render_json

    use_fast_json()
    assert dash._callback.to_json is to_json and dash.dash.to_json is to_json  # Dash still writes through these
    patch = Patch()
    patch["a"][0] = "</script>"
    answer = explore.respond(ctx, {"name": "ex-unit"}, "?from=2010&to=2024",
                             dict(zip(explore.CONTROL_IDS, [[2010, 2024], ["TOTAL"], ["CHN", "USA"], "export", "share",
                                                            "preferred", "linear"], strict=True)))
    for value in [answer, render_json(ctx, "/explore", "?lang=zh"), layout.header("/", "?lang=es"), patch, no_update,
                  {"nan": float("nan"), "text": "a\u2028b <b>x</b> – 中国"}, html.Div(html.P("x"), id={"a": 1})]:
        written = to_json(value)
        assert json.loads(written) == json.loads(to_json_plotly(value, engine="json"))
        assert not set("<>/\u2028\u2029") & set(written)  # escaped as plotly escapes them: safe inside HTML


def test_a_value_written_once_goes_into_an_answer_as_dash_would_write_it(ctx) -> None:
    from dash import html

    from dashboard.components.wire import frozen, to_json

    card = sync.card_json(ctx, "trade", explore.parse(ctx, "?from=2010&to=2024")[0])
    for value in [card, {"nan": float("nan"), "text": "a\u2028b\u2029 </script> <b>x</b> – 中国"}, [1, None, "/"],
                  html.Div(html.P("x"), id={"a": 1}), "<", 2.5]:
        assert to_json({"r": [frozen(value), no_update, "</"]}) == to_json({"r": [value, no_update, "</"]})
        # escaped already: the answer's own pass finds nothing to replace in it
        assert not set("<>/\u2028\u2029") & set(orjson.dumps(frozen(value)).decode()), value


@pytest.mark.slow
def test_the_callback_sends_each_cached_part_as_json_written_once(ctx, monkeypatch) -> None:
    from dashboard.components.wire import to_json

    steps = _session(ctx)
    for trigger, search, values, _state in steps:  # every step as a reader meets it first, then again
        before, _ = explore.parse(ctx, search)
        for key in explore.PANELS:
            sync.card_json(ctx, key, before)
        written = explore.respond(ctx, trigger, search, values, written=True)
        assert to_json(written) == to_json(explore.respond(ctx, trigger, search, values)), trigger
        assert any(isinstance(p, orjson.Fragment) for parts in written[1] for p in parts), trigger

    def write(_value: Any) -> Any:
        raise AssertionError("written again")

    monkeypatch.setattr(sync, "frozen", write)
    for trigger, search, values, _state in steps:  # seen before: nothing is written again
        explore.respond(ctx, trigger, search, values, written=True)
