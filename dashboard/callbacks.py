"""Thin callbacks: parse inputs, call pages/figures, return. Registered inside create_app()."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State, set_props

from dashboard import ids, pages
from dashboard.context import AppContext
from dashboard.strings import t


def on_callback_error(error: Exception) -> None:
    """Show a callback failure in the page's banner instead of breaking the view."""
    message = t("error.callback", error=type(error).__name__)
    set_props(ids.ERROR_BANNER, {"children": message, "hidden": False})


def register(app: Dash, ctx: AppContext) -> None:
    """Register the app's callbacks on app, closing over the precomputed context."""

    @app.callback(Output(ids.PAGE, "children"), Input(ids.URL, "pathname"), State(ids.URL, "search"))
    def route(pathname: str | None, search: str | None) -> Any:
        return pages.render(
            ctx, pathname if isinstance(pathname, str) else "/", search if isinstance(search, str) else ""
        )

    @app.callback(Output(ids.ERROR_BANNER, "hidden"), Input(ids.URL, "pathname"))
    def clear_banner(_pathname: str | None) -> bool:
        return True
