"""The explorer: Peru–China trade, partners, products, BACI destinations and milestones, its state in the URL."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html, no_update

from dashboard import figures, ids, layout, urlstate
from dashboard.context import AppContext
from dashboard.data.vocab import FAMILY_ORDER, NON_ANNUAL, STATUSES
from dashboard.strings import t
from dashboard.urlstate import ExploreState

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
    "source_id",
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
UNIT_MEASURE = {"usd": ("value", "USD million"), "share": ("share", "percent"), "tonnes": ("volume", "tonnes")}
TIMELINE_CATEGORIES = (
    "diplomatic_relations",
    "partnership",
    "fta",
    "fta_upgrade",
    "bri",
    "chancay",
    "fraternity_day",
    "protocol",
    "other",
)
# Milestones drawn as vertical lines on the time charts: (event_id, label key).
KEY_EVENTS = (
    ("2009-04-28-per-fta", "explore.mark.fta"),
    ("2013-per-partnership", "explore.mark.partnership"),
    ("2019-04-25-per-bri", "explore.mark.bri"),
    ("2024-11-14-per-chancay", "explore.mark.chancay"),
)
BACI_DEFAULT = "2603"
# Which source families each chart draws, by the `source` parameter.
FAMILIES = {
    "trade": {"preferred": ("peru", "china"), "all": FAMILY_ORDER, "peru": ("peru",), "china": ("china",)},
    "partners": {"preferred": ("peru", "factbook"), "all": FAMILY_ORDER, "peru": ("peru",), "china": ()},
    "products": {"preferred": ("peru", "china", "baci"), "all": FAMILY_ORDER, "peru": ("peru",), "china": ("china",)},
}
CONTROL_IDS = (
    ids.EX_FROM,
    ids.EX_TO,
    ids.EX_PRODUCT,
    ids.EX_PARTNER,
    ids.EX_FLOW,
    ids.EX_UNIT,
    ids.EX_SOURCE,
)


@dataclass(frozen=True)
class Panel:
    """One chart with what surrounds it: title, summary, data rows (for the CSV and the table), sources, claims."""

    key: str
    title: str
    figure: go.Figure | None
    rows: pd.DataFrame
    summary: str
    claims: Sequence[tuple[str, str]] = ()
    note: str = ""
    columns: Sequence[str] = field(default_factory=lambda: list(CSV_COLUMNS))
    table: Sequence[tuple[str, str]] = field(default_factory=lambda: list(TABLE_COLUMNS))


@dataclass(frozen=True)
class ExploreData:
    """What the explorer precomputes once: annotated observations, events, options, claims by chart."""

    obs: pd.DataFrame
    events: pd.DataFrame
    products: set[str]
    partners: set[str]
    years: tuple[int, int]
    product_names: dict[str, str]
    partner_names: dict[str, str]
    product_options: list[dict[str, str]]
    partner_options: list[dict[str, str]]
    baci_products: tuple[str, ...]
    claims: dict[str, list[tuple[str, str]]]
    marks: list[tuple[float, str]]


def prepare(ctx: AppContext) -> ExploreData:
    """Return the explorer's precomputed data, built on first use and kept in ctx.cache."""
    cached = ctx.cache.get("explore")
    if cached is not None:
        return cached
    with ctx.build_lock:  # built once, even when the warm-up thread and a request both ask first
        return ctx.cache.get("explore") or _prepare(ctx)


def _prepare(ctx: AppContext) -> ExploreData:
    """Build the explorer's precomputed data and keep it in ctx.cache."""
    data = ctx.data
    product_names = dict(zip(data.products["code"], data.products["name"], strict=True))
    partner_names = dict(zip(data.partners["code"], data.partners["name"], strict=True))
    raw = data.observations
    # Rejected figures are never drawn; multi-year totals, projections and 'other' periods are not annual figures.
    keep = [c for c in raw.columns if c in CSV_COLUMNS]  # only what the charts and the CSV use
    obs = raw.loc[(raw["status"] != "rejected") & ~raw["period_kind"].isin(NON_ANNUAL), keep]
    # vectorised lookups (dict maps, not a Python call per row): this runs once per figure at scale too
    obs = obs.assign(
        publisher=obs["source_id"].map(ctx.publishers).fillna(obs["source_id"]),
        url=obs["source_id"].map(ctx.urls).fillna(""),
        product_name=obs["product"].map(product_names).fillna(obs["product"]),
        partner_name=obs["peru_partner"].map(partner_names).fillna(obs["peru_partner"]),
        status_text=obs["status"].map({s: t(f"status.{s}") for s in STATUSES}),
    )
    events = data.events.copy()
    events["publisher"] = events["source_id"].map(lambda s: ctx.publishers.get(s, s))
    events["url"] = events["source_id"].map(lambda s: ctx.urls.get(s, ""))
    # the timeline reaches back to the 1960s: its years are valid too
    years = (int(min(obs["year"].min(), events["year"].min())), int(max(obs["year"].max(), events["year"].max())))
    baci = obs[obs["source_family"] == "baci"]
    baci_products = tuple(sorted(baci.loc[baci["peru_flow"] == "export", "product"].unique()))
    claims: dict[str, list[tuple[str, str]]] = {}
    for claim in ctx.registry.claims:
        claims.setdefault(claim.chart, []).append((claim.id, claim.quote))
    by_id = events.set_index("event_id")
    marks = []
    for event_id, key in KEY_EVENTS:
        if event_id in by_id.index:
            date = str(by_id.loc[event_id, "date"])
            month = int(date[5:7]) if len(date) >= 7 else 7
            marks.append((int(by_id.loc[event_id, "year"]) + (month - 1) / 12 - 0.5, t(key)))
    used = set(data.observations["product"])
    prepared = ExploreData(
        obs=obs,
        events=events,
        products=set(product_names),
        partners=set(partner_names),
        years=years,
        product_names=product_names,
        partner_names=partner_names,
        product_options=[
            {"label": f"{name} ({code})", "value": code}
            for code, name in product_names.items()
            if code in used or code == "TOTAL"
        ],
        partner_options=[
            {"label": f"{name} ({code})", "value": code}
            for code, name in sorted(partner_names.items(), key=lambda kv: kv[1])
            if code not in ("PER", "WLD")
        ],
        baci_products=baci_products,
        claims=claims,
        marks=marks,
    )
    ctx.cache["explore"] = prepared
    return prepared


# formatting


def fmt_value(value: float, unit: str) -> str:
    """Format a figure with its unit in words (US$ billion above 1,000 million)."""
    if unit == "USD million":
        if abs(value) >= 1000:
            return t("explore.fmt.usd_bn", v=f"{value / 1000:,.1f}")
        return t("explore.fmt.usd_m", v=f"{value:,.0f}" if abs(value) >= 10 else f"{value:,.1f}")
    if unit == "percent":
        return t("explore.fmt.percent", v=f"{value:,.1f}".removesuffix(".0"))
    if unit == "tonnes":
        if abs(value) >= 1_000_000:
            return t("explore.fmt.mt", v=f"{value / 1e6:,.2f}")
        return t("explore.fmt.t", v=f"{value:,.0f}")
    return f"{value:,.0f} {unit}"


def _years(state: ExploreState) -> list[int]:
    return list(range(state.from_year, state.to_year + 1))


def _in_range(rows: pd.DataFrame, state: ExploreState) -> pd.DataFrame:
    return rows[rows["year"].between(state.from_year, state.to_year)]


def _families(chart: str, source: str) -> dict[str, str]:
    return {f: t(f"family.short.{f}") for f in FAMILIES[chart][source]}


def _latest(rows: pd.DataFrame) -> pd.DataFrame:
    """Preferred full-year rows, one per (group), the latest year first."""
    full = rows[(rows["status"] == "preferred") & (rows["period_kind"] == "full_year")]
    return full.sort_values(["year", "obs_id"], ascending=[False, True])


def _unit_axis(unit: str) -> str:
    return t(f"explore.axis.{unit}")


def _label_rows(rows: pd.DataFrame, series: pd.Series) -> pd.DataFrame:
    return rows.assign(series=series)


# panels


def trade_panel(ex: ExploreData, state: ExploreState) -> Panel:
    """Peru–China trade over time: the chosen flow in the chosen unit, one line per source family."""
    measure, unit = UNIT_MEASURE[state.unit]
    fams = _families("trade", state.source)
    obs = ex.obs
    rows = obs[
        (obs["peru_partner"] == "CHN")
        & (obs["peru_flow"] == state.flow)
        & (obs["product"] == "TOTAL")
        & (obs["measure"] == measure)
        & (obs["unit"] == unit)
        & obs["source_family"].isin(list(fams))
    ]
    rows = _in_range(rows, state)
    flow = t(f"explore.flow.{state.flow}")
    title = t("explore.trade.title", flow=flow, unit=_unit_axis(state.unit), lo=state.from_year, hi=state.to_year)
    rows = _label_rows(rows, rows["source_family"].map(lambda f: fams.get(f, f)))
    if rows.empty:
        empty = t("explore.empty.trade", flow=flow, unit=_unit_axis(state.unit), lo=state.from_year, hi=state.to_year)
        return Panel("trade", title, None, rows, empty, ex.claims.get("trade", []))
    groups = {f: label for f, label in fams.items() if (rows["source_family"] == f).any()}
    fig = figures.evidence_figure(
        rows,
        group="source_family",
        groups=groups,
        title=title,
        y_title=_unit_axis(state.unit),
        years=_years(state),
        publishers={},
        labels=_labels(),
    )
    figures.add_event_lines(fig, ex.marks, lo=state.from_year, hi=state.to_year)
    parts = []
    for fam, label in groups.items():
        latest = _latest(rows[rows["source_family"] == fam])
        if not latest.empty:
            r = latest.iloc[0]
            parts.append(t("explore.summary.part", who=label, value=fmt_value(r["value"], unit), year=int(r["year"])))
    summary = t("explore.summary.trade", flow=flow, parts="; ".join(parts) or t("explore.summary.no_full_year"))
    return Panel("trade", title, fig, rows, summary, ex.claims.get("trade", []), note=t("explore.note.families"))


def partners_panel(ex: ExploreData, state: ExploreState) -> Panel:
    """Peru's destinations (or import sources) by year: the chosen partners' values or shares, with China's rank."""
    flow = state.flow if state.flow in ("export", "import") else "export"
    measure, unit = UNIT_MEASURE[state.unit]
    fams = _families("partners", state.source)
    obs = ex.obs
    base = obs[
        (obs["peru_flow"] == flow)
        & (obs["product"] == "TOTAL")
        & obs["source_family"].isin(list(fams))
        & (obs["peru_partner"] != "WLD")
    ]
    base = _in_range(base, state)
    rows = base[base["peru_partner"].isin(list(state.partners)) & (base["measure"] == measure) & (base["unit"] == unit)]
    what = t(f"explore.partners.{flow}")
    title = t("explore.partners.title", what=what, unit=_unit_axis(state.unit), lo=state.from_year, hi=state.to_year)
    key = rows["peru_partner"] + "|" + rows["source_family"]
    rows = _label_rows(rows, rows["partner_name"] + " (" + rows["source_family"].map(lambda f: fams.get(f, f)) + ")")
    claims = ex.claims.get("partners", [])
    if rows.empty:
        reason = t("explore.empty.partners.china") if not fams else ""
        empty = t(
            "explore.empty.partners", what=what, unit=_unit_axis(state.unit), lo=state.from_year, hi=state.to_year
        ) + (" " + reason if reason else "")
        return Panel("partners", title, None, rows, empty, claims)
    rows = rows.assign(_key=key)
    groups = {}
    for partner in state.partners:
        for fam, label in fams.items():
            k = f"{partner}|{fam}"
            if (rows["_key"] == k).any():
                groups[k] = f"{ex.partner_names.get(partner, partner)} ({label})"
    ranks_rows = _latest(base[(base["peru_partner"] == "CHN") & (base["measure"] == "rank")])
    ranks_rows = ranks_rows.assign(_f=ranks_rows["source_family"].map(list(fams).index)).sort_values(["year", "_f"])
    ranks = {int(y): int(v) for y, v in ranks_rows.drop_duplicates("year")[["year", "value"]].itertuples(index=False)}
    fig = figures.destinations_figure(
        rows,
        group="_key",
        groups=groups,
        ranks=ranks,
        rank_label=t("explore.rank.label"),
        title=title,
        y_title=_unit_axis(state.unit),
        years=_years(state),
        labels=_labels(),
    )
    figures.add_event_lines(fig, ex.marks, lo=state.from_year, hi=state.to_year)
    summary = _partners_summary(rows, ranks, state, flow, unit)
    rank_rows = ranks_rows.drop_duplicates("year").assign(series=t("explore.rank.series"))
    all_rows = pd.concat([rows.drop(columns="_key"), rank_rows.drop(columns="_f")], ignore_index=True)
    return Panel("partners", title, fig, all_rows, summary, claims, note=t("explore.note.rank"))


def _partners_summary(rows: pd.DataFrame, ranks: dict[int, int], state: ExploreState, flow: str, unit: str) -> str:
    parts = []
    china = _latest(rows[rows["peru_partner"] == "CHN"])
    if not china.empty:
        r = china.iloc[0]
        year = int(r["year"])
        parts.append(t(f"explore.summary.partners.{flow}", year=year, value=fmt_value(r["value"], unit)))
        others = _latest(rows[(rows["peru_partner"] != "CHN") & (rows["year"] == year)])
        others = others.sort_values("value", ascending=False).drop_duplicates("peru_partner")
        if not others.empty:
            o = others.iloc[0]
            parts.append(
                t("explore.summary.partners.next", partner=o["partner_name"], value=fmt_value(o["value"], unit))
            )
    led = sorted(y for y, r in ranks.items() if r == 1 and state.from_year <= y <= state.to_year)
    if ranks:
        parts.append(t("explore.summary.rank", n=len(led), known=len(ranks), lo=state.from_year, hi=state.to_year))
    return " ".join(parts) or t("explore.summary.no_full_year")


def composition_panel(ex: ExploreData, state: ExploreState) -> Panel:
    """Peru's exports to China by product in the latest year of the range that has product figures."""
    measure, unit = ("volume", "tonnes") if state.unit == "tonnes" else ("value", "USD million")
    fams = _families("products", state.source)
    obs = ex.obs
    rows = obs[
        (obs["peru_partner"] == "CHN")
        & (obs["peru_flow"] == "export")
        & ~obs["product"].isin(["TOTAL", "TOURISM"])
        & (obs["measure"] == measure)
        & (obs["unit"] == unit)
        & (obs["status"] == "preferred")
        & (obs["period_kind"] == "full_year")
        & obs["source_family"].isin(list(fams))
    ]
    rows = _in_range(rows, state)
    axis = t("explore.axis.usd") if unit == "USD million" else t("explore.axis.tonnes")
    claims = ex.claims.get("products", [])
    if rows.empty:
        title = t("explore.composition.title", year=state.to_year, unit=axis)
        empty = t("explore.empty.composition", lo=state.from_year, hi=state.to_year, unit=axis)
        return Panel("composition", title, None, rows, empty, claims)
    year = int(rows["year"].max())
    rows = rows[rows["year"] == year].drop_duplicates(["product", "source_family"])
    title = t("explore.composition.title", year=year, unit=axis)
    rows = _label_rows(rows, rows["product_name"] + " (" + rows["source_family"].map(lambda f: fams.get(f, f)) + ")")
    names = {c: _short(ex.product_names.get(c, c)) for c in rows["product"]}
    fig = figures.composition_figure(rows, names=names, families=fams, title=title, x_title=axis)
    top = rows.sort_values("value", ascending=False).iloc[0]
    summary = t(
        "explore.summary.composition",
        year=year,
        n=rows["product"].nunique(),
        name=top["product_name"],
        value=fmt_value(top["value"], unit),
        who=fams.get(top["source_family"], top["source_family"]),
    )
    if year < state.to_year:
        summary += " " + t("explore.summary.latest_year", year=year, hi=state.to_year)
    return Panel("composition", title, fig, rows, summary, claims, note=t("explore.note.overlap"))


def _short(name: str, n: int = 28) -> str:
    return name if len(name) <= n else name[: n - 1] + "…"


def _trend_panel(ex: ExploreData, state: ExploreState, key: str, measure: str, unit: str) -> Panel:
    fams = _families("products", state.source)
    obs = ex.obs
    rows = obs[
        (obs["peru_partner"] == "CHN")
        & (obs["peru_flow"] == "export")
        & obs["product"].isin(list(state.products))
        & (obs["measure"] == measure)
        & (obs["unit"] == unit)
        & obs["source_family"].isin(list(fams))
    ]
    rows = _in_range(rows, state)
    axis = t("explore.axis.usd") if unit == "USD million" else t("explore.axis.tonnes")
    names = ", ".join(ex.product_names.get(p, p) for p in state.products)
    title = t(f"explore.{key}.title", products=_short(names, 60), lo=state.from_year, hi=state.to_year)
    claims = ex.claims.get("products", [])
    rows = _label_rows(rows, rows["product_name"] + " (" + rows["source_family"].map(lambda f: fams.get(f, f)) + ")")
    if rows.empty:
        empty = t(f"explore.empty.{key}", products=names, lo=state.from_year, hi=state.to_year)
        return Panel(key, title, None, rows, empty, claims)
    rows = rows.assign(_key=rows["product"] + "|" + rows["source_family"])
    groups = {}
    for code in state.products:
        for fam, label in fams.items():
            if (rows["_key"] == f"{code}|{fam}").any():
                groups[f"{code}|{fam}"] = f"{_short(ex.product_names.get(code, code))} ({label})"
    fig = figures.evidence_figure(
        rows, group="_key", groups=groups, title=title, y_title=axis, years=_years(state), labels=_labels()
    )
    figures.add_event_lines(fig, ex.marks, lo=state.from_year, hi=state.to_year)
    parts = []
    for k, label in list(groups.items())[:4]:
        full = _latest(rows[rows["_key"] == k])
        if full.empty:
            parts.append(t("explore.summary.trend.none", name=label))
        elif len(full) == 1:
            r = full.iloc[0]
            parts.append(
                t("explore.summary.trend.one", name=label, year=int(r["year"]), value=fmt_value(r["value"], unit))
            )
        else:
            last, first = full.iloc[0], full.iloc[-1]
            parts.append(
                t(
                    "explore.summary.trend",
                    name=label,
                    y0=int(first["year"]),
                    v0=fmt_value(first["value"], unit),
                    y1=int(last["year"]),
                    v1=fmt_value(last["value"], unit),
                )
            )
    return Panel(key, title, fig, rows.drop(columns="_key"), " ".join(parts), claims, note=t("explore.note.families"))


def trend_value_panel(ex: ExploreData, state: ExploreState) -> Panel:
    """Each selected product's exports to China in US$ million, by source family."""
    return _trend_panel(ex, state, "trend_value", "value", "USD million")


def trend_volume_panel(ex: ExploreData, state: ExploreState) -> Panel:
    """Each selected product's exports to China in tonnes, by source family."""
    return _trend_panel(ex, state, "trend_volume", "volume", "tonnes")


def baci_commodity(ex: ExploreData, state: ExploreState) -> str:
    """The commodity of the BACI chart: the first selected product BACI covers, else copper ores."""
    return next((p for p in state.products if p in ex.baci_products), BACI_DEFAULT)


def baci_panel(ex: ExploreData, state: ExploreState) -> Panel:
    """Where one commodity of Peru's goes, from the CEPII BACI extract (2022–2024), with China's share."""
    code = baci_commodity(ex, state)
    name = ex.product_names.get(code, code)
    measure, unit = ("volume", "tonnes") if state.unit == "tonnes" else ("value", "USD million")
    obs = ex.obs
    rows = obs[
        (obs["source_family"] == "baci")
        & (obs["peru_flow"] == "export")
        & (obs["product"] == code)
        & (obs["measure"] == measure)
        & (obs["unit"] == unit)
    ]
    rows = _in_range(rows, state)
    share = state.unit == "share"
    axis = (
        t("explore.axis.share_listed")
        if share
        else (t("explore.axis.usd") if unit == "USD million" else t("explore.axis.tonnes"))
    )
    title = t("explore.baci.title", name=_short(name, 50), unit=axis)
    covered = ", ".join(f"{_short(ex.product_names.get(c, c), 24)} ({c})" for c in ex.baci_products)
    note = t("explore.note.baci", codes=covered)
    if code not in state.products:
        note = t("explore.note.baci_default", name=name) + " " + note
    if rows.empty:
        empty = t("explore.empty.baci", name=name, lo=state.from_year, hi=state.to_year)
        return Panel("baci", title, None, rows, empty, ex.claims.get("baci", []), note=note)
    totals = rows.groupby("year")["value"].transform("sum")
    rows = rows.assign(share_of_listed_percent=(rows["value"] / totals * 100).round(2))
    rows = _label_rows(rows, rows["partner_name"])
    plot = rows.assign(value=rows["share_of_listed_percent"]) if share else rows
    plot = plot.sort_values(["status", "obs_id"], key=lambda c: c != "preferred" if c.name == "status" else c)
    fig = figures.destination_bars_figure(
        plot[["year", "peru_partner", "partner_name", "value"]].rename(columns={"peru_partner": "partner"}),
        title=title,
        x_title=axis,
        target="CHN",
        target_mark=t("explore.baci.mark"),
    )
    year = int(rows["year"].max())
    latest = rows[rows["year"] == year].sort_values("value", ascending=False)
    china = latest[latest["peru_partner"] == "CHN"]
    top = latest.iloc[0]
    if china.empty:
        summary = t("explore.summary.baci.nochina", year=year, name=name, top=top["partner_name"])
    else:
        c = china.iloc[0]
        summary = t(
            "explore.summary.baci",
            year=year,
            name=name,
            share=f"{c['share_of_listed_percent']:.0f}",
            value=fmt_value(c["value"], unit),
            rank=int(latest["peru_partner"].tolist().index("CHN")) + 1,
            n=len(latest),
        )
    columns = [*CSV_COLUMNS, "share_of_listed_percent"]
    table = [*TABLE_COLUMNS[:5], ("share_of_listed_percent", "explore.col.share_listed"), *TABLE_COLUMNS[5:]]
    return Panel("baci", title, fig, rows, summary, ex.claims.get("baci", []), note=note, columns=columns, table=table)


EVENT_COLUMNS = [
    "event_id",
    "date",
    "year",
    "category",
    "country",
    "event",
    "source_id",
    "publisher",
    "url",
    "kind",
    "status",
]


def timeline_panel(ex: ExploreData, state: ExploreState) -> Panel:
    """Dated milestones of the relationship, with Latin American comparisons, within the year range."""
    ev = ex.events
    cats = [c for c in TIMELINE_CATEGORIES if (ev["category"] == c).any()]
    rows = ev[ev["category"].isin(cats) & ev["year"].between(state.from_year, state.to_year)].sort_values("date")
    rows = rows.assign(status="", series=rows["category"].map(lambda c: t(f"explore.event.{c}")))
    title = t("explore.timeline.title", lo=state.from_year, hi=state.to_year)
    table = [
        ("date", "explore.col.date"),
        ("series", "explore.col.series"),
        ("country", "explore.col.country"),
        ("event", "explore.col.event"),
        ("publisher", "explore.col.source"),
    ]
    claims = ex.claims.get("timeline", [])
    if rows.empty:
        empty = t("explore.empty.timeline", lo=state.from_year, hi=state.to_year)
        return Panel("timeline", title, None, rows, empty, claims, columns=EVENT_COLUMNS, table=table)
    fig = figures.timeline_figure(
        rows, title=title, years=_years(state), categories={c: t(f"explore.event.{c}") for c in cats}
    )
    first, last = rows.iloc[0], rows.iloc[-1]
    summary = t(
        "explore.summary.timeline", n=len(rows), d0=first["date"], e0=first["event"], d1=last["date"], e1=last["event"]
    )
    return Panel("timeline", title, fig, rows, summary, claims, columns=EVENT_COLUMNS, table=table)


PANELS: dict[str, Callable[[ExploreData, ExploreState], Panel]] = {
    "trade": trade_panel,
    "partners": partners_panel,
    "composition": composition_panel,
    "trend_value": trend_value_panel,
    "trend_volume": trend_volume_panel,
    "baci": baci_panel,
    "timeline": timeline_panel,
}


def _labels() -> dict[str, str]:
    keys = [f"kind.{k}" for k in ("OFF", "ASSOC", "NEWS", "CO", "FACTBOOK", "BACI", "DERIVED")]
    keys += [f"status.{s}" for s in STATUSES]
    return {k: t(k) for k in [*keys, "legend.partial", "legend.alternative"]}


# components


def source_line(rows: pd.DataFrame, limit: int = 8) -> html.P:
    """Return 'Sources:' and the publishers of the rows as links (first `limit`, then a count)."""
    seen: dict[str, str] = {}
    if not rows.empty:
        for publisher, url in rows[["publisher", "url"]].drop_duplicates("publisher").itertuples(index=False):
            seen[str(publisher)] = str(url or "")
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


def card(panel: Panel) -> html.Section:
    """Return a chart card: heading, summary, chart or empty state, sources, CSV, table toggle, claim links."""
    heading_id = f"ex-{panel.key}-heading"
    body: Any
    if panel.figure is None:
        body = html.P(panel.summary, className="ex-empty", role="status")
        summary = None
    else:
        body = dcc.Graph(id=ids.ex_graph(panel.key), figure=panel.figure, config=layout.GRAPH_CONFIG, className="chart")
        summary = html.P(panel.summary, className="ex-summary", id=f"ex-{panel.key}-summary")
    records = panel.rows.to_dict("records") if not panel.rows.empty else []
    claims = (
        html.P(
            [t("explore.claims") + " "]
            + [
                item
                for i, (cid, quote) in enumerate(panel.claims)
                for item in ([", "] if i else []) + [dcc.Link(_short(quote, 70), href=f"/claims/{cid}")]
            ],
            className="ex-claims",
        )
        if panel.claims
        else None
    )
    return html.Section(
        className="chart-card ex-card",
        id=f"ex-card-{panel.key}",
        **{"aria-labelledby": heading_id},
        children=[
            html.H2(panel.title, id=heading_id, className="ex-title"),
            summary,
            body,
            html.P(panel.note, className="ex-note") if panel.note else None,
            source_line(panel.rows),
            html.Div(
                [
                    html.Button(
                        t("explore.csv"),
                        id={"type": ids.EX_CSV, "chart": panel.key},
                        className="ex-button",
                        disabled=not records,
                        type="button",
                    ),
                    dcc.Download(id={"type": ids.EX_DOWNLOAD, "chart": panel.key}),
                    html.Span(t("explore.png"), className="ex-hint") if panel.figure is not None else None,
                ],
                className="ex-actions",
            ),
            html.Details(
                [
                    html.Summary(t("explore.table", n=len(records)), id={"type": ids.EX_TABLE, "chart": panel.key}),
                    # filled when opened (table_for), so that filter changes do not ship every table
                    html.Div(id={"type": ids.EX_TABLE_BOX, "chart": panel.key}),
                ],
                className="ex-table",
            )
            if records
            else None,
            claims,
        ],
    )


def csv_text(panel: Panel) -> str:
    """Return the rows behind a panel as CSV, with their source columns."""
    cols = [c for c in panel.columns if c in panel.rows.columns]
    return panel.rows[cols].to_csv(index=False)


# The state fields each panel depends on: a change elsewhere reuses the cached panel.
PANEL_DEPS = {
    "trade": ("from_year", "to_year", "flow", "unit", "source"),
    "partners": ("from_year", "to_year", "flow", "unit", "source", "partners"),
    "composition": ("from_year", "to_year", "unit", "source"),
    "trend_value": ("from_year", "to_year", "products", "source"),
    "trend_volume": ("from_year", "to_year", "products", "source"),
    "baci": ("from_year", "to_year", "products", "unit"),
    "timeline": ("from_year", "to_year"),
}
CACHE_SIZE = 512


def cached_panel(ctx: AppContext, key: str, state: ExploreState) -> tuple[Panel, html.Section]:
    """Return a panel and its card for a state, built once per distinct relevant part of the state."""
    cache = ctx.cache.setdefault("explore_panels", {})
    ck = (key, *(getattr(state, f) for f in PANEL_DEPS[key]))
    hit = cache.get(ck)
    if hit is None:
        with ctx.build_lock:
            panel = PANELS[key](prepare(ctx), state)
            hit = (panel, card(panel))
        if len(cache) >= CACHE_SIZE:
            cache.clear()
        cache[ck] = hit
    return hit


def build_panels(ctx: AppContext, state: ExploreState) -> list[Panel]:
    """Build (or reuse) every panel of the explorer for a state."""
    return [cached_panel(ctx, key, state)[0] for key in PANELS]


def cards(ctx: AppContext, state: ExploreState) -> list[html.Section]:
    """Return the chart cards of the explorer for a state."""
    return [cached_panel(ctx, key, state)[1] for key in PANELS]


def notice_items(notices: list[str]) -> list[Any]:
    """Return the notices as a heading and a list (empty when there is nothing to say)."""
    if not notices:
        return []
    return [html.P(t("explore.notice.heading"), className="ex-notice-heading"), html.Ul([html.Li(n) for n in notices])]


def control_id(name: str) -> dict[str, str]:
    """Pattern-matching id of a control (so the callback also runs, harmlessly, on pages without controls)."""
    return {"type": ids.EX_CTL, "name": name}


def dom_id(component_id: dict[str, str]) -> str:
    """The DOM id Dash gives a dict id (its keys sorted, compact JSON)."""
    return json.dumps(component_id, sort_keys=True, separators=(",", ":"))


def _control(label: str, name: str, component: Any) -> html.Div:
    return html.Div(
        [html.Label(label, htmlFor=dom_id(control_id(name)), className="ex-label"), component],
        className="ex-control",
        id=name,
    )


def _radios(name: str, values: tuple[str, ...], value: str) -> html.Fieldset:
    return html.Fieldset(
        [
            html.Legend(t(f"explore.ctl.{name.removeprefix('ex-')}"), className="ex-label"),
            dcc.RadioItems(
                id=control_id(name),
                options=[{"label": t(f"explore.opt.{v}"), "value": v} for v in values],
                value=value,
                inline=True,
                className="ex-radios",
            ),
        ],
        className="ex-control ex-fieldset",
        id=name,
    )


def controls(ex: ExploreData, state: ExploreState) -> html.Div:
    """Return the explorer's filters, set to a state."""
    year_options = [{"label": str(y), "value": y} for y in range(ex.years[0], ex.years[1] + 1)]
    return html.Div(
        [
            *(
                _control(
                    t(label),
                    name,
                    dcc.Dropdown(
                        id=control_id(name), options=year_options, value=value, clearable=False, searchable=True
                    ),
                )
                for label, name, value in (
                    ("explore.ctl.from", ids.EX_FROM, state.from_year),
                    ("explore.ctl.to", ids.EX_TO, state.to_year),
                )
            ),
            _control(
                t("explore.ctl.product"),
                ids.EX_PRODUCT,
                dcc.Dropdown(
                    id=control_id(ids.EX_PRODUCT), options=ex.product_options, value=list(state.products), multi=True
                ),
            ),
            _control(
                t("explore.ctl.partner"),
                ids.EX_PARTNER,
                dcc.Dropdown(
                    id=control_id(ids.EX_PARTNER), options=ex.partner_options, value=list(state.partners), multi=True
                ),
            ),
            _radios(ids.EX_FLOW, urlstate.FLOWS, state.flow),
            _radios(ids.EX_UNIT, urlstate.UNITS, state.unit),
            _radios(ids.EX_SOURCE, urlstate.SOURCES, state.source),
        ],
        className="ex-controls",
        role="group",
        **{"aria-label": t("explore.controls")},
    )


def parse(ctx: AppContext, search: str) -> tuple[ExploreState, list[str]]:
    """Parse a query string against the codes and years the data holds."""
    ex = prepare(ctx)
    return urlstate.parse(search, products=ex.products, partners=ex.partners, years=ex.years)


def page(ctx: AppContext, search: str) -> html.Div:
    """Return the explorer page for a query string (invalid parameters fall back with a notice)."""
    ex = prepare(ctx)
    state, notices = parse(ctx, search)
    return html.Div(
        [
            html.H1(t("explore.heading")),
            html.P(t("explore.intro"), className="intro"),
            html.Div(
                html.Div(
                    notice_items(notices), id={"type": ids.EX_NOTICE_BOX, "name": "notice"}, className="ex-notice"
                ),
                id=ids.EX_NOTICE,
                role="status",
            ),
            controls(ex, state),
            html.Div(
                [
                    # one box per chart: a filter change replaces only the boxes whose chart changed
                    html.Div(c, id={"type": ids.EX_CARD_BOX, "name": key}, className="ex-slot")
                    for key, c in zip(PANELS, cards(ctx, state), strict=True)
                ],
                id=ids.EX_PANELS,
                className="ex-panels",
            ),
        ],
        className="explore",
    )


def _search_from_controls(values: Sequence[Any]) -> str:
    """Build a query string from the controls' values, so the URL parser validates them."""
    lo, hi, products, partners, flow, unit, source = values

    def codes(v: Any) -> str:
        return ",".join(str(x) for x in v) if isinstance(v, list | tuple) else str(v or "")

    parts = {
        "from": lo,
        "to": hi,
        "product": codes(products),
        "partner": codes(partners),
        "flow": flow,
        "unit": unit,
        "source": source,
    }
    return "?" + "&".join(f"{k}={'' if v is None else v}" for k, v in parts.items() if v not in (None, "", []))


def control_values(state: ExploreState) -> list[Any]:
    """The controls' values for a state, in CONTROL_IDS order."""
    return [
        state.from_year,
        state.to_year,
        list(state.products),
        list(state.partners),
        state.flow,
        state.unit,
        state.source,
    ]


def respond(ctx: AppContext, triggered: Any, search: str | None, values: dict[str, Any]) -> list[Any]:
    """The explorer callback: controls, panels, URL search and notices for a URL change or a control change.

    values maps control ids (CONTROL_IDS) to their values; it is empty on pages without the explorer, and then
    nothing changes. A URL change (back/forward, a link) sets the controls from the URL and never writes the URL;
    a control change writes the URL only when it differs, and resets a control only when its value was corrected.
    Returns [control values in CONTROL_IDS order, cards in PANELS order, url search, notices].
    """
    if not values:
        return [[], [], no_update, []]
    search = search if isinstance(search, str) else ""
    name = triggered.get("name") if isinstance(triggered, dict) else None
    given = [values.get(i) for i in CONTROL_IDS]
    if name in CONTROL_IDS:
        before, _ = parse(ctx, search)  # the view on screen: the URL still describes it
        state, notices = parse(ctx, _search_from_controls(given))
        wanted = control_values(state)
        controls_out = [v if v != given[i] else no_update for i, v in enumerate(wanted)]
        new_search = urlstate.serialize(state)
        url = new_search if new_search != search else no_update
    else:
        before, _ = parse(ctx, _search_from_controls(given))  # the view on screen: the controls describe it
        state, notices = parse(ctx, search)
        controls_out = control_values(state)
        url = no_update
    return [controls_out, changed_cards(ctx, before, state), url, [notice_items(notices)]]


def changed_cards(ctx: AppContext, before: ExploreState, state: ExploreState) -> list[Any]:
    """Return the cards in PANELS order: a new card where its inputs changed, no_update (not redrawn) elsewhere."""
    return [
        cached_panel(ctx, key, state)[1]
        if any(getattr(before, f) != getattr(state, f) for f in PANEL_DEPS[key])
        else no_update
        for key in PANELS
    ]


def table(panel: Panel) -> html.Div:
    """Return the numbers behind a panel as a table."""
    records = panel.rows.to_dict("records") if not panel.rows.empty else []
    return layout.records_table(records, [(k, t(h)) for k, h in panel.table], caption=panel.title)


def table_for(ctx: AppContext, key: str, search: str | None) -> html.Div | None:
    """Return the table of one explorer panel for the URL's state (None for an unknown panel)."""
    if key not in PANELS:
        return None
    state, _ = parse(ctx, search if isinstance(search, str) else "")
    return table(cached_panel(ctx, key, state)[0])


def csv_download(ctx: AppContext, key: str, search: str | None) -> dict[str, Any] | None:
    """Return the CSV of one panel's rows for the Download component (None for an unknown panel)."""
    if key not in PANELS:
        return None
    state, _ = parse(ctx, search if isinstance(search, str) else "")
    panel = cached_panel(ctx, key, state)[0]
    return dcc.send_string(csv_text(panel), f"peru-china-{key}.csv", type="text/csv")


def panel_for(ctx: AppContext, key: str, search: str = "") -> Panel:
    """Build one panel for a query string (for tests and downloads)."""
    state, _ = parse(ctx, search)
    return PANELS[key](prepare(ctx), state)
