"""Import a CEPII BACI release (zip or directory) into data/raw/baci/imported_<release>.csv."""

from __future__ import annotations

import io
import os
import re
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

from dashboard.data import REPO_ROOT
from dashboard.data.errors import DataError
from dashboard.data.raw import RAW_COLUMNS

YEAR_FILE = re.compile(r"(?:.*/)?BACI_HS(?P<hs>\d{2})_Y(?P<year>\d{4})_(?P<release>V\d+)\.csv")
COLUMNS = list(RAW_COLUMNS["baci"])  # the layout of the shipped extract, which build reads
CHUNK_ROWS = 500_000


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


def _num(s: pd.Series) -> pd.Series:
    """Numbers from a BACI column: strips spaces, 'NA' and empty become NaN."""
    return pd.to_numeric(s.astype(str).str.replace(" ", "", regex=False).replace({"NA": "", "": None}), errors="coerce")


def read_flows(rel: Release, peru: int, china: int, progress: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Stream the yearly files in chunks: Peru's flows (with China, and its exports) and world totals by HS4."""
    total = 0
    for n in rel.years.values():
        with _open(rel.path, n) as (_, size):
            total += size
    bar = Progress(total, f"reading BACI {rel.release}", sys.stderr) if progress else None
    keep, world, pair_keys = [], [], []
    for year in sorted(rel.years):
        name = rel.years[year]
        with _open(rel.path, name) as (fh, _):
            stream: IO[bytes] = io.BufferedReader(CountingReader(fh, bar)) if bar else fh
            reader = pd.read_csv(stream, dtype=str, keep_default_na=False, chunksize=CHUNK_ROWS)
            for chunk in reader:
                chunk.columns = [c.strip() for c in chunk.columns]
                missing = [c for c in ("t", "i", "j", "k", "v", "q") if c not in chunk.columns]
                if missing:
                    raise DataError(f"{rel.path}/{name}", None, f"missing column(s): {', '.join(missing)}")
                t = _num(chunk["t"]).astype("Int64")
                i = _num(chunk["i"]).astype("Int64")
                j = _num(chunk["j"]).astype("Int64")
                k4 = chunk["k"].astype(str).str.strip().str.zfill(6).str[:4]
                v = _num(chunk["v"])
                q = _num(chunk["q"])
                frame = pd.DataFrame({"t": t, "i": i, "j": j, "k4": k4, "v": v, "q": q})
                world.append(frame.groupby(["t", "k4"], as_index=False)["v"].sum())
                code = (
                    (frame["t"].astype("int64") * 10_000 + frame["k4"].astype("int64")) * 1_000_000_000
                    + frame["i"].astype("int64") * 1000
                    + frame["j"].astype("int64")
                )
                pair_keys.append(np.unique(code.to_numpy()))
                sel = (frame["i"] == peru) | ((frame["j"] == peru) & (frame["i"] == china))
                keep.append(frame[sel.fillna(False)])
    if bar:
        bar.close()
    flows = pd.concat(keep, ignore_index=True) if keep else pd.DataFrame(columns=["t", "i", "j", "k4", "v", "q"])
    totals = pd.concat(world, ignore_index=True).groupby(["t", "k4"], as_index=False)["v"].sum()
    uniq = np.unique(np.concatenate(pair_keys)) if pair_keys else np.array([], dtype="int64")
    pairs = pd.Series(uniq // 1_000_000_000).value_counts()
    totals["pairs"] = [
        int(pairs.get(int(t) * 10_000 + int(k), 0)) for t, k in zip(totals["t"], totals["k4"], strict=True)
    ]
    return flows, totals


def import_baci(path: str | Path, raw: str | Path = REPO_ROOT / "data" / "raw", progress: bool = True) -> Path:
    """Import Peru's flows from a BACI release into raw/baci/imported_<release>.csv (atomically)."""
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
    flows, totals = read_flows(rel, by_iso["PER"], by_iso["CHN"], progress=progress)
    agg = flows.groupby(["t", "i", "j", "k4"], as_index=False)[["v", "q"]].sum(min_count=1)
    agg = agg.merge(totals.rename(columns={"v": "world"}), on=["t", "k4"], how="left")
    shown = agg.groupby(["t", "k4"])["v"].transform("size")
    out = (
        pd.DataFrame(
            {
                "year": agg["t"].astype(int),
                "exporter": agg["i"].map(lambda c: iso.get(int(c), str(c))),
                "importer": agg["j"].map(lambda c: iso.get(int(c), str(c))),
                "hs4": agg["k4"],
                "commodity": agg["k4"].map(lambda k: names.get(k, "")),
                "value_usd": (agg["v"] * 1000).round().astype("Int64"),
                "tonnes": agg["q"].round(3),
                "world_total_usd": (agg["world"] * 1000).round().astype("Int64"),
                "shown": shown.astype(int),
                "pairs": agg["pairs"].astype(int),
            }
        )
        .sort_values(["year", "exporter", "importer", "hs4"])
        .reset_index(drop=True)
    )
    out["tonnes"] = out["tonnes"].map(
        lambda x: "" if pd.isna(x) else (str(int(x)) if float(x).is_integer() else repr(float(x)))
    )
    dest_dir = Path(raw) / "baci"
    dest_dir.mkdir(parents=True, exist_ok=True)
    dest = dest_dir / f"imported_{rel.release}.csv"
    fd, tmp = tempfile.mkstemp(prefix=".import-", suffix=".csv", dir=dest_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            out.to_csv(fh, index=False, columns=COLUMNS, lineterminator="\n")
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return dest
