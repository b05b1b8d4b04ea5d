"""What the app computes once at start-up and shares, read-only, with its pages and callbacks."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from dashboard.claims import Registry, Result, evaluate_all, load_registry
from dashboard.data import Dataset
from dashboard.strings import t

if TYPE_CHECKING:  # only for the cache's field types: pages import this module
    from dashboard.components import Panel
    from dashboard.pages.explore import ExploreData

FIGURE_LABEL_KEYS = (
    "kind.OFF",
    "kind.ASSOC",
    "kind.NEWS",
    "kind.CO",
    "kind.FACTBOOK",
    "kind.BACI",
    "kind.DERIVED",
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
# A panel cache key: the panel's name, then the values of the state fields it depends on.
PanelKey = tuple[Any, ...]


@dataclass
class Caches:
    """What pages build on first use and then reuse, one named field each (None until built)."""

    explore: ExploreData | None = None  # the explorer's precomputed data
    panels: dict[PanelKey, tuple[Panel, Any]] = field(default_factory=dict)  # explorer panel and card by state
    pages: dict[str, Any] = field(default_factory=dict)  # component trees of the pages that ignore the query
    chancay: pd.DataFrame | None = None  # the Chancay ledger with its texts
    coverage: pd.DataFrame | None = None  # coverage codes of the key series by year


@dataclass(frozen=True)
class AppContext:
    """The loaded data, the claims with their computed verdicts, and lookups the pages need."""

    data: Dataset
    registry: Registry
    results: dict[str, Result]
    publishers: dict[str, str]
    urls: dict[str, str]
    labels: dict[str, str]
    latest_year: int  # the latest full year of the headline series: the default end year of charts
    cache: Caches = field(default_factory=Caches)
    # Held while a page or chart is built: the start-up warm-up thread and requests never build at the same time
    # (plotly's figure objects are not thread-safe). Serving from the cache takes no lock.
    build_lock: threading.RLock = field(default_factory=threading.RLock)


def build_context(data: Dataset, claims_path: Path | None = None) -> AppContext:
    """Evaluate every claim and index the sources once, for the life of the app."""
    registry = load_registry(claims_path or data.data_dir / "claims.toml")
    sources = data.sources
    return AppContext(
        data=data,
        registry=registry,
        results=evaluate_all(registry, data),
        publishers=dict(zip(sources["source_id"], sources["publisher"], strict=True)),
        urls=dict(zip(sources["source_id"], sources["url"].fillna(""), strict=True)),
        labels={key: t(key) for key in FIGURE_LABEL_KEYS},
        latest_year=data.latest_year,
    )
