"""Read one BACI yearly file as a stream of typed batches (pyarrow's CSV reader), bad rows named by file and row."""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from dashboard.data.errors import DataError

FIELDS = ("t", "i", "j", "k", "v", "q")
INTEGER_FIELDS = ("t", "i", "j", "k")
BLOCK_BYTES = 16 << 20  # about 400,000 BACI rows a batch: RSS stays flat whatever the file's size
NULLS = pa.array(["", "NA"])
ROW_IN_MESSAGE = re.compile(r"Row #(?P<row>\d+): (?P<reason>.*)", re.S)


def _first_bad(raw: pa.Array, parsed: pd.Series) -> int:
    """The index of the first cell that is neither empty/NA nor a number."""
    text = pd.Series(raw.to_pylist(), dtype=object)
    bad = parsed.isna() & ~text.isin(["", "NA"])
    return int(np.flatnonzero(bad.to_numpy())[0]) if bad.any() else 0


def _numbers(col: pa.Array, kind: pa.DataType, where: str, first_row: int, name: str) -> pa.Array:
    """Cast a trimmed text column to numbers ('' and NA are null); DataError names the first bad row."""
    trimmed = pc.utf8_trim_whitespace(col)
    cleaned = pc.if_else(pc.is_in(trimmed, value_set=NULLS), pa.scalar(None, pa.string()), trimmed)
    try:
        return pc.cast(cleaned, kind)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        parsed = pd.to_numeric(pd.Series(cleaned.to_pylist(), dtype=object), errors="coerce")
        if kind == pa.int64():
            parsed = parsed.where(parsed.isna() | (parsed == parsed.round()))
        i = _first_bad(cleaned, parsed)
        value = col[i].as_py()
        raise DataError(where, first_row + i, f"column {name}: {value!r} is not a number") from None


def typed_batches(fh: IO[bytes], where: str) -> Iterator[pa.Table]:
    """Yield the file's rows in batches with int64 t, i, j, k (HS6 as a number) and float64 v, q (nulls kept)."""
    try:
        header = fh.readline().decode("utf-8", errors="replace").rstrip("\r\n").split(",")
        names = [n.strip().strip('"') for n in header]
        missing = [c for c in FIELDS if c not in names]
        if missing:
            raise DataError(where, None, f"missing column(s): {', '.join(missing)}")
        reader = pa_csv.open_csv(
            fh,  # the header is read: pyarrow's "Row #n" is then data row n
            read_options=pa_csv.ReadOptions(use_threads=False, block_size=BLOCK_BYTES, column_names=header),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                include_columns=[header[names.index(c)] for c in FIELDS],
                strings_can_be_null=False,
            ),
        )
        first_row = 1  # data rows, 1-based, header excluded (as every DataError of the raw files counts them)
        for batch in reader:
            cols = dict(zip(FIELDS, batch.columns, strict=True))
            out = {}
            for name in FIELDS:
                kind = pa.int64() if name in INTEGER_FIELDS else pa.float64()
                out[name] = _numbers(cols[name], kind, where, first_row, name)
            for name in INTEGER_FIELDS:
                if out[name].null_count:
                    i = int(np.flatnonzero(pc.is_null(out[name]).to_numpy(zero_copy_only=False))[0])
                    raise DataError(where, first_row + i, f"column {name} is empty")
            yield pa.table(out)
            first_row += batch.num_rows
    except pa.ArrowInvalid as e:
        m = ROW_IN_MESSAGE.search(str(e))
        if m:
            raise DataError(where, int(m.group("row")), m.group("reason").strip()) from None
        raise DataError(where, None, str(e).splitlines()[0]) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as e:
        raise DataError(where, None, f"truncated or corrupt: {e}") from None
