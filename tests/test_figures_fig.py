"""The plain-data Figure: plotly's update semantics, JSON as plotly writes it, and every chart valid to plotly."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.components import claim_figure
from dashboard.figures import Figure, base_figure, destination_bars_figure, trace
from dashboard.pages import chancay, explore

# Views that between them draw every explorer chart type: lines on each scale and flow, bars, heatmap, treemap.
SEARCHES = ["", "?scale=log", "?scale=index&from=2010", "?flow=import&unit=share", "?flow=balance",
            "?unit=tonnes&product=2603,7403", "?source=all&from=2015&to=2020", "?product=2601&from=2023&to=2024",
            "?product=081040,080610&from=2010&to=2024"]


def _valid(fig: Figure) -> None:
    """Raise as plotly does on a property it does not know or a value it does not take."""
    go.Figure(fig.to_plotly_json())  # validated: a misspelt property or a bad value raises ValueError


def test_every_explorer_chart_is_a_figure_plotly_validates(committed_ctx) -> None:
    drawn = set()
    for search in SEARCHES:
        for key in explore.PANELS:
            fig = explore.panel_for(committed_ctx, key, search).figure
            if fig is not None:
                _valid(fig)
                drawn |= {tr.type for tr in fig.data}
    assert drawn == {"scatter", "bar", "treemap"}  # the committed BACI years are too few for the heatmap: below


def test_the_destinations_heatmap_is_a_figure_plotly_validates() -> None:
    years = list(range(2018, 2024))
    frame = pd.DataFrame({"year": years * 2, "partner": ["CHN"] * 6 + ["USA"] * 6,
                          "partner_name": ["China"] * 6 + ["USA"] * 6, "value": [10.0 ** (i % 4) for i in range(12)]})
    fig = destination_bars_figure(frame, title="t", x_title="US$ million")
    assert [tr.type for tr in fig.data] == ["heatmap"]
    _valid(fig)


def test_every_claim_chart_and_chancay_chart_is_a_figure_plotly_validates(committed_ctx) -> None:
    for claim in committed_ctx.registry.claims:
        for small in (False, True):  # the leader grid is a heatmap
            fig = claim_figure(committed_ctx, claim, committed_ctx.results[claim.id], small=small)
            if fig is not None:
                _valid(fig)
    for key in chancay.CHARTS:
        _valid(chancay.panel_for(committed_ctx, key).figure)


def test_a_misspelt_property_fails_validation() -> None:
    fig = base_figure("t").add_trace(trace("scatter", x=[1], y=[2], colour="red"))
    with pytest.raises(ValueError, match="colour"):
        _valid(fig)


def test_updates_merge_objects_unset_with_none_and_spell_out_magic_underscores() -> None:
    fig = Figure({"margin": {"l": 1, "t": 2}, "xaxis": {"title": "year"}})
    fig.update_layout(margin={"t": 76}, title_text="T", legend_y=-0.2, paper_bgcolor="white")
    fig.update_xaxes(dtick=5, minor=None).update_xaxes(minor={"dtick": 1}).update_xaxes(minor=None)
    assert fig.to_plotly_json()["layout"] == {
        "margin": {"l": 1, "t": 76}, "xaxis": {"title": "year", "dtick": 5}, "title": {"text": "T"},
        "legend": {"y": -0.2}, "paper_bgcolor": "white",
    }
    assert fig.layout.xaxis.title.text == "year" and fig.layout.yaxis.title.text is None
    assert fig.layout.height is None and fig.layout.annotations == ()


def test_json_has_typed_arrays_as_plotly_writes_them_and_leaves_the_figure_and_shared_dicts_alone() -> None:
    shared = {"font": {"size": 10}}
    fig = Figure({"legend": shared}).add_trace(trace("scatter", x=np.array([2020, 2021]), y=[1.0, None], name=None))
    fig.update_layout(legend_font_size=12).add_annotation({"text": "a", "x": np.int64(2020)})
    ours = fig.to_plotly_json()
    theirs = go.Figure({"layout": {"legend": shared}}).add_trace(go.Scatter(x=np.array([2020, 2021]), y=[1.0, None]))
    theirs.update_layout(legend_font_size=12).add_annotation({"text": "a", "x": np.int64(2020)})
    plotly_json = json.loads(theirs.to_json())
    del plotly_json["layout"]["template"]  # plotly's default template: ours are built on base_figure's
    assert json.loads(fig.to_json()) == plotly_json
    assert ours["data"][0]["x"]["dtype"] == "i2" and isinstance(fig.data[0].x, np.ndarray)  # encoded in a copy
    assert shared == {"font": {"size": 10}}  # a dict the layout was built from is not changed by an update


@pytest.mark.parametrize(
    "array",
    [
        np.array([1, 2, 100], dtype="int64"),  # narrowed to int8, as plotly does
        np.array([-300, 2], dtype="int64"),  # int16
        np.array([70_000, -1], dtype="int64"),  # int32
        np.array([2**40, 1], dtype="int64"),  # too wide: plotly writes a plain list
        np.array([3, 255], dtype="uint64"),
        np.array([2**33], dtype="uint64"),
        np.array([1.5, float("nan"), -2.25], dtype="float64"),
        np.array([1.5, 2.5], dtype="float32"),
        np.array([7, 8], dtype="int32"),
        np.array([1.0, 2.0, 3.0, 4.0, 5.0])[::2],  # not contiguous
        np.array([], dtype="float64"),
        np.array([[1, 2], [3, 4]], dtype="int64"),  # two dimensions: plotly's own path
        np.array([True, False]),
        np.array(["2020-01-01", "2021-01-01"], dtype="datetime64[D]"),
    ],
    ids=lambda a: f"{a.dtype}-{a.shape}",
)
def test_numeric_arrays_are_written_as_plotly_writes_them(array: np.ndarray) -> None:
    from _plotly_utils.utils import PlotlyJSONEncoder, to_typed_array_spec

    from dashboard.figures.fig import encoded

    def as_json(value: object) -> str:
        return json.dumps(value, cls=PlotlyJSONEncoder, sort_keys=True)

    assert as_json(encoded({"x": array})) == as_json({"x": to_typed_array_spec(array)})
