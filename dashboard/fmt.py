"""Number formatting for people: one function for a number, one for a number with its unit (pure)."""

from __future__ import annotations

from dashboard.strings import t


def fmt_number(value: float, decimals: int | None = 0) -> str:
    """A number with thousands separators: `decimals` places, or up to ten significant digits when None."""
    return f"{value:,.10g}" if decimals is None else f"{value:,.{decimals}f}"


def fmt_value(value: float, unit: str) -> str:
    """Format a figure with its unit in words (US$ billion above 1,000 million)."""
    if unit == "USD million":
        if abs(value) >= 1000:
            return t("explore.fmt.usd_bn", v=fmt_number(value / 1000, 1))
        return t("explore.fmt.usd_m", v=fmt_number(value, 0 if abs(value) >= 10 else 1))
    if unit == "percent":
        return t("explore.fmt.percent", v=fmt_number(value, 1).removesuffix(".0"))
    if unit == "tonnes":
        if abs(value) >= 1_000_000:
            return t("explore.fmt.mt", v=fmt_number(value / 1e6, 2))
        return t("explore.fmt.t", v=fmt_number(value))
    return f"{fmt_number(value)} {unit}"


def fmt_cell(value: object) -> str:
    """Format one table cell (floats rounded: whole above 100, two places below)."""
    if isinstance(value, float):
        return fmt_number(value, 0 if value.is_integer() or abs(value) >= 100 else 2)
    return str(value)
