"""One small LRU of loaded models, keyed by (model, version, kind): every family's service uses it."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class ModelCache:
    """Keeps the last ``size`` loaded models; a version is immutable, so (model, version) is a safe key.

    Loading runs outside the lock (it may take seconds); two threads loading the same key at once both load,
    and the later one wins, which is harmless for immutable versions.
    """

    def __init__(self, size: int = 4) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, load: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = load()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._items)
