"""Pure figure builders: tidy data in, plotly figure out. No I/O, no Dash.

fig.py         a figure as plain data (traces and layout), built without plotly's object model
base.py        palette, template, an empty figure with titles
evidence.py    observations over time and by partner or product (evidence lines, destinations, composition)
statements.py  statements and events (leader strip, timeline, stated figures, ranges)
"""

from dashboard.figures.base import (
    PALETTE,
    TEMPLATE,
    axis_caption,
    base_figure,
    compact,
    family_colours,
    partner_colours,
    short_name,
    wrap_title,
)
from dashboard.figures.evidence import (
    BAR_YEARS,
    add_event_lines,
    composition_figure,
    destination_bars_figure,
    destinations_figure,
    evidence_figure,
    hover_lines,
)
from dashboard.figures.fig import Figure, trace
from dashboard.figures.products import OTHERS_ID, TREEMAP_TILES, treemap_figure
from dashboard.figures.statements import leader_strip_figure, range_figure, statements_figure, timeline_figure

__all__ = [
    "BAR_YEARS",
    "OTHERS_ID",
    "PALETTE",
    "TEMPLATE",
    "TREEMAP_TILES",
    "Figure",
    "add_event_lines",
    "axis_caption",
    "base_figure",
    "compact",
    "composition_figure",
    "destination_bars_figure",
    "destinations_figure",
    "evidence_figure",
    "family_colours",
    "hover_lines",
    "leader_strip_figure",
    "partner_colours",
    "range_figure",
    "short_name",
    "statements_figure",
    "timeline_figure",
    "trace",
    "treemap_figure",
    "wrap_title",
]
