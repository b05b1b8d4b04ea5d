"""Strict readers for the raw evidence files (UTF-8, required columns, no duplicate rows)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from dashboard.data.errors import DataError

# raw file stem → required columns (the key of a row is every column but `note`)
SOURCED = ("period", "source_url", "source_kind", "note")  # the last columns of every ledger file
RAW_COLUMNS: dict[str, tuple[str, ...]] = {
    "partners_by_year": ("year", "reporter", "partner", "flow", "value_usd_m", "share_pct", "rank", *SOURCED),
    "products_by_year": ("year", "product", "hs_code", "flow_side", "value_usd_m", "volume_t", *SOURCED),
    "figures": ("topic", "metric", "period", "value", "unit", "derived", *SOURCED[1:]),
    "china_side_by_year": ("year", "reporter", "partner", "flow", "value", "unit", *SOURCED),
    "tourists_by_year": ("year", "arrivals", "unit", *SOURCED),
    "alpaca_by_year": ("year", "product", "hs_code", "value_usd_m", "volume_t", *SOURCED),
    "chancay": ("metric", "value", "unit", "qualifier", "period", "stated_by", *SOURCED[1:]),
    "events": ("date", "precision", "event", *SOURCED[1:]),
    "wits": ("Reporter", "Partner", "Product categories", "Indicator Type", "Indicator"),
    "wto_hs2": (
        "Year", "ReportingEconomyCode", "ReportingEconomy", "PartnerEconomyCode", "PartnerEconomy", "hs2", "hs2_desc",
        "value_usd",
    ),
    "wto_mirror": ("Year", "reporter_iso3", "ReportingEconomyCode", "value_usd", "n_hs2"),
    "latam_prc_relations": ("country_iso3", "country", "date", "precision", "event", *SOURCED[1:]),
    "latam_csp": ("country_iso3", "country", "date", "precision", "event", *SOURCED[1:]),
    "history": ("country_iso3", "country", "date", "precision", "event", *SOURCED[1:], "value", "unit"),
    "baci": (
        "year", "exporter", "importer", "hs4", "commodity", "value_usd", "tonnes", "world_total_usd", "shown", "pairs"
    ),
}
EVIDENCE = (
    "partners_by_year",
    "products_by_year",
    "figures",
    "china_side_by_year",
    "tourists_by_year",
    "alpaca_by_year",
    "chancay",
    "events",
)
CURATED = ("latam_prc_relations", "latam_csp", "history")
"""Dated files curated by the project (data/raw/curated/), each row with its own source_url."""


@dataclass(frozen=True)
class RawRow:
    """One raw data row: its 1-based number (header excluded) and cells by column name."""

    row: int
    cells: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.cells.get(key, "")


@dataclass(frozen=True)
class RawFile:
    """A raw CSV file read strictly: the path as given, the dataset name and its rows."""

    path: str
    dataset: str
    rows: tuple[RawRow, ...]


def read_raw(path: str | Path, dataset: str, layout: str | None = None) -> RawFile:
    """Read a raw CSV strictly; DataError on bad bytes, missing columns, ragged or duplicate rows."""
    p = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise DataError(p, None, f"cannot read: {e.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n")
        raise DataError(p, line if line >= 1 else None, f"not valid UTF-8 (byte 0x{data[e.start]:02x})") from None
    text = text.removeprefix("\ufeff")
    records = list(csv.reader(io.StringIO(text, newline="")))
    if not records:
        raise DataError(p, None, "empty file")
    header = [h.strip() for h in records[0]]
    required = RAW_COLUMNS[layout or dataset]
    missing = [c for c in required if c not in header]
    if missing:
        raise DataError(p, None, f"missing column(s): {', '.join(missing)}")
    key_cols = [c for c in required if c != "note"]
    seen: dict[tuple[str, ...], int] = {}
    rows = []
    for n, rec in enumerate(records[1:], start=1):
        if not any(cell.strip() for cell in rec):
            continue
        if len(rec) != len(header):
            raise DataError(p, n, f"expected {len(header)} fields, found {len(rec)}")
        cells = dict(zip(header, rec, strict=True))
        key = tuple(cells[c].strip() for c in key_cols)
        if key in seen:
            raise DataError(p, n, f"duplicate key: same as row {seen[key]}")
        seen[key] = n
        rows.append(RawRow(n, cells))
    return RawFile(p, dataset, tuple(rows))
