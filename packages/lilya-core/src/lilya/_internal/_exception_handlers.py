"""Exception handling usable at app, Include and Path level.

Lives in core so that routing and apps can build an exception boundary without importing
lilya-middleware. A boundary is built ONCE from a mapping ``{status_code | exception class:
handler}``; per request it only wraps ``send`` to know whether the response has started.
At app level the handler for an exception is found along the exception's MRO and memoised per
type, so the lookup is a dict hit after the first occurrence; route levels match as Lilya does,
by status or exact class (``RouteHandlerTable``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from lilya import status
from lilya._internal._middleware import share_route_metadata
from lilya.compat import is_async_callable
from lilya.concurrency import run_in_threadpool
from lilya.exceptions import HTTPException, WebSocketException
from lilya.requests import Request
from lilya.responses import PlainText, Response
from lilya.types import ASGIApp, ExceptionHandler, Message, Receive, Scope, Send


ExceptionHandlers = dict[type[BaseException], ExceptionHandler]
StatusHandlers = dict[int, ExceptionHandler]
ConnFactory = Callable[[Scope, Receive, Send], Any]

#: Scope key under which Lilya 0.29 publishes the app-level ``(exception, status)`` handlers.
SCOPE_KEY = "lilya.exception_handlers"

#: Scope key where inner layers leave response headers that an error response produced *outside*
#: them must still carry (raw ``(bytes, bytes)`` pairs); written through :func:`add_error_headers`.
ERROR_HEADERS_SCOPE_KEY = "lilya.error_headers"

_ERROR_HEADERS_KEYS = (ERROR_HEADERS_SCOPE_KEY,)

#: ``scope["extensions"]`` key by which a server (Lilya's TestClient) asks to see the exceptions the
#: application only answered at its outermost boundary: an ``HTTPException`` raised by the app's
#: own middleware that no handler intercepted. The client still gets its 4xx; the exception then
#: also propagates, as in Lilya 0.29 (where it was a 500), so ``raise_server_exceptions`` shows it.
UNINTERCEPTED_EXTENSION = "lilya.unintercepted_exceptions"

_NO_BODY_STATUSES = frozenset({status.HTTP_204_NO_CONTENT, status.HTTP_304_NOT_MODIFIED})


def inside_lilya_app(scope: Scope) -> bool:
    """True when a Lilya application above renders ``HTTPException``s raised below it.

    Elsewhere (a bare router or middleware, or one mounted in Starlette) the raiser answers itself.
    """
    return hasattr(scope.get("app"), "add_child_lilya")


def lookup_exception_handler(
    handlers: Mapping[type[BaseException], ExceptionHandler], exc: BaseException
) -> ExceptionHandler | None:
    """The handler registered for the nearest class in ``type(exc).__mro__``, if any."""
    for cls in type(exc).__mro__:
        handler = handlers.get(cls)
        if handler is not None:
            return handler
    return None


def http_exception_handler(request: Any, exc: Exception) -> Response:
    """Render an ``HTTPException`` as Lilya does: its detail as text/plain, its status and headers."""
    assert isinstance(exc, HTTPException)
    response: Response | None = getattr(exc, "response", None)
    if response is not None:  # abort(...) and friends carry the response to send
        return response
    status_code = exc.status_code or status.HTTP_500_INTERNAL_SERVER_ERROR
    headers = getattr(exc, "headers", None)
    if status_code in _NO_BODY_STATUSES:
        return Response(status_code=status_code, headers=headers)
    return PlainText(str(exc.detail), status_code=status_code, headers=headers)


async def websocket_exception_handler(websocket: Any, exc: Exception) -> None:
    """Close the socket with the exception's code and reason."""
    assert isinstance(exc, WebSocketException)
    await websocket.close(code=exc.code, reason=exc.reason)


def build_connection(scope: Scope, receive: Receive, send: Send) -> Any:
    """A ``Request`` or ``WebSocket`` for the handler, built only when an exception happened."""
    if scope["type"] == "websocket":
        from lilya.websockets import WebSocket

        return WebSocket(scope, receive=receive, send=send)
    return Request(scope, receive, send)


async def run_handler(handler: ExceptionHandler, conn: Any, exc: Exception) -> Any:
    """``handler(conn, exc)``; a sync handler runs in a worker thread."""
    if is_async_callable(handler):
        return await handler(conn, exc)
    return await run_in_threadpool(handler, conn, exc)


async def _respond(
    scope: Scope, receive: Receive, send: Send, conn: Any, exc: Exception, handler: ExceptionHandler
) -> None:
    result = await run_handler(handler, conn, exc)
    if result is not None and scope["type"] == "http":
        await result(scope, receive, send)


async def handle_exception(scope: Scope, conn: Any, exc: Exception, handler: ExceptionHandler) -> None:
    """Run ``handler(conn, exc)`` and send the response it returns through the connection."""
    send = getattr(conn, "_send", None) or conn.send
    await _respond(scope, conn.receive, send, conn, exc, handler)


def add_error_headers(scope: Scope, headers: list[tuple[bytes, bytes]]) -> None:
    """Ask for ``headers`` on an error response produced outside the calling layer.

    A layer that decorates responses (CORS) calls this before passing the request on; if an
    exception escapes it, the server-error boundary still sends these headers with the 500.
    """
    existing = scope.get(ERROR_HEADERS_SCOPE_KEY)
    scope[ERROR_HEADERS_SCOPE_KEY] = [*existing, *headers] if existing else headers
    share_route_metadata(scope, _ERROR_HEADERS_KEYS)  # the boundary may sit above this copy


def error_headers_send(scope: Scope, send: Send) -> Send:
    """``send`` for an error response: adds the headers inner layers asked for (add_error_headers).

    A header the response already has is kept as it is. Returns ``send`` itself when there is
    nothing to add, so the common case costs nothing.
    """
    extra = scope.get(ERROR_HEADERS_SCOPE_KEY)
    if not extra:
        return send

    async def send_with_error_headers(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", ()))
            present = {key.lower() for key, _ in headers}
            headers.extend(pair for pair in extra if pair[0] not in present)
            message["headers"] = headers
        await send(message)

    return send_with_error_headers


def default_handlers() -> dict[Any, ExceptionHandler]:
    """What an app-level boundary handles without configuration."""
    return {HTTPException: http_exception_handler, WebSocketException: websocket_exception_handler}


class HandlerTable:
    """Handlers split once into ``{class: handler}`` and ``{status: handler}`` with an MRO memo."""

    __slots__ = ("exception_handlers", "status_handlers", "_memo")

    def __init__(self, handlers: Mapping[Any, ExceptionHandler] | None = None) -> None:
        self.exception_handlers: ExceptionHandlers = {}
        self.status_handlers: StatusHandlers = {}
        self._memo: dict[type[BaseException], ExceptionHandler | None] = {}
        for key, handler in (handlers or {}).items():
            self.add(key, handler)

    def add(self, key: Any, handler: ExceptionHandler) -> None:
        if isinstance(key, int):
            self.status_handlers[key] = handler
        elif isinstance(key, type) and issubclass(key, BaseException):
            self.exception_handlers[key] = handler
        else:
            raise TypeError(f"Exception handler keys are status codes or exception classes, not {key!r}.")
        self._memo.clear()

    def __bool__(self) -> bool:
        return bool(self.exception_handlers or self.status_handlers)

    def find(self, exc: BaseException) -> ExceptionHandler | None:
        if self.status_handlers and isinstance(exc, HTTPException):
            handler = self.status_handlers.get(exc.status_code)  # type: ignore[arg-type]
            if handler is not None:
                return handler
        exc_type = type(exc)
        try:
            return self._memo[exc_type]
        except KeyError:
            found = lookup_exception_handler(self.exception_handlers, exc)
            self._memo[exc_type] = found
            return found


class RouteHandlerTable(HandlerTable):
    """The handlers of one route level (``Path``, ``Include``, ``Host``, a controller), as Lilya
    matches them: by the exception's status (500 for one without a status), else by its exact
    class. A handler for a base class is no catch-all here, so a more specific handler registered
    on the app still gets its exception."""

    __slots__ = ()

    def find(self, exc: BaseException) -> ExceptionHandler | None:
        if self.status_handlers:
            code = getattr(exc, "status_code", status.HTTP_500_INTERNAL_SERVER_ERROR)
            handler = self.status_handlers.get(code) if isinstance(code, int) else None
            if handler is not None:
                return handler
        return self.exception_handlers.get(type(exc))


def _table_from_scope(scope: Scope) -> HandlerTable | None:
    published = scope.get(SCOPE_KEY)
    if published is None:
        return None
    if isinstance(published, HandlerTable):
        return published
    exception_handlers, status_handlers = published
    table = HandlerTable(exception_handlers)
    for code, handler in status_handlers.items():
        table.add(code, handler)
    return table


class StartTracker:
    """A ``send`` that remembers whether the response has started (then it is too late to answer)."""

    __slots__ = ("send", "started")

    def __init__(self, send: Send) -> None:
        self.send = send
        self.started = False

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.started = True
        await self.send(message)


def wrap_app_handling_exceptions(
    app: ASGIApp,
    handlers: Mapping[Any, ExceptionHandler] | HandlerTable | Any = None,
    *,
    conn_factory: ConnFactory = build_connection,
) -> ASGIApp:
    """Wrap ``app`` so exceptions with a registered handler become that handler's response.

    ``handlers`` is the mapping configured at this level (app, Include or Path). When it is not
    a mapping (Lilya 0.29 passed the connection here), the handlers published in
    ``scope["lilya.exception_handlers"]`` are used instead. An exception without a handler
    propagates unchanged to the next boundary; one raised after the response started runs its
    handler for side effects only, then propagates too.
    """
    table: HandlerTable | None
    if isinstance(handlers, HandlerTable):
        table = handlers
    elif isinstance(handlers, Mapping):
        table = HandlerTable(handlers)
    else:
        table = None

    async def exception_boundary(scope: Scope, receive: Receive, send: Send) -> None:
        tracker = StartTracker(send)
        try:
            await app(scope, receive, tracker)
        except Exception as exc:
            active = table if table is not None else _table_from_scope(scope)
            handler = active.find(exc) if active is not None else None
            if handler is None:
                raise
            if tracker.started and scope["type"] == "http":
                # The response already went out (a background task failed, say): the handler runs
                # for what it does besides answering (logging, metrics), as in Lilya; its answer
                # cannot be sent, so the exception goes on to the server: never silently half-sent.
                await run_handler(handler, conn_factory(scope, receive, send), exc)
                raise
            await _respond(scope, receive, send, conn_factory(scope, receive, send), exc, handler)

    return exception_boundary
