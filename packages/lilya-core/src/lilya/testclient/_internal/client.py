"""Behaviour shared by `TestClient` and `AsyncTestClient` that does no I/O."""

from __future__ import annotations

import contextlib
from collections.abc import Generator, Iterator, Sequence
from typing import Any, TypeVar, cast

import httpx

from lilya.testclient._internal.exchange import AUTH_USER_KEY
from lilya.testclient._internal.utils import ASGI2App, AsyncBackend, WrapASGI2, is_asgi3
from lilya.types import ASGIApp

__all__ = [
    "ClientHelpers",
    "as_asgi3",
    "make_backend",
    "redirect_option",
    "request_cookies",
    "websocket_headers",
    "websocket_url",
]

C = TypeVar("C", bound="ClientHelpers")


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


def make_backend(backend: str, backend_options: dict[str, Any] | None) -> AsyncBackend:
    return AsyncBackend(backend=backend, backend_options=backend_options or {})


class ClientHelpers:
    """Authentication helpers: the user is put in ``scope["user"]`` of every following request."""

    app: ASGIApp
    app_state: dict[str, Any]

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


