import time

from lilya.apps import Lilya
from lilya.middleware import DefineMiddleware
from lilya.responses import PlainText
from lilya.routing import Path
from lilya.types import ASGIApp, Message, Receive, Scope, Send


class ServerTiming:
    """Pure ASGI: built once; edits the response by wrapping ``send``."""

    def __init__(self, app: ASGIApp, metric: str = "app") -> None:
        self.app = app
        self.metric = metric

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()

        async def send_with_timing(message: Message) -> None:
            if message["type"] == "http.response.start":
                elapsed = (time.perf_counter() - started) * 1000
                header = f"{self.metric};dur={elapsed:.2f}".encode("latin-1")
                message["headers"] = [*message.get("headers", ()), (b"server-timing", header)]
            await send(message)

        await self.app(scope, receive, send_with_timing)


async def hello() -> PlainText:
    return PlainText("hello")


app = Lilya(routes=[Path("/", hello)], middleware=[DefineMiddleware(ServerTiming, metric="total")])
