"""The shape shared by the two exception boundaries (``ServerErrorMiddleware``, ``LilyaExceptionMiddleware``).

Non-HTTP scopes pass straight through; an exception the app raises while serving HTTP goes to
``on_error`` with whether the response had already started. The success path is the same code
either boundary would run on its own: nothing extra per request.
"""

from __future__ import annotations

from lilya.exception_handling import StartTracker
from lilya.protocols.middleware import MiddlewareProtocol
from lilya.types import ASGIApp, Receive, Scope, Send

__all__ = ["ExceptionBoundary"]


class ExceptionBoundary(MiddlewareProtocol[...]):
    app: ASGIApp

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        tracker = StartTracker(send)
        try:
            await self.app(scope, receive, tracker)
        except Exception as exc:
            if not await self.on_error(exc, scope, receive, send, tracker.started):
                raise

    async def on_error(self, exc: Exception, scope: Scope, receive: Receive, send: Send, started: bool) -> bool:
        """Answer the error; True when it is dealt with, False to re-raise it."""
        raise NotImplementedError  # pragma: no cover - each boundary answers its own way
