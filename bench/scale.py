"""Scale: synthetic BACI releases (never committed) through the real import, build, load and callbacks.

Each size runs in two processes of its own, so that each phase's peak RSS is its own:
`python -m bench.scale prepare --rows N --dir D` (write a release, import it, build the tables) and
`python -m bench.scale serve --dir D` (load the tables, build the app, time its callbacks).
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

from bench import common

SIZES = (10_000, 100_000, 1_000_000)
PERU, CHINA = 604, 156
RELEASE = "V209901"


def write_release(folder: Path, rows: int, seed: int = 7) -> Path:
    """Write a synthetic BACI HS22 release with `rows` flows over 2022–2024, half of them Peru's exports."""
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
    hs6 = np.array(sorted({f"{c:06d}" for c in rng.integers(10_000, 970_000, size=5_000)}))
    pd.DataFrame({"code": hs6, "description": [f"Product {c}" for c in hs6]}).to_csv(
        folder / f"product_codes_HS22_{RELEASE}.csv", index=False
    )
    per_year = rows // 3
    for year in (2022, 2023, 2024):
        peru_out = rng.random(per_year) < 0.5
        exporter = np.where(peru_out, PERU, rng.choice(others, per_year))
        importer = np.where(rng.random(per_year) < 0.2, CHINA, rng.choice(others, per_year))
        frame = pd.DataFrame(
            {
                "t": year,
                "i": exporter,
                "j": importer,
                "k": rng.choice(hs6, per_year),
                "v": np.round(rng.lognormal(6, 2, per_year), 3),
                "q": np.round(rng.lognormal(4, 2, per_year), 3),
            }
        )
        frame.to_csv(folder / f"BACI_HS22_Y{year}_{RELEASE}.csv", index=False)
    return folder


def prepare(rows: int, work: Path) -> dict[str, Any]:
    """Write a release of `rows` flows, import it through the real path and build the tidy tables into work/data."""
    from dashboard.data.baci import import_baci
    from dashboard.data.build import build

    release = write_release(work / "release", rows)
    raw = work / "raw"
    shutil.copytree(common.ROOT / "data" / "raw", raw)
    t0 = time.perf_counter()
    imported = import_baci(release, raw, progress=False)
    import_s = time.perf_counter() - t0
    out = work / "data"
    out.mkdir()
    t0 = time.perf_counter()
    build(raw, out)
    build_s = time.perf_counter() - t0
    shutil.copy(common.ROOT / "data" / "claims.toml", out / "claims.toml")
    with open(imported, encoding="utf-8") as fh:
        imported_rows = sum(1 for _ in fh) - 1
    return {
        "rows": rows,
        "imported_rows": imported_rows,
        "import_s": round(import_s, 2),
        "build_s": round(build_s, 2),
        "build_peak_rss_mb": common.self_peak_rss_mb(),
    }


def serve(data_dir: Path) -> dict[str, Any]:
    """Load the tables, build the app and time every callback on them, as a server process would."""
    from bench import scenarios
    from dashboard.data import load

    t0 = time.perf_counter()
    data = load(data_dir)
    load_s = time.perf_counter() - t0
    n_obs = len(data.observations)
    del data
    t0 = time.perf_counter()
    _, client = scenarios.app_with_noop(data_dir)
    app_s = time.perf_counter() - t0
    samples = []
    for payloads in scenarios.callback_scenarios(client).values():
        for payload in payloads:
            scenarios.post(client, payload)
        for payload in payloads * 2:
            t0 = time.perf_counter()
            scenarios.post(client, payload)
            samples.append(time.perf_counter() - t0)
    return {
        "observations": n_obs,
        "load_s": round(load_s, 3),
        "create_app_s": round(app_s, 2),
        "callback_p95_ms": round(common.percentile(samples, 95) * 1000, 1),
        "peak_rss_mb": common.self_peak_rss_mb(),
    }


def _phase(*args: str) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-m", "bench.scale", *args], cwd=common.ROOT, capture_output=True, text=True, timeout=2400
    )
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run(quick: bool) -> dict[str, Any]:
    """Run every size; return {"scale": {rows: figures}}."""
    out: dict[str, Any] = {}
    for rows in SIZES[:2] if quick else SIZES:
        with tempfile.TemporaryDirectory(prefix="trade-lens-scale-") as tmp:
            figures = _phase("prepare", "--rows", str(rows), "--dir", tmp)
            if "error" not in figures:
                figures.update(_phase("serve", "--dir", str(Path(tmp) / "data")))
        out[str(rows)] = figures
        print(f"bench: scale {rows}: {figures}", file=sys.stderr, flush=True)
    return {"scale": out}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.scale")
    parser.add_argument("phase", choices=["prepare", "serve"])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--dir", type=Path, required=True)
    args = parser.parse_args()
    result = prepare(args.rows, args.dir) if args.phase == "prepare" else serve(args.dir)
    print(json.dumps(result))
