"""The app builds, serves its page and health check, and never answers with a traceback."""

from __future__ import annotations

import importlib
import sys

import pytest

from dashboard.app import create_app


@pytest.fixture(scope="module")
def client():
    return create_app().server.test_client()


def test_index_serves_the_dash_page(client) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert b"_dash-config" in r.data
    assert b"<title>Peru" in r.data


def test_health_is_200(client) -> None:
    r = client.get("/health")
    assert r.status_code == 200
    assert r.get_json()["status"] == "ok"


def test_unknown_path_is_served_by_the_app_not_a_404_page(client) -> None:
    assert client.get("/no/such/page").status_code == 200


@pytest.mark.parametrize(
    "body",
    [b"not json", b"{}", b'{"output": "page.children", "inputs": 5}', b"[" * 5000],
)
def test_hostile_callback_payload_gets_a_clear_message_not_a_500(client, body: bytes) -> None:
    r = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert 400 <= r.status_code < 500
    assert b"Traceback" not in r.data


def test_two_apps_can_be_built_in_one_process() -> None:
    a, b = create_app(), create_app()
    assert a is not b
    assert a.server.test_client().get("/health").status_code == 200
    assert b.server.test_client().get("/health").status_code == 200


def test_importing_the_app_module_builds_nothing() -> None:
    for name in [m for m in sys.modules if m.startswith("dashboard.app")]:
        del sys.modules[name]
    module = importlib.import_module("dashboard.app")
    assert "server" not in vars(module)
    assert module.server is not None  # built lazily on first access, for WSGI servers


def _corrupt_copy(tmp_path):
    import shutil

    from tests.conftest import ROOT

    for f in (ROOT / "data").glob("*.csv"):
        shutil.copy(f, tmp_path / f.name)
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


def test_command_line_exits_with_one_clear_line_on_corrupt_data(tmp_path) -> None:
    import subprocess

    proc = subprocess.run(
        [sys.executable, "-m", "dashboard", "--data-dir", str(_corrupt_copy(tmp_path)), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith("error: ") and "observations.csv" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_production_server_answers_page_requests_right_after_start(tmp_path) -> None:
    """The server of `python -m dashboard` serves pages at once: no lock or thread of the master leaks into a worker."""
    import json
    import socket
    import subprocess
    import time
    import urllib.request

    from tests.conftest import ROOT

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
