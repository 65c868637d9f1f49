"""App- and global-scoped dependencies are created once, even under a burst of first requests."""

from __future__ import annotations

import json
from typing import Any

import anyio
import pytest

from lilya._internal._scopes import ScopeManager, scope_manager
from lilya.apps import Lilya
from lilya.dependencies import Provide, Provides
from lilya.routing import Path
from lilya.types import Receive, Scope, Send
from tests.core._injection_app import call_raw

BURST = 40


@pytest.mark.anyio
@pytest.mark.parametrize("lifetime", ["app", "global"])
async def test_a_burst_of_first_requests_creates_one_instance(lifetime: str) -> None:
    arrived = 0
    everyone_waiting = anyio.Event()
    created: list[int] = []

    async def arrive(scope: Scope, receive: Receive, send: Send) -> None:
        nonlocal arrived
        arrived += 1
        if arrived == BURST:
            everyone_waiting.set()

    async def connect() -> dict[str, int]:
        created.append(1)
        # Stays unfinished until every request reached resolution: without the lock, each of
        # them would be running its own creation by then.
        await everyone_waiting.wait()
        return {"pool": len(created)}

    async def handler(pool: Any = Provides()) -> Any:  # noqa: B008 - Lilya's marker
        return pool

    app = Lilya(
        routes=[Path("/", handler, before_request=[arrive])],
        dependencies={"pool": Provide(connect, scope=lifetime)},
    )
    bodies: list[Any] = []

    async def one() -> None:
        status, body = await call_raw(app)
        bodies.append((status, json.loads(body)))

    try:
        async with anyio.create_task_group() as tg:
            for _ in range(BURST):
                tg.start_soon(one)
    finally:
        scope_manager.clear()
    assert created == [1]
    assert bodies == [(200, {"pool": 1})] * BURST


@pytest.mark.anyio
async def test_a_failed_creation_is_retried_by_the_next_caller() -> None:
    manager = ScopeManager()
    attempts: list[int] = []

    async def flaky() -> str:
        attempts.append(1)
        if len(attempts) == 1:
            raise ConnectionError("database not up yet")
        return "connected"

    with pytest.raises(ConnectionError):
        await manager.get_or_create("app", flaky, flaky)
    assert await manager.get_or_create("app", flaky, flaky) == "connected"
    assert await manager.get_or_create("app", flaky, flaky) == "connected"
    assert len(attempts) == 2
