"""evidence/china_side_by_year.csv: China-reported (mirror) trade with Peru."""

from __future__ import annotations

from dashboard.data import rules
from dashboard.data.build.builder import Builder, unit_of
from dashboard.data.errors import DataError
from dashboard.data.raw import RawFile


def read(b: Builder, f: RawFile) -> None:
    """Add the observations of china_side_by_year."""
    for r in f.rows:
        rep = rules.china_reporter(r["reporter"].strip())
        if rep is None:
            raise DataError(f.path, r.row, f"unknown reporter {r['reporter']!r}")
        if r["partner"].strip() != "Peru":
            raise DataError(f.path, r.row, f"partner must be Peru, found {r['partner']!r}")
        flow = r["flow"].strip()
        if flow not in ("trade", "export", "import"):
            raise DataError(f.path, r.row, f"unknown flow {flow!r}")
        unit = unit_of(f, r)
        b.one_figure(f, r, "value", unit.measure or "value", unit, (rep, "CHN", rules.MIRROR_FLOW[flow], "TOTAL"))
