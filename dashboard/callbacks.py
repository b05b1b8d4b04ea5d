"""Thin callbacks: parse inputs, call pages/figures, return. Registered inside create_app()."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from dash import ALL, MATCH, Dash, Input, Output, State, no_update, set_props
from dash import ctx as dash_ctx
from dash.exceptions import PreventUpdate

from dashboard import ids, layout, pages
from dashboard.context import AppContext
from dashboard.pages import chancay, explore, sources
from dashboard.strings import lang_in, set_lang, t

LOG = logging.getLogger("dashboard.callbacks")


def on_callback_error(error: Exception) -> None:
    """Log a callback failure in one line and show it in the page's banner instead of breaking the view."""
    frames = traceback.extract_tb(error.__traceback__)
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    trigger = str(getattr(dash_ctx, "triggered_id", None) if dash_ctx else None)[:80]
    LOG.error("callback failed: %s at %s (trigger %s): %.200r", type(error).__name__, where, trigger, str(error))
    message = t("error.callback", error=type(error).__name__)
    set_props(ids.ERROR_BANNER, {"children": message, "hidden": False})


def register(app: Dash, ctx: AppContext) -> None:
    """Register the app's callbacks on app, closing over the precomputed context."""

    @app.callback(Output(ids.PAGE, "children"), Input(ids.URL, "pathname"), State(ids.URL, "search"))
    def route(pathname: str | None, search: str | None) -> Any:
        query = search if isinstance(search, str) else ""
        set_lang(lang_in(query))  # the URL's ?lang= is the language of everything a callback returns
        return pages.render_json(ctx, pathname if isinstance(pathname, str) else "/", query)

    @app.callback(
        Output(ids.HEADER, "children"),
        Output(ids.FOOTER, "children"),
        Input(ids.URL, "pathname"),
        State(ids.URL, "search"),
    )
    def chrome(pathname: str | None, search: str | None) -> tuple[Any, Any]:
        path, query = pathname if isinstance(pathname, str) else "/", search if isinstance(search, str) else ""
        set_lang(lang_in(query))
        return layout.header(path, query), layout.footer()

    @app.callback(Output(ids.PAGE_TITLE, "data"), Input(ids.URL, "pathname"), State(ids.URL, "search"))
    def page_title(pathname: str | None, search: str | None) -> str:
        set_lang(lang_in(search))
        return pages.title(ctx, pathname if isinstance(pathname, str) else "/")

    # the browser's tab follows the page (a client-side link changes the path without a new document)
    app.clientside_callback(
        "function (title) { if (title) { document.title = title; } return window.dash_clientside.no_update; }",
        Output(ids.PAGE_TITLE, "clear_data"),
        Input(ids.PAGE_TITLE, "data"),
    )

    @app.callback(Output(ids.ERROR_BANNER, "hidden"), Input(ids.URL, "pathname"))
    def clear_banner(_pathname: str | None) -> bool:
        return True

    @app.callback(
        Output(ids.SOURCES_TABLE, "children"),
        Output(ids.SOURCES_PAGE_NO, "data"),
        Output(ids.SOURCES_PREV, "disabled"),
        Output(ids.SOURCES_NEXT, "disabled"),
        Input(ids.SOURCES_PREV, "n_clicks"),
        Input(ids.SOURCES_NEXT, "n_clicks"),
        State(ids.SOURCES_PAGE_NO, "data"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def turn_sources_page(_prev: int | None, _next: int | None, page_no: object, search: str | None) -> tuple[Any, ...]:
        set_lang(lang_in(search))
        return sources.turn_page(ctx, page_no, 1 if dash_ctx.triggered_id == ids.SOURCES_NEXT else -1)

    register_explore(app, ctx)


def _chart_key() -> str:
    """The chart named by the pattern-matching id that triggered the callback ('' when none)."""
    triggered = dash_ctx.triggered_id
    return str(triggered.get("chart", "")) if isinstance(triggered, dict) else ""


def _for_chart(
    ctx: AppContext, search: str | None, on_chancay: Callable[..., Any], on_explore: Callable[..., Any]
) -> Any:
    """Answer for the chart that triggered the callback: a Chancay chart by key, an explorer chart by key and URL."""
    set_lang(lang_in(search))
    key = _chart_key()
    if key in chancay.PANELS:
        return on_chancay(ctx, key)
    return on_explore(ctx, key, search) or no_update


def _card_parts(cards: dict[str, Any], outputs: list[Any], parts: Sequence[str] = explore.PARTS) -> list[list[Any]]:
    """The cards' parts named in parts (the callback's first outputs, one per part), in the order Dash lists each
    part's outputs (no_update for a card not in cards)."""
    return [
        [cards[o["id"]["name"]][explore.PARTS.index(part)] if o["id"]["name"] in cards else no_update
         for o in outputs[i]]
        for i, part in enumerate(parts)
    ]


def register_explore(app: Dash, ctx: AppContext) -> None:
    """Register the explorer's callbacks (controls <-> URL search, the first row of cards, the later cards, notices)
    and the charts' CSV downloads.

    A control change fires two requests at once: the first row's headings and charts (with the URL and notices),
    and everything below them (the first row's feet, the later cards), so the first row's charts are drawn while the
    server builds the rest (sync.FIRST_SETS, sync.LATER_SETS). Neither callback declares the controls as an output
    (the first sets them with set_props, on a URL change or a corrected value): Dash holds a callback back while
    another that may change its inputs runs.
    """

    @app.callback(
        Output({"type": ids.EX_CARD_HEAD, "name": ALL}, "children"),
        Output({"type": ids.EX_GRAPH, "name": ALL}, "figure"),
        Output({"type": ids.EX_GRAPH, "name": ALL}, "style"),
        Output(ids.URL, "search"),
        Output({"type": ids.EX_NOTICE_BOX, "name": ALL}, "children"),
        Input(ids.URL, "search"),
        Input({"type": ids.EX_CTL, "name": ALL}, "value"),
        State(ids.URL, "pathname"),
        prevent_initial_call=True,
    )
    def explore_update(search: str | None, values: list[Any], pathname: str | None) -> list[Any]:
        if pages.normal_path(pathname if isinstance(pathname, str) else "/") != pages.EXPLORE:
            # a link away from the explorer changes the search too: its charts are about to be replaced, and a
            # Patch answer arriving after them would be applied to nothing (dash-renderer: "Cannot patch undefined")
            raise PreventUpdate
        changed = dash_ctx.triggered_prop_ids
        if len(changed) > 1 and ids.URL + ".search" not in changed:
            raise PreventUpdate  # the controls were just inserted by the router, or set by a URL change
        set_lang(lang_in(search))
        names = [i["id"]["name"] for i in dash_ctx.inputs_list[1]]
        given = dict(zip(names, values, strict=True))
        out = explore.respond(ctx, dash_ctx.triggered_id, search, given, True, explore.FIRST_SETS)
        for control, value in zip(explore.CONTROL_IDS, out[0], strict=False):
            if value is not no_update and value != given.get(control):  # from the URL, or corrected: the later
                set_props(explore.control_id(control), {"value": value})  # cards' callback follows the controls
        cards = dict(zip(explore.PANELS, out[1], strict=False))
        return [*_card_parts(cards, dash_ctx.outputs_list, explore.FIRST_PARTS), *out[2:]]

    @app.callback(
        Output({"type": ids.EX_CARD_HEAD, "name": ALL}, "children", allow_duplicate=True),
        Output({"type": ids.EX_GRAPH, "name": ALL}, "figure", allow_duplicate=True),
        Output({"type": ids.EX_GRAPH, "name": ALL}, "style", allow_duplicate=True),
        Output({"type": ids.EX_CARD_FOOT, "name": ALL}, "children", allow_duplicate=True),
        Output(ids.EX_LATER_VIEW, "data"),
        Input({"type": ids.EX_CTL, "name": ALL}, "value"),
        State(ids.EX_LATER_VIEW, "data"),
        prevent_initial_call=True,
    )
    def explore_later(values: list[Any], shown: Any) -> list[Any]:
        set_lang(lang_in(shown if isinstance(shown, str) else ""))
        names = [i["id"]["name"] for i in dash_ctx.inputs_list[0]]
        out = explore.respond_later(ctx, dict(zip(names, values, strict=True)), shown, written=True)
        if out is None:
            raise PreventUpdate  # what it sets already shows this view
        cards = dict(zip(explore.PANELS, out[0], strict=False))
        return [*_card_parts(cards, dash_ctx.outputs_list), out[1]]

    @app.callback(
        Output({"type": ids.EX_TABLE_BOX, "chart": MATCH}, "children"),
        Input({"type": ids.EX_TABLE, "chart": MATCH}, "n_clicks"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def show_table(n_clicks: int | None, search: str | None) -> Any:
        if not isinstance(n_clicks, int) or n_clicks % 2 == 0:  # odd clicks open the table, even ones close it
            raise PreventUpdate
        return _for_chart(ctx, search, chancay.table_for, explore.table_for)

    @app.callback(
        Output({"type": ids.EX_DOWNLOAD, "chart": MATCH}, "data"),
        Input({"type": ids.EX_CSV, "chart": MATCH}, "n_clicks"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def download_csv(n_clicks: int | None, search: str | None) -> Any:
        if not isinstance(n_clicks, int) or not n_clicks:
            return no_update
        return _for_chart(ctx, search, chancay.csv_download, explore.csv_download)
