from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from lilya.apps import Lilya
from lilya.requests import Request
from lilya.routing import Path


class Database:
    def __init__(self) -> None:
        self.connected = False

    async def connect(self) -> None:
        self.connected = True

    async def disconnect(self) -> None:
        self.connected = False


@asynccontextmanager
async def lifespan(app: Lilya) -> AsyncIterator[dict[str, Any]]:
    database = Database()
    await database.connect()
    yield {"database": database}  # becomes request.state for every request
    await database.disconnect()


async def status(request: Request) -> dict[str, bool]:
    return {"connected": request.state.database.connected}


app = Lilya(routes=[Path("/status", status)], lifespan=lifespan)
