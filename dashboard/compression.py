"""Compressed responses: static files harder and once (or precompressed at build time), callback answers once per
content, the rest as flask-compress does.

flask-compress compresses every response on the fly at a fast level (zstd 3, brotli 4). Callback answers are
compressed at the same levels, but many are the same bytes each time (a page, a chart card from the cache), so the
last few hundred are kept by a digest of their content (AnswerCompressor). Static files never change while the process
runs, so they are compressed once, at a higher level, and kept: brotli 9 when the browser accepts it (a third smaller
than zstd 3 on Dash's bundles), else zstd 15, else gzip 9. Brotli 11 is a tenth smaller again but takes seconds, so it
is done ahead: an asset with a `.br` beside it (the plotly.js bundle, by `make plotly`) is sent as that file, and
Dash's own scripts as the brotli 11 copies that `python -m dashboard.compression` (run by make after each install)
keeps under BROTLI_CACHE, named by their sha256.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import sys
import threading
from collections import OrderedDict
from pathlib import Path

import brotli
from dash import Dash
from flask import Response, request

try:  # Python 3.14's standard library, else the backport flask-compress installs
    from compression import zstd  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - depends on the Python version
    from backports import zstd  # type: ignore[import-not-found,no-redef,unused-ignore]

STATIC_PREFIXES = ("/assets/", "/_dash-component-suites/")
COMPRESSIBLE = {"application/javascript", "text/javascript", "text/css", "application/json", "image/x-icon"}
BROTLI_LEVEL = 9
ZSTD_LEVEL = 15
GZIP_LEVEL = 9
MIN_SIZE = 500
FAST_BROTLI_LEVEL, FAST_ZSTD_LEVEL, FAST_GZIP_LEVEL = 4, 3, 6  # flask-compress's defaults, for callback answers
CALLBACK_PATH = "/_dash-update-component"
ANSWERS_KEPT = 256  # compressed callback answers kept (a few MB at most: they are 1-25 KB compressed)
BROTLI_CACHE = Path(os.environ.get("TRADE_LENS_BROTLI_CACHE") or Path(sys.prefix) / "var" / "trade-lens-brotli")
PRECOMPRESSED_MAX = 1024 * 1024  # dcc's MathJax chunk (2 MB), never loaded here, is left out


def accepted(accept_encoding: str) -> list[str]:
    """The encodings the client accepts (q > 0), lower case, in the order the header gives them."""
    out = []
    for part in accept_encoding.split(","):
        name, _, params = part.strip().partition(";")
        q = params.strip().removeprefix("q=") if params.strip().startswith("q=") else "1"
        try:
            weight = float(q)
        except ValueError:
            weight = 0.0
        if name and weight > 0:
            out.append(name.strip().lower())
    return out


def choose(accept_encoding: str) -> str | None:
    """The encoding a static file is sent in: brotli, then zstd, then gzip, among those the client accepts."""
    names = accepted(accept_encoding)
    return next((e for e in ("br", "zstd", "gzip") if e in names), None)


def encode(data: bytes, encoding: str, fast: bool = False) -> bytes:
    """Compress data in encoding at the static level, or (fast) at flask-compress's levels for answers."""
    if encoding == "br":
        return bytes(brotli.compress(data, quality=FAST_BROTLI_LEVEL if fast else BROTLI_LEVEL))
    if encoding == "zstd":
        return bytes(zstd.compress(data, level=FAST_ZSTD_LEVEL if fast else ZSTD_LEVEL))
    return gzip.compress(data, compresslevel=FAST_GZIP_LEVEL if fast else GZIP_LEVEL, mtime=0)


def cached_brotli(data: bytes, cache: Path = BROTLI_CACHE) -> bytes | None:
    """The kept brotli 11 copy of data, when there is one and it decompresses to data."""
    digest = hashlib.sha256(data).hexdigest()
    try:
        body = (cache / f"{digest}.br").read_bytes()
        return body if hashlib.sha256(brotli.decompress(body)).hexdigest() == digest else None
    except (OSError, brotli.error):
        return None


def dash_scripts() -> list[Path]:
    """The scripts of Dash's packages that a page may load (React, the renderer, dcc, html)."""
    import dash

    root = Path(dash.__file__).parent
    found = [*root.glob("deps/*.min.js"), *root.glob("dash-renderer/build/*.min.js"), *root.glob("dcc/*.js"),
             *root.glob("html/*.min.js")]
    return sorted(p for p in found if p.stat().st_size <= PRECOMPRESSED_MAX)


def precompress(files: list[Path], cache: Path = BROTLI_CACHE) -> int:
    """Keep a brotli 11 copy of each file not yet kept; return how many were written."""
    cache.mkdir(parents=True, exist_ok=True)
    written = 0
    for file in files:
        data = file.read_bytes()
        target = cache / f"{hashlib.sha256(data).hexdigest()}.br"
        if not target.exists():
            tmp = target.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(brotli.compress(data, quality=11))
            os.replace(tmp, target)
            written += 1
    return written


class StaticCompressor:
    """Compress each static file once per encoding, keyed by its path and ETag, and serve the kept bytes after."""

    def __init__(self, assets: Path) -> None:
        self.assets = assets
        self.cache: dict[tuple[str, str, str], bytes] = {}
        self.lock = threading.Lock()

    def precompressed(self, path: str, encoding: str) -> bytes | None:
        """The build's brotli file for an asset (assets/NAME.br), when there is one."""
        if encoding != "br" or not path.startswith("/assets/"):
            return None
        candidate = (self.assets / path.removeprefix("/assets/")).resolve()
        brotli_file = candidate.with_name(candidate.name + ".br")
        if not candidate.is_relative_to(self.assets.resolve()) or not brotli_file.is_file():
            return None
        return brotli_file.read_bytes()

    def __call__(self, response: Response) -> Response:
        """After-request hook: replace a static file's body by its kept compressed bytes."""
        if (
            request.method != "GET"
            or not request.path.startswith(STATIC_PREFIXES)
            or response.status_code != 200
            or response.mimetype not in COMPRESSIBLE
            or "Content-Encoding" in response.headers
        ):
            return response
        encoding = choose(request.headers.get("Accept-Encoding", ""))
        if encoding is None:
            return response
        etag, _ = response.get_etag()
        key = (request.path, etag or "", encoding)
        body = self.cache.get(key)
        if body is None:
            response.direct_passthrough = False
            data = response.get_data()
            if len(data) < MIN_SIZE:
                return response
            kept = cached_brotli(data) if encoding == "br" else None
            body = self.precompressed(request.path, encoding) or kept or encode(data, encoding)
            with self.lock:
                self.cache[key] = body
        _send(response, body, encoding)
        if etag:
            response.set_etag(f"{etag}:{encoding}")
        return response


class AnswerCompressor:
    """Compress callback answers at flask-compress's fast levels, keeping the last few hundred by their content.

    The answers readers get most (a page, a chart card served from the cache) are the same bytes again and again:
    gzip took 3.7 ms of the explorer page's 153 KB each time; a kept answer costs a 0.3 ms digest.
    """

    def __init__(self, maxsize: int = ANSWERS_KEPT) -> None:
        self.maxsize = maxsize
        self.kept: OrderedDict[tuple[bytes, str], bytes] = OrderedDict()
        self.lock = threading.Lock()

    def __call__(self, response: Response) -> Response:
        """After-request hook: a callback's JSON answer, compressed (from the kept copy when it was sent before)."""
        if (
            request.method != "POST"
            or not request.path.endswith(CALLBACK_PATH)
            or response.status_code != 200
            or response.mimetype != "application/json"
            or response.direct_passthrough
            or "Content-Encoding" in response.headers
        ):
            return response
        encoding = choose(request.headers.get("Accept-Encoding", ""))
        data = response.get_data()
        if encoding is None or len(data) < MIN_SIZE:
            return response
        key = (hashlib.blake2b(data, digest_size=16).digest(), encoding)
        with self.lock:
            body = self.kept.get(key)
            if body is not None:
                self.kept.move_to_end(key)
        if body is None:
            body = encode(data, encoding, fast=True)
            with self.lock:
                self.kept[key] = body
                while len(self.kept) > self.maxsize:
                    self.kept.popitem(last=False)
        _send(response, body, encoding)
        return response


def _send(response: Response, body: bytes, encoding: str) -> None:
    """Make body, compressed in encoding, the response's body, with the headers that say so."""
    response.direct_passthrough = False
    response.set_data(body)
    response.headers["Content-Encoding"] = encoding
    response.headers["Content-Length"] = str(len(body))
    vary = response.headers.get("Vary")
    response.headers["Vary"] = f"{vary}, Accept-Encoding" if vary else "Accept-Encoding"


def install(app: Dash, assets: Path) -> None:
    """Compress static files once per encoding and callback answers once per content (both run before flask-compress,
    which then leaves them alone)."""
    app.server.after_request(StaticCompressor(assets))
    app.server.after_request(AnswerCompressor())


if __name__ == "__main__":
    count = precompress(dash_scripts())
    print(f"dashboard.compression: {count} of Dash's scripts compressed with brotli 11 into {BROTLI_CACHE}")
