"""compat, concurrency and the small internal helpers (_message, _crypto, _representation, _scopes)."""

from __future__ import annotations

import functools
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from lilya._internal._crypto import get_random_secret_key
from lilya._internal._message import Address
from lilya._internal._parsers import MultiPartException, _user_safe_decode
from lilya._internal._representation import Repr
from lilya._internal._scopes import ScopeManager
from lilya.compat import (
    AsyncResourceHandler,
    is_async_callable,
    is_class_and_subclass,
    md5_hexdigest,
    reverse,
    run_sync,
)
from lilya.concurrency import AsyncCallable, enforce_async_callable, iterate_in_threadpool, run_in_threadpool


class Closable:
    def __init__(self) -> None:
        self.closed = False

    async def close(self) -> None:
        self.closed = True


async def make_closable() -> Closable:
    return Closable()


@pytest.mark.anyio
async def test_async_resource_handler_await_and_context() -> None:
    resource = await AsyncResourceHandler(make_closable())
    assert isinstance(resource, Closable) and not resource.closed
    async with AsyncResourceHandler(make_closable()) as entered:
        assert not entered.closed
    assert entered.closed


def test_is_async_callable() -> None:
    async def coro(x: int) -> int:
        return x

    class AsyncCall:
        async def __call__(self) -> None:
            return None

    assert is_async_callable(coro) and is_async_callable(functools.partial(coro, 1))
    assert is_async_callable(AsyncCall())
    assert not is_async_callable(lambda: None)


def test_is_class_and_subclass() -> None:
    assert is_class_and_subclass(bool, int)
    assert is_class_and_subclass(bool, (str, int))
    assert not is_class_and_subclass(1, int)
    assert not is_class_and_subclass(list[int], list)


def test_md5() -> None:
    assert md5_hexdigest(b"") == "d41d8cd98f00b204e9800998ecf8427e"


def test_run_sync_outside_and_inside_a_loop() -> None:
    async def add(a: int, b: int = 1) -> int:
        return a + b

    assert run_sync(add, 1, b=2) == 3
    assert run_sync(add(5)) == 6
    with pytest.raises(TypeError):
        run_sync(lambda: 1)


@pytest.mark.anyio
async def test_run_sync_inside_running_loop_uses_helper_thread() -> None:
    async def which_thread() -> str:
        return threading.current_thread().name

    assert run_sync(which_thread) == "lilya-run-sync"


def test_reverse_uses_app_path_for() -> None:
    class App:
        def path_for(self, name: str, **params: Any) -> str:
            return f"/{name}/{params['id']}"

    app: Any = App()
    assert reverse("user", app=app, path_params={"id": 3}) == "/user/3"


@pytest.mark.anyio
async def test_concurrency_helpers() -> None:
    def blocking(a: int, b: int = 0) -> tuple[int, int, str]:
        return a, b, threading.current_thread().name

    async def native(a: int, b: int = 0) -> tuple[int, int]:
        return a, b

    main = threading.current_thread().name
    a, b, name = await run_in_threadpool(blocking, 1, b=2)
    assert (a, b) == (1, 2) and name != main
    assert (await enforce_async_callable(blocking)(3))[:2] == (3, 0)
    assert enforce_async_callable(native) is native
    assert (await AsyncCallable(blocking, b=5)(1))[:2] == (1, 5)
    assert await AsyncCallable(native, b=5)(1) == (1, 5)
    assert (await AsyncCallable(blocking).run_in_threadpool(2))[:2] == (2, 0)

    def gen() -> Iterator[int]:
        yield from (1, 2, 3)

    items: AsyncIterator[int] = iterate_in_threadpool(gen())
    assert [i async for i in items] == [1, 2, 3]


def test_address() -> None:
    a = Address("h", 1)
    assert repr(a) == "Address(host='h', port=1)" and a == Address("h", 1)
    host, port = a
    assert (host, port) == ("h", 1)


def test_random_secret_key() -> None:
    key = get_random_secret_key()
    assert len(key) == 50 and key != get_random_secret_key()
    assert len(get_random_secret_key(10)) == 10
    assert len(get_random_secret_key(None)) == 50


def test_repr_mixin() -> None:
    class Point(Repr):
        def __init__(self) -> None:
            self.x = 1
            self.y = "b"
            self._hidden = 0

    class Slotted(Repr):
        __slots__ = ("x",)

        def __init__(self) -> None:
            self.x = 1

    assert repr(Point()) == "Point(x=1, y='b')" and str(Point()) == "x=1 y='b'"
    assert repr(Slotted()) == "Slotted(x=1)"


@pytest.mark.anyio
async def test_scope_manager_caches_and_cleans_up() -> None:
    manager = ScopeManager()
    events: list[str] = []

    def dependency() -> str:
        return "unused"

    def factory() -> Iterator[str]:
        events.append("open")
        yield "resource"
        events.append("close")

    async def async_factory() -> AsyncIterator[str]:
        yield "async-resource"
        events.append("async-close")

    first = await manager.get_or_create("app", dependency, factory)
    assert first == "resource"
    assert await manager.get_or_create("app", dependency, factory) == "resource"
    assert events == ["open"]
    assert await manager.get_or_create("global", dependency, async_factory) == "async-resource"
    manager.clear("global")
    assert ("global", dependency) not in manager._instances
    await manager.aclose()
    assert events == ["open", "async-close", "close"]


def test_parsers_public_helpers() -> None:
    assert _user_safe_decode(b"\xc3\xa9", "utf-8") == "é"
    assert _user_safe_decode(b"\xff", "utf-8") == "\ufffd"
    assert _user_safe_decode(b"abc", "bogus-codec") == "abc"
    exc = MultiPartException("bad")
    assert exc.message == "bad" and str(exc) == "bad"


def test_lazy_attributes_imports_on_first_use_then_keeps_the_value(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import types

    from lilya.compat import lazy_attributes

    module = types.ModuleType("lazy_attributes_probe")
    monkeypatch.setitem(sys.modules, module.__name__, module)
    getter = lazy_attributes(module.__name__, {"OrderedDict": "collections"})
    module.__getattr__ = getter  # type: ignore[method-assign]

    import collections

    assert "OrderedDict" not in vars(module)
    assert module.OrderedDict is collections.OrderedDict
    assert vars(module)["OrderedDict"] is collections.OrderedDict  # kept: the next access is plain
    with pytest.raises(AttributeError, match="lazy_attributes_probe.*has no attribute 'missing'"):
        module.missing  # noqa: B018
