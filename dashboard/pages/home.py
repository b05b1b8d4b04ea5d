"""Home page: the article's claims as cards, each with its computed verdict, a small chart and its sources."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from dash import dcc, html

from dashboard import ids, layout
from dashboard.claims import VERDICTS, Claim
from dashboard.components import claim_figure
from dashboard.context import AppContext
from dashboard.strings import t, with_lang

MINI_CONFIG: Any = {"displayModeBar": False, "displaylogo": False, "staticPlot": True, "responsive": True}


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(])")


def lead(explanation: str, sentences: int = 2, limit: int = 320) -> str:
    """The first sentences of an explanation for a card (the claim page shows it whole), cut at limit characters."""
    parts = SENTENCE_END.split(explanation.strip())
    text = " ".join(parts[:sentences])
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    elif len(parts) > sentences:
        text += " …"
    return text


def claim_card(ctx: AppContext, claim: Claim) -> html.Article:
    """Return one claim as a card: quote, verdict badge, explanation, small chart, sources, link to details."""
    result = ctx.results[claim.id]
    fig = claim_figure(ctx, claim, result, small=True)
    chart = (
        dcc.Graph(id=ids.card_chart(claim.id), figure=fig, config=MINI_CONFIG, className="mini-chart")
        if fig is not None
        else None
    )
    return html.Article(
        [
            layout.quote_block(claim.id, claim.quote, "card-quote"),
            html.P(layout.claim_part(claim.id, claim.part), className="card-part") if claim.part else None,
            html.Div(
                [layout.verdict_badge(result.verdict), html.Span(t(f"claims.kind.{claim.kind}"), className="kind")],
                className="verdict-row",
            ),
            html.P(lead(result.explanation), className="card-explanation"),
            chart,
            html.Details(
                [
                    html.Summary(t("claims.sources") + f" ({len(result.sources)})"),
                    layout.source_links(result.sources, ctx.publishers, ctx.urls, limit=8),
                ]
            ),
            dcc.Link(t("claims.details"), href=with_lang(f"/claims/{claim.id}"), className="card-link"),
        ],
        className=f"claim-card verdict-{result.verdict}",
        id=ids.card(claim.id),
    )


def page(ctx: AppContext) -> html.Div:
    """Return the home page with every claim of the registry."""
    counts = Counter(r.verdict for r in ctx.results.values())
    summary = t("list.sep").join(
        t("claims.count.part", n=counts[v], verdict=t(f"verdict.{v}").lower()) for v in VERDICTS if counts[v]
    )
    return html.Div(
        [
            html.H1(t("claims.heading")),
            html.P(t("app.intro"), className="intro"),
            html.P(t("claims.count", n=len(ctx.registry.claims), summary=summary), className="summary"),
            html.Div([claim_card(ctx, c) for c in ctx.registry.claims], className="claim-grid", id=ids.CLAIM_GRID),
        ]
    )
