"""Reader of the curated reference tables in data/reference/: each CSV checked against its declared columns."""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass
from pathlib import Path

from dashboard.data import REPO_ROOT
from dashboard.data.errors import DataError

REFERENCE_DIR = REPO_ROOT / "data" / "reference"


@dataclass(frozen=True)
class Spec:
    """What a reference file must hold: its columns, unique columns, optional cells, allowed values, patterns."""

    columns: tuple[str, ...]
    unique: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    allowed: tuple[tuple[str, tuple[str, ...]], ...] = ()
    patterns: tuple[tuple[str, str], ...] = ()


Row = dict[str, str]


def read(name: str, spec: Spec, directory: Path | None = None) -> tuple[Row, ...]:
    """Rows of data/reference/<name>.csv in file order (cells exactly as written); DataError on any bad cell."""
    return _read(name, spec, directory or REFERENCE_DIR)


@functools.cache
def _read(name: str, spec: Spec, directory: Path) -> tuple[Row, ...]:
    path = directory / f"{name}.csv"
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as e:
        raise DataError(path, None, f"cannot read: {e.strerror}") from None
    except UnicodeDecodeError:
        raise DataError(path, None, "not valid UTF-8") from None
    records = list(csv.reader(io.StringIO(text, newline="")))
    header = tuple(records[0]) if records else ()
    if header != spec.columns:
        raise DataError(path, None, f"header {','.join(header)!r} differs from {','.join(spec.columns)!r}")
    allowed, patterns = dict(spec.allowed), dict(spec.patterns)
    rows: list[Row] = []
    seen: dict[tuple[str, str], int] = {}
    for n, rec in enumerate(records[1:], start=1):
        if len(rec) != len(header):
            raise DataError(path, n, f"expected {len(header)} fields, found {len(rec)}")
        row = dict(zip(header, rec, strict=True))
        for col, cell in row.items():
            if cell == "":
                if col not in spec.optional:
                    raise DataError(path, n, f"{col} is empty")
            elif col in allowed and cell not in allowed[col]:
                raise DataError(path, n, f"{col} {cell!r} not in {list(allowed[col])}")
            elif col in patterns and not re.fullmatch(patterns[col], cell):
                raise DataError(path, n, f"{col} {cell!r} does not match {patterns[col]}")
        for col in spec.unique:
            key = (col, row[col])
            if key in seen and row[col]:
                raise DataError(path, n, f"duplicate {col} {row[col]!r}: same as row {seen[key]}")
            seen[key] = n
        rows.append(row)
    return tuple(rows)
