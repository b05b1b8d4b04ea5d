"""What the app computes once at start-up and shares, read-only, with its pages and callbacks."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dashboard.claims import Registry, Result, evaluate_all, load_registry
from dashboard.data import Dataset
from dashboard.strings import t

FIGURE_LABEL_KEYS = (
    "kind.OFF",
    "kind.ASSOC",
    "kind.NEWS",
    "kind.CO",
    "kind.FACTBOOK",
    "kind.BACI",
    "kind.DERIVED",
    "status.preferred",
    "status.alternative",
    "status.rejected",
    "legend.partial",
    "legend.alternative",
)


@dataclass(frozen=True)
class AppContext:
    """The loaded data, the claims with their computed verdicts, and lookups the pages need."""

    data: Dataset
    registry: Registry
    results: dict[str, Result]
    publishers: dict[str, str]
    urls: dict[str, str]
    labels: dict[str, str]
    cache: dict[str, Any] = field(default_factory=dict)
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
    )
