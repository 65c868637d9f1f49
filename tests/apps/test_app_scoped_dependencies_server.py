"""Over the wire: a burst of concurrent first requests to a real uvicorn creates an app-scoped
dependency once (the lock in ``lilya._internal._scopes``), and every request gets that instance."""

from __future__ import annotations

from typing import Any

import anyio
import httpx
import pytest

from lilya._internal._scopes import scope_manager
from lilya.apps import Lilya
from lilya.dependencies import Provide, Provides
from lilya.routing import Path
from lilya.types import Receive, Scope, Send
from tests._servers import running_server

BURST = 30


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])  # the client side; uvicorn runs asyncio anyway
async def test_a_burst_of_first_requests_over_the_wire_creates_one_instance() -> None:
    arrived = 0
    everyone_arrived = anyio.Event()
    created: list[int] = []

    async def arrive(scope: Scope, receive: Receive, send: Send) -> None:
        nonlocal arrived
        arrived += 1
        if arrived == BURST:
            everyone_arrived.set()

    async def connect() -> dict[str, int]:
        created.append(1)
        with anyio.move_on_after(10):  # bounded: a lost request must fail the test, not hang it
            await everyone_arrived.wait()  # every request is resolving while this creation runs
        return {"pool": len(created)}

    async def handler(pool: Any = Provides()) -> Any:  # noqa: B008 - Lilya's marker
        return pool

    app = Lilya(
        routes=[Path("/", handler, before_request=[arrive])],
        dependencies={"pool": Provide(connect, scope="app")},
    )
    limits = httpx.Limits(max_connections=BURST)
    try:
        with running_server(app) as base:
            async with httpx.AsyncClient(base_url=base, limits=limits, timeout=20) as client:
                responses: list[httpx.Response] = []

                async def one() -> None:
                    responses.append(await client.get("/"))

                async with anyio.create_task_group() as group:
                    for _ in range(BURST):
                        group.start_soon(one)
    finally:
        scope_manager.clear()
    assert everyone_arrived.is_set()
    assert created == [1]
    assert [(r.status_code, r.json()) for r in responses] == [(200, {"pool": 1})] * BURST
