"""``lilya.authentication``: users, credentials and the ``requires`` guard."""

from __future__ import annotations

from typing import Any

import pytest

from lilya.authentication import (
    AnonymousUser,
    AuthCredentials,
    AuthenticationBackend,
    AuthResult,
    BaseUser,
    BasicUser,
    UserInterface,
    has_required_scope,
    requires,
)
from lilya.requests import Request
from lilya.types import ASGIApp, Receive, Scope, Send
from lilya.websockets import WebSocket, WebSocketDisconnect
from tests.conftest import TestClientFactory
from tests.core._injection_app import plan_app


def with_auth(app: ASGIApp) -> ASGIApp:
    """Grants the scopes listed in the ``x-scopes`` header (what AuthenticationMiddleware would do)."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        raw = dict(scope.get("headers", [])).get(b"x-scopes")
        if raw is not None:
            scope["auth"] = AuthCredentials(raw.decode().split(","))
            scope["user"] = BasicUser("ann")
        await app(scope, receive, send)

    return middleware


def test_users_and_credentials() -> None:
    user = BasicUser("ann")
    assert user.is_authenticated and user.display_name == "ann" and user.unique_identifier == "ann"
    user.id = 7  # type: ignore[attr-defined]
    assert user.unique_identifier == "7"
    anonymous = AnonymousUser()
    assert not anonymous.is_authenticated and anonymous.display_name == "" and anonymous.unique_identifier == ""
    assert isinstance(user, UserInterface) and BaseUser is UserInterface
    assert AuthCredentials().scopes == [] and AuthCredentials(("a", "b")).scopes == ["a", "b"]


@pytest.mark.anyio
async def test_backend_contract() -> None:
    class TokenBackend(AuthenticationBackend):
        async def authenticate(self, connection: Any, /, **kwargs: Any) -> AuthResult | None:
            return AuthCredentials(["read"]), BasicUser("ann")

    credentials, user = await TokenBackend().authenticate(None) or (None, None)
    assert credentials is not None and credentials.scopes == ["read"] and user is not None
    with pytest.raises(TypeError):
        AuthenticationBackend()  # type: ignore[abstract]


def test_has_required_scope() -> None:
    request = Request({"type": "http", "auth": AuthCredentials(["a", "b"])})
    assert has_required_scope(request, ["a"]) and has_required_scope(request, ["a", "b"])
    assert not has_required_scope(request, ["c"])
    assert not has_required_scope(Request({"type": "http"}), ["a"])


@requires("read")
async def read_only(request: Request) -> Any:
    return {"user": request.scope["user"].display_name}


@requires(["read", "write"], status_code=404)
def write(request: Request) -> Any:
    return "written"


@requires("admin", redirect="/login")
async def admin(request: Request) -> Any:
    return "admin"


def test_requires_on_http(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(with_auth(plan_app(read_only)))
    assert client.get("/", headers={"x-scopes": "read"}).json() == {"user": "ann"}
    assert client.get("/", headers={"x-scopes": "other"}).status_code == 403
    assert client.get("/").status_code == 403  # no AuthenticationMiddleware: no scopes

    sync_client = test_client_factory(with_auth(plan_app(write)))
    assert sync_client.get("/", headers={"x-scopes": "read,write"}).json() == "written"
    assert sync_client.get("/", headers={"x-scopes": "read"}).status_code == 404


def test_requires_redirect(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(with_auth(plan_app(admin)), follow_redirects=False)
    response = client.get("/area?x=1")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=http%3A%2F%2Ftestserver%2Farea%3Fx%3D1"


def test_requires_websocket_closes(test_client_factory: TestClientFactory) -> None:
    @requires("chat")
    async def chat(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.send_text("hello")
        await websocket.close()

    client = test_client_factory(with_auth(plan_app(chat)))
    with client.websocket_connect("/ws", headers={"x-scopes": "chat"}) as ws:
        assert ws.receive_text() == "hello"
    with pytest.raises(WebSocketDisconnect) as info:
        with client.websocket_connect("/ws") as ws:
            ws.receive_text()
    assert info.value.code == 1000


def test_requires_needs_a_connection_parameter() -> None:
    with pytest.raises(Exception, match='No "request" or "websocket" argument'):

        @requires("x")
        async def nothing() -> None:
            return None

    @requires("x", raise_for_missing_conn=False)
    async def tolerated() -> str:
        return "ran"

    @requires("x", conn_param="conn")
    async def named(conn: Request) -> str:
        return "named"

    assert tolerated.__name__ == "tolerated" and named.__name__ == "named"
