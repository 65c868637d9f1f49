"""Serve a WSGI application (Flask, Django, ...) from an ASGI server.

The request body is read first, within the body limit (``scope["lilya.max_body_size"]`` or
16 MiB; 413 past it), into a spooled temporary file (memory up to 1 MiB, then disk). The WSGI
app then runs in a worker thread (at most ``workers`` at once); each chunk it yields is sent to
the client from that thread, which waits until the event loop has sent it, so a slow client
slows the WSGI app down instead of filling memory. Works on asyncio and trio (anyio threads).
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from types import TracebackType
from typing import TYPE_CHECKING, Any, BinaryIO

import anyio
import anyio.from_thread
import anyio.to_thread

from lilya.limits import DEFAULT_MAX_BODY_SIZE, DEFAULT_SPOOL_MAX_SIZE, MAX_BODY_SIZE_SCOPE_KEY
from lilya.compat import import_string
from lilya.exceptions import HTTPException
from lilya.requests import Request
from lilya.responses import PlainText
from lilya.types import Message, Receive, Scope, Send

if TYPE_CHECKING:  # pragma: no cover
    from lilya.apps import Lilya

__all__ = ["TYPE_CHECKING", "BufferedWSGIResponder", "HTTPException", "Request", "WSGIMiddleware"]

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]
StartResponse = Callable[..., Callable[[bytes], None]]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
HTTPScope = Scope


class _RequestTooLarge(Exception):
    pass


def build_environ(scope: Scope, body: BinaryIO, content_length: int) -> dict[str, Any]:
    """The PEP 3333 environ for an ASGI http scope."""
    root_path: str = scope.get("root_path", "")
    path: str = scope.get("path", "/")
    if root_path and path.startswith(root_path):
        path = path[len(root_path) :]
    server = scope.get("server") or ("localhost", 80)
    client = scope.get("client") or ("", 0)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": root_path.encode("utf-8").decode("latin-1"),
        "PATH_INFO": path.encode("utf-8").decode("latin-1"),
        "QUERY_STRING": scope.get("query_string", b"").decode("latin-1"),
        "SERVER_NAME": str(server[0]),
        "SERVER_PORT": str(server[1] if server[1] is not None else 80),
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "REMOTE_ADDR": str(client[0]),
        "REMOTE_PORT": str(client[1]),
        "CONTENT_LENGTH": str(content_length),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": body,
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    for raw_name, raw_value in scope.get("headers") or ():
        name = raw_name.decode("latin-1").lower()
        if "_" in name:
            continue  # "x_user" would alias "x-user" in the environ: drop it, like nginx does
        value = raw_value.decode("latin-1")
        if name == "content-type":
            environ["CONTENT_TYPE"] = value
            continue
        if name == "content-length":
            continue  # the real length of what we read is set above
        key = "HTTP_" + name.upper().replace("-", "_")
        environ[key] = f"{environ[key]},{value}" if key in environ else value
    return environ


class BufferedWSGIResponder:
    """One request: buffer the body, run the WSGI app in a thread, stream its output."""

    def __init__(
        self,
        wsgi_app: WSGIApp,
        executor: ThreadPoolExecutor | None,
        send_queue_size: int,
        scope: HTTPScope,
        receive: Receive,
        send: Send,
        app: Lilya | WSGIMiddleware | None = None,
        exception_class: type[HTTPException] = HTTPException,
    ) -> None:
        self.wsgi_app = wsgi_app
        self.executor = executor
        self.send_queue_size = send_queue_size
        self.scope = scope
        self.receive = receive
        self.asgi_send = send
        self.app = app
        self.exception_class = exception_class
        self.response_started = False
        self.start_message: Message | None = None

    async def __call__(self, limiter: anyio.CapacityLimiter | None = None, redirect_exceptions: bool = False) -> None:
        limit = self.scope.get(MAX_BODY_SIZE_SCOPE_KEY, DEFAULT_MAX_BODY_SIZE)
        body = tempfile.SpooledTemporaryFile(max_size=DEFAULT_SPOOL_MAX_SIZE)
        try:
            try:
                length = await self._read_body(body, limit)
            except _RequestTooLarge:
                await PlainText("Request body too large", status_code=413)(self.scope, self.receive, self.asgi_send)
                return
            if length is None:
                return  # client disconnected before sending the body
            body.seek(0)
            environ = build_environ(self.scope, body, length)  # type: ignore[arg-type]
            try:
                await anyio.to_thread.run_sync(self._run, environ, limiter=limiter)
            except Exception as exc:
                if self.response_started or not redirect_exceptions or isinstance(exc, HTTPException):
                    raise
                raise self.exception_class(status_code=500) from exc
        finally:
            body.close()

    async def _read_body(self, body: Any, limit: int | None) -> int | None:
        total = 0
        while True:
            message = await self.receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            total += len(chunk)
            if limit is not None and total > limit:
                raise _RequestTooLarge
            body.write(chunk)
            if not message.get("more_body", False):
                return total

    def send(self, message: Any) -> None:
        """Called from the worker thread: hand one message to the event loop and wait for it."""
        anyio.from_thread.run(self._send_async, message)

    async def _send_async(self, message: Message) -> None:
        await self.asgi_send(message)

    def _start_response(
        self, status: str, headers: list[tuple[str, str]], exc_info: ExcInfo | None = None
    ) -> Callable[[bytes], None]:
        if exc_info is not None and self.response_started:
            raise exc_info[1].with_traceback(exc_info[2])
        code = int(status.split(" ", 1)[0])
        raw = []
        for name, value in headers:
            if "\r" in value or "\n" in value or "\r" in name or "\n" in name:
                raise ValueError("WSGI response headers must not contain CR or LF.")
            raw.append((name.strip().lower().encode("latin-1"), value.strip().encode("latin-1")))
        self.start_message = {"type": "http.response.start", "status": code, "headers": raw}
        return self._write

    def _ensure_started(self) -> None:
        if not self.response_started:
            if self.start_message is None:
                raise RuntimeError("The WSGI application returned without calling start_response().")
            self.response_started = True
            self.send(self.start_message)

    def _write(self, data: bytes) -> None:
        """The legacy ``write()`` callable returned by ``start_response``."""
        if data:
            self._ensure_started()
            self.send({"type": "http.response.body", "body": data, "more_body": True})

    def _run(self, environ: dict[str, Any]) -> None:
        result = self.wsgi_app(environ, self._start_response)
        try:
            for chunk in result:
                if chunk:
                    self._write(chunk)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        self._ensure_started()
        self.send({"type": "http.response.body", "body": b"", "more_body": False})


class WSGIMiddleware:
    """An ASGI app that serves ``app`` (a WSGI callable or its dotted path)."""

    def __init__(
        self,
        app: WSGIApp | str,
        workers: int = 10,
        send_queue_size: int = 10,
        redirect_exceptions: bool = False,
        exception_class: type[HTTPException] = HTTPException,
    ) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1.")
        self.app: WSGIApp = import_string(app) if isinstance(app, str) else app
        self.workers = workers
        self.send_queue_size = send_queue_size
        self.redirect_exceptions = redirect_exceptions
        self.exception_class = exception_class
        self.executor: ThreadPoolExecutor | None = None
        self._limiter: anyio.CapacityLimiter | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            if self._limiter is None:  # needs a running event loop, so made on first use
                self._limiter = anyio.CapacityLimiter(self.workers)
            responder = BufferedWSGIResponder(
                self.app, self.executor, self.send_queue_size, scope, receive, send, self, self.exception_class
            )
            await responder(self._limiter, self.redirect_exceptions)
        elif scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1000, "reason": ""})
        elif scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}(app={self.app!r}, workers={self.workers})"
