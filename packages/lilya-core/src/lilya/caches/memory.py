"""In-process cache with per-entry expiry: the default ``settings.cache_backend``."""

from __future__ import annotations

import math
import threading
import time
from typing import Any

from lilya.caches._codec import dumps, json_encode, loads, serializer
from lilya.logging import logger
from lilya.protocols.cache import CacheBackend

__all__ = ["DEFAULT_MAX_ENTRIES", "CacheBackend", "InMemoryCache", "json_encode", "logger", "serializer"]

DEFAULT_MAX_ENTRIES = 10_000


class InMemoryCache(CacheBackend):
    """A dict of ``key -> (serialized value, expiry timestamp | None)``.

    Values are stored serialized (see ``lilya.caches._codec``) so that callers get copies, as with
    Redis. Expired entries are dropped when read; ``purge_expired()`` sweeps them all. The async
    methods do no I/O, so they call the sync ones directly (no thread hop). Dict operations are
    atomic under the GIL, which makes the sync API safe to use from worker threads too.

    The cache is bounded: past ``max_entries`` (default 10,000) a new key first sweeps expired
    entries, then evicts the oldest-written ones.
    """

    def __init__(self, *, max_entries: int = DEFAULT_MAX_ENTRIES) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1.")
        self.max_entries = max_entries
        self._store: dict[str, tuple[bytes, float | None]] = {}
        self._lock = threading.Lock()  # writers and sweeps iterate the dict; reads need no lock
        self._earliest = math.inf  # no entry expires before this: a full cache skips useless sweeps

    async def get(self, key: str) -> Any | None:
        return self.sync_get(key)

    async def set(self, key: str, value: Any, ttl: int | None = None) -> None:
        self.sync_set(key, value, ttl)

    async def delete(self, key: str) -> None:
        self.sync_delete(key)

    def sync_get(self, key: str) -> Any | None:
        """The value under ``key``, or ``None`` when absent or expired."""
        entry = self._store.get(key)
        if entry is None:
            return None
        data, expiry = entry
        if expiry is not None and expiry <= time.monotonic():
            self._store.pop(key, None)
            return None
        return loads(data)

    def sync_set(self, key: str, value: Any, ttl: int | None = None) -> None:
        """Store ``value``; a value that cannot be serialized is logged and not cached."""
        try:
            data = dumps(value)
        except (TypeError, ValueError) as exc:
            logger.error(f"Cache set error for key {key!r}: {exc}")
            return
        expiry = time.monotonic() + ttl if ttl else None
        with self._lock:
            if expiry is not None and expiry < self._earliest:
                self._earliest = expiry
            store = self._store
            store.pop(key, None)  # re-insert at the end: eviction order is last-write order
            if len(store) >= self.max_entries and not self._sweep():
                while len(store) >= self.max_entries:
                    store.pop(next(iter(store)), None)
            store[key] = (data, expiry)

    def sync_delete(self, key: str) -> None:
        self._store.pop(key, None)

    def purge_expired(self) -> int:
        """Drop every expired entry now; returns how many were removed."""
        with self._lock:
            return self._sweep()

    def _sweep(self) -> int:
        now = time.monotonic()
        if now < self._earliest:
            return 0
        expired = []
        earliest = math.inf
        for key, (_, expiry) in self._store.items():
            if expiry is None:
                continue
            if expiry <= now:
                expired.append(key)
            elif expiry < earliest:
                earliest = expiry
        for key in expired:
            self._store.pop(key, None)
        self._earliest = earliest
        return len(expired)

    def clear(self) -> None:
        """Forget everything (test isolation)."""
        with self._lock:
            self._store.clear()
            self._earliest = math.inf

    def __len__(self) -> int:
        return len(self._store)
