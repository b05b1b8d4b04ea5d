"""The vendored plotly.js bundle: the pinned version, served precompressed; Dash's own plotly.js is never sent."""

from __future__ import annotations

import copy
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import brotli
import pytest

from dashboard import compression, security
from dashboard.app import ASSETS_FETCHED
from tests.conftest import ROOT

SCRIPTS = ROOT / "scripts" / "plotly"
BUNDLE = ROOT / "assets" / "plotly-custom.min.js"
EXTRA = ROOT / "assets" / "plotly-extra.min.js"  # the trace types fetched when a chart needs them
RUNTIME = ROOT / "assets" / "regenerator-runtime.min.js"
HEADER = re.compile(rb"plotly\.js \(custom: ([a-z, ]+) - minified\) v(\d+\.\d+\.\d+)")


def pinned(package: str) -> str:
    """The version of an npm package pinned in scripts/plotly (package.json and its lock agree)."""
    declared = json.loads((SCRIPTS / "package.json").read_text())["dependencies"][package]
    locked = json.loads((SCRIPTS / "package-lock.json").read_text())["packages"][f"node_modules/{package}"]["version"]
    assert declared == locked
    return declared


def dash_plotly_version() -> str:
    """The plotly.js version Dash would load by default (the plotly package's plotly.min.js)."""
    from plotly.offline import get_plotlyjs_version

    return str(get_plotlyjs_version())


def traces_of(bundle: Path) -> list[str]:
    """The trace types a bundle's header lists."""
    match = HEADER.search(bundle.read_bytes()[:400])
    assert match is not None, bundle
    return match.group(1).decode().split(", ")


def test_the_bundle_is_the_pinned_plotly_js_of_the_version_dash_expects() -> None:
    for bundle in (BUNDLE, EXTRA):
        match = HEADER.search(bundle.read_bytes()[:400])
        assert match is not None
        version = match.group(2).decode()
        assert version == pinned("plotly.js")
        assert version.split(".")[:2] == dash_plotly_version().split(".")[:2]
        assert b"Licensed under the MIT license" in bundle.read_bytes()[:400]
    assert traces_of(BUNDLE) == ["scatter", "bar"]
    assert traces_of(EXTRA) == ["heatmap", "treemap"]
    assert "MIT License" in (SCRIPTS / "LICENSE").read_text()


def test_the_bundles_hold_every_trace_type_the_figures_use() -> None:
    used = set()
    for path in (ROOT / "dashboard").rglob("*.py"):
        used |= set(re.findall(r"\btrace\(\s*\"([a-z]+)\"", path.read_text()))  # figures.trace("scatter", ...)
    traces = set(traces_of(BUNDLE)) | set(traces_of(EXTRA))
    assert used and used <= traces, f"add {used - traces} to scripts/plotly/entry.js and run make plotly"


def test_the_lazy_loader_fetches_the_extra_bundle_for_its_trace_types() -> None:
    lazy = (ROOT / "assets" / "plotly-lazy.js").read_text()
    listed = re.search(r"EXTRA_TYPES = \[([^\]]*)\]", lazy)
    assert listed is not None and json.loads(f"[{listed.group(1)}]") == traces_of(EXTRA)
    assert f'EXTRA_FILE = "{EXTRA.name}"' in lazy
    assert re.search(ASSETS_FETCHED, EXTRA.name)  # not loaded by the page itself (the page test checks)


def test_the_extra_bundle_takes_the_core_s_modules_instead_of_copies() -> None:
    # the core hands its shared modules over (Plotly._shared) and the extra bundle reads them there: a second copy
    # of the registry would register the traces where the core never looks
    assert b"_shared=[" in BUNDLE.read_bytes()
    assert b"window.Plotly._shared[" in EXTRA.read_bytes()
    assert len(EXTRA.read_bytes()) < 150_000  # the traces' own code only (131 KB)


def test_the_bundle_leaves_out_the_attributes_prose_as_plotly_s_own_bundles_do() -> None:
    # scripts/plotly/build.js strips the attributes' descriptions (about 140 KB; 655 were left in before): the few
    # left are built by function calls, which plotly.js's own minified bundles keep too
    assert BUNDLE.read_bytes().count(b"description:") < 20


def test_the_brotli_file_is_the_bundle() -> None:
    for bundle in (BUNDLE, EXTRA):
        assert brotli.decompress((bundle.parent / (bundle.name + ".br")).read_bytes()) == bundle.read_bytes()


@pytest.mark.slow
def test_make_plotly_rebuilds_the_same_bytes(tmp_path: Path) -> None:
    if shutil.which("node") is None or not (SCRIPTS / "node_modules" / "plotly.js").is_dir():
        pytest.skip("needs node and scripts/plotly/node_modules (make plotly installs them with npm ci)")
    env = {**os.environ, "PLOTLY_OUT_DIR": str(tmp_path)}
    subprocess.run(["node", str(SCRIPTS / "build.js")], env=env, check=True, capture_output=True, timeout=300)
    for name in (BUNDLE.name, BUNDLE.name + ".br", EXTRA.name, EXTRA.name + ".br", RUNTIME.name):
        built = hashlib.sha256((tmp_path / name).read_bytes()).hexdigest()
        assert built == hashlib.sha256((ROOT / "assets" / name).read_bytes()).hexdigest(), name


@pytest.fixture(scope="module")
def client():
    from dashboard.app import create_app

    return create_app(warm=False).server.test_client()


def test_the_page_loads_the_bundle_and_not_dash_s_plotly_polyfill_table_or_html_bundle(client) -> None:
    page = client.get("/explore").get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert any("/assets/plotly-custom.min.js" in s for s in scripts)
    assert any("/assets/regenerator-runtime.min.js" in s for s in scripts)
    assert any("/assets/dash-html.js" in s for s in scripts)  # the html components, instead of Dash's bundle
    assert any("react-dom@" in s for s in scripts)  # the polyfill went, React's other files stay
    unused = ("plotly.min.js", "polyfill@", "dash_table", "dash_html_components", EXTRA.name)
    assert not [s for s in scripts if any(name in s for name in unused)]


def test_without_unused_scripts_keeps_the_other_files_of_a_resource() -> None:
    resources = [
        {"relative_package_path": ["deps/polyfill@7.12.1.min.js", "deps/react@18.3.1.min.js"], "namespace": "dash"},
        {"relative_package_path": "dash_table/bundle.js", "namespace": "dash"},
        {"relative_package_path": "dcc/dash_core_components.js", "namespace": "dash"},
        {"external_url": "https://example.org/x.js"},
    ]
    assert security.without_unused_scripts(resources) == [
        {"relative_package_path": ["deps/react@18.3.1.min.js"], "namespace": "dash"},
        {"relative_package_path": "dcc/dash_core_components.js", "namespace": "dash"},
        {"external_url": "https://example.org/x.js"},
    ]


def test_the_bundle_is_sent_as_its_brotli_file_or_gzip_or_plain(client) -> None:
    raw = BUNDLE.read_bytes()
    r = client.get("/assets/plotly-custom.min.js", headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert r.headers["Content-Encoding"] == "br"
    assert r.data == (BUNDLE.parent / (BUNDLE.name + ".br")).read_bytes()
    r = client.get("/assets/plotly-custom.min.js", headers={"Accept-Encoding": "gzip"})
    assert r.headers["Content-Encoding"] == "gzip" and gzip.decompress(r.data) == raw
    r = client.get("/assets/plotly-custom.min.js", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in r.headers and r.data == raw


def test_dash_s_scripts_are_compressed_once_and_decompress_to_the_file(client) -> None:
    page = client.get("/").get_data(as_text=True)
    src = next(s for s in re.findall(r'<script src="([^"]+)"', page) if "dash_core_components." in s)
    first = client.get(src, headers={"Accept-Encoding": "br"})
    again = client.get(src, headers={"Accept-Encoding": "br"})
    plain = client.get(src, headers={"Accept-Encoding": "identity"})
    assert first.headers["Content-Encoding"] == "br" and first.data == again.data
    assert brotli.decompress(first.data) == plain.data
    assert len(first.data) < len(compression.encode(plain.data, "br")) * 1.01  # brotli 9 or the kept brotli 11


def test_callbacks_are_still_compressed_on_the_fly(client) -> None:
    r = client.get("/_dash-layout", headers={"Accept-Encoding": "br"})
    assert r.headers.get("Content-Encoding") == "br"  # by flask-compress: the static cache takes only static paths


def test_a_kept_brotli_copy_that_does_not_match_is_not_used(tmp_path: Path) -> None:
    data = b"console.log('hello');" * 100
    assert compression.precompress([_write(tmp_path / "a.js", data)], cache=tmp_path / "cache") == 1
    assert compression.precompress([tmp_path / "a.js"], cache=tmp_path / "cache") == 0  # kept already
    assert brotli.decompress(compression.cached_brotli(data, tmp_path / "cache") or b"") == data
    (kept,) = (tmp_path / "cache").iterdir()
    kept.write_bytes(brotli.compress(b"something else"))
    assert compression.cached_brotli(data, tmp_path / "cache") is None
    kept.write_bytes(b"not brotli")
    assert compression.cached_brotli(data, tmp_path / "cache") is None


def test_accept_encoding_is_parsed_with_its_weights() -> None:
    assert compression.choose("gzip, deflate, br, zstd") == "br"
    assert compression.choose("gzip;q=1.0, br;q=0") == "gzip"
    assert compression.choose("zstd, gzip") == "zstd"
    assert compression.choose("identity") is None
    assert compression.choose("br;q=oops") is None


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_the_same_callback_answer_is_compressed_once(client, monkeypatch) -> None:
    from tests.test_app import GOOD_CALLBACK

    calls: list[str] = []
    real = compression.encode
    monkeypatch.setattr(compression, "encode", lambda data, enc, fast=False: calls.append(enc) or real(data, enc, fast))
    plain = client.post("/_dash-update-component", json=GOOD_CALLBACK, headers={"Accept-Encoding": "identity"})
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers and calls == []
    first, again = (client.post("/_dash-update-component", json=GOOD_CALLBACK, headers={"Accept-Encoding": "gzip, br"})
                    for _ in range(2))
    assert calls == ["br"]  # the second answer, the same bytes, came from the kept copy
    assert first.headers["Content-Encoding"] == again.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in first.headers["Vary"] and int(first.headers["Content-Length"]) == len(first.data)
    assert brotli.decompress(first.data) == brotli.decompress(again.data) == plain.data
    gz = client.post("/_dash-update-component", json=GOOD_CALLBACK, headers={"Accept-Encoding": "gzip"})
    assert calls == ["br", "gzip"] and gzip.decompress(gz.data) == plain.data


def test_kept_answers_are_bounded_oldest_first() -> None:
    from flask import Flask, Response

    app, keeper = Flask(__name__), compression.AnswerCompressor(maxsize=2)
    bodies = [f'{{"n": {i}, "pad": "{"x" * 600}"}}'.encode() for i in range(3)]
    for body in bodies:
        with app.test_request_context("/_dash-update-component", method="POST", headers={"Accept-Encoding": "gzip"}):
            keeper(Response(body, mimetype="application/json"))
    assert len(keeper.kept) == 2
    assert {gzip.decompress(v) for v in keeper.kept.values()} == set(bodies[1:])


def test_callback_answers_skip_plotly_s_python_walk(client, monkeypatch) -> None:
    from tests.test_app import GOOD_CALLBACK

    def walk(*args, **kwargs):
        raise AssertionError("the orjson engine's clean_to_json_compatible walked the answer")

    explore = copy.deepcopy(GOOD_CALLBACK)
    explore["inputs"][0]["value"] = "/explore"  # an answer holding components and cached JSON
    assert client.post("/_dash-update-component", json=explore).status_code == 200  # its cards, built and cached
    monkeypatch.setattr("plotly.io._json.clean_to_json_compatible", walk)
    r = client.post("/_dash-update-component", json=explore)  # served from the cache: only serialised
    assert r.status_code == 200 and "page" in r.get_json()["response"]
