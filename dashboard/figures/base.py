"""The figures' common look: a colour-blind-safe palette, a template and an empty figure with titles."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from numbers import Number
from typing import Any

from dashboard.figures.fig import Figure

# Okabe–Ito palette: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#D55E00", "#0072B2", "#009E73", "#E69F00", "#56B4E9", "#CC79A7", "#F0E442", "#000000")

# One colour per source family and per partner, in every chart and view (the one place they are assigned).
FAMILY_COLOURS = {
    "peru": "#D55E00",  # vermillion
    "china": "#0072B2",  # blue
    "mirror": "#56B4E9",  # sky blue
    "factbook": "#CC79A7",  # reddish purple
    "baci": "#009E73",  # bluish green
    "other": "#000000",
}
PARTNER_COLOURS = {
    "CHN": "#D55E00",
    "USA": "#0072B2",
    "CHE": "#009E73",
    "JPN": "#E69F00",
    "CAN": "#56B4E9",
    "KOR": "#CC79A7",
    "WLD": "#000000",
}
OTHER_COLOURS = ("#6A3D9A", "#8C564B", "#7F7F7F", "#B15928", "#1F78B4", "#33A02C")  # partners beyond the table
# Lines of a source family other than Peru's own are dashed (the colour says the partner, the dash the family).
FAMILY_DASH = {"peru": "solid", "china": "dash", "mirror": "dash", "factbook": "dot", "baci": "dashdot"}


def family_colours(groups: Mapping[str, str]) -> dict[str, str]:
    """The colour of each series keyed by source family."""
    return {k: FAMILY_COLOURS.get(k, OTHER_COLOURS[i % len(OTHER_COLOURS)]) for i, k in enumerate(groups)}


def partner_colours(groups: Mapping[str, str]) -> dict[str, str]:
    """The colour of each series keyed 'partner|family': the partner's colour (the family shows as the dash)."""
    others = [p for p in dict.fromkeys(k.split("|")[0] for k in groups) if p not in PARTNER_COLOURS]
    return {
        k: PARTNER_COLOURS.get(k.split("|")[0]) or OTHER_COLOURS[others.index(k.split("|")[0]) % len(OTHER_COLOURS)]
        for k in groups
    }


def dash_of(key: str) -> str:
    """The line dash of a series key ('…|family' or a family): solid for Peru's own figures."""
    return FAMILY_DASH.get(key.split("|")[-1], "solid")


MARKERS_DRAWN = 10_000  # at most this many markers of a trace are drawn: all of ours, within the axes' ranges

# The hover of an evidence trace over calendar years (series, year, source, value and the unit in the trace's or the
# figure's meta): a default of every scatter trace, so that the traces of a chart do not each carry it.
YEAR_HOVER = "<b>%{fullData.name}</b><br>%{x:d}<br>%{customdata.s}: %{y:,.1f} %{meta[0]}<extra></extra>"

# The figures' template as plotly.js reads it, in plotly's key order (tests/test_figures_base.py checks it with
# plotly's own validation): written as JSON, it costs no plotly objects at start-up. Tick labels are drawn as laid out
# (ticklabeloverflow "allow"): by default plotly measures each label to hide those past the chart's edge, 17-20 ms of
# a year change in the explorer; tests/test_browser_ticks.py checks that every label lies within its chart.
# Markers outside the axes' ranges are not drawn (marker.maxdisplayed, a cap no trace of ours reaches, makes plotly
# draw only those in view): an explorer chart holds every year and shows a range of them, and the markers of the
# years out of view were half of its SVG nodes (tests/test_browser_explore.py counts them).
TEMPLATE: dict[str, Any] = {
    "data": {"scatter": [{"hovertemplate": YEAR_HOVER, "line": {"width": 2},
                          "marker": {"maxdisplayed": MARKERS_DRAWN, "size": 7},
                          "mode": "lines+markers", "type": "scatter"}]},
    "layout": {
        "colorway": list(PALETTE),
        "font": {"color": "#222", "family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 13},
        "hovermode": "x unified",
        "legend": {"font": {"size": 12}, "itemwidth": 30, "orientation": "h", "y": -0.18},
        "margin": {"b": 44, "l": 56, "r": 16, "t": 48},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "xaxis": {"linecolor": "#888", "showgrid": False, "ticklabeloverflow": "allow", "ticks": "outside"},
        "yaxis": {"gridcolor": "#e5e5e5", "ticklabeloverflow": "allow", "zeroline": False},
    },
}


def base_figure(title: str, x_title: str = "", y_title: str = "") -> Figure:
    """Return an empty figure with the slim template, a title and axis titles."""
    # the template's JSON, built once: the same figure, key for key, as update_layout with the Template object
    # (tests/test_figures_base.py)
    layout = {
        "template": TEMPLATE,  # shared by every figure: an update copies the level it changes
        "title": {"font": {"size": 15}, "text": title, "x": 0, "xanchor": "left"},
        "xaxis": {"title": x_title},
        "yaxis": {"title": y_title},
    }
    return Figure(layout)


def wrap_lines(text: str, width: int) -> list[str]:
    """text as lines of at most width characters, broken between words (a longer word keeps its own line)."""
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)


def wrap_title(fig: Figure, width: int = 38) -> Figure:
    """Break a figure's title into lines of at most width characters (plotly never wraps it) and make room for them."""
    lines = wrap_lines(fig.layout.title.text or "", width)
    if len(lines) > 1:
        top = fig.layout.margin.t if fig.layout.margin.t is not None else 60
        fig.update_layout(title_text="<br>".join(lines), margin_t=max(top, 30 + 19 * len(lines)))
        if fig.layout.height is not None:
            fig.update_layout(height=fig.layout.height + 19 * (len(lines) - 1))
    return fig


def _axis_json(fig: Figure, axis: str) -> dict[str, Any]:
    """An axis's layout as plain JSON (the builders skip validation, so titles may be plain strings)."""
    value = fig.layout.get(axis, {})
    return value if isinstance(value, dict) else {}


def axis_caption(fig: Figure) -> str:
    """The unit a figure's axes name (the y axis title, else the x axis title), for a card's one-line caption."""
    for axis in ("yaxis", "xaxis"):
        title = _axis_json(fig, axis).get("title")
        text = title.get("text") if isinstance(title, dict) else title
        if text:
            return str(text)
    return ""


def short_name(name: str, width: int) -> str:
    """name in at most width characters, keeping a last bracketed part whole ("Blueberries (cran… (China customs)")."""
    if len(name) <= width:
        return name
    head, sep, tail = name.rpartition(" (")
    if sep and name.endswith(")") and len(tail) + 3 < width // 2:
        return head[: width - len(tail) - 3].rstrip() + "…" + sep + tail
    return name[: width - 1] + "…"


def compact(fig: Figure, caption: str, *, width_chars: int = 40) -> Figure:
    """A card-sized figure: the caption (units or key) as its title, year ticks every 2, 5 or 10 years, small tick
    fonts and at most 4 value ticks in short numbers, axis titles dropped, and a legend of one entry per row above
    the chart (the figure grows with it: never a scrolling legend); names cut to width_chars."""
    xaxis = _axis_json(fig, "xaxis")
    span = xaxis.get("range")
    if isinstance(span, list | tuple) and len(span) == 2 and xaxis.get("type") not in ("category", "date"):
        width = float(span[1]) - float(span[0])
        fig.update_xaxes(dtick=2 if width <= 10 else 5 if width <= 26 else 10, tick0=0)
    else:
        fig.update_xaxes(nticks=5)
    for axis in (fig.layout.xaxis, fig.layout.yaxis):  # the caption says the unit
        axis["title"] = {"text": ""}  # by item: a title given as a plain string cannot be reparented
    fig.update_xaxes(tickangle=0, tickfont={"size": 10}, automargin=True)
    numeric = all(
        tr.type != "heatmap" and all(isinstance(v, Number) for v in (tr.y if tr.y is not None else ()))
        for tr in fig.data
    )
    fig.update_yaxes(tickfont={"size": 10}, automargin=True)
    if numeric:  # a category axis (timeline rows, metrics) keeps every label
        fig.update_yaxes(nticks=4, tickformat="~s")
    named = [tr for tr in fig.data if tr.showlegend is not False and tr.name]
    show = len(named) > 1
    for tr in named:
        tr.name = short_name(tr.name, width_chars)
    legend = 18 * len(named) if show else 0
    fig.update_layout(
        title={"text": caption, "font": {"size": 11}, "x": 0, "xanchor": "left", "y": 0.99, "yanchor": "top"},
        height=230 + legend,
        showlegend=show,
        # above the plot, under the caption: clear of the year ticks, one entry per row, never scrolling
        legend={"orientation": "v", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom", "font": {"size": 10},
                "maxheight": 1000},
        margin={"l": 8, "r": 8, "t": 28 + legend, "b": 8},
    )
    return fig
