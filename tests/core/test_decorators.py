"""lilya.decorators: cache (sync/async, TTL, invalidate, failing backend) and observable."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import anyio
import pytest

from lilya._internal._events import EventDispatcher
from lilya.caches.memory import InMemoryCache
from lilya.conf import override_settings
from lilya.decorators import cache, generate_cache_key, observable
from lilya.protocols.cache import CacheBackend


@pytest.fixture(autouse=True)
def _clean_dispatcher() -> Iterator[None]:
    EventDispatcher.clear()
    yield
    EventDispatcher.clear()


class AsyncOnlyBackend(CacheBackend):
    """A backend with no sync_* methods: the sync wrapper must drive its coroutines."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}

    async def get(self, key: str) -> Any | None:
        return self.data.get(key)

    async def set(self, key: str, value: Any, ttl: int | None = None) -> None:
        self.data[key] = value

    async def delete(self, key: str) -> None:
        self.data.pop(key, None)


class BrokenBackend(CacheBackend):
    async def get(self, key: str) -> Any | None:
        raise ConnectionError("backend down")

    async def set(self, key: str, value: Any, ttl: int | None = None) -> None:
        raise ConnectionError("backend down")

    async def delete(self, key: str) -> None:
        raise ConnectionError("backend down")


# -- generate_cache_key ------------------------------------------------------------------------


def sample(*args: Any, **kwargs: Any) -> None: ...


def test_cache_key_is_stable_and_readable() -> None:
    key = generate_cache_key(sample, (1, "a"), {"b": 2, "c": 3})
    assert key.startswith(f"{__name__}.sample:")
    assert key == generate_cache_key(sample, (1, "a"), {"c": 3, "b": 2})  # keyword order is irrelevant
    assert key != generate_cache_key(sample, (1, "b"), {"b": 2, "c": 3})
    assert generate_cache_key(sample, ([1, 2],), {}) == generate_cache_key(sample, ((1, 2),), {})
    assert generate_cache_key(sample, ({3, 1, 2},), {}) == generate_cache_key(sample, ({2, 3, 1},), {})


def test_cache_key_drops_locals_and_self() -> None:
    def inner() -> None: ...

    assert "<locals>" not in generate_cache_key(inner, (), {})

    class Service:
        def method(self, x: int) -> int:
            return x

    a, b = Service(), Service()
    assert generate_cache_key(Service.method, (a, 1), {}) == generate_cache_key(Service.method, (b, 1), {})


# -- cache -----------------------------------------------------------------------------------


def test_sync_function_is_cached_per_arguments() -> None:
    calls: list[int] = []

    @cache(ttl=60, backend=InMemoryCache())
    def square(x: int) -> int:
        calls.append(x)
        return x * x

    assert [square(3), square(3), square(4), square(x=3)] == [9, 9, 16, 9]
    assert calls == [3, 4, 3]  # keyword call is a different key
    assert square.__name__ == "square"


@pytest.mark.anyio
async def test_async_function_is_cached() -> None:
    calls: list[int] = []

    @cache(backend=InMemoryCache())
    async def fetch(x: int) -> dict[str, int]:
        calls.append(x)
        await anyio.sleep(0)
        return {"x": x}

    assert await fetch(1) == {"x": 1}
    assert await fetch(1) == {"x": 1}
    assert calls == [1]


@pytest.mark.anyio
async def test_concurrent_async_callers_get_correct_values() -> None:
    @cache(backend=InMemoryCache())
    async def double(x: int) -> int:
        await anyio.sleep(0.001)
        return 2 * x

    results: dict[int, int] = {}

    async def call(x: int) -> None:
        results[x] = await double(x % 5)

    async with anyio.create_task_group() as tg:
        for x in range(20):
            tg.start_soon(call, x)
    assert results == {x: 2 * (x % 5) for x in range(20)}


def test_none_results_are_not_cached() -> None:
    calls: list[int] = []

    @cache(backend=InMemoryCache())
    def nothing() -> None:
        calls.append(1)

    nothing()
    nothing()
    assert calls == [1, 1]


def test_invalidate_forgets_one_entry() -> None:
    backend = InMemoryCache()
    calls: list[int] = []
    decorator = cache(backend=backend)

    @decorator
    def ident(x: int) -> int:
        calls.append(x)
        return x

    ident(1)
    ident(2)
    decorator.invalidate(ident, 1)
    ident(1)
    ident(2)
    assert calls == [1, 2, 1]


def test_defaults_come_from_settings_when_the_decorator_is_created() -> None:
    backend = InMemoryCache()
    with override_settings(cache_backend=backend, cache_default_ttl=7):
        decorator = cache()
    assert decorator.backend is backend
    assert decorator.ttl == 7
    assert cache(ttl=3).ttl == 3


def test_sync_function_with_async_only_backend_outside_and_inside_a_loop() -> None:
    backend = AsyncOnlyBackend()
    calls: list[int] = []

    @cache(backend=backend)
    def compute(x: int) -> int:
        calls.append(x)
        return x + 1

    assert compute(1) == 2
    assert compute(1) == 2

    async def inside_loop() -> int:
        result: int = compute(1)
        return result

    assert anyio.run(inside_loop) == 2
    assert anyio.run(inside_loop, backend="trio") == 2
    assert calls == [1]
    cache(backend=backend).invalidate(compute, 1)
    assert backend.data == {}


@pytest.mark.anyio
async def test_failing_backend_still_runs_the_function(caplog: pytest.LogCaptureFixture) -> None:
    @cache(backend=BrokenBackend())
    async def value() -> int:
        return 5

    @cache(backend=BrokenBackend())
    def sync_value() -> int:
        return 6

    assert await value() == 5
    assert sync_value() == 6
    cache(backend=BrokenBackend()).invalidate(sync_value)
    messages = [record.getMessage() for record in caplog.records]
    assert any("get()" in m for m in messages)
    assert any("set()" in m for m in messages)
    assert any("delete()" in m for m in messages)


def test_ttl_reaches_the_backend() -> None:
    seen: list[int | None] = []

    class Spy(AsyncOnlyBackend):
        async def set(self, key: str, value: Any, ttl: int | None = None) -> None:
            seen.append(ttl)
            await super().set(key, value, ttl)

    @cache(ttl=12, backend=Spy())
    def one() -> int:
        return 1

    one()
    assert seen == [12]


# -- observable ------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_send_triggers_listeners_with_the_arguments_they_accept() -> None:
    received: list[Any] = []

    @observable(listen=["user.created"])
    async def no_args() -> None:
        received.append("no_args")

    @observable(listen=["user.created"])
    def positional(name: str) -> None:  # sync: runs in a worker thread
        received.append(("positional", name, threading.current_thread() is not threading.main_thread()))

    @observable(listen=["user.created"])
    async def everything(*args: Any, **kwargs: Any) -> None:
        received.append(("everything", args, kwargs))

    @observable(listen=["user.created"])
    async def keyword(name: str, *, role: str = "") -> None:
        received.append(("keyword", name, role))

    @observable(send=["user.created"])
    async def create_user(name: str, role: str = "user") -> str:
        return f"created {name}"

    assert await create_user("ada", role="admin") == "created ada"
    assert sorted(map(str, received)) == sorted(
        map(
            str,
            [
                "no_args",
                ("positional", "ada", True),
                ("everything", ("ada",), {"role": "admin"}),
                ("keyword", "ada", "admin"),
            ],
        )
    )


@pytest.mark.anyio
async def test_sync_emitter_and_several_events() -> None:
    received: list[str] = []

    @observable(listen=["a"])
    async def on_a() -> None:
        received.append("a")

    @observable(listen=["b", "c"])
    async def on_b_or_c() -> None:
        received.append("b|c")

    @observable(send=["a", "b", "c"])
    def emit() -> int:
        return 1

    assert await emit() == 1
    assert sorted(received) == ["a", "b|c", "b|c"]


@pytest.mark.anyio
async def test_listener_failure_reaches_the_emitter() -> None:
    @observable(listen=["fail"])
    async def broken() -> None:
        raise RuntimeError("listener failed")

    @observable(send=["fail"])
    async def emit() -> None: ...

    with pytest.raises(RuntimeError, match="listener failed"):
        await emit()


@pytest.mark.anyio
async def test_dispatcher_subscribe_unsubscribe_and_clear() -> None:
    hits: list[int] = []

    def listener(n: int) -> None:
        hits.append(n)

    await EventDispatcher.subscribe("e", listener)
    assert EventDispatcher.listeners("e") == [listener]
    await EventDispatcher.emit("e", 1)
    EventDispatcher.unsubscribe("e", listener)
    await EventDispatcher.emit("e", 2)
    await EventDispatcher.emit("nobody-listens", 3)
    assert hits == [1]
    EventDispatcher.add_listener("e", listener)
    EventDispatcher.clear()
    assert EventDispatcher.listeners("e") == []


def test_argument_named_like_a_method_of_its_type_is_kept() -> None:
    @cache(backend=InMemoryCache())
    def upper(s: str) -> str:
        return s.upper()

    assert upper("a") == "A"
    assert upper("b") == "B"  # "a".upper exists, but "a" is not upper's receiver


def test_methods_share_entries_across_instances_and_can_be_invalidated() -> None:
    backend = InMemoryCache()
    decorator = cache(backend=backend)
    calls: list[int] = []

    class Service:
        @decorator
        def lookup(self, x: int) -> int:
            calls.append(x)
            return x * 10

    assert Service().lookup(1) == 10
    assert Service().lookup(1) == 10
    assert calls == [1]
    decorator.invalidate(Service.lookup, Service(), 1)
    assert Service().lookup(1) == 10
    assert calls == [1, 1]


@pytest.mark.anyio
async def test_concurrent_calls_of_an_override_decorated_function() -> None:
    from lilya.conf import settings

    @override_settings(timezone="Q")
    async def read() -> str:
        await anyio.sleep(0.001)
        return str(settings.timezone)

    results: list[str] = []

    async def call() -> None:
        results.append(await read())

    async with anyio.create_task_group() as tg:
        for _ in range(5):
            tg.start_soon(call)
    assert results == ["Q"] * 5
    assert settings.timezone == "UTC"
