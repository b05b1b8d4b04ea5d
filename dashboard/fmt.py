"""Numbers, money, percentages and dates for people, in the current language's CLDR conventions (Babel; pure)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal, format_percent

from dashboard.strings import current_lang, t

# The CLDR locale of each language of the app (Peruvian Spanish; Simplified Chinese as written in China).
LOCALES = {"en": "en", "es": "es_PE", "zh": "zh_Hans_CN"}
# How each language scales US$ million: (threshold, divisor) of the large and small catalogue words.
# en: US$ 25.2 billion; es: US$ 25,200 millones (Peru writes millions); zh: 252 亿美元 (1 亿 = US$100 million) and
# 530 万美元 below it (1 万 = US$0.01 million).
MONEY = {"en": ((1000, 1000), (1, 1)), "es": ((1000, 1), (1, 1)), "zh": ((100, 100), (0.01, 0.01))}
# tonnes: en/es million tonnes (1e6), zh 万吨 (1e4)
TONNES = {"en": 1_000_000, "es": 1_000_000, "zh": 10_000}


def locale() -> str:
    """The CLDR locale of the current language."""
    return LOCALES.get(current_lang(), "en")


def fmt_number(value: float, decimals: int | None = 0) -> str:
    """A number with the locale's separators: `decimals` places, or up to ten significant digits when None."""
    if decimals is None:
        return _decimal(float(f"{value:.10g}"), "#,##0.##########", locale())
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return _decimal(round(float(value), decimals), pattern, locale())


@lru_cache(maxsize=8192)
def _decimal(value: float, pattern: str, loc: str) -> str:
    """Babel's format_decimal, kept per value (14-20 us a call; a BACI view formats ~190, 89% of them seen before)."""
    return format_decimal(value, pattern, locale=loc)


def fmt_percent(value: float, decimals: int = 1, signed: bool = False) -> str:
    """A percentage (value in percent, 25.3 -> '25.3%' / '25.3 %'), trailing '.0' dropped; signed adds '+'."""
    pattern = "#,##0" + ("." + "#" * decimals if decimals > 0 else "") + "%"
    text = format_percent(value / 100, pattern, locale=locale())
    return "+" + text if signed and value > 0 else text


def fmt_value(value: float, unit: str) -> str:
    """Format a figure with its unit in words, scaled as the language writes large sums and tonnages."""
    lang = current_lang() if current_lang() in MONEY else "en"
    if unit == "USD million":
        (big, big_div), (_, small_div) = MONEY[lang]
        if abs(value) >= big:
            return t("explore.fmt.usd_bn", v=fmt_number(value / big_div, 1 if big_div > 1 else 0))
        scaled = value / small_div
        return t("explore.fmt.usd_m", v=fmt_number(scaled, 0 if abs(scaled) >= 10 else 1))
    if unit == "percent":
        return fmt_percent(value, 1)
    if unit == "tonnes":
        per = TONNES.get(lang, 1_000_000)
        if abs(value) >= per:
            return t("explore.fmt.mt", v=fmt_number(value / per, 2))
        return t("explore.fmt.t", v=fmt_number(value))
    return f"{fmt_number(value)} {unit}"


def fmt_cell(value: object) -> str:
    """Format one table cell (floats rounded: whole above 100, two places below)."""
    if isinstance(value, float):
        return fmt_number(value, 0 if value.is_integer() or abs(value) >= 100 else 2)
    return str(value)


def fmt_date(iso: object) -> str:
    """An ISO date ('2009-04-28', '2009-04' or '2009') as the language writes it; anything else unchanged.

    English keeps ISO 8601 (the app's English has always written dates so, unambiguous for every reader);
    Spanish and Chinese get CLDR's long dates ('28 de abril de 2009', '2009年4月28日').
    """
    text = str(iso)
    if current_lang() == "en":
        return text
    parts = text.split("-")
    try:
        if len(parts) == 3 and len(text) == 10:
            return format_date(date(int(parts[0]), int(parts[1]), int(parts[2])), "long", locale=locale())
        if len(parts) == 2 and len(text) == 7:
            return format_skeleton("yMMMM", date(int(parts[0]), int(parts[1]), 1), locale=locale())
    except ValueError:
        return text
    return text
