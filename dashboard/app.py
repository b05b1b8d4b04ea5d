"""create_app(): wires data, layout and callbacks. Importing this module does no work."""

from __future__ import annotations

import html
import logging
import traceback
import uuid
from pathlib import Path
from typing import Any

import dash._callback
import dash.dash
import plotly.io as pio
from dash import Dash
from flask import Response, redirect, request
from werkzeug.exceptions import BadRequest, HTTPException

from dashboard import callbacks, compression, layout, pages, security
from dashboard.activity import Requests
from dashboard.claims import load_registry, public_base_url
from dashboard.collector import IdleCollector, settle
from dashboard.components import wire
from dashboard.context import AppContext, build_context
from dashboard.data import Dataset
from dashboard.data import load as load_data
from dashboard.data.bundle import ZIP_NAME, ZIP_PATH
from dashboard.strings import DEFAULT_LANG, LANG_PARAM, LANGS, TAGS, current_lang, lang_in, negotiate, set_lang, t
from dashboard.warmup import Warmer

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets"
# Assets a page does not load itself: assets/plotly-lazy.js fetches the extra trace types when a chart needs them.
ASSETS_FETCHED = r"plotly-extra\.min\.js$"

log = logging.getLogger(__name__)


def use_fast_json() -> None:
    """Have Dash write its answers and layout with wire.to_json: the same JSON as plotly's to_json_plotly, written by
    orjson, which asks Python only for components and no_update (a seen-before filter change: 0.3 ms less a request,
    a fifth of it in process). tests/test_explore_cache.py fails if Dash stops writing through these names."""
    for module in (dash._callback, dash.dash):
        module.to_json = wire.to_json  # type: ignore[attr-defined]
    # what still goes through to_json_plotly (Dash's check of a failed answer, Figure.to_json) takes its json
    # engine: its orjson engine walks a whole tree in Python as soon as one value is a component
    pio.json.config.default_engine = "json"


def check_inputs(data_dir: str | Path | None = None) -> Dataset:
    """Read the tidy tables, the claims registry and the public address once; DataError names what is wrong."""
    data = load_data(data_dir)
    load_registry(data.data_dir / "claims.toml")
    public_base_url()
    return data


def create_app(data_dir: str | Path | None = None, *, warm: bool = True, data: Dataset | None = None) -> Dash:
    """Build the Dash app on the data in data_dir (default: the repository's data/), or on data already loaded.

    With warm, the pages the first readers ask for are built in a background thread, so that start-up stays fast.
    """
    use_fast_json()
    data = data if data is not None else load_data(data_dir)
    ctx = build_context(data)
    requests = Requests() if warm else None  # a serving app's requests: its background work waits for quiet
    if warm:  # a serving app: the tables and the context live as long as the process, out of the full passes
        settle()
    steps = pages.warm_steps(ctx) if warm else []
    warmer = Warmer(ctx.build_lock, steps, then=settle if warm else None, requests=requests).start()

    app = security.ServedDash(
        __name__,
        title=t("app.title"),
        assets_folder=str(ASSETS),
        assets_ignore=ASSETS_FETCHED,
        compress=True,
        suppress_callback_exceptions=True,
        update_title="",  # "" (like None) keeps the tab title while callbacks run
        on_error=callbacks.on_callback_error,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
        index_string=layout.INDEX_STRING.format(lang=DEFAULT_LANG),
    )
    app.layout = layout.shell()
    app.server.extensions["trade_lens"] = ctx  # Flask's place for an app's own state: tests wait on ctx.results
    callbacks.register(app, ctx)
    security.install(app)  # first: an oversized body is refused before the payload check reads it
    compression.install(app, ASSETS)
    _add_routes(app, data)
    _serve_pages(app, ctx, warmer)
    if requests is not None:  # ... and runs the collector's full passes between its requests
        app.server.wsgi_app = requests.wrap(app.server.wsgi_app)
        IdleCollector(requests).start()
    return app


def alternates(base_url: str, path: str, query: str) -> str:
    """The document's hreflang links (absolute): the same view in each language, and the address without a choice."""
    kept = "&".join(f for f in query.split("&") if f and f.split("=", 1)[0] != LANG_PARAM)
    links = [(TAGS[lang], layout.switch_href(path, kept, lang)) for lang in LANGS]
    links.append(("x-default", path + (f"?{kept}" if kept else "")))
    return "".join(
        f'<link rel="alternate" hreflang="{tag}" href="{html.escape(base_url + href, quote=True)}">'
        for tag, href in links
    )


def preloads(base: str, chunks: tuple[str, ...]) -> str:
    """The document's preload links for the given script chunks under base."""
    links = (f'<link rel="preload" as="script" href="{html.escape(base + chunk, quote=True)}">' for chunk in chunks)
    return "".join(links)


def _serve_pages(app: Dash, ctx: AppContext, warmer: Warmer) -> None:
    """Serve each page's document in its language (lang, title, hreflang alternates), unknown page paths with
    status 404, and the data zip; a first visit without `?lang=` goes to the language Accept-Language prefers."""
    index_endpoints = {app.config.routes_pathname_prefix, app.config.routes_pathname_prefix + "<path:path>"}
    interpolate = app.interpolate_index
    chunk_url = app.config.requests_pathname_prefix + "_dash-component-suites/dash/dcc/"

    def interpolate_index(**kwargs: Any) -> str:
        warmer.hint(pages.normal_path(request.path))  # the page this reader opens is built next
        page = interpolate(**{**kwargs, "title": html.escape(pages.title(ctx, request.path))})
        query = request.query_string.decode("latin-1")[:2000]
        page = page.replace(f'<html lang="{DEFAULT_LANG}">', f'<html lang="{TAGS[current_lang()]}">', 1)
        head = alternates(ctx.base_url, request.path, query) + preloads(chunk_url, pages.script_chunks(request.path))
        return page.replace("</head>", head + "\n    </head>", 1)

    app.interpolate_index = interpolate_index  # type: ignore[method-assign,assignment]  # Dash's documented hook, per instance

    @app.server.route(ZIP_PATH)
    def download_data() -> Response:
        return Response(
            ctx.data_zip,
            mimetype="application/zip",
            headers={"Content-Disposition": f"attachment; filename={ZIP_NAME}", "Cache-Control": "no-cache"},
        )

    @app.server.before_request
    def choose_language() -> Any:
        set_lang(lang_in(request.query_string.decode("latin-1")))  # every request starts in its URL's language
        if request.method == "GET" and request.endpoint in index_endpoints and LANG_PARAM not in request.args:
            wanted = negotiate(request.headers.get("Accept-Language"))
            if wanted != DEFAULT_LANG and pages.is_page(ctx, request.path):
                query = request.query_string.decode("latin-1")[:2000]
                return redirect(layout.switch_href(request.path, query, wanted), 302)
        return None

    @app.server.teardown_request
    def forget_language(_error: BaseException | None) -> None:
        set_lang(None)  # a worker thread serves the next request from its own URL, never from this one's

    @app.server.after_request
    def unknown_page_is_404(response: Response) -> Response:
        if request.endpoint in index_endpoints:
            response.headers.add("Vary", "Accept-Language")  # a first visit's language depends on it
            if response.status_code == 200 and not pages.is_page(ctx, request.path):
                response.status_code = 404
        return response


def _add_routes(app: Dash, data: Dataset) -> None:
    """Add the health endpoint, the callback payload check and error handlers that never show a traceback."""
    server = app.server

    @server.route("/health")
    def health() -> tuple[dict[str, object], int]:
        return {"status": t("health.ok"), "observations": len(data.observations), "sources": len(data.sources)}, 200

    @server.before_request
    def check_callback_payload() -> None:
        if request.method != "POST" or request.path != app.config.routes_pathname_prefix + "_dash-update-component":
            return
        try:
            body = request.get_json(silent=True)
        except RecursionError:  # absurdly deep nesting
            body = None
        problem = callback_payload_problem(body, app.callback_map)
        if problem is not None:
            raise BadRequest(problem)  # the description stays on the server: the answer is generic

    @server.errorhandler(Exception)
    def handle_error(error: Exception) -> tuple[dict[str, str], int, dict[str, str] | list[tuple[str, str]]]:
        if isinstance(error, HTTPException) and error.code is not None and error.code < 500:
            headers = [(k, v) for k, v in error.get_headers() if k.lower() not in ("content-type", "content-length")]
            return {"error": error.name}, error.code, headers
        request_id = uuid.uuid4().hex[:8]
        log.error(server_error_line(error, request.path, request_id))
        return {"error": t("error.server"), "request_id": request_id}, 500, {"X-Request-Id": request_id}


MAX_LOGGED_MESSAGE = 300


def server_error_line(error: BaseException, path: str, request_id: str) -> str:
    """Return the one log line for a server error: type, path, request id, origin and a short message."""
    frames = traceback.extract_tb(error.__traceback__)
    origin = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    message = " ".join(str(error).split())
    if len(message) > MAX_LOGGED_MESSAGE:
        message = message[: MAX_LOGGED_MESSAGE - 1] + "…"
    return f"server error {type(error).__name__} on {path} [request {request_id}]{origin}: {message}"


def _is_prop(item: object) -> bool:
    """Whether item is one {id, property} reference of a callback payload."""
    return isinstance(item, dict) and isinstance(item.get("id"), str | dict) and isinstance(item.get("property"), str)


def _is_prop_list(items: object) -> bool:
    """Whether items is a list of {id, property} references (a wildcard group being a list of them)."""
    return isinstance(items, list) and all(
        _is_prop(i) or (isinstance(i, list) and all(_is_prop(j) for j in i)) for i in items
    )


def callback_payload_problem(body: object, callback_map: dict[str, Any]) -> str | None:
    """Return what is wrong with a /_dash-update-component body, or None when it has the shape Dash expects."""
    if not isinstance(body, dict):
        return "the body is not a JSON object"
    output = body.get("output")
    if not isinstance(output, str) or output not in callback_map:
        return "output names no callback"
    outputs = body.get("outputs")
    if not (_is_prop(outputs) or _is_prop_list(outputs)):
        return "outputs is not an output reference or a list of them"
    if output.startswith(".."):  # several outputs: one reference (or wildcard group) each
        if not isinstance(outputs, list) or len(outputs) != output.count("...") + 1:
            return "outputs does not match the callback"
    elif isinstance(outputs, list) and '"ALL"' not in output and '"ALLSMALLER"' not in output:
        return "outputs does not match the callback"  # one output: a reference, a list only for a wildcard group
    callback = callback_map[output]
    for key in ("inputs", "state"):
        given = body.get(key, [])
        if not _is_prop_list(given) or len(given) != len(callback.get(key, [])):
            return f"{key} does not match the callback"
    changed = body.get("changedPropIds", [])
    if not (isinstance(changed, list) and all(isinstance(c, str) for c in changed)):
        return "changedPropIds is not a list of strings"
    return None


def __getattr__(name: str) -> Any:
    """Build the module-level WSGI `server` on first access, so that importing stays cheap."""
    if name == "server":
        server = create_app().server
        globals()["server"] = server
        return server
    raise AttributeError(name)
