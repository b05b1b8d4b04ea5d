"""evidence/figures.csv, the first ledger: topics A-C become observations, topic D Chancay facts."""

from __future__ import annotations

from decimal import Decimal

from dashboard.data import rules
from dashboard.data.build.builder import Builder, Origin, number, unit_of
from dashboard.data.errors import DataError
from dashboard.data.raw import RawFile, RawRow


def read(b: Builder, f: RawFile) -> None:
    """Add the observations and Chancay facts of figures.csv."""
    for r in f.rows:
        derived_cell = r["derived"].strip().lower()
        if derived_cell not in ("yes", "no"):
            raise DataError(f.path, r.row, f"derived must be yes or no, found {r['derived']!r}")
        if not r["source_kind"].strip():
            raise DataError(f.path, r.row, "unknown source kind ''")
        kind = rules.kind_from_text(r["source_kind"])
        derived = derived_cell == "yes" or kind == "DERIVED"
        if derived:
            kind = "DERIVED"
        unit = unit_of(f, r)
        num = number(f, r, "value")
        if num is None:
            raise DataError(f.path, r.row, "value is empty")
        topic = r["topic"].strip()
        sid = b.source(f, r, kind, derived)
        if topic == "D":
            _chancay_fact(b, f, r, num, unit, sid, kind)
            continue
        if topic not in ("A", "B", "C"):
            raise DataError(f.path, r.row, f"unknown topic {topic!r}")
        m = rules.metrics().get(r["metric"].strip())
        if m is None:
            raise DataError(f.path, r.row, f"unknown metric {r['metric'].strip()!r}")
        if unit.measure and unit.measure != m.measure:
            raise DataError(f.path, r.row, f"unit {r['unit']!r} does not fit measure {m.measure}")
        period = rules.parse_period("", r["period"])
        if period is None:
            raise DataError(f.path, r.row, f"cannot read period {r['period']!r}")
        if m.reporter == "PER":
            rep, counterpart, peru_flow = rules.Reporter("PER", "peru"), m.partner, m.flow
        else:
            rep, counterpart, peru_flow = rules.Reporter("CHN", "china"), "CHN", rules.MIRROR_FLOW[m.flow]
        reject = rules.bad_reason(f.dataset, r.cells)
        origin = Origin(rep, counterpart, peru_flow, m.product, period, sid, kind, derived, reject)
        b.emit(f, r, origin, m.measure, num, unit)


def _chancay_fact(
    b: Builder, f: RawFile, r: RawRow, num: tuple[Decimal, str], unit: rules.Unit, sid: str, kind: str
) -> None:
    """A topic D row: one Chancay fact, stated by its source_kind text."""
    metric = rules.chancay_metrics().get(r["metric"].strip())
    if metric is None:
        raise DataError(f.path, r.row, f"unknown Chancay metric {r['metric'].strip()!r}")
    qual = num[1]
    if qual == "exact" and "planned" in r["period"].lower():
        qual = "projected"
    b.fact(f"figures-{r.row:04d}", metric, num[0] * unit.factor, unit.unit, qual, r, r["source_kind"], sid, kind)
