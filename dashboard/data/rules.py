"""Rules that turn raw evidence text into tidy codes; their lookup tables are the CSVs in data/reference/."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlsplit

from dashboard.data import reference
from dashboard.data.parsing import (  # noqa: F401  (re-exported: the build and tests read them from here)
    MONTHS,
    Period,
    parse_number,
    parse_period,
    parse_year,
    qualifier_from_text,
)
from dashboard.data.raw import EVIDENCE
from dashboard.data.reference import Spec
from dashboard.data.vocab import (  # noqa: F401  (re-exported: the build reads them from here)
    EVENT_CATEGORIES,
    FAMILIES,
    FLOWS,
    KIND_RANK,
    KINDS,
    MEASURE_UNITS,
    MEASURES,
    MIRROR_FLOW,
    PERIOD_KINDS,
    PERIOD_RANK,
    QUALIFIER_RANK,
    QUALIFIERS,
)

HS_CODE = r"\d{2}|\d{4}|\d{6}"
ISO3 = r"[A-Z]{3}"
_ISO3 = (("iso3", ISO3),)
_PARTNERS = Spec(("code", "name", "raw_name"), unique=("code", "raw_name"), optional=("raw_name",))

# --------------------------------------------------------------------------- reliability


@functools.cache
def kind_keywords() -> tuple[tuple[str, str], ...]:
    """(kind, keyword) of figures.csv's free-text `source_kind`, in file order; first match wins."""
    spec = Spec(("kind", "keyword"), allowed=(("kind", KINDS),))
    return tuple((r["kind"], r["keyword"]) for r in reference.read("kind_keywords", spec))


def kind_from_text(text: str) -> str:
    """Map a free-text source description to a reliability code (fallback NEWS)."""
    low = text.lower()
    return next((code for code, word in kind_keywords() if word in low), "NEWS")


def kind_from_code(text: str) -> str | None:
    """Return the reliability code for a coded `source_kind` cell, or None if unknown."""
    up = text.strip().upper()
    return up if up in KIND_RANK else None


# --------------------------------------------------------------------------- partners and reporters


@functools.cache
def partners() -> dict[str, str]:
    """Curated partner code → English name (ISO 3166-1 alpha-3 where one exists)."""
    return {r["code"]: r["name"] for r in reference.read("partners", _PARTNERS)}


@functools.cache
def partner_names() -> dict[str, str]:
    """Partner name as the raw files spell it (partners.csv, then partner_aliases.csv) → partner code."""
    names = {r["raw_name"]: r["code"] for r in reference.read("partners", _PARTNERS) if r["raw_name"]}
    spec = Spec(("raw_name", "code"), ("raw_name",), allowed=(("code", tuple(partners())),))
    for r in reference.read("partner_aliases", spec):
        names.setdefault(r["raw_name"], r["code"])
    return names


@dataclass(frozen=True)
class Reporter:
    """Whose statistics a raw `reporter` cell designates."""

    iso3: str
    family: str


@functools.cache
def reporters() -> dict[str, Reporter]:
    """Raw `reporter` cell of partners_by_year → Reporter."""
    spec = Spec(("raw_name", "iso3", "family"), ("raw_name",), allowed=(("family", FAMILIES),), patterns=_ISO3)
    return {r["raw_name"]: Reporter(r["iso3"], r["family"]) for r in reference.read("reporters", spec)}


def china_reporter(text: str) -> Reporter | None:
    """Map a china_side_by_year `reporter` cell ("China (...)") to a Reporter."""
    return Reporter("CHN", "china") if text.startswith("China") else None


@functools.cache
def flow_sides() -> dict[str, tuple[Reporter, str]]:
    """Raw `flow_side` cell of products_by_year → (reporter, flow from the reporter's point of view)."""
    cols = ("raw_name", "iso3", "family", "flow")
    spec = Spec(cols, ("raw_name",), allowed=(("family", FAMILIES), ("flow", FLOWS)), patterns=_ISO3)
    return {r["raw_name"]: (Reporter(r["iso3"], r["family"]), r["flow"]) for r in reference.read("flow_sides", spec)}


def partner_from_product_text(product: str, note: str) -> str:
    """Partner of a products/alpaca row: WLD for 'all destinations', CHN_HKG when combined, else CHN."""
    low, nlow = product.lower(), note.lower()
    if "all destinations" in low:
        return "WLD"
    if "china + hong kong combined" in nlow:
        return "CHN_HKG"
    return "CHN"


# --------------------------------------------------------------------------- figures.csv metrics


@dataclass(frozen=True)
class Metric:
    """What a figures.csv `metric` text means, from the reporter's point of view."""

    reporter: str
    partner: str
    flow: str
    product: str
    measure: str


@functools.cache
def metrics() -> dict[str, Metric]:
    """figures.csv `metric` text (topics A-C) → Metric."""
    allowed = (("reporter", ("PER", "CHN")), ("flow", FLOWS), ("measure", MEASURES))
    spec = Spec(("raw_name", *Metric.__dataclass_fields__), ("raw_name",), allowed=allowed)
    return {r.pop("raw_name"): Metric(**r) for r in map(dict, reference.read("metrics", spec))}


@functools.cache
def chancay_metrics() -> dict[str, str]:
    """figures.csv topic D (Chancay) metric text → chancay.csv metric."""
    spec = Spec(("raw_name", "metric"), ("raw_name",))
    return {r["raw_name"]: r["metric"] for r in reference.read("chancay_metrics", spec)}


CHANCAY_QUALIFIERS = {"exact": "exact", "about": "about", "more than": "more_than", "projected": "projected"}

# --------------------------------------------------------------------------- units


@dataclass(frozen=True)
class Unit:
    """A raw unit: the tidy unit it becomes, the exact factor applied, and the measure it implies."""

    unit: str
    factor: Decimal
    measure: str | None = None


@functools.cache
def units() -> dict[str, Unit]:
    """Raw unit text → Unit."""
    spec = Spec(
        ("raw_name", "unit", "factor", "measure"),
        ("raw_name",),
        optional=("measure",),
        allowed=(("measure", MEASURES),),
        patterns=(("factor", r"\d+(\.\d+)?"),),
    )
    rows = reference.read("units", spec)
    return {r["raw_name"]: Unit(r["unit"], Decimal(r["factor"]), r["measure"] or None) for r in rows}


# --------------------------------------------------------------------------- products


@functools.cache
def product_aliases() -> dict[str, str]:
    """Raw hs_code cells that are not one HS code → product or group code."""
    spec = Spec(("raw_name", "code"), ("raw_name",))
    return {r["raw_name"]: r["code"] for r in reference.read("product_aliases", spec)}


def product_code(hs_text: str) -> str | None:
    """Map a raw hs_code cell to a product code (HS code, group or TOTAL); None if unknown."""
    t = hs_text.strip()
    if t in product_aliases():
        return product_aliases()[t]
    if re.fullmatch(HS_CODE, t):
        return t
    return None


@functools.cache
def groups() -> dict[str, str]:
    """Group codes (aggregates that are not one HS code) → English name."""
    spec = Spec(("code", "name"), ("code",), patterns=(("code", r"[A-Z][A-Z_]*"),))
    return {r["code"]: r["name"] for r in reference.read("product_groups", spec)}


@functools.cache
def hs_names() -> dict[str, str]:
    """Curated HS chapter, heading and subheading → English name."""
    spec = Spec(("code", "name"), ("code",), patterns=(("code", HS_CODE),))
    return {r["code"]: r["name"] for r in reference.read("hs_names", spec)}


@functools.cache
def hs_sections() -> tuple[tuple[range, str, str], ...]:
    """(chapter range, section code, section label) of the HS sections."""
    chapters = (("code", r"S\d{2}"), ("first_chapter", r"\d{2}"), ("last_chapter", r"\d{2}"))
    spec = Spec(("code", "first_chapter", "last_chapter", "label"), ("code",), patterns=chapters)
    rows = reference.read("hs_sections", spec)
    return tuple((range(int(r["first_chapter"]), int(r["last_chapter"]) + 1), r["code"], r["label"]) for r in rows)


def hs_section(chapter: str) -> tuple[str, str]:
    """Return (section code, section label) for a 2-digit HS chapter."""
    n = int(chapter)
    for rng, code, label in hs_sections():
        if n in rng:
            return code, label
    raise ValueError(chapter)


# --------------------------------------------------------------------------- known bad figures


@dataclass(frozen=True)
class BadRule:
    """A known bad raw row (raw README), matched on raw cells, and why it is rejected."""

    dataset: str
    match: tuple[tuple[str, str], ...]
    reason: str

    def matches(self, dataset: str, row: dict[str, str]) -> bool:
        """True if the raw row is the one this rule names."""
        return dataset == self.dataset and all(row.get(k, "").strip() == v for k, v in self.match)


BAD_MATCH_COLUMNS = ("year", "partner", "product", "flow", "period", "value_usd_m", "volume_t", "metric", "value")


@functools.cache
def bad_rules() -> tuple[BadRule, ...]:
    """The known bad figures: dataset, the raw cells that identify the row (empty: any), reason."""
    cols = ("dataset", *BAD_MATCH_COLUMNS, "reason")
    spec = Spec(cols, optional=BAD_MATCH_COLUMNS, allowed=(("dataset", EVIDENCE),))
    rows = reference.read("bad_figures", spec)
    return tuple(BadRule(r["dataset"], tuple((c, r[c]) for c in BAD_MATCH_COLUMNS if r[c]), r["reason"]) for r in rows)


def bad_reason(dataset: str, row: dict[str, str]) -> str | None:
    """Return the rejection reason if a raw row is a known bad figure, else None."""
    return next((rule.reason for rule in bad_rules() if rule.matches(dataset, row)), None)


@functools.cache
def note_corrections() -> dict[tuple[str, int], str]:
    """Corrected notes of raw rows whose own note mislabels a figure: (dataset, raw row) → the note to show."""
    spec = Spec(
        ("dataset", "raw_row", "note"), allowed=(("dataset", EVIDENCE),), patterns=(("raw_row", r"[1-9][0-9]*"),)
    )
    return {(r["dataset"], int(r["raw_row"])): r["note"] for r in reference.read("note_corrections", spec)}


# --------------------------------------------------------------------------- sources

BACI_URL = "https://github.com/philippmerz/comflow/blob/548fe600f72ddb43e6216a24923d4ef36b28bd90/docs/data/flows.json"
BACI_RELEASE_URL = "http://www.cepii.fr/CEPII/en/bdd_modele/bdd_modele_item.asp?id=37"


@functools.cache
def publishers() -> tuple[tuple[str, str], ...]:
    """(domain suffix, or domain + path prefix; publisher) in file order; first match wins."""
    spec = Spec(("match", "publisher"), ("match",))
    return tuple((r["match"], r["publisher"]) for r in reference.read("publishers", spec))


def domain_of(url: str) -> str:
    """Host of a URL, lower-cased, without a leading 'www.'."""
    host = urlsplit(url).netloc.lower()
    return host[4:] if host.startswith("www.") else host


def url_matches(url: str, key: str) -> bool:
    """Whether a URL matches a reference key: a domain suffix, or a domain + path prefix (case-insensitive)."""
    dom = domain_of(url)
    if "/" in key:
        parts = urlsplit(url)
        host_path = parts.netloc.lower().removeprefix("www.") + parts.path
        return host_path.lower().startswith(key.lower())
    return dom == key or dom.endswith("." + key)


def publisher_of(url: str) -> str:
    """Publisher for a URL from data/reference/publishers.csv (fallback: the domain)."""
    return next((name for key, name in publishers() if url_matches(url, key)), domain_of(url))


def date_from_url(url: str) -> str:
    """ISO date (or year-month) embedded in a URL path, else ''."""
    path = urlsplit(url).path
    pats = (
        (r"/(20\d{2}|19\d{2})/(\d{2})/(\d{2})/", 3),
        (r"/(20\d{2})-(\d{2})-(\d{2})/", 3),
        (r"/(20\d{2})-(\d{2})/(\d{2})/", 3),
        (r"/(20\d{2})(\d{2})(\d{2})/", 3),
        (r"/(20\d{2})/(\d{2})/", 2),
        (r"/(20\d{2})-(\d{2})/", 2),
        (r"/(20\d{2})(\d{2})/", 2),
    )
    for pat, n in pats:
        m = re.search(pat, path)
        if not m:
            continue
        y, mo = int(m.group(1)), int(m.group(2))
        if not 1 <= mo <= 12:
            continue
        if n == 3:
            d = int(m.group(3))
            if 1 <= d <= 31:
                return f"{y:04d}-{mo:02d}-{d:02d}"
            continue
        return f"{y:04d}-{mo:02d}"
    return ""


# --------------------------------------------------------------------------- events



@functools.cache
def event_keywords() -> tuple[tuple[str, str], ...]:
    """(category, keyword) of event texts, in file order; first match wins."""
    spec = Spec(("category", "keyword"), allowed=(("category", EVENT_CATEGORIES),))
    return tuple((r["category"], r["keyword"]) for r in reference.read("event_keywords", spec))


@functools.cache
def event_countries() -> tuple[tuple[str, str], ...]:
    """(name, code) of the countries an event text may open with; default PER."""
    spec = Spec(("raw_name", "code"), ("raw_name",), patterns=(("code", ISO3),))
    return tuple((r["raw_name"], r["code"]) for r in reference.read("event_countries", spec))


@functools.cache
def event_note_markers() -> tuple[tuple[str, str], ...]:
    """(marker, category) of curated notes: a note opening with the marker puts its row in the category."""
    spec = Spec(("marker", "category"), ("marker",), allowed=(("category", EVENT_CATEGORIES),))
    return tuple((r["marker"], r["category"]) for r in reference.read("event_note_markers", spec))


def event_category(text: str) -> str:
    """Category of an event by the first keyword of data/reference/event_keywords.csv it contains."""
    low = text.lower() + " "
    return next((cat for cat, word in event_keywords() if word in low), "other")


def event_country(text: str) -> str:
    """Subject country of an event: the country its text opens with (event_countries.csv), else Peru."""
    return next((code for name, code in event_countries() if text.startswith(name)), "PER")


def curated_category(text: str, note: str) -> str:
    """Category of a curated row: the marker its note opens with (event_note_markers.csv), else by its text."""
    marked = (cat for marker, cat in event_note_markers() if note.startswith(marker))
    return next(marked, None) or event_category(text)
