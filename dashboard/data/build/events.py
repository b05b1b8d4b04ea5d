"""evidence/events.csv: dated milestones, with a category and subject country read from the text."""

from __future__ import annotations

import re

from dashboard.data import rules
from dashboard.data.build.builder import Builder, coded_kind
from dashboard.data.errors import DataError
from dashboard.data.raw import RawFile

DATE_FORMATS = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}


def read(b: Builder, f: RawFile) -> None:
    """Add the events of events.csv; ids are `<date>-<country>-<category>`, numbered when repeated."""
    for r in f.rows:
        kind = coded_kind(f, r)
        date, precision = r["date"].strip(), r["precision"].strip()
        if precision not in DATE_FORMATS:
            raise DataError(f.path, r.row, f"unknown precision {precision!r}")
        if not re.fullmatch(DATE_FORMATS[precision], date):
            raise DataError(f.path, r.row, f"date {date!r} does not match precision {precision}")
        text = r["event"].strip()
        category, country = rules.event_category(text), rules.event_country(text)
        base = f"{date}-{country.lower()}-{category.replace('_', '-')}"
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
                "category": category,
                "country": country,
                "event": text,
                "source_id": sid,
                "kind": kind,
                "note": r["note"].strip(),
            }
        )
