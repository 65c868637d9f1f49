"""``X-Frame-Options`` on every HTTP response that does not set its own.

The value comes from ``settings.x_frame_options`` (default ``DENY``), read once when the
middleware is built.
"""

from __future__ import annotations

from lilya.conf import settings
from lilya.datastructures import Header
from lilya.middleware._headers import add_missing_headers
from lilya.protocols.middleware import MiddlewareProtocol
from lilya.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["Header", "MiddlewareProtocol", "XFrameOptionsMiddleware", "settings"]


class XFrameOptionsMiddleware(MiddlewareProtocol[...]):
    """Protect pages from being framed by other sites (clickjacking)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._defaults = ((b"x-frame-options", self.get_xframe_options().encode("latin-1")),)

    def get_xframe_options(self) -> str:
        value = getattr(settings, "x_frame_options", None)
        return value.upper() if isinstance(value, str) and value else "DENY"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_wrapper(message: Message) -> None:
            await self.process_response(send, scope, message)

        await self.app(scope, receive, send_wrapper)

    async def process_response(self, send: Send, scope: Scope, message: Message) -> None:
        if message["type"] == "http.response.start":
            add_missing_headers(message, self._defaults)
        await send(message)
