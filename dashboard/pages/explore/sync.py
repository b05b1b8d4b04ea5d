"""The explorer page and its callback glue: state from the URL or the controls, cached cards, tables and CSVs."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from dash import html, no_update

from dashboard import ids, urlstate
from dashboard.components import Panel, as_patch, card, csv_send, notice_items, patch_changes, plain, table
from dashboard.context import PANEL_CACHE_SIZE, AppContext, CacheKey, cache_key
from dashboard.pages.explore.controls import CONTROL_IDS, control_values, controls, params_of
from dashboard.pages.explore.panels import PANEL_DEPS, PANELS
from dashboard.pages.explore.prepare import ExploreData, prepare
from dashboard.pages.explore.ranges import DATED, range_changes, wide_state, with_wide_figure
from dashboard.strings import current_lang, t
from dashboard.urlstate import ExploreState

CACHE_SIZE = PANEL_CACHE_SIZE
# One filter change at a time per process, in the order they came: two quick changes (two key presses on the year
# slider) are answered in order, so the browser never applies the older answer last (it applies both).
ORDER = threading.Lock()


def _known(ex: ExploreData) -> dict[str, Any]:
    """What the URL parser checks values against: the data's codes, years and latest year."""
    return {"products": ex.products, "partners": ex.partners, "years": ex.years, "latest": ex.latest}


def parse(ctx: AppContext, search: str) -> tuple[ExploreState, list[str]]:
    """Parse a query string against the codes and years the data holds."""
    return urlstate.parse(search, **_known(prepare(ctx)))


def from_controls(ctx: AppContext, values: Sequence[Any]) -> tuple[ExploreState, list[str]]:
    """Read the state from the controls' values (CONTROL_IDS order), checked as the URL parser checks them."""
    return urlstate.state_from_controls(params_of(values), **_known(prepare(ctx)))


def explore_cache_key(key: str, state: ExploreState) -> CacheKey:
    """The cache key of one explorer panel for a state: its name and the state fields it depends on (PANEL_DEPS)."""
    return cache_key("panel", key, *(getattr(state, f) for f in PANEL_DEPS[key]))


def _cached(ctx: AppContext, key: str, state: ExploreState) -> tuple[Panel, html.Section, Any]:
    """A panel, its card and the card as plain JSON, built once per distinct relevant part of the state."""
    ck = explore_cache_key(key, state)
    hit = ctx.cache.panels.get(ck)
    if hit is None:
        with ctx.build_lock:
            panel = PANELS[key](prepare(ctx), state)
            section = card(panel)
            data = plain(section)
        wide = wide_state(prepare(ctx), key, state)
        if wide is not None and wide != state:  # the chart holds every year: a year change is an axis change
            data = with_wide_figure(data, _cached(ctx, key, wide)[2], dated=key in DATED)
        hit = (panel, section, data)
        ctx.cache.panels.put(ck, hit)
    return hit


def cached_panel(ctx: AppContext, key: str, state: ExploreState) -> tuple[Panel, html.Section]:
    """Return a panel and its card for a state, built once per distinct relevant part of the state."""
    panel, section, _ = _cached(ctx, key, state)
    return panel, section


def card_json(ctx: AppContext, key: str, state: ExploreState) -> Any:
    """The card of a panel for a state as plain JSON: what a response carries, serialised once."""
    return _cached(ctx, key, state)[2]


def cards(ctx: AppContext, state: ExploreState, ready: bool = False) -> list[Any]:
    """Return the chart cards of the explorer for a state (as plain JSON, ready to send, when ready)."""
    return [card_json(ctx, key, state) if ready else cached_panel(ctx, key, state)[1] for key in PANELS]


def page(ctx: AppContext, search: str, ready: bool = False) -> html.Div:
    """Return the explorer page for a query string (invalid parameters fall back with a notice).

    With ready, its chart cards are the cached plain JSON a response carries (not serialised again).
    """
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
                    for key, c in zip(PANELS, cards(ctx, state, ready), strict=True)
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
    with ORDER:
        cards_out = changed_cards(ctx, before, state)
    return [controls_out, cards_out, url, [notice_items(notices)]]


def changed_cards(ctx: AppContext, before: ExploreState, state: ExploreState) -> list[Any]:
    """Return the cards in PANELS order: no_update (not redrawn) where its inputs did not change, else a patch of
    the differences from the card on screen when that card is cached and the patch is smaller, else the new card.

    What a card sends for a change from one view to another is worked out once (ctx.cache.changes) and each answer
    gets patches of its own: the same change again (another reader, back and forth) costs no diff.
    """
    out: list[Any] = []
    for key in PANELS:
        if all(getattr(before, f) == getattr(state, f) for f in PANEL_DEPS[key]):
            out.append(no_update)
            continue
        ck = cache_key("change", key, before, state)
        how = ctx.cache.changes.get(ck)
        if how is None:
            how = _card_change(ctx, key, before, state)
            if how[0] != "new":  # worked out against the card on screen: the same every time
                ctx.cache.changes.put(ck, how)
        kind, found = how
        if kind == "same":
            out.append(no_update)
        elif kind == "patch":
            out.append(as_patch(found))  # a fresh dict per answer: nothing sent is shared with the cache
        else:
            out.append(card_json(ctx, key, state))
    return out


def _card_change(ctx: AppContext, key: str, before: ExploreState, state: ExploreState) -> tuple[str, Any]:
    """What one card sends for a change of view: ('same', None) nothing; ('new', None) the new card, the card on
    screen not being cached; ('patch', changes); or ('whole', None) the new card, a patch being no smaller."""
    new = card_json(ctx, key, state)
    shown = ctx.cache.panels.get(explore_cache_key(key, before))
    if shown is None:
        return "new", None
    if shown[2] == new:
        return "same", None
    # a change of years only: assign all but the traces, right whatever range the browser shows
    years_only = all(getattr(before, f) == getattr(state, f) for f in PANEL_DEPS[key] if "_year" not in f)
    wide = wide_state(prepare(ctx), key, state)
    found = range_changes(shown[2], new, card_json(ctx, key, wide)) if years_only and wide else None
    if found is None:
        found = patch_changes(shown[2], new)
    return ("patch", found) if found is not None else ("whole", None)


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
