"""GZip response compression as a pure ASGI middleware.

A complete body (the common case) is compressed in a single compress-and-finish; a streamed body
goes through one compressor with a sync flush per chunk. Responses that are already encoded,
partial (206 / ``Content-Range``), server-sent events, or smaller than ``minimum_size`` pass
through untouched. ``Accept-Encoding`` is parsed token by token (linear in its length) and the
verdict is memoised for the few distinct values real clients send.
"""

from __future__ import annotations

import zlib
from typing import Any, NoReturn

from lilya.datastructures import Header
from lilya.protocols.middleware import MiddlewareProtocol
from lilya.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["GZipMiddleware", "GZipResponder", "Header", "MiddlewareProtocol", "accepts_gzip"]

_GZIP_WBITS = 31  # zlib container = gzip header + trailer
_MEMO_LIMIT = 256
_ACCEPT_ENCODING = b"accept-encoding"
_SKIP_CONTENT_TYPES = (b"text/event-stream",)


def accepts_gzip(value: str) -> bool:
    """True when ``gzip`` (or ``*``) is listed with a non-zero quality."""
    for part in value.split(","):
        coding, _, params = part.partition(";")
        coding = coding.strip().lower()
        if coding != "gzip" and coding != "*":
            continue
        quality = params.strip().lower()
        if quality.startswith("q="):
            try:
                return float(quality[2:]) > 0
            except ValueError:
                return False
        return True
    return False


class GZipResponder:
    """Per-request state: holds the start message until the first body chunk decides."""

    __slots__ = ("app", "minimum_size", "compresslevel", "send", "initial_message", "started", "compressor")

    def __init__(self, app: ASGIApp, minimum_size: int, compresslevel: int = 9) -> None:
        self.app = app
        self.minimum_size = minimum_size
        self.compresslevel = compresslevel
        self.send: Send = self.unattached_send
        self.initial_message: Message = {}
        self.started = False
        self.compressor: Any = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.send = send
        await self.app(scope, receive, self.send_with_gzip)

    async def send_with_gzip(self, message: Message) -> None:
        message_type = message["type"]
        if message_type == "http.response.start":
            await self.handle_message_start(message)
        elif message_type == "http.response.body":
            await self.handle_body(message)
        else:
            # Another way of sending the body (e.g. ``http.response.pathsend``): never compressed,
            # but the held start message must go out first.
            if not self.started and self.initial_message:
                self.started = True
                await self.send(self.initial_message)
            await self.send(message)

    async def handle_message_start(self, message: Message) -> None:
        """Hold the start message: the first body chunk decides whether to compress."""
        self.initial_message = message

    async def handle_body(self, message: Message) -> None:
        if self.started:
            if self.compressor is None:
                await self.send(message)
            else:
                await self.handle_response_body_with_encoding(message)
            return
        self.started = True
        if self._passes_through(message):
            await self.handle_response_body_without_encoding(message)
            return
        body = message.get("body", b"")
        if message.get("more_body", False):
            await self.handle_streaming_gzip_response(body, message)
        else:
            await self.handle_standard_gzip_response(body, message)

    def _passes_through(self, message: Message) -> bool:
        start = self.initial_message
        if start.get("status") == 206:
            return True
        for key, value in start.get("headers", ()):
            lower = key.lower()
            if lower == b"content-encoding" or lower == b"content-range":
                return True
            if lower == b"content-type" and value.lower().startswith(_SKIP_CONTENT_TYPES):
                return True
        return not message.get("more_body", False) and len(message.get("body", b"")) < self.minimum_size

    async def handle_response_body_without_encoding(self, message: Message) -> None:
        await self.send(self.initial_message)
        await self.send(message)

    async def handle_standard_gzip_response(self, body: bytes, message: Message) -> None:
        compressor = zlib.compressobj(self.compresslevel, zlib.DEFLATED, _GZIP_WBITS)
        compressed = compressor.compress(body) + compressor.flush()
        self._rewrite_headers(str(len(compressed)).encode("latin-1"))
        message["body"] = compressed
        await self.send(self.initial_message)
        await self.send(message)

    async def handle_streaming_gzip_response(self, body: bytes, message: Message) -> None:
        self.compressor = zlib.compressobj(self.compresslevel, zlib.DEFLATED, _GZIP_WBITS)
        self._rewrite_headers(None)
        await self.send(self.initial_message)
        await self.handle_response_body_with_encoding(message)

    async def handle_response_body_with_encoding(self, message: Message) -> None:
        compressor = self.compressor
        body = compressor.compress(message.get("body", b""))
        if message.get("more_body", False):
            body += compressor.flush(zlib.Z_SYNC_FLUSH)
        else:
            body += compressor.flush(zlib.Z_FINISH)
        message["body"] = body
        await self.send(message)

    def _rewrite_headers(self, content_length: bytes | None) -> None:
        headers: list[tuple[bytes, bytes]] = []
        vary: bytes | None = None
        for key, value in self.initial_message.get("headers", ()):
            lower = key.lower()
            if lower == b"content-length":
                continue
            if lower == b"vary":
                vary = value
                continue
            headers.append((key, value))
        headers.append((b"content-encoding", b"gzip"))
        if content_length is not None:
            headers.append((b"content-length", content_length))
        if vary is None:
            vary = b"Accept-Encoding"
        elif b"accept-encoding" not in vary.lower():
            vary += b", Accept-Encoding"
        headers.append((b"vary", vary))
        self.initial_message["headers"] = headers

    async def unattached_send(self, message: Message) -> NoReturn:
        raise RuntimeError("GZipResponder.send was called before the responder was attached to a request.")


class GZipMiddleware(MiddlewareProtocol[...]):
    """Compress responses for clients that accept gzip."""

    def __init__(self, app: ASGIApp, minimum_size: int = 500, compresslevel: int = 9) -> None:
        if not 0 <= compresslevel <= 9:
            raise ValueError("compresslevel must be between 0 and 9.")
        self.app = app
        self.minimum_size = minimum_size
        self.compresslevel = compresslevel
        self._memo: dict[bytes, bool] = {}

    def _accepts(self, value: bytes) -> bool:
        memo = self._memo
        verdict = memo.get(value)
        if verdict is None:
            verdict = accepts_gzip(value.decode("latin-1"))
            if len(memo) >= _MEMO_LIMIT:
                memo.clear()
            if len(value) <= 256:
                memo[value] = verdict
        return verdict

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            for key, value in scope["headers"]:
                if key == _ACCEPT_ENCODING:
                    if self._accepts(value):
                        responder = GZipResponder(self.app, self.minimum_size, self.compresslevel)
                        await responder(scope, receive, send)
                        return
                    break
        await self.app(scope, receive, send)

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}(app={self.app!r}, minimum_size={self.minimum_size})"
