"""The tidy tables' schemas, declared in one place, with reading, writing and validation."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.data import rules
from dashboard.data.errors import DataError
from dashboard.data.vocab import STATUSES

YEAR_MIN, YEAR_MAX = 1950, 2030
EVENT_YEAR_MIN = 1800
"""Events reach back to the first Chinese immigrants (1847); figures start in 1950."""
SERIES_KEY = ("source_family", "reporter", "peru_partner", "peru_flow", "product", "measure", "unit", "year")
PRODUCT_LEVELS = ("total", "section", "chapter", "heading", "subheading", "group")


@dataclass(frozen=True)
class Column:
    """One column: dtype (str, int, float, bool), nullability, allowed values and numeric range."""

    name: str
    dtype: str = "str"
    nullable: bool = False
    allowed: tuple[str, ...] | None = None
    lo: float | None = None
    hi: float | None = None


@dataclass(frozen=True)
class Table:
    """A tidy table: file name, ordered columns, primary key and foreign keys (column → table)."""

    name: str
    columns: tuple[Column, ...]
    pk: str
    fks: tuple[tuple[str, str], ...] = field(default=())

    @property
    def filename(self) -> str:
        """CSV file name of the table."""
        return f"{self.name}.csv"

    @property
    def names(self) -> list[str]:
        """Column names in order."""
        return [c.name for c in self.columns]


OBSERVATIONS = Table(
    "observations",
    (
        Column("obs_id"),
        Column("dataset"),
        Column("raw_row", "int", lo=1),
        Column("reporter"),
        Column("source_family", allowed=rules.FAMILIES),
        Column("partner"),
        Column("flow", allowed=rules.FLOWS),
        Column("peru_partner"),
        Column("peru_flow"),
        Column("product"),
        Column("measure", allowed=rules.MEASURES),
        Column("year", "int", lo=YEAR_MIN, hi=YEAR_MAX),
        Column("period"),
        Column("period_kind", allowed=rules.PERIOD_KINDS),
        Column("months", "int", nullable=True, lo=1, hi=12),
        Column("value", "float"),
        Column("unit"),
        Column("qualifier", allowed=rules.QUALIFIERS),
        Column("source_id"),
        Column("kind", allowed=rules.KINDS),
        Column("derived", "bool"),
        Column("status", allowed=STATUSES),
        Column("status_reason", nullable=True),
        Column("note", nullable=True),
    ),
    pk="obs_id",
    fks=(("source_id", "sources"), ("product", "products"), ("partner", "partners"), ("peru_partner", "partners")),
)
SOURCES = Table(
    "sources",
    (
        Column("source_id"),
        Column("url", nullable=True),
        Column("domain", nullable=True),
        Column("publisher"),
        Column("title", nullable=True),
        Column("kind", allowed=rules.KINDS),
        Column("date", nullable=True),
        Column("n_observations", "int", lo=0),
        Column("owner", nullable=True),
        Column("read_at", nullable=True),
    ),
    pk="source_id",
)
SOURCED = (Column("source_id"), Column("kind", allowed=rules.KINDS), Column("note", nullable=True))
"""The last columns of a sourced row: its source, the source's kind, a note."""
EVENTS = Table(
    "events",
    (
        Column("event_id"),
        Column("date"),
        Column("precision", allowed=("day", "month", "year")),
        Column("year", "int", lo=EVENT_YEAR_MIN, hi=YEAR_MAX),
        Column("category", allowed=rules.EVENT_CATEGORIES),
        Column("country"),
        Column("event"),
        Column("value", "float", nullable=True),
        Column("value_high", "float", nullable=True),
        Column("unit", nullable=True),
        *SOURCED,
    ),
    pk="event_id",
    fks=(("source_id", "sources"), ("country", "partners")),
)
CHANCAY = Table(
    "chancay",
    (
        Column("fact_id"),
        Column("metric"),
        Column("value", "float"),
        Column("unit"),
        Column("qualifier", allowed=rules.QUALIFIERS),
        Column("period", nullable=True),
        Column("stated_by"),
        *SOURCED,
        Column("duplicate_of", nullable=True),
    ),
    pk="fact_id",
    fks=(("source_id", "sources"), ("duplicate_of", "chancay")),
)
PRODUCTS = Table(
    "products",
    (
        Column("code"),
        Column("name"),
        Column("level", allowed=PRODUCT_LEVELS),
        Column("hs_chapter", nullable=True),
        Column("hs_section", nullable=True),
        Column("parent", nullable=True),
    ),
    pk="code",
    fks=(("parent", "products"),),
)
PARTNERS = Table("partners", (Column("code"), Column("name")), pk="code")

TABLES: dict[str, Table] = {t.name: t for t in (OBSERVATIONS, SOURCES, EVENTS, CHANCAY, PRODUCTS, PARTNERS)}

# --------------------------------------------------------------------------- formatting


def format_cell(value: object, dtype: str) -> str:
    """Render one cell deterministically (floats: shortest round-trip repr, integral ones without .0)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if dtype == "bool":
        return "true" if bool(value) else "false"
    if dtype == "int":
        return str(int(value))  # type: ignore[call-overload]
    if dtype == "float":
        f = float(value)  # type: ignore[arg-type]
        if f.is_integer() and abs(f) < 1e15:
            return str(int(f))
        return repr(f)
    return str(value)


def to_csv_text(df: pd.DataFrame, table: Table) -> str:
    """Serialise a table to CSV text (UTF-8, '\\n' line endings, header, no index), sorted by PK."""
    df = df.sort_values(table.pk, kind="stable")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(table.names)
    cols = [(df[c.name].tolist(), c.dtype) for c in table.columns]
    for i in range(len(df)):
        w.writerow([format_cell(vals[i], dt) for vals, dt in cols])
    return buf.getvalue()


# --------------------------------------------------------------------------- reading


def _convert(df: pd.DataFrame, table: Table, path: str) -> pd.DataFrame:
    """Convert string columns to their declared dtypes, raising DataError at the first bad cell."""
    out = {}
    for col in table.columns:
        s = df[col.name]
        empty = s == ""
        if col.dtype == "str":
            out[col.name] = s.astype("str")
            continue
        if col.dtype == "bool":
            ok = s.isin(["true", "false"])
            if not ok.all():
                row = int(np.argmin(ok.to_numpy())) + 1
                raise DataError(path, row, f"{col.name} is not true/false: {s.iloc[row - 1]!r}")
            out[col.name] = s == "true"
            continue
        num = pd.to_numeric(s.where(~empty, None), errors="coerce")
        bad = num.isna() & ~empty
        if bad.any():
            row = int(np.argmax(bad.to_numpy())) + 1
            raise DataError(path, row, f"{col.name} is not a number: {s.iloc[row - 1]!r}")
        if col.dtype == "int":
            frac = num.notna() & (num != num.round())
            if frac.any():
                row = int(np.argmax(frac.to_numpy())) + 1
                raise DataError(path, row, f"{col.name} is not an integer: {s.iloc[row - 1]!r}")
            out[col.name] = num.astype("Int64") if (col.nullable or empty.any()) else num.astype("int64")
        else:
            out[col.name] = num.astype("float64")
    return pd.DataFrame(out, index=range(len(df)))


def read_table(path: str | Path, table: Table) -> pd.DataFrame:
    """Read one tidy table with explicit dtypes (DataError on a bad file, header or cell)."""
    p = Path(path)
    if not p.is_file():
        raise DataError(p, None, "file not found")
    try:  # parse the file directly: no second and third copy of a large table in memory
        df = pd.read_csv(p, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8")
    except UnicodeDecodeError:
        raw = p.read_bytes()
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise DataError(p, max(raw[: e.start].count(b"\n"), 1), "not valid UTF-8") from None
        raise
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as e:
        raise DataError(p, None, f"not a readable CSV table: {e}") from None
    if list(df.columns) != table.names:
        missing = [c for c in table.names if c not in df.columns]
        reason = f"missing column(s) {', '.join(missing)}" if missing else "columns not in schema order"
        raise DataError(p, None, f"{reason}; expected {','.join(table.names)}")
    return _convert(df, table, str(p))


# --------------------------------------------------------------------------- validation


def _first(mask: pd.Series) -> int:
    """1-based row of the first True in a boolean Series."""
    return int(np.argmax(mask.to_numpy())) + 1


def validate_table(df: pd.DataFrame, table: Table, path: str) -> None:
    """Check one table against its declared columns, ranges and primary key."""
    if list(df.columns) != table.names:
        raise DataError(path, None, f"columns {list(df.columns)} differ from schema {table.names}")
    df = df.reset_index(drop=True)
    for col in table.columns:
        s = df[col.name]
        isnull = s.isna() | (s.astype(str) == "") if col.dtype == "str" else s.isna()
        if not col.nullable and isnull.any():
            raise DataError(path, _first(isnull), f"{col.name} is empty")
        if col.allowed is not None:
            bad = ~s.isin(col.allowed) & ~isnull
            if bad.any():
                r = _first(bad)
                raise DataError(path, r, f"{col.name} {s.iloc[r - 1]!r} not in {list(col.allowed)}")
        if col.dtype in ("int", "float"):
            vals = s.astype("float64")
            if col.dtype == "float":
                bad = ~np.isfinite(vals) & ~isnull
                if bad.any():
                    raise DataError(path, _first(bad), f"{col.name} is not finite")
            if col.lo is not None and (bad := (vals < col.lo) & ~isnull).any():
                r = _first(bad)
                raise DataError(path, r, f"{col.name} {vals.iloc[r - 1]} below {col.lo}")
            if col.hi is not None and (bad := (vals > col.hi) & ~isnull).any():
                r = _first(bad)
                raise DataError(path, r, f"{col.name} {vals.iloc[r - 1]} above {col.hi}")
    dup = df[table.pk].duplicated()
    if dup.any():
        r = _first(dup)
        raise DataError(path, r, f"duplicate {table.pk} {df[table.pk].iloc[r - 1]!r}")
    if not df[table.pk].is_monotonic_increasing:
        raise DataError(path, None, f"rows not sorted by {table.pk}")


def _check_observations(obs: pd.DataFrame, path: str) -> None:
    """Observation-specific rules: units per measure, shares, reasons and one preferred per series."""
    for measure, units in rules.MEASURE_UNITS.items():
        bad = (obs["measure"] == measure) & ~obs["unit"].isin(units)
        if bad.any():
            r = _first(bad)
            raise DataError(path, r, f"unit {obs['unit'].iloc[r - 1]!r} not allowed for measure {measure}")
    bad = (obs["measure"] == "share") & ((obs["value"] < 0) | (obs["value"] > 100))
    if bad.any():
        raise DataError(path, _first(bad), "share outside 0..100")
    bad = (obs["measure"] == "rank") & (obs["value"] < 1)
    if bad.any():
        raise DataError(path, _first(bad), "rank below 1")
    bad = (obs["status"] != "preferred") & (obs["status_reason"].astype(str) == "")
    if bad.any():
        raise DataError(path, _first(bad), "alternative or rejected without status_reason")
    bad = (obs["kind"] == "DERIVED") & ~obs["derived"].astype(bool)
    if bad.any():
        raise DataError(path, _first(bad), "kind DERIVED but derived is false")
    key = list(SERIES_KEY)
    pref = obs["status"] == "preferred"
    n_pref = pref.groupby([obs[k] for k in key]).transform("sum")
    n_live = (obs["status"] != "rejected").groupby([obs[k] for k in key]).transform("sum")
    bad = (n_pref != 1) & (n_live > 0)
    if bad.any():
        r = _first(bad)
        raise DataError(
            path,
            r,
            f"series of {obs['obs_id'].iloc[r - 1]} has {int(n_pref.iloc[r - 1])} "
            "preferred observations (exactly one required)",
        )
    bad = pref & (n_live == 0)
    if bad.any():  # pragma: no cover - implied by the above
        raise DataError(path, _first(bad), "rejected series with a preferred observation")


def validate(tables: Mapping[str, pd.DataFrame], paths: Mapping[str, str]) -> None:
    """Validate all tidy tables: schemas, keys, foreign keys and observation rules."""
    for name, table in TABLES.items():
        validate_table(tables[name], table, paths[name])
    for name, table in TABLES.items():
        df = tables[name].reset_index(drop=True)
        for col, target in table.fks:
            keys = set(tables[target][TABLES[target].pk])
            s = df[col].astype(str)
            bad = ~s.isin(keys) & (s != "")
            if bad.any():
                r = _first(bad)
                raise DataError(paths[name], r, f"{col} {s.iloc[r - 1]!r} not found in {target}.csv")
    _check_observations(tables["observations"].reset_index(drop=True), paths["observations"])
