"""Pure figure builders: tidy data in, plotly figure out. No I/O, no Dash."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
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
    fig = go.Figure()
    fig.update_layout(
        template=TEMPLATE,
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        xaxis_title=x_title,
        yaxis_title=y_title,
    )
    return fig


def partner_lines_figure(
    frame: pd.DataFrame,
    *,
    title: str,
    labels: Mapping[str, str],
    years: Sequence[int] | None = None,
    x_title: str = "",
    y_title: str = "",
) -> go.Figure:
    """Draw one line per partner from columns year, partner, value; a year without a value is a gap."""
    fig = base_figure(title, x_title, y_title)
    if frame.empty:
        return fig
    span = np.arange(int(frame["year"].min()), int(frame["year"].max()) + 1) if years is None else np.asarray(years)
    for partner, label in labels.items():
        rows = frame[frame["partner"] == partner].set_index("year")["value"]
        values = rows.reindex(span).to_numpy(dtype=float)  # missing years stay NaN: drawn as gaps
        fig.add_trace(
            go.Scatter(
                x=span,
                y=values,
                name=label,
                mode="lines+markers",
                connectgaps=False,
                hovertemplate="%{y:,.0f}<extra>" + label + "</extra>",
            )
        )
    return fig
