"""SessionMiddleware: signed cookies, bad cookies give empty sessions, Starlette."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import itsdangerous
import pytest

from lilya.middleware.sessions import MAX_SESSION_COOKIE_SIZE, SessionMiddleware
from lilya.requests import Request
from lilya.responses import JSONResponse
from lilya.types import Receive, Scope, Send
from tests.conftest import TestClientFactory
from tests.middleware._apps import Recorder, http_scope, starlette_app

SECRET = "s3cret"


async def session_app(scope: Scope, receive: Receive, send: Send) -> None:
    request = Request(scope, receive, send)
    session = scope["session"]
    if request.url.path == "/set":
        session.update(dict(request.query_params))
    elif request.url.path == "/clear":
        session.clear()
    await JSONResponse({"session": session})(scope, receive, send)


def forged_cookie(data: Any, secret: str = SECRET, timestamp: int | None = None) -> str:
    payload = base64.b64encode(json.dumps(data).encode())
    signer = itsdangerous.TimestampSigner(secret)
    if timestamp is not None:
        signer.get_timestamp = lambda: timestamp  # type: ignore[method-assign]
    return signer.sign(payload).decode()


def test_roundtrip_and_cookie_attributes(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(SessionMiddleware(session_app, secret_key=SECRET))
    response = client.get("/set?user=ada")
    assert response.json() == {"session": {"user": "ada"}}
    set_cookie = response.headers["set-cookie"]
    assert set_cookie.startswith('session="')
    assert "path=/; Max-Age=1209600; httponly; samesite=lax" in set_cookie
    assert "secure" not in set_cookie
    assert client.get("/").json() == {"session": {"user": "ada"}}


def test_clearing_deletes_cookie(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(SessionMiddleware(session_app, secret_key=SECRET))
    client.get("/set?a=1")
    response = client.get("/clear")
    assert "expires=Thu, 01 Jan 1970" in response.headers["set-cookie"]
    assert client.get("/").json() == {"session": {}}


def test_empty_session_sets_no_cookie(test_client_factory: TestClientFactory) -> None:
    response = test_client_factory(SessionMiddleware(session_app, secret_key=SECRET)).get("/")
    assert "set-cookie" not in response.headers


@pytest.mark.parametrize(
    "cookie",
    [
        forged_cookie({"admin": True}, secret="other"),  # forged with another key
        forged_cookie({"admin": True})[:-2] + "xx",  # tampered signature
        forged_cookie({"admin": True}, timestamp=int(time.time()) - 10_000),  # expired
        "garbage",
        '"unterminated',
        itsdangerous.TimestampSigner(SECRET).sign(b"!!notbase64!!").decode(),
        itsdangerous.TimestampSigner(SECRET).sign(base64.b64encode(b"[1, 2]")).decode(),  # not a dict
        itsdangerous.TimestampSigner(SECRET).sign(base64.b64encode(b"{bad json")).decode(),
        "x" * (MAX_SESSION_COOKIE_SIZE + 1),
    ],
)
def test_bad_cookies_give_empty_session(test_client_factory: TestClientFactory, cookie: str) -> None:
    app = SessionMiddleware(session_app, secret_key=SECRET, max_age=100)
    client = test_client_factory(app)
    client.cookies.set("session", cookie)
    response = client.get("/")
    assert response.status_code == 200
    assert response.json() == {"session": {}}


def test_valid_forged_cookie_with_right_key_is_accepted(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(SessionMiddleware(session_app, secret_key=SECRET))
    client.cookies.set("session", forged_cookie({"n": 1}))
    assert client.get("/").json() == {"session": {"n": 1}}


@pytest.mark.anyio
async def test_raw_invalid_bytes_in_cookie_header() -> None:
    rec = Recorder()
    scope = http_scope(headers=[(b"cookie", b"session=\xff\x00\x80; other=1")])
    await SessionMiddleware(session_app, secret_key=SECRET)(scope, rec.receive, rec.send)
    assert rec.status == 200
    assert scope["session"] == {}


def test_options_https_domain_and_populate(test_client_factory: TestClientFactory) -> None:
    async def populate(connection: Any) -> dict[str, Any]:
        return {"visitor": connection.url.path}

    app = SessionMiddleware(
        session_app,
        secret_key=SECRET,
        https_only=True,
        domain="example.com",
        session_cookie="sid",
        populate_session=populate,
    )
    response = test_client_factory(app, base_url="https://testserver").get("/first")
    assert response.json() == {"session": {"visitor": "/first"}}
    assert response.headers["set-cookie"].startswith('sid="')
    assert "secure; domain=example.com" in response.headers["set-cookie"]


def test_empty_secret_is_a_startup_error() -> None:
    with pytest.raises(ValueError):
        SessionMiddleware(session_app, secret_key="")


def test_inside_starlette(test_client_factory: TestClientFactory) -> None:
    app = starlette_app("home", (SessionMiddleware, {"secret_key": SECRET}))
    client = test_client_factory(app)
    client.cookies.set("session", forged_cookie({"a": 1}))
    response = client.get("/")
    assert response.text == "home"
    assert response.headers["set-cookie"].startswith('session="')
