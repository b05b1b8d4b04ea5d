"""The wording of explanations: numbers, growth, partner names, periods and lists, formatted once for every check."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dashboard.fmt import fmt_number, fmt_percent
from dashboard.strings import t


def fmt(value: float) -> str:
    """Format a number for an explanation: the locale's separators, at most one decimal."""
    return fmt_number(value, 0 if float(value).is_integer() or abs(value) >= 100 else 1)


def pct(new: float, old: float) -> str:
    """Format the growth from old to new as a signed percentage."""
    return fmt_percent(round((new / old - 1) * 100), 0, signed=True)


def partner_name(code: str) -> str:
    """Return a partner's display name, falling back to its code."""
    return t("partner.other") if code == "other" else t(f"partner.{code}", default=code)


def period_label(row: Mapping[str, Any]) -> str:
    """Return a figure's period for people: '2023', 'Jan-Oct 2024' or 'season 2017/18'."""
    kind, period, year = row["period_kind"], str(row["period"]), int(row["year"])
    if kind == "full_year":
        return str(year)
    return period if str(year) in period else f"{period} {year}"


def join_list(items: Sequence[object]) -> str:
    """Join items for a sentence: 'a', 'a and b', 'a, b and c'."""
    words = [str(i) for i in items]
    if len(words) <= 1:
        return "".join(words)
    return t("list.sep").join(words[:-1]) + t("list.and") + words[-1]


def field_name(field: str) -> str:
    """A field a claim names but no figure measures ('science and technology'), in the current language."""
    return t(f"claim.field.{field.replace(' ', '_')}", default=field)


FLOW_ROLES = {"export": "flow.export_market", "import": "flow.import_source", "trade": "flow.trading_partner"}


def flow_role(flow: str) -> str:
    """Return what a partner is for a flow, in words: 'export' -> 'export market'."""
    return t(FLOW_ROLES[flow]) if flow in FLOW_ROLES else flow
