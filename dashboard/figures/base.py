"""The figures' common look: a colour-blind-safe palette, a template and an empty figure with titles."""

from __future__ import annotations

import plotly.graph_objects as go

# Okabe–Ito palette: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#D55E00", "#0072B2", "#009E73", "#E69F00", "#56B4E9", "#CC79A7", "#F0E442", "#000000")

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
        legend={"orientation": "h", "y": -0.18},
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
