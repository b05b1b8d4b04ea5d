"""The explorer page and its callback glue: state from the URL or the controls, cached cards, tables and CSVs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dash import html, no_update

from dashboard import ids, urlstate
from dashboard.components import Panel, card, csv_send, notice_items, table
from dashboard.context import AppContext
from dashboard.pages.explore.controls import CONTROL_IDS, control_values, controls, params_of
from dashboard.pages.explore.panels import PANEL_DEPS, PANELS
from dashboard.pages.explore.prepare import ExploreData, prepare
from dashboard.strings import current_lang, t
from dashboard.urlstate import ExploreState

CACHE_SIZE = 512


def _known(ex: ExploreData) -> dict[str, Any]:
    """What the URL parser checks values against: the data's codes, years and latest year."""
    return {"products": ex.products, "partners": ex.partners, "years": ex.years, "latest": ex.latest}


def parse(ctx: AppContext, search: str) -> tuple[ExploreState, list[str]]:
    """Parse a query string against the codes and years the data holds."""
    return urlstate.parse(search, **_known(prepare(ctx)))


def from_controls(ctx: AppContext, values: Sequence[Any]) -> tuple[ExploreState, list[str]]:
    """Read the state from the controls' values (CONTROL_IDS order), checked as the URL parser checks them."""
    return urlstate.state_from_controls(params_of(values), **_known(prepare(ctx)))


def cached_panel(ctx: AppContext, key: str, state: ExploreState) -> tuple[Panel, html.Section]:
    """Return a panel and its card for a state, built once per distinct relevant part of the state."""
    cache = ctx.cache.panels
    ck = (current_lang(), key, *(getattr(state, f) for f in PANEL_DEPS[key]))  # texts differ by language
    hit = cache.get(ck)
    if hit is None:
        with ctx.build_lock:
            panel = PANELS[key](prepare(ctx), state)
            hit = (panel, card(panel))
        if len(cache) >= CACHE_SIZE:
            cache.clear()
        cache[ck] = hit
    return hit


def cards(ctx: AppContext, state: ExploreState) -> list[html.Section]:
    """Return the chart cards of the explorer for a state."""
    return [cached_panel(ctx, key, state)[1] for key in PANELS]


def page(ctx: AppContext, search: str) -> html.Div:
    """Return the explorer page for a query string (invalid parameters fall back with a notice)."""
    ex = prepare(ctx)
    state, notices = parse(ctx, search)
    return html.Div(
        [
            html.H1(t("explore.heading")),
            html.P(t("explore.intro"), className="intro"),
            html.Div(
                html.Div(
                    notice_items(notices), id={"type": ids.EX_NOTICE_BOX, "name": "notice"}, className="ex-notice"
                ),
                id=ids.EX_NOTICE,
                role="status",
            ),
            controls(ex, state),
            html.Div(
                [
                    # one box per chart: a filter change replaces only the boxes whose chart changed
                    html.Div(c, id={"type": ids.EX_CARD_BOX, "name": key}, className="ex-slot")
                    for key, c in zip(PANELS, cards(ctx, state), strict=True)
                ],
                id=ids.EX_PANELS,
                className="ex-panels",
            ),
        ],
        className="explore",
    )


def respond(ctx: AppContext, triggered: Any, search: str | None, values: dict[str, Any]) -> list[Any]:
    """The explorer callback: controls, panels, URL search and notices for a URL change or a control change.

    values maps control ids (CONTROL_IDS) to their values; it is empty on pages without the explorer, and then
    nothing changes. A URL change (back/forward, a link) sets the controls from the URL and never writes the URL;
    a control change writes the URL only when it differs, and resets a control only when its value was corrected.
    Returns [control values in CONTROL_IDS order, cards in PANELS order, url search, notices].
    """
    if not values:
        return [[], [], no_update, []]
    search = search if isinstance(search, str) else ""
    name = triggered.get("name") if isinstance(triggered, dict) else None
    given = [values.get(i) for i in CONTROL_IDS]
    if name in CONTROL_IDS:
        before, _ = parse(ctx, search)  # the view on screen: the URL still describes it
        state, notices = from_controls(ctx, given)
        wanted = control_values(state)
        controls_out = [v if v != given[i] else no_update for i, v in enumerate(wanted)]
        new_search = urlstate.serialize(state, current_lang())  # the address keeps the page's language
        url = new_search if new_search != search else no_update
    else:
        before, _ = from_controls(ctx, given)  # the view on screen: the controls describe it
        state, notices = parse(ctx, search)
        controls_out = control_values(state)
        url = no_update
    return [controls_out, changed_cards(ctx, before, state), url, [notice_items(notices)]]


def changed_cards(ctx: AppContext, before: ExploreState, state: ExploreState) -> list[Any]:
    """Return the cards in PANELS order: a new card where its inputs changed, no_update (not redrawn) elsewhere."""
    return [
        cached_panel(ctx, key, state)[1]
        if any(getattr(before, f) != getattr(state, f) for f in PANEL_DEPS[key])
        else no_update
        for key in PANELS
    ]


def table_for(ctx: AppContext, key: str, search: str | None) -> html.Div | None:
    """Return the table of one explorer panel for the URL's state (None for an unknown panel)."""
    if key not in PANELS:
        return None
    state, _ = parse(ctx, search if isinstance(search, str) else "")
    return table(cached_panel(ctx, key, state)[0])


def csv_download(ctx: AppContext, key: str, search: str | None) -> dict[str, Any] | None:
    """Return the CSV of one panel's rows for the Download component (None for an unknown panel)."""
    if key not in PANELS:
        return None
    state, _ = parse(ctx, search if isinstance(search, str) else "")
    return csv_send(cached_panel(ctx, key, state)[0])


def panel_for(ctx: AppContext, key: str, search: str = "") -> Panel:
    """Build one panel for a query string (for tests and downloads)."""
    state, _ = parse(ctx, search)
    return PANELS[key](prepare(ctx), state)
