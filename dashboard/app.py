"""create_app(): wires data, layout and callbacks. Importing this module does no work."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from dash import Dash, html

from dashboard import callbacks, figures, ids, layout
from dashboard.strings import t

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets"
DEFAULT_DATA = ROOT / "data"

log = logging.getLogger(__name__)


def _home_exports(data_dir: Path) -> tuple[Any, int]:
    """Return Peru-reported full-year exports to China and the US by year, best source first."""
    import pandas as pd

    raw = pd.read_csv(data_dir / "raw" / "evidence" / "partners_by_year.csv", dtype=str, encoding="utf-8")
    keep = raw[
        (raw["reporter"] == "Peru")
        & (raw["flow"] == "export")
        & (raw["period"] == "full year")
        & raw["partner"].isin(["China", "United States"])
        & raw["value_usd_m"].notna()
    ].copy()
    order = {"OFF": 0, "ASSOC": 1, "NEWS": 2, "DERIVED": 3}
    keep["rank"] = keep["source_kind"].map(order).fillna(9)
    keep["value"] = keep["value_usd_m"].astype(float)
    keep["year"] = keep["year"].astype(int)
    keep["partner"] = keep["partner"].map({"China": "CHN", "United States": "USA"})
    best = keep.sort_values(["year", "partner", "rank"]).drop_duplicates(["year", "partner"])
    return best[["year", "partner", "value"]], best["source_url"].nunique()


def create_app(data_dir: str | Path | None = None) -> Dash:
    """Build the Dash app on the data in data_dir (default: the repository's data/)."""
    data_path = Path(data_dir) if data_dir else DEFAULT_DATA
    exports, n_sources = _home_exports(data_path)
    home_figure = figures.partner_lines_figure(
        exports,
        title=t("home.chart.title"),
        labels={"CHN": t("partner.CHN"), "USA": t("partner.USA")},
        x_title=t("axis.year"),
        y_title=t("axis.usd_m"),
    )

    def render_page(pathname: str, search: str) -> Any:
        if pathname.rstrip("/") == "":
            return html.Div(
                [
                    html.H1(t("app.title")),
                    html.P(t("app.intro"), className="intro"),
                    layout.chart_card(ids.HOME_CHART, home_figure, t("home.chart.source", n=n_sources)),
                ]
            )
        return layout.not_found(pathname)

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
    callbacks.register(app, render_page)
    _add_routes(app)
    return app


def _add_routes(app: Dash) -> None:
    """Add the health endpoint and error handlers that never show a traceback."""
    server = app.server

    @server.route("/health")
    def health() -> tuple[dict[str, str], int]:
        return {"status": t("health.ok")}, 200

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
