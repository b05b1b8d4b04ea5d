"""What every response carries and what no request gets: security and caching headers, a body limit, 404 for files.

All of it is installed on the Flask server by `install(app)`, from this one place.
"""

from __future__ import annotations

import re
from typing import Any

from dash import Dash
from flask import Response, request
from werkzeug.exceptions import NotFound, RequestEntityTooLarge

# The largest real callback body is the explorer's (all its controls): 2.8 KB, captured from Chromium by
# `python -m bench.capture` (tests/data/callback_bodies.json). 1 MB is over 350 times that.
MAX_BODY = 1024 * 1024

# Paths the app serves as files; any other path with a file extension or a dot-segment (/.env, /.git/config,
# /wp-login.php) is a scanner's guess, answered 404 rather than with the app shell.
FILE_PREFIXES = ("/assets/", "/_dash-component-suites/", "/_favicon.ico", "/download/")  # /download/: the data zip
FILE_LIKE = re.compile(r"(^|/)\.|\.[A-Za-z0-9]{1,8}$")

STATIC_CACHE = "public, max-age=86400"  # /assets/ urls carry a modification stamp (?m=...), so a day is safe
PAGE_CACHE = "no-cache"  # pages: revalidate each time (the data behind them changes with a deployment)
DYNAMIC_CACHE = "no-store"  # callback answers and the health check


# Scripts Dash would send that this app does not need: the babel polyfill (browsers that run React 18 have all of it
# natively, and assets/regenerator-runtime.min.js gives Dash's lazy loaders the one global they take from it),
# dash_table (no DataTable here; 45 KB compressed of a first load with the polyfill) and the html components' bundle
# (208 KB raw; assets/dash-html.js defines the same components in 3 KB).
UNUSED_SCRIPTS = ("deps/polyfill@", "dash_table/", "html/dash_html_components")


def without_unused_scripts(resources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Dash's script resources less UNUSED_SCRIPTS (a resource may list several files: React's list the polyfill)."""
    kept = []
    for resource in resources:
        paths = resource.get("relative_package_path")
        if paths is None:
            kept.append(resource)
            continue
        listed = [paths] if isinstance(paths, str) else list(paths)
        used = [p for p in listed if not any(marker in p for marker in UNUSED_SCRIPTS)]
        if used:
            kept.append({**resource, "relative_package_path": used[0] if isinstance(paths, str) else used})
    return kept


class ServedDash(Dash):
    """Dash without the Python build string in `_dash-config` (no setting for it) and without UNUSED_SCRIPTS."""

    def _config(self) -> dict[str, Any]:
        config: dict[str, Any] = super()._config()
        config.pop("python_version", None)
        return config

    def _collect_and_register_resources(self, resources: Any, include_async: bool = True, url_attr: str = "src") -> Any:
        return super()._collect_and_register_resources(without_unused_scripts(resources), include_async, url_attr)


def content_security_policy(app: Dash) -> str:
    """The CSP: scripts only from this site (and Dash's own inline scripts by hash), no plugins, no framing."""
    hashes = " ".join(app.csp_hashes())  # each already quoted: 'sha256-...'
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' {hashes}".rstrip(),
            "style-src 'self' 'unsafe-inline'",  # Dash components and plotly set style attributes
            "img-src 'self' data: blob:",  # plotly's icons and its PNG download
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def is_file_path(path: str) -> bool:
    """Whether path names a file (an extension or a dot-segment) outside the paths the app serves files from."""
    return not path.startswith(FILE_PREFIXES) and FILE_LIKE.search(path) is not None


def install(app: Dash) -> None:
    """Add the body limit, the 404 for file-like paths and the headers of every response to app's server."""
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY  # Flask refuses a body over it while reading (chunked ones too)
    policy: list[str] = []  # computed on the first response, once every inline script is registered

    @server.before_request
    def refuse_early() -> None:
        if request.content_length is not None and request.content_length > MAX_BODY:
            raise RequestEntityTooLarge()  # refused on its Content-Length, before one byte of it is read
        # A chunked body has no length: werkzeug stops reading at MAX_BODY but hands over the first MB, cut short.
        chunked = request.content_length is None and "Transfer-Encoding" in request.headers
        if chunked and len(request.get_data(cache=True)) >= MAX_BODY:
            raise RequestEntityTooLarge()
        if is_file_path(request.path):
            raise NotFound()

    @server.after_request
    def add_headers(response: Response) -> Response:
        if not policy:
            policy.append(content_security_policy(app))
        headers = response.headers
        headers["Content-Security-Policy"] = policy[0]
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        headers["X-Frame-Options"] = "DENY"  # frame-ancestors for browsers that predate it
        if "Cache-Control" not in headers or request.path.startswith("/assets/"):  # Flask says no-cache on files
            headers["Cache-Control"] = cache_control(request.path, response.mimetype)
        return response


def cache_control(path: str, mimetype: str | None) -> str:
    """The Cache-Control for a response that has none: assets for a day, pages revalidated, the rest never stored."""
    if path.startswith("/assets/") or path == "/_favicon.ico":
        return STATIC_CACHE
    if mimetype == "text/html":
        return PAGE_CACHE
    return DYNAMIC_CACHE

