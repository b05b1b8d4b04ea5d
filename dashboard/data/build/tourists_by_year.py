"""evidence/tourists_by_year.csv: Chinese visitor arrivals in Peru."""

from __future__ import annotations

from dashboard.data import rules
from dashboard.data.build.builder import Builder
from dashboard.data.errors import DataError
from dashboard.data.raw import RawFile

PERU = rules.Reporter("PER", "peru")


def read(b: Builder, f: RawFile) -> None:
    """Add the observations of tourists_by_year."""
    for r in f.rows:
        unit = rules.units().get(r["unit"].strip())
        if unit is None or unit.measure != "arrivals":
            raise DataError(f.path, r.row, f"unknown unit {r['unit']!r}")
        b.one_figure(f, r, "arrivals", "arrivals", unit, (PERU, "CHN", "tourism", "TOURISM"))
