"""The interface every cache backend implements (used by ``lilya.decorators.cache``)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

__all__ = ["CacheBackend"]


class CacheBackend(ABC):
    """Async key/value store with optional per-entry time to live.

    ``get`` returns ``None`` for a missing or expired key; ``delete`` of a missing key is a no-op.
    """

    @abstractmethod
    async def get(self, key: str) -> Any | None:
        """The value stored under ``key``, or ``None`` when absent or expired."""

    @abstractmethod
    async def set(self, key: str, value: Any, ttl: int | None = None) -> None:
        """Store ``value`` under ``key``; ``ttl`` seconds (``None``: no expiry)."""

    @abstractmethod
    async def delete(self, key: str) -> None:
        """Forget ``key`` (no error when it is absent)."""
