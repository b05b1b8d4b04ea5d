"""The chart card every page shares: a Panel (chart and what surrounds it), its card, table, CSV and source line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from dash import dcc, html

from dashboard import ids, layout
from dashboard.claims import Registry
from dashboard.data import query
from dashboard.figures import Figure
from dashboard.strings import t, with_lang

CSV_COLUMNS = [
    "obs_id",
    "year",
    "period",
    "period_kind",
    "reporter",
    "source_family",
    "peru_partner",
    "partner_name",
    "peru_flow",
    "product",
    "product_name",
    "measure",
    "value",
    "unit",
    "qualifier",
    "derived",
    "note",
    "publisher",
    "url",
    "kind",
    "status",
    "status_reason",
]
TABLE_COLUMNS = [
    ("year", "explore.col.year"),
    ("period", "explore.col.period"),
    ("series", "explore.col.series"),
    ("value", "explore.col.value"),
    ("unit", "explore.col.unit"),
    ("status_text", "explore.col.status"),
    ("publisher", "explore.col.source"),
]
Claims = Sequence[tuple[str, str]]


@dataclass(frozen=True)
class Panel:
    """One chart with what surrounds it: title, summary, data rows (for the CSV and the table), sources, claims."""

    key: str
    title: str
    figure: Figure | None
    rows: pd.DataFrame
    summary: str
    claims: Claims = ()
    note: str = ""
    ignores: str = ""  # the line under the title naming the controls the chart does not follow
    columns: Sequence[str] = field(default_factory=lambda: list(CSV_COLUMNS))
    table: Sequence[tuple[str, str]] = field(default_factory=lambda: list(TABLE_COLUMNS))


FIGURE_HEIGHT = 450  # plotly's default: the height of a chart whose figure sets none


def claims_by_chart(registry: Registry) -> dict[str, list[tuple[str, str]]]:
    """The (id, quote) of the registry's claims, grouped by the chart each claim names."""
    claims: dict[str, list[tuple[str, str]]] = {}
    for claim in registry.claims:
        claims.setdefault(claim.chart, []).append((claim.id, claim.quote))
    return claims


def short(name: str, n: int = 28) -> str:
    """A name cut to n characters, with an ellipsis when cut."""
    return name if len(name) <= n else name[: n - 1] + "…"


def source_line(rows: pd.DataFrame, limit: int = 8) -> html.P:
    """Return 'Sources:' and the publishers of the rows as links (first `limit`, then a count)."""
    seen: dict[str, str] = {}
    if not rows.empty:  # each publisher with its first row's address (plain lists: pandas' dedup took 1-2 ms)
        for publisher, url in zip(rows["publisher"].tolist(), rows["url"].tolist(), strict=True):
            seen.setdefault(str(publisher), str(url or ""))
    items: list[Any] = [t("explore.sources") + " "]
    for i, (publisher, url) in enumerate(list(seen.items())[:limit]):
        if i:
            items.append(", ")
        items.append(html.A(publisher, href=url, target="_blank", rel="noopener noreferrer") if url else publisher)
    if len(seen) > limit:
        items.append(" " + t("sources.more", n=len(seen) - limit))
    if not seen:
        items.append(t("explore.sources.none"))
    return html.P(items, className="source-line")


def _claim_links(claims: Claims) -> html.P | None:
    """Links to the claims a chart bears on (None when there are none)."""
    if not claims:
        return None
    links: list[Any] = [t("explore.claims") + " "]
    quotes = [t(f"claim.quote.{cid}", default=quote) for cid, quote in claims]
    for i, ((cid, _), quote) in enumerate(zip(claims, quotes, strict=True)):
        part = t(f"claim.part.{cid}", default="") if quotes.count(quote) > 1 else ""
        # two claims of one sentence would read as two identical links: each names the part it checks
        text = t("explore.claims.part", quote=short(quote, 48), part=part) if part else short(quote, 70)
        links += ([", "] if i else []) + [dcc.Link(text, href=with_lang(f"/claims/{cid}"))]
    return html.P(links, className="ex-claims")


def _actions(panel: Panel, has_rows: bool) -> html.Div:
    """The CSV button, its download and the PNG hint of a card."""
    return html.Div(
        [
            html.Button(
                t("explore.csv"),
                id={"type": ids.EX_CSV, "chart": panel.key},
                className="ex-button",
                disabled=not has_rows,
                type="button",
            ),
            dcc.Download(id={"type": ids.EX_DOWNLOAD, "chart": panel.key}),
            html.Span(t("explore.png"), className="ex-hint") if panel.figure is not None else None,
        ],
        className="ex-actions",
    )


HIDDEN = {"display": "none"}  # a live card's chart when its panel has none (the empty state says why)
EMPTY_FIGURE: dict[str, Any] = {"data": [], "layout": {"xaxis": {"visible": False}, "yaxis": {"visible": False}}}


def card(panel: Panel, live: bool = False) -> html.Section:
    """Return a chart card: heading, summary, chart or empty state, sources, CSV, table toggle, claim links.

    Three boxes: the head (heading, what the chart ignores, summary or empty state), the chart's box and the foot.
    A live card (the explorer's) has ids on its head, chart and foot, which a filter change sets one by one: the
    chart stays mounted, and plotly redraws it in place (Plotly.react) instead of drawing a new one; its chart is
    there, hidden, even when the panel has none.
    """
    heading_id = f"ex-{panel.key}-heading"
    head = [
        html.H2(panel.title, id=heading_id, className="ex-title"),
        html.P(panel.ignores, className="ex-ignores") if panel.ignores else None,
        html.P(panel.summary, className="ex-empty", role="status")
        if panel.figure is None
        else html.P(panel.summary, className="ex-summary", id=f"ex-{panel.key}-summary"),
    ]
    graph = None
    if panel.figure is not None or live:
        graph = dcc.Graph(
            id={"type": ids.EX_GRAPH, "name": panel.key} if live else f"{ids.ex_graph(panel.key)}-chart",
            figure=panel.figure if panel.figure is not None else EMPTY_FIGURE,
            config=layout.GRAPH_CONFIG,
            className="chart",
            style=chart_style(panel.figure),
        )
    n_rows = len(panel.rows)
    table_toggle = html.Details(
        [
            html.Summary(t("explore.table", n=n_rows), id={"type": ids.EX_TABLE, "chart": panel.key}),
            # filled when opened (table_for), so that filter changes do not ship every table
            html.Div(id={"type": ids.EX_TABLE_BOX, "chart": panel.key}),
        ],
        className="ex-table",
    )
    foot = [
        html.P(panel.note, className="ex-note") if panel.note else None,
        source_line(panel.rows),
        # nothing to cite under an empty chart (it read "Data: none.")
        layout.cite_line(panel.title, panel.rows["publisher"].tolist())
        if panel.figure is not None and "publisher" in panel.rows
        else None,
        _actions(panel, n_rows > 0),
        table_toggle if n_rows else None,
        _claim_links(panel.claims),
    ]
    box = ids.ex_graph(panel.key)
    return html.Section(
        className="chart-card ex-card",
        id=f"ex-card-{panel.key}",
        **layout.aria(labelledby=heading_id),
        children=[
            html.Div(head, id={"type": ids.EX_CARD_HEAD, "name": panel.key} if live else f"{box}-head"),
            html.Div(graph, id=box, className="ex-chart-box") if graph is not None else None,
            html.Div(foot, id={"type": ids.EX_CARD_FOOT, "name": panel.key} if live else f"{box}-foot"),
        ],
    )


def live_parts(card_data: Any) -> tuple[Any, Any, Any, Any]:
    """A live card's plain JSON as the values a filter change sets: its head's children, its chart's figure and
    style, its foot's children."""
    head, box, foot = card_data["props"]["children"]
    graph = box["props"]["children"]["props"]
    return head["props"]["children"], graph["figure"], graph["style"], foot["props"]["children"]


def with_live_figure(card_data: Any, figure: dict[str, Any]) -> Any:
    """A live card's plain JSON with another figure: only the path down to it is copied (the cached card is shared)."""
    head, box, foot = card_data["props"]["children"]
    graph = box["props"]["children"]
    graph = {**graph, "props": {**graph["props"], "figure": figure}}
    box = {**box, "props": {**box["props"], "children": graph}}
    return {**card_data, "props": {**card_data["props"], "children": [head, box, foot]}}


def chart_style(figure: Figure | None) -> dict[str, str]:
    """A card's chart's style: the figure's height, or hidden when there is no figure."""
    # a container of the chart's height: plotly sizes an autosized chart to fill it, and in a container of no
    # definite height a chart redrawn in place (one drawn when scrolled to) came out 0 px high on a phone, its
    # legend over the lines below
    if figure is None:
        return dict(HIDDEN)
    return {"height": f"{figure.layout.height or FIGURE_HEIGHT}px"}


def csv_text(panel: Panel) -> str:
    """Return the rows behind a panel as CSV, with their source columns."""
    cols = [c for c in panel.columns if c in panel.rows.columns]
    return panel.rows[cols].to_csv(index=False)


def csv_send(panel: Panel) -> dict[str, Any]:
    """Return a panel's CSV for the Download component, named after the panel."""
    return dcc.send_string(csv_text(panel), f"peru-china-{panel.key}.csv", type="text/csv")


def table(panel: Panel) -> html.Div:
    """Return the numbers behind a panel as a table."""
    records = query.records(panel.rows)
    return layout.records_table(records, [(k, t(h)) for k, h in panel.table], caption=panel.title)


def notice_items(notices: list[str]) -> list[Any]:
    """Return the notices as a heading and a list (empty when there is nothing to say)."""
    if not notices:
        return []
    return [html.P(t("explore.notice.heading"), className="ex-notice-heading"), html.Ul([html.Li(n) for n in notices])]
