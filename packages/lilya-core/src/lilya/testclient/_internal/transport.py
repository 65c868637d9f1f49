"""httpx transports that call an ASGI app in-process: sync through a portal, async directly."""

from __future__ import annotations

from typing import Any

import httpx

from lilya.testclient._internal.exchange import ExchangeResult, ScopeBuilder, run_http
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
    """Configuration and the response policy shared by both transports."""

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

    def _to_response(self, result: ExchangeResult, request: httpx.Request) -> httpx.Response:
        if result.error is not None and self.raise_server_exceptions:
            raise result.error
        if result.status_code is None:
            if self.raise_server_exceptions or (self.check_asgi_conformance and result.error is None):
                raise ASGISpecViolation("The app returned without sending a response.")
            result.status_code, result.headers = 500, [(b"content-type", b"text/plain; charset=utf-8")]
            result.body = bytearray(b"Internal Server Error")
        return result.to_response(request, self.check_asgi_conformance)


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
        scope = self.scopes.build(request, "http")
        chunks = [bytes(chunk) for chunk in request.stream]  # type: ignore[union-attr]
        with self.portal_factory() as portal:
            result = portal.call(
                lambda: run_http(self.app, scope, request, chunks, check_conformance=self.check_asgi_conformance)
            )
        return self._to_response(result, request)


class AsyncTestClientTransport(_TransportBase, httpx.AsyncBaseTransport):
    """Runs each request in the caller's event loop."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.scheme in _WEBSOCKET_SCHEMES:
            scope = self.scopes.build(request, "websocket")
            raise UpgradeException(AsyncWebSocketTestSession(self.app, scope, self.raise_server_exceptions))  # type: ignore[arg-type]
        scope = self.scopes.build(request, "http")
        chunks = [bytes(chunk) async for chunk in request.stream]  # type: ignore[union-attr]
        result = await run_http(self.app, scope, request, chunks, check_conformance=self.check_asgi_conformance)
        return self._to_response(result, request)
