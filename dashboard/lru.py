"""A bounded, thread-safe least-recently-used map: the app's caches and the remembered tables' selections."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class LRU:
    """A bounded, thread-safe least-recently-used map: the oldest entries go when a new one would exceed maxsize
    entries, or, given a weight per value, a total weight of max_weight (the entry just stored always stays)."""

    def __init__(self, maxsize: int, weight: Callable[[Any], int] | None = None, max_weight: int | None = None) -> None:
        self.maxsize = maxsize
        self.max_weight = max_weight
        self.weight = 0  # the values' total weight (0 without a weight function)
        self._weigh = weight or (lambda _value: 0)
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        """The value of key (now the most recently used), or None."""
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: Hashable, value: Any) -> None:
        """Store value under key, dropping the least recently used entries beyond the bounds."""
        with self._lock:
            if key in self._items:
                self.weight -= self._weigh(self._items[key])
            self._items[key] = value
            self._items.move_to_end(key)
            self.weight += self._weigh(value)
            while len(self._items) > self.maxsize or (
                self.max_weight is not None and self.weight > self.max_weight and len(self._items) > 1
            ):
                _, dropped = self._items.popitem(last=False)
                self.weight -= self._weigh(dropped)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items
