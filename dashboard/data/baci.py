"""Import a CEPII BACI release (zip or directory), streamed: Peru–China by HS4 as CSV, Peru's detail as Parquet."""

from __future__ import annotations

import io
import os
import re
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd
import pyarrow as pa

from dashboard.data import REPO_ROOT
from dashboard.data.baci_stream import typed_batches
from dashboard.data.detail import DetailWriter, replace_dir
from dashboard.data.errors import DataError
from dashboard.data.raw import RAW_COLUMNS

YEAR_FILE = re.compile(r"(?:.*/)?BACI_HS(?P<hs>\d{2})_Y(?P<year>\d{4})_(?P<release>V\d+)\.csv")
COLUMNS = list(RAW_COLUMNS["baci"])  # the layout of the shipped extract, which build reads


class Progress:
    """A plain-text progress bar on stderr, driven by bytes read."""

    def __init__(self, total: int, label: str, stream: IO[str] | None = None) -> None:
        self.total, self.done, self.label = max(total, 1), 0, label
        self.stream = stream or sys.stderr
        self._last = -1

    def advance(self, n: int) -> None:
        """Record n more bytes read and redraw when the percentage changes."""
        self.done += n
        pct = min(100, self.done * 100 // self.total)
        if pct != self._last:
            self._last = pct
            bar = "#" * (pct // 4) + "-" * (25 - pct // 4)
            self.stream.write(f"\r{self.label} [{bar}] {pct:3d}%")
            self.stream.flush()

    def close(self) -> None:
        """Finish the bar's line."""
        self.stream.write("\n")
        self.stream.flush()


class CountingReader(io.RawIOBase):
    """A binary reader that reports bytes read to a Progress."""

    def __init__(self, inner: IO[bytes], progress: Progress) -> None:
        self.inner, self.progress = inner, progress

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any, /) -> int:
        data = self.inner.read(len(b))
        n = len(data)
        b[:n] = data
        self.progress.advance(n)
        return n


@dataclass(frozen=True)
class Release:
    """A BACI release: where it is and which yearly files, country and product tables it holds."""

    path: Path
    release: str
    hs: str
    years: dict[int, str]
    countries: str
    products: str | None


def _names(path: Path) -> list[str]:
    if path.is_dir():
        return sorted(str(p.relative_to(path)).replace(os.sep, "/") for p in path.rglob("*.csv"))
    with zipfile.ZipFile(path) as z:
        return sorted(z.namelist())


@contextmanager
def _open(path: Path, name: str) -> Iterator[tuple[IO[bytes], int]]:
    """Open a member of a release (dir or zip) as bytes, with its uncompressed size."""
    if path.is_dir():
        p = path / name
        with open(p, "rb") as fh:
            yield fh, p.stat().st_size
    else:
        with zipfile.ZipFile(path) as z, z.open(name) as fh:
            yield fh, z.getinfo(name).file_size


def find_release(path: str | Path) -> Release:
    """Identify the yearly files and code tables of a BACI release (zip or directory)."""
    p = Path(path)
    if not p.exists():
        raise DataError(p, None, "no such file or directory")
    if p.is_file() and not zipfile.is_zipfile(p):
        raise DataError(p, None, "not a zip file or a directory")
    names = _names(p)
    years: dict[int, str] = {}
    releases, hs = set(), set()
    for n in names:
        if m := YEAR_FILE.fullmatch(n):
            years[int(m.group("year"))] = n
            releases.add(m.group("release"))
            hs.add(m.group("hs"))
    if not years:
        raise DataError(p, None, "no BACI_HSxx_Yyyyy_Vxxxxxx.csv yearly file found")
    if len(releases) != 1 or len(hs) != 1:
        raise DataError(p, None, f"mixed releases or HS versions: {sorted(releases)} {sorted(hs)}")
    rel = releases.pop()
    countries = [n for n in names if re.search(rf"country_codes_{rel}\.csv$", n)]
    products = [n for n in names if re.search(rf"product_codes_HS\d\d_{rel}\.csv$", n)]
    if not countries:
        raise DataError(p, None, f"country_codes_{rel}.csv not found")
    return Release(p, rel, hs.pop(), years, countries[0], products[0] if products else None)


def _read_small(rel: Release, name: str, required: list[str]) -> pd.DataFrame:
    with _open(rel.path, name) as (fh, _):
        data = fh.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    df.columns = [c.strip() for c in df.columns]
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise DataError(f"{rel.path}/{name}", None, f"missing column(s): {', '.join(missing)}")
    return df


def _iso_lookup(iso: dict[int, str]) -> np.ndarray:
    """A numeric country code → ISO3 table (unknown codes keep their number as text)."""
    top = max([*iso, 999]) + 1
    table = np.array([str(c) for c in range(top)], dtype=object)
    for c, s in iso.items():
        table[c] = s
    return table


def _iso3(codes: np.ndarray, table: np.ndarray) -> pa.Array:
    """ISO3 codes of numeric country codes (out-of-table codes as their number)."""
    inside = (codes >= 0) & (codes < len(table))
    out = np.where(inside, table[np.where(inside, codes, 0)], codes.astype(str).astype(object))
    return pa.array(out, type=pa.string())


class Flows:
    """What one streamed pass over a release gathers: Peru's detail (to Parquet), Peru–China by HS4, world totals."""

    def __init__(self, peru: int, china: int, iso: dict[int, str], detail: DetailWriter) -> None:
        self.peru, self.china, self.detail = peru, china, detail
        self.table = _iso_lookup(iso)
        self.china_parts: list[pd.DataFrame] = []
        self.world_parts: list[pd.DataFrame] = []
        self.pairs: dict[tuple[int, int], int] = {}

    def add(self, batch: pa.Table) -> np.ndarray:
        """Take one batch of typed rows; return its (HS4, exporter, importer) keys for the pair count."""
        t, i, j, k = (batch[c].to_numpy() for c in ("t", "i", "j", "k"))
        v = batch["v"].to_numpy(zero_copy_only=False)
        q = batch["q"].to_numpy(zero_copy_only=False)
        k4 = k // 100
        frame = pd.DataFrame({"t": t, "k4": k4, "v": v})
        self.world_parts.append(frame.groupby(["t", "k4"], as_index=False)["v"].sum())
        peru = (i == self.peru) | (j == self.peru)
        if peru.any():
            idx = np.flatnonzero(peru)
            self.detail.write(
                pa.table(
                    {
                        "year": t[idx], "exporter": _iso3(i[idx], self.table), "importer": _iso3(j[idx], self.table),
                        "hs6": k[idx], "hs4": k4[idx],
                        "value_usd": pa.array(v[idx] * 1000, from_pandas=True),  # NaN (an empty cell) -> null
                        "tonnes": pa.array(q[idx], from_pandas=True),
                    }
                )
            )
        pair = ((i == self.peru) & (j == self.china)) | ((i == self.china) & (j == self.peru))
        if pair.any():
            sel = pd.DataFrame({"t": t[pair], "i": i[pair], "j": j[pair], "k4": k4[pair], "v": v[pair], "q": q[pair]})
            self.china_parts.append(sel.groupby(["t", "i", "j", "k4"], as_index=False)[["v", "q"]].sum(min_count=1))
        return np.unique((k4 * 1000 + i) * 1000 + j)

    def end_year(self, year: int, keys: list[np.ndarray]) -> None:
        """Count the exporter–importer pairs of each HS4 in one year's file."""
        if keys:
            uniq = np.unique(np.concatenate(keys))
            for k4, n in pd.Series(uniq // 1_000_000).value_counts().items():
                self.pairs[(year, int(k4))] = int(n)
        self.world_parts = [pd.concat(self.world_parts).groupby(["t", "k4"], as_index=False)["v"].sum()]

    def china_by_hs4(self) -> pd.DataFrame:
        """Peru–China flows by year, exporter, importer and HS4, with world totals and pair counts."""
        cols = ["t", "i", "j", "k4", "v", "q"]
        parts = [p for p in self.china_parts if not p.empty]
        flows = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=cols, dtype="float64")
        agg = flows.groupby(["t", "i", "j", "k4"], as_index=False)[["v", "q"]].sum(min_count=1)
        world = pd.concat(self.world_parts, ignore_index=True).rename(columns={"v": "world"})
        agg = agg.merge(world, on=["t", "k4"], how="left")
        agg["pairs"] = [self.pairs.get((int(t), int(k)), 0) for t, k in zip(agg["t"], agg["k4"], strict=True)]
        return agg


def read_flows(rel: Release, peru: int, china: int, iso: dict[int, str], detail: DetailWriter,
               progress: bool = True) -> pd.DataFrame:
    """Stream the yearly files batch by batch: Peru's rows to the detail writer; return Peru–China by HS4."""
    total = 0
    for n in rel.years.values():
        with _open(rel.path, n) as (_, size):
            total += size
    bar = Progress(total, f"reading BACI {rel.release}", sys.stderr) if progress else None
    flows = Flows(peru, china, iso, detail)
    for year in sorted(rel.years):
        name = rel.years[year]
        keys = []
        with _open(rel.path, name) as (fh, _):
            raw: Any = CountingReader(fh, bar) if bar else fh
            stream: IO[bytes] = io.BufferedReader(raw)
            for batch in typed_batches(stream, f"{rel.path}/{name}"):
                keys.append(flows.add(batch))
        flows.end_year(year, keys)
    if bar:
        bar.close()
    return flows.china_by_hs4()


def _tonnes_text(x: float) -> str:
    return "" if pd.isna(x) else (str(int(x)) if float(x).is_integer() else repr(float(x)))


def import_baci(path: str | Path, raw: str | Path = REPO_ROOT / "data" / "raw", progress: bool = True) -> Path:
    """Import a BACI release: Peru–China by HS4 into raw/baci/imported_<release>.csv, Peru's detail beside it."""
    rel = find_release(path)
    countries = _read_small(rel, rel.countries, ["country_code", "country_iso3"])
    iso = {
        int(c): s.strip()
        for c, s in zip(countries["country_code"], countries["country_iso3"], strict=True)
        if c.strip().isdigit()
    }
    by_iso = {s: c for c, s in iso.items()}
    if "PER" not in by_iso or "CHN" not in by_iso:
        raise DataError(f"{rel.path}/{rel.countries}", None, "PER or CHN missing from the country codes")
    names: dict[str, str] = {}
    if rel.products:
        prod = _read_small(rel, rel.products, ["code", "description"])
        for code, desc in zip(prod["code"], prod["description"], strict=True):
            names.setdefault(code.strip().zfill(6)[:4], desc.strip())
    dest_dir = Path(raw) / "baci"
    dest_dir.mkdir(parents=True, exist_ok=True)
    detail_tmp = Path(tempfile.mkdtemp(prefix=".import-detail-", dir=dest_dir))
    try:
        writer = DetailWriter(detail_tmp)
        try:
            agg = read_flows(rel, by_iso["PER"], by_iso["CHN"], iso, writer, progress=progress)
        except BaseException:
            writer.abort()
            raise
        writer.close(rel.release)
        dest = _write_csv(agg, iso, names, dest_dir / f"imported_{rel.release}.csv")
        replace_dir(detail_tmp, dest_dir / f"imported_{rel.release}_detail")
    finally:
        shutil.rmtree(detail_tmp, ignore_errors=True)
    return dest


def _write_csv(agg: pd.DataFrame, iso: dict[int, str], names: dict[str, str], dest: Path) -> Path:
    """Write the Peru–China HS4 rows in the shipped extract's layout, atomically."""
    shown = agg.groupby(["t", "k4"])["v"].transform("size")
    k4 = agg["k4"].astype(int).map(lambda k: f"{k:04d}")
    out = (
        pd.DataFrame(
            {
                "year": agg["t"].astype(int),
                "exporter": agg["i"].map(lambda c: iso.get(int(c), str(c))),
                "importer": agg["j"].map(lambda c: iso.get(int(c), str(c))),
                "hs4": k4,
                "commodity": k4.map(lambda k: names.get(k, "")),
                "value_usd": (agg["v"] * 1000).round().astype("Int64"),
                "tonnes": agg["q"].round(3).map(_tonnes_text).astype(object),
                "world_total_usd": (agg["world"] * 1000).round().astype("Int64"),
                "shown": shown.astype(int),
                "pairs": agg["pairs"].astype(int),
            }
        )
        .sort_values(["year", "exporter", "importer", "hs4"])
        .reset_index(drop=True)
    )
    fd, tmp = tempfile.mkstemp(prefix=".import-", suffix=".csv", dir=dest.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            out.to_csv(fh, index=False, columns=COLUMNS, lineterminator="\n")
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return dest
