"""Figures of statements and dated events: who led each year, the timeline, stated figures and ranges (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import cast

import numpy as np
import pandas as pd

from dashboard.figures.base import PALETTE, base_figure, wrap_lines
from dashboard.figures.fig import Figure, trace
from dashboard.fmt import fmt_number


def leader_strip_figure(
    rows: Sequence[Mapping[str, object]],
    *,
    years: Sequence[int],
    title: str,
    target: str = "CHN",
    row_labels: Mapping[str, str] | None = None,
    target_mark: str | None = None,
) -> Figure:
    """A year-by-source grid of who led: the target (written target_mark if given), another partner, or no figure
    (blank); '*' marks weak years; the hover always names the partner."""
    row_labels = row_labels or {}
    fig = base_figure(title)
    names, z, text = [], [], []
    for row in rows:
        by_year = cast(Mapping[int, str], row["by_year"])
        weak = set(cast(Iterable[int], row.get("weak_years", [])))
        names.append(row_labels.get(str(row["family"]), str(row["family"])))
        z.append([2 if by_year.get(y) == target else (1 if by_year.get(y) else None) for y in years])
        text.append(
            [
                (str(by_year.get(y) or "") + ("*" if y in weak and by_year.get(y) else "")).replace("other", "≠")
                for y in years
            ]
        )
    shown = [[c.replace(target, target_mark) for c in row] for row in text] if target_mark else text
    fig.add_trace(
        trace("heatmap",
            x=list(years),  # numbers: plotly spaces the year ticks to the width (category ticks ran together)
            y=names,
            z=z,
            text=shown,
            customdata=text,
            texttemplate="%{text}",
            textfont={"size": 10},  # "CHN" fits a cell a phone's width gives ten years
            zmin=1,
            zmax=2,
            colorscale=[[0, "#E69F00"], [0.5, "#E69F00"], [0.5, "#56B4E9"], [1, "#56B4E9"]],
            showscale=False,
            xgap=3,
            ygap=3,
            hovertemplate="%{y} · %{x}: %{customdata}<extra></extra>",
        )
    )
    fig.update_layout(
        hovermode="closest", margin={"l": 8, "r": 8, "t": 48, "b": 32}, height=90 + 44 * max(len(names), 1)
    )
    fig.update_yaxes(autorange="reversed", automargin=True, showgrid=False)
    fig.update_xaxes(showgrid=False, type="linear", tickformat="d", zeroline=False)
    return fig


def _mid_date(date: str) -> str:
    """Return an ISO day for a date known to the day, month ('2016-11' -> mid-month) or year (mid-year)."""
    if len(date) == 4:
        return f"{date}-07-01"
    if len(date) == 7:
        return f"{date}-15"
    return date[:10]


MARKER_SIZE = 11  # px: a milestone's diamond on the timeline


def timeline_figure(
    events: pd.DataFrame, *, title: str, categories: Mapping[str, str], years: Sequence[int] | None = None
) -> Figure:
    """Dated milestones as markers on a time axis, one row per category, the event text in the hover."""
    fig = base_figure(title)
    fig.update_layout(hovermode="closest", showlegend=False)
    rows = events[events["category"].isin(list(categories))]
    if years is not None:
        rows = rows[rows["year"].between(min(years), max(years))]
    if rows.empty:
        return fig
    dates = pd.to_datetime([_mid_date(str(d)) for d in rows["date"]], format="%Y-%m-%d")
    fig.add_trace(
        trace("scatter",
            x=dates,
            y=rows["category"].map(categories),
            mode="markers",
            # drawn whole at the range's edges: the range ends short of the nearest event outside it (ranges.py),
            # which is then not drawn at all (the template's marker cap draws only the markers within the axes)
            cliponaxis=False,
            marker={
                "size": MARKER_SIZE,
                "color": [PALETTE[list(categories).index(c) % len(PALETTE)] for c in rows["category"]],
                "symbol": "diamond",
            },
            customdata=np.column_stack([rows["date"].astype(str), rows["event"], rows["country"]]),
            hovertemplate="%{customdata[0]} (%{customdata[2]})<br>%{customdata[1]}<extra></extra>",
        )
    )
    # the categories stand off the chart by more than half a marker: one at the range's start is drawn whole
    fig.update_yaxes(automargin=True, showgrid=False, ticklabelstandoff=MARKER_SIZE // 2 + 4)
    # on a phone plotly slants the dates (at most 45 degrees: upright ones are hard to read): room for them below
    fig.update_xaxes(automargin=True, autotickangles=[0, 30, 45])
    fig.update_layout(height=120 + 36 * rows["category"].nunique())
    return fig


def statements_figure(
    facts: pd.DataFrame,
    *,
    title: str,
    metrics: Mapping[str, str],
    x_title: str = "",
    qualifiers: Mapping[str, str] | None = None,
) -> Figure:
    """Each party's statement of a figure as a bar, labelled with its qualifier ('about', 'more than', ...)."""
    qualifiers = qualifiers or {}
    fig = base_figure(title, x_title)
    fig.update_layout(hovermode="closest", barmode="group")
    rows = facts[facts["metric"].isin(list(metrics))]
    for i, (metric, name) in enumerate(metrics.items()):
        sub = rows[rows["metric"] == metric]
        if sub.empty:
            continue
        who = (sub["stated_by"] + " · " + sub["period"].astype(str)).to_numpy()
        pairs = zip(sub["qualifier"], sub["value"], strict=True)
        label = [f"{qualifiers.get(q, '')} {fmt_number(v)}".strip() for q, v in pairs]
        fig.add_trace(
            trace("bar",
                # who, in lines of 22 characters: on a phone a one-line label pushed the bars out of the chart
                y=["<br>".join(wrap_lines(w, 22)) for w in who],
                x=sub["value"].to_numpy(dtype=float),
                name=name,
                orientation="h",
                text=label,
                textposition="outside",
                cliponaxis=False,
                textfont={"size": 10},
                marker={"color": PALETTE[i % len(PALETTE)]},
                customdata=who,
                hovertemplate="%{customdata}<br>%{text}<extra>" + name + "</extra>",
            )
        )
    top = float(rows["value"].max()) if not rows.empty else 1.0
    fig.update_yaxes(automargin=True, autorange="reversed", tickfont={"size": 11})
    # room right of the longest bar for its label; few ticks in short numbers (8k), which never run together
    fig.update_xaxes(range=[0, top * 1.5], nticks=4, tickformat="~s", tickangle=0)
    height = 160 + 34 * len(rows)
    # the legend 52 px below the plot whatever its height (the template's -18 % sat on a short chart's ticks)
    fig.update_layout(height=height, legend_y=-52 / max(height - 92, 1), legend_yanchor="top")
    return fig


def range_figure(
    facts: pd.DataFrame, *, title: str, metrics: Mapping[str, str], x_title: str, qualifiers: Mapping[str, str]
) -> Figure:
    """Each metric's stated figures as points on one row, joined by a bar from the lowest to the highest."""
    fig = base_figure(title, x_title)
    fig.update_layout(hovermode="closest", showlegend=False)
    for i, (metric, name) in enumerate(metrics.items()):
        rows = facts[facts["metric"] == metric]
        if rows.empty:
            continue
        colour = PALETTE[i % len(PALETTE)]
        lo, hi = float(rows["value"].min()), float(rows["value"].max())
        fig.add_trace(
            trace("scatter",
                x=[lo, hi], y=[name, name], mode="lines", line={"color": colour, "width": 10}, opacity=0.35,
                hoverinfo="skip",
            )
        )
        pairs = zip(rows["qualifier"], rows["value"], strict=True)
        text = [f"{qualifiers.get(q, '')} {fmt_number(v)}".strip() for q, v in pairs]
        fig.add_trace(
            trace("scatter",
                x=rows["value"].to_numpy(dtype=float),
                y=[name] * len(rows),
                mode="markers",
                marker={"size": 11, "color": colour, "symbol": "diamond", "line": {"width": 1, "color": "#000"}},
                customdata=np.column_stack([text, (rows["stated_by"] + " · " + rows["period"].astype(str)).to_numpy()]),
                hovertemplate="%{customdata[0]}<br>%{customdata[1]}<extra>" + name + "</extra>",
            )
        )
    fig.update_yaxes(automargin=True, showgrid=False)
    fig.update_layout(height=140 + 60 * len(metrics))
    return fig
