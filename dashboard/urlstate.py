"""The explorer's state in the URL query string: a forgiving parser and a canonical serializer (pure functions)."""

from __future__ import annotations

import functools
from collections.abc import Sequence, Set
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import unquote_plus

from dashboard.strings import DEFAULT_LANG, LANG_PARAM, t

Codes = Set[str]  # the codes a parameter may take (a set or frozenset)

MAX_SEARCH = 2000  # characters of the query string read at all
MAX_VALUE = 200  # characters of one parameter's value read
MAX_FIELDS = 20  # parameters read
MAX_CODES = 8  # products or partners kept
SHOWN = 40  # characters of an ignored value echoed in a notice

FLOWS = ("export", "import", "balance")
UNITS = ("usd", "share", "tonnes")
SOURCES = ("preferred", "all", "peru", "china")
SCALES = ("linear", "log", "index")
PARAMS = ("from", "to", "product", "partner", "flow", "unit", "source", "scale")


FIRST_YEAR = 2008  # the default start: the year before the free-trade agreement took effect


@dataclass(frozen=True)
class ExploreState:
    """What the explorer shows: a year range, products, partners, flow, unit, which sources and the trend scale."""

    from_year: int
    to_year: int
    products: tuple[str, ...] = ("TOTAL",)
    partners: tuple[str, ...] = ("CHN", "USA", "CHE", "JPN", "CAN", "KOR")
    flow: str = "export"
    unit: str = "usd"
    source: str = "preferred"
    scale: str = "linear"


def defaults(*, products: Codes, partners: Codes, years: tuple[int, int], latest: int) -> ExploreState:
    """The view shown when nothing is asked: FIRST_YEAR to the data's latest year, within the data's codes."""
    lo, hi = years
    base = ExploreState(FIRST_YEAR, latest)
    return replace(
        base,
        from_year=min(max(base.from_year, lo), hi),
        to_year=min(max(base.to_year, lo), hi),
        products=tuple(p for p in base.products if p in products) or base.products,
        partners=tuple(p for p in base.partners if p in partners) or base.partners,
    )


def _show(value: str) -> str:
    """A short, printable echo of an ignored value (Dash escapes it when shown)."""
    clean = "".join(ch if ch.isprintable() else "?" for ch in value)
    return clean if len(clean) <= SHOWN else clean[:SHOWN] + "…"


def _year(name: str, raw: str, lo: int, hi: int, notices: list[str]) -> int | None:
    """Parse a year within [lo, hi], or record why it was ignored."""
    text = raw.strip()
    if text.isascii() and text.isdigit() and len(text) == 4 and lo <= int(text) <= hi:
        return int(text)
    notices.append(t("explore.notice.year", name=name, value=_show(raw), lo=lo, hi=hi))
    return None


@functools.lru_cache(maxsize=8)
def _upper_lookup(known: frozenset[str]) -> dict[str, str]:
    """Each known code by its upper case, made once per set of codes (read only: shared between calls)."""
    return {k.upper(): k for k in known}


def _codes(name: str, raw: str, known: Codes, notices: list[str]) -> tuple[str, ...] | None:
    """Parse comma-separated codes, keeping known ones (case-insensitive) in order, at most MAX_CODES."""
    lookup = _upper_lookup(frozenset(known))  # the explorer's codes are a frozenset: no copy, hash kept
    kept: list[str] = []
    unknown: list[str] = []
    for part in raw.split(","):
        code = part.strip()
        if not code:
            continue
        hit = lookup.get(code.upper())
        if hit is None:
            unknown.append(code)
        elif hit not in kept:
            kept.append(hit)
    if unknown:
        notices.append(t("explore.notice.codes", name=name, value=_show(", ".join(unknown))))
    if len(kept) > MAX_CODES:
        notices.append(t("explore.notice.too_many", name=name, n=MAX_CODES))
        kept = kept[:MAX_CODES]
    return tuple(kept) or None


def _choice(name: str, raw: str, allowed: tuple[str, ...], notices: list[str]) -> str | None:
    """Parse one of the allowed words, or record why it was ignored."""
    word = raw.strip().lower()
    if word in allowed:
        return word
    notices.append(t("explore.notice.choice", name=name, value=_show(raw), allowed=", ".join(allowed)))
    return None


def parse(
    search: str, *, products: Codes, partners: Codes, years: tuple[int, int], latest: int
) -> tuple[ExploreState, list[str]]:
    """Read the explorer state from a query string; anything invalid falls back to its default with a notice."""
    notices: list[str] = []
    text = search if isinstance(search, str) else ""
    if len(text) > MAX_SEARCH:
        notices.append(t("explore.notice.long", n=MAX_SEARCH))
        text = text[:MAX_SEARCH]
    text = text.lstrip("?")
    seen: dict[str, str] = {}
    fields = [f for f in text.split("&") if f]
    if len(fields) > MAX_FIELDS:
        notices.append(t("explore.notice.fields", n=MAX_FIELDS))
        fields = fields[:MAX_FIELDS]
    for field in fields:
        key, _, raw = field.partition("=")
        key = unquote_plus(key[:MAX_VALUE], errors="replace").strip().lower()
        value = unquote_plus(raw[:MAX_VALUE], errors="replace")[:MAX_VALUE]
        if key == LANG_PARAM:  # the page's language (strings.lang_in), not the explorer's state
            continue
        if key not in PARAMS:
            notices.append(t("explore.notice.unknown", name=_show(key)))
        elif key in seen:
            notices.append(t("explore.notice.repeated", name=key))
        else:
            seen[key] = value
    default = defaults(products=products, partners=partners, years=years, latest=latest)
    return _state(seen, default, products=products, partners=partners, years=years, notices=notices)


def state_from_controls(
    values: Sequence[Any], *, products: Codes, partners: Codes, years: tuple[int, int], latest: int
) -> tuple[ExploreState, list[str]]:
    """Read the explorer state from the controls' values (in PARAMS order), with the URL parser's checks.

    A picker offers only known codes: its list is cut to the known ones and to MAX_CODES without a notice (a notice
    is for what came from the address; "select all" in a picker is no error).
    """
    seen: dict[str, str] = {}
    known = {"product": products, "partner": partners}
    for key, value in zip(PARAMS, values, strict=False):
        codes = key in known
        text = _joined(value, known[key]) if codes else value
        if text not in (None, "", []):  # an empty control leaves its parameter out, as in a URL
            seen[key] = str(text)
    notices: list[str] = []
    if len("?" + "&".join(f"{k}={v}" for k, v in seen.items())) > MAX_SEARCH:  # as long as the URL it makes
        notices.append(t("explore.notice.long", n=MAX_SEARCH))
    seen = {k: v[:MAX_VALUE] for k, v in seen.items()}
    default = defaults(products=products, partners=partners, years=years, latest=latest)
    return _state(seen, default, products=products, partners=partners, years=years, notices=notices)


def _joined(value: Any, known: Codes) -> str:
    """A multi-select control's value as comma-separated codes: its first MAX_CODES distinct known ones."""
    picked = [str(x) for x in value] if isinstance(value, list | tuple) else str(value or "").split(",")
    return ",".join([c for c in dict.fromkeys(picked) if c in known][:MAX_CODES])


def _state(
    seen: dict[str, str],
    default: ExploreState,
    *,
    products: Codes,
    partners: Codes,
    years: tuple[int, int],
    notices: list[str],
) -> tuple[ExploreState, list[str]]:
    """Validate each parameter's raw text; anything invalid keeps its default and adds a notice."""
    lo, hi = years
    values: dict[str, Any] = {}
    if "from" in seen:
        values["from_year"] = _year("from", seen["from"], lo, hi, notices)
    if "to" in seen:
        values["to_year"] = _year("to", seen["to"], lo, hi, notices)
    if "product" in seen:
        values["products"] = _codes("product", seen["product"], products, notices)
    if "partner" in seen:
        values["partners"] = _codes("partner", seen["partner"], partners, notices)
    for key, allowed in (("flow", FLOWS), ("unit", UNITS), ("source", SOURCES), ("scale", SCALES)):
        if key in seen:
            values[key] = _choice(key, seen[key], allowed, notices)
    state = replace(default, **{k: v for k, v in values.items() if v is not None})
    if state.to_year < state.from_year:
        notices.append(t("explore.notice.order", lo=state.from_year, hi=state.to_year))
        state = replace(state, from_year=default.from_year, to_year=default.to_year)
    return state, notices


def serialize(state: ExploreState, lang: str = DEFAULT_LANG) -> str:
    """Return the canonical query string of a state, every parameter spelled out ('?from=…&to=…&…'), then the
    page's language unless it is the default."""
    parts = {
        "from": str(state.from_year),
        "to": str(state.to_year),
        "product": ",".join(state.products),
        "partner": ",".join(state.partners),
        "flow": state.flow,
        "unit": state.unit,
        "source": state.source,
        "scale": state.scale,
    }
    if lang != DEFAULT_LANG:
        parts[LANG_PARAM] = lang
    return "?" + "&".join(f"{k}={v}" for k, v in parts.items())
