"""The explorer's filters: year range, products, partners, flow, unit and sources, and their values for a state."""

from __future__ import annotations

import json
from typing import Any

from dash import dcc, html

from dashboard import ids, layout, urlstate
from dashboard.pages.explore.prepare import ExploreData
from dashboard.strings import t
from dashboard.urlstate import ExploreState

# The controls, in the order of urlstate.PARAMS (from, to, product, partner, flow, unit, source).
CONTROL_IDS = (
    ids.EX_FROM,
    ids.EX_TO,
    ids.EX_PRODUCT,
    ids.EX_PARTNER,
    ids.EX_FLOW,
    ids.EX_UNIT,
    ids.EX_SOURCE,
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


def _dropdown(label: str, name: str, options: list[dict[str, Any]], value: Any, **kwargs: Any) -> html.Div:
    return _control(t(label), name, dcc.Dropdown(id=control_id(name), options=options, value=value, **kwargs))


def controls(ex: ExploreData, state: ExploreState) -> html.Div:
    """Return the explorer's filters, set to a state."""
    year_options = [{"label": str(y), "value": y} for y in range(ex.years[0], ex.years[1] + 1)]
    year = {"clearable": False, "searchable": True}
    return html.Div(
        [
            _dropdown("explore.ctl.from", ids.EX_FROM, year_options, state.from_year, **year),
            _dropdown("explore.ctl.to", ids.EX_TO, year_options, state.to_year, **year),
            _dropdown("explore.ctl.product", ids.EX_PRODUCT, ex.product_options, list(state.products), multi=True),
            _dropdown("explore.ctl.partner", ids.EX_PARTNER, ex.partner_options, list(state.partners), multi=True),
            _radios(ids.EX_FLOW, urlstate.FLOWS, state.flow),
            _radios(ids.EX_UNIT, urlstate.UNITS, state.unit),
            _radios(ids.EX_SOURCE, urlstate.SOURCES, state.source),
        ],
        className="ex-controls",
        role="group",
        **layout.aria(label=t("explore.controls")),
    )


def control_values(state: ExploreState) -> list[Any]:
    """The controls' values for a state, in CONTROL_IDS order."""
    return [
        state.from_year,
        state.to_year,
        list(state.products),
        list(state.partners),
        state.flow,
        state.unit,
        state.source,
    ]
