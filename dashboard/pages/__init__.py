"""Pages of the app, and the router that picks one for a URL path."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dashboard.context import AppContext
from dashboard.layout import not_found
from dashboard.pages import claim, home

# path -> renderer(ctx, search); a renderer returns the page's component tree.
ROUTES: dict[str, Callable[[AppContext, str], Any]] = {
    "/": lambda ctx, search: home.page(ctx),
}
# prefix -> renderer(ctx, rest of the path, search)
PREFIX_ROUTES: dict[str, Callable[[AppContext, str, str], Any]] = {
    "/claims/": lambda ctx, rest, search: claim.page(ctx, rest),
}


def render(ctx: AppContext, pathname: str, search: str = "") -> Any:
    """Return the page for a URL path, or a 'not found' page; never raises on a malformed path."""
    path = "/" + (pathname or "/").strip("/")
    if path in ROUTES:
        return ROUTES[path](ctx, search)
    for prefix, renderer in PREFIX_ROUTES.items():
        if path.startswith(prefix):
            return renderer(ctx, path[len(prefix) :], search)
    return not_found(path)
