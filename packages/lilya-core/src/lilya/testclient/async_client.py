"""The asynchronous test client: an httpx.AsyncClient that runs the app in the caller's loop.

``async with AsyncTestClient(app) as client`` runs the lifespan in a task group of the test;
``await client.websocket_connect(path)`` returns a session used with ``async with``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

import anyio
import anyio.abc
import httpx

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
from lilya.testclient._internal.transport import AsyncTestClientTransport
from lilya.testclient._internal.utils import AsyncBackend, WrapASGI2, is_asgi3
from lilya.testclient._internal.websockets import AsyncWebSocketTestSession, WebSocketTestSession
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
    "AsyncTestClient",
    "AsyncTestClientTransport",
    "UpgradeException",
    "WebSocketTestSession",
    "WrapASGI2",
    "is_asgi3",
]


class AsyncTestClient(ClientHelpers, httpx.AsyncClient):
    """Drive an ASGI app from async tests (``@pytest.mark.anyio``), in the test's own event loop."""

    __test__ = False

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
        # The loop is the caller's; the backend is kept for code that inspects it.
        self.async_backend = make_backend(backend, backend_options)
        self.app_state: dict[str, Any] = {}
        self._lifespan = LifespanDriver(self.app, self.app_state)
        self._task_group: anyio.abc.TaskGroup | None = None
        transport = AsyncTestClientTransport(
            self.app,
            raise_server_exceptions=raise_server_exceptions,
            root_path=root_path,
            check_asgi_conformance=check_asgi_conformance,
            app_state=self.app_state,
            task_group=lambda: self._task_group,
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

    async def request(  # type: ignore[override]
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
            return await self.send(built, auth=auth, follow_redirects=redirect_option(follow_redirects), stream=stream)

    async def get(self, url: URLTypes, **kwargs: Any) -> httpx.Response:
        return await self.request("GET", url, **kwargs)

    async def head(self, url: URLTypes, **kwargs: Any) -> httpx.Response:
        return await self.request("HEAD", url, **kwargs)

    async def query(self, url: URLTypes, **kwargs: Any) -> httpx.Response:
        return await self.request("QUERY", url, **kwargs)

    async def post(self, url: URLTypes, **kwargs: Any) -> httpx.Response:
        return await self.request("POST", url, **kwargs)

    async def put(self, url: URLTypes, **kwargs: Any) -> httpx.Response:
        return await self.request("PUT", url, **kwargs)

    async def patch(self, url: URLTypes, **kwargs: Any) -> httpx.Response:
        return await self.request("PATCH", url, **kwargs)

    async def delete(self, url: URLTypes, **kwargs: Any) -> httpx.Response:
        return await self.request("DELETE", url, **kwargs)

    async def options(self, url: URLTypes, **kwargs: Any) -> httpx.Response:
        return await self.request("OPTIONS", url, **kwargs)

    async def websocket_connect(
        self, url: str, subprotocols: Sequence[str] | None = None, **kwargs: Any
    ) -> AsyncWebSocketTestSession:
        """Open a WebSocket: ``async with await client.websocket_connect("/ws") as ws: ...``."""
        kwargs["headers"] = websocket_headers(subprotocols, kwargs.get("headers"))
        try:
            await httpx.AsyncClient.request(self, "GET", websocket_url(self, url), **kwargs)
        except UpgradeException as exc:
            session: AsyncWebSocketTestSession = exc.session  # type: ignore[assignment]
            return session
        raise RuntimeError("Expected a WebSocket upgrade.")  # pragma: no cover - transport always upgrades

    # -- lifespan ---------------------------------------------------------------------------------

    async def __aenter__(self) -> AsyncTestClient:
        task_group = anyio.create_task_group()
        await task_group.__aenter__()
        self._lifespan = LifespanDriver(self.app, self.app_state)
        try:
            await task_group.start(self._lifespan.run)
            await self._lifespan.startup()
        except BaseException:
            await self._leave(task_group)
            raise
        self._task_group = task_group
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        task_group, self._task_group = self._task_group, None
        if task_group is None:
            return
        try:
            await self._lifespan.shutdown()
        finally:
            await self._leave(task_group)

    @staticmethod
    async def _leave(task_group: anyio.abc.TaskGroup) -> None:
        # Cancel what is left of the lifespan task and exit without handing the task group the
        # test's exception (it would come back wrapped in an ExceptionGroup).
        task_group.cancel_scope.cancel()
        await task_group.__aexit__(None, None, None)

    async def lifespan(self) -> None:
        """Run the app's lifespan protocol."""
        await self._lifespan.run()

    async def wait_startup(self) -> None:
        await self._lifespan.startup()

    async def wait_shutdown(self) -> None:
        await self._lifespan.shutdown()
