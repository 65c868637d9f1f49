"""The asynchronous test client: an httpx.AsyncClient that runs the app in the caller's loop.

``async with AsyncTestClient(app) as client`` runs the lifespan in a task group of the test;
``await client.websocket_connect(path)`` returns a session used with ``async with``.
"""

from __future__ import annotations

from collections.abc import Coroutine, Sequence
from typing import TYPE_CHECKING, Any

import anyio
import anyio.abc
import httpx

from lilya.testclient._internal.client import ClientHelpers, RequestOptions, prepare_request, request_cookies
from lilya.testclient._internal.client import websocket_headers, websocket_url
from lilya.testclient._internal.lifespan import LifespanDriver
from lilya.testclient._internal.transport import AsyncTestClientTransport
from lilya.testclient._internal.utils import AsyncBackend, WrapASGI2, is_asgi3
from lilya.testclient._internal.websockets import AsyncWebSocketTestSession, WebSocketTestSession
from lilya.testclient.exceptions import UpgradeException

if TYPE_CHECKING:
    from httpx._types import URLTypes
    from typing_extensions import Unpack

__all__ = [
    "AsyncBackend",
    "AsyncTestClient",
    "AsyncTestClientTransport",
    "UpgradeException",
    "WebSocketTestSession",
    "WrapASGI2",
    "is_asgi3",
]


class AsyncTestClient(ClientHelpers[Coroutine[Any, Any, httpx.Response]], httpx.AsyncClient):
    """Drive an ASGI app from async tests (``@pytest.mark.anyio``), in the test's own event loop."""

    __test__ = False

    _task_group: anyio.abc.TaskGroup | None = None

    def _make_transport(self, **options: Any) -> AsyncTestClientTransport:
        transport = AsyncTestClientTransport(self.app, **options)
        transport.task_group = lambda: self._task_group
        return transport

    async def request(  # type: ignore[override]
        self, method: str, url: URLTypes, **options: Unpack[RequestOptions]
    ) -> httpx.Response:
        """httpx's request, plus per-request cookies and ``stream=True`` (caller closes it)."""
        with request_cookies(self, options.pop("cookies", None)):
            built, send_options = prepare_request(self, method, url, options)
            return await self.send(built, **send_options)

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
