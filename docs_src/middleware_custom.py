import uuid

from lilya.apps import Lilya
from lilya.middleware import DefineMiddleware
from lilya.responses import PlainText
from lilya.routing import Path
from lilya.types import ASGIApp, Message, Receive, Scope, Send


class RequestID:
    """Pure ASGI: built once; tags each response with the caller's request id (or a new one)."""

    def __init__(self, app: ASGIApp, header: str = "x-request-id") -> None:
        self.app = app
        self.header = header.encode("latin-1")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(self.header)
        request_id = given if given and len(given) <= 64 else uuid.uuid4().hex.encode("latin-1")

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), (self.header, request_id)]
            await send(message)

        await self.app(scope, receive, send_with_id)


async def hello() -> PlainText:
    return PlainText("hello")


app = Lilya(routes=[Path("/", hello)], middleware=[DefineMiddleware(RequestID)])
