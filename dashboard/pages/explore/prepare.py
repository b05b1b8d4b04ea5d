"""The explorer's data, prepared once: annotated observations, events, options, claims by chart, milestones."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from dashboard import names
from dashboard.components import CSV_COLUMNS, claims_by_chart
from dashboard.context import AppContext
from dashboard.data.detail import Release, open_releases
from dashboard.data.query import python_strings, remember, select
from dashboard.data.vocab import NON_ANNUAL, STATUSES
from dashboard.strings import current_lang, t

# Milestones drawn as vertical lines on the time charts: (event_id, label key).
KEY_EVENTS = (
    ("2009-04-28-per-fta", "explore.mark.fta"),
    ("2013-per-partnership", "explore.mark.partnership"),
    ("2019-04-25-per-bri", "explore.mark.bri"),
    ("2024-11-14-per-chancay", "explore.mark.chancay"),
)


@dataclass(frozen=True)
class ExploreData:
    """What the explorer precomputes once: annotated observations, events, options, claims by chart."""

    obs: pd.DataFrame
    events: pd.DataFrame
    products: frozenset[str]
    partners: frozenset[str]
    years: tuple[int, int]
    latest: int  # the data's latest full year: the default end of the year range
    product_names: dict[str, str]
    product_levels: dict[str, str]  # code → total, section, chapter, heading, subheading or group
    product_parents: dict[str, str]  # code → the code one level up ('' at the top)
    partner_names: dict[str, str]
    product_options: list[dict[str, str]]
    partner_options: list[dict[str, str]]
    baci_products: tuple[str, ...]
    claims: dict[str, list[tuple[str, str]]]
    marks: list[tuple[float, str]]
    labels: dict[str, str]  # figure legend texts (ctx.labels)
    hover_sources: dict[str, str]  # short source labels for hovers, by source_id (ctx.hover_publishers)
    baci_detail: tuple[Release, ...] = ()  # imported BACI releases' HS6 detail on disk (queried on demand)
    baci_templates: dict[str, pd.Series] = field(default_factory=dict)  # release → one of its observation rows


def product_tree(products: pd.DataFrame, shown: set[str]) -> list[dict[str, str]]:
    """The product options in hierarchy order (section → chapter → heading → subheading, then groups), each
    indented by its depth under the options shown, so that a chapter's headings follow it."""
    parent = dict(zip(products["code"], products["parent"].fillna(""), strict=True))
    names = dict(zip(products["code"], products["name"], strict=True))

    def path(code: str) -> tuple[str, ...]:
        chain: list[str] = []
        while code and code not in chain and code != "TOTAL":
            chain.append(code)
            code = parent.get(code, "")
        return tuple(reversed(chain))

    order = sorted(shown & set(names), key=lambda c: (c != "TOTAL", not c[:1].isdigit() and c[:1] != "S", path(c)))
    return [{"label": "· " * sum(a in shown for a in path(c)[:-1]) + f"{names[c]} ({c})", "value": c} for c in order]


def prepare(ctx: AppContext) -> ExploreData:
    """Return the explorer's precomputed data in the current language, built on first use (ctx.cache.explore)."""
    cached = ctx.cache.explore.get(current_lang())
    if cached is not None:
        return cached
    with ctx.build_lock:  # built once, even when the warm-up thread and a request both ask first
        return ctx.cache.explore.get(current_lang()) or _prepare(ctx)


def _marks(events: pd.DataFrame) -> list[tuple[float, str]]:
    """The KEY_EVENTS the data holds, as (fractional year, label) for vertical lines."""
    by_id = events.set_index("event_id")
    marks = []
    for event_id, key in KEY_EVENTS:
        if event_id in by_id.index:
            date = str(by_id.loc[event_id, "date"])
            month = int(date[5:7]) if len(date) >= 7 else 7
            marks.append((int(by_id.loc[event_id, "year"]) + (month - 1) / 12 - 0.5, t(key)))
    return marks


def _templates(baci: pd.DataFrame, releases: tuple[Release, ...]) -> dict[str, pd.Series]:
    """For each imported release, one of its rows in the tidy tables: the source, publisher and kind its detail's
    rows carry (a release none of whose rows is in the tables is left out)."""
    out = {}
    for release in releases:
        mine = baci[baci["obs_id"].str.startswith(f"baci_imported_{release.release.lower()}-")]
        if not mine.empty:
            out[release.release] = mine.iloc[0]
    return out


def _prepare(ctx: AppContext) -> ExploreData:
    """Build the explorer's precomputed data and keep it in ctx.cache.explore."""
    data = ctx.data
    # names in the current language (English where none is held): the explorer's data is prepared per language
    product_names = {c: names.product(c, n) for c, n in zip(data.products["code"], data.products["name"], strict=True)}
    partner_names = {c: names.partner(c, n) for c, n in zip(data.partners["code"], data.partners["name"], strict=True)}
    raw = data.observations
    # Rejected figures are never drawn; multi-year totals, projections and 'other' periods are not annual figures.
    keep = [c for c in raw.columns if c in CSV_COLUMNS or c == "source_id"]  # what the charts and the CSV use
    obs = raw.loc[(raw["status"] != "rejected") & ~raw["period_kind"].isin(NON_ANNUAL), keep]
    # vectorised lookups (dict maps, not a Python call per row): this runs once per figure at scale too
    obs = obs.assign(
        publisher=obs["source_id"].map(ctx.publishers).fillna(""),  # a name, never the internal id
        url=obs["source_id"].map(ctx.urls).fillna(""),
        product_name=obs["product"].map(product_names).fillna(obs["product"]),
        partner_name=obs["peru_partner"].map(partner_names).fillna(obs["peru_partner"]),
        status_text=obs["status"].map({s: t(f"status.{s}") for s in STATUSES}),
    )
    obs = remember(python_strings(obs))  # never changed: each distinct selection of it is taken once
    events = data.events.copy()
    events["publisher"] = events["source_id"].map(lambda s: ctx.publishers.get(s, s))
    events["url"] = events["source_id"].map(lambda s: ctx.urls.get(s, ""))
    events = python_strings(events)  # taken and sorted on every range: one block of text, as the observations
    # the year slider spans the years with a trade figure (1992 on): the dated events before them (relations from
    # 1960, immigration from 1849) belong to their claims' pages, where a chart has something to draw beside them
    years = (int(obs["year"].min()), int(obs["year"].max()))
    baci = select(obs, source_family="baci", peru_flow="export", status=None)
    baci_products = tuple(sorted(baci["product"].unique()))
    detail = open_releases(data.data_dir)
    used = set(select(data.observations, peru_partner="CHN", status=None)["product"])  # the charts are Peru-China
    prepared = ExploreData(
        obs=obs,
        events=events,
        products=frozenset(product_names),
        partners=frozenset(partner_names),
        years=years,
        latest=ctx.latest_year,
        product_names=product_names,
        product_levels=dict(zip(data.products["code"], data.products["level"], strict=True)),
        product_parents=dict(zip(data.products["code"], data.products["parent"].fillna(""), strict=True)),
        partner_names=partner_names,
        product_options=product_tree(
            data.products.assign(name=data.products["code"].map(product_names)), used | {"TOTAL"}
        ),
        partner_options=[
            {"label": f"{name} ({code})", "value": code}
            for code, name in sorted(partner_names.items(), key=lambda kv: kv[1])
            if code not in ("PER", "WLD")
        ],
        baci_products=baci_products,
        claims=claims_by_chart(ctx.registry),
        marks=_marks(events),
        labels=ctx.labels,
        hover_sources=ctx.hover_publishers,
        baci_detail=detail,
        baci_templates=_templates(baci, detail),
    )
    ctx.cache.explore[current_lang()] = prepared
    return prepared
