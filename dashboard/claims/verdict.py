"""Verdicts and their parts: the four verdicts, Result, and the formatting every check's sentences share."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dashboard.strings import t

SUPPORTED, PARTLY, CONTRADICTED, NOT_CHECKABLE = "supported", "partly_supported", "contradicted", "not_checkable"
VERDICTS = (SUPPORTED, PARTLY, CONTRADICTED, NOT_CHECKABLE)

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
    "source_id",
    "kind",
    "derived",
    "status",
    "source_family",
)
"""The columns of an observation a verdict keeps as one of its inputs: identity, period, value, source, status."""


@dataclass
class Result:
    """A computed verdict with its explanation, the rule applied, its inputs, sources and sensitivity."""

    claim_id: str
    verdict: str
    explanation: str
    rule: str
    inputs: list[dict[str, Any]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    sensitivity: list[dict[str, Any]] = field(default_factory=list)
    settle: str = ""


def fmt(value: float) -> str:
    """Format a number for an explanation: thousands separators, at most one decimal."""
    return f"{value:,.0f}" if float(value).is_integer() or abs(value) >= 100 else f"{value:,.1f}"


def pct(new: float, old: float) -> str:
    """Format the growth from old to new as a signed percentage."""
    return f"{(new / old - 1) * 100:+.0f}%"


def partner_name(code: str) -> str:
    """Return a partner's display name, falling back to its code."""
    return t("partner.other") if code == "other" else t(f"partner.{code}", default=code)


def period_label(row: Mapping[str, Any]) -> str:
    """Return a figure's period for people: '2023', 'Jan-Oct 2024' or 'season 2017/18'."""
    kind, period, year = row["period_kind"], str(row["period"]), int(row["year"])
    if kind == "full_year":
        return str(year)
    return period if str(year) in period else f"{period} {year}"


def obs_input(row: Mapping[str, Any], **extra: Any) -> dict[str, Any]:
    """Return one input of a verdict: the figure, its period and its source."""
    out = {k: (row[k].item() if hasattr(row[k], "item") else row[k]) for k in INPUT_COLUMNS if k in row}
    out.update(extra)
    return out


def join_list(items: Sequence[object]) -> str:
    """Join items for a sentence: 'a', 'a and b', 'a, b and c'."""
    words = [str(i) for i in items]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + t("list.and") + words[-1]


def sources_of(inputs: Iterable[Mapping[str, Any]]) -> list[str]:
    """Return the distinct source ids of inputs, in first-seen order."""
    return list(dict.fromkeys(i["source_id"] for i in inputs if i.get("source_id")))


def combine(parts: Sequence[str]) -> str:
    """Combine the verdicts of a claim's parts into one."""
    if not parts:
        return NOT_CHECKABLE
    if all(p == SUPPORTED for p in parts):
        return SUPPORTED
    if all(p == CONTRADICTED for p in parts):
        return CONTRADICTED
    if all(p == NOT_CHECKABLE for p in parts):
        return NOT_CHECKABLE
    return PARTLY
