"""The explorer's filters: year range, products, partners, flow, unit and sources, and their values for a state."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from dash import dcc, html

from dashboard import ids, layout, urlstate
from dashboard.pages.explore.prepare import ExploreData
from dashboard.strings import t
from dashboard.urlstate import ExploreState

# The controls, in the order of urlstate.PARAMS (one year slider for from and to, then product ... scale).
CONTROL_IDS = (
    ids.EX_YEARS,
    ids.EX_PRODUCT,
    ids.EX_PARTNER,
    ids.EX_FLOW,
    ids.EX_UNIT,
    ids.EX_SOURCE,
    ids.EX_SCALE,
)


def control_id(name: str) -> dict[str, str]:
    """Pattern-matching id of a control (so the callback also runs, harmlessly, on pages without controls)."""
    return {"type": ids.EX_CTL, "name": name}


def dom_id(component_id: dict[str, str]) -> str:
    """The DOM id Dash gives a dict id (its keys sorted, compact JSON)."""
    return json.dumps(component_id, sort_keys=True, separators=(",", ":"))


def _control(label: str, name: str, component: Any) -> html.Div:
    return html.Div(
        [html.Label(label, htmlFor=dom_id(control_id(name)), className="ex-label"), component],
        className="ex-control",
        id=name,
    )


def _radios(name: str, values: tuple[str, ...], value: str) -> html.Fieldset:
    return html.Fieldset(
        [
            html.Legend(t(f"explore.ctl.{name.removeprefix('ex-')}"), className="ex-label"),
            dcc.RadioItems(
                id=control_id(name),
                options=[{"label": t(f"explore.opt.{v}"), "value": v} for v in values],
                value=value,
                inline=True,
                className="ex-radios",
            ),
        ],
        className="ex-control ex-fieldset",
        id=name,
    )


DROPDOWN_LABELS = ("select_all", "deselect_all", "selected_count", "search", "clear_search", "clear_selection",
                   "no_options_found")


def _dropdown(label: str, name: str, options: list[dict[str, Any]], value: Any, **kwargs: Any) -> html.Div:
    labels: Any = {k: t(f"dropdown.{k}") for k in DROPDOWN_LABELS}  # Dash's own words, in the page's language
    dropdown = dcc.Dropdown(id=control_id(name), options=options, value=value, labels=labels, **kwargs)
    return _control(t(label), name, dropdown)


def _years(ex: ExploreData, state: ExploreState) -> html.Div:
    """The year range slider, bounded by the years the data holds (keyboard: arrows), the two years as text boxes."""
    lo, hi = ex.years
    every = 10 if hi - lo > 30 else 5  # few marks: they must not run together on a phone
    marks = {y: str(y) for y in range(lo - lo % every + every, hi + 1, every)}
    slider = dcc.RangeSlider(
        id=control_id(ids.EX_YEARS),
        min=lo,
        max=hi,
        step=1,
        value=[state.from_year, state.to_year],
        marks=marks,
        allowCross=False,
        updatemode="mouseup",
        allow_direct_input=True,  # the two years as text boxes beside the slider, editable
    )
    return html.Div(
        [html.Span(t("explore.ctl.years"), className="ex-label", id="ex-years-label"), slider],
        className="ex-control ex-years",
        id=ids.EX_YEARS,
        role="group",
        **layout.aria(labelledby="ex-years-label"),
        # assets/a11y.js names the slider's two year boxes with these (Dash draws them without a label)
        **layout.data_attrs(min_label=t("explore.ctl.years.from"), max_label=t("explore.ctl.years.to")),
    )


def controls(ex: ExploreData, state: ExploreState) -> html.Div:
    """Return the explorer's filters, set to a state."""
    return html.Div(
        [
            _years(ex, state),
            _dropdown("explore.ctl.product", ids.EX_PRODUCT, ex.product_options, list(state.products), multi=True,
                      searchable=True, placeholder=t("explore.ctl.product.search")),
            _dropdown("explore.ctl.partner", ids.EX_PARTNER, ex.partner_options, list(state.partners), multi=True),
            _radios(ids.EX_FLOW, urlstate.FLOWS, state.flow),
            _radios(ids.EX_UNIT, urlstate.UNITS, state.unit),
            _radios(ids.EX_SOURCE, urlstate.SOURCES, state.source),
            _radios(ids.EX_SCALE, urlstate.SCALES, state.scale),
        ],
        className="ex-controls",
        role="group",
        **layout.aria(label=t("explore.controls")),
    )


def control_values(state: ExploreState) -> list[Any]:
    """The controls' values for a state, in CONTROL_IDS order."""
    return [
        [state.from_year, state.to_year],
        list(state.products),
        list(state.partners),
        state.flow,
        state.unit,
        state.source,
        state.scale,
    ]


def params_of(values: Sequence[Any]) -> list[Any]:
    """The controls' values (CONTROL_IDS order) as the URL's parameters (urlstate.PARAMS order): from, to, ..."""
    years = values[0] if values else None
    pair = list(years) if isinstance(years, list | tuple) and len(years) == 2 else [years, None]
    return [*pair, *values[1:]]
