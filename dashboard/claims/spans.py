"""Dates as spans: a date known to the day, month or year covers a range of days; several sources date one country.

A country's sources agree when their spans overlap (the country's span is then their overlap); otherwise they
disagree and the country's span runs from the earliest to the latest possible day, so that a ranking can show the
best and the worst place the disagreement allows.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import names
from dashboard.claims.reference import country_name
from dashboard.fmt import fmt_date
from dashboard.strings import t


def bounds(date: str) -> tuple[str, str]:
    """The first and last possible day of '1971-11-02', '2013-04' or '2013', as comparable ISO strings."""
    date = date.strip()
    if len(date) >= 10:
        return date[:10], date[:10]
    if len(date) == 7:
        return f"{date}-01", f"{date}-31"
    return f"{date[:4]}-01-01", f"{date[:4]}-12-31"


@dataclass(frozen=True)
class Span:
    """What the sources say about one country's date: the span of possible days and the dates they give."""

    country: str
    lo: str
    hi: str
    dates: tuple[str, ...]
    agree: bool

    @property
    def label(self) -> str:
        """The date for people: the most precise one when the sources agree, else 'first to last'."""
        if self.agree:
            return fmt_date(max(self.dates, key=len))
        return f"{fmt_date(self.dates[0])} {t('list.to')} {fmt_date(self.dates[-1])}"


def span_of(country: str, dates: list[str]) -> Span:
    """The span of one country's dates: their overlap when they agree, the whole range when they do not."""
    pairs = [bounds(d) for d in dates]
    lo, hi = max(a for a, _ in pairs), min(b for _, b in pairs)
    agree = lo <= hi
    if not agree:
        lo, hi = min(a for a, _ in pairs), max(b for _, b in pairs)
    ordered = tuple(sorted(set(dates), key=lambda d: (bounds(d), len(d))))
    return Span(country, lo, hi, ordered, agree)


def spans(rows: pd.DataFrame) -> dict[str, Span]:
    """Each country's span from its events' dates, countries ordered by their earliest possible day."""
    by_country = {c: span_of(c, [str(d) for d in g["date"]]) for c, g in rows.groupby("country", sort=True)}
    return dict(sorted(by_country.items(), key=lambda kv: (kv[1].lo, kv[0])))


def place(subject: str, by_country: dict[str, Span]) -> tuple[int, int, list[str]]:
    """The subject's best and worst place (1 = first) and the countries surely earlier, in date order."""
    me = by_country[subject]
    others = [s for c, s in by_country.items() if c != subject]
    surely_before = [s.country for s in others if s.hi < me.lo]
    maybe_before = [s for s in others if s.lo <= me.hi]
    return 1 + len(surely_before), 1 + len(maybe_before), surely_before


def distinct_dates(rows: pd.DataFrame) -> pd.DataFrame:
    """One event per country and date (the first by id), in date order: every date a source gives, once."""
    ordered = rows.sort_values(["date", "event_id"])
    return ordered.drop_duplicates(["country", "date"])


def name(code: str) -> str:
    """A country's name for people: the app's partner name, else the Latin American reference name, else the code."""
    return names.partner(code, t(f"partner.{code}", lang="en", default=country_name(code) or code))
