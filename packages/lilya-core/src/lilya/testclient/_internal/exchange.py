"""Backend-neutral pieces of a test request: building the scope and running one HTTP exchange.

Both transports (sync through a blocking portal, async in the caller's loop) call `run_http` inside
the event loop, so the ASGI behaviour is identical whichever client a test uses.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import anyio
import anyio.abc
import httpx

from lilya.exception_handling import UNINTERCEPTED_EXTENSION
from lilya.testclient.exceptions import ASGISpecViolation
from lilya.types import ASGIApp, Message, Scope

__all__ = ["AUTH_USER_KEY", "CLOSE_GRACE_SECONDS", "ClientDisconnected", "HTTPExchange", "ScopeBuilder"]

#: Key under which `authenticate()` keeps the user in the client's app state.
AUTH_USER_KEY = "__lilya_testclient_authenticated_user__"

#: How long an app may run on after the test stopped reading (a response or a WebSocket) before
#: it is cancelled.
CLOSE_GRACE_SECONDS = 0.5

_DEFAULT_PORTS = {"http": 80, "ws": 80, "https": 443, "wss": 443}
_BYTES_TYPES = (bytes, bytearray, memoryview)


class ClientDisconnected(OSError):
    """Raised by ``send`` once the test stopped listening, as ASGI servers do (an OSError)."""


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
            # Also see what the app answered only at its outer boundary (its middleware's
            # HTTPExceptions), as Lilya 0.29's TestClient did.
            scope["extensions"] = {"http.response.debug": {}, UNINTERCEPTED_EXTENSION: {}}
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


class HTTPExchange:
    """One HTTP request through the app; every coroutine method runs inside the event loop.

    Buffered (``await exchange.run()``) collects the body. Streaming: ``start_task(run)`` returns
    once the app returned (``finished_early``: the whole body is in ``body``) or sent a body chunk
    with ``more_body``; then `read_body` hands out the chunks sent so far and `finish` disconnects a
    consumer that stops early, so a test can read part of an endless stream. The app's exception
    is kept in ``error``.
    """

    def __init__(
        self, app: ASGIApp, scope: Scope, request: httpx.Request, body_chunks: Sequence[bytes], *, streaming: bool
    ) -> None:
        self.app = app
        self.scope = scope
        self.request = request
        self.streaming = streaming
        self.status_code: int | None = None
        self.headers: list[tuple[bytes, bytes]] = []
        self.body = bytearray()
        self.template: Any = None
        self.context: Any = None
        self.error: BaseException | None = None
        self.violation: ASGISpecViolation | None = None
        self.client_gone = False
        #: True when the app returned before any body chunk announced more to come: the body is
        #: complete in ``body`` and nothing needs streaming.
        self.finished_early = False
        self._pending = list(body_chunks) or [b""]
        self._is_head = request.method == "HEAD"

    async def run(self, *, task_status: anyio.abc.TaskStatus[None] = anyio.TASK_STATUS_IGNORED) -> None:
        self._response_complete = anyio.Event()
        self._done = anyio.Event()
        self._cancel_scope = anyio.CancelScope()
        self._chunks_in, self._chunks_out = anyio.create_memory_object_stream[bytes](math.inf)
        self._task_status: anyio.abc.TaskStatus[None] | None = task_status
        try:
            with self._cancel_scope:
                await self.app(self.scope, self._receive, self._send)
        except Exception as exc:  # handed to the test, which decides whether to raise it
            self.error = exc
        except anyio.get_cancelled_exc_class():
            self._chunks_out.close()  # the client context ended under an unread response
            raise
        finally:
            self._response_complete.set()
            self._chunks_in.close()
            self._done.set()
            if self._task_status is not None or not self.streaming:
                # Never streamed: hand the whole body over with the start (one round trip).
                self.finished_early = True
                self._collect_body()
                self._signal_started()

    async def _receive(self) -> Message:
        if self._pending:
            chunk = self._pending.pop(0)
            return {"type": "http.request", "body": chunk, "more_body": bool(self._pending)}
        if not self._response_complete.is_set():  # no checkpoint once complete: polls see it at once
            await self._response_complete.wait()
        return {"type": "http.disconnect"}

    async def _send(self, message: Message) -> None:
        message_type = message["type"]
        if message_type == "http.response.start":
            if self.status_code is not None:
                raise ASGISpecViolation('Received multiple "http.response.start" messages.')
            self.status_code = message["status"]
            self.headers = list(message.get("headers", []))
        elif message_type == "http.response.body":
            if self.client_gone:
                raise ClientDisconnected("The test client closed the response.")
            if self.status_code is None:
                raise ASGISpecViolation('Received "http.response.body" without "http.response.start".')
            if self._response_complete.is_set():
                raise ASGISpecViolation('Received "http.response.body" after the response completed.')
            body = message.get("body", b"")
            if not isinstance(body, _BYTES_TYPES):
                if self.violation is None:
                    self.violation = ASGISpecViolation(
                        f"Response body must be a bytes string, got {type(body).__name__}."
                    )
                body = str(body).encode("utf-8")
            more_body = message.get("more_body", False)
            if body and not self._is_head:
                self._chunks_in.send_nowait(bytes(body))
            if more_body:
                self._signal_started()  # a streamed body: the test reads it as it comes
            else:
                self._response_complete.set()
                self._chunks_in.close()
        elif message_type == "http.response.debug":
            info = message.get("info", {})
            self.template, self.context = info.get("template"), info.get("context")

    def _collect_body(self) -> None:
        while True:
            try:
                self.body += self._chunks_out.receive_nowait()
            except (anyio.WouldBlock, anyio.EndOfStream):
                break
        self._chunks_out.close()

    def _signal_started(self) -> None:
        # Hands control back to ``portal.start_task``: one round trip instead of a second call.
        task_status, self._task_status = self._task_status, None
        if task_status is not None:
            task_status.started()

    async def read_body(self) -> tuple[list[bytes], bool]:
        """The chunks sent so far (waiting for one if none); True once the body is complete and
        the app has returned, so that reading a response to its end includes the app's last work."""
        chunks: list[bytes] = []
        try:
            chunks.append(await self._chunks_out.receive())
            while True:
                chunks.append(self._chunks_out.receive_nowait())
        except anyio.WouldBlock:
            return chunks, False
        except (anyio.EndOfStream, anyio.ClosedResourceError):
            pass
        await self._done.wait()
        self._chunks_out.close()
        return chunks, True

    async def finish(self, early: bool) -> None:
        """Wait for the app to end; a client that stopped reading early disconnects, then cancels."""
        self._response_complete.set()  # the app's next receive() sees http.disconnect
        if early:
            self.client_gone = True
            with anyio.move_on_after(CLOSE_GRACE_SECONDS):
                await self._done.wait()
            self._cancel_scope.cancel()
        await self._done.wait()
        self._chunks_out.close()

    def check_headers(self) -> None:
        """Record (not raise into the app) response headers that break the ASGI spec."""
        for key, value in self.headers:
            if not isinstance(key, bytes) or not isinstance(value, bytes):
                problem = "must be a pair of bytes strings"
            elif b"\n" in key or b"\r" in key or b"\n" in value or b"\r" in value:
                problem = "contains a line break"
            else:
                continue
            self.violation = self.violation or ASGISpecViolation(f"Response header {key!r}: {value!r} {problem}.")
            return

    def build_response(self, stream: httpx.SyncByteStream | httpx.AsyncByteStream | None = None) -> httpx.Response:
        # A stream, not content=: httpx would invent a content-length the app never sent.
        response = httpx.Response(
            self.status_code or 500,
            headers=self.headers,
            stream=stream if stream is not None else httpx.ByteStream(bytes(self.body)),
            request=self.request,
        )
        self.attach_debug_info(response)
        return response

    def attach_debug_info(self, response: httpx.Response) -> None:
        if self.template is not None:
            response.template = self.template  # type: ignore[attr-defined]
            response.context = self.context  # type: ignore[attr-defined]
