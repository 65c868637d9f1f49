"""A tiny pure-ASGI harness for request tests: runs ``handler(request)`` and renders
``HTTPException`` itself, so these tests depend on nothing outside lilya-core's request code."""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from lilya.exceptions import HTTPException
from lilya.requests import ClientDisconnect, Request
from lilya.responses import JSONResponse, PlainText, Response
from lilya.types import ASGIApp, Message, Receive, Scope, Send
from tests import _asgi

Handler = Callable[[Request], Awaitable[Any]]


def make_app(handler: Handler) -> ASGIApp:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive, send)
        try:
            result = await handler(request)
        except HTTPException as exc:
            response: Response = PlainText(str(exc.detail), status_code=exc.status_code or 500)
        except ClientDisconnect:
            return
        else:
            response = result if isinstance(result, Response) else JSONResponse(result)
        finally:
            await request.close()
        await response(scope, receive, send)

    return app


def http_scope(
    *,
    method: str = "POST",
    path: str = "/",
    headers: list[tuple[bytes, bytes]] | None = None,
    query_string: bytes = b"",
    **extra: Any,
) -> Scope:
    """A POST-by-default scope without a Host header (request tests send bodies)."""
    return _asgi.http_scope(path, method=method, headers=headers or [], query_string=query_string, **extra)


async def call_raw(app: ASGIApp, scope: Scope, messages: list[Message]) -> tuple[int, bytes, list[Message]]:
    """Drive ``app`` with hand-made ``receive`` messages; returns (status, body, sent)."""
    inbox = deque(messages)
    sent: list[Message] = []

    async def receive() -> Message:
        if inbox:
            return inbox.popleft()
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    await app(scope, receive, send)
    status = next((m["status"] for m in sent if m["type"] == "http.response.start"), 0)
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, body, sent


def receiver(body: bytes, chunk: int = 0) -> Receive:
    """A ``receive`` that hands out ``body_messages(body, chunk)``, then ``http.disconnect``."""
    messages = body_messages(body, chunk)

    async def receive() -> Message:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    return receive


def body_messages(body: bytes, chunk: int = 0) -> list[Message]:
    """``body`` as one message, or as ``chunk``-byte pieces with ``more_body``."""
    if not chunk:
        return [{"type": "http.request", "body": body, "more_body": False}]
    parts = [body[i : i + chunk] for i in range(0, len(body), chunk)] or [b""]
    msgs: list[Message] = [{"type": "http.request", "body": p, "more_body": True} for p in parts]
    msgs.append({"type": "http.request", "body": b"", "more_body": False})
    return msgs
