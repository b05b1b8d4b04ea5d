"""evidence/partners_by_year.csv: Peru's trade by partner and year, with value, share and rank per row."""

from __future__ import annotations

from dashboard.data import rules
from dashboard.data.build.builder import Builder, Origin, coded_kind, number, period_of
from dashboard.data.errors import DataError
from dashboard.data.raw import RawFile


def read(b: Builder, f: RawFile) -> None:
    """Add the observations of partners_by_year."""
    for r in f.rows:
        rep = rules.reporters().get(r["reporter"].strip())
        if rep is None:
            raise DataError(f.path, r.row, f"unknown reporter {r['reporter']!r}")
        counterpart = rules.partner_names().get(r["partner"].strip())
        if counterpart is None:
            raise DataError(f.path, r.row, f"unknown partner {r['partner']!r}")
        flow = r["flow"].strip()
        if flow not in rules.FLOWS:
            raise DataError(f.path, r.row, f"unknown flow {flow!r}")
        kind = coded_kind(f, r)
        derived = kind == "DERIVED"
        period = period_of(f, r, r["year"])
        reject = rules.bad_reason(f.dataset, r.cells)
        units = rules.units()
        figures = [
            ("value", number(f, r, "value_usd_m"), units["USD million"]),
            ("share", number(f, r, "share_pct"), units["percent"]),
            ("rank", number(f, r, "rank"), units["percent"]),
        ]
        if all(n is None for _, n, _ in figures):
            b.skip(f)
            continue
        sid = b.source(f, r, kind, derived)
        b.emit_all(f, r, Origin(rep, counterpart, flow, "TOTAL", period, sid, kind, derived, reject), figures)
