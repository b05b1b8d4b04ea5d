"""The evidence chart of a claim, drawn from the data: shared by the home page's cards and each claim's page."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from dashboard import figures
from dashboard.claims import Claim, Result, flow_role
from dashboard.context import AppContext
from dashboard.data.query import distinct_chancay_facts, select
from dashboard.data.vocab import EVENT_CATEGORIES as TIMELINE_CATEGORIES
from dashboard.data.vocab import NON_ANNUAL
from dashboard.names import product as product_name
from dashboard.strings import t

CHANCAY_JOB_METRICS = ("jobs_direct", "jobs_indirect", "jobs_total", "jobs_local_construction")


def claim_figure(ctx: AppContext, claim: Claim, result: Result, *, small: bool = False) -> figures.Figure | None:
    """Build the evidence chart of a claim from the data (None when the claim has no chart)."""
    builder = _BUILDERS.get(claim.chart)
    if builder is None:
        return None
    if small:
        return _small(ctx, claim, result)
    return builder(ctx, claim, result)


def _small(ctx: AppContext, claim: Claim, result: Result) -> figures.Figure:
    """A card's chart, legible at card size: bars of statements become a dot range per metric, the leader grid marks
    China with ● (other partners ≠), and a one-line caption gives the units or the key."""
    if claim.chart == "chancay":
        fig = _chancay_range(ctx, claim, result)
        return figures.compact(fig, figures.axis_caption(fig))
    fig = _BUILDERS[claim.chart](ctx, claim, result)
    if claim.chart == "partners":
        return figures.compact(fig, t("claims.chart.leader.key"))
    return figures.compact(fig, figures.axis_caption(fig) or t(f"claims.chart.small.{claim.chart}"))


def _preset_years(ctx: AppContext, claim: Claim, first: int = 2010) -> list[int]:
    """The years of the claim's explorer preset (to the data's latest year when the preset leaves it open)."""
    preset = claim.preset
    return list(range(int(preset.get("from", first)), int(preset.get("to", ctx.latest_year)) + 1))


def _partners(ctx: AppContext, claim: Claim, result: Result) -> figures.Figure:
    p = claim.params
    years = list(range(int(p["first_year"]), int(p["end_year"]) + 1))
    rows = [s for s in result.sensitivity if s["flow"] == p["flow"] and "family" in s]
    rows = [s for s in rows if any(s["by_year"].values())]  # a family with no figure in any year: no blank row
    return figures.leader_strip_figure(
        rows,
        years=years,
        title=t("claims.chart.leader.short", what=flow_role(p["flow"])),
        target=p["partner"],
        row_labels={str(s["family"]): t(f"family.short.{s['family']}", default=str(s["family"])) for s in rows},
        target_mark="●",  # a three-letter code overflowed the cells of a phone-wide chart
    )


def _obs_figure(
    ctx: AppContext,
    rows: pd.DataFrame,
    group: pd.Series,
    names: dict[str, str],
    title: str,
    y_title: str,
    years: list[int] | None = None,
    colours: dict[str, str] | None = None,
) -> figures.Figure:
    frame = rows.assign(_group=group)
    # an annual axis holds annual figures: a ten-year cumulative total at its last year would read as that year's
    frame = frame[~frame["period_kind"].isin(NON_ANNUAL)]
    return figures.evidence_figure(
        frame,
        group="_group",
        groups=names,
        title=title,
        y_title=y_title,
        years=years,
        publishers=ctx.hover_publishers,
        labels=ctx.labels,
        colours=colours,
    )


def _usd(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows in US$ million."""
    return rows[rows["unit"] == "USD million"]


def _trade(ctx: AppContext, claim: Claim, result: Result) -> figures.Figure:
    p = claim.params
    rows = select(
        ctx.data.observations,
        source_family="peru",
        peru_flow=p["flow"],
        product="TOTAL",
        measure="value",
        peru_partner=[p["partner"], p["benchmark"]],
        status=None,
    )
    rows = _usd(rows)
    names = {p["partner"]: t(f"partner.{p['partner']}"), p["benchmark"]: t("partner.WLD.label")}
    years = _preset_years(ctx, claim)
    return _obs_figure(ctx, rows, rows["peru_partner"], names, t("claims.chart.trade"), t("axis.usd_m"), years,
                       colours=figures.partner_colours(names))  # each partner in its colour, as in every chart


def _products(ctx: AppContext, claim: Claim, result: Result) -> figures.Figure:
    p = claim.params
    codes = list(p.get("products", [])) + list(p.get("groups", []))
    rows = _usd(select(ctx.data.observations, product=codes, measure="value", peru_flow="export", status=None))
    names = {}
    products = ctx.data.products.set_index("code")["name"]
    for code in codes:
        for family in ("peru", "china"):
            key = f"{code}|{family}"
            if not select(rows, product=code, source_family=family, status=None).empty:
                name = product_name(code, str(products.get(code, code)))
                names[key] = f"{name} ({t(f'family.short.{family}')})"
    group = rows["product"] + "|" + rows["source_family"]
    years = _preset_years(ctx, claim)
    return _obs_figure(ctx, rows, group, names, t("claims.chart.products"), t("axis.usd_m"), years)


def _tourists(ctx: AppContext, claim: Claim, result: Result) -> figures.Figure:
    rows = select(ctx.data.observations, measure=claim.params["measure"], status=None)
    return _obs_figure(
        ctx,
        rows,
        rows["measure"],
        {claim.params["measure"]: t("claims.chart.arrivals.series")},
        t("claims.chart.arrivals"),
        t("axis.visitors"),
    )


def _timeline(ctx: AppContext, claim: Claim, result: Result) -> figures.Figure:
    years = _preset_years(ctx, claim, first=1960)
    wanted = {i.get("event_id") for i in result.inputs}
    events = ctx.data.events
    cats = [c for c in TIMELINE_CATEGORIES if (events["category"] == c).any()]
    shown = events[events["category"].isin(cats) & ((events["country"] == "PER") | events["event_id"].isin(wanted))]
    return figures.timeline_figure(
        shown,
        title=t("claims.chart.timeline"),
        years=[years[0], years[-1]],
        categories={c: t(f"explore.event.{c}") for c in cats},
    )


def _chancay(ctx: AppContext, claim: Claim, result: Result) -> figures.Figure:
    metrics = [i["metric"] for i in result.inputs if "metric" in i] or list(CHANCAY_JOB_METRICS)
    metrics = list(dict.fromkeys(metrics))
    return figures.statements_figure(
        distinct_chancay_facts(ctx.data.chancay),
        title=t("claims.chart.chancay"),
        metrics={m: t(f"metric.{m}") for m in metrics},
        qualifiers={q: t(f"qualifier.{q}") for q in ("about", "more_than", "projected", "less_than")},
    )


def _chancay_range(ctx: AppContext, claim: Claim, result: Result) -> figures.Figure:
    metrics = [i["metric"] for i in result.inputs if "metric" in i] or list(CHANCAY_JOB_METRICS)
    return figures.range_figure(
        distinct_chancay_facts(ctx.data.chancay),
        title="",
        metrics={m: t(f"metric.{m}") for m in dict.fromkeys(metrics)},
        x_title=t("claims.chart.chancay.range"),
        qualifiers={q: t(f"qualifier.{q}") for q in ("about", "more_than", "projected", "less_than")},
    )


_BUILDERS: dict[str, Callable[[AppContext, Claim, Result], figures.Figure]] = {
    "partners": _partners,
    "trade": _trade,
    "products": _products,
    "tourists": _tourists,
    "timeline": _timeline,
    "chancay": _chancay,
}
