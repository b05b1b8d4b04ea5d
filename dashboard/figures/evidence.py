"""Time-series and bar figures of observations: evidence lines, destinations, composition, milestones (pure)."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from dashboard.claims import period_label
from dashboard.data.query import records
from dashboard.data.vocab import BOUNDS, kind_rank
from dashboard.figures.base import PALETTE, YEAR_HOVER, base_figure, dash_of, wrap_lines
from dashboard.figures.fig import Figure, trace

_EVIDENCE_COLUMNS = ("year", "value", "unit", "status", "period_kind", "period", "kind", "obs_id", "derived",
                     "source_id", "qualifier", "publisher", "note")
NOTE_LENGTH = 100  # a derived figure's note in a hover, cut beyond this (the whole note is in the table and CSV)
HOVER_WIDTH = 44  # characters a hover's source line holds: a longer one is broken, so the label fits a phone's chart


PERIOD_HOVER = YEAR_HOVER.replace("%{x:d}", "%{text}")  # a trace with periods other than calendar years


def _hover_parts(r: Mapping[str, object], publishers: Mapping[str, str], labels: Mapping[str, str]) -> tuple[str, str]:
    """A figure's period and its source (publisher and reliability, or how it was derived) for a hover."""
    when = period_label(r)
    if r.get("qualifier") in BOUNDS:
        when = f"{when}, {labels.get('qualifier.' + str(r['qualifier']), str(r['qualifier']))}"
    named = r.get("publisher")
    source = publishers.get(str(r["source_id"])) or (named if isinstance(named, str) else "")  # NaN: no name
    note = str(r.get("note") or "") if r.get("derived") else ""
    if note:  # a derived figure says how it was derived, not who 'published' it
        note = note if len(note) <= NOTE_LENGTH else note[: NOTE_LENGTH - 1] + "…"
        source = f"{labels.get('hover.derived', 'derived')}: {note}"
    kind = str(r["kind"])
    return when, _hover_lines(f"{source} ({labels.get('kind.' + kind, kind)})")


@functools.lru_cache(maxsize=4096)
def _hover_lines(text: str) -> str:
    """A hover's source in lines of at most HOVER_WIDTH characters (the same few sources on every point: kept)."""
    return "<br>".join(wrap_lines(text, HOVER_WIDTH))


def _hover_fields(parts: Sequence[tuple[str, str] | None], xs: Sequence[int], unit: str, figure_unit: str
                  ) -> dict[str, Any]:
    """A trace's hover fields: each point's period (its year, or its text), its source and the unit.

    The template's hover (YEAR_HOVER) is the default; a trace whose periods are not all calendar years shows its
    texts. The source is the trace's most frequent one (hovertemplatefallback), or a point's own where it differs
    ({'s': source} in customdata): each source name ships once per trace, not once per point. The unit is the
    figure's meta, or the trace's own where it differs.
    """
    counts = Counter(p[1] for p in parts if p is not None)
    common = max(counts, key=lambda s: (counts[s], s)) if counts else ""  # the most frequent (ties: the same each time)
    own: list[dict[str, str]] = [{} if p is None or p[1] == common else {"s": p[1]} for p in parts]
    while own and not own[-1]:
        own.pop()  # a shorter array: the points past its end take the fallback too
    texts = ["" if p is None else p[0] for p in parts]
    fields: dict[str, Any] = {}
    if not all(not t or t == str(x) for t, x in zip(texts, xs, strict=True)):
        fields.update(text=texts, hovertemplate=PERIOD_HOVER)
    if len(own) < len(parts) or not all(own):
        fields["hovertemplatefallback"] = common  # some point takes the trace's common source
    if own:
        fields["customdata"] = own
    if unit != figure_unit:
        fields["meta"] = [unit]
    return fields


def hover_lines(trace: Any) -> list[str]:
    """Each point's period and source as its hover shows them ('period<br>source (reliability)'); '' at a gap."""
    def get(key: str) -> Any:
        value = trace.get(key) if isinstance(trace, dict) else getattr(trace, key, None)
        return [] if value is None else value

    own = list(get("customdata"))
    fallback = get("hovertemplatefallback") or ""
    xs, ys = list(get("x")), list(get("y"))
    if get("hovertemplate") in ([], YEAR_HOVER):
        texts = [str(int(x)) if y == y else "" for x, y in zip(xs, ys, strict=True)]
    else:
        texts = list(get("text"))
    out = []
    for i, text in enumerate(texts):
        mine = own[i] if i < len(own) and isinstance(own[i], dict) else {}
        out.append(f"{text}<br>{mine.get('s', fallback)}" if text else "")
    return out


def evidence_figure(
    frame: pd.DataFrame,
    *,
    group: str,
    groups: Mapping[str, str],
    title: str,
    y_title: str,
    x_title: str = "",
    years: Sequence[int] | None = None,
    publishers: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
    colours: Mapping[str, str] | None = None,
) -> Figure:
    """One line per group through its preferred full-year figures (a gap where none); other figures as markers.

    Reported figures are filled circles, derived ones open diamonds; partial-year and season figures are open
    circles off the line; alternative figures from other sources are small crosses; an upper bound (a partner not in
    a top-5 list: below its 5th value) is an open down-triangle off the line. Nothing is summed or filled in.
    colours maps a group to its colour (else the palette in order); one legend entry per group (the markers of a
    group's other figures toggle with it); a group keyed '…|family' is dashed for families other than Peru's.
    """
    publishers = publishers or {}
    labels = labels or {}
    fig = base_figure(title, x_title, y_title)
    fig.update_layout(hovermode="closest")
    if frame.empty:
        return fig
    cols = [c for c in dict.fromkeys([group, *_EVIDENCE_COLUMNS]) if c in frame.columns]  # qualifier: optional
    live = frame.loc[frame["status"] != "rejected", cols]  # a narrow copy: per-group work stays cheap
    lo, hi = (int(live["year"].min()), int(live["year"].max())) if years is None else (min(years), max(years))
    span = np.arange(lo, hi + 1)
    by_group: dict[object, list[dict[str, Any]]] = {}
    for r in records(live):  # groups hold a few dozen figures: plain Python beats pandas here
        by_group.setdefault(r[group], []).append(r)
    colours = colours or {}
    figure_unit = next((str(rows[0]["unit"]) for key in groups if (rows := by_group.get(key))), "")
    fig.update_layout(meta=[figure_unit])  # the unit in the hovers (YEAR_HOVER's %{meta[0]})
    for i, (key, name) in enumerate(groups.items()):
        colour = colours.get(key) or PALETTE[i % len(PALETTE)]
        rows = by_group.get(key, [])
        best: dict[int, dict[str, Any]] = {}
        full = [r for r in rows if r["status"] == "preferred" and r["period_kind"] == "full_year"
                and r.get("qualifier") not in BOUNDS]  # a bound (below a top-5 list's 5th value) is no level
        for r in sorted(full, key=lambda r: (kind_rank(r["kind"]), str(r["obs_id"]))):
            best.setdefault(int(r["year"]), r)  # one point per year: the most reliable preferred figure
        held = [int(y) for y in span if int(y) in best]
        years_drawn = np.arange(held[0], held[-1] + 1) if held else span  # no empty years at either end
        line = [best.get(int(y)) for y in years_drawn]
        unit = str(rows[0]["unit"]) if rows else ""
        symbols = ["diamond-open" if r is not None and r["derived"] else "circle" for r in line]
        fig.add_trace(
            trace("scatter",
                x=years_drawn,
                y=np.array([np.nan if r is None else float(r["value"]) for r in line]),  # NaN: a gap (connectgaps off)
                name=name,
                # mode lines+markers, line width 2 and marker size 7: the template's, not written in every trace
                line={"color": colour, "dash": dash_of(str(key))},
                marker={
                    "symbol": symbols if len(set(symbols)) > 1 else symbols[0] if symbols else "circle",
                    "color": colour,
                },
                legendgroup=key,
                **_hover_fields([None if r is None else _hover_parts(r, publishers, labels) for r in line],
                                [int(y) for y in years_drawn], unit, figure_unit),
            )
        )
        in_span = [r for r in rows if lo <= int(r["year"]) <= hi]
        for subset, suffix, symbol, size in (
            ([r for r in in_span if r["status"] == "preferred" and r["period_kind"] != "full_year"
              and r.get("qualifier") not in BOUNDS],
             "partial", "circle-open", 8),
            ([r for r in in_span if r["status"] == "alternative"], "alternative", "x-thin-open", 7),
            ([r for r in in_span if r["status"] == "preferred" and r.get("qualifier") in BOUNDS],
             "bound", "triangle-down-open", 8),
        ):
            if not subset:
                continue
            fig.add_trace(
                trace("scatter",
                    x=np.array([int(r["year"]) for r in subset]),
                    y=np.array([float(r["value"]) for r in subset]),
                    name=f"{name} · {labels.get(f'legend.{suffix}', suffix)}",
                    mode="markers",
                    # an open symbol is stroked in the marker colour: its line needs no colour of its own
                    marker={"symbol": symbol, "size": size, "color": colour, "line": {"width": 1.5}},
                    legendgroup=key,
                    showlegend=False,  # one legend entry per series: its line toggles these markers too
                    **_hover_fields([_hover_parts(r, publishers, labels) for r in subset],
                                    [int(r["year"]) for r in subset], unit, figure_unit),
                )
            )
    # labelled years every 1, 2 or 5 years, horizontal, with a minor tick each year: legible on a phone too
    step = 1 if hi - lo <= 8 else 2 if hi - lo <= 12 else 5
    fig.update_xaxes(range=[lo - 0.5, hi + 0.5], dtick=step, tick0=0, tickangle=0,
                     minor={"dtick": 1, "ticks": "outside", "ticklen": 3} if step > 1 else None)
    return fig


def add_event_lines(
    fig: Figure, marks: Sequence[tuple[float, str]], *, lo: float, hi: float, bottom: bool = False
) -> Figure:
    """Draw dated milestones as dotted vertical lines labelled at the top (or bottom), for those within [lo, hi]."""
    shown = [(x, label) for x, label in marks if lo - 0.5 <= x <= hi + 0.5]
    shapes = [
        {"type": "line", "x0": x, "x1": x, "y0": 0, "y1": 1, "yref": "paper",
         "line": {"color": "#777", "width": 1, "dash": "dot"}}
        for x, _ in shown
    ]
    notes = [  # successive labels alternate in height: near milestones never print over each other
        {"x": x, "y": 0.01 if bottom else 1 - 0.08 * (i % 2), "yref": "paper", "text": label, "showarrow": False,
         "yanchor": "bottom" if bottom else "top",
         "xanchor": "right" if x > lo + 0.8 * (hi - lo) else "left",
         "font": {"size": 10, "color": "#555"}, "bgcolor": "rgba(255,255,255,0.7)"}
        for i, (x, label) in enumerate(shown)
    ]
    for shape, note in zip(shapes, notes, strict=True):  # add_*: 20x faster than re-setting the whole lists
        fig.add_shape(shape)
        fig.add_annotation(note)
    return fig


def destinations_figure(
    frame: pd.DataFrame,
    *,
    group: str,
    groups: Mapping[str, str],
    ranks: Mapping[int, int],
    rank_label: str,
    title: str,
    y_title: str,
    years: Sequence[int],
    publishers: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
    colours: Mapping[str, str] | None = None,
) -> Figure:
    """Partners' lines (evidence_figure) with the target's rank written above each year that has one.

    rank_label is a format string with {rank}, e.g. 'No. {rank}'; a label marks the first year, each year the rank
    changes or follows a year without a rank, and the last year (every year's rank is in the hover table and CSV).
    """
    fig = evidence_figure(
        frame, group=group, groups=groups, title=title, y_title=y_title, years=years, publishers=publishers,
        labels=labels, colours=colours,
    )
    lo, hi = min(years), max(years)
    shown = [(year, int(rank)) for year, rank in sorted(ranks.items()) if lo <= year <= hi]
    # a label where the rank changes (and at both ends): a phone's width cannot hold one per year
    kept = [(y, r) for i, (y, r) in enumerate(shown)
            if i in (0, len(shown) - 1) or r != shown[i - 1][1] or y - 1 != shown[i - 1][0]]
    notes = [
        {"x": year, "y": 1.0, "yref": "paper", "yanchor": "bottom", "text": rank_label.format(rank=rank),
         "yshift": 12 * (i % 2), "showarrow": False,  # alternate heights: labels of next years never touch
         "font": {"size": 10, "color": "#000" if rank == 1 else "#D55E00"}}
        for i, (year, rank) in enumerate(kept)
    ]
    fig.update_layout(margin={"t": 76})
    for note in notes:
        fig.add_annotation(note)
    return fig


def composition_figure(
    frame: pd.DataFrame,
    *,
    names: Mapping[str, str],
    families: Mapping[str, str],
    title: str,
    x_title: str,
) -> Figure:
    """Horizontal bars of each product's figure, one bar per source family side by side (never stacked or summed).

    frame has columns product, source_family, value and publisher; products are sorted by their largest figure.
    """
    fig = base_figure(title, x_title)
    fig.update_layout(hovermode="closest", barmode="group")
    if frame.empty:
        return fig
    order = frame.groupby("product")["value"].max().sort_values(ascending=True).index.tolist()
    for i, (family, label) in enumerate(families.items()):
        rows = frame[frame["source_family"] == family].set_index("product").reindex(order)
        if rows["value"].notna().sum() == 0:
            continue
        fig.add_trace(
            trace("bar",
                y=[names.get(p, p) for p in order],
                x=rows["value"].to_numpy(dtype=float),
                name=label,
                orientation="h",
                marker={"color": PALETTE[(i + 1) % len(PALETTE)]},
                customdata=rows["publisher"].fillna("").to_numpy(dtype=object),
                hovertemplate="%{y}: %{x:,.1f}<br>%{customdata}<extra>" + label + "</extra>",
            )
        )
    fig.update_yaxes(automargin=True)
    fig.update_layout(height=160 + 30 * len(order) * max(1, len(fig.data)))
    return fig


BAR_YEARS = 3  # up to this many years the destinations are bars (one trace a year); over more, a heatmap
LOG_COLOURS = 100  # a destinations heatmap colours by the logarithm when its largest value is this many times its least


def destination_bars_figure(
    frame: pd.DataFrame, *, title: str, x_title: str, target: str = "CHN", target_mark: str = "◀"
) -> Figure:
    """One commodity's destinations: horizontal bars, one trace per year, over up to BAR_YEARS years; a heatmap
    (destination × year, the colour bar titled x_title) over more. The target partner's name is marked.

    frame has columns year, partner, partner_name and value; partners are sorted by their latest-year value (the
    largest at the top). A partner-year given twice (two releases of the data) is drawn once, with its first figure.
    """
    if frame.empty:
        fig = base_figure(title, x_title)
        fig.update_layout(hovermode="closest", barmode="group")
        return fig
    frame = frame.drop_duplicates(["year", "partner"])
    latest = frame[frame["year"] == frame["year"].max()].set_index("partner")["value"]
    first_seen = frame.groupby("partner")["value"].max()
    order = sorted(first_seen.index, key=lambda p: (latest.get(p, -1.0), first_seen[p]))
    names = frame.drop_duplicates("partner").set_index("partner")["partner_name"]
    labels = [f"{names[p]} {target_mark}" if p == target else str(names[p]) for p in order]
    years = sorted(int(y) for y in frame["year"].unique())
    if len(years) > BAR_YEARS:
        return _destination_heatmap(frame, order, labels, years, title=title, unit=x_title)
    fig = base_figure(title, x_title)
    fig.update_layout(hovermode="closest", barmode="group")
    # each year's values in the partners' order, from one table (a selection per year cost a millisecond each)
    grid = frame.pivot(index="partner", columns="year", values="value").reindex(index=order)
    for i, year in enumerate(years):
        fig.add_trace(
            trace("bar",
                y=labels,
                x=grid[year].to_numpy(dtype=float),
                name=str(year),
                orientation="h",
                marker={"color": PALETTE[(i + 1) % len(PALETTE)]},
                hovertemplate="%{y}: %{x:,.1f}<extra>" + str(year) + "</extra>",
            )
        )
    fig.update_yaxes(automargin=True)
    fig.update_layout(height=180 + 22 * len(order) * max(1, len(fig.data)) // 2)
    return fig


def _destination_heatmap(
    frame: pd.DataFrame, order: list[str], labels: list[str], years: list[int], *, title: str, unit: str
) -> Figure:
    """Destinations × years as one heatmap trace: a cell's colour is its value (unit on the colour bar), a partner-year
    without a figure is left blank, the hover names partner, year and value."""
    grid = frame.pivot(index="partner", columns="year", values="value").reindex(index=order, columns=years)
    values = grid.to_numpy(dtype=float)
    # the colour bar lies across the top, its unit above it: a phone-wide chart keeps its width for the cells
    colorbar: dict[str, Any] = {"title": {"text": unit, "side": "top"}, "thickness": 10, "orientation": "h",
                                "x": 0, "xanchor": "left", "xref": "paper", "y": 1.01, "yanchor": "bottom", "len": 1}
    positive = values[np.isfinite(values) & (values > 0)]
    z = values
    if positive.size and positive.max() >= LOG_COLOURS * positive.min():
        # values over orders of magnitude: colours by the logarithm (a linear scale paints all but the largest
        # destinations alike), the colour bar labelled in the unit at each power of ten, the hover the value itself
        floor = np.log10(positive.min())
        z = np.full_like(values, np.nan)  # a gap stays blank
        z[values > 0] = np.log10(values[values > 0])
        z[values <= 0] = floor  # a zero takes the lowest colour
        lo_power, hi_power = int(np.floor(floor)), int(np.ceil(np.log10(positive.max())))
        powers = range(lo_power, hi_power + 1, 1 if hi_power - lo_power <= 4 else 2)  # labels that fit a phone
        colorbar.update(tickvals=list(powers), ticktext=[f"{10.0 ** p:,.{max(0, -p)}f}" for p in powers])
    fig = base_figure(title)
    fig.add_trace(
        trace("heatmap",
            x=years,  # numbers: plotly spaces the year ticks to the width
            y=labels,
            z=z,
            customdata=values,
            colorscale="Viridis",  # perceptually even and readable with the common colour-vision deficiencies
            reversescale=True,  # the largest values darkest
            colorbar=colorbar,
            hoverongaps=False,
            xgap=1,
            ygap=1,
            hovertemplate="%{y} · %{x}: %{customdata:,.1f} " + unit + "<extra></extra>",
        )
    )
    fig.update_layout(hovermode="closest", height=170 + 24 * len(order), margin={"t": 96})
    fig.update_yaxes(automargin=True, showgrid=False)
    # horizontal year labels, as few as fit: plotly would tilt them on a phone and cut them at the edge
    fig.update_xaxes(showgrid=False, type="linear", tickformat="d", zeroline=False, tickangle=0, nticks=6)
    return fig
