"""Redis cache backend (``pip install redis``); one async client per event loop."""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import anyio.from_thread

from lilya.caches._codec import dumps, json_encode, loads, serializer
from lilya.protocols.cache import CacheBackend

if TYPE_CHECKING:
    from types import ModuleType

__all__ = ["DEFAULT_OPTIONS", "CacheBackend", "RedisCache", "json_encode", "serializer"]

# Seconds to connect and to wait for an answer; any redis-py client option can be passed instead.
DEFAULT_OPTIONS: dict[str, Any] = {"socket_connect_timeout": 5.0, "socket_timeout": 5.0}


def _redis_asyncio() -> ModuleType:
    try:
        redis_asyncio = importlib.import_module("redis.asyncio")
    except ImportError as exc:
        raise ImportError(
            "RedisCache needs the 'redis' package: install it with `pip install redis`."
        ) from exc
    return redis_asyncio


class RedisCache(CacheBackend):
    """Values are stored as JSON bytes (same codec as ``InMemoryCache``); ``ttl`` uses ``SETEX``.

    ``options`` go to ``redis.asyncio.Redis.from_url`` (timeouts of 5 s unless given). When Redis
    goes away, an operation raises redis-py's ``ConnectionError``/``TimeoutError`` within the
    timeout and the next one reconnects, so the app keeps serving and recovers on its own.

    redis-py's asyncio client is bound to the event loop that created it, so a client is created
    lazily per running loop. It needs an asyncio loop (redis-py does not support trio).
    """

    def __init__(self, redis_url: str, **options: Any) -> None:
        self._redis = _redis_asyncio()
        self.redis_url = redis_url
        # Bounded by default: a Redis that went away or hangs fails the request in seconds
        # (redis-py's error names the address), instead of holding it forever.
        self.options: dict[str, Any] = {**DEFAULT_OPTIONS, **options}
        self._async_clients: dict[int, Any] = {}

    @property
    def async_client(self) -> Any:
        """The client for the running event loop (created on first use)."""
        loop_id = id(asyncio.get_running_loop())
        client = self._async_clients.get(loop_id)
        if client is None:
            client = self._redis.Redis.from_url(self.redis_url, decode_responses=False, **self.options)
            self._async_clients[loop_id] = client
        return client

    @async_client.setter
    def async_client(self, client: Any) -> None:
        if not isinstance(client, self._redis.Redis):
            raise ValueError("async_client must be an instance of redis.asyncio.Redis")
        self._async_clients[id(asyncio.get_running_loop())] = client

    async def get(self, key: str) -> Any | None:
        data = await self.async_client.get(key)
        return None if data is None else loads(data)

    async def set(self, key: str, value: Any, ttl: int | None = None) -> None:
        data = dumps(value)
        if ttl:
            await self.async_client.setex(key, ttl, data)
        else:
            await self.async_client.set(key, data)

    async def delete(self, key: str) -> None:
        await self.async_client.delete(key)

    async def close(self) -> None:
        """Close every client this backend opened."""
        clients = list(self._async_clients.values())
        self._async_clients.clear()
        for client in clients:
            await client.aclose()

    async def _once(self, operation: Callable[..., Awaitable[Any]], *args: Any) -> Any:
        """Run one operation on a short-lived loop's client, then close that client (no leak)."""
        try:
            return await operation(*args)
        finally:
            client = self._async_clients.pop(id(asyncio.get_running_loop()), None)
            if client is not None:
                await client.aclose()

    def _blocking(self, operation: Callable[..., Awaitable[Any]], *args: Any) -> Any:
        with anyio.from_thread.start_blocking_portal() as portal:
            return portal.call(self._once, operation, *args)

    def sync_get(self, key: str) -> Any | None:
        """Blocking ``get`` for code that runs outside an event loop."""
        return self._blocking(self.get, key)

    def sync_set(self, key: str, value: Any, ttl: int | None = None) -> None:
        """Blocking ``set`` for code that runs outside an event loop."""
        self._blocking(self.set, key, value, ttl)

    def sync_delete(self, key: str) -> None:
        """Blocking ``delete`` for code that runs outside an event loop."""
        self._blocking(self.delete, key)
