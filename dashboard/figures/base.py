"""The figures' common look: a colour-blind-safe palette, a template and an empty figure with titles."""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go

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


TEMPLATE = go.layout.Template(
    layout=go.Layout(
        font={"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 13, "color": "#222"},
        colorway=list(PALETTE),
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin={"l": 56, "r": 16, "t": 48, "b": 44},
        hovermode="x unified",
        xaxis={"showgrid": False, "linecolor": "#888", "ticks": "outside"},
        yaxis={"gridcolor": "#e5e5e5", "zeroline": False},
        legend={"orientation": "h", "y": -0.18, "font": {"size": 12}, "itemwidth": 30},
    )
)


def base_figure(title: str, x_title: str = "", y_title: str = "") -> go.Figure:
    """Return an empty figure with the slim template, a title and axis titles."""
    fig = go.Figure(_validate=False)  # the builders are tested; skipping validation makes them 3x-10x faster
    fig.update_layout(
        template=TEMPLATE,
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        xaxis_title=x_title,
        yaxis_title=y_title,
    )
    return fig
