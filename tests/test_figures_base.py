"""base_figure and the plain-data Figure make the figure plotly's update_layout with the Template object made."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest

from dashboard import figures
from dashboard.figures.base import TEMPLATE, base_figure


def _by_update_layout(title: str, x_title: str = "", y_title: str = "") -> go.Figure:
    """How base_figure was built before: update_layout with the Template object."""
    fig = go.Figure(_validate=False)
    fig.update_layout(
        template=go.layout.Template(TEMPLATE),
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        xaxis_title=x_title,
        yaxis_title=y_title,
    )
    return fig


def _drawn(fig: go.Figure) -> go.Figure:
    """What a builder does next: a trace, layout and axis updates."""
    fig.add_trace(go.Scatter(x=[2020, 2021], y=[1.0, 2.5], name="Peru"))
    fig.update_layout(hovermode="closest", margin={"t": 76}, height=300)
    fig.update_xaxes(range=[2019.5, 2021.5])
    return fig


@pytest.mark.parametrize("titles", [("Exports", "year", "US$ million"), ("Only a title",), ("",)])
def test_base_figure_serialises_as_before(titles: tuple[str, ...]) -> None:
    assert base_figure(*titles).to_json() == _by_update_layout(*titles).to_json()  # byte for byte
    assert _drawn(base_figure(*titles)).to_plotly_json() == _drawn(_by_update_layout(*titles)).to_plotly_json()
    drawn = _drawn(_by_update_layout(*titles)).to_plotly_json()
    small = figures.compact(_drawn(base_figure(*titles)), "cap")
    before = figures.compact(figures.Figure(drawn["layout"], drawn["data"]), "cap")
    assert json.loads(small.to_json()) == json.loads(before.to_json())  # the card-sized chart too (it clears titles)


def test_the_template_is_json_plotly_validates_and_writes_back_the_same() -> None:
    assert go.layout.Template(TEMPLATE).to_plotly_json() == TEMPLATE  # validated: a misspelt property raises
    assert json.dumps(go.layout.Template(TEMPLATE).to_plotly_json()) == json.dumps(TEMPLATE)  # the same key order


def test_the_template_is_the_template_and_one_figure_never_changes_the_next() -> None:
    fig = base_figure("t")
    assert fig.to_plotly_json()["layout"]["template"] == TEMPLATE
    fig.layout.template.layout.font.size = 99
    fig.layout.template.layout.colorway = ["#fff"]
    fig.update_layout(template_layout_margin_t=7)
    assert fig.layout.template.layout.font.size == 99 and fig.layout.template.layout.margin.t == 7
    assert base_figure("u").to_plotly_json()["layout"]["template"] == TEMPLATE


def test_a_builder_built_on_it_draws_the_same_chart() -> None:
    import pandas as pd

    frame = pd.DataFrame({"year": [2023, 2024], "partner": ["CHN"] * 2, "partner_name": ["China"] * 2,
                          "value": [1.0, 2.0]})
    fig = figures.destination_bars_figure(frame, title="t", x_title="US$ million")
    assert fig.layout.template.layout.font.size == 13 and fig.to_plotly_json()["layout"]["xaxis"]["title"] == (
        "US$ million")
