"""The sources page: every source with owner, publisher, where read, kind, date, link, figures; coverage of series."""

from __future__ import annotations

from typing import Any

import pandas as pd
from dash import dcc, html

from dashboard import ids, layout
from dashboard.context import AppContext
from dashboard.data.bundle import ZIP_NAME, ZIP_PATH
from dashboard.data.query import COVERAGE_CODES, FIRST_YEAR, coverage, records
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


PAGE_SIZE = 25  # sources per page: a page of the table is a few hundred elements, drawn at once


def _source_row(ctx: AppContext, r: dict[str, Any]) -> html.Tr:
    """One source as a table row: owner, publisher, where read, title, kind in words, date, link, figures."""
    url = r["url"] if isinstance(r["url"], str) and r["url"] else ""
    link: Any = (
        html.A(t("sources.link"), href=url, target="_blank", rel="noopener noreferrer", title=url)
        if url
        else t("sources.no_link")
    )
    date = r["date"] if isinstance(r["date"], str) and r["date"] else t("sources.unknown_date")
    info = ctx.sources[r["source_id"]]
    cells = [
        info.owner or t("sources.no_owner"),
        info.publisher,
        info.read_at,
        r["title"] if isinstance(r["title"], str) else "",
        t(f"kind.{r['kind']}", default=str(r["kind"])),
        date,
        link,
        fmt_number(r["n_observations"]),
    ]
    # each cell carries its column's name: on a phone the rows stack as cards, each value under its name (style.css)
    labels = [t(f"sources.col.{k}") for k in COLUMNS]
    return html.Tr([html.Td(c, **layout.data_attrs(label=label)) for c, label in zip(cells, labels, strict=True)])


def n_pages(ctx: AppContext) -> int:
    """How many pages the sources table has."""
    return max(1, -(-len(ctx.data.sources) // PAGE_SIZE))


def sources_rows(ctx: AppContext, page_no: int) -> html.Table:
    """One page of the sources table (most figures first), with a caption saying which rows it shows."""
    src = ctx.data.sources.sort_values(["n_observations", "publisher"], ascending=[False, True])
    page_no = min(max(page_no, 0), n_pages(ctx) - 1)
    shown = src.iloc[page_no * PAGE_SIZE : (page_no + 1) * PAGE_SIZE]
    caption = t(
        "sources.page", lo=page_no * PAGE_SIZE + 1, hi=page_no * PAGE_SIZE + len(shown), n=len(src),
        page=page_no + 1, pages=n_pages(ctx),
    )
    head = html.Thead(html.Tr([html.Th(t(f"sources.col.{k}"), scope="col") for k in COLUMNS]))
    body = html.Tbody([_source_row(ctx, r) for r in records(shown)])
    return html.Table([html.Caption(caption), head, body], className="data-table stack-on-phone")


def turn_page(ctx: AppContext, page_no: object, step: int) -> tuple[html.Table, int, bool, bool]:
    """The sources table `step` pages from page_no: the table, its page number, whether back and on are disabled."""
    current = page_no if isinstance(page_no, int) else 0
    new = min(max(current + step, 0), n_pages(ctx) - 1)
    return sources_rows(ctx, new), new, new == 0, new == n_pages(ctx) - 1


def sources_table(ctx: AppContext) -> html.Div:
    """The first page of the sources table, buttons to turn pages, and the whole table as a file."""
    pager = html.Div(
        [
            html.Button(t("sources.prev"), id=ids.SOURCES_PREV, className="ex-button", type="button", disabled=True),
            html.Button(
                t("sources.next"), id=ids.SOURCES_NEXT, className="ex-button", type="button",
                disabled=n_pages(ctx) == 1,
            ),
            dcc.Store(id=ids.SOURCES_PAGE_NO, data=0),
        ],
        className="ex-actions",
    )
    box = layout.scroll_box(sources_rows(ctx, 0), t("sources.table", n=len(ctx.data.sources)), ids.SOURCES_TABLE)
    return html.Div([box, pager], **layout.aria(live="polite"))


def _runs(codes: list[str]) -> list[tuple[int, int]]:
    """Runs of equal codes as (start, length)."""
    runs: list[tuple[int, int]] = []
    for i, code in enumerate(codes):
        if runs and codes[runs[-1][0]] == code:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((i, 1))
    return runs


def coverage_view(ctx: AppContext) -> html.Div:
    """The coverage grid (series by year, a run of years with the same code as one cell), a legend and a summary."""
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
        codes = [str(r[y]) for y in years]
        cells: list[Any] = [html.Th(r["series"], scope="row", className="cov-series")]
        for start, length in _runs(codes):
            code = codes[start]
            span = f"{years[start]}–{years[start + length - 1]}" if length > 1 else str(years[start])
            words = f"{r['series']}, {span}: {COVERAGE_CODES.get(code, code)}"
            cells.append(
                html.Td(
                    CODE_SHOWN.get(code, code), colSpan=length, className=f"cov {CODE_CLASS.get(code, '')}",
                    title=words,
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
            layout.scroll_box(table, t("sources.coverage.series"), ids.COVERAGE_TABLE),
        ]
    )


def page(ctx: AppContext) -> html.Div:
    """Return the sources page."""
    return html.Div(
        [
            html.H1(t("sources.heading")),
            html.P(t("sources.intro"), className="intro"),
            html.P(
                [
                    html.A(
                        t("sources.download", kb=fmt_number(round(len(ctx.data_zip) / 1024))),
                        href=ZIP_PATH, download=ZIP_NAME, className="download-link",
                    ),
                    " " + t("sources.download.what"),
                ],
                className="download",
            ),
            html.H2(t("sources.coverage", lo=FIRST_YEAR, hi=ctx.latest_year)),
            coverage_view(ctx),
            html.H2(t("sources.table", n=len(ctx.data.sources))),
            sources_table(ctx),
        ],
        id=ids.SOURCES_PAGE,
        className="sources-page",
    )
