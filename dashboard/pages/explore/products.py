"""Explorer panels of products and events: composition, trends by product, BACI destinations, the timeline."""

from __future__ import annotations

import pandas as pd

from dashboard import figures
from dashboard.components import CSV_COLUMNS, TABLE_COLUMNS, TIMELINE_CATEGORIES, Panel, short
from dashboard.data.query import select
from dashboard.figures.base import PALETTE
from dashboard.fmt import fmt_number, fmt_value
from dashboard.pages.explore.baci_detail import baci_export_rows
from dashboard.pages.explore.common import (
    BACI_DEFAULT,
    axis_title,
    by_family,
    families,
    ignores,
    in_range,
    latest,
    scale_axis,
    scaled,
    unit_axis,
    years_of,
)
from dashboard.pages.explore.composition import baci_chapter_rows, pick_layer, treemap_panel
from dashboard.pages.explore.prepare import ExploreData
from dashboard.strings import t
from dashboard.urlstate import ExploreState

NOTE_CODES = 16  # headings named in the BACI chart's note (the shipped extract covers 16)

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
EVENT_TABLE = [
    ("date", "explore.col.date"),
    ("series", "explore.col.series"),
    ("country", "explore.col.country"),
    ("event", "explore.col.event"),
    ("publisher", "explore.col.source"),
]


def _measure(state: ExploreState) -> tuple[str, str, str]:
    """Measure, unit and axis title of the product charts (tonnes, else US$ million)."""
    if state.unit == "tonnes":
        return "volume", "tonnes", t("explore.axis.tonnes")
    return "value", "USD million", t("explore.axis.usd")


def composition_panel(ex: ExploreData, state: ExploreState) -> Panel:
    """One year of trade with China by product: a database's treemap where one covers the range, else the ledger."""
    picked = pick_layer(ex, state)
    if picked is not None:
        return treemap_panel(ex, state, *picked)
    return ledger_composition_panel(ex, state)


def ledger_composition_panel(ex: ExploreData, state: ExploreState) -> Panel:
    """Peru's exports to China by product in the latest year of the range that has product figures (ledger bars)."""
    measure, unit, axis = _measure(state)
    fams = families("products", state.source)
    rows = select(
        ex.obs,
        peru_partner="CHN",
        peru_flow="export",
        measure=measure,
        status="preferred",
        period_kind="full_year",
        source_family=list(fams),
    )
    rows = in_range(rows[~rows["product"].isin(["TOTAL", "TOURISM"]) & (rows["unit"] == unit)], state)
    claims = ex.claims.get("products", [])
    if rows.empty:
        title = t("explore.composition.title", year=state.to_year, unit=axis)
        empty = t("explore.empty.composition", lo=state.from_year, hi=state.to_year, unit=axis)
        return Panel("composition", title, None, rows, empty, claims)
    year = int(rows["year"].max())
    rows = rows[rows["year"] == year].drop_duplicates(["product", "source_family"])
    title = t("explore.composition.title", year=year, unit=axis)
    rows = rows.assign(series=by_family(rows, rows["product_name"], fams))
    names = {c: short(ex.product_names.get(c, c)) for c in rows["product"]}
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
    line = ignores(state, flow="export", unit="usd" if state.unit == "share" else state.unit, scale="linear")
    return Panel("composition", title, fig, rows, summary, claims, note=t("explore.note.overlap"), ignores=line)


def _trend_summary(rows: pd.DataFrame, groups: dict[str, str], unit: str) -> str:
    """First and last preferred full-year figure of each of the first four series."""
    ordered = latest(rows)  # sorted once (a stable sort: each series' rows keep the order its own sort gives)
    by_key: dict[str, list[tuple[int, float]]] = {}
    for k, year, value in zip(ordered["_key"].tolist(), ordered["year"].tolist(), ordered["value"].tolist(),
                              strict=True):
        by_key.setdefault(k, []).append((int(year), value))
    parts = []
    for k, label in list(groups.items())[:4]:
        full = by_key.get(k, [])
        if not full:
            parts.append(t("explore.summary.trend.none", name=label))
        elif len(full) == 1:
            (year, value), = full
            parts.append(t("explore.summary.trend.one", name=label, year=year, value=fmt_value(value, unit)))
        else:
            (y1, v1), (y0, v0) = full[0], full[-1]
            parts.append(
                t("explore.summary.trend", name=label, y0=y0, v0=fmt_value(v0, unit), y1=y1, v1=fmt_value(v1, unit))
            )
    return " ".join(parts)


def share_rows(ex: ExploreData, rows: pd.DataFrame) -> pd.DataFrame:
    """Each product's value as a % of Peru's exports to China in the same year from the same source family
    (preferred full-year figures of both; a year without the total is left out)."""
    totals = select(ex.obs, peru_partner="CHN", peru_flow="export", product="TOTAL", measure="value",
                    status="preferred", period_kind="full_year")
    totals = totals[totals["unit"] == "USD million"].sort_values("obs_id").drop_duplicates(["source_family", "year"])
    total = totals.set_index(["source_family", "year"])["value"]
    keys = pd.MultiIndex.from_frame(rows[["source_family", "year"]])
    base = pd.Series(total.reindex(keys).to_numpy(), index=rows.index)
    rows = rows.assign(value=rows["value"] / base * 100, unit="percent", measure="share", derived=True)
    return rows[base.notna()]


def _trend_panel(ex: ExploreData, state: ExploreState, key: str, measure: str, unit: str) -> Panel:
    fams = families("products", state.source)
    rows = select(
        ex.obs,
        peru_partner="CHN",
        peru_flow="export",
        product=list(state.products),
        measure=measure,
        source_family=list(fams),
        status=None,
    )
    chapters = [p for p in state.products if ex.product_levels.get(p) == "chapter"]
    if chapters and "baci" in fams:  # a chapter: BACI's headings in it continue the line after the databases end
        rows = pd.concat([rows, baci_chapter_rows(ex, chapters, measure, unit)], ignore_index=True)
    rows = in_range(rows[rows["unit"] == unit], state)
    share = key == "trend_value" and state.unit == "share"
    if share:  # share of Peru's exports to China
        rows, unit = share_rows(ex, rows), "percent"
    axis = t("explore.axis.share_china") if share else unit_axis("usd" if unit == "USD million" else "tonnes")
    names = ", ".join(ex.product_names.get(p, p) for p in state.products)
    title = t(f"explore.{key}.title", products=short(names, 60), unit=axis_title(state, axis), lo=state.from_year,
              hi=state.to_year)
    claims = ex.claims.get("products", [])
    rows = rows.assign(series=by_family(rows, rows["product_name"], fams))
    shown_unit = "tonnes" if key == "trend_volume" else ("usd" if state.unit == "tonnes" else state.unit)
    line = ignores(state, flow="export", unit=shown_unit)
    if rows.empty:
        empty = t(f"explore.empty.{key}", products=names, lo=state.from_year, hi=state.to_year)
        return Panel(key, title, None, rows, empty, claims, ignores=line)
    shown_rows = rows  # what the card's table and CSV hold: the rows without the series key
    rows = rows.assign(_key=rows["product"] + "|" + rows["source_family"])
    keys, groups = set(rows["_key"].unique()), {}
    for code in state.products:
        for fam, label in fams.items():
            if f"{code}|{fam}" in keys:
                groups[f"{code}|{fam}"] = f"{short(ex.product_names.get(code, code))} ({label})"
    drawn, index_note = scaled(rows, "_key", state, groups)
    colours = {k: PALETTE[list(state.products).index(k.split("|")[0]) % len(PALETTE)] for k in groups}
    fig = figures.evidence_figure(
        drawn, group="_key", groups=groups, title=title, y_title=axis_title(state, axis), years=years_of(state),
        publishers=ex.hover_sources, labels=ex.labels, colours=colours,
    )
    log_note = scale_axis(fig, state, drawn)
    figures.add_event_lines(fig, ex.marks, lo=state.from_year, hi=state.to_year)
    summary = _trend_summary(rows, groups, unit)
    notes = [index_note, log_note, t("explore.note.share_china") if share else "", t("explore.note.families"),
             t("explore.note.markers")]
    if chapters and (rows["source_family"] == "baci").any():
        notes.append(t("explore.note.baci_chapter_panel"))
    return Panel(key, title, fig, shown_rows, summary, claims, note=" ".join(n for n in notes if n),
                 ignores=line)


def trend_value_panel(ex: ExploreData, state: ExploreState) -> Panel:
    """Each selected product's exports to China in US$ million (or as a % of all exports to China), by family."""
    return _trend_panel(ex, state, "trend_value", "value", "USD million")


def trend_volume_panel(ex: ExploreData, state: ExploreState) -> Panel:
    """Each selected product's exports to China in tonnes, by source family."""
    return _trend_panel(ex, state, "trend_volume", "volume", "tonnes")


def baci_commodity(ex: ExploreData, state: ExploreState) -> str:
    """The commodity of the BACI chart: the first selected product BACI covers, else copper ores."""
    return next((p for p in state.products if p in ex.baci_products), BACI_DEFAULT)


def _baci_summary(rows: pd.DataFrame, name: str, unit: str) -> str:
    """China's share and rank among the listed destinations in the latest year (or who led when China is absent)."""
    year = int(rows["year"].max())
    by_value = rows[rows["year"] == year].sort_values("value", ascending=False)
    china = select(by_value, peru_partner="CHN", status=None)
    if china.empty:
        return t("explore.summary.baci.nochina", year=year, name=name, top=by_value.iloc[0]["partner_name"])
    c = china.iloc[0]
    return t(
        "explore.summary.baci",
        year=year,
        name=name,
        share=fmt_number(c["share_of_listed_percent"]),
        value=fmt_value(c["value"], unit),
        rank=int(by_value["peru_partner"].tolist().index("CHN")) + 1,
        n=len(by_value),
    )


def baci_panel(ex: ExploreData, state: ExploreState) -> Panel:
    """Where one commodity of Peru's goes, from the CEPII BACI extract, with China's share."""
    code = baci_commodity(ex, state)
    name = ex.product_names.get(code, code)
    measure, unit, axis = _measure(state)
    rows = baci_export_rows(ex, code, measure, (state.from_year, state.to_year))  # an import's partners: from disk
    rows = in_range(rows[rows["unit"] == unit], state)
    share = state.unit == "share"
    axis = t("explore.axis.share_listed") if share else axis
    title = t("explore.baci.title", name=short(name, 50), unit=axis)
    listed = ex.baci_products[:NOTE_CODES]  # an imported release covers a thousand headings: name the first ones
    covered = ", ".join(f"{short(ex.product_names.get(c, c), 24)} ({c})" for c in listed)
    covered += ", …" if len(ex.baci_products) > NOTE_CODES else ""
    note = t("explore.note.baci", codes=covered)
    if code not in state.products:
        note = t("explore.note.baci_default", name=name) + " " + note
    line = ignores(state, flow="export", scale="linear")
    if rows.empty:
        extract = select(ex.obs, source_family="baci", status=None)["year"]
        empty = t("explore.empty.baci", name=name, lo=state.from_year, hi=state.to_year,
                  first=int(extract.min()), last=int(extract.max()))
        return Panel("baci", title, None, rows, empty, ex.claims.get("baci", []), note=note, ignores=line)
    totals = rows.groupby("year")["value"].transform("sum")
    rows = rows.assign(share_of_listed_percent=(rows["value"] / totals * 100).round(2))
    rows = rows.assign(series=rows["partner_name"])
    plot = rows.assign(value=rows["share_of_listed_percent"]) if share else rows
    plot = plot.sort_values(["status", "obs_id"], key=lambda c: c != "preferred" if c.name == "status" else c)
    fig = figures.destination_bars_figure(
        plot[["year", "peru_partner", "partner_name", "value"]].rename(columns={"peru_partner": "partner"}),
        title=title,
        x_title=axis,
        target="CHN",
        target_mark=t("explore.baci.mark"),
    )
    summary = _baci_summary(rows, name, unit)
    columns = [*CSV_COLUMNS, "share_of_listed_percent"]
    table = [*TABLE_COLUMNS[:5], ("share_of_listed_percent", "explore.col.share_listed"), *TABLE_COLUMNS[5:]]
    return Panel(
        "baci", title, fig, rows, summary, ex.claims.get("baci", []), note=note, columns=columns, table=table,
        ignores=line,
    )


def _when(date: object) -> str:
    """A milestone's date as a phrase: on a day, in a month, in a year (the events give each to its precision)."""
    text = str(date)
    return t({10: "explore.when.day", 7: "explore.when.month"}.get(len(text), "explore.when.year"), date=text)


def timeline_panel(ex: ExploreData, state: ExploreState) -> Panel:
    """Dated milestones of the relationship, with Latin American comparisons, within the year range."""
    ev = ex.events
    held = set(ev["category"].unique())
    cats = [c for c in TIMELINE_CATEGORIES if c in held]
    # stable: events of one date keep the table's order (the text columns are Python objects, sorted by numpy)
    rows = ev[ev["category"].isin(cats) & ev["year"].between(state.from_year, state.to_year)]
    rows = rows.sort_values("date", kind="stable")
    rows = rows.assign(status="", series=rows["category"].map(lambda c: t(f"explore.event.{c}")))
    title = t("explore.timeline.title", lo=state.from_year, hi=state.to_year)
    claims = ex.claims.get("timeline", [])
    if rows.empty:
        empty = t("explore.empty.timeline", lo=state.from_year, hi=state.to_year)
        return Panel("timeline", title, None, rows, empty, claims, columns=EVENT_COLUMNS, table=EVENT_TABLE,
                     ignores=t("explore.ignores.timeline"))
    fig = figures.timeline_figure(
        rows, title=title, years=years_of(state), categories={c: t(f"explore.event.{c}") for c in cats}
    )
    first, last = rows.iloc[0], rows.iloc[-1]
    summary = t(
        "explore.summary.timeline", n=len(rows), d0=_when(first["date"]), e0=first["event"], d1=_when(last["date"]),
        e1=last["event"],
    )
    return Panel("timeline", title, fig, rows, summary, claims, columns=EVENT_COLUMNS, table=EVENT_TABLE,
                 ignores=t("explore.ignores.timeline"))
