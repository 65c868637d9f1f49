"""Lifespan with state: open resources at startup, hand them to requests, close at shutdown.

The mapping the ``lifespan`` context yields becomes ``request.state`` in every request.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from lilya.apps import Lilya
from lilya.requests import Request
from lilya.routing import Path


class Pool:
    """Stands in for a database pool."""

    def __init__(self) -> None:
        self.open = False
        self.queries = 0

    async def fetch(self) -> int:
        self.queries += 1
        return self.queries


@asynccontextmanager
async def lifespan(app: Lilya) -> AsyncIterator[dict[str, Any]]:
    pool = Pool()
    pool.open = True
    yield {"pool": pool}
    pool.open = False


async def count(request: Request) -> dict[str, Any]:
    pool: Pool = request.state.pool
    return {"open": pool.open, "query": await pool.fetch()}


app = Lilya(routes=[Path("/count", count)], lifespan=lifespan)
