"""One claim's page: the quote, the verdict and why, the evidence chart, the figures used, sensitivity, sources."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html

from dashboard import figures, ids, layout
from dashboard.claims import Claim, Result, claim_review
from dashboard.context import AppContext
from dashboard.pages.explore import TIMELINE_CATEGORIES
from dashboard.strings import t

CHANCAY_JOB_METRICS = ("jobs_direct", "jobs_indirect", "jobs_total", "jobs_local_construction")


def explore_href(claim: Claim) -> str:
    """Return the explorer URL with the claim's filter preset."""
    preset = {k: v for k, v in claim.preset.items() if v not in ("", None)}
    if claim.chart == "chancay":
        return "/chancay"
    return "/explore" + (f"?{urlencode(preset)}" if preset else "")


def claim_figure(ctx: AppContext, claim: Claim, result: Result, *, small: bool = False) -> go.Figure | None:
    """Build the evidence chart of a claim from the data (None when the claim has no chart)."""
    builder = _BUILDERS.get(claim.chart)
    if builder is None:
        return None
    fig = builder(ctx, claim, result)
    if small:
        fig.update_xaxes(nticks=5, tickangle=0)
        fig.update_layout(title_text="", height=230, showlegend=False, margin={"l": 40, "r": 8, "t": 8, "b": 28})
    return fig


def _partners(ctx: AppContext, claim: Claim, result: Result) -> go.Figure:
    p = claim.params
    years = list(range(int(p["end_year"]) - int(p["years"]) + 1, int(p["end_year"]) + 1))
    rows = [s for s in result.sensitivity if s["flow"] == p["flow"]]
    what = {"export": t("flow.export_market"), "import": t("flow.import_source"), "trade": t("flow.trading_partner")}
    return figures.leader_strip_figure(
        rows,
        years=years,
        title=t("claims.chart.leader.short", what=what[p["flow"]]),
        target=p["partner"],
        row_labels={f: t(f"family.short.{f}") for f in ("peru", "factbook", "china", "baci", "other")},
    )


def _obs_figure(
    ctx: AppContext,
    rows: pd.DataFrame,
    group: pd.Series,
    names: dict[str, str],
    title: str,
    y_title: str,
    years: list[int] | None = None,
) -> go.Figure:
    frame = rows.assign(_group=group)
    return figures.evidence_figure(
        frame,
        group="_group",
        groups=names,
        title=title,
        y_title=y_title,
        years=years,
        publishers=ctx.publishers,
        labels=ctx.labels,
    )


def _trade(ctx: AppContext, claim: Claim, result: Result) -> go.Figure:
    obs = ctx.data.observations
    p = claim.params
    rows = obs[
        (obs["source_family"] == "peru")
        & (obs["peru_flow"] == p["flow"])
        & (obs["product"] == "TOTAL")
        & (obs["measure"] == "value")
        & (obs["unit"] == "USD million")
        & obs["peru_partner"].isin([p["partner"], p["benchmark"]])
    ]
    names = {p["partner"]: t(f"partner.{p['partner']}"), p["benchmark"]: t("partner.WLD.label")}
    preset = claim.preset
    years = list(range(int(preset.get("from", 2010)), int(preset.get("to", 2024)) + 1))
    return _obs_figure(ctx, rows, rows["peru_partner"], names, t("claims.chart.trade"), t("axis.usd_m"), years)


def _products(ctx: AppContext, claim: Claim, result: Result) -> go.Figure:
    obs = ctx.data.observations
    p = claim.params
    codes = list(p.get("products", [])) + list(p.get("groups", []))
    rows = obs[
        obs["product"].isin(codes)
        & (obs["measure"] == "value")
        & (obs["unit"] == "USD million")
        & (obs["peru_flow"] == "export")
    ]
    names = {}
    products = ctx.data.products.set_index("code")["name"]
    for code in codes:
        for family in ("peru", "china"):
            key = f"{code}|{family}"
            if ((rows["product"] == code) & (rows["source_family"] == family)).any():
                names[key] = f"{products.get(code, code)} ({t(f'family.short.{family}')})"
    group = rows["product"] + "|" + rows["source_family"]
    preset = claim.preset
    years = list(range(int(preset.get("from", 2010)), int(preset.get("to", 2024)) + 1))
    return _obs_figure(ctx, rows, group, names, t("claims.chart.products"), t("axis.usd_m"), years)


def _tourists(ctx: AppContext, claim: Claim, result: Result) -> go.Figure:
    obs = ctx.data.observations
    rows = obs[obs["measure"] == claim.params["measure"]]
    return _obs_figure(
        ctx,
        rows,
        rows["measure"],
        {claim.params["measure"]: t("claims.chart.arrivals.series")},
        t("claims.chart.arrivals"),
        t("axis.visitors"),
    )


def _timeline(ctx: AppContext, claim: Claim, result: Result) -> go.Figure:
    preset = claim.preset
    years = [int(preset.get("from", 1960)), int(preset.get("to", 2024))]
    wanted = {i.get("event_id") for i in result.inputs}
    events = ctx.data.events
    cats = [c for c in TIMELINE_CATEGORIES if (events["category"] == c).any()]
    shown = events[events["category"].isin(cats) & ((events["country"] == "PER") | events["event_id"].isin(wanted))]
    return figures.timeline_figure(
        shown, title=t("claims.chart.timeline"), years=years, categories={c: t(f"explore.event.{c}") for c in cats}
    )


def _chancay(ctx: AppContext, claim: Claim, result: Result) -> go.Figure:
    metrics = [i["metric"] for i in result.inputs if "metric" in i] or list(CHANCAY_JOB_METRICS)
    metrics = list(dict.fromkeys(metrics))
    facts = ctx.data.chancay
    facts = facts[facts["duplicate_of"].fillna("") == ""]
    return figures.statements_figure(
        facts,
        title=t("claims.chart.chancay"),
        metrics={m: t(f"metric.{m}") for m in metrics},
        qualifiers={q: t(f"qualifier.{q}") for q in ("about", "more_than", "projected", "less_than")},
    )


_BUILDERS = {
    "partners": _partners,
    "trade": _trade,
    "products": _products,
    "tourists": _tourists,
    "timeline": _timeline,
    "chancay": _chancay,
}

INPUT_COLUMNS = [
    ("year", "claims.col.year"),
    ("date", "claims.col.date"),
    ("leader", "claims.col.leader"),
    ("basis", "claims.col.basis"),
    ("peru_partner", "claims.col.partner"),
    ("metric", "claims.col.metric"),
    ("event", "claims.col.event"),
    ("period", "claims.col.period"),
    ("measure", "claims.col.measure"),
    ("value", "claims.col.value"),
    ("unit", "claims.col.unit"),
    ("stated_by", "claims.col.stated_by"),
    ("kind", "claims.col.kind"),
    ("publisher", "claims.col.source"),
]


def inputs_table(ctx: AppContext, result: Result) -> html.Div:
    """Return the figures a verdict used, with their sources, as a table."""
    records = [
        {
            **i,
            "publisher": ctx.publishers.get(i.get("source_id", ""), ""),
            "kind": t(f"kind.{i['kind']}", default=i["kind"]) if i.get("kind") else "",
            "basis": t(f"basis.{i['basis']}") if i.get("basis") else "",
        }
        for i in result.inputs
    ]
    present = [(k, t(h)) for k, h in INPUT_COLUMNS if any(r.get(k) not in (None, "") for r in records)]
    return layout.records_table(records, present, caption=t("claims.inputs"))


def sensitivity_table(result: Result) -> html.Div | None:
    """Return how the verdict changes by source family and measure, or None for claims without such choices."""
    if not result.sensitivity:
        return None
    rows = []
    for s in result.sensitivity:
        label = t(f"family.{s['family']}") if "family" in s else s.get("part", "")
        measure = t(f"flow.{s['flow']}") if "flow" in s else ""
        detail = ""
        if "years_led" in s:
            detail = t("claims.sensitivity.detail", led=s["years_led"], known=s["years_known"])
            if s["weak_years"]:
                detail += "; " + t("claims.sensitivity.weak", years=", ".join(map(str, s["weak_years"])))
        rows.append({"label": label, "measure": measure, "verdict": t(f"verdict.{s['verdict']}"), "detail": detail})
    columns = [
        ("label", t("claims.col.source_family")),
        ("measure", t("claims.col.measure")),
        ("verdict", t("claims.col.verdict")),
        ("detail", t("claims.col.detail")),
    ]
    columns = [c for c in columns if any(r[c[0]] for r in rows)]
    return layout.records_table(rows, columns, caption=t("claims.sensitivity"))


def page(ctx: AppContext, claim_id: str) -> html.Div:
    """Return the page of one claim, or a 'no such claim' message for an unknown id."""
    claim = ctx.registry.get(claim_id)
    if claim is None:
        return html.Div(
            [html.H1(t("claims.not_found", id=claim_id[:80])), dcc.Link(t("claims.back"), href="/")],
            className="not-found",
        )
    result = ctx.results[claim.id]
    fig = claim_figure(ctx, claim, result)
    review = claim_review(claim, result, ctx.registry.article, url=f"/claims/{claim.id}")
    children: list[Any] = [
        dcc.Link("← " + t("claims.back"), href="/", className="back-link"),
        html.Blockquote(
            [
                html.P(f"“{claim.quote}”"),
                html.Footer(
                    [t("claims.paragraph", n=claim.paragraph)]
                    + ([" · ", t("claims.part", part=claim.part)] if claim.part else [])
                ),
            ],
            className="quote",
        ),
        html.Div(
            [layout.verdict_badge(result.verdict), html.Span(t(f"claims.kind.{claim.kind}"), className="kind")],
            className="verdict-row",
        ),
        html.H2(t("claims.explanation")),
        html.P(result.explanation, id=ids.CLAIM_EXPLANATION, className="explanation"),
        html.Details([html.Summary(t("claims.rule")), html.P(result.rule)], className="rule"),
    ]
    if result.settle:
        children += [html.H2(t("claims.settle")), html.P(result.settle)]
    if fig is not None:
        note = "claims.chart.leader.legend" if claim.chart == "partners" else "claims.chart.source"
        height = fig.layout.height if claim.chart == "partners" else None
        children.append(layout.chart_card(ids.CLAIM_CHART, fig, t(note, n=len(result.sources)), height=height))
    children.append(dcc.Link(t("claims.explore"), href=explore_href(claim), className="explore-link"))
    sens = sensitivity_table(result)
    if sens is not None:
        children.append(sens)
    children += [
        inputs_table(ctx, result),
        html.H2(t("claims.sources")),
        layout.source_links(result.sources, ctx.publishers, ctx.urls),
        html.Script(json.dumps(review, ensure_ascii=False), type="application/ld+json", id=ids.CLAIM_JSONLD),
    ]
    return html.Article(children, className="claim-page", id=ids.CLAIM_PAGE)
