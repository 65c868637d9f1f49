"""The app behind the ``stock`` directive: ``lilya --app examples.inventory.main:app run --directive stock``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from lilya.apps import Lilya
from lilya.requests import Request
from lilya.routing import Path


@asynccontextmanager
async def lifespan(app: Lilya) -> AsyncIterator[None]:
    app.state.stock = {"apples": 3, "pears": 5}  # a directive sees what startup prepared
    yield


async def stock(request: Request) -> dict[str, int]:
    items: dict[str, int] = request.app.state.stock
    return items


app = Lilya(routes=[Path("/stock", stock)], lifespan=lifespan)
