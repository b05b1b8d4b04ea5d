"""The explorer's panels by name, and the state fields each one depends on (no Dash imports)."""

from __future__ import annotations

from collections.abc import Callable

from dashboard.components import Panel
from dashboard.pages.explore.prepare import ExploreData
from dashboard.pages.explore.products import (
    baci_commodity,
    baci_panel,
    composition_panel,
    timeline_panel,
    trend_value_panel,
    trend_volume_panel,
)
from dashboard.pages.explore.trade import partners_panel, trade_panel
from dashboard.urlstate import ExploreState

PANELS: dict[str, Callable[[ExploreData, ExploreState], Panel]] = {
    "trade": trade_panel,
    "partners": partners_panel,
    "composition": composition_panel,
    "trend_value": trend_value_panel,
    "trend_volume": trend_volume_panel,
    "baci": baci_panel,
    "timeline": timeline_panel,
}
# The state fields each panel depends on (what it draws or the line naming what it ignores): a change elsewhere
# reuses the cached panel.
PANEL_DEPS = {
    "trade": ("from_year", "to_year", "flow", "unit", "source", "scale"),
    "partners": ("from_year", "to_year", "flow", "unit", "source", "partners", "scale"),
    "composition": ("from_year", "to_year", "flow", "unit", "source", "products", "scale"),
    "trend_value": ("from_year", "to_year", "products", "source", "flow", "unit", "scale"),
    "trend_volume": ("from_year", "to_year", "products", "source", "flow", "unit", "scale"),
    "baci": ("from_year", "to_year", "products", "unit", "flow", "scale"),
    "timeline": ("from_year", "to_year"),
}

__all__ = ["PANELS", "PANEL_DEPS", "baci_commodity"]
