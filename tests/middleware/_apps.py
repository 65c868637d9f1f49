"""Small ASGI apps shared by the middleware tests."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware as StarletteMiddleware
from starlette.requests import Request as StarletteRequest
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from lilya.responses import PlainText
from lilya.types import Message, Receive, Scope, Send
from tests import _asgi


async def echo_scope(scope: Scope, receive: Receive, send: Send) -> None:
    """Answers with the flags middleware leave in the scope."""
    flags = {k: scope.get(k) for k in ("host_is_trusted", "referrer_is_trusted")}
    await PlainText(repr(flags))(scope, receive, send)


def starlette_app(text: str = "home", *middleware: Any, **options: Any) -> Starlette:
    """A Starlette app; ``middleware`` are ``(cls, options)`` pairs added the Starlette way."""

    async def home(request: StarletteRequest) -> PlainTextResponse:
        return PlainTextResponse(text)

    async def fail(request: StarletteRequest) -> PlainTextResponse:
        raise options["error"]

    routes = [Route("/", home, methods=["GET", "POST"]), Route("/fail", fail)]
    stack = [StarletteMiddleware(cls, **kwargs) for cls, kwargs in middleware]
    return Starlette(routes=routes, middleware=stack)


class Recorder:
    """A ``send`` that keeps every message, and a ``receive`` that yields given messages."""

    def __init__(self, *incoming: Message) -> None:
        self.sent: list[Message] = []
        self.incoming = list(incoming) or [{"type": "http.request", "body": b""}]

    async def receive(self) -> Message:
        if self.incoming:
            return self.incoming.pop(0)
        return {"type": "http.disconnect"}

    async def send(self, message: Message) -> None:
        self.sent.append(message)

    @property
    def status(self) -> Any:
        return self.sent[0].get("status") or self.sent[0].get("code")

    def header(self, name: bytes) -> bytes | None:
        for key, value in self.sent[0].get("headers", ()):
            if key == name:
                return bytes(value)
        return None


def http_scope(path: str = "/", headers: list[tuple[bytes, bytes]] | None = None, **extra: Any) -> Scope:
    """A GET scope with exactly the given headers."""
    return _asgi.http_scope(path, headers=headers or [], **extra)
