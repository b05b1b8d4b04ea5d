"""evidence/tourists_by_year.csv: Chinese visitor arrivals in Peru."""

from __future__ import annotations

from dashboard.data import rules
from dashboard.data.build.builder import Builder, Origin, coded_kind, number, period_of
from dashboard.data.errors import DataError
from dashboard.data.raw import RawFile


def read(b: Builder, f: RawFile) -> None:
    """Add the observations of tourists_by_year."""
    for r in f.rows:
        unit = rules.units().get(r["unit"].strip())
        if unit is None or unit.measure != "arrivals":
            raise DataError(f.path, r.row, f"unknown unit {r['unit']!r}")
        kind = coded_kind(f, r)
        num = number(f, r, "arrivals")
        if num is None:
            b.skip(f)
            continue
        period = period_of(f, r, r["year"])
        derived = kind == "DERIVED"
        sid = b.source(f, r, kind, derived)
        reject = rules.bad_reason(f.dataset, r.cells)
        origin = Origin(rules.Reporter("PER", "peru"), "CHN", "tourism", "TOURISM", period, sid, kind, derived, reject)
        b.emit(f, r, origin, "arrivals", num, unit)
