"""Year ranges as axis ranges: a line chart's card carries every year its series have, zoomed to the chosen range.

A year change then leaves the chart's data as it was: the response patches the figure's axis ranges, title and marks
(sync.changed_cards) and sets the words around the chart, and the browser redraws the chart it shows in place.
The chart a reader sees is the one the range's own panel draws: the same traces and marks within the range, the
same layout (title, ticks, milestones, ranks), a y axis fitted to the points in the range; series without a point
in the range are hidden (not in the legend), as the range's panel leaves them out. Tables and CSVs keep the
range's rows (Panel.rows).
"""

from __future__ import annotations

import base64
import dataclasses
import math
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import orjson

from dashboard.components.cards import HIDDEN, live_parts, with_live_figure
from dashboard.pages.explore.prepare import ExploreData
from dashboard.urlstate import ExploreState

# Charts over years whose data does not depend on the range (on an index scale the trend lines' does: each line's
# first year in the range is its 100). The timeline's y axis is its categories, its x axis dates.
WIDE_PANELS = frozenset({"trade", "partners", "trend_value", "trend_volume", "timeline"})
DATED = frozenset({"timeline"})
PAD = 0.06  # of the y span on each side, about what plotly's own autorange leaves around lines with markers
DATE_PAD = 0.03  # of the date span on each side of the timeline's markers
# at most this share of the gap to the nearest event outside the range: its marker (as wide as the range's) stays out
OTHERS_SHARE = 0.3


def wide_state(ex: ExploreData, key: str, state: ExploreState) -> ExploreState | None:
    """The state whose chart holds every year of this one's series (None: the chart is drawn for its range only)."""
    if key not in WIDE_PANELS or (state.scale == "index" and key not in DATED):
        return None
    lo, hi = ex.years
    return dataclasses.replace(state, from_year=lo, to_year=hi)


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


def _dates(figure: dict[str, Any], rows: set[str] | None = None) -> list[datetime]:
    """The figure's dated points (on the given rows only, when given)."""
    return [datetime.fromisoformat(str(x)) for tr in figure.get("data", [])
            for x, y in zip(tr.get("x") or [], tr.get("y") or [], strict=False) if rows is None or str(y) in rows]


def date_range(figure: dict[str, Any], others: dict[str, Any] | None = None) -> list[str] | None:
    """The x range around the figure's dated points (ISO dates), padded as autorange pads markers.

    others: a figure holding more points (the all-years chart) that stay out of the range: on the figure's rows,
    the padding ends nearer the range's points than the nearest other point, so that none of its marker shows.
    """
    dates = _dates(figure)
    if not dates:
        return None
    lo, hi = min(dates), max(dates)
    pad = max((hi - lo) * DATE_PAD, timedelta(days=30))
    start, end = lo - pad, hi + pad
    if others is not None:
        around = _dates(others, set(categories(figure)))
        before, after = [d for d in around if d < lo], [d for d in around if d > hi]
        if before:
            start = max(start, lo - (lo - max(before)) * OTHERS_SHARE)
        if after:
            end = min(end, hi + (min(after) - hi) * OTHERS_SHARE)
    return [start.strftime("%Y-%m-%d"), end.strftime("%Y-%m-%d")]


def categories(figure: dict[str, Any]) -> list[str]:
    """The figure's y categories in the order plotly draws them: first appearance in the traces."""
    return list(dict.fromkeys(str(y) for tr in figure.get("data", []) for y in tr.get("y") or []))


def widen(narrow: dict[str, Any], wide: dict[str, Any], dated: bool = False) -> dict[str, Any] | None:
    """The range's figure with the traces of the wide one (those the range lacks hidden) and its axes fixed.

    dated: the timeline (dates across, categories up): the x range is the range's dates, the y axis its categories
    (the wide figure's others fall outside the axis). None when the wide figure does not hold a trace of the
    range's (then the range's own figure is drawn).
    """
    shown = {tr.get("name") for tr in narrow.get("data", [])}
    if not shown <= {tr.get("name") for tr in wide.get("data", [])}:
        return None
    data = [{**tr, "visible": tr.get("name") in shown} for tr in wide.get("data", [])]
    layout = orjson.loads(orjson.dumps(narrow.get("layout", {})))  # a copy of plain JSON (12 us; deepcopy 82)
    if dated:
        x_span, names = date_range(narrow, wide), categories(narrow)
        if x_span is None:
            return None
        layout.setdefault("xaxis", {}).update(range=x_span, autorange=False)
        layout.setdefault("yaxis", {}).update(categoryorder="array", categoryarray=names,
                                              range=[-0.5, len(names) - 0.5], autorange=False)
        return {**narrow, "data": data, "layout": layout}
    span = y_range(narrow)
    if span is not None:
        layout.setdefault("yaxis", {}).update(range=span, autorange=False)
    layout.setdefault("xaxis", {})["autorange"] = False
    return {**narrow, "data": data, "layout": layout}


def with_wide_figure(card: Any, wide_card: Any, dated: bool = False) -> Any:
    """A live card's plain JSON whose chart draws the wide card's traces within the card's range (unchanged if it
    can't)."""
    _, narrow, style, _ = live_parts(card)
    if style == HIDDEN:  # the range has no chart: its card's chart stays hidden and empty
        return card
    figure = widen(narrow, live_parts(wide_card)[1], dated)
    return card if figure is None else with_live_figure(card, figure)


def range_changes(shown: Any, new: Any, wide: Any) -> list[tuple[str, list[Any], Any]] | None:
    """The assignments that turn any figure of the same wide chart (any year range) into new: the layout's parts and
    each trace's visibility, but not the traces' data; so the answer is right even when an earlier answer for
    another range reaches the browser first. A layout part equal in the figure on screen, in new and in the
    all-years figure (wide) does not follow the range and is left out. None: not two ranges of one wide chart.
    """
    if not all(isinstance(f, dict) for f in (shown, new, wide)):
        return None
    data, old_data = new.get("data", []), shown.get("data", [])
    if len(data) != len(old_data) or any(_strip(a) != _strip(b) for a, b in zip(data, old_data, strict=True)):
        return None  # not the same traces: not a change of range

    def moves(where: list[Any], value: Any) -> bool:
        try:
            return not (_at(shown, where) == value == _at(wide, where))
        except (KeyError, IndexError, TypeError):
            return True

    layout, old_layout = new.get("layout", {}), shown.get("layout", {})
    out: list[tuple[str, list[Any], Any]] = [("set", ["layout", k], v) for k, v in layout.items()]
    out = [op for op in out if moves(op[1], op[2])]
    out += [("delete", ["layout", k], None) for k in old_layout if k not in layout]
    out += [("set", ["data", i, "visible"], tr.get("visible", True)) for i, tr in enumerate(data)]
    return out


def _strip(trace: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in trace.items() if k != "visible"}


def _at(node: Any, path: list[Any]) -> Any:
    for k in path:
        node = node[k]
    return node
