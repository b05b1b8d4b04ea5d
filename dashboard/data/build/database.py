"""The trade databases copied into raw/ (WITS, WTO IDB): which file is which dataset, its source, shared pieces."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from dashboard.data import reference, rules
from dashboard.data.build.builder import Builder, Origin
from dashboard.data.errors import DataError
from dashboard.data.raw import RawFile, RawRow
from dashboard.data.reference import Spec


@dataclass(frozen=True)
class Database:
    """One database file of raw/: its dataset name, path under raw/, database label and where it was read."""

    dataset: str
    file: str
    database: str
    publisher: str
    title: str
    url: str


@functools.cache
def databases() -> dict[str, Database]:
    """Dataset name → Database, from data/reference/databases.csv (its figures lead their series: see ranking)."""
    spec = Spec(tuple(Database.__dataclass_fields__), ("dataset", "file"), patterns=(("url", r"https://\S+"),))
    return {r["dataset"]: Database(**r) for r in reference.read("databases", spec)}


def database_label(dataset: object) -> str | None:
    """The database label ("WITS", "WTO IDB") of a dataset whose figures form a database series, else None."""
    db = databases().get(str(dataset))
    return db.database if db else None


def source(b: Builder, db: Database) -> str:
    """Register the database file as one OFF source and return its id."""
    return b.sources.add(db.url, "OFF", title=db.title, publisher=db.publisher)


def full_year(f: RawFile, r: RawRow, text: str) -> rules.Period:
    """The full calendar year named by a cell (or a wide file's column); DataError if it is not a year."""
    if not re.fullmatch(r"\d{4}", text.strip()):
        raise DataError(f.path, r.row, f"year is not a year: {text!r}")
    return rules.Period(int(text), "FY", "full_year", 12)


def usd(f: RawFile, r: RawRow, col: str) -> tuple[Decimal, str]:
    """A non-empty whole-US$ cell as an exact number; DataError when empty or not a plain number."""
    num = rules.parse_number(r[col])
    if num is None or num[1] != "exact":
        raise DataError(f.path, r.row, f"{col} is not a number: {r[col]!r}")
    return num


def origin(
    reporter: rules.Reporter, counterpart: str, peru_flow: str, product: str, period: rules.Period, sid: str, note: str
) -> Origin:
    """The origin of a database figure: official, reported (not derived), never a known bad figure."""
    return Origin(reporter, counterpart, peru_flow, product, period, sid, "OFF", False, None, note)


def expect(f: RawFile, r: RawRow, col: str, value: str) -> None:
    """DataError unless the row's cell `col` is exactly `value` (after trimming)."""
    if r[col].strip() != value:
        raise DataError(f.path, r.row, f"{col} is {r[col]!r}, expected {value!r}")
