"""Backend-neutral pieces of a test request: building the scope and running one HTTP exchange.

Both transports (sync through a blocking portal, async in the caller's loop) call `run_http` inside
the event loop, so the ASGI behaviour is identical whichever client a test uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import anyio
import httpx

from lilya.testclient.exceptions import ASGISpecViolation
from lilya.types import ASGIApp, Message, Scope

__all__ = ["AUTH_USER_KEY", "ExchangeResult", "ScopeBuilder", "run_http"]

#: Key under which `authenticate()` keeps the user in the client's app state.
AUTH_USER_KEY = "__lilya_testclient_authenticated_user__"

_DEFAULT_PORTS = {"http": 80, "ws": 80, "https": 443, "wss": 443}
_BYTES_TYPES = (bytes, bytearray, memoryview)


class ScopeBuilder:
    """Turns an httpx request into an ASGI scope; one per client, configured once."""

    def __init__(self, root_path: str, app_state: dict[str, Any]) -> None:
        self.root_path = root_path
        self.app_state = app_state

    def build(self, request: httpx.Request, scope_type: str) -> Scope:
        url = request.url
        default_port = _DEFAULT_PORTS.get(url.scheme, 80)
        port = url.port or default_port
        headers: list[tuple[bytes, bytes]] = []
        if "host" not in request.headers:
            host = url.raw_host if port == default_port else b"%s:%d" % (url.raw_host, port)
            headers.append((b"host", host))
        headers.extend((key.lower(), value) for key, value in request.headers.raw)
        scope: Scope = {
            "type": scope_type,
            "asgi": {"version": "3.0", "spec_version": "2.4"},
            "http_version": "1.1",
            "scheme": url.scheme,
            "path": url.path,
            "raw_path": url.raw_path.split(b"?", 1)[0],
            "root_path": self.root_path,
            "query_string": url.query,
            "headers": headers,
            "client": ("testclient", 50000),
            "server": (url.host, port),
            "state": self.app_state.copy(),
        }
        if scope_type == "http":
            scope["method"] = request.method
            scope["extensions"] = {"http.response.debug": {}}
        else:
            protocols = request.headers.get("sec-websocket-protocol")
            scope["subprotocols"] = [p.strip() for p in protocols.split(",")] if protocols else []
            scope["extensions"] = {"websocket.http.response": {}}
        user = self.app_state.get(AUTH_USER_KEY)
        if user is not None:
            scope["user"] = user
            scope["state"].setdefault("user", user)
        scope["state"].pop(AUTH_USER_KEY, None)
        return scope


class ExchangeResult:
    """What the app answered: status, headers, body and the template debug info if any."""

    def __init__(self) -> None:
        self.status_code: int | None = None
        self.headers: list[tuple[bytes, bytes]] = []
        self.body = bytearray()
        self.template: Any = None
        self.context: Any = None
        self.error: BaseException | None = None

    def to_response(self, request: httpx.Request, check_conformance: bool) -> httpx.Response:
        if check_conformance:
            _check_headers(self.headers)
        # A stream, not content=: httpx would invent a content-length the app never sent.
        response = httpx.Response(
            self.status_code or 500, headers=self.headers, stream=httpx.ByteStream(bytes(self.body)), request=request
        )
        if self.template is not None:
            response.template = self.template  # type: ignore[attr-defined]
            response.context = self.context  # type: ignore[attr-defined]
        return response


def _check_headers(headers: Sequence[tuple[Any, Any]]) -> None:
    for key, value in headers:
        if not isinstance(key, bytes) or not isinstance(value, bytes):
            raise ASGISpecViolation(f"Response header {key!r}: {value!r} must be a pair of bytes strings.")
        if b"\n" in key or b"\r" in key or b"\n" in value or b"\r" in value:
            raise ASGISpecViolation(f"Response header {key!r}: {value!r} contains a line break.")


async def run_http(
    app: ASGIApp,
    scope: Scope,
    request: httpx.Request,
    body_chunks: Sequence[bytes],
    *,
    check_conformance: bool,
) -> ExchangeResult:
    """Run one HTTP request through `app`; the app's exception is kept in ``result.error``."""
    result = ExchangeResult()
    response_complete = anyio.Event()
    pending = list(body_chunks) or [b""]
    is_head = request.method == "HEAD"

    async def receive() -> Message:
        if pending:
            chunk = pending.pop(0)
            return {"type": "http.request", "body": chunk, "more_body": bool(pending)}
        await response_complete.wait()
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        message_type = message["type"]
        if message_type == "http.response.start":
            if result.status_code is not None:
                raise ASGISpecViolation('Received multiple "http.response.start" messages.')
            result.status_code = message["status"]
            result.headers = list(message.get("headers", []))
        elif message_type == "http.response.body":
            if result.status_code is None:
                raise ASGISpecViolation('Received "http.response.body" without "http.response.start".')
            if response_complete.is_set():
                raise ASGISpecViolation('Received "http.response.body" after the response completed.')
            body = message.get("body", b"")
            if not isinstance(body, _BYTES_TYPES):
                if check_conformance:
                    raise ASGISpecViolation(f"Response body must be a bytes string, got {type(body).__name__}.")
                body = str(body).encode("utf-8")
            if not is_head:
                result.body += body
            if not message.get("more_body", False):
                response_complete.set()
        elif message_type == "http.response.debug":
            info = message.get("info", {})
            result.template, result.context = info.get("template"), info.get("context")

    try:
        await app(scope, receive, send)
    except Exception as exc:  # handed to the client thread, which decides whether to raise it
        result.error = exc
    finally:
        response_complete.set()
    return result
