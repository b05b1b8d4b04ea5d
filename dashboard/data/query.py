"""Pure query helpers over the tidy tables (DataFrames in, DataFrames out)."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from dashboard.data.vocab import BOUNDS, LIVE_STATUSES
from dashboard.lru import LRU

FIRST_YEAR = 2000  # the coverage window opens with the decade the article's trade story starts in
COVERAGE_CODES = {
    "F": "preferred full-year figure",
    "P": "only partial-year or season figures",
    "D": "only derived figures",
    "B": "only a bound (not in a top-5 list: below the 5th value)",
    ".": "no figure",
}


def _as_tuple(value: str | Iterable[str] | None) -> tuple[str, ...] | None:
    """None stays None (no condition); one code becomes a one-item tuple."""
    if value is None:
        return None
    return (value,) if isinstance(value, str) else tuple(value)


FIELDS = ("peru_partner", "peru_flow", "product", "measure", "source_family", "status", "period_kind", "kind",
          "qualifier")
INDEX_MIN_ROWS = 50_000  # from this many rows a selection reads a table's index instead of comparing every row


@dataclass(frozen=True)
class Selection:
    """Which observations to keep: each field is one code, several codes, or None for any (the one row filter)."""

    peru_partner: str | Iterable[str] | None = None
    peru_flow: str | Iterable[str] | None = None
    product: str | Iterable[str] | None = None
    measure: str | Iterable[str] | None = None
    source_family: str | Iterable[str] | None = None
    status: str | Iterable[str] | None = LIVE_STATUSES
    period_kind: str | Iterable[str] | None = None
    kind: str | Iterable[str] | None = None
    qualifier: str | Iterable[str] | None = None

    def conditions(self) -> list[tuple[str, tuple[str, ...]]]:
        """The (column, codes) pairs this selection tests, in FIELDS order (a field of None tests nothing)."""
        out = []
        for column in FIELDS:
            codes = _as_tuple(getattr(self, column))
            if codes is not None:
                out.append((column, codes))
        return out

    def mask(self, obs: pd.DataFrame) -> pd.Series:
        """Boolean mask of the rows of obs this selection keeps."""
        m = pd.Series(True, index=obs.index)
        for column, codes in self.conditions():
            m &= obs[column] == codes[0] if len(codes) == 1 else obs[column].isin(codes)
        return m

    def __call__(self, obs: pd.DataFrame, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """The rows of obs this selection keeps, in their original order (a large table's read from its index); only
        the given columns when asked (taking rows costs by the column). A remembered table's selections are taken
        once and handed out as copies."""
        memo = _MEMOS.get(id(obs))
        if memo is not None and memo.rows == len(obs) and memo.table() is obs:
            key = (tuple(self.conditions()), None if columns is None else tuple(columns))
            found = memo.found.get(key)
            if found is None:
                found = self._take(obs, columns)
                memo.found.put(key, found)
            return found.copy(deep=False)  # its own object (copy on write): a caller changing it changes no other
        return self._take(obs, columns)

    def _take(self, obs: pd.DataFrame, columns: Sequence[str] | None) -> pd.DataFrame:
        """The rows of obs this selection keeps (the index's positions or the mask's rows), the columns asked."""
        if len(obs) >= INDEX_MIN_ROWS:
            positions = indexed_positions(obs, self)
            if positions is not None:
                return obs.iloc[positions] if columns is None else obs.iloc[positions, obs.columns.get_indexer(columns)]
        return obs[self.mask(obs)] if columns is None else obs.loc[self.mask(obs), list(columns)]


def select(
    obs: pd.DataFrame, *, columns: Sequence[str] | None = None, **fields: str | Iterable[str] | None
) -> pd.DataFrame:
    """The rows of obs matching every given field (see Selection): the one way to filter observations."""
    return Selection(**fields)(obs, columns)


class _ColumnIndex:
    """One text column's rows grouped by value: each row's value number, and the row positions of each value."""

    def __init__(self, column: pd.Series) -> None:
        codes, uniques = pd.factorize(column)  # a missing value gets -1 and matches no code asked for
        self.codes = codes.astype(np.int32)
        self.lookup = {v: i for i, v in enumerate(uniques.tolist()) if isinstance(v, str)}
        self.order = np.argsort(self.codes, kind="stable")  # positions by value, ascending within each value
        self.bounds = np.searchsorted(self.codes[self.order], np.arange(-1, len(uniques) + 1))

    def numbers(self, codes: tuple[str, ...]) -> np.ndarray:
        """The value numbers of the codes this column holds (a code it never holds has none)."""
        return np.array(sorted({self.lookup[c] for c in codes if c in self.lookup}), dtype=np.int32)

    def count(self, numbers: np.ndarray) -> int:
        """How many rows hold one of these values."""
        return int((self.bounds[numbers + 2] - self.bounds[numbers + 1]).sum())

    def positions(self, numbers: np.ndarray) -> np.ndarray:
        """The positions of the rows holding one of these values, ascending."""
        parts = [self.order[self.bounds[n + 1]:self.bounds[n + 2]] for n in numbers]
        return parts[0] if len(parts) == 1 else np.sort(np.concatenate(parts))


class TableIndex:
    """A table's text columns grouped by value, each built the first time a selection tests it (thread-safe)."""

    def __init__(self, table: pd.DataFrame) -> None:
        self.table = weakref.ref(table)
        self.rows = len(table)
        self.columns: dict[str, _ColumnIndex] = {}
        self.lock = threading.Lock()

    def column(self, name: str) -> _ColumnIndex:
        """The index of one column, built once."""
        found = self.columns.get(name)
        if found is None:
            with self.lock:
                found = self.columns.get(name)
                if found is None:
                    table = self.table()
                    assert table is not None  # an index lives only as long as its table
                    found = self.columns[name] = _ColumnIndex(table[name])
        return found


_INDEXES: dict[int, TableIndex] = {}
_INDEXES_LOCK = threading.Lock()


def table_index(obs: pd.DataFrame) -> TableIndex:
    """The index of a table, built once per table object and dropped with it (the tables are never changed)."""
    key, rows = id(obs), len(obs)
    found = _INDEXES.get(key)
    if found is not None and found.rows == rows and found.table() is obs:
        return found
    with _INDEXES_LOCK:
        found = _INDEXES.get(key)
        if found is None or found.rows != rows or found.table() is not obs:
            found = _INDEXES[key] = TableIndex(obs)
            weakref.finalize(obs, _forget, key, found)
    return found


def _forget(key: int, index: TableIndex) -> None:
    """Drop a collected table's index (unless another table has taken its id since)."""
    with _INDEXES_LOCK:
        if _INDEXES.get(key) is index:
            del _INDEXES[key]


MEMO_ENTRIES = 256  # selections a remembered table keeps, the least recently used dropped first
MEMO_ROWS = 2  # ... and rows they hold together, at most this many times the table's


class _Memo:
    """A remembered table (a weak reference and its length) and its selections by conditions and columns."""

    def __init__(self, table: pd.DataFrame) -> None:
        self.table = weakref.ref(table)
        self.rows = len(table)
        self.found = LRU(MEMO_ENTRIES, weight=len, max_weight=MEMO_ROWS * self.rows)


_MEMOS: dict[int, _Memo] = {}


def remember(obs: pd.DataFrame) -> pd.DataFrame:
    """Mark a table that is never changed as one whose selections are kept: the same selection again (another
    panel, another year range of the same chart) costs a copy, not a pass over the table. Returns the table."""
    with _INDEXES_LOCK:
        if not (id(obs) in _MEMOS and _MEMOS[id(obs)].table() is obs):
            memo = _MEMOS[id(obs)] = _Memo(obs)
            weakref.finalize(obs, _forget_memo, id(obs), memo)
    return obs


def _forget_memo(key: int, memo: _Memo) -> None:
    """Drop a collected table's selections (unless another table has taken its id since)."""
    with _INDEXES_LOCK:
        if _MEMOS.get(key) is memo:
            del _MEMOS[key]


def indexed_positions(obs: pd.DataFrame, selection: Selection) -> np.ndarray | None:
    """The positions of the rows a selection keeps, ascending, read from the table's index: the rows with the
    fewest matches first, then each other condition tested on those rows only. None when the selection tests a
    code that is not text (the mask then decides)."""
    conditions = selection.conditions()
    if not all(isinstance(c, str) for _, codes in conditions for c in codes):
        return None
    if not conditions:
        return np.arange(len(obs))
    index = table_index(obs)
    tests = [(index.column(name), index.column(name).numbers(codes)) for name, codes in conditions]
    if any(not len(numbers) for _, numbers in tests):
        return np.array([], dtype=np.intp)
    tests.sort(key=lambda test: test[0].count(test[1]))
    positions = tests[0][0].positions(tests[0][1])
    for column, numbers in tests[1:]:
        held = column.codes[positions]
        positions = positions[held == numbers[0] if len(numbers) == 1 else np.isin(held, numbers)]
    return positions


def one_chunk(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with each Arrow-backed column in one contiguous chunk: taking rows from a column read in several
    chunks (a CSV's blocks, a filter's pieces) costs several times more."""
    columns = {}
    for name in frame.columns:
        array = getattr(frame[name].array, "_pa_array", None)
        if isinstance(array, pa.ChunkedArray) and array.num_chunks > 1:
            whole = pa.chunked_array([array.combine_chunks()], type=array.type)
            columns[name] = pd.Series(pd.array(whole, dtype=frame[name].dtype), index=frame.index, name=name)
    return frame.assign(**columns) if columns else frame


def python_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with its Arrow-backed text columns held as Python strings in one block of objects, each distinct
    value held once: a small table's rows are taken and compared several times faster (an Arrow call costs more than
    the rows it reads, and a column of its own costs a call of its own)."""
    columns = {}
    for name in frame.columns:
        if isinstance(frame[name].dtype, pd.StringDtype) and frame[name].dtype.storage == "pyarrow":
            codes, uniques = pd.factorize(frame[name])
            values = np.append(np.asarray(uniques, dtype=object), np.nan)[codes]  # -1 (missing) takes the NaN
            columns[name] = pd.Series(values, dtype=object, index=frame.index, name=name)
    # plain object columns, unlike text ones, go into one 2-D block when copied: taking rows is one call for all of
    # them (an explorer panel's pandas work 30-35% faster than with a Python-string column each)
    return frame.assign(**columns).copy() if columns else frame


def records(rows: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as dicts of plain Python values, like `to_dict("records")` but column by column (4x faster on the
    Arrow-backed text columns, which to_dict reads one element at a time)."""
    columns = [str(c) for c in rows.columns]
    values = [_plain(rows[c]) for c in rows.columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def _plain(column: pd.Series) -> list[Any]:
    """A column's values as Python objects, a missing integer or flag as None (as to_dict gives it)."""
    values = column.tolist()
    if isinstance(column.dtype, pd.api.extensions.ExtensionDtype) and not isinstance(column.dtype, pd.StringDtype):
        return [None if v is pd.NA else v for v in values]
    return values


def series(
    obs: pd.DataFrame,
    *,
    peru_partner: str,
    peru_flow: str,
    product: str = "TOTAL",
    measure: str = "value",
    source_family: str | Iterable[str] | None = None,
    include: Iterable[str] = ("preferred", "alternative"),
) -> pd.DataFrame:
    """Observations of one series seen from Peru, optionally limited to source families and statuses."""
    rows = select(
        obs,
        peru_partner=peru_partner,
        peru_flow=peru_flow,
        product=product,
        measure=measure,
        source_family=source_family,
        status=tuple(include),
    )
    return rows.sort_values(["source_family", "year", "status", "obs_id"]).reset_index(drop=True)


def year_code(rows: pd.DataFrame) -> str:
    """Coverage code of one year's observations: F, P, D, B (a bound only) or '.'."""
    live = rows[rows["status"] != "rejected"]
    if live.empty:
        return "."
    reported = live[~live["derived"].astype(bool)]
    levels = reported[~reported["qualifier"].isin(BOUNDS)]
    if ((levels["status"] == "preferred") & (levels["period_kind"] == "full_year")).any():
        return "F"
    if len(levels) < len(reported) and levels.empty:
        return "B"
    if reported["period_kind"].isin(["full_year", "partial", "season", "month"]).any():
        return "P"
    return "D" if len(reported) < len(live) else "."


def key_series(obs: pd.DataFrame, n_products: int = 5) -> list[tuple[str, Selection]]:
    """The key series of the coverage report: (label, selection) pairs (every status, so rejected rows show)."""
    out = [
        ("Peru exports to China (Peru, FOB)", Selection("CHN", "export", "TOTAL", "value", "peru", None)),
        ("Peru exports to China (China-reported, CIF)",
         Selection("CHN", "export", "TOTAL", "value", ("china", "mirror"), None)),
        ("Peru imports from China (Peru)", Selection("CHN", "import", "TOTAL", "value", "peru", None)),
        ("Peru exports to the US (Peru)", Selection("USA", "export", "TOTAL", "value", "peru", None)),
        ("Peru total exports (Peru)", Selection("WLD", "export", "TOTAL", "value", "peru", None)),
    ]
    china = select(obs, peru_partner="CHN")
    goods = china[~china["product"].isin(["TOTAL", "TOURISM"])]
    top = goods.groupby("product").size().reset_index(name="n")
    top = top.sort_values(["n", "product"], ascending=[False, True]).head(n_products)
    for prod in top["product"]:
        label = f"Product {prod} to/from China (all sources)"
        out.append((label, Selection("CHN", None, prod, ("value", "volume"), None, None)))
    return out


HEADLINE = Selection(
    peru_partner="CHN",
    peru_flow="export",
    product="TOTAL",
    measure="value",
    source_family="peru",
    status="preferred",
    period_kind="full_year",
)
"""Peru's preferred full-year figures of its exports to China, as Peru reports them."""


def latest_year(obs: pd.DataFrame) -> int:
    """The latest full year of the headline series (Peru-reported exports to China): the time axis' end."""
    return int(HEADLINE(obs)["year"].max())


def coverage(
    obs: pd.DataFrame, last_year: int, years: Iterable[int] | None = None, n_products: int = 5
) -> pd.DataFrame:
    """Year-by-year coverage (F/P/D/.) of the key series: one row per series, one column per year."""
    years = list(range(FIRST_YEAR, last_year + 1) if years is None else years)
    rows = []
    for label, sel in key_series(obs, n_products):
        sub = sel(obs)
        by_year = {int(y): g for y, g in sub.groupby("year")}
        codes: dict[object, str] = {y: year_code(by_year[y]) if y in by_year else "." for y in years}
        rows.append({"series": label, **codes})
    return pd.DataFrame(rows, columns=["series", *years])


def distinct_chancay_facts(chancay: pd.DataFrame) -> pd.DataFrame:
    """The Chancay ledger without the statements that repeat another row (those with duplicate_of set)."""
    return chancay[chancay["duplicate_of"].fillna("") == ""] if "duplicate_of" in chancay else chancay
