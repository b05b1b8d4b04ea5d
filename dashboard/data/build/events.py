"""evidence/events.csv: dated milestones, with a category and subject country read from the text."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

from dashboard.data import rules
from dashboard.data.build.builder import Builder, coded_kind
from dashboard.data.errors import DataError
from dashboard.data.raw import RawFile, RawRow

DATE_FORMATS = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}


class Dated(NamedTuple):
    """What one raw row says happened: its category, subject country and, when stated, a figure (low, high, unit)."""

    category: str
    country: str
    value: Decimal | None = None
    value_high: Decimal | None = None
    unit: str = ""


def add_event(b: Builder, f: RawFile, r: RawRow, what: Dated) -> None:
    """Append one event of raw row r; its id is `<date>-<country>-<category>`, numbered when repeated."""
    kind = coded_kind(f, r)
    date, precision = r["date"].strip(), r["precision"].strip()
    if precision not in DATE_FORMATS:
        raise DataError(f.path, r.row, f"unknown precision {precision!r}")
    if not re.fullmatch(DATE_FORMATS[precision], date):
        raise DataError(f.path, r.row, f"date {date!r} does not match precision {precision}")
    base = f"{date}-{what.country.lower()}-{what.category.replace('_', '-')}"
    event_id, n = base, 2
    taken = {e["event_id"] for e in b.events}
    while event_id in taken:
        event_id, n = f"{base}-{n}", n + 1
    sid = b.source(f, r, kind, False)
    b.events.append(
        {
            "event_id": event_id,
            "date": date,
            "precision": precision,
            "year": int(date[:4]),
            "category": what.category,
            "country": what.country,
            "event": r["event"].strip(),
            "value": None if what.value is None else float(what.value),
            "value_high": None if what.value_high is None else float(what.value_high),
            "unit": what.unit,
            "source_id": sid,
            "kind": kind,
            "note": r["note"].strip(),
        }
    )


def read(b: Builder, f: RawFile) -> None:
    """Add the events of events.csv; category and country are read from the event text."""
    for r in f.rows:
        text = r["event"].strip()
        add_event(b, f, r, Dated(rules.event_category(text), rules.event_country(text)))
