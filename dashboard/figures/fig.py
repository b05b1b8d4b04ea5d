"""A figure as the plain data plotly.js draws: traces and layout in dicts, without plotly's object model.

plotly's graph objects check and convert every property as it is set: building a chart of a dozen traces with
milestones took about 20 ms, most of it there, for JSON that these few lines write directly. The builders are
tested against plotly's own validation (tests/test_figures_fig.py), so a misspelt property still fails a test.
The figure reads like plotly's (fig.data[0].x, fig.layout.title.text, update_layout(margin_t=...)) and serialises to
the same JSON, numeric arrays as plotly.js typed arrays.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
from _plotly_utils.basevalidators import is_homogeneous_array
from _plotly_utils.utils import plotlyjsShortTypes, to_typed_array_spec

# Properties that hold an object: read while unset, they give an empty one (as plotly gives), never None.
OBJECTS = frozenset({"title", "margin", "legend", "font", "xaxis", "yaxis", "marker", "line", "minor", "colorbar",
                     "tickfont", "textfont", "hoverlabel", "template", "layout", "data"})
LISTS = frozenset({"annotations", "shapes", "images"})  # properties that hold a list: unset, they read as ()
NO_TYPED_ARRAY = frozenset({"geojson", "layer", "layers", "range"})  # what plotly never writes as a typed array
# Layout properties whose name holds an underscore: every other name_part is the property name's part (title_text).
UNDERSCORED = frozenset({"paper_bgcolor", "plot_bgcolor"})


class Node(dict[str, Any]):
    """A dict whose keys read and write as attributes too (fig.layout.title.text); an unset property reads as None,
    an unset object as an empty Node, an unset list as (). A property named as a dict method (a treemap's values)
    reads by key: trace["values"]."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        if name not in self:
            return Node() if name in OBJECTS else () if name in LISTS else None
        value = self[name]
        if name == "title" and isinstance(value, str):
            return Node(text=value)  # a title given as its text reads as plotly's title object (not written back)
        if isinstance(value, dict) and not isinstance(value, Node):
            value = self[name] = Node(value)  # a copy of the level read: a shared dict is never changed
        elif isinstance(value, list) and any(isinstance(v, dict) and not isinstance(v, Node) for v in value):
            value = self[name] = [Node(v) if isinstance(v, dict) else v for v in value]
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        self[name] = value


def _clean(values: Mapping[str, Any]) -> dict[str, Any]:
    """A property dict without its unset (None) properties, at every level, as plotly drops them."""
    return {k: _clean(v) if isinstance(v, dict) else v for k, v in values.items() if v is not None}


def trace(kind: str, **props: Any) -> Node:
    """A trace of a plotly.js type ('scatter', 'bar', 'heatmap', 'treemap') with its properties (None: unset)."""
    return Node(type=kind, **_clean(props))


def _paths(values: Mapping[str, Any]) -> Iterable[tuple[list[str], Any]]:
    """Each property's path: plotly's magic underscores (title_text -> title.text) spelt out."""
    for key, value in values.items():
        yield ([key] if key in UNDERSCORED or "_" not in key else key.split("_")), value


def _child(node: dict[str, Any], key: str) -> Node:
    """node[key] as a Node to update in place: a plain dict copied (a dict shared with another figure is never
    changed), a title given as its text made {'text': ...}, anything else (unset) an empty Node."""
    inner = node.get(key)
    if not isinstance(inner, Node):
        if isinstance(inner, dict):
            inner = Node(inner)
        else:
            inner = Node(text=inner) if key == "title" and isinstance(inner, str) else Node()
        node[key] = inner
    return inner


def _merge(target: dict[str, Any], updates: Mapping[str, Any]) -> None:
    """Merge updates into target as plotly's update does: objects merge key by key, anything else replaces, None
    unsets."""
    for path, value in _paths(updates):
        node = target
        for key in path[:-1]:
            node = _child(node, key)
        key = path[-1]
        if value is None:
            node.pop(key, None)
        elif isinstance(value, dict):
            _merge(_child(node, key), value)
        else:
            node[key] = value


_LEAVES = (str, int, float, bool, type(None))  # what JSON holds as is: most of a figure, passed over without a call


def encoded(value: Any, key: str = "") -> Any:
    """value as plotly writes it to JSON: numeric arrays as typed arrays, in new containers (value is not changed)."""
    if key in NO_TYPED_ARRAY:
        return value
    if isinstance(value, dict):
        return {k: v if isinstance(v, _LEAVES) else encoded(v, k) for k, v in value.items()}
    if isinstance(value, list | tuple):
        items = [encoded(v) if isinstance(v, dict | list | tuple) else v for v in value]
        return items if isinstance(value, list) else tuple(items)
    if type(value) is np.ndarray and value.ndim == 1 and value.size and value.dtype.kind in "iuf":
        return _typed(value)
    if is_homogeneous_array(value):
        return to_typed_array_spec(value)
    return value


_NARROW = {"i": (np.int8, np.int16, np.int32), "u": (np.uint8, np.uint16, np.uint32)}


def _typed(array: np.ndarray) -> Any:
    """plotly's to_typed_array_spec for a non-empty 1-D numeric array, without its checks and copy (0.14 ms an array
    under cProfile, ~65 arrays a session step): 64-bit integers narrowed to the smallest type holding them."""
    if array.dtype.itemsize == 8 and array.dtype.kind in _NARROW:
        lo, hi = array.min(), array.max()
        narrow = next((t for t in _NARROW[array.dtype.kind] if np.iinfo(t).min <= lo and hi <= np.iinfo(t).max), None)
        if narrow is None:
            return to_typed_array_spec(array)
        array = array.astype(narrow)
    code = plotlyjsShortTypes.get(str(array.dtype))
    if code is None:
        return to_typed_array_spec(array)
    return {"dtype": code, "bdata": base64.b64encode(array.tobytes()).decode("ascii")}


class Figure:
    """A plotly figure as plain data: a list of traces and a layout, with plotly's few update methods."""

    __slots__ = ("data", "layout")

    def __init__(self, layout: Mapping[str, Any] | None = None, data: Iterable[Mapping[str, Any]] = ()) -> None:
        self.layout = Node(layout or {})
        self.data: list[Node] = [Node(t) for t in data]

    def add_trace(self, trace: Any) -> Figure:
        """Add a trace (see trace(); a plotly trace object is taken as its JSON)."""
        if not isinstance(trace, dict):
            trace = trace.to_plotly_json()
        self.data.append(trace if isinstance(trace, Node) else Node(trace))
        return self

    def update_layout(self, updates: Mapping[str, Any] | None = None, **props: Any) -> Figure:
        """Merge properties into the layout (magic underscores allowed: margin_t=40)."""
        _merge(self.layout, {**(updates or {}), **props})
        return self

    def update_xaxes(self, updates: Mapping[str, Any] | None = None, **props: Any) -> Figure:
        """Merge properties into the x axis."""
        return self.update_layout(xaxis={**(updates or {}), **props})

    def update_yaxes(self, updates: Mapping[str, Any] | None = None, **props: Any) -> Figure:
        """Merge properties into the y axis."""
        return self.update_layout(yaxis={**(updates or {}), **props})

    def add_shape(self, shape: Mapping[str, Any]) -> Figure:
        """Add a shape to the layout."""
        self.layout.setdefault("shapes", []).append(Node(shape))
        return self

    def add_annotation(self, note: Mapping[str, Any]) -> Figure:
        """Add an annotation to the layout."""
        self.layout.setdefault("annotations", []).append(Node(note))
        return self

    def to_plotly_json(self) -> dict[str, Any]:
        """The figure as plotly.js reads it (what dcc.Graph sends): new dicts, numeric arrays as typed arrays."""
        return {"data": [encoded(t) for t in self.data], "layout": encoded(self.layout)}

    def to_json(self) -> str:
        """The figure as a JSON string."""
        from plotly.io.json import to_json_plotly

        return to_json_plotly(self.to_plotly_json())
