"""Scale: synthetic BACI releases (never committed) through the real import, build, load and callbacks.

Each size runs in three processes of its own, so that each phase's peak RSS is its own:
`python -m bench.scale generate --rows N --dir D` (write a release, streamed),
`python -m bench.scale prepare --dir D` (import it, build the tables) and
`python -m bench.scale serve --dir D/data` (load the tables, build the app, time its callbacks).
`python -m bench.scale run --rows 1000000 10000000` runs them all and prints the figures (no results file).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from bench import common

SIZES = (10_000, 1_000_000, 10_000_000)
QUICK_SIZES = (10_000, 100_000)
PERU, CHINA = 604, 156
RELEASE = "V209901"
YEARS = range(1995, 2024)  # HS92's whole history, as the real release Peru's ~1e7 rows come from
BATCH = 500_000
TARGETS = {
    "callback_p95_ms": 100,  # every callback scenario and the BACI views
    "baci_callback_p95_ms": 100,  # the BACI views alone, first time seen
    "serve_peak_rss_mb": 1024,
    "build_peak_rss_mb": 2048,
}


def write_release(folder: Path, rows: int, seed: int = 7, years: range = YEARS) -> Path:
    """Write a synthetic BACI HS92 release of `rows` flows, streamed in batches (memory flat whatever `rows`):
    45% Peru's exports, 25% its imports (a fifth of each with China), the rest between other countries."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    others = np.array([c for c in range(4, 900, 4) if c not in (PERU, CHINA)])
    countries = pd.DataFrame(
        {
            "country_code": [PERU, CHINA, *others],
            "country_name": ["Peru", "China", *(f"Country {c}" for c in others)],
            "country_iso2": ["PE", "CN", *(f"X{i % 100:02d}" for i in range(len(others)))],
            "country_iso3": ["PER", "CHN", *(f"Q{chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(len(others)))],
        }
    )
    countries.to_csv(folder / f"country_codes_{RELEASE}.csv", index=False)
    # about 1,200 headings of about 4 subheadings each, as in the HS
    hs4 = np.unique(rng.integers(100, 9_700, size=1_300))[:1_200]
    hs6 = np.unique((hs4[:, None] * 100 + rng.integers(0, 100, size=(len(hs4), 4))).ravel())
    pd.DataFrame({"code": [f"{c:06d}" for c in hs6], "description": [f"Product {c:06d}" for c in hs6]}).to_csv(
        folder / f"product_codes_HS92_{RELEASE}.csv", index=False
    )
    per_year = max(1, rows // len(years))
    options = pa_csv.WriteOptions(quoting_style="none", include_header=False)
    for year in years:
        path = folder / f"BACI_HS92_Y{year}_{RELEASE}.csv"
        path.write_text("t,i,j,k,v,q\n", encoding="utf-8")
        with open(path, "ab") as fh, pa_csv.CSVWriter(fh, SCHEMA, write_options=options) as out:
            for start in range(0, per_year, BATCH):
                n = min(BATCH, per_year - start)
                side = rng.random(n)
                china = rng.random(n) < 0.2
                exporter = np.where(side < 0.45, PERU, np.where(china, CHINA, rng.choice(others, n)))
                importer = np.where(side < 0.45, np.where(china, CHINA, rng.choice(others, n)),
                                    np.where(side < 0.7, PERU, rng.choice(others, n)))
                k = pc.utf8_lpad(pc.cast(pa.array(rng.choice(hs6, n)), pa.string()), 6, "0")
                q = np.round(rng.lognormal(4, 2, n), 3)
                out.write_table(pa.table({
                    "t": pa.array(np.full(n, year)), "i": pa.array(exporter), "j": pa.array(importer), "k": k,
                    "v": pa.array(np.round(rng.lognormal(6, 2, n), 3)),
                    "q": pa.array(q, mask=rng.random(n) < 0.05),  # some quantities missing, as in BACI
                }, schema=SCHEMA))
    return folder


SCHEMA = pa.schema([("t", pa.int64()), ("i", pa.int64()), ("j", pa.int64()), ("k", pa.string()),
                    ("v", pa.float64()), ("q", pa.float64())])


def generate(rows: int, work: Path) -> dict[str, Any]:
    """Write the synthetic release of `rows` flows into work/release (a phase of its own: not the build's RSS)."""
    t0 = time.perf_counter()
    release = write_release(work / "release", rows)
    size = sum(p.stat().st_size for p in release.iterdir())
    return {"rows": rows, "generate_s": round(time.perf_counter() - t0, 1), "release_mb": round(size / 1e6, 1)}


def prepare(work: Path) -> dict[str, Any]:
    """Import work/release through the real path and build the tidy tables into work/data."""
    from dashboard.data.baci import import_baci
    from dashboard.data.build import build

    raw = work / "raw"
    shutil.copytree(common.ROOT / "data" / "raw", raw)
    t0 = time.perf_counter()
    imported = import_baci(work / "release", raw, progress=False)
    import_s = time.perf_counter() - t0
    out = work / "data"
    out.mkdir()
    t0 = time.perf_counter()
    build(raw, out)
    build_s = time.perf_counter() - t0
    shutil.copy(common.ROOT / "data" / "claims.toml", out / "claims.toml")
    with open(imported, encoding="utf-8") as fh:
        imported_rows = sum(1 for _ in fh) - 1
    detail = imported.with_name(imported.stem + "_detail")
    summary = json.loads((detail / "_summary.json").read_text(encoding="utf-8"))
    return {
        "import_s": round(import_s, 2),
        "build_s": round(build_s, 2),
        "build_peak_rss_mb": common.self_peak_rss_mb(),
        "in_memory_rows": imported_rows,
        "detail_rows": summary["rows"],
        "detail_mb": round(sum(p.stat().st_size for p in detail.rglob("*.parquet")) / 1e6, 1),
    }


def baci_payloads(output: str, codes: list[str]) -> list[dict[str, Any]]:
    """Explorer filter changes that open BACI headings (the destinations chart, a later card, then queries the
    detail): the later cards' requests, built from the app's own control ids."""
    from bench import scenarios
    from dashboard.pages import explore
    from dashboard.urlstate import ExploreState

    payloads, before = [], "?product=TOTAL"
    for code in codes:
        for lo, hi, unit in ((1995, 2023, "usd"), (2010, 2020, "tonnes")):
            values = explore.control_values(ExploreState(lo, hi, products=(code,), unit=unit))
            payloads.append(
                scenarios.later_payload(output, before, dict(zip(explore.CONTROL_IDS, values, strict=True)),
                                        "ex-product")
            )
            before = f"?from={lo}&to={hi}&product={code}&unit={unit}"
    return payloads


def _check(body: bytes, code: str) -> None:
    """Fail when a BACI view's response is an error, not the destinations chart of its heading."""
    if b"ex-card-head" not in body or code.encode() not in body:
        raise RuntimeError(f"BACI view of {code}: unexpected response {body[:200]!r}")


def serve(data_dir: Path) -> dict[str, Any]:
    """Load the tables, build the app and time its callbacks (all of them, and BACI views), as a server would."""
    from bench import scenarios
    from dashboard.data import load
    from dashboard.data.query import select

    t0 = time.perf_counter()
    data = load(data_dir)
    load_s = time.perf_counter() - t0
    n_obs = len(data.observations)
    baci = select(data.observations, source_family="baci", peru_partner="CHN", peru_flow="export", status=None)
    imported = baci[baci["obs_id"].str.startswith("baci_imported_")]
    codes = list(imported["product"].value_counts().index[:12]) or sorted(set(baci["product"]))[:12]
    del data, baci, imported
    t0 = time.perf_counter()
    _, client = scenarios.app_with_noop(data_dir)
    app_s = time.perf_counter() - t0
    samples, baci_samples = [], []
    for payloads in scenarios.callback_scenarios(client).values():
        for payload in payloads:
            scenarios.post(client, payload)
        for payload in payloads * 2:
            t0 = time.perf_counter()
            scenarios.post(client, payload)
            samples.append(time.perf_counter() - t0)
    deps = client.get("/_dash-dependencies").get_json()
    output = next(d["output"] for d in deps if "ex-later-view" in d["output"])
    seen_before = []
    for payload in baci_payloads(output, codes):  # each view the first time (no cache helps), then once more
        t0 = time.perf_counter()
        body = scenarios.post(client, payload)
        baci_samples.append(time.perf_counter() - t0)
        _check(body, payload["inputs"][0][1]["value"][0])
        t0 = time.perf_counter()
        scenarios.post(client, payload)
        seen_before.append(time.perf_counter() - t0)
    everything = samples + baci_samples
    return {
        "observations": n_obs,
        "load_s": round(load_s, 3),
        "create_app_s": round(app_s, 2),
        "callback_p50_ms": round(common.percentile(everything, 50) * 1000, 1),
        "callback_p95_ms": round(common.percentile(everything, 95) * 1000, 1),
        "baci_callback_p50_ms": round(common.percentile(baci_samples, 50) * 1000, 1),
        "baci_callback_p95_ms": round(common.percentile(baci_samples, 95) * 1000, 1),
        "baci_seen_before_p50_ms": round(common.percentile(seen_before, 50) * 1000, 1),
        "baci_seen_before_p95_ms": round(common.percentile(seen_before, 95) * 1000, 1),
        "baci_views": len(baci_samples),
        "serve_peak_rss_mb": common.self_peak_rss_mb(),
    }


def _phase(*args: str) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-m", "bench.scale", *args], cwd=common.ROOT, capture_output=True, text=True, timeout=3000
    )
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def verdicts(figures: dict[str, Any]) -> dict[str, str]:
    """Each target beside the figure it bounds: met or missed."""
    out = {}
    for key, limit in TARGETS.items():
        if key in figures:
            out[f"{key}_target"] = f"< {limit}: {'met' if figures[key] < limit else 'missed'}"
    return out


def run(quick: bool, sizes: tuple[int, ...] | None = None) -> dict[str, Any]:
    """Run every size (generate, import + build, serve: three processes); return {"scale": {rows: figures}}."""
    out: dict[str, Any] = {}
    # the committed tables, no import: the same BACI views on the shipped extract's headings, for comparison
    baseline = _phase("serve", "--dir", str(common.ROOT / "data"))
    out["0"] = baseline | verdicts(baseline)
    print(f"bench: scale 0 (no import): {out['0']}", file=sys.stderr, flush=True)
    for rows in sizes or (QUICK_SIZES if quick else SIZES):
        with tempfile.TemporaryDirectory(prefix="trade-lens-scale-") as tmp:
            figures = _phase("generate", "--rows", str(rows), "--dir", tmp)
            for phase in (("prepare", "--dir", tmp), ("serve", "--dir", str(Path(tmp) / "data"))):
                if "error" not in figures:
                    figures.update(_phase(*phase))
        figures.update(verdicts(figures))
        out[str(rows)] = figures
        print(f"bench: scale {rows}: {figures}", file=sys.stderr, flush=True)
    return {"scale": out}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.scale")
    parser.add_argument("phase", choices=["generate", "prepare", "serve", "run"])
    parser.add_argument("--rows", type=int, nargs="*", default=[10_000])
    parser.add_argument("--dir", type=Path)
    args = parser.parse_args()
    if args.phase == "run":  # every phase of the given sizes, without writing bench/results.json
        result = run(False, tuple(args.rows))
    elif args.phase == "generate":
        result = generate(args.rows[0], args.dir)
    else:
        result = prepare(args.dir) if args.phase == "prepare" else serve(args.dir)
    print(json.dumps(result))
