"""What the app computes once at start-up and shares, read-only, with its pages and callbacks."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from dashboard.claims import Claim, Registry, Result, evaluate, load_registry, public_base_url, source_dates
from dashboard.data import Dataset
from dashboard.data.bundle import data_zip
from dashboard.lru import LRU
from dashboard.strings import current_lang, t, use_lang

if TYPE_CHECKING:  # only for the cache's field types: pages import this module
    from dashboard.pages.explore import ExploreData

FIGURE_LABEL_KEYS = (
    "kind.OFF",
    "kind.ASSOC",
    "kind.NEWS",
    "kind.CO",
    "kind.FACTBOOK",
    "kind.BACI",
    "kind.DERIVED",
    "hover.derived",
    "kind.ACAD",
    "kind.REF",
    "status.preferred",
    "status.alternative",
    "status.rejected",
    "legend.partial",
    "legend.alternative",
    "legend.bound",
    "qualifier.more_than",
    "qualifier.less_than",
)
# A cache key: what is cached (a panel's name, a page's path), then the normalised inputs it depends on.
CacheKey = tuple[Hashable, ...]
PANEL_CACHE_SIZE = 512  # explorer panels: 7 per distinct view, so the last ~70 views
JSON_CACHE_SIZE = 128  # pages served ready-serialised
CHANGE_CACHE_SIZE = 512  # explorer cards' answers to a change from one view to another


def cache_key(kind: str, *parts: Hashable) -> CacheKey:
    """The one place every cache key is built: what is cached, the request's language, then the normalised values.

    Keys are made of parsed, checked values (never raw client strings). Anything else a cached answer comes to
    depend on must be added here, so that every cache follows it.
    """
    return (kind, current_lang(), *parts)


@dataclass(frozen=True)
class SourceInfo:
    """Who owns a source's statistic (may be empty), who published the text, where the copy was read (may be empty)."""

    owner: str
    publisher: str
    read_at: str

    @property
    def label(self) -> str:
        """Compact label for source lines and tables: 'SUNAT, via Gestión (copy at …)' (short_label and where read)."""
        text = self.short_label
        return t("source.read_at", source=text, read_at=self.read_at) if self.read_at and text != self.read_at else text

    @property
    def short_label(self) -> str:
        """The label without where the copy was read, for a chart's hovers: 'SUNAT, via Gestión' (the card's
        source line, table and CSV name the copy too)."""
        if self.publisher == self.read_at:  # a copy whose original publisher is unknown
            return self.owner or self.read_at
        shown = self.owner and self.owner not in self.publisher
        return t("source.via", owner=self.owner, publisher=self.publisher) if shown else self.publisher


def source_infos(sources: pd.DataFrame) -> dict[str, SourceInfo]:
    """SourceInfo of every source of the sources table, by id."""
    cols = sources[["source_id", "owner", "publisher", "read_at"]].fillna("")
    return {sid: SourceInfo(str(o), str(p), str(r)) for sid, o, p, r in cols.itertuples(index=False)}


@dataclass
class Caches:
    """What pages build on first use and then reuse, one named field each (None until built)."""

    explore: dict[str, ExploreData] = field(default_factory=dict)  # the explorer's precomputed data, by language
    # explorer panel, its card, and the card as plain JSON (what a response carries), by cache_key("panel", ...)
    panels: LRU = field(default_factory=lambda: LRU(PANEL_CACHE_SIZE))
    json: LRU = field(default_factory=lambda: LRU(JSON_CACHE_SIZE))  # pages as plain JSON, by cache_key("page", ...)
    # what an explorer card sends for a change of view (no change, a new card, or a patch's changes), by
    # cache_key("change", card, view before, view after)
    changes: LRU = field(default_factory=lambda: LRU(CHANGE_CACHE_SIZE))
    # an explorer card's parts as the JSON an answer carries, written once (wire.frozen), by cache_key("panel", ...)
    written: LRU = field(default_factory=lambda: LRU(PANEL_CACHE_SIZE))
    pages: dict[tuple[str, str], Any] = field(default_factory=dict)  # (lang, path) -> pages that ignore the query
    chancay: dict[str, pd.DataFrame] = field(default_factory=dict)  # the Chancay ledger with its texts, by language
    publishers: dict[str, dict[str, str]] = field(default_factory=dict)  # source labels, by language
    hover_publishers: dict[str, dict[str, str]] = field(default_factory=dict)  # short source labels, by language
    verdicts: dict[str, dict[str, Result]] = field(default_factory=dict)  # lang -> verdicts computed ahead, by claim
    coverage: pd.DataFrame | None = None  # coverage codes of the key series by year


@dataclass(frozen=True)
class AppContext:
    """The loaded data, the claims with their computed verdicts, and lookups the pages need."""

    data: Dataset
    registry: Registry
    # lang -> claim id -> verdict, explanation in that language (each computed once, on first use or by the warm-up)
    results_by_lang: dict[str, Mapping[str, Result]]
    sources: dict[str, SourceInfo]
    urls: dict[str, str]
    base_url: str  # the public address of the app, for absolute links (TRADE_LENS_BASE_URL)
    source_dates: dict[str, str]  # the sources table's date by id ('' when not known)
    latest_year: int  # the latest full year of the headline series: the default end year of charts
    data_zip: bytes  # 'download all data': the tidy tables and their README, zipped once at start-up
    cache: Caches = field(default_factory=Caches)
    # Held while a page or chart is built or a verdict computed: the warm-up thread and requests never build at the
    # same time (plotly's figure objects are not thread-safe). Serving from the cache takes no lock.
    build_lock: threading.RLock = field(default_factory=threading.RLock)

    @property
    def results(self) -> Mapping[str, Result]:
        """Every claim's verdict, with its explanation in the current language."""
        lang = current_lang()
        if lang not in self.results_by_lang:  # evaluated on first use (the warm-up computes English ahead)
            with self.build_lock:
                if lang not in self.results_by_lang:
                    ahead = self.cache.verdicts.get(lang, {})
                    claims = self.registry.claims
                    self.results_by_lang[lang] = {
                        c.id: ahead[c.id] if c.id in ahead else _evaluate(c, self.data, lang) for c in claims
                    }
        return self.results_by_lang[lang]

    def verdict_ahead(self, claim_id: str) -> None:
        """Compute one claim's verdict in the current language before anyone asks (one short warm-up step)."""
        lang = current_lang()
        with self.build_lock:
            ahead = self.cache.verdicts.setdefault(lang, {})
            claim = self.registry.get(claim_id)
            if claim is not None and lang not in self.results_by_lang and claim_id not in ahead:
                ahead[claim_id] = _evaluate(claim, self.data, lang)

    def _source_labels(self, cache: dict[str, dict[str, str]], label: Callable[[SourceInfo], str]) -> dict[str, str]:
        """A label of each source in the current language, built once per language into cache."""
        lang = current_lang()
        if lang not in cache:
            cache[lang] = {sid: label(info) for sid, info in self.sources.items()}
        return cache[lang]

    @property
    def publishers(self) -> dict[str, str]:
        """The compact label of each source (SourceInfo.label) in the current language, shown wherever a source is."""
        return self._source_labels(self.cache.publishers, lambda info: info.label)

    @property
    def hover_publishers(self) -> dict[str, str]:
        """The short label of each source (SourceInfo.short_label) in the current language, for charts' hovers."""
        return self._source_labels(self.cache.hover_publishers, lambda info: info.short_label)

    @property
    def labels(self) -> dict[str, str]:
        """The figures' legend and hover texts in the current language."""
        return {key: t(key) for key in FIGURE_LABEL_KEYS}


def _evaluate(claim: Claim, data: Dataset, lang: str) -> Result:
    """A claim's verdict with its explanation written in lang (the same data, the language's templates)."""
    with use_lang(lang):
        return evaluate(claim, data)


def build_context(data: Dataset, claims_path: Path | None = None) -> AppContext:
    """Evaluate every claim and index the sources once, for the life of the app."""
    registry = load_registry(claims_path or data.data_dir / "claims.toml")
    sources = data.sources
    infos = source_infos(sources)
    return AppContext(
        data=data,
        registry=registry,
        results_by_lang={},
        sources=infos,
        urls=dict(zip(sources["source_id"], sources["url"].fillna(""), strict=True)),
        base_url=public_base_url(),
        source_dates=source_dates(sources),
        latest_year=data.latest_year,
        data_zip=data_zip(data.data_dir),
    )
