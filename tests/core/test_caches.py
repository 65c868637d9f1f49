"""Cache backends: InMemoryCache (TTL, bounds, copies) and RedisCache (optional dependency)."""

from __future__ import annotations

import sys
import types
from typing import Any

import anyio
import pytest

from lilya.caches.memory import DEFAULT_MAX_ENTRIES, InMemoryCache
from lilya.protocols.cache import CacheBackend


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr("lilya.caches.memory.time.monotonic", fake)
    return fake


def test_in_memory_cache_is_a_cache_backend() -> None:
    assert isinstance(InMemoryCache(), CacheBackend)
    with pytest.raises(TypeError):
        CacheBackend()  # type: ignore[abstract]


@pytest.mark.anyio
async def test_async_get_set_delete() -> None:
    cache = InMemoryCache()
    assert await cache.get("missing") is None
    await cache.set("k", {"a": [1, 2]})
    assert await cache.get("k") == {"a": [1, 2]}
    await cache.delete("k")
    await cache.delete("k")  # absent: no error
    assert await cache.get("k") is None


def test_ttl_expiry(clock: Clock) -> None:
    cache = InMemoryCache()
    cache.sync_set("short", "v", ttl=10)
    cache.sync_set("forever", "v")
    clock.now += 9.9
    assert cache.sync_get("short") == "v"
    clock.now += 0.2
    assert cache.sync_get("short") is None
    assert len(cache) == 1  # the expired entry was dropped when read
    clock.now += 10**6
    assert cache.sync_get("forever") == "v"


def test_values_are_copies() -> None:
    cache = InMemoryCache()
    value = {"items": [1]}
    cache.sync_set("k", value)
    value["items"].append(2)
    got = cache.sync_get("k")
    assert got == {"items": [1]}
    got["items"].append(3)
    assert cache.sync_get("k") == {"items": [1]}
    cache.sync_set("t", (1, 2))
    assert cache.sync_get("t") == [1, 2]  # JSON shapes, as with Redis


def test_unserializable_value_is_not_cached() -> None:
    cache = InMemoryCache()
    cache.sync_set("k", object())
    assert cache.sync_get("k") is None


def test_bounded_entries_evict_oldest_write(clock: Clock) -> None:
    assert DEFAULT_MAX_ENTRIES == 10_000
    assert InMemoryCache().max_entries == DEFAULT_MAX_ENTRIES
    cache = InMemoryCache(max_entries=3)
    for key in "abc":
        cache.sync_set(key, key)
    cache.sync_set("a", "a2")  # rewriting moves "a" to the newest position
    cache.sync_set("d", "d")
    assert cache.sync_get("b") is None
    assert [cache.sync_get(k) for k in "acd"] == ["a2", "c", "d"]
    assert len(cache) == 3


def test_expired_entries_are_swept_before_evicting(clock: Clock) -> None:
    cache = InMemoryCache(max_entries=2)
    cache.sync_set("old", 1, ttl=1)
    cache.sync_set("keep", 2)
    clock.now += 5
    cache.sync_set("new", 3)
    assert cache.sync_get("keep") == 2
    assert cache.sync_get("new") == 3
    assert cache.purge_expired() == 0
    with pytest.raises(ValueError):
        InMemoryCache(max_entries=0)


def test_clear() -> None:
    cache = InMemoryCache()
    cache.sync_set("k", 1)
    cache.clear()
    assert len(cache) == 0


@pytest.mark.anyio
async def test_concurrent_writers_and_readers() -> None:
    cache = InMemoryCache()

    async def writer(n: int) -> None:
        await anyio.sleep(0)
        await cache.set(f"k{n}", n)

    async with anyio.create_task_group() as tg:
        for n in range(50):
            tg.start_soon(writer, n)
    assert [await cache.get(f"k{n}") for n in range(50)] == list(range(50))


def test_redis_cache_without_redis_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "redis", None)
    monkeypatch.setitem(sys.modules, "redis.asyncio", None)
    from lilya.caches.redis import RedisCache

    with pytest.raises(ImportError, match="pip install redis"):
        RedisCache("redis://localhost")


class FakeRedis:
    """Enough of redis.asyncio.Redis for the backend: an in-memory dict."""

    instances: list[FakeRedis] = []
    servers: dict[str, dict[str, bytes]] = {}

    def __init__(self, url: str) -> None:
        self.url = url
        self.data = FakeRedis.servers.setdefault(url, {})
        self.ttls: dict[str, int] = {}
        self.closed = False
        FakeRedis.instances.append(self)

    @classmethod
    def from_url(cls, url: str, decode_responses: bool = False, **options: Any) -> FakeRedis:
        assert decode_responses is False
        return cls(url)

    async def get(self, key: str) -> bytes | None:
        return self.data.get(key)

    async def set(self, key: str, value: bytes) -> None:
        self.data[key] = value

    async def setex(self, key: str, ttl: int, value: bytes) -> None:
        self.data[key] = value
        self.ttls[key] = ttl

    async def delete(self, key: str) -> None:
        self.data.pop(key, None)

    async def aclose(self) -> None:
        self.closed = True


@pytest.fixture
def fake_redis(monkeypatch: pytest.MonkeyPatch) -> Any:
    package = types.ModuleType("redis")
    submodule = types.ModuleType("redis.asyncio")
    submodule.Redis = FakeRedis  # type: ignore[attr-defined]
    package.asyncio = submodule  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "redis", package)
    monkeypatch.setitem(sys.modules, "redis.asyncio", submodule)
    FakeRedis.instances.clear()
    FakeRedis.servers.clear()
    return submodule


@pytest.mark.parametrize("anyio_backend", ["asyncio"])  # redis-py's client is asyncio-only
@pytest.mark.anyio
async def test_redis_cache_round_trip(fake_redis: Any) -> None:
    from lilya.caches.redis import RedisCache

    cache = RedisCache("redis://example:6379/0")
    await cache.set("k", {"a": 1}, ttl=30)
    await cache.set("n", [1, 2])
    assert await cache.get("k") == {"a": 1}
    assert await cache.get("n") == [1, 2]
    client = cache.async_client
    assert client is cache.async_client  # one client per loop
    assert client.url == "redis://example:6379/0"
    assert client.ttls == {"k": 30}
    await cache.delete("k")
    assert await cache.get("k") is None
    with pytest.raises(ValueError, match="redis.asyncio.Redis"):
        cache.async_client = object()
    replacement = FakeRedis("redis://other")
    cache.async_client = replacement
    assert cache.async_client is replacement
    await cache.close()
    assert replacement.closed


def test_redis_cache_sync_api(fake_redis: Any) -> None:
    from lilya.caches.redis import RedisCache

    cache = RedisCache("redis://example")
    cache.sync_set("k", "v")
    assert cache.sync_get("k") == "v"
    cache.sync_delete("k")
    assert cache.sync_get("k") is None
    assert len(FakeRedis.instances) == 4
    assert all(instance.closed for instance in FakeRedis.instances)  # no client left open
    assert cache._async_clients == {}


def test_full_cache_without_expired_entries_evicts_in_constant_time(clock: Clock) -> None:
    cache = InMemoryCache(max_entries=100)
    for n in range(100):
        cache.sync_set(f"k{n}", n, ttl=1000)
    assert cache._earliest == clock.now + 1000
    sweeps = 0
    original = cache._sweep

    def counting_sweep() -> int:
        nonlocal sweeps
        sweeps += 1
        return original()

    cache._sweep = counting_sweep  # type: ignore[method-assign]
    cache.sync_set("new", 1)
    assert sweeps == 1 and len(cache) == 100  # one sweep that returned at once, one eviction
    assert cache.sync_get("k0") is None


def test_cache_is_safe_across_threads() -> None:
    import threading

    cache = InMemoryCache(max_entries=50)
    errors: list[BaseException] = []

    def hammer(offset: int) -> None:
        try:
            for n in range(500):
                cache.sync_set(f"{offset}-{n}", n, ttl=1 if n % 2 else None)
                cache.sync_get(f"{offset}-{n - 1}")
                cache.purge_expired()
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=hammer, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(cache) <= 50
