"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import gzip
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: Sequence[float], p: float) -> float:
    """Return the p-th percentile (0–100) of values by linear interpolation."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary_ms(samples_s: Sequence[float]) -> dict[str, float]:
    """Return p50 and p95 in milliseconds of samples in seconds."""
    return {"p50_ms": round(percentile(samples_s, 50) * 1000, 3), "p95_ms": round(percentile(samples_s, 95) * 1000, 3)}


def time_calls(fn: Callable[[], Any], n: int, warmup: int = 5) -> list[float]:
    """Call fn warmup times, then n times; return each timed call's duration in seconds."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def free_port() -> int:
    """Return a free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, data_dir: Path | None = None, workers: int = 1) -> subprocess.Popen[bytes]:
    """Start the production server (python -m dashboard) on a loopback port."""
    cmd = [sys.executable, "-m", "dashboard", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    if data_dir is not None:
        cmd += ["--data-dir", str(data_dir)]
    log = open(server_log(port), "w")  # noqa: SIM115
    return subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)


def server_log(port: int) -> Path:
    """The file the server started by start_server(port) writes its output to."""
    return Path(tempfile.gettempdir()) / f"trade-lens-bench-server-{port}.log"


def wait_for_200(url: str, timeout: float = 60.0) -> float:
    """Poll url until it answers 200; return the time it took in seconds."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return time.perf_counter() - t0
        except OSError:
            time.sleep(0.02)
    raise TimeoutError(url)


def rss_peak_mb(pid: int) -> float:
    """Return the peak resident set size (VmHWM) of a process and its children, in MB."""
    total = 0.0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for p in pids:
        status = Path(f"/proc/{p}/status")
        if status.exists():
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1]) / 1024
    return round(total, 1)


def self_peak_rss_mb() -> float:
    """Return this process's peak resident set size in MB."""
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def gzip_size(data: bytes) -> int:
    """Return the gzip-compressed size of data."""
    return len(gzip.compress(data, compresslevel=6))


def write_json(path: Path, obj: Any) -> None:
    """Write obj as JSON atomically."""
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(obj, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)
