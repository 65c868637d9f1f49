"""An httpx transport that calls an ASGI app in-process through an anyio portal."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import anyio
import anyio.from_thread
import httpx
from anyio.from_thread import BlockingPortal

from lilya.types import ASGIApp, Message, Scope

__all__ = ["ASGITransport"]


class _Body(httpx.SyncByteStream):
    def __init__(self, chunks: list[bytes]) -> None:
        self._chunks = chunks

    def __iter__(self) -> Iterator[bytes]:
        yield from self._chunks


class ASGITransport(httpx.BaseTransport):
    """Runs each request through the app; the portal is shared with the lifespan when open."""

    def __init__(
        self,
        app: ASGIApp,
        portal_factory: Any,
        raise_server_exceptions: bool = True,
        root_path: str = "",
        app_state: dict[str, Any] | None = None,
    ) -> None:
        self.app = app
        self.portal_factory = portal_factory
        self.raise_server_exceptions = raise_server_exceptions
        self.root_path = root_path
        self.app_state = app_state if app_state is not None else {}

    def build_scope(self, request: httpx.Request) -> Scope:
        url = request.url
        scheme = url.scheme
        default_port = {"http": 80, "https": 443, "ws": 80, "wss": 443}.get(scheme, 80)
        port = url.port or default_port
        host_header = url.host if url.port is None else f"{url.host}:{url.port}"
        headers = [(b"host", host_header.encode())] if "host" not in request.headers else []
        headers += [(k.lower(), v) for k, v in request.headers.raw]
        return {
            "type": "http",
            "http_version": "1.1",
            "method": request.method,
            "scheme": scheme,
            "path": url.path,
            "raw_path": url.raw_path.split(b"?", 1)[0],
            "root_path": self.root_path,
            "query_string": url.query,
            "headers": headers,
            "client": ("testclient", 50000),
            "server": (url.host, port),
            "extensions": {"http.response.debug": {}},
            "state": self.app_state.copy(),
        }

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        scope = self.build_scope(request)
        body = request.read()
        request_complete = False
        status_code = 500
        response_headers: list[tuple[bytes, bytes]] = []
        chunks: list[bytes] = []
        started = False

        async def receive() -> Message:
            nonlocal request_complete
            if request_complete:
                assert done is not None
                await done.wait()
                return {"type": "http.disconnect"}
            request_complete = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: Message) -> None:
            nonlocal status_code, response_headers, started
            if message["type"] == "http.response.start":
                assert not started, 'Received multiple "http.response.start" messages.'
                started = True
                status_code = message["status"]
                response_headers = list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                assert started, 'Received "http.response.body" without "http.response.start".'
                assert done is not None
                assert not done.is_set(), 'Received "http.response.body" after response completed.'
                chunk = message.get("body", b"")
                if request.method != "HEAD" and chunk:
                    chunks.append(bytes(chunk))
                if not message.get("more_body", False):
                    done.set()

        done: anyio.Event | None = None

        async def run() -> None:
            nonlocal done
            done = anyio.Event()
            try:
                await self.app(scope, receive, send)
            finally:
                done.set()

        with self.portal_factory() as portal:
            try:
                portal.call(run)
            except BaseException:
                if self.raise_server_exceptions:
                    raise
        if not started:
            if self.raise_server_exceptions:
                assert started, "The app returned without starting a response."
            status_code, response_headers, chunks = 500, [], []
        return httpx.Response(status_code, headers=response_headers, stream=_Body(chunks), request=request)


@contextlib.contextmanager
def _noop_portal(portal: BlockingPortal) -> Iterator[BlockingPortal]:
    yield portal
