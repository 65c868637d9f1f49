"""The HTTP request: headers, query, body, JSON."""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator
from typing import Any

from lilya._internal._connection import Connection
from lilya.types import Message, Receive, Scope, Send

__all__ = ["ClientDisconnect", "Connection", "Request"]


class ClientDisconnect(Exception):
    """The client went away before the request body was read."""


async def empty_receive() -> Message:
    raise RuntimeError("Receive channel has not been made available")


async def empty_send(message: Message) -> None:
    raise RuntimeError("Send channel has not been made available")


class Request(Connection):
    def __init__(self, scope: Scope, receive: Receive = empty_receive, send: Send = empty_send) -> None:
        assert scope["type"] == "http", "Request needs an http scope"
        super().__init__(scope)
        self._receive = receive
        self._send = send
        self._stream_consumed = False
        self._body: bytes | None = None
        self._json: Any = None

    @property
    def method(self) -> str:
        method: str = self.scope["method"]
        return method

    @property
    def receive(self) -> Receive:
        return self._receive

    async def stream(self) -> AsyncGenerator[bytes, None]:
        if self._body is not None:
            yield self._body
            yield b""
            return
        if self._stream_consumed:
            raise RuntimeError("Stream consumed")
        self._stream_consumed = True
        while True:
            message = await self._receive()
            if message["type"] == "http.request":
                body = message.get("body", b"")
                if body:
                    yield body
                if not message.get("more_body", False):
                    break
            elif message["type"] == "http.disconnect":
                raise ClientDisconnect()
        yield b""

    async def body(self) -> bytes:
        if self._body is None:
            chunks = bytearray()
            async for chunk in self.stream():
                chunks += chunk
            self._body = bytes(chunks)
        return self._body

    async def json(self) -> Any:
        if self._json is None:
            body = await self.body()
            if not body:
                return None
            self._json = json.loads(body)
        return self._json
