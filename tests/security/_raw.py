"""Raw ASGI driving for the security tests: hand-made scopes and messages, no httpx in between."""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from lilya.types import ASGIApp, Message

Headers = Sequence[tuple[bytes, bytes]]


def http_scope(
    path: str = "/",
    *,
    method: str = "GET",
    headers: Headers = (),
    query_string: bytes = b"",
    raw_path: bytes | None = None,
    scheme: str = "http",
    server: tuple[str, int] | None = ("testserver", 80),
    **extra: Any,
) -> dict[str, Any]:
    """An HTTP scope as a server would build it (headers are given verbatim, nothing is added)."""
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": method,
        "scheme": scheme,
        "path": path,
        "raw_path": raw_path if raw_path is not None else path.encode("latin-1", "replace"),
        "root_path": "",
        "query_string": query_string,
        "headers": list(headers),
        "client": ("127.0.0.1", 50000),
        "server": server,
    }
    scope.update(extra)
    return scope


def ws_scope(
    path: str = "/", *, headers: Headers = (), subprotocols: Sequence[str] = (), **extra: Any
) -> dict[str, Any]:
    scope: dict[str, Any] = {
        "type": "websocket",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "scheme": "ws",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": list(headers) or [(b"host", b"testserver")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "subprotocols": list(subprotocols),
    }
    scope.update(extra)
    return scope


@dataclass
class Exchange:
    """What the app sent back for one request."""

    messages: list[Message] = field(default_factory=list)
    received: int = 0  # how many client messages the app consumed
    error: BaseException | None = None  # what the app re-raised to the server (after answering)

    @property
    def start(self) -> Message:
        starts = [m for m in self.messages if m["type"] == "http.response.start"]
        assert len(starts) == 1, f"expected exactly one response start, got {self.messages!r}"
        return starts[0]

    @property
    def status(self) -> int:
        status: int = self.start["status"]
        return status

    @property
    def headers(self) -> dict[str, str]:
        return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in self.start.get("headers", [])}

    def header_list(self, name: str) -> list[str]:
        key = name.lower().encode()
        return [v.decode("latin-1") for k, v in self.start.get("headers", []) if k.lower() == key]

    @property
    def body(self) -> bytes:
        return b"".join(m.get("body", b"") for m in self.messages if m["type"] == "http.response.body")

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def complete(self) -> bool:
        bodies = [m for m in self.messages if m["type"] == "http.response.body"]
        return bool(bodies) and not bodies[-1].get("more_body", False)


def body_messages(body: bytes = b"", *, chunk: int | None = None) -> list[Message]:
    """The request body as ``http.request`` messages (``chunk`` bytes each; one message if None)."""
    if chunk is None or not body:
        return [{"type": "http.request", "body": body, "more_body": False}]
    pieces = [body[i : i + chunk] for i in range(0, len(body), chunk)]
    messages: list[Message] = [{"type": "http.request", "body": p, "more_body": True} for p in pieces]
    messages.append({"type": "http.request", "body": b"", "more_body": False})
    return messages


async def call(
    app: ASGIApp,
    scope: dict[str, Any],
    messages: Iterable[Message] | None = None,
    *,
    then_disconnect: bool = True,
) -> Exchange:
    """Run one HTTP request through ``app`` with scripted client messages.

    After the scripted messages the client answers ``http.disconnect`` (a server does the same
    once the response is sent), so an app that keeps reading never hangs the test.
    """
    pending = deque(messages if messages is not None else body_messages())
    exchange = Exchange()

    async def receive() -> Message:
        exchange.received += 1
        if pending:
            return pending.popleft()
        assert then_disconnect, "the app read past the end of the request"
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        exchange.messages.append(message)

    try:
        await app(scope, receive, send)
    except Exception as exc:  # the server's job: log it; the test looks at what was sent first
        exchange.error = exc
    return exchange


@dataclass
class WSExchange:
    sent: list[Message] = field(default_factory=list)

    @property
    def close(self) -> Message | None:
        closes = [m for m in self.sent if m["type"] == "websocket.close"]
        return closes[-1] if closes else None


async def ws_call(app: ASGIApp, scope: dict[str, Any], messages: Iterable[Message]) -> WSExchange:
    """Run one WebSocket session; after the script the client disconnects (code 1006)."""
    pending = deque(messages)
    exchange = WSExchange()

    async def receive() -> Message:
        if pending:
            return pending.popleft()
        return {"type": "websocket.disconnect", "code": 1006}

    async def send(message: Message) -> None:
        exchange.sent.append(message)

    await app(scope, receive, send)
    return exchange
