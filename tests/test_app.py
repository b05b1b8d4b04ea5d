"""The app builds, serves its page and health check, and never answers with a traceback."""

from __future__ import annotations

import importlib
import json
import logging
import re
import shutil
import sys
from pathlib import Path

import pytest

from dashboard.app import create_app
from dashboard.strings import t
from tests.conftest import ROOT

SECRET = "db-password-in-a-message"


@pytest.fixture(scope="module")
def client():
    app = create_app(warm=False)  # no warm-up thread competing with the tests for the GIL

    @app.server.route("/_test/boom")  # a route that fails as a bug on the server would
    def boom() -> str:
        raise RuntimeError(f"{SECRET} " + "x" * 1000)

    return app.server.test_client()


def test_index_serves_the_dash_page(client) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert b"_dash-config" in r.data
    assert "Peru–China Trade Lens</title>".encode() in r.data


def test_health_is_200(client) -> None:
    r = client.get("/health")
    assert r.status_code == 200
    assert r.get_json()["status"] == "ok"


def test_unknown_path_answers_404_with_the_app_and_a_title_that_says_so(client) -> None:
    for path in ("/no/such/page", "/nope", "/claims/no-such-claim"):
        r = client.get(path)
        assert r.status_code == 404, path
        assert b"_dash-config" in r.data  # the app still loads, and shows its not-found page
        assert b"<title>Page not found" in r.data
    for path in ("/", "/explore", "/chancay", "/sources/", "/claims/chancay-jobs"):
        assert client.get(path).status_code == 200, path


def test_each_page_has_its_own_title_and_the_document_a_language(client) -> None:
    titles = {p: re.search(rb"<title>(.*?)</title>", client.get(p).data).group(1) for p in
              ("/", "/explore", "/chancay", "/sources", "/claims/chancay-jobs", "/claims/alpaca-dolls")}
    assert len(set(titles.values())) == len(titles), titles
    assert titles["/claims/chancay-jobs"].startswith(b"The project has created 1,300 direct jobs")
    page = client.get("/").data
    assert b'<html lang="en">' in page
    assert page.count(b"<footer") == 0  # the one footer (contentinfo) is the shell's, drawn by the app


GOOD_CALLBACK = {
    "output": "page.children",
    "outputs": {"id": "page", "property": "children"},
    "inputs": [{"id": "url", "property": "pathname", "value": "/sources"}],
    "state": [{"id": "url", "property": "search", "value": ""}],
    "changedPropIds": ["url.pathname"],
}


GOOD_HEADER = {
    "output": "..app-header.children...app-footer.children..",
    "outputs": [{"id": "app-header", "property": "children"}, {"id": "app-footer", "property": "children"}],
    "inputs": [{"id": "url", "property": "pathname", "value": "/"}],
    "state": [{"id": "url", "property": "search", "value": ""}],
    "changedPropIds": ["url.pathname"],
}


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"{}",
        b"[]",
        b'{"output": "page.children", "inputs": 5}',
        b"[" * 5000,
        json.dumps({**GOOD_CALLBACK, "output": "no.such"}).encode(),
        json.dumps({**GOOD_CALLBACK, "outputs": 5}).encode(),
        # one output given as a list (a fuzzed body once made Dash raise: a 500)
        json.dumps({**GOOD_CALLBACK, "outputs": []}).encode(),
        json.dumps({**GOOD_CALLBACK, "outputs": [GOOD_CALLBACK["outputs"]]}).encode(),
        # several outputs, a reference short
        json.dumps({**GOOD_HEADER, "outputs": GOOD_HEADER["outputs"][:1]}).encode(),
        json.dumps({**GOOD_CALLBACK, "inputs": [5]}).encode(),
        json.dumps({**GOOD_CALLBACK, "inputs": []}).encode(),
        json.dumps({**GOOD_CALLBACK, "state": [{"id": "url"}]}).encode(),
        json.dumps({**GOOD_CALLBACK, "changedPropIds": "url.pathname"}).encode(),
    ],
)
def test_malformed_callback_payload_is_a_bad_request(client, body: bytes, caplog) -> None:
    with caplog.at_level(logging.ERROR, logger="dashboard.app"):
        r = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert r.status_code == 400
    assert r.get_json() == {"error": "Bad Request"}
    assert caplog.records == []  # the client's fault: no server error logged


def test_well_formed_callback_payload_is_answered(client) -> None:
    r = client.post("/_dash-update-component", json=GOOD_CALLBACK)
    assert r.status_code == 200
    assert "page" in r.get_json()["response"]
    r = client.post("/_dash-update-component", json=GOOD_HEADER)  # several outputs
    assert r.status_code == 200 and set(r.get_json()["response"]) == {"app-header", "app-footer"}


def test_server_error_is_a_500_with_a_generic_body_and_one_log_line(client, caplog) -> None:
    with caplog.at_level(logging.ERROR, logger="dashboard.app"):
        r = client.get("/_test/boom")
    assert r.status_code == 500
    body = r.get_json()
    request_id = r.headers["X-Request-Id"]
    assert re.fullmatch(r"[0-9a-f]{8}", request_id)
    assert body == {"error": t("error.server"), "request_id": request_id}
    assert SECRET not in r.get_data(as_text=True) and "Traceback" not in r.get_data(as_text=True)
    [record] = [rec for rec in caplog.records if rec.levelno >= logging.ERROR]  # one line, from any logger
    line = record.getMessage()
    assert "\n" not in line and record.exc_info is None and "Traceback" not in line
    assert "RuntimeError" in line and "/_test/boom" in line and request_id in line and SECRET in line
    assert line.endswith("x…") and "x" * 300 not in line  # the message is cut to 300 characters


def test_http_errors_keep_their_code_with_a_generic_body(client) -> None:
    r = client.put("/health")
    assert r.status_code == 405
    assert r.get_json() == {"error": "Method Not Allowed"}
    assert "GET" in r.headers["Allow"]


@pytest.mark.slow
def test_two_apps_on_two_data_dirs_are_independent(tmp_path) -> None:
    small = _data_copy(tmp_path / "small")
    obs = small / "observations.csv"
    lines = obs.read_text(encoding="utf-8").splitlines(keepends=True)
    obs.write_text("".join(lines[:-3]), encoding="utf-8")  # three observations fewer
    a, b = create_app(warm=False), create_app(small, warm=False)
    full = a.server.test_client().get("/health").get_json()
    less = b.server.test_client().get("/health").get_json()
    assert full["observations"] == less["observations"] + 3
    assert full["sources"] == less["sources"]
    obs.write_text("".join(lines), encoding="utf-8")  # the data behind b changes: neither app reloads it
    c = create_app(small, warm=False)
    assert b.server.test_client().get("/health").get_json() == less
    assert c.server.test_client().get("/health").get_json() == full
    assert a.server.test_client().get("/health").get_json() == full


@pytest.mark.slow
def test_importing_the_app_module_builds_nothing() -> None:
    for name in [m for m in sys.modules if m.startswith("dashboard.app")]:
        del sys.modules[name]
    module = importlib.import_module("dashboard.app")
    assert "server" not in vars(module)
    assert module.server is not None  # built lazily on first access, for WSGI servers


def _data_copy(dst: Path) -> Path:
    """Copy the repository's tidy tables and claims registry (not raw/) into dst."""
    dst.mkdir(parents=True, exist_ok=True)
    for f in [*(ROOT / "data").glob("*.csv"), ROOT / "data" / "claims.toml"]:
        shutil.copy(f, dst / f.name)
    return dst


def _corrupt_copy(tmp_path):
    _data_copy(tmp_path)
    obs = tmp_path / "observations.csv"
    lines = obs.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[5] = lines[5].replace("src-", "src-missing-", 1)
    obs.write_text("".join(lines), encoding="utf-8")
    return tmp_path


def test_app_refuses_corrupt_data_naming_file_and_row(tmp_path) -> None:
    from dashboard.data import DataError

    with pytest.raises(DataError) as err:
        create_app(_corrupt_copy(tmp_path))
    assert "observations.csv" in str(err.value)
    assert "row 5" in str(err.value)


@pytest.mark.parametrize("flag", ["--data-dir", "--data"])
@pytest.mark.parametrize("command", [[], ["serve"]])
def test_data_directory_flag_and_its_alias(monkeypatch, command: list[str], flag: str) -> None:
    from dashboard import __main__ as cli

    seen: list[str | None] = []
    monkeypatch.setattr(cli, "_serve", lambda args: seen.append(args.data_dir) or 0)
    assert cli.main([*command, flag, "some/dir", "--port", "0"]) == 0
    assert seen == ["some/dir"]


def _broken_claims_copy(tmp_path):
    _data_copy(tmp_path)
    claims = tmp_path / "claims.toml"
    claims.write_text(claims.read_text(encoding="utf-8").replace("end_year =", "end_yaer =", 1), encoding="utf-8")
    return tmp_path


@pytest.mark.slow
@pytest.mark.parametrize(
    ("broken", "named"), [(_corrupt_copy, "observations.csv row 5"), (_broken_claims_copy, "claims.toml")]
)
def test_command_line_exits_with_one_clear_line_on_corrupt_data(tmp_path, broken, named: str) -> None:
    import subprocess

    proc = subprocess.run(
        [sys.executable, "-m", "dashboard", "--data-dir", str(broken(tmp_path)), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith("error: ") and named in proc.stderr
    assert proc.stderr.count("\n") == 1 and "error: error" not in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.slow
def test_gunicorn_stops_instead_of_respawning_workers_on_corrupt_data(tmp_path) -> None:
    """`make run` on bad data: the worker says why in one line and the master exits, no crash loop."""
    import os
    import subprocess

    env = {**os.environ, "TRADE_LENS_DATA": str(_corrupt_copy(tmp_path))}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    proc = subprocess.run(
        [str(gunicorn), "-c", "python:dashboard.gunicorn_conf", "--workers", "2", "--bind", "127.0.0.1:0",
         "dashboard.wsgi:server"],  # `make run`'s configuration: threaded workers
        capture_output=True, text=True, timeout=60, env=env, cwd=ROOT,
    )
    assert proc.returncode != 0
    lines = [x for x in proc.stderr.splitlines() if x.startswith("error:")]
    assert lines and all("observations.csv row 5" in x for x in lines) and len(lines) <= 2  # one per worker
    assert "/dashboard/" not in proc.stderr  # no traceback from the app (gunicorn may print its own HaltServer)


@pytest.mark.slow
def test_production_server_answers_page_requests_right_after_start(tmp_path) -> None:
    """The server of `python -m dashboard` serves pages at once: no lock or thread of the master leaks into a worker."""
    import json
    import socket
    import subprocess
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = (tmp_path / "server.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "dashboard", "--port", str(port), "--workers", "1"],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/health", timeout=2) as r:
                    assert r.status == 200
                break
            except OSError:
                assert time.time() < deadline, "server did not start"
                time.sleep(0.1)
        for path in ("/", "/explore", "/claims/chancay-jobs", "/sources"):
            body = {
                "output": "page.children",
                "outputs": {"id": "page", "property": "children"},
                "inputs": [{"id": "url", "property": "pathname", "value": path}],
                "state": [{"id": "url", "property": "search", "value": ""}],
                "changedPropIds": ["url.pathname"],
            }
            req = urllib.request.Request(
                base + "/_dash-update-component",
                data=json.dumps(body).encode(),
                headers={"Content-Type": "application/json"},
            )
            with urllib.request.urlopen(req, timeout=15) as r:
                assert r.status == 200, path
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_all_data_downloads_as_one_zip_of_the_tidy_tables_with_a_readme(client) -> None:
    import io
    import zipfile

    r = client.get("/download/peru-china-trade-lens-data.zip")
    assert r.status_code == 200 and r.mimetype == "application/zip"
    assert "attachment" in r.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(r.data))
    names = {Path(n).name: n for n in archive.namelist()}
    for table in ("observations.csv", "sources.csv", "events.csv", "chancay.csv", "products.csv", "partners.csv"):
        assert archive.read(names[table]) == (ROOT / "data" / table).read_bytes(), table
    assert archive.read(names["README.md"]) == (ROOT / "data" / "README.md").read_bytes()
    assert len(r.data) < 1_000_000  # zipped: a small download (the tables are ~1.5 MB as CSV)
