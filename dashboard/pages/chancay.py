"""The Chancay port page: jobs, investment, capacity, throughput and transit time as stated, with every source."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from dash import dcc, html

from dashboard import figures, ids
from dashboard.components import CHANCAY_JOB_METRICS, Claims, Panel, card, claims_by_chart, csv_send, table
from dashboard.context import AppContext
from dashboard.data.query import distinct_chancay_facts, records
from dashboard.fmt import fmt_number
from dashboard.strings import current_lang, t, with_lang

QUALIFIERS = ("about", "more_than", "less_than", "projected")
COLUMNS = [
    "fact_id",
    "metric",
    "value",
    "unit",
    "qualifier",
    "period",
    "stated_by",
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
    cached = ctx.cache.chancay.get(current_lang())
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
    ctx.cache.chancay[current_lang()] = rows
    return rows


def _qualifier(q: str) -> str:
    return t("chancay.qualifier.exact") if q == "exact" else t(f"qualifier.{q}", default=q)


def _values(sub: pd.DataFrame, metric: str) -> pd.Series:
    """The stated values of one metric."""
    return sub[sub["metric"] == metric]["value"]


def _at(values: pd.Series, how: str) -> str:
    """The min, max or first of stated values, formatted ('–' when none is stated)."""
    if values.empty:
        return "–"
    return fmt_number(values.min() if how == "min" else values.max() if how == "max" else values.iloc[0])


def _jobs_summary(sub: pd.DataFrame) -> str:
    direct, total = _values(sub, "jobs_direct"), _values(sub, "jobs_total")
    return t(
        "chancay.summary.jobs",
        n=len(sub),
        k=sub["stated_by"].nunique(),
        lo=_at(direct, "min"),
        hi=_at(direct, "max"),
        total=_at(total, "max"),
    )


def _investment_summary(sub: pd.DataFrame) -> str:
    p1, tot = _values(sub, "investment_phase1"), _values(sub, "investment_total")
    return t(
        "chancay.summary.investment",
        p_lo=_at(p1, "min"),
        p_hi=_at(p1, "max"),
        t_lo=_at(tot, "min"),
        t_hi=_at(tot, "max"),
    )


def _capacity_summary(sub: pd.DataFrame) -> str:
    """Stated first-year throughput against the largest stated capacity, with the utilisation."""
    cap, thr = _values(sub, "capacity_containers"), _values(sub, "throughput_first_year")
    if cap.empty or thr.empty:
        return ""
    c = float(cap.max())
    return t(
        "chancay.summary.capacity",
        lo=fmt_number(thr.min()),
        hi=fmt_number(thr.max()),
        plo=fmt_number(thr.min() / c * 100),
        phi=fmt_number(thr.max() / c * 100),
        cap=fmt_number(c),
    )


def _transit_summary(sub: pd.DataFrame) -> str:
    days, saved = _values(sub, "transit_days_to_shanghai"), _values(sub, "transit_days_saved")
    return t("chancay.summary.transit", days=_at(days, "first"), saved=_at(saved, "first"))


@dataclass(frozen=True)
class ChancayChart:
    """One Chancay chart: the metrics it shows, how (each statement a point, or a range per metric) and its summary."""

    metrics: tuple[str, ...]
    draw: Callable[..., figures.Figure]
    axis: str
    summarise: Callable[[pd.DataFrame], str]

    def panel(self, key: str, rows: pd.DataFrame, claims: Claims = ()) -> Panel:
        """The chart card's content for the ledger rows of these metrics."""
        sub = rows[rows["metric"].isin(self.metrics)]
        title = t(f"{key.replace('_', '.')}.title")
        if sub.empty:
            return Panel(key, title, None, sub, t("chancay.empty"), claims, columns=COLUMNS, table=TABLE)
        fig = self.draw(
            sub,
            title=title,
            metrics={m: t(f"chancay.metric.{m}") for m in self.metrics},
            x_title=t(self.axis),
            qualifiers={q: t(f"qualifier.{q}") for q in QUALIFIERS},
        )
        return Panel(key, title, fig, sub, self.summarise(sub), claims, columns=COLUMNS, table=TABLE)


CHARTS: dict[str, ChancayChart] = {
    "chancay_jobs": ChancayChart(CHANCAY_JOB_METRICS, figures.statements_figure, "chancay.axis.jobs", _jobs_summary),
    "chancay_investment": ChancayChart(
        ("investment_phase1", "investment_total"), figures.range_figure, "chancay.axis.usd", _investment_summary
    ),
    "chancay_capacity": ChancayChart(
        ("capacity_containers", "throughput_first_year"),
        figures.statements_figure,
        "chancay.axis.teu",
        _capacity_summary,
    ),
    "chancay_transit": ChancayChart(
        ("transit_days_to_shanghai", "transit_days_saved"),
        figures.statements_figure,
        "chancay.axis.days",
        _transit_summary,
    ),
}
PANELS = tuple(CHARTS)


def panel_for(ctx: AppContext, key: str) -> Panel:
    """Build one Chancay panel."""
    return CHARTS[key].panel(key, facts(ctx), _claims(ctx))


def _claims(ctx: AppContext) -> Claims:
    """The claims the Chancay charts bear on."""
    return claims_by_chart(ctx.registry).get("chancay", [])


def ledger(rows: pd.DataFrame) -> html.Div:
    """Every statement as a row, with its source as a link."""
    head = html.Thead(html.Tr([html.Th(t(h), scope="col") for _, h in TABLE]))
    body = []
    for r in records(rows.sort_values(["metric", "value"])):
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
            html.Div([card(chart.panel(key, rows, claims)) for key, chart in CHARTS.items()], className="ex-panels"),
            html.H2(t("chancay.ledger")),
            ledger(rows),
            dcc.Link("← " + t("claims.back"), href=with_lang("/"), className="back-link"),
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
