"""Middleware that act on connections only: other scope types reach the app untouched."""

from __future__ import annotations

import pytest

from lilya.authentication import AuthResult
from lilya.middleware.authentication import BaseAuthMiddleware
from lilya.middleware.session_context import SessionContextMiddleware
from lilya.middleware.session_fixing import SessionFixingMiddleware
from lilya.requests import Connection
from lilya.types import Message, Receive, Scope, Send


class _Refuses(BaseAuthMiddleware):
    async def authenticate(self, conn: Connection, **kwargs: object) -> AuthResult | None:
        raise AssertionError("only HTTP and WebSocket connections are authenticated")


async def _receive() -> Message:
    raise AssertionError("nothing is read")


async def _send(message: Message) -> None:
    raise AssertionError("nothing is sent")


@pytest.mark.anyio
async def test_scopes_outside_scopes_go_straight_to_the_app() -> None:
    seen: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(scope["type"])

    for middleware in (_Refuses(app), SessionContextMiddleware(app), SessionFixingMiddleware(app)):
        assert middleware.scopes == {"http", "websocket"}
        await middleware({"type": "lifespan"}, _receive, _send)
    # ``scopes`` is per instance, as in Lilya 0.29: narrowing it lets HTTP through unsessioned.
    narrowed = SessionContextMiddleware(app)
    narrowed.scopes = {"websocket"}
    await narrowed({"type": "http", "headers": []}, _receive, _send)
    assert seen == ["lifespan", "lifespan", "lifespan", "http"]
