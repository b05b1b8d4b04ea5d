"""One claim's page: the quote, the verdict and why, the evidence chart, the figures used, sensitivity, sources."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from dash import dcc, html

from dashboard import figures, ids, layout
from dashboard.claims import Claim, Result, claim_review
from dashboard.claims.text import partner_name
from dashboard.components import claim_figure, short
from dashboard.context import AppContext
from dashboard.strings import t, with_lang


def explore_href(claim: Claim) -> str:
    """Return the explorer URL with the claim's filter preset."""
    preset = {k: v for k, v in claim.preset.items() if v not in ("", None)}
    if claim.chart == "chancay":
        return with_lang("/chancay")
    return with_lang("/explore" + (f"?{urlencode(preset)}" if preset else ""))


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
            **{k: partner_name(str(i[k])) for k in ("peru_partner", "leader") if i.get(k)},
            **({"metric": t(f"metric.{i['metric']}", default=str(i["metric"]))} if i.get("metric") else {}),
        }
        for i in result.inputs
    ]
    present = [(k, t(h)) for k, h in INPUT_COLUMNS if any(r.get(k) not in (None, "") for r in records)]
    return layout.records_table(records, present, caption=t("claims.inputs"))


def part_label(ctx: AppContext, part: str) -> str:
    """A part of a claim in words: a product's name for an HS code, an event category's words, else the text."""
    products = ctx.data.products
    names = dict(zip(products["code"].astype(str), products["name"].astype(str), strict=True))
    return names.get(part) or t(f"event.{part}", default=part)


def sensitivity_table(ctx: AppContext, result: Result) -> html.Div | None:
    """Return how the verdict changes by source family and measure, or None for claims without such choices."""
    if not result.sensitivity:
        return None
    rows: list[dict[str, object]] = []
    for s in result.sensitivity:
        label = t(f"family.{s['family']}", default=s["family"]) if "family" in s else part_label(ctx, s.get("part", ""))
        measure = t(f"flow.{s['flow']}") if "flow" in s else ""
        detail = ""
        if "years_led" in s:
            detail = t("claims.sensitivity.detail", led=s["years_led"], known=s["years_known"])
            if s["weak_years"]:
                detail += "; " + t("claims.sensitivity.weak", years=", ".join(map(str, s["weak_years"])))
        rows.append({"label": label, "measure": measure, "verdict": t(f"verdict.{s['verdict']}"), "detail": detail})
    families = sum("family" in s for s in result.sensitivity)
    first = "source_family" if families == len(result.sensitivity) else "part" if not families else "variant"
    columns = [
        ("label", t(f"claims.col.{first}")),
        ("measure", t("claims.col.measure")),
        ("verdict", t("claims.col.verdict")),
        ("detail", t("claims.col.detail")),
    ]
    columns = [c for c in columns if any(r[c[0]] for r in rows)]
    return layout.records_table(rows, columns, caption=t("claims.sensitivity"))


def page(ctx: AppContext, claim_id: str) -> html.Div | html.Article:
    """Return the page of one claim, or a 'no such claim' message for an unknown id."""
    claim = ctx.registry.get(claim_id)
    if claim is None:
        return html.Div(
            [html.H1(t("claims.not_found", id=claim_id[:80])), dcc.Link(t("claims.back"), href=with_lang("/"))],
            className="not-found",
        )
    result = ctx.results[claim.id]
    fig = claim_figure(ctx, claim, result)
    review = claim_review(claim, result, ctx.registry.article, base_url=ctx.base_url, source_dates=ctx.source_dates)
    children: list[Any] = [
        dcc.Link("← " + t("claims.back"), href=with_lang("/"), className="back-link"),
        html.H1(t("claims.page.heading", text=short(t(f"claim.quote.{claim.id}"), 80)), className="claim-heading"),
        layout.quote_block(
            claim.id,
            claim.quote,
            "quote",
            [
                html.Footer(
                    [t("claims.paragraph", n=claim.paragraph)]
                    + ([" · ", layout.claim_part(claim.id, claim.part)] if claim.part else [])
                )
            ],
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
        figures.wrap_title(fig)  # a phone's chart is ~40 characters wide: an unwrapped title was cut off
        height = fig.layout.height if claim.chart == "partners" else None
        publishers = [ctx.publishers.get(s, "") for s in result.sources]
        cite = layout.cite_line(short(t(f"claim.quote.{claim.id}"), 80), publishers)
        children.append(
            layout.chart_card(ids.CLAIM_CHART, fig, t(note, n=len(result.sources)), height=height, cite=cite)
        )
    children.append(dcc.Link(t("claims.explore"), href=explore_href(claim), className="explore-link"))
    sens = sensitivity_table(ctx, result)
    if sens is not None:
        children.append(sens)
    children += [
        inputs_table(ctx, result),
        html.H2(t("claims.sources")),
        layout.source_links(result.sources, ctx.publishers, ctx.urls),
        html.Script(json.dumps(review, ensure_ascii=False), type="application/ld+json", id=ids.CLAIM_JSONLD),
    ]
    return html.Article(children, className="claim-page", id=ids.CLAIM_PAGE)
