"""evidence/china_side_by_year.csv: China-reported (mirror) trade with Peru."""

from __future__ import annotations

from dashboard.data import rules
from dashboard.data.build.builder import Builder, Origin, coded_kind, number, period_of, unit_of
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
        kind = coded_kind(f, r)
        num = number(f, r, "value")
        if num is None:
            b.skip(f)
            continue
        period = period_of(f, r, r["year"])
        derived = kind == "DERIVED"
        sid = b.source(f, r, kind, derived)
        reject = rules.bad_reason(f.dataset, r.cells)
        origin = Origin(rep, "CHN", rules.MIRROR_FLOW[flow], "TOTAL", period, sid, kind, derived, reject)
        b.emit(f, r, origin, unit.measure or "value", num, unit)
