"""What the app computes once at start-up and shares, read-only, with its pages and callbacks."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from dashboard.claims import Registry, Result, evaluate_all, load_registry, public_base_url, source_dates
from dashboard.data import Dataset
from dashboard.data.bundle import data_zip
from dashboard.strings import DEFAULT_LANG, current_lang, t, use_lang

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


def cache_key(kind: str, *parts: Hashable) -> CacheKey:
    """The one place every cache key is built: what is cached, the request's language, then the normalised values.

    Keys are made of parsed, checked values (never raw client strings). Anything else a cached answer comes to
    depend on must be added here, so that every cache follows it.
    """
    return (kind, current_lang(), *parts)


class LRU:
    """A bounded, thread-safe least-recently-used map: the oldest entry goes when a new one would exceed maxsize."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[CacheKey, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: CacheKey) -> Any:
        """The value of key (now the most recently used), or None."""
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: CacheKey, value: Any) -> None:
        """Store value under key, dropping the least recently used entries beyond maxsize."""
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items


@dataclass(frozen=True)
class SourceInfo:
    """Who owns a source's statistic (may be empty), who published the text, where the copy was read (may be empty)."""

    owner: str
    publisher: str
    read_at: str

    @property
    def label(self) -> str:
        """Compact label for source lines, hovers and tables: 'SUNAT, via Gestión (copy at …)'."""
        if self.publisher == self.read_at:  # a copy whose original publisher is unknown
            return t("source.read_at", source=self.owner, read_at=self.read_at) if self.owner else self.read_at
        shown = self.owner and self.owner not in self.publisher
        text = t("source.via", owner=self.owner, publisher=self.publisher) if shown else self.publisher
        return t("source.read_at", source=text, read_at=self.read_at) if self.read_at else text


def source_infos(sources: pd.DataFrame) -> dict[str, SourceInfo]:
    """SourceInfo of every source of the sources table, by id."""
    cols = sources[["source_id", "owner", "publisher", "read_at"]].fillna("")
    return {sid: SourceInfo(str(o), str(p), str(r)) for sid, o, p, r in cols.itertuples(index=False)}


class Verdicts(Mapping[str, Result]):
    """Every claim's Result, computed once in a background thread from start-up; a reader waits only if it is not done.

    The first 200 of a fresh process no longer waits for the fourteen checks (a second of pandas at start-up): they
    run while the browser fetches the page's scripts, and the first page that shows a verdict waits for what is left.
    """

    def __init__(self, registry: Registry, data: Dataset, lock: threading.RLock) -> None:
        self._registry, self._data, self._lock = registry, data, lock
        self._results: dict[str, Result] | None = None
        self._error: BaseException | None = None
        self._done = threading.Event()
        locked = threading.Event()
        threading.Thread(target=self._compute, args=(locked,), name="verdicts", daemon=True).start()
        # The thread holds the build lock before anyone else can take it: no page is built on the data while the
        # checks read it, and no holder of the lock ever waits for the verdicts (that would deadlock).
        locked.wait()

    def _compute(self, locked: threading.Event) -> None:
        with self._lock:
            locked.set()
            try:
                with use_lang(DEFAULT_LANG):  # the thread's language, whatever request started the app
                    self._results = evaluate_all(self._registry, self._data)
            except BaseException as error:  # re-raised to every reader, as a synchronous evaluation would have
                self._error = error
            finally:
                self._done.set()

    def all(self) -> dict[str, Result]:
        """The results, once computed (waits for the background thread)."""
        self._done.wait()
        if self._error is not None:
            raise self._error
        assert self._results is not None
        return self._results

    def __getitem__(self, claim_id: str) -> Result:
        return self.all()[claim_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self.all())

    def __len__(self) -> int:
        return len(self.all())


@dataclass
class Caches:
    """What pages build on first use and then reuse, one named field each (None until built)."""

    explore: dict[str, ExploreData] = field(default_factory=dict)  # the explorer's precomputed data, by language
    # explorer panel, its card, and the card as plain JSON (what a response carries), by cache_key("panel", ...)
    panels: LRU = field(default_factory=lambda: LRU(PANEL_CACHE_SIZE))
    json: LRU = field(default_factory=lambda: LRU(JSON_CACHE_SIZE))  # pages as plain JSON, by cache_key("page", ...)
    pages: dict[tuple[str, str], Any] = field(default_factory=dict)  # (lang, path) -> pages that ignore the query
    chancay: dict[str, pd.DataFrame] = field(default_factory=dict)  # the Chancay ledger with its texts, by language
    publishers: dict[str, dict[str, str]] = field(default_factory=dict)  # source labels, by language
    coverage: pd.DataFrame | None = None  # coverage codes of the key series by year


@dataclass(frozen=True)
class AppContext:
    """The loaded data, the claims with their computed verdicts, and lookups the pages need."""

    data: Dataset
    registry: Registry
    # lang -> claim id -> verdict, explanation in that language (English: Verdicts, computed in the background)
    results_by_lang: dict[str, Mapping[str, Result]]
    sources: dict[str, SourceInfo]
    urls: dict[str, str]
    base_url: str  # the public address of the app, for absolute links (TRADE_LENS_BASE_URL)
    source_dates: dict[str, str]  # the sources table's date by id ('' when not known)
    latest_year: int  # the latest full year of the headline series: the default end year of charts
    data_zip: bytes  # 'download all data': the tidy tables and their README, zipped once at start-up
    cache: Caches = field(default_factory=Caches)
    # Held while a page or chart is built: the start-up warm-up thread and requests never build at the same time
    # (plotly's figure objects are not thread-safe). Serving from the cache takes no lock.
    build_lock: threading.RLock = field(default_factory=threading.RLock)

    @property
    def results(self) -> Mapping[str, Result]:
        """Every claim's verdict, with its explanation in the current language."""
        lang = current_lang()
        if lang not in self.results_by_lang:  # evaluated on first use (the warm-up thread asks for each language)
            with self.build_lock:
                if lang not in self.results_by_lang:
                    self.results_by_lang[lang] = _evaluate(self.registry, self.data, lang)
        return self.results_by_lang[lang]

    @property
    def publishers(self) -> dict[str, str]:
        """The compact label of each source (SourceInfo.label) in the current language, shown wherever a source is."""
        lang = current_lang()
        if lang not in self.cache.publishers:
            self.cache.publishers[lang] = {sid: info.label for sid, info in self.sources.items()}
        return self.cache.publishers[lang]

    @property
    def labels(self) -> dict[str, str]:
        """The figures' legend and hover texts in the current language."""
        return {key: t(key) for key in FIGURE_LABEL_KEYS}


def _evaluate(registry: Registry, data: Dataset, lang: str) -> dict[str, Result]:
    """Every claim's verdict with its explanation written in lang (the same data, the language's templates)."""
    with use_lang(lang):
        return evaluate_all(registry, data)


def build_context(data: Dataset, claims_path: Path | None = None) -> AppContext:
    """Evaluate every claim and index the sources once, for the life of the app."""
    registry = load_registry(claims_path or data.data_dir / "claims.toml")
    sources = data.sources
    infos = source_infos(sources)
    lock = threading.RLock()
    return AppContext(
        data=data,
        registry=registry,
        results_by_lang={DEFAULT_LANG: Verdicts(registry, data, lock)},  # other languages on first use
        build_lock=lock,
        sources=infos,
        urls=dict(zip(sources["source_id"], sources["url"].fillna(""), strict=True)),
        base_url=public_base_url(),
        source_dates=source_dates(sources),
        latest_year=data.latest_year,
        data_zip=data_zip(data.data_dir),
    )
