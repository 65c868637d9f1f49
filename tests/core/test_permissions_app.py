"""Permissions at app, Include and Path level in a real app: after middleware, before the handler."""

from __future__ import annotations

from typing import Any

from lilya.apps import Lilya
from lilya.exceptions import PermissionDenied
from lilya.middleware.base import DefineMiddleware
from lilya.permissions import DefinePermission
from lilya.protocols.permissions import PermissionProtocol
from lilya.routing import Include, Path
from lilya.types import ASGIApp, Receive, Scope, Send
from tests.conftest import TestClientFactory

order: list[str] = []


class Blocks(PermissionProtocol):
    """Denies paths containing ``word``."""

    def __init__(self, app: ASGIApp, word: str) -> None:
        self.word = word

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        order.append(f"permission {self.word}")
        if self.word in scope["path"]:
            raise PermissionDenied()
        await self.app(scope, receive, send)


class Marks:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            order.append("middleware")
        await self.app(scope, receive, send)


async def ok() -> Any:
    order.append("handler")
    return "ok"


def test_levels_and_order(test_client_factory: TestClientFactory) -> None:
    app = Lilya(
        routes=[
            Path("/open", ok),
            Path("/path-secret", ok, permissions=[DefinePermission(Blocks, "secret")]),
            Include(
                "/inc",
                routes=[Path("/x", ok), Path("/private", ok)],
                permissions=[DefinePermission(Blocks, "private")],
            ),
            Path("/closed", ok, permissions=[DefinePermission("lilya.permissions.deny_all.DenyAll")]),
        ],
        middleware=[DefineMiddleware(Marks)],
        permissions=[DefinePermission(Blocks, "forbidden")],
    )
    client = test_client_factory(app)
    order.clear()
    assert client.get("/open").json() == "ok"
    assert order == ["middleware", "permission forbidden", "handler"]
    assert client.get("/forbidden").status_code == 403  # app level, even without a route
    assert client.get("/path-secret").status_code == 403
    assert client.get("/inc/x").json() == "ok"
    assert client.get("/inc/private").status_code == 403
    closed = client.get("/closed")
    assert (closed.status_code, closed.text) == (401, "Not Authorized.")
