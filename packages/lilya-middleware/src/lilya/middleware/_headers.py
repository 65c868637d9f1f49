"""Adding default response headers by wrapping ``send``: the app's own values always win."""

from __future__ import annotations

from collections.abc import Sequence

from lilya.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["DefaultHeadersMixin", "add_missing_headers"]


def add_missing_headers(message: Message, defaults: Sequence[tuple[bytes, bytes]]) -> None:
    """Append each default header whose name the start ``message`` does not already carry."""
    headers = list(message.get("headers", ()))
    present = {key.lower() for key, _ in headers}
    headers.extend(pair for pair in defaults if pair[0] not in present)
    message["headers"] = headers


class DefaultHeadersMixin:
    """``__call__`` for middleware whose whole job is adding ``self._defaults`` to HTTP responses."""

    app: ASGIApp
    _defaults: Sequence[tuple[bytes, bytes]]

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
