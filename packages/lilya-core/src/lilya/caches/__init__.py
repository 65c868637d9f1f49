"""Cache backends: ``memory.InMemoryCache`` (default) and ``redis.RedisCache`` (needs ``redis``)."""

from __future__ import annotations

__all__: list[str] = []
