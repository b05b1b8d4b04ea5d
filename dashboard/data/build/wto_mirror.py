"""raw/wto_idb/mirror_imports_from_peru_total_by_reporter.csv: each partner's total imports from Peru (WTO IDB)."""

from __future__ import annotations

from dashboard.data import rules
from dashboard.data.build.builder import Builder
from dashboard.data.build.database import Database, full_year, origin, source, usd
from dashboard.data.errors import DataError
from dashboard.data.raw import RawFile

CHE_CAUTION = (
    "Switzerland's figures before 2014 leave out gold (10-90 m, then 2.9 bn in 2014): "
    "not comparable across 2013/2014 (raw/README)"
)


def read(b: Builder, f: RawFile, db: Database) -> None:
    """One figure per row: the reporter's imports from Peru, all chapters (US$ → US$ million, exact)."""
    sid = source(b, db)
    usd_unit = rules.units()["USD"]
    for r in f.rows:
        code = r["reporter_iso3"].strip()
        reporter = rules.reporters().get(code)
        if reporter is None or reporter.iso3 != code:
            raise DataError(f.path, r.row, f"unknown reporter {code!r} (not in reference/reporters.csv)")
        n_hs2 = r["n_hs2"].strip()
        if not n_hs2.isdigit():
            raise DataError(f.path, r.row, f"n_hs2 is not a count: {r['n_hs2']!r}")
        note = f"sum of {n_hs2} HS2 chapters" + (f"; {CHE_CAUTION}" if code == "CHE" else "")
        o = origin(reporter, code, "export", "TOTAL", full_year(f, r, r["Year"]), sid, note)
        b.emit(f, r, o, "value", usd(f, r, "value_usd"), usd_unit)
