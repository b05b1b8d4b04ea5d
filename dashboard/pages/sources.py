"""The sources page: every source with owner, publisher, where read, kind, date, link, figures; coverage of series."""

from __future__ import annotations

from typing import Any

import pandas as pd
from dash import html

from dashboard import ids, layout
from dashboard.context import AppContext
from dashboard.data.query import COVERAGE_CODES, FIRST_YEAR, coverage
from dashboard.fmt import fmt_number
from dashboard.strings import t

CODE_CLASS = {"F": "cov-f", "P": "cov-p", "D": "cov-d", "B": "cov-b", ".": "cov-none"}
COLUMNS = ("owner", "publisher", "read_at", "title", "kind", "date", "link", "n")
CODE_SHOWN = {"F": "F", "P": "P", "D": "D", "B": "B", ".": "·"}


def coverage_table(ctx: AppContext) -> pd.DataFrame:
    """Coverage codes of the key series by year, computed once and kept in ctx.cache.coverage."""
    if ctx.cache.coverage is None:
        ctx.cache.coverage = coverage(ctx.data.observations, ctx.latest_year)
    return ctx.cache.coverage


def sources_table(ctx: AppContext) -> html.Div:
    """Every source as a row: owner, publisher, where read, title, kind in words, date, link, number of figures."""
    src = ctx.data.sources.sort_values(["n_observations", "publisher"], ascending=[False, True])
    head = html.Thead(
        html.Tr(
            [html.Th(t(f"sources.col.{k}"), scope="col") for k in COLUMNS]
        )
    )
    body = []
    for r in src.to_dict("records"):
        url = r["url"] if isinstance(r["url"], str) and r["url"] else ""
        link: Any = (
            html.A(t("sources.link"), href=url, target="_blank", rel="noopener noreferrer", title=url)
            if url
            else t("sources.no_link")
        )
        date = r["date"] if isinstance(r["date"], str) and r["date"] else t("sources.unknown_date")
        title = r["title"] if isinstance(r["title"], str) else ""
        info = ctx.sources[r["source_id"]]
        body.append(
            html.Tr(
                [
                    html.Td(info.owner or t("sources.no_owner")),
                    html.Td(info.publisher),
                    html.Td(info.read_at),
                    html.Td(title),
                    html.Td(t(f"kind.{r['kind']}", default=str(r["kind"]))),
                    html.Td(date),
                    html.Td(link),
                    html.Td(fmt_number(r["n_observations"])),
                ]
            )
        )
    table = html.Table([html.Caption(t("sources.table", n=len(src))), head, html.Tbody(body)], className="data-table")
    return html.Div(table, className="table-wrap", id=ids.SOURCES_TABLE)


def coverage_view(ctx: AppContext) -> html.Div:
    """The coverage grid (series by year) with a legend in words and a one-line summary."""
    cov = coverage_table(ctx)
    years = [c for c in cov.columns if c != "series"]
    head = html.Thead(
        html.Tr(
            [html.Th(t("sources.coverage.series"), scope="col")]
            + [html.Th(str(y)[2:], scope="col", title=str(y)) for y in years]
        )
    )
    body = []
    for r in cov.to_dict("records"):
        cells: list[Any] = [html.Th(r["series"], scope="row", className="cov-series")]
        for y in years:
            code = r[y]
            words = f"{r['series']}, {y}: {COVERAGE_CODES.get(code, code)}"
            cells.append(
                html.Td(
                    CODE_SHOWN.get(code, code),
                    className=f"cov {CODE_CLASS.get(code, '')}",
                    title=words,
                    **layout.aria(label=words),
                )
            )
        body.append(html.Tr(cells))
    codes = [r[y] for r in cov.to_dict("records") for y in years]
    summary = t("sources.coverage.summary", n=len(cov), f=codes.count("F"), cells=len(codes), gaps=codes.count("."))
    legend = html.Ul(
        [html.Li(t(f"sources.coverage.{c}"), className=f"cov-legend {CODE_CLASS[c]}") for c in CODE_CLASS],
        className="cov-legend-list",
        **layout.aria(label=t("sources.coverage.legend")),
    )
    table = html.Table([head, html.Tbody(body)], className="data-table coverage-table")
    return html.Div(
        [
            html.P(t("sources.coverage.intro")),
            html.P(summary, className="ex-summary"),
            legend,
            html.Div(table, className="table-wrap", id=ids.COVERAGE_TABLE),
        ]
    )


def page(ctx: AppContext) -> html.Div:
    """Return the sources page."""
    return html.Div(
        [
            html.H1(t("sources.heading")),
            html.P(t("sources.intro"), className="intro"),
            html.H2(t("sources.coverage", lo=FIRST_YEAR, hi=ctx.latest_year)),
            coverage_view(ctx),
            html.H2(t("sources.table", n=len(ctx.data.sources))),
            sources_table(ctx),
        ],
        id=ids.SOURCES_PAGE,
        className="sources-page",
    )
