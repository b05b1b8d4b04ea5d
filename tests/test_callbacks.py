"""The callback glue without a browser: each registered callback called as Dash calls it, with a callback context."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import orjson
import pytest
from dash import no_update
from dash._callback_context import context_value
from dash._utils import AttributeDict, to_json
from dash.exceptions import PreventUpdate

from dashboard import callbacks, ids
from dashboard.app import create_app
from dashboard.pages import explore

URL_SEARCH = {"id": ids.URL, "property": "search"}


@pytest.fixture(scope="module")
def app() -> Any:
    return create_app(warm=False)


def text(component: Any) -> str:
    """A component tree as JSON, with markup characters unescaped (as a reader would see the text)."""
    return json.dumps(json.loads(to_json(component)), ensure_ascii=False)


def callback(app: Any, name: str) -> Callable[..., Any]:
    """The function registered under name (the undecorated closure, called with a context set by the test)."""
    for entry in app.callback_map.values():
        func = entry.get("callback")  # a clientside callback has none
        if func is not None and getattr(func, "__wrapped__", func).__name__ == name:
            return func.__wrapped__
    raise LookupError(name)


@pytest.fixture
def context() -> Iterator[Callable[..., AttributeDict]]:
    """Set dash's callback context for one call, as the server does per request."""

    def set_context(**values: Any) -> AttributeDict:
        value = AttributeDict(updated_props={}, **values)
        context_value.set(value)
        return value

    yield set_context
    context_value.set(AttributeDict(updated_props={}))


def ctl(name: str, value: Any = None) -> dict[str, Any]:
    """One explorer control as it appears in inputs_list (with its value) or outputs_list."""
    return {"id": {"type": ids.EX_CTL, "name": name}, "property": "value", "value": value}


def prop_id(component_id: dict[str, str], prop: str) -> str:
    """The prop id Dash sends for a dict id: its sorted compact JSON, a dot, the property."""
    return json.dumps(component_id, sort_keys=True, separators=(",", ":")) + "." + prop


PARTS = [(ids.EX_CARD_HEAD, "children"), (ids.EX_GRAPH, "figure"), (ids.EX_GRAPH, "style"),
         (ids.EX_CARD_FOOT, "children")]


CARD_OUTPUTS = [[{"id": {"type": kind, "name": k}, "property": prop} for k in reversed(explore.PANELS)]
                for kind, prop in PARTS]  # in a shuffled order
FIRST_OUTPUTS = CARD_OUTPUTS[: len(explore.FIRST_PARTS)]  # the first-row callback sets no foot


def explore_context(set_context: Any, triggered: list[str], search: str, values: dict[str, Any]) -> AttributeDict:
    """The context of the explorer's first-row callback on the explorer page."""
    return set_context(
        triggered_inputs=[{"prop_id": p, "value": None} for p in triggered],
        inputs_list=[{**URL_SEARCH, "value": search}, [ctl(n, values[n]) for n in values]],
        outputs_list=[
            *FIRST_OUTPUTS,
            URL_SEARCH,
            [{"id": {"type": ids.EX_NOTICE_BOX, "name": "notice"}, "property": "children"}],
        ],
    )


def later_context(set_context: Any, triggered: list[str], values: dict[str, Any]) -> AttributeDict:
    """The context of the explorer's later-cards callback on the explorer page."""
    return set_context(
        triggered_inputs=[{"prop_id": p, "value": None} for p in triggered],
        inputs_list=[[ctl(n, values[n]) for n in values]],
        outputs_list=[*CARD_OUTPUTS, {"id": ids.EX_LATER_VIEW, "property": "data"}],
    )


def controls_set(ctx: AttributeDict) -> dict[str, Any]:
    """The control values a callback set with set_props, by control name."""
    return {json.loads(k)["name"]: v["value"] for k, v in ctx.updated_props.items() if ids.EX_CTL in k}


def redrawn(parts: list[list[Any]]) -> set[str]:
    """The cards an answer changes (the outputs list the cards in reverse)."""
    cards = zip(*parts, strict=True)
    return {k for k, c in zip(reversed(explore.PANELS), cards, strict=True) if any(p is not no_update for p in c)}


DEFAULT_VALUES = dict(
    zip(explore.CONTROL_IDS, [[2008, 2024], ["TOTAL"], ["CHN", "USA", "CHE", "JPN", "CAN", "KOR"], "export", "usd",
                              "preferred", "linear"], strict=True)
)


def test_route_renders_each_path_and_tolerates_missing_values(app: Any) -> None:
    route = callback(app, "route")
    assert ids.CLAIM_GRID in text(route(None, None))  # no path yet: the home page
    page = text(route("/explore", "?from=abc"))
    assert "from=abc" in page and ids.EX_PANELS in page
    assert "No page at" in text(route("/<script>", 42))


def test_clear_banner_hides_the_error_banner(app: Any) -> None:
    assert callback(app, "clear_banner")("/explore") is True


def test_callback_error_shows_the_banner_with_the_error_type(context: Any) -> None:
    ctx = context()
    callbacks.on_callback_error(KeyError("x"))
    banner = ctx.updated_props[ids.ERROR_BANNER]
    assert banner["hidden"] is False and "KeyError" in banner["children"]


def test_callback_error_is_logged_in_one_short_line(context: Any, caplog: pytest.LogCaptureFixture) -> None:
    context()
    try:
        {}["x" * 100_000]
    except KeyError as error:
        with caplog.at_level("ERROR", logger="dashboard.callbacks"):
            callbacks.on_callback_error(error)
    (record,) = caplog.records
    line = record.getMessage()
    assert "KeyError at test_callbacks.py:" in line and "\n" not in line and len(line) < 400


def test_a_control_change_writes_the_url_and_redraws_only_the_charts_it_changes(app: Any, context: Any) -> None:
    values = {**DEFAULT_VALUES, ids.EX_UNIT: "tonnes"}
    trigger = [prop_id({"type": ids.EX_CTL, "name": ids.EX_UNIT}, "value")]
    ctx = explore_context(context, trigger, "", values)
    *parts, url, notices = callback(app, "explore_update")("", list(values.values()), "/explore")
    assert len(parts) == len(explore.FIRST_PARTS) and all(len(p) == len(explore.PANELS) for p in parts)
    assert url == "?from=2008&to=2024&product=TOTAL&partner=CHN,USA,CHE,JPN,CAN,KOR&flow=export&unit=tonnes" \
        "&source=preferred&scale=linear"
    assert controls_set(ctx) == {}  # every value was valid: no control is reset
    assert redrawn(parts) == {"trade", "partners"}  # the first row: both follow the unit
    trade = list(zip(*parts, strict=True))[list(reversed(explore.PANELS)).index("trade")]
    # its heading and its figure, in order, each as JSON written once
    assert "tonnes" in orjson.dumps(trade[0]).decode().lower() and isinstance(trade[1], orjson.Fragment)
    assert notices == [[]]

    # the later cards, in a request of their own at the same time: from the view they show to the controls' view
    shown = "?from=2008&to=2024&product=TOTAL&partner=CHN,USA,CHE,JPN,CAN,KOR&flow=export&unit=usd"
    later_context(context, trigger, values)
    *parts, view = callback(app, "explore_later")(list(values.values()), shown)
    assert redrawn(parts) == {k for k in explore.PANELS if "unit" in explore.PANEL_DEPS[k]}
    for key in explore.FIRST:  # of the first row only the foot (sources, CSV, table), below its chart
        head, figure, style, foot = list(zip(*parts, strict=True))[list(reversed(explore.PANELS)).index(key)]
        assert head is figure is style is no_update and foot is not no_update
    assert view == url  # the view they show now


def test_the_later_cards_change_nothing_for_a_view_they_show(app: Any, context: Any) -> None:
    later_context(context, [prop_id({"type": ids.EX_CTL, "name": ids.EX_PARTNER}, "value")], DEFAULT_VALUES)
    with pytest.raises(PreventUpdate):  # the controls' view is the one they show: nothing to set
        callback(app, "explore_later")(list(DEFAULT_VALUES.values()), "?from=2008&to=2024")
    later_context(context, [prop_id({"type": ids.EX_CTL, "name": ids.EX_PARTNER}, "value")], DEFAULT_VALUES)
    *parts, _ = callback(app, "explore_later")(list(DEFAULT_VALUES.values()), "?from=2008&to=2024&partner=USA")
    assert redrawn(parts) == {"partners"}  # a partner change: the partners chart's foot names the partners' sources
    values = {**DEFAULT_VALUES, ids.EX_UNIT: "tonnes"}
    for hostile in (None, 42, ["?unit=tonnes"]):  # a missing or hostile store: taken as the default view
        later_context(context, [], values)
        *parts, view = callback(app, "explore_later")(list(values.values()), hostile)
        assert redrawn(parts) == {k for k in explore.PANELS if "unit" in explore.PANEL_DEPS[k]} and "tonnes" in view


def test_a_url_change_sets_the_controls_and_the_first_row(app: Any, context: Any) -> None:
    search = "?from=2016&product=081040&unit=share"
    ctx = explore_context(context, [ids.URL + ".search"], search, DEFAULT_VALUES)
    *parts, url, _ = callback(app, "explore_update")(search, list(DEFAULT_VALUES.values()), "/explore")
    by_name = controls_set(ctx)  # set with set_props: the later cards' callback follows the controls
    assert by_name[ids.EX_YEARS] == [2016, 2024] and by_name[ids.EX_PRODUCT] == ["081040"]
    assert by_name[ids.EX_UNIT] == "share" and ids.EX_FLOW not in by_name  # unchanged: left as it is
    assert url is no_update  # back/forward and links never rewrite the address
    assert redrawn(parts) == set(explore.FIRST)


def test_controls_set_to_the_view_on_screen_leave_the_address_as_it_is(app: Any, context: Any) -> None:
    # after back/forward the first-row callback sets the controls, which fire it again: the view is the URL's, and
    # writing its canonical form would push a new entry and lose the way forward
    search = "?from=2008&product=TOTAL"
    explore_context(context, [prop_id({"type": ids.EX_CTL, "name": ids.EX_YEARS}, "value")], search, DEFAULT_VALUES)
    *parts, url, _ = callback(app, "explore_update")(search, list(DEFAULT_VALUES.values()), "/explore")
    assert url is no_update and redrawn(parts) == set()


def test_hostile_control_values_are_corrected_with_a_notice(app: Any, context: Any) -> None:
    values = {**DEFAULT_VALUES, ids.EX_YEARS: ["<b>1999</b>", 2024], ids.EX_FLOW: ["export"],
              ids.EX_PARTNER: ["XXX", "USA"]}
    ctx = explore_context(context, [prop_id({"type": ids.EX_CTL, "name": ids.EX_FLOW}, "value")], "", values)
    *_parts, url, notices = callback(app, "explore_update")("", list(values.values()), "/explore")
    by_name = controls_set(ctx)
    assert by_name[ids.EX_YEARS] == [2008, 2024] and by_name[ids.EX_FLOW] == "export"
    assert by_name[ids.EX_PARTNER] == ["USA"]
    assert ids.EX_UNIT not in by_name
    assert "from=2008" in url and "partner=USA&" in url
    words = text(notices)
    assert "<b>1999</b>" in words and "XXX" not in words  # a picker's unknown code is dropped: no address notice


def test_controls_inserted_by_the_router_do_not_trigger_an_update(app: Any, context: Any) -> None:
    triggered = [prop_id({"type": ids.EX_CTL, "name": n}, "value") for n in DEFAULT_VALUES]
    explore_context(context, triggered, "", DEFAULT_VALUES)
    with pytest.raises(PreventUpdate):
        callback(app, "explore_update")("", list(DEFAULT_VALUES.values()), "/explore/")


def test_the_explorer_callback_changes_nothing_on_pages_without_controls(app: Any, context: Any) -> None:
    context(triggered_inputs=[{"prop_id": ids.URL + ".search", "value": "?x=1"}], inputs_list=[URL_SEARCH, []],
            outputs_list=[[], [], [], URL_SEARCH, []])
    assert callback(app, "explore_update")("?x=1", [], "/explore") == [[], [], [], no_update, []]


@pytest.mark.parametrize("pathname", ["/sources", "/", None, "/claims/x"])
def test_a_link_away_from_the_explorer_sends_no_patch_for_charts_about_to_go(
    app: Any, context: Any, pathname: Any
) -> None:
    # a link to /sources?lang=es changes the search as well: answering it would patch charts the router replaces
    explore_context(context, [ids.URL + ".search"], "?lang=es", DEFAULT_VALUES)
    with pytest.raises(PreventUpdate):
        callback(app, "explore_update")("?lang=es", list(DEFAULT_VALUES.values()), pathname)


def chart_context(set_context: Any, kind: str, chart: str) -> None:
    set_context(triggered_inputs=[{"prop_id": prop_id({"chart": chart, "type": kind}, "n_clicks"), "value": 1}])


@pytest.mark.parametrize("chart", ["trend_value", "chancay_jobs"])
def test_odd_clicks_open_a_table_of_the_chart_and_even_ones_do_nothing(app: Any, context: Any, chart: str) -> None:
    show_table = callback(app, "show_table")
    chart_context(context, ids.EX_TABLE, chart)
    table = text(show_table(1, "?product=081040"))
    assert "data-table" in table and table.count('"type": "Tr"') > 1  # a header row and at least one row
    for clicks in (None, 0, 2, "1", [1]):  # a hostile payload is no click, not a TypeError
        with pytest.raises(PreventUpdate):
            show_table(clicks, "")
    chart_context(context, ids.EX_TABLE, "no-such-chart")
    assert show_table(3, "") is no_update


@pytest.mark.parametrize(("chart", "column"), [("trade", "obs_id"), ("chancay_capacity", "fact_id")])
def test_a_click_on_csv_sends_the_chart_rows(app: Any, context: Any, chart: str, column: str) -> None:
    download_csv = callback(app, "download_csv")
    chart_context(context, ids.EX_CSV, chart)
    sent = download_csv(1, "?from=2010&to=2012")
    assert sent["filename"] == f"peru-china-{chart}.csv" and sent["content"].startswith(column)
    assert download_csv(None, "") is no_update
    chart_context(context, ids.EX_CSV, "../../etc/passwd")
    assert download_csv(1, "") is no_update
