"""create_app(): wires data, layout and callbacks. Importing this module does no work."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from dash import Dash

from dashboard import callbacks, layout, pages
from dashboard.context import build_context
from dashboard.data import Dataset
from dashboard.data import load as load_data
from dashboard.strings import t

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets"

log = logging.getLogger(__name__)


def create_app(data_dir: str | Path | None = None, *, warm: bool = True) -> Dash:
    """Build the Dash app on the data in data_dir (default: the repository's data/).

    With warm, the pages the first readers ask for are built in a background thread, so that start-up stays fast.
    """
    data = load_data(data_dir)
    ctx = build_context(data)
    if warm:
        threading.Thread(target=pages.warm, args=(ctx,), name="warm-pages", daemon=True).start()

    app = Dash(
        __name__,
        title=t("app.title"),
        assets_folder=str(ASSETS),
        compress=True,
        suppress_callback_exceptions=True,
        update_title=None,
        on_error=callbacks.on_callback_error,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    app.layout = layout.shell()
    callbacks.register(app, ctx)
    _add_routes(app, data)
    return app


def _add_routes(app: Dash, data: Dataset) -> None:
    """Add the health endpoint and error handlers that never show a traceback."""
    server = app.server

    @server.route("/health")
    def health() -> tuple[dict[str, object], int]:
        return {"status": t("health.ok"), "observations": len(data.observations), "sources": len(data.sources)}, 200

    @server.errorhandler(Exception)
    def handle_error(error: Exception) -> tuple[dict[str, str], int]:
        from werkzeug.exceptions import HTTPException

        if isinstance(error, HTTPException):
            return {"error": error.description or error.name}, error.code or 400
        log.exception("request failed")
        return {"error": t("error.server")}, 400


def __getattr__(name: str) -> Any:
    """Build the module-level WSGI `server` on first access, so that importing stays cheap."""
    if name == "server":
        server = create_app().server
        globals()["server"] = server
        return server
    raise AttributeError(name)
