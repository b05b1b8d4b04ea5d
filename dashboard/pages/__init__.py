"""Pages of the app, and the router that picks one for a URL path."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dashboard.context import AppContext
from dashboard.layout import not_found
from dashboard.pages import chancay, claim, explore, home, sources

# path -> renderer(ctx, search); a renderer returns the page's component tree.
ROUTES: dict[str, Callable[[AppContext, str], Any]] = {
    "/": lambda ctx, search: home.page(ctx),
    "/explore": lambda ctx, search: explore.page(ctx, search),
    "/chancay": lambda ctx, search: chancay.page(ctx),
    "/sources": lambda ctx, search: sources.page(ctx),
}
# prefix -> renderer(ctx, rest of the path, search)
PREFIX_ROUTES: dict[str, Callable[[AppContext, str, str], Any]] = {
    "/claims/": lambda ctx, rest, search: claim.page(ctx, rest),
}


# Pages that depend on the data alone (not on the query string): built once, then served from the cache.
STATIC_PATHS = ("/", "/chancay", "/sources")


def render(ctx: AppContext, pathname: str, search: str = "") -> Any:
    """Return the page for a URL path, or a 'not found' page; never raises on a malformed path."""
    path = "/" + (pathname or "/").strip("/")
    static = path in STATIC_PATHS or (
        path.startswith("/claims/") and ctx.registry.get(path[len("/claims/") :]) is not None
    )
    if static and path in ctx.cache.pages:
        return ctx.cache.pages[path]
    with ctx.build_lock:
        page = _dispatch(ctx, path, search)
    if static:
        ctx.cache.pages[path] = page
    return page


def warm(ctx: AppContext) -> None:
    """Build what readers ask for first (the static pages, every claim page, the default explorer) into the cache."""
    with ctx.build_lock:
        explore.prepare(ctx)
    for path in STATIC_PATHS:
        render(ctx, path)
    for claim_ in ctx.registry.claims:
        render(ctx, f"/claims/{claim_.id}")
    with ctx.build_lock:
        explore.page(ctx, "")


def _dispatch(ctx: AppContext, path: str, search: str) -> Any:
    """Call the renderer registered for path."""
    if path in ROUTES:
        return ROUTES[path](ctx, search)
    for prefix, renderer in PREFIX_ROUTES.items():
        if path.startswith(prefix):
            return renderer(ctx, path[len(prefix) :], search)
    return not_found(path)
