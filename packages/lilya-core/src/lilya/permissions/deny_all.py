"""``DenyAll``: refuse every request (401 Not Authorized, as Lilya does)."""

from __future__ import annotations

from typing import Any

from lilya.exceptions import NotAuthorized
from lilya.protocols.permissions import PermissionProtocol
from lilya.types import ASGIApp, Receive, Scope, Send

__all__ = ["DenyAll", "NotAuthorized", "PermissionProtocol"]


class DenyAll(PermissionProtocol[...]):
    """Blocks everything behind it; handy to close a route or an Include."""

    def __init__(self, app: ASGIApp, *args: Any, **kwargs: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotAuthorized()
