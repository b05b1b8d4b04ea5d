"""Page shell and page components; ids come from ids.py, texts from strings.py."""

from __future__ import annotations

from dash import dcc, html

from dashboard import ids
from dashboard.strings import t

GRAPH_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
}

NAV_ITEMS = (("/", "nav.claims"), ("/explore", "nav.explore"), ("/chancay", "nav.chancay"), ("/sources", "nav.sources"))


def shell() -> html.Div:
    """Return the frame every page shares: header, navigation, error banner, page slot, footer."""
    return html.Div(
        className="app",
        children=[
            dcc.Location(id=ids.URL, refresh="callback-nav"),
            html.Header(
                className="app-header",
                children=[
                    html.A(t("app.title"), href="/", className="brand"),
                    html.P(t("app.tagline"), className="tagline"),
                    html.Nav(
                        id=ids.NAV,
                        className="nav",
                        children=[dcc.Link(t(key), href=href, className="nav-link") for href, key in NAV_ITEMS],
                    ),
                ],
            ),
            html.Div(id=ids.ERROR_BANNER, className="error-banner", role="alert", hidden=True),
            html.Main(id=ids.PAGE, className="page"),
            html.Footer(html.P(t("footer.data")), className="app-footer"),
        ],
    )


def chart_card(graph_id: str, figure: object, source_line: str) -> html.Section:
    """Return a chart with its source line."""
    return html.Section(
        className="chart-card",
        children=[
            dcc.Graph(id=graph_id, figure=figure, config=GRAPH_CONFIG, className="chart"),
            html.P(source_line, className="source-line"),
        ],
    )


def not_found(path: str) -> html.Div:
    """Return the page shown for an unknown path."""
    return html.Div(
        className="not-found",
        children=[html.H1(t("error.not_found", path=path[:200])), dcc.Link(t("error.not_found.back"), href="/")],
    )
