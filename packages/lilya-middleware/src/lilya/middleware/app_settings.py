"""Deprecated pass-through kept for API compatibility (Lilya 0.29 deprecated it too)."""

from __future__ import annotations

import warnings

from lilya.protocols.middleware import MiddlewareProtocol
from lilya.types import ASGIApp, Receive, Scope, Send

__all__ = ["ApplicationSettingsMiddleware", "MiddlewareProtocol"]


class ApplicationSettingsMiddleware(MiddlewareProtocol[...]):
    """Does nothing: settings are resolved once when the app is built."""

    def __init__(self, app: ASGIApp) -> None:
        warnings.warn(
            "ApplicationSettingsMiddleware is deprecated and does nothing; remove it from your middleware.",
            DeprecationWarning,
            stacklevel=2,
        )
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)
