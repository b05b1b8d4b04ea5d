"""Component trees turned into plain JSON once, so that a cached answer is not serialised again on every request."""

from __future__ import annotations

from typing import Any

import orjson
from dash import Patch
from plotly.io.json import to_json_plotly


def plain(tree: Any) -> Any:
    """A component tree (figures included) as the plain dicts and lists Dash would send for it."""
    # Dash serialises a response with plotly's to_json_plotly: a tree of components and figures takes its slow path
    # (every value visited in Python, figures copied and their arrays encoded), plain JSON goes to orjson directly.
    return orjson.loads(to_json_plotly(tree, engine="orjson"))


# A change: ("set", path, value) or ("delete", path, None); a path is a list of keys and list positions.
Change = tuple[str, list[Any], Any]
PATCH_SHARE = 0.8  # a patch is sent when it is at most this share of the whole value's size, else the value itself
PATCH_OVERHEAD = len('{"operation":"Assign","location":,"params":{"value":}},')  # bytes around each change


def changes(old: Any, new: Any, path: list[Any] | None = None) -> list[Change]:
    """The assignments and deletions that turn the plain JSON old into new (lists of another length: replaced);
    where the changes inside a part would take more bytes than the part itself, the part is assigned whole."""
    path = path or []
    out: list[Change] | None = None
    if isinstance(old, dict) and isinstance(new, dict):
        out = [("delete", [*path, k], None) for k in old if k not in new]
        for k, v in new.items():
            if k not in old:
                out.append(("set", [*path, k], v))
            elif old[k] != v:
                out += changes(old[k], v, [*path, k])
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        differ = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
        if len(differ) * 2 <= len(new) or any(isinstance(v, dict | list) for v in new):
            out = [c for i in differ for c in changes(old[i], new[i], [*path, i])]
    if out is None:
        return [("set", path, new)]  # a list mostly changed: one assignment beats an address per item
    if len(out) > 1 and path and _cost(out) > len(orjson.dumps(new)) + _cost([("set", path, None)]):
        return [("set", path, new)]  # many small changes cost more than the part: send the part
    return out


def _cost(found: list[Change]) -> int:
    """About the bytes the changes take in a patch: each one's address and value, and the operation's keys."""
    return sum(len(orjson.dumps([path, value])) + PATCH_OVERHEAD for _, path, value in found)


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


def patch_between(old: Any, new: Any) -> Patch | Any:
    """What to send to turn old (on screen) into new: a dash Patch of the differences when it is clearly smaller."""
    found = changes(old, new)
    if any(not path for _, path, _ in found):
        return new
    size = len(orjson.dumps([[path, value] for _, path, value in found]))
    if size > PATCH_SHARE * len(orjson.dumps(new)):
        return new
    return as_patch(found)


def as_patch(found: list[Change]) -> Patch:
    """A dash Patch making the changes (none may be at the root)."""
    patch = Patch()
    for op, path, value in found:
        target = patch
        for k in path[:-1]:
            target = target[k]
        if op == "delete":
            del target[path[-1]]
        else:
            target[path[-1]] = value
    return patch
