"""curated/latam_csp.csv: when Latin American countries formed a comprehensive strategic partnership with China.

A row whose note opens with CONFLICT/DISPUTED (Bolivia 2018: other sources say a plain strategic partnership) becomes
category partnership_disputed, so that it is shown but not counted as a comprehensive strategic partnership.
"""

from __future__ import annotations

from dashboard.data.build.builder import Builder
from dashboard.data.build.curated import read_dated
from dashboard.data.raw import RawFile


def read(b: Builder, f: RawFile) -> None:
    """Add the partnership dates as events."""
    read_dated(b, f)
