"""Every response carries the security and caching headers; oversized bodies get 413, scanners' file paths 404."""

from __future__ import annotations

import base64
import hashlib
import io
import re
import sys

import pytest
from werkzeug.test import EnvironBuilder, run_wsgi_app

from dashboard.app import create_app
from tests.test_app import GOOD_CALLBACK


@pytest.fixture(scope="module")
def client():
    return create_app(warm=False).server.test_client()


def _csp(response) -> dict[str, list[str]]:
    """The response's Content-Security-Policy as {directive: [sources]}."""
    policy = response.headers["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (p.strip() for p in policy.split(";")) if d}


@pytest.mark.parametrize("method, path", [("GET", "/"), ("GET", "/explore"), ("GET", "/assets/style.css"),
                                          ("POST", "/_dash-update-component"), ("GET", "/health"),
                                          ("GET", "/.env")])
def test_every_response_carries_the_security_headers(client, method: str, path: str) -> None:
    r = client.open(path, method=method, json=GOOD_CALLBACK if method == "POST" else None)
    assert r.status_code in (200, 404)
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    csp = _csp(r)
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'self'"] and csp["frame-ancestors"] == ["'none'"]
    assert csp["style-src"] == ["'self'", "'unsafe-inline'"]
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]


def test_the_policy_allows_each_inline_script_of_the_page_by_its_hash(client) -> None:
    html = re.sub(r"<!--.*?-->", "", client.get("/").get_data(as_text=True), flags=re.S)  # IE-only comments
    inline = [m.group(2) for m in re.finditer(r"<script([^>]*)>(.*?)</script>", html, re.S)
              if "src=" not in m.group(1) and "application/json" not in m.group(1)]
    assert inline  # Dash's renderer starts from an inline script
    allowed = _csp(client.get("/"))["script-src"]
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in allowed


def test_pages_are_revalidated_assets_cached_callbacks_never_stored(client) -> None:
    assert client.get("/").headers["Cache-Control"] == "no-cache"
    asset = client.get("/assets/style.css").headers["Cache-Control"]
    assert "max-age=" in asset and int(asset.split("max-age=")[1].split(",")[0]) >= 3600
    assert client.post("/_dash-update-component", json=GOOD_CALLBACK).headers["Cache-Control"] == "no-store"


def test_the_page_does_not_disclose_the_python_build(client) -> None:
    html = client.get("/").get_data(as_text=True)
    assert "_dash-config" in html
    assert sys.version.split()[0] not in html and "python_version" not in html


@pytest.mark.parametrize("path", ["/.env", "/.git/config", "/wp-login.php", "/backup.sql", "/static/.htaccess"])
def test_file_paths_outside_the_assets_are_404_not_the_app_shell(client, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404
    assert b"_dash-config" not in r.data


@pytest.mark.parametrize("path", ["/", "/explore", "/sources", "/claims/export-market-10-years", "/assets/style.css"])
def test_pages_and_assets_are_still_served(client, path: str) -> None:
    assert client.get(path).status_code == 200


def test_a_body_over_the_limit_is_refused_with_413_without_being_read(client) -> None:
    class Unreadable(io.BytesIO):  # a body that fails the test if the server reads it
        def read(self, *_args: object) -> bytes:
            raise AssertionError("the body was read")

        readline = read

    r = client.post("/_dash-update-component", input_stream=Unreadable(b"{}"), content_type="application/json",
                    environ_overrides={"CONTENT_LENGTH": str(2 * 1024 * 1024)})
    assert r.status_code == 413
    assert r.get_json() == {"error": "Request Entity Too Large"}


def test_a_body_without_length_is_cut_at_the_limit_with_413(client) -> None:
    body = b'{"output": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    environ = EnvironBuilder(path="/_dash-update-component", method="POST", input_stream=io.BytesIO(body),
                             content_type="application/json", headers={"Transfer-Encoding": "chunked"}).get_environ()
    del environ["CONTENT_LENGTH"]
    environ["wsgi.input_terminated"] = True  # as gunicorn says of a chunked body
    _, status, _ = run_wsgi_app(client.application, environ)
    assert status.startswith("413")


def test_a_real_callback_body_is_far_under_the_limit(client) -> None:
    r = client.post("/_dash-update-component", json=GOOD_CALLBACK)
    assert r.status_code == 200
