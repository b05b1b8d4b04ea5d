"""Realistic callback inputs for the benchmarks, built from the app's own /_dash-dependencies."""

from __future__ import annotations

import itertools
import json
import urllib.error
import urllib.request
from collections.abc import Iterable
from typing import Any

from dash import Input, Output, html

from bench import common
from dashboard.claims import load_registry
from dashboard.pages.explore import FIRST_PARTS

NOOP_OUTPUT = "bench-noop-out"
NOOP_INPUT = "bench-noop-in"

CLAIM_IDS = [c.id for c in load_registry(common.ROOT / "data" / "claims.toml").claims]
PAGES = ["/", *(f"/claims/{c}" for c in CLAIM_IDS), "/explore", "/chancay", "/sources"]
YEAR_RANGES = [(2000, 2024), (2010, 2024), (2014, 2023), (2018, 2024), (2022, 2024)]
PRODUCT_SETS = [["TOTAL"], ["081040"], ["081040", "080610", "080440"], ["2603", "7403"], ["2601"], ["AGRI"]]
EXPLORE_SEARCHES = [
    f"?from={a}&to={b}&product={','.join(p)}"
    for (a, b), p in itertools.islice(itertools.product(YEAR_RANGES, PRODUCT_SETS), 0, None, 3)
]


def app_with_noop(data_dir: Any = None) -> tuple[Any, Any]:
    """Build the real app and add a no-op callback to it: the framework's own floor, measured in the same app."""
    from dashboard.app import create_app

    app = create_app(data_dir)
    app.layout.children.append(html.Div([html.Button(id=NOOP_INPUT), html.Div(id=NOOP_OUTPUT)], hidden=True))

    @app.callback(Output(NOOP_OUTPUT, "children"), Input(NOOP_INPUT, "n_clicks"))
    def noop(n_clicks: int | None) -> str:
        return "ok"

    return app, app.server.test_client()


def noop_payload() -> dict[str, Any]:
    """The request a browser sends for the no-op callback."""
    return {
        "output": f"{NOOP_OUTPUT}.children",
        "outputs": {"id": NOOP_OUTPUT, "property": "children"},
        "inputs": [{"id": NOOP_INPUT, "property": "n_clicks", "value": 1}],
        "changedPropIds": [f"{NOOP_INPUT}.n_clicks"],
        "state": [],
    }


def post(client: Any, payload: dict[str, Any]) -> bytes:
    """POST one callback request; return the response body (raise on a non-200)."""
    r = client.post("/_dash-update-component", json=payload)
    if r.status_code != 200 and r.status_code != 204:
        raise RuntimeError(f"{payload['output']}: HTTP {r.status_code}: {r.data[:200]!r}")
    return r.data


def _outputs(spec: str) -> Any:
    """Turn a dependency's output string into the payload's outputs field."""
    if spec.startswith(".."):
        parts = spec.strip(".").split("...")
        return [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in parts]
    cid, prop = spec.rsplit(".", 1)
    return {"id": cid, "property": prop}


def _values_for(
    dep_inputs: list[dict[str, str]], dep_state: list[dict[str, str]]
) -> Iterable[dict[tuple[str, str], Any]]:
    """Yield realistic value assignments for a callback's inputs and state."""
    keys = {(i["id"], i["property"]) for i in dep_inputs + dep_state}
    if ("url", "pathname") in keys and ("url", "search") in keys and len(keys) == 2:
        for path in PAGES:  # the router
            yield {("url", "pathname"): path, ("url", "search"): ""}
        return
    if ("url", "search") in keys:  # a page that follows its URL (the explorer)
        for search in EXPLORE_SEARCHES:
            yield {("url", "search"): search, ("url", "pathname"): "/explore"}
        return
    if ("url", "pathname") in keys:
        for path in PAGES[:3]:
            yield {("url", "pathname"): path}
        return
    yield {}


def callback_name(output: str) -> str:
    """A readable name for a callback, from its output."""
    if "ex-later-view" in output:
        return "explore: filter change, later cards"
    if "ex-card-head" in output:
        return "explore: filter change"
    if "ex-table-box" in output:
        return "explore: open a table"
    if output.startswith("page."):
        return "router: page for a path"
    if output.startswith("error-banner."):
        return "error banner reset"
    return output


def callback_scenarios(client: Any) -> dict[str, list[dict[str, Any]]]:
    """Return, per callback of the app (by output), a list of realistic request payloads."""
    deps = client.get("/_dash-dependencies").get_json()
    out: dict[str, list[dict[str, Any]]] = {}
    for dep in deps:
        if dep["output"].startswith(NOOP_OUTPUT) or dep.get("clientside_function"):
            continue
        if "ex-later-view" in dep["output"]:
            out[callback_name(dep["output"])] = later_payloads(dep["output"])
            continue
        if "ex-card-head" in dep["output"]:
            out[callback_name(dep["output"])] = explore_payloads(dep["output"])
            continue
        if "ex-table" in dep["output"]:
            out[callback_name(dep["output"])] = table_payloads(dep["output"])
            continue
        if dep["output"].startswith("{") or dep["output"].startswith("..{"):
            continue  # the CSV download fires on a click and returns a file: measured by the browser tests
        payloads = []
        for values in _values_for(dep["inputs"], dep["state"]):
            inputs = [{**i, "value": values.get((i["id"], i["property"]))} for i in dep["inputs"]]
            state = [{**s, "value": values.get((s["id"], s["property"]))} for s in dep["state"]]
            changed = [f"{i['id']}.{i['property']}" for i in dep["inputs"][:1]]
            payloads.append(
                {
                    "output": dep["output"],
                    "outputs": _outputs(dep["output"]),
                    "inputs": inputs,
                    "state": state,
                    "changedPropIds": changed,
                }
            )
        out[callback_name(dep["output"])] = payloads
    return out


PANEL_KEYS = ["trade", "partners", "composition", "trend_value", "trend_volume", "baci", "timeline"]
CONTROLS = ("ex-years", "ex-product", "ex-partner", "ex-flow", "ex-unit", "ex-source", "ex-scale")
DEFAULT = {
    "ex-years": [2008, 2024],
    "ex-product": ["TOTAL"],
    "ex-partner": ["CHN", "USA", "CHE", "JPN", "CAN", "KOR"],
    "ex-flow": "export",
    "ex-unit": "usd",
    "ex-source": "preferred",
    "ex-scale": "linear",
}
# A reader's session: one control changed at a time, from the view the previous change left (16 steps, 5 of them
# year changes on the slider).
SESSION = [
    ("ex-years", [2014, 2024]),
    ("ex-product", ["081040"]),
    ("ex-years", [2014, 2022]),
    ("ex-product", ["081040", "080610", "080440"]),
    ("ex-unit", "share"),
    ("ex-years", [2010, 2022]),
    ("ex-product", ["2603", "7403"]),
    ("ex-partner", ["CHN", "USA"]),
    ("ex-flow", "import"),
    ("ex-source", "all"),
    ("ex-years", [2010, 2024]),
    ("ex-product", ["TOTAL"]),
    ("ex-flow", "export"),
    ("ex-unit", "usd"),
    ("ex-years", [2000, 2024]),
    ("ex-product", ["AGRI"]),
]


def _search(values: dict[str, Any]) -> str:
    def code(v: Any) -> str:
        return ",".join(str(x) for x in v) if isinstance(v, list) else str(v)

    years = values["ex-years"]
    keys = {
        "ex-product": "product",
        "ex-partner": "partner",
        "ex-flow": "flow",
        "ex-unit": "unit",
        "ex-source": "source",
        "ex-scale": "scale",
    }
    rest = "&".join(f"{keys[k]}={code(values[k])}" for k in CONTROLS[1:])
    return f"?from={years[0]}&to={years[1]}&{rest}"


def _ctl(name: str) -> dict[str, str]:
    return {"name": name, "type": "ex-ctl"}


CARD_PARTS = {"head": ("ex-card-head", "children"), "figure": ("ex-graph", "figure"), "style": ("ex-graph", "style"),
              "foot": ("ex-card-foot", "children")}


def card_outputs(keys: list[str], parts: Iterable[str] = tuple(CARD_PARTS)) -> list[list[dict[str, Any]]]:
    """An explorer callback's outputs of the cards' parts (of each card: its head, chart figure and style, foot)."""
    return [[{"id": {"name": k, "type": CARD_PARTS[p][0]}, "property": CARD_PARTS[p][1]} for k in keys] for p in parts]


def explore_payloads(output: str) -> list[dict[str, Any]]:
    """The explorer's first-row callback for each change of a reader's session (control changed, URL still the old
    view)."""
    return [
        {
            "output": output,
            "outputs": [
                *card_outputs(PANEL_KEYS, FIRST_PARTS),
                {"id": "url", "property": "search"},
                [{"id": {"name": "notice", "type": "ex-notice-box"}, "property": "children"}],
            ],
            "inputs": [
                {"id": "url", "property": "search", "value": before},
                [{"id": _ctl(c), "property": "value", "value": values[c]} for c in CONTROLS],
            ],
            "changedPropIds": [json.dumps(_ctl(name), separators=(",", ":")) + ".value"],
            "state": [{"id": "url", "property": "pathname", "value": "/explore"}],
        }
        for before, values, name in session_views()
    ]


def later_payloads(output: str) -> list[dict[str, Any]]:
    """The explorer's later-cards callback for each change of a reader's session (sent with the first-row one; its
    store still holds the old view)."""
    return [later_payload(output, before, values, name) for before, values, name in session_views()]


def session_views() -> list[tuple[str, dict[str, Any], str]]:
    """Each change of the reader's session: the view's search before it, the controls' values after it, the control."""
    out, values = [], dict(DEFAULT)
    for name, value in SESSION:
        before = _search(values)
        values = {**values, name: value}
        out.append((before, values, name))
    return out


def later_payload(output: str, before: str, values: dict[str, Any], changed: str) -> dict[str, Any]:
    """The later cards' request for one change: from the view before (their store) to the controls' values."""
    return {
        "output": output,
        "outputs": [*card_outputs(PANEL_KEYS), {"id": "ex-later-view", "property": "data"}],
        "inputs": [[{"id": _ctl(c), "property": "value", "value": values[c]} for c in CONTROLS]],
        "changedPropIds": [json.dumps(_ctl(changed), separators=(",", ":")) + ".value"],
        "state": [{"id": "ex-later-view", "property": "data", "value": before}],
    }


def table_payloads(output: str) -> list[dict[str, Any]]:
    """Opening each explorer card's table, for the default view."""
    keys = PANEL_KEYS
    return [
        {
            "output": output,
            "outputs": {"id": {"chart": k, "type": "ex-table-box"}, "property": "children"},
            "inputs": [{"id": {"chart": k, "type": "ex-table"}, "property": "n_clicks", "value": 1}],
            "changedPropIds": [json.dumps({"chart": k, "type": "ex-table"}, separators=(",", ":")) + ".n_clicks"],
            "state": [{"id": "url", "property": "search", "value": _search(DEFAULT)}],
        }
        for k in keys
    ]


def exercise_over_http(base: str) -> list[str]:
    """Request the index and every callback scenario over real HTTP, so that the server warms all its caches."""
    with urllib.request.urlopen(base + "/") as r:
        r.read()
    with urllib.request.urlopen(base + "/_dash-dependencies") as r:
        deps = json.loads(r.read())

    class _Client:
        def get(self, path: str) -> Any:
            class _R:
                def get_json(self) -> Any:
                    return deps

            return _R()

    errors = []
    for name, payloads in callback_scenarios(_Client()).items():
        for payload in payloads:
            req = urllib.request.Request(
                base + "/_dash-update-component",
                data=json.dumps(payload).encode(),
                headers={"Content-Type": "application/json"},
            )
            try:
                with urllib.request.urlopen(req) as r:
                    r.read()
            except urllib.error.HTTPError as error:  # counted and reported: a benchmark must not hide a failure
                errors.append(f"{name}: HTTP {error.code}")
    return errors
