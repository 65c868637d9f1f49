"""A permission: a pure ASGI class that lets a request through or raises ``PermissionDenied``.

Here an ``x-api-key`` header guards the ``/admin`` group; everything else stays public.
"""

from __future__ import annotations

from lilya.apps import Lilya
from lilya.exceptions import PermissionDenied
from lilya.permissions import DefinePermission
from lilya.routing import Include, Path
from lilya.types import ASGIApp, Receive, Scope, Send


class RequireApiKey:
    """Allows requests carrying the configured key; built once, when the app starts."""

    def __init__(self, app: ASGIApp, key: str) -> None:
        self.app = app
        self.key = key.encode("latin-1")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            supplied = dict(scope.get("headers", ())).get(b"x-api-key")
            if supplied != self.key:
                raise PermissionDenied()
        await self.app(scope, receive, send)


async def public() -> dict[str, str]:
    return {"page": "public"}


async def dashboard() -> dict[str, str]:
    return {"page": "admin"}


app = Lilya(
    routes=[
        Path("/", public),
        Include(
            "/admin",
            routes=[Path("/", dashboard)],
            permissions=[DefinePermission(RequireApiKey, key="letmein")],
        ),
    ]
)
