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
