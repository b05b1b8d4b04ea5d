"""The explorer page and its callback glue: state from the URL or the controls, cached cards, tables and CSVs."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import Any

from dash import dcc, html, no_update

from dashboard import ids, urlstate
from dashboard.components import Panel, as_patch, card, csv_send, notice_items, patch_changes, plain, table
from dashboard.components.cards import live_parts
from dashboard.components.wire import frozen
from dashboard.context import PANEL_CACHE_SIZE, AppContext, CacheKey, cache_key
from dashboard.pages.explore.controls import CONTROL_IDS, control_values, controls, params_of
from dashboard.pages.explore.panels import PANEL_DEPS, PANELS
from dashboard.pages.explore.prepare import ExploreData, prepare
from dashboard.pages.explore.ranges import DATED, range_changes, wide_state, with_wide_figure
from dashboard.strings import current_lang, t
from dashboard.urlstate import ExploreState

CACHE_SIZE = PANEL_CACHE_SIZE
PARTS = ("head", "figure", "style", "foot")  # what a filter change sets in a live card, each on its own (live_parts)
# The first row of cards, answered first; the rest follows in a second request, built while the browser draws the
# first row's charts.
FIRST = ("trade", "partners")
# What each of the two requests sets, by card. The first answers the top of the page: the first row's headings and
# charts. The second answers everything below them: the first row's feet (note, sources, citation, CSV, table,
# claims; below the fold on a laptop's screen) and the later cards whole.
FIRST_PARTS = ("head", "figure", "style")
FIRST_SETS: dict[str, tuple[str, ...]] = {k: FIRST_PARTS for k in FIRST}
LATER_SETS: dict[str, tuple[str, ...]] = {
    k: tuple(p for p in PARTS if p not in FIRST_PARTS) if k in FIRST else PARTS for k in PANELS
}
EVERY: dict[str, tuple[str, ...]] = {k: PARTS for k in PANELS}
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
            section = card(panel, live=True)
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
    view = urlstate.serialize(state, current_lang())
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
                    # one slot per chart: a filter change sets only the parts of the cards that changed
                    html.Div(c, className="ex-slot")
                    for key, c in zip(PANELS, cards(ctx, state, ready), strict=True)
                ],
                id=ids.EX_PANELS,
                className="ex-panels",
            ),
            dcc.Store(id=ids.EX_LATER_VIEW, data=view),
        ],
        className="explore",
    )


def respond(
    ctx: AppContext, triggered: Any, search: str | None, values: dict[str, Any], written: bool = False,
    sets: Mapping[str, Sequence[str]] = EVERY,
) -> list[Any]:
    """The explorer callback: controls, cards, URL search and notices for a URL change or a control change.

    values maps control ids (CONTROL_IDS) to their values; it is empty on pages without the explorer, and then
    nothing changes. A URL change (back/forward, a link) sets the controls from the URL and never writes the URL;
    a control change writes the URL only when it differs, and resets a control only when its value was corrected.
    Returns [control values in CONTROL_IDS order, each card's PARTS in PANELS order (those not in sets left as
    they are), url search, notices]; with written, the cards' parts come as JSON written once (changed_cards).
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
        # the same view (the controls a URL change set): the address stays as it is, or forward would be lost
        url = new_search if new_search != search and state != before else no_update
    else:
        before, _ = from_controls(ctx, given)  # the view on screen: the controls describe it
        state, notices = parse(ctx, search)
        controls_out = control_values(state)
        url = no_update
    with ORDER:
        cards_out = changed_cards(ctx, before, state, written, sets)
    return [controls_out, cards_out, url, [notice_items(notices)]]


def respond_later(ctx: AppContext, values: dict[str, Any], shown: Any, written: bool = False) -> list[Any] | None:
    """The second request's callback: each card's PARTS in PANELS order (those in LATER_SETS; the others
    no_update), from the view they show (shown, a URL search) to the controls' view, and that view's search; None
    when none of them changes."""
    before, _ = parse(ctx, shown if isinstance(shown, str) else "")
    state, _ = from_controls(ctx, [values.get(i) for i in CONTROL_IDS])
    if not any(_changes(k, before, state) for k in LATER_SETS):
        return None
    with ORDER:
        cards_out = changed_cards(ctx, before, state, written, LATER_SETS)
    return [cards_out, urlstate.serialize(state, current_lang())]


def _changes(key: str, before: ExploreState, state: ExploreState) -> bool:
    """Whether a panel's card differs between two views: a state field it depends on (PANEL_DEPS) changed."""
    return any(getattr(before, f) != getattr(state, f) for f in PANEL_DEPS[key])


# ("same", None, None) left as it is, ("whole", None, None) the new value, ("patch", changes, their patch written)
Part = tuple[str, Any, Any]


def changed_cards(
    ctx: AppContext, before: ExploreState, state: ExploreState, written: bool = False,
    sets: Mapping[str, Sequence[str]] = EVERY,
) -> list[tuple[Any, ...]]:
    """Return each card's PARTS in PANELS order, each no_update (left as it is, or not in sets: the parts of each
    card this answer sets), a patch of its differences from the part on screen when the card on screen is cached and
    the patch is smaller, or the new value.

    What a card sends for a change from one view to another is worked out once (ctx.cache.changes) and each answer
    gets patches of its own: the same change again (another reader, back and forth) costs no diff. With written,
    every part comes as its JSON, written once for the cache (wire.frozen): an answer splices it in unwritten.
    """
    out: list[tuple[Any, ...]] = []
    for key in PANELS:
        if key not in sets or not _changes(key, before, state):
            out.append((no_update,) * len(PARTS))
            continue
        kept = sets[key]
        ck = cache_key("change", key, before, state)
        how = ctx.cache.changes.get(ck)
        if how is None:
            how = _card_change(ctx, key, before, state)
            if how is not None:  # worked out against the card on screen: the same every time
                ctx.cache.changes.put(ck, how)
        new = written_parts(ctx, key, state) if written else live_parts(card_json(ctx, key, state))
        if how is None:  # the card on screen is not known: every part anew
            how = (("whole", None, None),) * len(PARTS)
        out.append(tuple(
            no_update if kind == "same" or name not in kept
            else (patch if written else as_patch(found)) if kind == "patch" else value
            for name, (kind, found, patch), value in zip(PARTS, how, new, strict=True)
        ))
    return out


def written_parts(ctx: AppContext, key: str, state: ExploreState) -> tuple[Any, ...]:
    """A card's PARTS for a state as JSON written once (wire.frozen), kept with its cached card."""
    ck = explore_cache_key(key, state)
    hit = ctx.cache.written.get(ck)
    if hit is None:
        hit = tuple(frozen(part) for part in live_parts(card_json(ctx, key, state)))
        ctx.cache.written.put(ck, hit)
    return hit


def _card_change(ctx: AppContext, key: str, before: ExploreState, state: ExploreState) -> tuple[Part, ...] | None:
    """What each of a card's PARTS sends for a change of view (None: the card on screen is not cached)."""
    shown = ctx.cache.panels.get(explore_cache_key(key, before))
    if shown is None:
        return None
    old, new = live_parts(shown[2]), live_parts(card_json(ctx, key, state))
    # a change of years only: the chart's layout and traces' visibility
    years_only = all(getattr(before, f) == getattr(state, f) for f in PANEL_DEPS[key] if "_year" not in f)
    wide = wide_state(prepare(ctx), key, state)
    parts: list[Part] = []
    for name, a, b in zip(PARTS, old, new, strict=True):
        if a == b:
            parts.append(("same", None, None))
            continue
        ranged = years_only and wide is not None  # right whatever range the browser shows: the figure's layout,
        found = None  # the other parts whole
        if ranged and name == "figure" and wide is not None:
            found = range_changes(a, b, live_parts(card_json(ctx, key, wide))[1])
        if found is None and (not ranged or name == "figure"):  # the smaller (the chart stays mounted either way)
            found = patch_changes(a, b, share=1.0)
        parts.append(("patch", found, frozen(as_patch(found))) if found is not None else ("whole", None, None))
    return tuple(parts)


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
