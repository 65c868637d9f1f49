"""lilya.routing.lifespan's hook helpers (Lilya 0.29's router spellings over core's lifespan)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest

from lilya.routing.lifespan import AsyncLifespan, handle_lifespan_events

pytestmark = pytest.mark.anyio


def test_without_hooks_the_lifespan_itself_is_returned() -> None:
    @asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        yield

    assert handle_lifespan_events(None, None, lifespan) is lifespan
    assert handle_lifespan_events([], [], None) is None


async def test_hooks_wrap_the_lifespan_and_its_state_comes_through() -> None:
    calls: list[str] = []

    @asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[dict[str, int]]:
        calls.append("enter")
        yield {"answer": 42}
        calls.append("exit")

    factory = handle_lifespan_events([lambda: calls.append("startup")], [lambda: calls.append("shutdown")], lifespan)
    assert factory is not None
    async with factory(object()) as state:
        calls.append("serving")
    assert state == {"answer": 42}
    assert calls == ["startup", "enter", "serving", "exit", "shutdown"]


async def test_async_lifespan_takes_startup_hooks_first() -> None:
    calls: list[str] = []

    async def started() -> None:
        calls.append("startup")

    hooks = AsyncLifespan([started], [lambda: calls.append("shutdown")])
    async with hooks(object()):
        calls.append("serving")
    assert calls == ["startup", "serving", "shutdown"]
