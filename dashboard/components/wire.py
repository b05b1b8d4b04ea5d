"""Component trees turned into plain JSON once, so that a cached answer is not serialised again on every request."""

from __future__ import annotations

from typing import Any

import orjson
from plotly.io._json import clean_to_json_compatible

_NUMPY = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY  # to_json_plotly's options
# the modules plotly's cleaner converts values of, by name (numpy and pandas loaded when first needed)
_MODULES: dict[str, Any] = {"sage_all": None, "np": None, "pd": None, "image": None}

PATCH_MARK = "__dash_patch_update"  # dash-renderer applies an output value holding this key as a patch (dash.Patch)


def _default(value: Any) -> Any:
    """A value orjson cannot write plainly, as Dash's encoder (plotly's to_json_plotly) writes it."""
    to_json = getattr(value, "to_plotly_json", None)
    if to_json is not None:  # a component or a figure: its props, which orjson then walks
        return to_json()
    # numpy and pandas values, dates: cleaned and written with the options to_json_plotly writes them with
    cleaned = clean_to_json_compatible(value, numpy_allowed=True, datetime_allowed=True, modules=_modules())
    return orjson.Fragment(orjson.dumps(cleaned, default=_default, option=_NUMPY))


def _modules() -> dict[str, Any]:
    """The modules plotly's cleaner converts values of (numpy and pandas; never sage or PIL here)."""
    if _MODULES["np"] is None:
        import numpy as np
        import pandas as pd

        _MODULES.update(np=np, pd=pd)
    return _MODULES


def plain(tree: Any) -> Any:
    """A component tree (figures included) as the plain dicts and lists Dash would send for it."""
    # Dash serialises a response with plotly's to_json_plotly: a tree of components and figures fails orjson and
    # takes its slow path (every value of every figure visited in Python). Here orjson walks the tree in C and asks
    # _default only for the components and figures (their props) and numpy, pandas and date values, which it writes
    # as plotly's cleaner would (a datetime64 array as numpy's strings, not orjson's).
    return orjson.loads(orjson.dumps(tree, default=_default, option=orjson.OPT_NON_STR_KEYS))


# what plotly's to_json_plotly escapes in its output (the answer stays safe inside HTML, whatever it holds), as the
# bytes of UTF-8, where none of them can be part of another character
_ESCAPES = tuple(
    (unsafe.encode(), escaped.encode())
    for unsafe, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("/", "\\u002f"), ("\u2028", "\\u2028"),
                            ("\u2029", "\\u2029"))
)


def _written(value: Any) -> bytes:
    """value as the JSON Dash writes (plotly's to_json_plotly), as UTF-8 bytes."""
    out = orjson.dumps(value, default=_default, option=orjson.OPT_NON_STR_KEYS)
    for unsafe, escaped in _ESCAPES:
        if unsafe in out:
            out = out.replace(unsafe, escaped)
    return out


def to_json(value: Any) -> str:
    """A callback answer or layout as the JSON Dash writes (plotly's to_json_plotly), written by orjson in C."""
    # Dash writes with to_json_plotly: its json engine's encoder calls back into Python for every component and
    # no_update, its orjson engine walks the whole answer in Python as soon as one value is not plain
    return _written(value).decode()


def frozen(value: Any) -> orjson.Fragment:
    """value written once: to_json puts its JSON into an answer as it is (a cached part sent again costs no writing)."""
    # already escaped, and the escapes hold none of the characters escaped: to_json's pass leaves them as they are
    return orjson.Fragment(_written(value))


# A change: ("set", path, value) or ("delete", path, None); a path is a list of keys and list positions.
Change = tuple[str, list[Any], Any]
PATCH_SHARE = 0.8  # a patch is sent when it is at most this share of the whole value's size, else the value itself
PATCH_OVERHEAD = len('{"operation":"Assign","location":,"params":{"value":}},')  # bytes around each change


def changes(old: Any, new: Any, path: list[Any] | None = None) -> list[Change]:
    """The assignments and deletions that turn the plain JSON old into new (lists of another length: replaced);
    where the changes inside a part would take more bytes than the part itself, the part is assigned whole."""
    return _changes(old, new, path or [])[0]


def _changes(old: Any, new: Any, path: list[Any]) -> tuple[list[Change], int]:
    """changes(), with about the bytes they take in a patch (each change weighed once, however deep)."""
    out: list[Change] | None = None
    cost = 0
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for k in old:
            if k not in new:
                out.append(("delete", [*path, k], None))
                cost += _cost([*path, k], None)
        for k, v in new.items():
            if k not in old:
                out.append(("set", [*path, k], v))
                cost += _cost([*path, k], v)
            elif old[k] != v:
                inner, inner_cost = _changes(old[k], v, [*path, k])
                out += inner
                cost += inner_cost
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        differ = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
        if len(differ) * 2 <= len(new) or any(isinstance(v, dict | list) for v in new):
            out = []
            for i in differ:
                inner, inner_cost = _changes(old[i], new[i], [*path, i])
                out += inner
                cost += inner_cost
    whole = _cost(path, new) if out is None or (len(out) > 1 and path) else 0
    if out is None:
        return [("set", path, new)], whole  # a list mostly changed: one assignment beats an address per item
    if len(out) > 1 and path and cost > whole:
        return [("set", path, new)], whole  # many small changes cost more than the part: send the part
    return out, cost


def _cost(path: list[Any], value: Any) -> int:
    """About the bytes one change takes in a patch: its address and value, and the operation's keys."""
    return len(orjson.dumps([path, value])) + PATCH_OVERHEAD


def apply_changes(value: Any, found: list[Change]) -> Any:
    """value (plain JSON, copied first) with the changes applied: what the browser does with the patch."""
    out = orjson.loads(orjson.dumps(value))
    for op, path, new in found:
        if not path:
            out = new
            continue
        target = out
        for k in path[:-1]:
            target = target[k]
        if op == "delete":
            del target[path[-1]]
        else:
            target[path[-1]] = new
    return out


def patch_changes(old: Any, new: Any, share: float = PATCH_SHARE) -> list[Change] | None:
    """The changes turning old into new when a patch of them is at most share of new's size (else None)."""
    found = changes(old, new)
    if any(not path for _, path, _ in found):
        return None
    size = len(orjson.dumps([[path, value] for _, path, value in found]))
    if size > share * len(orjson.dumps(new)):
        return None
    return found


def as_patch(found: list[Change]) -> dict[str, Any]:
    """A patch making the changes (none may be at the root), as the JSON a dash.Patch is sent as."""
    # written directly, a new dict for every answer: building a dash.Patch makes a proxy object for every key of
    # every path (a fifth of a seen-before filter change's time)
    operations = [
        {"operation": "Delete", "location": path, "params": {}}
        if op == "delete"
        else {"operation": "Assign", "location": path, "params": {"value": value}}
        for op, path, value in found
    ]
    return {PATCH_MARK: PATCH_MARK, "operations": operations}


def is_patch(value: Any) -> bool:
    """Whether a callback output value is a patch (as_patch's JSON)."""
    return isinstance(value, dict) and value.get(PATCH_MARK) == PATCH_MARK
