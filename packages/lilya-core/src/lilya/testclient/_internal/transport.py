"""httpx transports that call an ASGI app in-process: sync through a portal, async directly.

The sync transport streams (and the async one inside ``async with``): the app runs as a task and
the response body is read chunk by chunk, so ``client.stream(...)`` can consume part of an endless
response and close it. Reading a response to its end also waits for the app to return (background
tasks included), so ``client.get(...)`` returns with the app's work done, as if it were buffered.
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

import anyio.abc
import httpx
from anyio.from_thread import BlockingPortal

from lilya.testclient._internal.exchange import HTTPExchange, ScopeBuilder
from lilya.testclient._internal.websockets import (
    AsyncWebSocketTestSession,
    PortalFactoryType,
    WebSocketTestSession,
)
from lilya.testclient.exceptions import ASGISpecViolation, UpgradeException
from lilya.types import ASGIApp

__all__ = ["AsyncTestClientTransport", "TestClientTransport"]

_WEBSOCKET_SCHEMES = frozenset({"ws", "wss"})


class _TransportBase:
    """Configuration and the error policy shared by both transports."""

    def __init__(
        self,
        app: ASGIApp,
        raise_server_exceptions: bool = True,
        root_path: str = "",
        *,
        check_asgi_conformance: bool = True,
        app_state: dict[str, Any] | None = None,
    ) -> None:
        self.app = app
        self.raise_server_exceptions = raise_server_exceptions
        self.check_asgi_conformance = check_asgi_conformance
        self.root_path = root_path
        self.app_state: dict[str, Any] = app_state if app_state is not None else {}
        self.scopes = ScopeBuilder(root_path, self.app_state)

    def _raise_for_start(self, exchange: HTTPExchange) -> None:
        """Once the response started (or the app ended): raise what the test should see."""
        if exchange.status_code is None:
            if exchange.error is not None and self.raise_server_exceptions:
                raise exchange.error
            if self.raise_server_exceptions or (self.check_asgi_conformance and exchange.error is None):
                raise ASGISpecViolation("The app returned without sending a response.")
            exchange.status_code = 500
            exchange.headers = [(b"content-type", b"text/plain; charset=utf-8")]
            exchange.body = bytearray(b"Internal Server Error")
        if self.check_asgi_conformance:
            exchange.check_headers()
            self._raise_violation(exchange)

    def _raise_for_end(self, exchange: HTTPExchange) -> None:
        """Once the app returned: its exception, or a body that broke the spec."""
        if exchange.error is not None and self.raise_server_exceptions:
            raise exchange.error
        if self.check_asgi_conformance:
            self._raise_violation(exchange)

    @staticmethod
    def _raise_violation(exchange: HTTPExchange) -> None:
        violation, exchange.violation = exchange.violation, None
        if violation is not None:
            raise violation


class _PortalBodyStream(httpx.SyncByteStream):
    """Pulls body chunks from the app through the portal; closing early disconnects the app."""

    def __init__(
        self,
        transport: TestClientTransport,
        exchange: HTTPExchange,
        portal: BlockingPortal,
        portal_context: contextlib.ExitStack,
    ) -> None:
        self.transport = transport
        self.exchange = exchange
        self.portal = portal
        self.portal_context = portal_context
        self.response: httpx.Response | None = None
        self.complete = False

    def __iter__(self) -> Iterator[bytes]:
        while not self.complete:
            chunks, self.complete = self.portal.call(self.exchange.read_body)
            yield from chunks
        self.close()
        if self.response is not None:
            self.exchange.attach_debug_info(self.response)
        self.transport._raise_for_end(self.exchange)

    def close(self) -> None:
        with self.portal_context:
            if not self.complete:
                self.complete = True
                self.portal.call(self.exchange.finish, True)


class TestClientTransport(_TransportBase, httpx.BaseTransport):
    """Runs each request in the client's portal (a fresh one unless the lifespan is open)."""

    __test__ = False

    def __init__(
        self,
        app: ASGIApp,
        portal_factory: PortalFactoryType,
        raise_server_exceptions: bool = True,
        root_path: str = "",
        *,
        check_asgi_conformance: bool = True,
        app_state: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(
            app,
            raise_server_exceptions,
            root_path,
            check_asgi_conformance=check_asgi_conformance,
            app_state=app_state,
        )
        self.portal_factory = portal_factory

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.scheme in _WEBSOCKET_SCHEMES:
            scope = self.scopes.build(request, "websocket")
            raise UpgradeException(
                WebSocketTestSession(self.app, scope, self.portal_factory, self.raise_server_exceptions)
            )
        chunks = [bytes(chunk) for chunk in request.stream]  # type: ignore[union-attr]
        exchange = HTTPExchange(self.app, self.scopes.build(request, "http"), request, chunks, streaming=True)
        with contextlib.ExitStack() as portal_context:
            portal = portal_context.enter_context(self.portal_factory())
            portal.start_task(exchange.run)  # returns once the app ended or started streaming
            if exchange.finished_early:
                body = None
            else:
                try:
                    self._raise_for_start(exchange)
                except BaseException:
                    portal.call(exchange.finish, True)
                    raise
                body = _PortalBodyStream(self, exchange, portal, portal_context.pop_all())
        if body is None:  # the app already returned: a complete response, no more round trips
            self._raise_for_start(exchange)
            self._raise_for_end(exchange)
        response = exchange.build_response(body)
        if isinstance(body, _PortalBodyStream):
            body.response = response
        return response


class _AsyncBodyStream(httpx.AsyncByteStream):
    """Reads body chunks as the app sends them, in the same loop; closing early disconnects.

    An iterator object rather than an async generator: a consumer that stops early leaves no
    generator behind for the event loop to finalize.
    """

    def __init__(self, transport: AsyncTestClientTransport, exchange: HTTPExchange) -> None:
        self.transport = transport
        self.exchange = exchange
        self.response: httpx.Response | None = None
        self.complete = False  # the app sent everything (or the consumer closed early)
        self.ended = False
        self.pending: deque[bytes] = deque()

    def __aiter__(self) -> _AsyncBodyStream:
        return self

    async def __anext__(self) -> bytes:
        while not self.pending:
            if self.complete:
                if not self.ended:
                    self.ended = True
                    if self.response is not None:
                        self.exchange.attach_debug_info(self.response)
                    self.transport._raise_for_end(self.exchange)
                raise StopAsyncIteration
            chunks, self.complete = await self.exchange.read_body()
            self.pending.extend(chunks)
        return self.pending.popleft()

    async def aclose(self) -> None:
        if not self.complete:
            self.complete = self.ended = True
            await self.exchange.finish(True)


class AsyncTestClientTransport(_TransportBase, httpx.AsyncBaseTransport):
    """Runs each request in the caller's event loop.

    Inside ``async with AsyncTestClient(app)`` the app runs as a task of the client's task group,
    so responses stream like in the sync client; outside it the body is collected first.
    """

    # Set by AsyncTestClient: its task group while ``async with`` is open, else None.
    task_group: Callable[[], anyio.abc.TaskGroup | None] | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.scheme in _WEBSOCKET_SCHEMES:
            scope = self.scopes.build(request, "websocket")
            raise UpgradeException(AsyncWebSocketTestSession(self.app, scope, self.raise_server_exceptions))  # type: ignore[arg-type]
        chunks = [bytes(chunk) async for chunk in request.stream]  # type: ignore[union-attr]
        task_group = self.task_group() if self.task_group is not None else None
        exchange = HTTPExchange(
            self.app, self.scopes.build(request, "http"), request, chunks, streaming=task_group is not None
        )
        if task_group is None:
            await exchange.run()
        else:
            await task_group.start(exchange.run)  # returns once the app ended or started streaming
        if exchange.finished_early:
            self._raise_for_start(exchange)
            self._raise_for_end(exchange)
            return exchange.build_response()
        try:
            self._raise_for_start(exchange)
        except BaseException:
            await exchange.finish(True)
            raise
        body = _AsyncBodyStream(self, exchange)
        response = exchange.build_response(body)
        body.response = response
        return response
