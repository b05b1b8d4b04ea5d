"""What the curated dated files share (data/raw/curated/): a row's country, category and stated figure."""

from __future__ import annotations

import re
from decimal import Decimal

from dashboard.data import rules
from dashboard.data.build.builder import Builder, number
from dashboard.data.build.events import Dated, add_event
from dashboard.data.errors import DataError
from dashboard.data.raw import RawFile, RawRow

RANGE = re.compile(r"(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)")
"""A stated range such as '90000-100000' (low-high)."""


def country_of(f: RawFile, r: RawRow) -> str:
    """The row's country_iso3, which must be a partner of data/reference/partners.csv; DataError otherwise."""
    code = r["country_iso3"].strip()
    if code not in rules.partners():
        raise DataError(f.path, r.row, f"unknown country {code!r} (not in data/reference/partners.csv)")
    return code


def figure_of(f: RawFile, r: RawRow) -> tuple[Decimal | None, Decimal | None, str]:
    """The figure a row states: (value or low end, high end of a range, unit); empty cells give (None, None, '')."""
    text, unit = r["value"].strip(), r["unit"].strip()
    if m := RANGE.fullmatch(text):
        low, high = Decimal(m.group(1)), Decimal(m.group(2))
        if low > high:
            raise DataError(f.path, r.row, f"value range {text!r} runs backwards")
        return low, high, unit
    num = number(f, r, "value")
    if num is None:
        return None, None, ""
    return num[0], None, unit


def read_dated(b: Builder, f: RawFile, *, figures: bool = False) -> None:
    """Add every row as an event: country from country_iso3, category from its note's marker or its text."""
    for r in f.rows:
        category = rules.curated_category(r["event"].strip(), r["note"].strip())
        low, high, unit = figure_of(f, r) if figures else (None, None, "")
        add_event(b, f, r, Dated(category, country_of(f, r), low, high, unit))
