"""Helpers for the HTTP-output tests: raw ASGI drivers and app wrappers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import anyio

from lilya._internal._exception_handlers import default_handlers, wrap_app_handling_exceptions
from lilya.types import ASGIApp, Message, Receive, Scope, Send
from tests import _asgi


def http_scope(
    path: str = "/", method: str = "GET", headers: Sequence[tuple[bytes, bytes]] = (), **extra: Any
) -> Scope:
    """A GET-by-default scope that carries a Host header, as the output tests expect."""
    return _asgi.http_scope(path, method=method, headers=[(b"host", b"testserver"), *headers], **extra)


async def run_raw(
    app: ASGIApp | Callable[[Scope, Receive, Send], Awaitable[None]],
    scope: Scope | None = None,
    receive: Receive | None = None,
) -> list[Message]:
    """Run ``app`` once and return every message it sent."""
    sent: list[Message] = []
    requested = False

    async def default_receive() -> Message:
        # like a server: the (empty) request body once, then nothing until the client leaves
        nonlocal requested
        if requested:
            await anyio.sleep_forever()
        requested = True
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    await app(scope if scope is not None else http_scope(), receive or default_receive, send)
    return sent


def body_of(messages: list[Message]) -> bytes:
    return b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")


def with_error_handling(app: ASGIApp) -> ASGIApp:
    """Render HTTPExceptions like a Lilya app does (core exception boundary)."""
    return wrap_app_handling_exceptions(app, default_handlers())


def as_app(make: Callable[[Scope], Any]) -> ASGIApp:
    """An ASGI app sending the response ``make(scope)`` builds."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        response = make(scope)
        await response(scope, receive, send)

    return app
