"""curated/history.csv: Chinese immigration to Peru and Cuba, free trade agreements, the Belt and Road memorandum.

Rows may state a figure (value, or a range 'low-high', with its unit): the events keep it in value, value_high, unit.
For rows covering a period, the date is the period's start and the period is in the event text.
"""

from __future__ import annotations

from dashboard.data.build.builder import Builder
from dashboard.data.build.curated import read_dated
from dashboard.data.raw import RawFile


def read(b: Builder, f: RawFile) -> None:
    """Add the historical milestones, with the figures they state, as events."""
    read_dated(b, f, figures=True)
