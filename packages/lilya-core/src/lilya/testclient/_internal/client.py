"""Behaviour shared by `TestClient` and `AsyncTestClient` that does no I/O."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Generator, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Generic, Literal, TypedDict, TypeVar, cast

import httpx

from lilya.testclient._internal.exchange import AUTH_USER_KEY
from lilya.testclient._internal.lifespan import LifespanDriver
from lilya.testclient._internal.utils import ASGI2App, AsyncBackend, WrapASGI2, is_asgi3
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
    "ClientHelpers",
    "RequestOptions",
    "as_asgi3",
    "make_backend",
    "prepare_request",
    "redirect_option",
    "request_cookies",
    "websocket_headers",
    "websocket_url",
]

C = TypeVar("C", bound="ClientHelpers[Any]")
R = TypeVar("R")  # what ``request`` returns: a response, or (async client) a coroutine of one


class RequestOptions(TypedDict, total=False):
    """The keyword arguments of both clients' ``request`` (httpx's, plus ``stream``)."""

    content: RequestContent | None
    data: RequestData | None
    files: RequestFiles | None
    json: Any
    params: QueryParamTypes | None
    headers: HeaderTypes | None
    cookies: CookieTypes | None
    auth: AuthTypes | UseClientDefault
    follow_redirects: bool | None
    timeout: TimeoutTypes | UseClientDefault
    extensions: dict[str, Any] | None
    stream: bool


def as_asgi3(app: Any) -> ASGIApp:
    """Wrap an ASGI2 app so that the transports only ever deal with ASGI3."""
    return app if is_asgi3(app) else WrapASGI2(cast(ASGI2App, app))


def websocket_headers(subprotocols: Sequence[str] | None, headers: Any) -> httpx.Headers:
    """The handshake headers of a WebSocket request, keeping any the test passed."""
    merged = httpx.Headers(headers)
    merged.setdefault("connection", "upgrade")
    merged.setdefault("sec-websocket-key", "testserver==")
    merged.setdefault("sec-websocket-version", "13")
    if subprotocols is not None:
        merged.setdefault("sec-websocket-protocol", ", ".join(subprotocols))
    return merged


def websocket_url(client: httpx.Client | httpx.AsyncClient, url: Any) -> httpx.URL:
    """`url` resolved against the base URL, with its scheme switched to ws/wss."""
    merged = client._merge_url(url)
    return merged.copy_with(scheme="wss" if merged.scheme in ("https", "wss") else "ws")


@contextlib.contextmanager
def request_cookies(client: httpx.Client | httpx.AsyncClient, cookies: Any) -> Iterator[None]:
    """Per-request cookies, merged into the jar for one request (httpx deprecated passing them)."""
    if cookies is None:
        yield
        return
    saved = dict(client.cookies)
    client.cookies.update(cookies)
    try:
        yield
    finally:
        client.cookies.clear()
        client.cookies.update(saved)


def redirect_option(follow_redirects: bool | None) -> Any:
    """``None`` means "the client's setting", which httpx spells USE_CLIENT_DEFAULT."""
    return httpx.USE_CLIENT_DEFAULT if follow_redirects is None else follow_redirects


def prepare_request(
    client: httpx.Client | httpx.AsyncClient, method: str, url: URLTypes, options: RequestOptions
) -> tuple[httpx.Request, dict[str, Any]]:
    """The request to send and the keyword arguments of ``send`` (call inside ``request_cookies``)."""
    fields: dict[str, Any] = dict(options)
    send_options = {
        "auth": fields.pop("auth", httpx.USE_CLIENT_DEFAULT),
        "follow_redirects": redirect_option(fields.pop("follow_redirects", None)),
        "stream": fields.pop("stream", False),
    }
    return client.build_request(method, url, **fields), send_options


def make_backend(backend: str, backend_options: dict[str, Any] | None) -> AsyncBackend:
    return AsyncBackend(backend=backend, backend_options=backend_options or {})


class ClientHelpers(Generic[R]):
    """What both clients share: construction, the HTTP verbs, the lifespan and authentication.

    Mixed in before ``httpx.Client`` / ``httpx.AsyncClient``; a subclass builds its transport and
    defines ``request``, which returns a response (sync) or a coroutine of one (async): each verb
    hands that back as it is, so ``await client.get(...)`` works on the async client.
    """

    request: Callable[..., R]

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
        # Kept for code that inspects it (the async client runs in the caller's loop).
        self.async_backend = make_backend(backend, backend_options)
        self.app_state: dict[str, Any] = {}
        self._lifespan = LifespanDriver(self.app, self.app_state)
        all_headers = httpx.Headers(headers)
        all_headers.setdefault("user-agent", "testclient")
        transport = self._make_transport(
            raise_server_exceptions=raise_server_exceptions, root_path=root_path, app_state=self.app_state,
            check_asgi_conformance=check_asgi_conformance,
        )  # fmt: skip
        # Cooperative: the next class in the MRO is httpx's client.
        super().__init__(  # type: ignore[call-arg]
            base_url=base_url, headers=all_headers, transport=transport, follow_redirects=follow_redirects,
            cookies=cookies,
        )  # fmt: skip

    def _make_transport(self, **options: Any) -> httpx.BaseTransport | httpx.AsyncBaseTransport:
        raise NotImplementedError  # pragma: no cover - each client builds its own

    def get(self, url: URLTypes, **kwargs: Any) -> R:
        return self.request("GET", url, **kwargs)

    def head(self, url: URLTypes, **kwargs: Any) -> R:
        return self.request("HEAD", url, **kwargs)

    def query(self, url: URLTypes, **kwargs: Any) -> R:
        return self.request("QUERY", url, **kwargs)

    def post(self, url: URLTypes, **kwargs: Any) -> R:
        return self.request("POST", url, **kwargs)

    def put(self, url: URLTypes, **kwargs: Any) -> R:
        return self.request("PUT", url, **kwargs)

    def patch(self, url: URLTypes, **kwargs: Any) -> R:
        return self.request("PATCH", url, **kwargs)

    def delete(self, url: URLTypes, **kwargs: Any) -> R:
        return self.request("DELETE", url, **kwargs)

    def options(self, url: URLTypes, **kwargs: Any) -> R:
        return self.request("OPTIONS", url, **kwargs)

    async def lifespan(self) -> None:
        """Run the app's lifespan protocol (inside the client's event loop)."""
        await self._lifespan.run()

    async def wait_startup(self) -> None:
        await self._lifespan.startup()

    async def wait_shutdown(self) -> None:
        await self._lifespan.shutdown()

    def authenticate(self: C, user: Any) -> C:
        """Send every following request as `user` (``scope["user"]`` and ``state.user``)."""
        self.app_state[AUTH_USER_KEY] = user
        return self

    def logout(self: C) -> C:
        """Stop sending requests as the authenticated user."""
        self.app_state.pop(AUTH_USER_KEY, None)
        return self

    @contextlib.contextmanager
    def authenticated(self: C, user: Any) -> Generator[C, None, None]:
        """Authenticate as `user` inside the block only, restoring the previous user after it."""
        missing = object()
        previous = self.app_state.get(AUTH_USER_KEY, missing)
        self.app_state[AUTH_USER_KEY] = user
        try:
            yield self
        finally:
            if previous is missing:
                self.app_state.pop(AUTH_USER_KEY, None)
            else:
                self.app_state[AUTH_USER_KEY] = previous


