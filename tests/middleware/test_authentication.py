"""AuthenticationMiddleware and BaseAuthMiddleware."""

from __future__ import annotations

from typing import Any

import pytest

from lilya.authentication import AuthCredentials, AuthenticationBackend, BasicUser
from lilya.exceptions import AuthenticationError
from lilya.middleware.authentication import AuthenticationMiddleware, BaseAuthMiddleware
from lilya.responses import JSONResponse, PlainText, Response
from lilya.types import Receive, Scope, Send
from tests.conftest import TestClientFactory
from tests.middleware._apps import Recorder, starlette_app


class TokenBackend(AuthenticationBackend):
    async def authenticate(self, connection: Any, /, **kwargs: Any) -> Any:
        token = connection.headers.get("authorization")
        if token is None:
            return None
        if token != "Bearer good":
            raise AuthenticationError("Invalid token")
        return AuthCredentials(["read"]), BasicUser("ada")


class Nobody(AuthenticationBackend):
    async def authenticate(self, connection: Any, /, **kwargs: Any) -> Any:
        return None


async def whoami(scope: Scope, receive: Receive, send: Send) -> None:
    user = scope["user"]
    await JSONResponse(
        {"user": user.display_name, "authenticated": user.is_authenticated, "scopes": scope["auth"].scopes}
    )(scope, receive, send)


def test_authenticated_and_anonymous(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(AuthenticationMiddleware(whoami, backend=[Nobody(), TokenBackend()]))
    assert client.get("/", headers={"authorization": "Bearer good"}).json() == {
        "user": "ada",
        "authenticated": True,
        "scopes": ["read"],
    }
    assert client.get("/").json()["authenticated"] is False


def test_error_is_400_or_custom(test_client_factory: TestClientFactory) -> None:
    response = test_client_factory(AuthenticationMiddleware(whoami, backend=TokenBackend())).get(
        "/", headers={"authorization": "x"}
    )
    assert (response.status_code, response.text) == (400, "Invalid token")

    def on_error(connection: Any, exc: Exception) -> Response:
        return PlainText("nope", status_code=401)

    custom = AuthenticationMiddleware(whoami, backend=TokenBackend(), on_error=on_error)
    assert test_client_factory(custom).get("/", headers={"authorization": "x"}).status_code == 401


@pytest.mark.anyio
async def test_websocket_error_closes() -> None:
    rec = Recorder()
    scope = {"type": "websocket", "path": "/", "headers": [(b"authorization", b"bad")]}
    await AuthenticationMiddleware(whoami, backend=TokenBackend())(scope, rec.receive, rec.send)
    assert rec.sent[0]["type"] == "websocket.close"


def test_backend_required_unless_subclassed() -> None:
    with pytest.raises(AssertionError):
        AuthenticationMiddleware(whoami)

    class Custom(BaseAuthMiddleware):
        async def authenticate(self, conn: Any, **kwargs: Any) -> Any:
            return AuthCredentials(), BasicUser("custom")

    assert Custom(whoami).scopes == {"http", "websocket"}


def test_override_marked_as_needing_a_backend_still_needs_one() -> None:
    class StillUsesBackends(AuthenticationMiddleware):
        async def authenticate(self, conn: Any, **kwargs: Any) -> Any:
            return await super().authenticate(conn, **kwargs)

        setattr(authenticate, "requires_backend", True)

    class OwnLogic(AuthenticationMiddleware):
        async def authenticate(self, conn: Any, **kwargs: Any) -> Any:
            return AuthCredentials(["own"]), BasicUser("own")

    with pytest.raises(AssertionError, match="backend"):
        StillUsesBackends(whoami)
    assert OwnLogic(whoami).backend == []
    assert StillUsesBackends(whoami, backend=Nobody()).backend[0].__class__ is Nobody


def test_subclass_without_backend_serves(test_client_factory: TestClientFactory) -> None:
    class OwnLogic(AuthenticationMiddleware):
        async def authenticate(self, conn: Any, **kwargs: Any) -> Any:
            return AuthCredentials(["own"]), BasicUser("own")

    response = test_client_factory(OwnLogic(whoami)).get("/")
    assert response.json() == {"user": "own", "authenticated": True, "scopes": ["own"]}


def test_inside_starlette(test_client_factory: TestClientFactory) -> None:
    app = starlette_app("home", (AuthenticationMiddleware, {"backend": TokenBackend()}))
    client = test_client_factory(app)
    assert client.get("/", headers={"authorization": "Bearer good"}).text == "home"
    assert client.get("/", headers={"authorization": "bad"}).status_code == 400
