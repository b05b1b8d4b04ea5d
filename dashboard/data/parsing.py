"""Parsing raw cells: numbers with their qualifier, years and periods."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation


def parse_number(text: str) -> tuple[Decimal, str] | None:
    """Parse "5437", ">22000", "~40", "1,300" into (Decimal, qualifier); None if not a number."""
    t = text.strip().replace(",", "")
    qual = "exact"
    if t[:1] in "<>~":
        qual = {">": "more_than", "<": "less_than", "~": "about"}[t[0]]
        t = t[1:].strip()
    if not re.fullmatch(r"-?\d+(\.\d+)?", t):
        return None
    try:
        return Decimal(t), qual
    except InvalidOperation:  # pragma: no cover - the regex already guards this
        return None


def qualifier_from_text(period: str, note: str, value: Decimal) -> str | None:
    """Qualifier implied by the period or note text (None when the text implies nothing)."""
    p = period.lower()
    if "forecast" in p or "projection" in p or "planned" in p:
        return "projected"
    if "'more than'" in p:
        return "more_than"
    if "approx" in p or "'about'" in p:
        return "about"
    n = note.lower()
    for word, qual in (("more than", "more_than"), ("about", "about"), ("over", "more_than")):
        for m in re.finditer(rf"'{word} ([\d,.]+)", n):
            num = parse_number(m.group(1))
            if num and num[0] == value:
                return qual
    if "lower bound" in n:
        return "more_than"
    if re.search(r"\brounded\b(?!\s+\d)", n) or re.search(r"\bapprox", n):
        return "about"
    return None


MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MON = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"


@dataclass(frozen=True)
class Period:
    """A parsed period: calendar year, normalised text, kind and number of months."""

    year: int
    period: str
    kind: str
    months: int | None


def parse_year(text: str) -> tuple[int, str] | None:
    """Parse a raw year cell: "2017", "2017/18", "2010-2019", "2023 or 2024" → (year, shape)."""
    t = text.strip()
    if m := re.fullmatch(r"(\d{4})", t):
        return int(m.group(1)), "year"
    if m := re.fullmatch(r"(\d{4})/(\d{2}|\d{4})", t):
        return int(m.group(1)), "season"
    if m := re.fullmatch(r"(\d{4})-(\d{4})", t):
        return int(m.group(2)), "multi"
    if m := re.fullmatch(r"(\d{4}) or (\d{4})", t):
        return int(m.group(2)), "either"
    return None


def _season_label(year: int) -> str:
    return f"season {year}/{(year + 1) % 100:02d}"


def parse_period(year_text: str, period_text: str) -> Period | None:
    """Parse a raw (year, period) pair into a Period; None if the year cannot be read."""
    p = period_text.strip()
    low = p.lower()
    # figures.csv puts the year inside the period: "2013 Jan-Oct", "2022/23 season", "c.2022-2023"
    if not year_text.strip():
        m = re.match(r"(?:c\.)?(\d{4}(?:/\d{2})?(?:-\d{4})?)\s*(.*)$", p)
        if not m:
            return None
        year_text, rest = m.group(1), m.group(2)
        if "-" in year_text and not rest:
            return Period(int(year_text[-4:]), p, "multi_year", None)
        low = f"season {rest}".strip() if "/" in year_text else (rest.lower() or "full year")
    parsed = parse_year(year_text)
    if parsed is None:
        return None
    year, shape = parsed
    if shape == "multi":
        return Period(year, year_text.strip(), "multi_year", None)
    if "cumulative" in low and "two" in low:
        return Period(year, "two years cumulative", "multi_year", None)
    if "ambiguous" in low:
        return Period(year, "ambiguous", "other", None)
    if "forecast" in low or "projection" in low or "planned" in low:
        return Period(year, "projection", "projection", None)
    if "season" in low or shape == "season":
        if "full season" in low:
            return Period(year, _season_label(year), "season", 12)
        if re.search(r"season (to|wk)|to \d+ \w+ \d{4}|season to", low):
            return Period(year, _season_label(year) + " to date", "partial", None)
        return Period(year, _season_label(year), "season", None)
    if low.startswith("full year") or low == "":
        return Period(year, "FY", "full_year", 12)
    if re.search(r"\bh1\b", low):
        return Period(year, "H1", "partial", 6)
    if re.search(r"\bq1\b", low):
        return Period(year, "Q1", "partial", 3)
    if "unstated" in low and "probably" not in low:
        return Period(year, "partial", "partial", None)
    if m := re.search(rf"\b{_MON}\s*-\s*{_MON}\b", low):
        a, b = MONTHS.index(m.group(1)), MONTHS.index(m.group(2))
        months = b - a + 1
        if months == 12:
            return Period(year, "FY", "full_year", 12)
        label = f"{m.group(1).title()}-{m.group(2).title()}"
        return Period(year, label, "partial", months if months > 0 else None)
    if m := re.match(rf"{_MON}\b", low):
        return Period(year, m.group(1).title(), "month", 1)
    return Period(year, p or "FY", "other", None)
