"""The Chancay port page: jobs, investment, capacity, throughput and transit time as stated, with every source."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html

from dashboard import figures, ids
from dashboard.components import Claims, Panel, card, claims_by_chart, csv_send, table
from dashboard.context import AppContext
from dashboard.data.query import distinct_chancay_facts
from dashboard.fmt import fmt_number
from dashboard.strings import t

JOB_METRICS = ("jobs_direct", "jobs_indirect", "jobs_total", "jobs_local_construction")
INVESTMENT_METRICS = ("investment_phase1", "investment_total")
CAPACITY_METRICS = ("capacity_containers", "throughput_first_year")
TRANSIT_METRICS = ("transit_days_to_shanghai", "transit_days_saved")
QUALIFIERS = ("about", "more_than", "less_than", "projected")
COLUMNS = [
    "fact_id",
    "metric",
    "value",
    "unit",
    "qualifier",
    "period",
    "stated_by",
    "source_id",
    "publisher",
    "url",
    "kind",
    "status",
    "note",
]
TABLE = [
    ("metric_text", "chancay.col.metric"),
    ("value", "chancay.col.value"),
    ("unit", "chancay.col.unit"),
    ("qualifier_text", "chancay.col.qualifier"),
    ("period", "chancay.col.period"),
    ("stated_by", "chancay.col.stated_by"),
    ("kind_text", "chancay.col.kind"),
    ("publisher", "chancay.col.source"),
]


def facts(ctx: AppContext) -> pd.DataFrame:
    """The ledger without repeated statements, with publisher, link and texts; cached in ctx.cache.chancay."""
    cached = ctx.cache.chancay
    if cached is not None:
        return cached
    rows = distinct_chancay_facts(ctx.data.chancay).copy()
    rows["publisher"] = rows["source_id"].map(lambda s: ctx.publishers.get(s, s))
    rows["url"] = rows["source_id"].map(lambda s: ctx.urls.get(s, ""))
    rows["status"] = "stated"
    rows["metric_text"] = rows["metric"].map(lambda m: t(f"chancay.metric.{m}", default=m))
    rows["qualifier_text"] = rows["qualifier"].map(lambda q: _qualifier(q))
    rows["kind_text"] = rows["kind"].map(lambda k: t(f"kind.{k}", default=k))
    rows["series"] = rows["metric_text"]
    ctx.cache.chancay = rows
    return rows


def _qualifier(q: str) -> str:
    return t("chancay.qualifier.exact") if q == "exact" else t(f"qualifier.{q}", default=q)


def _metrics(names: tuple[str, ...]) -> dict[str, str]:
    return {m: t(f"chancay.metric.{m}") for m in names}


def _panel(key: str, title: str, rows: pd.DataFrame, fig: go.Figure, summary: str, claims: Claims) -> Panel:
    if rows.empty:
        return Panel(key, title, None, rows, t("chancay.empty"), claims, columns=COLUMNS, table=TABLE)
    return Panel(key, title, fig, rows, summary, claims, columns=COLUMNS, table=TABLE)


def jobs_panel(rows: pd.DataFrame, claims: Claims = ()) -> Panel:
    """Jobs as stated by each party (statements_figure), with their qualifiers."""
    sub = rows[rows["metric"].isin(JOB_METRICS)]
    title = t("chancay.jobs.title")
    fig = figures.statements_figure(
        sub,
        title=title,
        metrics=_metrics(JOB_METRICS),
        x_title=t("chancay.axis.jobs"),
        qualifiers={q: t(f"qualifier.{q}") for q in QUALIFIERS},
    )
    direct = sub[sub["metric"] == "jobs_direct"]["value"]
    total = sub[sub["metric"] == "jobs_total"]["value"]
    summary = t(
        "chancay.summary.jobs",
        n=len(sub),
        k=sub["stated_by"].nunique(),
        lo=fmt_number(direct.min()) if len(direct) else "–",
        hi=fmt_number(direct.max()) if len(direct) else "–",
        total=fmt_number(total.max()) if len(total) else "–",
    )
    return _panel("chancay_jobs", title, sub, fig, summary, claims)


def investment_panel(rows: pd.DataFrame, claims: Claims = ()) -> Panel:
    """Investment figures as a range per phase, each statement a point."""
    sub = rows[rows["metric"].isin(INVESTMENT_METRICS)]
    title = t("chancay.investment.title")
    fig = figures.range_figure(
        sub,
        title=title,
        metrics=_metrics(INVESTMENT_METRICS),
        x_title=t("chancay.axis.usd"),
        qualifiers={q: t(f"qualifier.{q}") for q in QUALIFIERS},
    )
    p1 = sub[sub["metric"] == "investment_phase1"]["value"]
    tot = sub[sub["metric"] == "investment_total"]["value"]
    summary = t(
        "chancay.summary.investment",
        p_lo=fmt_number(p1.min()) if len(p1) else "–",
        p_hi=fmt_number(p1.max()) if len(p1) else "–",
        t_lo=fmt_number(tot.min()) if len(tot) else "–",
        t_hi=fmt_number(tot.max()) if len(tot) else "–",
    )
    return _panel("chancay_investment", title, sub, fig, summary, claims)


def capacity_panel(rows: pd.DataFrame, claims: Claims = ()) -> Panel:
    """Stated capacity against stated first-year throughput, with the utilisation in the summary."""
    sub = rows[rows["metric"].isin(CAPACITY_METRICS)]
    title = t("chancay.capacity.title")
    fig = figures.statements_figure(
        sub,
        title=title,
        metrics=_metrics(CAPACITY_METRICS),
        x_title=t("chancay.axis.teu"),
        qualifiers={q: t(f"qualifier.{q}") for q in QUALIFIERS},
    )
    cap = sub[sub["metric"] == "capacity_containers"]["value"]
    thr = sub[sub["metric"] == "throughput_first_year"]["value"]
    summary = ""
    if len(cap) and len(thr):
        c = float(cap.max())
        summary = t(
            "chancay.summary.capacity",
            lo=fmt_number(thr.min()),
            hi=fmt_number(thr.max()),
            plo=fmt_number(thr.min() / c * 100),
            phi=fmt_number(thr.max() / c * 100),
            cap=fmt_number(c),
        )
    return _panel("chancay_capacity", title, sub, fig, summary, claims)


def transit_panel(rows: pd.DataFrame, claims: Claims = ()) -> Panel:
    """Transit time to Shanghai and days saved, as stated."""
    sub = rows[rows["metric"].isin(TRANSIT_METRICS)]
    title = t("chancay.transit.title")
    fig = figures.statements_figure(
        sub,
        title=title,
        metrics=_metrics(TRANSIT_METRICS),
        x_title=t("chancay.axis.days"),
        qualifiers={q: t(f"qualifier.{q}") for q in QUALIFIERS},
    )
    days = sub[sub["metric"] == "transit_days_to_shanghai"]["value"]
    saved = sub[sub["metric"] == "transit_days_saved"]["value"]
    summary = t(
        "chancay.summary.transit",
        days=fmt_number(days.iloc[0]) if len(days) else "–",
        saved=fmt_number(saved.iloc[0]) if len(saved) else "–",
    )
    return _panel("chancay_transit", title, sub, fig, summary, claims)


PANELS: dict[str, Callable[[pd.DataFrame, Claims], Panel]] = {
    "chancay_jobs": jobs_panel,
    "chancay_investment": investment_panel,
    "chancay_capacity": capacity_panel,
    "chancay_transit": transit_panel,
}


def panel_for(ctx: AppContext, key: str) -> Panel:
    """Build one Chancay panel."""
    return PANELS[key](facts(ctx), _claims(ctx))


def _claims(ctx: AppContext) -> Claims:
    """The claims the Chancay charts bear on."""
    return claims_by_chart(ctx.registry).get("chancay", [])


def ledger(rows: pd.DataFrame) -> html.Div:
    """Every statement as a row, with its source as a link."""
    head = html.Thead(html.Tr([html.Th(t(h), scope="col") for _, h in TABLE]))
    body = []
    for r in rows.sort_values(["metric", "value"]).to_dict("records"):
        cells = []
        for key, _ in TABLE:
            if key == "publisher":
                cell = (
                    html.A(r["publisher"], href=r["url"], target="_blank", rel="noopener noreferrer")
                    if r["url"]
                    else r["publisher"]
                )
            elif key == "value":
                cell = fmt_number(r["value"], None)
            else:
                cell = "" if pd.isna(r[key]) else str(r[key])
            cells.append(html.Td(cell))
        body.append(html.Tr(cells))
    table = html.Table([html.Caption(t("chancay.ledger")), head, html.Tbody(body)], className="data-table")
    return html.Div(table, className="table-wrap", id="chancay-ledger")


def page(ctx: AppContext) -> html.Div:
    """Return the Chancay page: four chart cards and the ledger."""
    rows = facts(ctx)
    claims = _claims(ctx)
    return html.Div(
        [
            html.H1(t("chancay.heading")),
            html.P(t("chancay.intro"), className="intro"),
            html.Div([card(builder(rows, claims)) for builder in PANELS.values()], className="ex-panels"),
            html.H2(t("chancay.ledger")),
            ledger(rows),
            dcc.Link("← " + t("claims.back"), href="/", className="back-link"),
        ],
        id=ids.CHANCAY_PAGE,
        className="explore",
    )


def table_for(ctx: AppContext, key: str) -> html.Div:
    """Return the table of one Chancay panel."""
    return table(panel_for(ctx, key))


def csv_download(ctx: AppContext, key: str) -> dict[str, object]:
    """Return the CSV of one Chancay panel's statements for the Download component."""
    return csv_send(panel_for(ctx, key))
