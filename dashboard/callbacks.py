"""Thin callbacks: parse inputs, call pages/figures, return. Registered inside create_app()."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dash import Dash, Input, Output, html, set_props

from dashboard import ids
from dashboard.strings import t


def on_callback_error(error: Exception) -> None:
    """Show a callback failure in the page's banner instead of breaking the view."""
    message = t("error.callback", error=type(error).__name__)
    set_props(ids.ERROR_BANNER, {"children": message, "hidden": False})


def register(app: Dash, render_page: Callable[[str, str], Any]) -> None:
    """Register the app's callbacks on app."""

    @app.callback(Output(ids.PAGE, "children"), Input(ids.URL, "pathname"), Input(ids.URL, "search"))
    def route(pathname: str | None, search: str | None) -> Any:
        return render_page(pathname or "/", search or "")

    @app.callback(Output(ids.ERROR_BANNER, "hidden"), Input(ids.URL, "pathname"))
    def clear_banner(_pathname: str | None) -> bool:
        return True

    _ = html  # html is re-exported for page renderers that build components here
