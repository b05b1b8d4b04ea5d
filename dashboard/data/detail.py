"""BACI detail (HS6 × partner × year) on disk as Parquet, queried on demand with pyarrow datasets.

Layout of one release: `<dir>/hs2=NN/part-0.parquet` (hive partitions by HS chapter, so a product's query reads
one chapter's file) with columns year, exporter, importer (ISO3), hs6, hs4 (numbers), value_usd, tonnes, and
`<dir>/_summary.json` (release, rows, years). The query is the SQL of `DETAIL_SQL`, run by pyarrow's scanner.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

SCHEMA = pa.schema(
    [
        ("year", pa.int16()),
        ("exporter", pa.string()),
        ("importer", pa.string()),
        ("hs6", pa.int32()),
        ("hs4", pa.int16()),
        ("value_usd", pa.float64()),
        ("tonnes", pa.float64()),
    ]
)
FLUSH_ROWS = 250_000  # rows held before they are written: about 10 MB
ROW_GROUP = 16_384  # rows of one row group: statistics then skip the rest of a chapter
DETAIL_DIR = "baci_detail"  # under a tidy-table directory: one sub-directory per imported release
SUMMARY = "_summary.json"  # "_" keeps it out of the Parquet dataset
# What `query` computes, written as the SQL a warehouse would run on the same Parquet files (README, "Scale").
DETAIL_SQL = """
SELECT year, exporter, importer, SUM(value_usd) AS value_usd, SUM(tonnes) AS tonnes
FROM baci_detail
WHERE hs2 = :chapter AND hs6 BETWEEN :lo AND :hi AND (exporter = :peru OR importer = :peru)
  [AND (exporter = :partner OR importer = :partner)] [AND year BETWEEN :from AND :to]
GROUP BY year, exporter, importer
"""


class DetailWriter:
    """Append Peru's rows batch by batch into one Parquet file per HS chapter (bounded memory), then publish."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.writers: dict[int, pq.ParquetWriter] = {}
        self.pending: dict[int, list[pa.Table]] = {}
        self.buffered = 0
        self.rows = 0
        self.years: set[int] = set()

    def write(self, table: pa.Table) -> None:
        """Add rows in SCHEMA's columns, split by HS chapter (buffered up to FLUSH_ROWS, then written)."""
        table = table.cast(SCHEMA)
        chapters = (table["hs6"].to_numpy() // 10_000).astype(np.int16)
        order = np.argsort(chapters, kind="stable")
        table, chapters = table.take(pa.array(order)), chapters[order]
        bounds = np.flatnonzero(np.diff(chapters)) + 1
        for lo, hi in zip([0, *bounds], [*bounds, len(chapters)], strict=True):
            if hi > lo:
                self.pending.setdefault(int(chapters[lo]), []).append(table.slice(lo, hi - lo))
        self.rows += table.num_rows
        self.buffered += table.num_rows
        self.years.update(int(y) for y in np.unique(table["year"].to_numpy()))
        if self.buffered >= FLUSH_ROWS:
            self._flush()

    def _flush(self) -> None:
        """Write each chapter's buffered rows as one row group of its file."""
        for ch, parts in self.pending.items():
            if ch not in self.writers:
                part = self.folder / f"hs2={ch:02d}"
                part.mkdir(parents=True, exist_ok=True)
                self.writers[ch] = pq.ParquetWriter(part / "part-0.parquet", SCHEMA, compression="zstd")
            self.writers[ch].write_table(pa.concat_tables(parts))
        self.pending, self.buffered = {}, 0

    def abort(self) -> None:
        """Close every file without finishing the release (the caller removes the folder)."""
        for w in self.writers.values():
            w.close()
        self.writers = {}

    def close(self, release: str) -> None:
        """Finish every file, sort each by HS6 (so a product's query reads a row group or two), write the summary."""
        self._flush()
        for ch, w in self.writers.items():
            w.close()
            path = self.folder / f"hs2={ch:02d}" / "part-0.parquet"
            table = pq.read_table(path).sort_by([("hs6", "ascending"), ("year", "ascending")])
            pq.write_table(table, path, row_group_size=ROW_GROUP, compression="zstd")
            del table
        self.folder.mkdir(parents=True, exist_ok=True)
        summary = {"release": release, "rows": self.rows, "years": sorted(self.years)}
        (self.folder / SUMMARY).write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")


def replace_dir(src: Path, dest: Path) -> None:
    """Put the folder src at dest, replacing what was there (renamed aside first, so a reader never sees half)."""
    old = dest.with_name(f".old-{dest.name}")
    shutil.rmtree(old, ignore_errors=True)
    if dest.exists():
        os.replace(dest, old)
    os.replace(src, dest)
    shutil.rmtree(old, ignore_errors=True)


def publish(raw_baci: Path, out: Path) -> None:
    """Link (or copy) every imported release's detail from raw/baci into out/baci_detail/, or remove a stale one."""
    found = raw_baci.glob("imported_*_detail") if raw_baci.is_dir() else []
    sources = sorted(p for p in found if (p / SUMMARY).exists())
    target = out / DETAIL_DIR
    if not sources:
        shutil.rmtree(target, ignore_errors=True)
        return
    tmp = out / f".{DETAIL_DIR}-new"
    shutil.rmtree(tmp, ignore_errors=True)
    for src in sources:
        release = src.name.removeprefix("imported_").removesuffix("_detail")
        shutil.copytree(src, tmp / release, copy_function=_link_or_copy)
    replace_dir(tmp, target)


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def code_range(product: str) -> tuple[int, int, int]:
    """(chapter, lowest HS6, highest HS6) of an HS chapter, heading or subheading code."""
    pad = 6 - len(product)
    lo = int(product) * 10**pad
    return lo // 10_000, lo, lo + 10**pad - 1


@dataclass(frozen=True)
class Release:
    """One imported release's detail: its folder and summary."""

    folder: Path
    release: str
    rows: int
    years: tuple[int, ...]

    @cached_property
    def dataset(self) -> ds.Dataset:
        """The Parquet files as one dataset (opened once; scanning is thread-safe)."""
        hive = ds.partitioning(pa.schema([("hs2", pa.int16())]), flavor="hive")
        return ds.dataset(self.folder, format="parquet", partitioning=hive)

    def query(
        self, product: str, peru: str = "PER", partner: str | None = None, years: tuple[int, int] | None = None
    ) -> pd.DataFrame:
        """Peru's flows of one HS code (chapter, heading or subheading) by year, exporter and importer (DETAIL_SQL)."""
        chapter, lo, hi = code_range(product)
        f = (ds.field("hs2") == chapter) & (ds.field("hs6") >= lo) & (ds.field("hs6") <= hi)
        f &= (ds.field("exporter") == peru) | (ds.field("importer") == peru)
        if partner is not None:
            f &= (ds.field("exporter") == partner) | (ds.field("importer") == partner)
        if years is not None:
            f &= (ds.field("year") >= years[0]) & (ds.field("year") <= years[1])
        table = self.dataset.to_table(
            columns=["year", "exporter", "importer", "value_usd", "tonnes"], filter=f, use_threads=False
        )
        grouped = table.group_by(["year", "exporter", "importer"], use_threads=False).aggregate(
            [("value_usd", "sum"), ("tonnes", "sum", pc.ScalarAggregateOptions(min_count=1))]
        )
        out = grouped.to_pandas().rename(columns={"value_usd_sum": "value_usd", "tonnes_sum": "tonnes"})
        return out.sort_values(["year", "exporter", "importer"], kind="stable").reset_index(drop=True)


def open_releases(data_dir: Path) -> tuple[Release, ...]:
    """The imported releases' detail published under data_dir/baci_detail (none: an empty tuple)."""
    root = Path(data_dir) / DETAIL_DIR
    found = []
    for folder in sorted(root.iterdir()) if root.is_dir() else []:
        summary_path = folder / SUMMARY
        if not summary_path.is_file():
            continue
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
        found.append(Release(folder, str(summary["release"]), int(summary["rows"]), tuple(summary["years"])))
    return tuple(found)


def all_rows(releases: Iterable[Release]) -> int:
    """How many detail rows the releases hold."""
    return sum(r.rows for r in releases)
