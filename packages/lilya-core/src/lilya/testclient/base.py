"""The synchronous TestClient: httpx.Client over an in-process ASGI transport."""

from __future__ import annotations

import contextlib
from collections.abc import Generator, Iterator
from types import TracebackType
from typing import Any, Literal

import anyio
import anyio.from_thread
import httpx
from anyio.from_thread import BlockingPortal

from lilya.testclient._transport import ASGITransport, _noop_portal
from lilya.types import ASGIApp, Message

__all__ = ["TestClient"]


class TestClient(httpx.Client):
    """Drive an ASGI app from synchronous tests; ``with TestClient(app)`` runs its lifespan."""

    __test__ = False  # not a pytest test class

    def __init__(
        self,
        app: ASGIApp,
        base_url: str = "http://testserver",
        raise_server_exceptions: bool = True,
        root_path: str = "",
        backend: Literal["asyncio", "trio"] = "asyncio",
        backend_options: dict[str, Any] | None = None,
        cookies: Any | None = None,
        headers: Any | None = None,
        follow_redirects: bool = True,
        check_asgi_conformance: bool = True,
    ) -> None:
        self.app = app
        self.async_backend = {"backend": backend, "backend_options": backend_options or {}}
        self.portal: BlockingPortal | None = None
        self.app_state: dict[str, Any] = {}
        self._exit_stack: contextlib.ExitStack | None = None
        transport = ASGITransport(
            app,
            portal_factory=self._portal_factory,
            raise_server_exceptions=raise_server_exceptions,
            root_path=root_path,
            app_state=self.app_state,
        )
        super().__init__(
            base_url=base_url,
            headers={"user-agent": "testclient", **dict(headers or {})},
            transport=transport,
            follow_redirects=follow_redirects,
            cookies=cookies,
        )

    @contextlib.contextmanager
    def _portal_factory(self) -> Generator[BlockingPortal, None, None]:
        if self.portal is not None:
            with _noop_portal(self.portal) as portal:
                yield portal
        else:
            with anyio.from_thread.start_blocking_portal(**self.async_backend) as portal:
                yield portal

    def __enter__(self) -> TestClient:
        with contextlib.ExitStack() as stack:
            self.portal = portal = stack.enter_context(anyio.from_thread.start_blocking_portal(**self.async_backend))

            @stack.callback
            def reset_portal() -> None:
                self.portal = None

            send_stream, receive_stream = anyio.create_memory_object_stream[Message](float("inf"))
            app_send_stream, app_receive_stream = anyio.create_memory_object_stream[Message](float("inf"))
            for s in (send_stream, receive_stream, app_send_stream, app_receive_stream):
                stack.callback(s.close)
            self._lifespan_streams = (send_stream, app_receive_stream)
            portal.start_task_soon(self._lifespan, receive_stream, app_send_stream)
            portal.call(self._wait_startup)

            @stack.callback
            def wait_shutdown() -> None:
                portal.call(self._wait_shutdown)

            self._exit_stack = stack.pop_all()
        super().__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        assert self._exit_stack is not None
        self._exit_stack.close()
        super().__exit__(exc_type, exc_value, traceback)

    async def _lifespan(
        self,
        receive_stream: anyio.abc.ObjectReceiveStream[Message],
        send_stream: anyio.abc.ObjectSendStream[Message],
    ) -> None:
        scope = {"type": "lifespan", "state": self.app_state, "asgi": {"version": "3.0"}}
        try:
            await self.app(scope, receive_stream.receive, send_stream.send)
        finally:
            with contextlib.suppress(anyio.ClosedResourceError, anyio.BrokenResourceError):
                await send_stream.send({"type": "lifespan.app_finished"})

    async def _wait_startup(self) -> None:
        send_stream, app_receive = self._lifespan_streams
        await send_stream.send({"type": "lifespan.startup"})
        message = await app_receive.receive()
        if message["type"] == "lifespan.startup.failed":
            await app_receive.receive()  # app_finished
            raise RuntimeError(message.get("message") or "Lifespan startup failed")
        if message["type"] == "lifespan.app_finished":
            return

    async def _wait_shutdown(self) -> None:
        send_stream, app_receive = self._lifespan_streams
        with contextlib.suppress(anyio.ClosedResourceError, anyio.BrokenResourceError, anyio.EndOfStream):
            await send_stream.send({"type": "lifespan.shutdown"})
            message = await app_receive.receive()
            if message["type"] == "lifespan.shutdown.failed":
                raise RuntimeError(message.get("message") or "Lifespan shutdown failed")
            await app_receive.receive()


