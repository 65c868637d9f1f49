"""The synchronous TestClient: an httpx.Client whose transport calls the ASGI app in-process.

Outside a ``with`` block each request gets a short-lived event loop (in a portal thread); inside
``with TestClient(app) as client`` one loop serves every request and the app's lifespan runs.
"""

from __future__ import annotations

import contextlib
from collections.abc import Generator, Sequence
from typing import TYPE_CHECKING, Any

import anyio.from_thread
import httpx
from anyio.from_thread import BlockingPortal

from lilya.testclient._internal.client import ClientHelpers, RequestOptions, prepare_request, request_cookies
from lilya.testclient._internal.client import websocket_headers, websocket_url
from lilya.testclient._internal.lifespan import LifespanDriver
from lilya.testclient._internal.transport import TestClientTransport
from lilya.testclient._internal.utils import AsyncBackend, RequestInputsDefaultValues, WrapASGI2, is_asgi3
from lilya.testclient._internal.websockets import WebSocketTestSession
from lilya.testclient.exceptions import UpgradeException

if TYPE_CHECKING:
    from httpx._types import URLTypes
    from typing_extensions import Unpack

__all__ = [
    "AsyncBackend",
    "RequestInputsDefaultValues",
    "TestClient",
    "TestClientTransport",
    "UpgradeException",
    "WebSocketTestSession",
    "WrapASGI2",
    "is_asgi3",
]


class TestClient(ClientHelpers[httpx.Response], httpx.Client):
    """Drive an ASGI app from synchronous tests, on asyncio or trio (``backend=``)."""

    __test__ = False  # not a pytest test class

    portal: BlockingPortal | None = None
    _exit_stack: contextlib.ExitStack | None = None

    def _make_transport(self, **options: Any) -> TestClientTransport:
        return TestClientTransport(self.app, portal_factory=self._portal_factory, **options)

    @property
    def routes(self) -> list[Any]:
        """The app's routes, when it has any (handy for introspection tests)."""
        return list(getattr(self.app, "routes", []))

    @contextlib.contextmanager
    def _portal_factory(self) -> Generator[BlockingPortal, None, None]:
        if self.portal is not None:
            yield self.portal
        else:
            with anyio.from_thread.start_blocking_portal(**self.async_backend) as portal:
                yield portal

    # -- requests ---------------------------------------------------------------------------------

    def request(  # type: ignore[override]
        self, method: str, url: URLTypes, **options: Unpack[RequestOptions]
    ) -> httpx.Response:
        """httpx's request, plus per-request cookies and ``stream=True`` (caller closes it)."""
        with request_cookies(self, options.pop("cookies", None)):
            built, send_options = prepare_request(self, method, url, options)
            return self.send(built, **send_options)

    def websocket_connect(
        self, url: str, subprotocols: Sequence[str] | None = None, **kwargs: Any
    ) -> WebSocketTestSession:
        """Open a WebSocket; use the returned session with ``with``. ``headers=``, ``params=`` work."""
        kwargs["headers"] = websocket_headers(subprotocols, kwargs.get("headers"))
        try:
            httpx.Client.request(self, "GET", websocket_url(self, url), **kwargs)
        except UpgradeException as exc:
            return exc.session
        raise RuntimeError("Expected a WebSocket upgrade.")  # pragma: no cover - transport always upgrades

    # -- lifespan ---------------------------------------------------------------------------------

    def __enter__(self) -> TestClient:
        with contextlib.ExitStack() as stack:
            self.portal = portal = stack.enter_context(anyio.from_thread.start_blocking_portal(**self.async_backend))
            stack.callback(self._reset_portal)
            self._lifespan = LifespanDriver(self.app, self.app_state)
            portal.start_task(self._lifespan.run)
            portal.call(self._lifespan.startup)
            stack.callback(portal.call, self._lifespan.shutdown)
            self._exit_stack = stack.pop_all()
        return self

    def _reset_portal(self) -> None:
        self.portal = None

    def __exit__(self, *exc_info: object) -> None:
        stack, self._exit_stack = self._exit_stack, None
        if stack is not None:
            stack.close()
