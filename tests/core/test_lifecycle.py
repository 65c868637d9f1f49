"""lilya.lifecycle: global startup/shutdown hook registration and running."""

from __future__ import annotations

from collections.abc import Iterator

import anyio
import pytest

from lilya import lifecycle
from lilya.lifecycle import LifecycleRegistry, get_hooks, on_shutdown, on_startup, run_hooks


@pytest.fixture(autouse=True)
def _clean_registry() -> Iterator[None]:
    saved = get_hooks()
    lifecycle._registry.clear()
    yield
    lifecycle._registry.clear()
    lifecycle._registry.startup.extend(saved["startup"])
    lifecycle._registry.shutdown.extend(saved["shutdown"])


def test_decorators_register_in_order_and_return_the_function() -> None:
    def first() -> None: ...

    async def second() -> None: ...

    assert on_startup(first) is first
    assert on_startup(second) is second
    assert on_shutdown(first) is first
    assert get_hooks() == {"startup": [first, second], "shutdown": [first]}


def test_get_hooks_returns_copies() -> None:
    on_startup(lambda: None)
    hooks = get_hooks()
    hooks["startup"].clear()
    assert len(get_hooks()["startup"]) == 1


def test_clear_resets_a_registry() -> None:
    registry = LifecycleRegistry()
    registry.on_startup(lambda: None)
    registry.on_shutdown(lambda: None)
    registry.clear()
    assert registry.get_hooks() == {"startup": [], "shutdown": []}


def test_non_callable_is_refused() -> None:
    with pytest.raises(TypeError, match="must be callable"):
        on_startup("nope")  # type: ignore[type-var]


@pytest.mark.anyio
async def test_run_hooks_runs_sync_and_async_in_order() -> None:
    calls: list[str] = []

    def sync_hook() -> None:
        calls.append("sync")

    async def async_hook() -> None:
        await anyio.sleep(0)
        calls.append("async")

    def returns_awaitable() -> object:
        return async_hook()

    await run_hooks([sync_hook, async_hook, returns_awaitable, sync_hook])
    assert calls == ["sync", "async", "async", "sync"]


@pytest.mark.anyio
async def test_failing_hook_stops_the_run() -> None:
    calls: list[str] = []

    def boom() -> None:
        raise RuntimeError("startup failed")

    with pytest.raises(RuntimeError, match="startup failed"):
        await run_hooks([boom, lambda: calls.append("later")])
    assert calls == []
