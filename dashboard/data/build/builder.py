"""What every raw-file reader shares: the accumulated rows, strict cell readers, and emitting observations."""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from dashboard.data import rules
from dashboard.data.build.sources import Sources
from dashboard.data.errors import DataError
from dashboard.data.raw import RawFile, RawRow


class Origin(NamedTuple):
    """What one raw row says about its figures: who reports, the flow seen from Peru, product, period, source."""

    reporter: rules.Reporter
    counterpart: str
    peru_flow: str
    product: str
    period: rules.Period
    source_id: str
    kind: str
    derived: bool
    reject: str | None
    note: str = ""
    """Note of the figures (default: the raw row's `note` cell)."""


ORIGIN_COLUMNS = ("reporter", "source_kind", "stated_by", "note")
"""Raw cells that say where a figure comes from (the owner is read from them); absent columns read as empty."""

Figure = tuple[str, tuple[Decimal, str] | None, rules.Unit]
"""(measure, parsed number or None when the cell is empty, raw unit)."""


def number(f: RawFile, r: RawRow, col: str) -> tuple[Decimal, str] | None:
    """Parse a numeric cell (None when empty); DataError when it is not a number."""
    text = r[col].strip()
    if not text:
        return None
    parsed = rules.parse_number(text)
    if parsed is None:
        raise DataError(f.path, r.row, f"{col} is not a number: {text!r}")
    return parsed


def coded_kind(f: RawFile, r: RawRow) -> str:
    """Reliability code of a coded source_kind cell; DataError if unknown."""
    kind = rules.kind_from_code(r["source_kind"])
    if kind is None:
        raise DataError(f.path, r.row, f"unknown source kind {r['source_kind']!r}")
    return kind


def period_of(f: RawFile, r: RawRow, year_text: str) -> rules.Period:
    """Parsed period of a row; DataError if the year cannot be read."""
    p = rules.parse_period(year_text, r["period"])
    if p is None:
        raise DataError(f.path, r.row, f"cannot read year/period {year_text!r} / {r['period']!r}")
    return p


def unit_of(f: RawFile, r: RawRow) -> rules.Unit:
    """The Unit of a row's `unit` cell; DataError if unknown."""
    unit = rules.units().get(r["unit"].strip())
    if unit is None:
        raise DataError(f.path, r.row, f"unknown unit {r['unit']!r}")
    return unit


class Builder:
    """Accumulates observations, facts and events from raw files."""

    def __init__(self) -> None:
        self.obs: list[dict[str, object]] = []
        self.facts: list[dict[str, object]] = []
        self.events: list[dict[str, object]] = []
        self.sources = Sources()
        self.product_names: dict[str, str] = {}
        self.skipped: dict[str, int] = {}

    def source(self, f: RawFile, r: RawRow, kind: str, derived: bool) -> str:
        """Source id of a row; rows without URL must be derived figures."""
        url = r["source_url"].strip()
        if not url and not derived:
            raise DataError(f.path, r.row, "source_url is empty for a figure that is not derived")
        text = " | ".join(r[col] for col in ORIGIN_COLUMNS if r[col].strip())
        return self.sources.add(url, kind, dataset=f.dataset, text=text)

    def skip(self, f: RawFile) -> None:
        """Count a row that carries no figure (kept in raw/ only)."""
        self.skipped[f.dataset] = self.skipped.get(f.dataset, 0) + 1

    def one_figure(
        self, f: RawFile, r: RawRow, col: str, measure: str, unit: rules.Unit, who: tuple[rules.Reporter, str, str, str]
    ) -> None:
        """Emit the one figure of a coded yearly row (cell `col`; `who`: reporter, counterpart, Peru flow, product)."""
        kind = coded_kind(f, r)
        num = number(f, r, col)
        if num is None:
            self.skip(f)
            return
        period = period_of(f, r, r["year"])
        derived = kind == "DERIVED"
        sid = self.source(f, r, kind, derived)
        origin = Origin(*who, period, sid, kind, derived, rules.bad_reason(f.dataset, r.cells))
        self.emit(f, r, origin, measure, num, unit)

    def emit_all(self, f: RawFile, r: RawRow, origin: Origin, figures: list[Figure]) -> None:
        """Append one observation per figure whose cell is not empty."""
        for measure, num, unit in figures:
            if num is not None:
                self.emit(f, r, origin, measure, num, unit)

    def emit(
        self,
        f: RawFile,
        r: RawRow,
        o: Origin,
        measure: str,
        number: tuple[Decimal, str],
        unit: rules.Unit,
        *,
        tag: str = "",
    ) -> None:
        """Append one observation, seen both from its reporter and from Peru (`tag`: the column of a wide row)."""
        if o.reporter.iso3 == "PER":
            partner, flow = o.counterpart, o.peru_flow
        elif o.reporter.iso3 == o.counterpart:
            partner, flow = "PER", rules.MIRROR_FLOW[o.peru_flow]
        else:
            raise DataError(f.path, r.row, f"reporter {o.reporter.iso3} is neither Peru nor its counterpart")
        value, qual = number
        text_qual = rules.qualifier_from_text(r["period"], r["note"], value)
        if qual == "exact" and text_qual:
            qual = text_qual
        if o.period.kind == "projection":
            qual = "projected"
        unit_name = {"rank": "rank", "share": "percent"}.get(measure, unit.unit)
        self.obs.append(
            {
                "obs_id": f"{f.dataset}-{r.row:04d}-{tag + '-' if tag else ''}{measure}",
                "dataset": f.dataset,
                "raw_row": r.row,
                "reporter": o.reporter.iso3,
                "source_family": o.reporter.family,
                "partner": partner,
                "flow": flow,
                "peru_partner": o.counterpart,
                "peru_flow": o.peru_flow,
                "product": o.product,
                "measure": measure,
                "year": o.period.year,
                "period": o.period.period,
                "period_kind": o.period.kind,
                "months": o.period.months,
                "value": float(value * unit.factor),
                "unit": unit_name,
                "qualifier": qual,
                "source_id": o.source_id,
                "kind": o.kind,
                "derived": o.derived or o.kind == "DERIVED",
                "status": "rejected" if o.reject else "",
                "status_reason": o.reject or "",
                "note": o.note or rules.note_corrections().get((f.dataset, r.row)) or r["note"].strip(),
            }
        )

    def fact(
        self,
        fact_id: str,
        metric: str,
        value: Decimal,
        unit: str,
        qual: str,
        r: RawRow,
        stated_by: str,
        sid: str,
        kind: str,
    ) -> None:
        """Append one Chancay fact of raw row r (its period and note are kept)."""
        self.facts.append(
            {
                "fact_id": fact_id,
                "metric": metric,
                "value": float(value),
                "unit": unit,
                "qualifier": qual,
                "period": r["period"].strip(),
                "stated_by": stated_by.strip(),
                "source_id": sid,
                "kind": kind,
                "note": r["note"].strip(),
                "duplicate_of": "",
            }
        )
