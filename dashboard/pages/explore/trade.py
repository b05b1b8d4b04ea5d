"""Explorer panels of total trade: Peru–China trade over time, and Peru's partners with China's rank."""

from __future__ import annotations

import pandas as pd

from dashboard import figures
from dashboard.components import Panel
from dashboard.data.query import select
from dashboard.data.vocab import LEVELS
from dashboard.fmt import fmt_value
from dashboard.pages.explore.common import (
    UNIT_MEASURE,
    axis_title,
    by_family,
    families,
    in_range,
    latest,
    scale_axis,
    scaled,
    source_switches,
    unit_axis,
    years_of,
)
from dashboard.pages.explore.prepare import ExploreData
from dashboard.strings import t
from dashboard.urlstate import ExploreState


def trade_panel(ex: ExploreData, state: ExploreState) -> Panel:
    """Peru–China trade over time: the chosen flow in the chosen unit, one line per source family."""
    measure, unit = UNIT_MEASURE[state.unit]
    fams = families("trade", state.source)
    rows = select(
        ex.obs, peru_partner="CHN", peru_flow=state.flow, product="TOTAL", measure=measure, source_family=list(fams),
        status=None,
    )
    rows = in_range(rows[rows["unit"] == unit], state)
    flow = t(f"explore.flow.{state.flow}")
    axis = unit_axis(state.unit)
    title = t("explore.trade.title", flow=flow, unit=axis_title(state, axis), lo=state.from_year, hi=state.to_year)
    rows = rows.assign(series=rows["source_family"].map(lambda f: fams.get(f, f)))
    if rows.empty:
        empty = t("explore.empty.trade", flow=flow, unit=axis, lo=state.from_year, hi=state.to_year)
        return Panel("trade", title, None, rows, empty, ex.claims.get("trade", []))
    groups = {f: label for f, label in fams.items() if (rows["source_family"] == f).any()}
    drawn, index_note = scaled(rows, "source_family", state, groups)
    fig = figures.evidence_figure(
        drawn,
        group="source_family",
        groups=groups,
        title=title,
        y_title=axis_title(state, axis),
        years=years_of(state),
        publishers=ex.hover_sources,
        labels=ex.labels,
        colours=figures.family_colours(groups),
    )
    log_note = scale_axis(fig, state, drawn)
    figures.add_event_lines(fig, ex.marks, lo=state.from_year, hi=state.to_year)
    switches = source_switches(rows, "peru", t("explore.mark.source_switch"))
    # at the foot of the chart: at the top its long label ran over the milestones' labels
    figures.add_event_lines(fig, switches, lo=state.from_year, hi=state.to_year, bottom=True)
    parts = []
    for fam, label in groups.items():
        last = latest(select(rows, source_family=fam, status=None))
        if not last.empty:
            r = last.iloc[0]
            parts.append(t("explore.summary.part", who=label, value=fmt_value(r["value"], unit), year=int(r["year"])))
    summary = t("explore.summary.trade", flow=flow, parts="; ".join(parts) or t("explore.summary.no_full_year"))
    note = " ".join(n for n in (index_note, log_note, t("explore.note.families"), t("explore.note.markers")) if n)
    return Panel("trade", title, fig, rows, summary, ex.claims.get("trade", []), note=note)


def balance_rows(base: pd.DataFrame, partners: list[str]) -> pd.DataFrame:
    """Each partner's trade balance in US$ million: exports minus imports of the same source family and year
    (preferred full-year figures only; a year without both is a gap). Marked derived, naming both figures."""
    full = select(base, peru_partner=partners, measure="value", status="preferred", period_kind="full_year")
    full = full[full["unit"] == "USD million"].sort_values("obs_id")
    keys = ["peru_partner", "source_family", "year"]
    exports = full[full["peru_flow"] == "export"].drop_duplicates(keys)
    imports = full[full["peru_flow"] == "import"].drop_duplicates(keys)[[*keys, "value", "obs_id"]]
    both = exports.merge(imports, on=keys, suffixes=("", "_imp"))
    return both.assign(
        value=both["value"] - both["value_imp"], obs_id=both["obs_id"] + "−" + both["obs_id_imp"], derived=True,
        peru_flow="balance",
    ).drop(columns=["value_imp", "obs_id_imp"])


def partners_panel(ex: ExploreData, state: ExploreState) -> Panel:
    """Peru's destinations, import sources or balances by year: the chosen partners' values or shares, China's rank."""
    balance = state.flow == "balance"
    flows = ["export", "import"] if balance else [state.flow]
    measure, unit = UNIT_MEASURE[state.unit]
    fams = families("partners", state.source)
    base = select(ex.obs, peru_flow=flows, product="TOTAL", source_family=list(fams), status=None)
    base = in_range(base[base["peru_partner"] != "WLD"], state)
    if balance:
        rows = balance_rows(base, list(state.partners)) if state.unit == "usd" else base.iloc[0:0]
    else:
        rows = select(base, peru_partner=list(state.partners), measure=measure, status=None)
        rows = rows[rows["unit"] == unit]
    what = t(f"explore.partners.{state.flow}")
    axis = unit_axis(state.unit)
    title = t("explore.partners.title", what=what, unit=axis_title(state, axis), lo=state.from_year, hi=state.to_year)
    key = rows["peru_partner"] + "|" + rows["source_family"]
    rows = rows.assign(series=by_family(rows, rows["partner_name"], fams))
    claims = ex.claims.get("partners", [])
    if rows.empty:
        reason = t("explore.empty.partners.china") if not fams else ""
        reason = t("explore.empty.partners.balance") if balance and state.unit != "usd" else reason
        empty = t("explore.empty.partners", what=what, unit=axis, lo=state.from_year, hi=state.to_year)
        return Panel("partners", title, None, rows, empty + (" " + reason if reason else ""), claims)
    rows = rows.assign(_key=key)
    keys, groups = set(rows["_key"].unique()), {}
    for partner in state.partners:
        for fam, label in fams.items():
            k = f"{partner}|{fam}"
            if k in keys:
                groups[k] = f"{ex.partner_names.get(partner, partner)} ({label})"
    ranks_rows = latest(
        select(base, peru_partner="CHN", peru_flow=flows[0], measure="rank", status=None, qualifier=LEVELS)
    )
    ranks_rows = ranks_rows.assign(_f=ranks_rows["source_family"].map(list(fams).index)).sort_values(["year", "_f"])
    ranks = {} if balance else {
        int(y): int(v) for y, v in ranks_rows.drop_duplicates("year")[["year", "value"]].itertuples(index=False)
    }
    drawn, index_note = scaled(rows, "_key", state, groups)
    fig = figures.destinations_figure(
        drawn,
        group="_key",
        groups=groups,
        ranks=ranks,
        rank_label=t("explore.rank.label"),
        title=title,
        y_title=axis_title(state, axis),
        years=years_of(state),
        publishers=ex.hover_sources,
        labels=ex.labels,
        colours=figures.partner_colours(groups),
    )
    log_note = scale_axis(fig, state, drawn)
    figures.add_event_lines(fig, ex.marks, lo=state.from_year, hi=state.to_year)
    summary = _partners_summary(rows, ranks, state, state.flow, unit)
    rank_rows = ranks_rows.drop_duplicates("year").assign(series=t("explore.rank.series"))
    all_rows = pd.concat([rows.drop(columns="_key"), rank_rows.drop(columns="_f")], ignore_index=True)
    if balance:
        all_rows = rows.drop(columns="_key")
    notes = (index_note, log_note, t("explore.note.balance") if balance else t("explore.note.rank"),
             t("explore.note.markers"))
    return Panel("partners", title, fig, all_rows, summary, claims, note=" ".join(n for n in notes if n))


def _partners_summary(rows: pd.DataFrame, ranks: dict[int, int], state: ExploreState, flow: str, unit: str) -> str:
    parts = []
    china = latest(select(rows, peru_partner="CHN", status=None))
    if not china.empty:
        r = china.iloc[0]
        year = int(r["year"])
        parts.append(t(f"explore.summary.partners.{flow}", year=year, value=fmt_value(r["value"], unit)))
        others = latest(rows[(rows["peru_partner"] != "CHN") & (rows["year"] == year)])
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
