"""The synchronous TestClient: an httpx.Client whose transport calls the ASGI app in-process.

Outside a ``with`` block each request gets a short-lived event loop (in a portal thread); inside
``with TestClient(app) as client`` one loop serves every request and the app's lifespan runs.
"""

from __future__ import annotations

import contextlib
from collections.abc import Generator, Sequence
from typing import TYPE_CHECKING, Any, Literal

import anyio.from_thread
import httpx
from anyio.from_thread import BlockingPortal

from lilya.testclient._internal.client import (
    ClientHelpers,
    as_asgi3,
    make_backend,
    redirect_option,
    request_cookies,
    websocket_headers,
    websocket_url,
)
from lilya.testclient._internal.lifespan import LifespanDriver
from lilya.testclient._internal.transport import TestClientTransport
from lilya.testclient._internal.utils import AsyncBackend, RequestInputsDefaultValues, WrapASGI2, is_asgi3
from lilya.testclient._internal.websockets import WebSocketTestSession
from lilya.testclient.exceptions import UpgradeException
from lilya.types import ASGIApp

if TYPE_CHECKING:
    from httpx._client import UseClientDefault
    from httpx._types import (
        AuthTypes,
        CookieTypes,
        HeaderTypes,
        QueryParamTypes,
        RequestContent,
        RequestData,
        RequestFiles,
        TimeoutTypes,
        URLTypes,
    )

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


class TestClient(ClientHelpers, httpx.Client):
    """Drive an ASGI app from synchronous tests, on asyncio or trio (``backend=``)."""

    __test__ = False  # not a pytest test class

    def __init__(
        self,
        app: ASGIApp,
        base_url: str = "http://testserver",
        raise_server_exceptions: bool = True,
        root_path: str = "",
        backend: Literal["asyncio", "trio"] = "asyncio",
        backend_options: dict[str, Any] | None = None,
        cookies: CookieTypes | None = None,
        headers: HeaderTypes | None = None,
        follow_redirects: bool = True,
        check_asgi_conformance: bool = True,
    ) -> None:
        self.app = as_asgi3(app)
        self.async_backend = make_backend(backend, backend_options)
        self.app_state: dict[str, Any] = {}
        self.portal: BlockingPortal | None = None
        self._exit_stack: contextlib.ExitStack | None = None
        self._lifespan = LifespanDriver(self.app, self.app_state)
        transport = TestClientTransport(
            self.app,
            portal_factory=self._portal_factory,
            raise_server_exceptions=raise_server_exceptions,
            root_path=root_path,
            check_asgi_conformance=check_asgi_conformance,
            app_state=self.app_state,
        )
        all_headers = httpx.Headers(headers)
        all_headers.setdefault("user-agent", "testclient")
        super().__init__(
            base_url=base_url,
            headers=all_headers,
            transport=transport,
            follow_redirects=follow_redirects,
            cookies=cookies,
        )

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
        self,
        method: str,
        url: URLTypes,
        *,
        content: RequestContent | None = None,
        data: RequestData | None = None,
        files: RequestFiles | None = None,
        json: Any = None,
        params: QueryParamTypes | None = None,
        headers: HeaderTypes | None = None,
        cookies: CookieTypes | None = None,
        auth: AuthTypes | UseClientDefault = httpx.USE_CLIENT_DEFAULT,
        follow_redirects: bool | None = None,
        timeout: TimeoutTypes | UseClientDefault = httpx.USE_CLIENT_DEFAULT,
        extensions: dict[str, Any] | None = None,
        stream: bool = False,
    ) -> httpx.Response:
        """httpx's request, plus per-request cookies and ``stream=True`` (caller closes it)."""
        with request_cookies(self, cookies):
            built = self.build_request(
                method,
                url,
                content=content,
                data=data,
                files=files,
                json=json,
                params=params,
                headers=headers,
                timeout=timeout,
                extensions=extensions,
            )
            return self.send(built, auth=auth, follow_redirects=redirect_option(follow_redirects), stream=stream)

    def get(self, url: URLTypes, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def head(self, url: URLTypes, **kwargs: Any) -> httpx.Response:
        return self.request("HEAD", url, **kwargs)

    def query(self, url: URLTypes, **kwargs: Any) -> httpx.Response:
        return self.request("QUERY", url, **kwargs)

    def post(self, url: URLTypes, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def put(self, url: URLTypes, **kwargs: Any) -> httpx.Response:
        return self.request("PUT", url, **kwargs)

    def patch(self, url: URLTypes, **kwargs: Any) -> httpx.Response:
        return self.request("PATCH", url, **kwargs)

    def delete(self, url: URLTypes, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", url, **kwargs)

    def options(self, url: URLTypes, **kwargs: Any) -> httpx.Response:
        return self.request("OPTIONS", url, **kwargs)

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

    async def lifespan(self) -> None:
        """Run the app's lifespan protocol (inside the client's event loop)."""
        await self._lifespan.run()

    async def wait_startup(self) -> None:
        await self._lifespan.startup()

    async def wait_shutdown(self) -> None:
        await self._lifespan.shutdown()
