"""evidence/chancay.csv: the Chancay port ledger, one fact per row."""

from __future__ import annotations

from dashboard.data import rules
from dashboard.data.build.builder import Builder, coded_kind, number, unit_of
from dashboard.data.errors import DataError
from dashboard.data.raw import RawFile


def read(b: Builder, f: RawFile) -> None:
    """Add the facts of chancay.csv."""
    for r in f.rows:
        kind = coded_kind(f, r)
        unit = unit_of(f, r)
        qual = rules.CHANCAY_QUALIFIERS.get(r["qualifier"].strip())
        if qual is None:
            raise DataError(f.path, r.row, f"unknown qualifier {r['qualifier']!r}")
        num = number(f, r, "value")
        if num is None:
            raise DataError(f.path, r.row, "value is empty")
        sid = b.source(f, r, kind, False)
        value = num[0] * unit.factor
        b.fact(f"chancay-{r.row:02d}", r["metric"].strip(), value, unit.unit, qual, r, r["stated_by"], sid, kind)
