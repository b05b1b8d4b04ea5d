"""The explorer: Peru–China trade, partners, products, BACI destinations and milestones, its state in the URL.

prepare.py   the data prepared once (ExploreData)
common.py    what the panel builders share (units, source families by chart, row helpers)
trade.py     trade and partners panels; products.py: composition, trends, BACI, timeline (no Dash imports)
panels.py    the panels by name and the state fields each depends on
controls.py  the filters and their values for a state
sync.py      the page, cached cards, and the callback glue (respond, tables, CSVs)
"""

from dashboard.pages.explore.controls import CONTROL_IDS, control_id, control_values, controls, dom_id
from dashboard.pages.explore.panels import PANEL_DEPS, PANELS, baci_commodity
from dashboard.pages.explore.prepare import ExploreData, prepare
from dashboard.pages.explore.sync import (
    CACHE_SIZE,
    FIRST,
    FIRST_PARTS,
    FIRST_SETS,
    LATER_SETS,
    PARTS,
    cached_panel,
    cards,
    changed_cards,
    csv_download,
    from_controls,
    page,
    panel_for,
    parse,
    respond,
    respond_later,
    table_for,
)

__all__ = [
    "CACHE_SIZE",
    "CONTROL_IDS",
    "FIRST",
    "FIRST_PARTS",
    "FIRST_SETS",
    "LATER_SETS",
    "PANELS",
    "PANEL_DEPS",
    "PARTS",
    "ExploreData",
    "baci_commodity",
    "cached_panel",
    "cards",
    "changed_cards",
    "control_id",
    "control_values",
    "controls",
    "csv_download",
    "dom_id",
    "from_controls",
    "page",
    "panel_for",
    "parse",
    "prepare",
    "respond",
    "respond_later",
    "table_for",
]
