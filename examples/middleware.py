"""A middleware: a pure ASGI class that edits the response by wrapping ``send``.

``ServerTiming`` adds a ``server-timing`` header with the time spent in the app.
"""

from __future__ import annotations

import time

from lilya.apps import Lilya
from lilya.middleware import DefineMiddleware
from lilya.routing import Path
from lilya.types import ASGIApp, Message, Receive, Scope, Send


class ServerTiming:
    def __init__(self, app: ASGIApp, metric: str = "app") -> None:
        self.app = app
        self.metric = metric

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()

        async def timed_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                elapsed = (time.perf_counter() - start) * 1000
                header = f"{self.metric};dur={elapsed:.2f}".encode("latin-1")
                message["headers"] = [*message.get("headers", []), (b"server-timing", header)]
            await send(message)

        await self.app(scope, receive, timed_send)


async def hello() -> dict[str, str]:
    return {"hello": "world"}


app = Lilya(routes=[Path("/", hello)], middleware=[DefineMiddleware(ServerTiming, metric="lilya")])
