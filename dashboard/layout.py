"""Page shell and page components; ids come from ids.py, texts from strings.py."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dash import dcc, html

from dashboard import ids
from dashboard.fmt import fmt_cell
from dashboard.strings import LANG_PARAM, LANGS, TAGS, current_lang, t, with_lang

GRAPH_CONFIG: Any = {  # a dcc.Graph config (Dash types it as a TypedDict): PNG, zoom and reset; no upload, no logo
    "displaylogo": False,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "responsive": True,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "sendDataToCloud", "editInChartStudio"],
}
# The page Dash serves: the document's language, and no <footer> around the scripts (the shell has the one footer).
INDEX_STRING = """<!DOCTYPE html>
<html lang="{lang}">
    <head>
        {{%metas%}}
        <title>{{%title%}}</title>
        {{%favicon%}}
        {{%css%}}
    </head>
    <body>
        {{%app_entry%}}
        {{%config%}}
        {{%scripts%}}
        {{%renderer%}}
    </body>
</html>"""

NAV_ITEMS = (("/", "nav.claims"), ("/explore", "nav.explore"), ("/chancay", "nav.chancay"), ("/sources", "nav.sources"))


def shell() -> html.Div:
    """Return the frame every page shares: header, navigation, error banner, page slot, footer.

    The header and footer are filled in the page's language by the router (chrome()); the shell is served once.
    """
    return html.Div(
        className="app",
        children=[
            dcc.Location(id=ids.URL, refresh="callback-nav"),
            dcc.Store(id=ids.PAGE_TITLE),
            html.Header(id=ids.HEADER, className="app-header", children=header("/", "")),
            html.Div(id=ids.ERROR_BANNER, className="error-banner", role="alert", hidden=True),
            html.Main(id=ids.PAGE, className="page"),
            html.Footer(id=ids.FOOTER, className="app-footer", children=footer()),
        ],
    )


def switch_href(pathname: str, search: str, lang: str) -> str:
    """The address of the same view in another language: the query string kept, its `lang=` replaced."""
    kept = [f for f in (search or "").lstrip("?").split("&") if f and f.split("=", 1)[0] != LANG_PARAM]
    kept.append(f"{LANG_PARAM}={lang}")
    return (pathname or "/") + "?" + "&".join(kept)


def language_switcher(pathname: str, search: str) -> html.Nav:
    """Links to the current view in each language (a full load, so the document's lang and title follow)."""
    lang = current_lang()
    items = [
        html.A(
            t(f"lang.name.{code}"),
            href=switch_href(pathname, search, code),
            hrefLang=TAGS[code],
            lang=TAGS[code],
            className="lang-link" + (" lang-current" if code == lang else ""),
            **aria(current="true" if code == lang else "false"),
        )
        for code in LANGS
    ]
    return html.Nav(items, id=ids.LANG_SWITCH, className="lang-switch", **aria(label=t("lang.switch")))


def header(pathname: str, search: str) -> list[Any]:
    """The header's contents in the current language: brand, tagline, navigation, language switcher."""
    return [
        dcc.Link(t("app.title"), href=with_lang("/"), className="brand"),
        html.P(t("app.tagline"), className="tagline"),
        html.Nav(
            id=ids.NAV,
            className="nav",
            children=[dcc.Link(t(key), href=with_lang(href), className="nav-link") for href, key in NAV_ITEMS],
            **aria(label=t("nav.label")),
        ),
        language_switcher(pathname, search),
    ]


def footer() -> html.P:
    """The footer's text in the current language."""
    return html.P(t("footer.data"))


CITE_PUBLISHERS = 3  # publishers named in a citation; more are 'and others'


def cite_line(title: str, publishers: Sequence[str]) -> html.P:
    """A copyable 'Cite this chart' line: title, publishers of the data, the view's address, the date of access.

    The address and the date are the reader's: the browser writes them in (assets/cite.js) from data-template.
    """
    names = list(dict.fromkeys(str(p) for p in publishers if p))
    shown = ", ".join(names[:CITE_PUBLISHERS]) + (" " + t("cite.more") if len(names) > CITE_PUBLISHERS else "")
    template = t("cite.text", title=title, publishers=shown or t("explore.sources.none"), url="{url}", date="{date}")
    placeholder = template.replace("{url}", "…").replace("{date}", "…")
    data_attrs: dict[str, Any] = {"data-template": template}
    return html.P(
        [t("cite.label") + " ", html.Span(placeholder, className="cite-text", **data_attrs)],
        className="cite-line",
    )


def chart_card(
    graph_id: str, figure: object, source_line: str, height: int | None = None, cite: html.P | None = None
) -> html.Section:
    """Return a chart with its source line and citation (height in px when the figure sets its own)."""
    style = {"height": f"{height}px", "minHeight": 0} if height else {}  # Dash 4's Graph needs a dict
    return html.Section(
        className="chart-card",
        children=[
            dcc.Graph(id=graph_id, figure=figure, config=GRAPH_CONFIG, className="chart", style=style),
            html.P(source_line, className="source-line"),
            cite,
        ],
    )


def not_found(path: str) -> html.Div:
    """Return the page shown for an unknown path."""
    return html.Div(
        className="not-found",
        children=[
            html.H1(t("error.not_found", path=path[:200])),
            dcc.Link(t("error.not_found.back"), href=with_lang("/")),
        ],
    )


VERDICT_ICONS = {"supported": "✓", "partly_supported": "◐", "contradicted": "✗", "not_checkable": "?"}


def _prefixed(prefix: str, attrs: dict[str, str]) -> dict[str, Any]:
    """Keyword arguments as dashed attribute names under a prefix: ("aria", {"labelledby": x}) -> aria-labelledby."""
    return {f"{prefix}-{name.replace('_', '-')}": value for name, value in attrs.items()}


def aria(**attrs: str) -> dict[str, Any]:
    """Return ARIA attributes for a component's keyword arguments: aria(hidden="true") -> {"aria-hidden": "true"}."""
    return _prefixed("aria", attrs)


def data_attrs(**attrs: str) -> dict[str, Any]:
    """Return data attributes for keyword arguments: data_attrs(min_label="x") -> {"data-min-label": "x"}."""
    return _prefixed("data", attrs)


def verdict_badge(verdict: str) -> html.Span:
    """Return a verdict as an icon plus a text label (never colour alone)."""
    return html.Span(
        [
            html.Span(VERDICT_ICONS.get(verdict, "?"), className="badge-icon", **aria(hidden="true")),
            t(f"verdict.{verdict}"),
        ],
        className=f"badge badge-{verdict}",
    )


def source_links(source_ids: list[str], publishers: dict[str, str], urls: dict[str, str], limit: int = 0) -> html.Ul:
    """Return a list of sources as publisher links (limit > 0 keeps the first `limit` and counts the rest)."""
    shown = source_ids[:limit] if limit else source_ids
    items = [
        html.Li(
            [
                html.A(publishers.get(s, s), href=urls[s], target="_blank", rel="noopener noreferrer"),
                html.Span(" " + _short_url(urls[s]), className="url"),
            ]
            if urls.get(s)
            else publishers.get(s, s)
        )
        for s in shown
    ]
    if limit and len(source_ids) > limit:
        items.append(html.Li(t("sources.more", n=len(source_ids) - limit), className="more"))
    return html.Ul(items, className="source-list")


def _short_url(url: str, limit: int = 60) -> str:
    """Return a URL without scheme, cut to limit characters."""
    bare = url.split("://", 1)[-1].removeprefix("www.")
    return bare if len(bare) <= limit else bare[: limit - 1] + "…"


def scroll_box(table: Any, label: str, box_id: str | None = None) -> html.Div:
    """Return a table in a box that scrolls sideways on narrow screens, reachable and named for keyboard users."""
    attrs: dict[str, Any] = {"id": box_id} if box_id else {}
    return html.Div(table, className="table-wrap", tabIndex="0", role="region", **aria(label=label), **attrs)


def records_table(records: list[dict[str, object]], columns: list[tuple[str, str]], caption: str = "") -> html.Div:
    """Return a plain, accessible HTML table of records with (key, header) columns."""
    head = html.Thead(html.Tr([html.Th(h, scope="col") for _, h in columns]))
    body = html.Tbody(
        [html.Tr([html.Td("" if r.get(k) is None else fmt_cell(r.get(k))) for k, _ in columns]) for r in records]
    )
    parts = ([html.Caption(caption)] if caption else []) + [head, body]
    return scroll_box(html.Table(parts, className="data-table"), caption or t("table.label"))



def quote_block(claim_id: str, quote: str, class_name: str, extra: list[Any] | None = None) -> html.Blockquote:
    """The article's words in English (its language), then our translation marked as ours when the page is not."""
    lang = current_lang()
    children: list[Any] = [html.P(f"“{quote}”", lang="en", className="quote-original")]
    if lang != "en":
        children.append(
            html.P(
                [html.Span(t("claims.translation"), className="translation-mark"), " ", t(f"claim.quote.{claim_id}")],
                lang=TAGS[lang],
                className="quote-translation",
            )
        )
    return html.Blockquote(children + (extra or []), className=class_name)


def claim_part(claim_id: str, part: str) -> str:
    """Which part of a quote a claim checks, in the current language ('' when it checks the whole quote)."""
    return t("claims.part", part=t(f"claim.part.{claim_id}", default=part)) if part else ""
