"""What a verdict cites: the figures it used, as plain records, and their distinct sources."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

INPUT_COLUMNS = (
    "obs_id",
    "year",
    "period",
    "period_kind",
    "peru_partner",
    "peru_flow",
    "product",
    "measure",
    "value",
    "unit",
    "qualifier",
    "source_id",
    "kind",
    "derived",
    "status",
    "source_family",
)
"""The columns of an observation a verdict keeps as one of its inputs: identity, period, value, source, status."""


def obs_input(row: Mapping[str, Any], **extra: Any) -> dict[str, Any]:
    """Return one input of a verdict: the figure, its period and its source."""
    out = {k: (row[k].item() if hasattr(row[k], "item") else row[k]) for k in INPUT_COLUMNS if k in row}
    out.update(extra)
    return out


def sources_of(inputs: Iterable[Mapping[str, Any]]) -> list[str]:
    """Return the distinct source ids of inputs, in first-seen order."""
    return list(dict.fromkeys(i["source_id"] for i in inputs if i.get("source_id")))
