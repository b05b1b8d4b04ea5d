"""Year ranges as axis ranges: a line chart's card carries every year its series have, zoomed to the chosen range.

A year change then leaves the chart's data as it was: the response patches the axis ranges, the title, the marks
and the words around the chart (sync.changed_cards), and the browser redraws without rebuilding the traces.
The chart a reader sees is the one the range's own panel draws: the same traces and marks within the range, the
same layout (title, ticks, milestones, ranks), a y axis fitted to the points in the range; series without a point
in the range are hidden (not in the legend), as the range's panel leaves them out. Tables and CSVs keep the
range's rows (Panel.rows).
"""

from __future__ import annotations

import base64
import copy
import dataclasses
import math
from collections.abc import Iterator
from typing import Any

import numpy as np

from dashboard.pages.explore.prepare import ExploreData
from dashboard.urlstate import ExploreState

# Line charts over years whose data does not depend on the range (on an index scale it does: each line's first year
# in the range is its 100).
WIDE_PANELS = frozenset({"trade", "partners", "trend_value", "trend_volume"})
PAD = 0.06  # of the y span on each side, about what plotly's own autorange leaves around lines with markers


def wide_state(ex: ExploreData, key: str, state: ExploreState) -> ExploreState | None:
    """The state whose chart holds every year of this one's series (None: the chart is drawn for its range only)."""
    if key not in WIDE_PANELS or state.scale == "index":
        return None
    lo, hi = ex.years
    return dataclasses.replace(state, from_year=lo, to_year=hi)


def graphs(tree: Any) -> Iterator[dict[str, Any]]:
    """The props of every Graph in a card's plain JSON."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict) and "props" in node:
            if node.get("type") == "Graph":
                yield node["props"]
            stack.append(node["props"].get("children"))


def values(array: Any) -> np.ndarray:
    """A trace's array as numbers: a plain list, or plotly's typed array ({'dtype', 'bdata'})."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"])).astype(float)
    if not isinstance(array, list):
        return np.array([], dtype=float)
    return np.array([v if isinstance(v, int | float) else np.nan for v in array], dtype=float)


def y_range(figure: dict[str, Any]) -> list[float] | None:
    """The y range plotly's autorange would give the figure's points, in axis units (log10 on a log axis)."""
    log = figure.get("layout", {}).get("yaxis", {}).get("type") == "log"
    ys = [values(tr.get("y")) for tr in figure.get("data", []) if tr.get("visible", True) is True]
    y = np.concatenate(ys) if ys else np.array([])
    y = y[np.isfinite(y) & (y > 0)] if log else y[np.isfinite(y)]
    if not y.size:
        return None
    if log:
        y = np.log10(y)
    lo, hi = float(y.min()), float(y.max())
    pad = (hi - lo) * PAD if hi > lo else (abs(hi) * 0.1 if not log and hi else 0.5)
    return [lo - pad, hi + pad] if math.isfinite(pad) else None


def widen(narrow: dict[str, Any], wide: dict[str, Any]) -> dict[str, Any] | None:
    """The range's figure with the traces of the wide one (those the range lacks hidden) and its y axis fixed.

    None when the wide figure does not hold a trace of the range's (then the range's own figure is drawn).
    """
    shown = {tr.get("name") for tr in narrow.get("data", [])}
    if not shown <= {tr.get("name") for tr in wide.get("data", [])}:
        return None
    data = [tr if tr.get("name") in shown else {**tr, "visible": False} for tr in wide.get("data", [])]
    layout = copy.deepcopy(narrow.get("layout", {}))
    span = y_range(narrow)
    if span is not None:
        layout.setdefault("yaxis", {}).update(range=span, autorange=False)
    layout.setdefault("xaxis", {})["autorange"] = False
    return {**narrow, "data": data, "layout": layout}


def with_wide_figure(card: Any, wide_card: Any) -> Any:
    """A card's plain JSON whose chart draws the wide card's traces within the card's range (unchanged if it can't)."""
    narrow, wide = next(graphs(card), None), next(graphs(wide_card), None)
    if narrow is None or wide is None or "figure" not in narrow or "figure" not in wide:
        return card
    figure = widen(narrow["figure"], wide["figure"])
    if figure is None:
        return card
    out = copy.copy(card)  # only the path down to the figure is copied: the cached card is shared
    _replace_figure(out, figure)
    return out


def _replace_figure(node: Any, figure: dict[str, Any]) -> bool:
    """Replace, in place along copied nodes, the first Graph's figure under node; True when done."""
    if isinstance(node, dict) and "props" in node:
        node["props"] = dict(node["props"])
        if node.get("type") == "Graph":
            node["props"]["figure"] = figure
            return True
        children = node["props"].get("children")
        if isinstance(children, list):
            node["props"]["children"] = children = list(children)
            for i, child in enumerate(children):
                if isinstance(child, dict):
                    children[i] = dict(child)
                    if _replace_figure(children[i], figure):
                        return True
        elif isinstance(children, dict):
            node["props"]["children"] = dict(children)
            return _replace_figure(node["props"]["children"], figure)
    return False
