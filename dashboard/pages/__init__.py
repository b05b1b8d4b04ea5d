"""Pages of the app, and the router that picks one for a URL path."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from dashboard.components import plain, short
from dashboard.context import AppContext, cache_key
from dashboard.layout import not_found
from dashboard.pages import chancay, claim, explore, home, sources
from dashboard.strings import DEFAULT_LANG, current_lang, t, use_lang
from dashboard.warmup import Step

CLAIMS_PREFIX = "/claims/"
EXPLORE = "/explore"  # the explorer's path: its callback answers only there
# path -> renderer(ctx, search); a renderer returns the page's component tree.
ROUTES: dict[str, Callable[[AppContext, str], Any]] = {
    "/": lambda ctx, search: home.page(ctx),
    EXPLORE: lambda ctx, search: explore.page(ctx, search),
    "/chancay": lambda ctx, search: chancay.page(ctx),
    "/sources": lambda ctx, search: sources.page(ctx),
}
# prefix -> renderer(ctx, rest of the path, search)
PREFIX_ROUTES: dict[str, Callable[[AppContext, str, str], Any]] = {
    CLAIMS_PREFIX: lambda ctx, rest, search: claim.page(ctx, rest),
}


# path -> the key of its heading, which is also its document title
TITLE_KEYS = {
    "/": "claims.heading",
    "/explore": "explore.heading",
    "/chancay": "chancay.heading",
    "/sources": "sources.heading",
}
TITLE_LENGTH = 80


def normal_path(pathname: str | None) -> str:
    """A URL path with one leading slash and none at the end ('/' for the home page)."""
    return "/" + (pathname or "/").strip("/")


def _claim_of(ctx: AppContext, path: str) -> Any:
    """The claim a /claims/<id> path names, or None."""
    return ctx.registry.get(path[len(CLAIMS_PREFIX) :]) if path.startswith(CLAIMS_PREFIX) else None


def is_page(ctx: AppContext, pathname: str | None) -> bool:
    """Whether a URL path names a page of the app (a known route or a registered claim)."""
    path = normal_path(pathname)
    return path in ROUTES or _claim_of(ctx, path) is not None


def title(ctx: AppContext, pathname: str | None) -> str:
    """The document title of a URL path: the page's heading (a claim's short text), then the app's name."""
    path = normal_path(pathname)
    claim_ = _claim_of(ctx, path)
    if path in TITLE_KEYS:
        name = t(TITLE_KEYS[path])
    elif claim_ is not None:
        name = short(t(f"claim.quote.{claim_.id}"), TITLE_LENGTH)
    else:
        name = t("error.not_found.title")
    return t("page.title", page=name)


# The chunks of Dash's core components each page draws with (the graph, the explorer's slider and dropdowns): the
# document preloads them, so they arrive with the scripts instead of after the page's first answer (0.3 s later).
SCRIPT_CHUNKS = {
    "/": ("async-graph.js",),
    "/explore": ("async-graph.js", "async-slider.js", "async-dropdown.js"),
    "/chancay": ("async-graph.js",),
    CLAIMS_PREFIX: ("async-graph.js",),
}


def script_chunks(pathname: str | None) -> tuple[str, ...]:
    """The core-component chunks the page at a URL path loads at once (none for an unknown path)."""
    path = normal_path(pathname)
    return SCRIPT_CHUNKS.get(CLAIMS_PREFIX if path.startswith(CLAIMS_PREFIX) else path, ())


# Pages that depend on the data alone (not on the query string): built once, then served from the cache.
STATIC_PATHS = ("/", "/chancay", "/sources")
WARM_LANGS = (DEFAULT_LANG,)


def render(ctx: AppContext, pathname: str, search: str = "") -> Any:
    """Return the page for a URL path, or a 'not found' page; never raises on a malformed path."""
    path = normal_path(pathname)
    static = path in STATIC_PATHS or _claim_of(ctx, path) is not None
    key = (current_lang(), path)  # a page's texts are in the current language
    if static and key in ctx.cache.pages:
        return ctx.cache.pages[key]
    with ctx.build_lock:
        page = _dispatch(ctx, path, search)
    if static:
        ctx.cache.pages[key] = page
    return page


def render_json(ctx: AppContext, pathname: str, search: str = "") -> Any:
    """The page for a URL path as the router sends it: a page that ignores the query is serialised once and reused,
    the explorer carries its cards' cached JSON; never raises on a malformed path."""
    path = normal_path(pathname)
    if path == "/explore":  # its cards are built under the build lock, the rest are plain components
        return explore.page(ctx, search, ready=True)
    if not (path in STATIC_PATHS or _claim_of(ctx, path) is not None):
        return render(ctx, path, search)
    key = cache_key("page", path)
    hit = ctx.cache.json.get(key)
    if hit is None:
        page = render(ctx, path, search)
        with ctx.build_lock:  # figures are read while serialised: not while another thread builds
            hit = plain(page)
        ctx.cache.json.put(key, hit)
    return hit


def warm_steps(ctx: AppContext) -> list[Step]:
    """What the warm-up builds, in order, each step tagged with its page: the explorer (readers arriving from a shared
    view), the verdicts and home page, every claim page, then the rest; a page a reader opens first moves ahead."""
    later = [f"{CLAIMS_PREFIX}{c.id}" for c in ctx.registry.claims] + ["/chancay", "/sources"]
    builds: list[tuple[str, Callable[[], Any]]] = [
        ("/explore", partial(explore.prepare, ctx)),
        ("/explore", partial(render_json, ctx, "/explore")),
        *[("/", partial(ctx.verdict_ahead, c.id)) for c in ctx.registry.claims],  # short steps: a hint gets in
        ("/", partial(render_json, ctx, "/")),
        *[(path, partial(render_json, ctx, path)) for path in later],
    ]
    # other languages are built on their first request, so start-up costs what it did
    return [(path, partial(_in_lang, lang, build)) for lang in WARM_LANGS for path, build in builds]


def _in_lang(lang: str, build: Callable[[], Any]) -> Any:
    """Run build in lang."""
    with use_lang(lang):
        return build()


def _dispatch(ctx: AppContext, path: str, search: str) -> Any:
    """Call the renderer registered for path."""
    if path in ROUTES:
        return ROUTES[path](ctx, search)
    for prefix, renderer in PREFIX_ROUTES.items():
        if path.startswith(prefix):
            return renderer(ctx, path[len(prefix) :], search)
    return not_found(path)
