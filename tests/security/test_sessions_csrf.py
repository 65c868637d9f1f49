"""sessions and CSRF: bad session cookies give an empty session, never an error; CSRF tokens are
HMAC-signed, compared in constant time, read from multipart forms with a case-sensitive boundary."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import itsdangerous
import pytest

from lilya.apps import Lilya
from lilya.middleware import DefineMiddleware
from lilya.crypto import generate_csrf_token, tokens_match
from lilya.middleware.csrf import CSRFMiddleware
from lilya.middleware.sessions import SessionMiddleware
from lilya.requests import Request
from lilya.routing import Path

from ._raw import body_messages, call, http_scope

pytestmark = pytest.mark.anyio

SECRET = "s3cret-key"
MiB = 1024 * 1024


async def show_session(request: Request) -> dict[str, Any]:
    return {"session": dict(request.session)}


async def login(request: Request) -> dict[str, Any]:
    request.session["user"] = "alice"
    return {}


async def posted(request: Request) -> dict[str, Any]:
    form = await request.form()
    return {"form": dict(form)}


session_app = Lilya(
    routes=[Path("/", show_session), Path("/login", login)],
    middleware=[DefineMiddleware(SessionMiddleware, secret_key=SECRET, max_age=60)],
)
csrf_app = Lilya(
    routes=[Path("/", posted, methods=["GET", "POST"])],
    middleware=[DefineMiddleware(CSRFMiddleware, secret=SECRET)],
)


def signed(payload: Any, *, key: str = SECRET, age: int = 0) -> str:
    class Past(itsdangerous.TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - age

    data = base64.b64encode(json.dumps(payload).encode())
    return Past(key).sign(data).decode()


async def session_with_cookie(cookie: bytes) -> Any:
    return await call(session_app, http_scope("/", headers=[(b"cookie", cookie)]))


async def test_valid_cookie_round_trip() -> None:
    result = await call(session_app, http_scope("/login"))
    cookie = result.headers["set-cookie"].split(";", 1)[0].encode()
    assert (await session_with_cookie(cookie)).json() == {"session": {"user": "alice"}}
    assert (await session_with_cookie(b"session=" + signed({"a": 1}).encode())).json() == {"session": {"a": 1}}


@pytest.mark.parametrize(
    "cookie",
    [
        b"session=" + signed({"a": 1}, key="other").encode(),  # forged with another key
        b"session=" + signed({"a": 1}).encode()[:-3] + b"AAA",  # tampered signature
        b"session=" + signed({"a": 1}).replace("ey", "eZ", 1).encode(),  # tampered payload
        b"session=" + signed({"a": 1}, age=3600).encode(),  # expired (max_age=60)
        b"session=" + signed([1, 2]).encode(),  # not a dict
        b"session=" + signed("x").encode(),
        b"session=garbage",
        b"session=",
        b'session="',
        b"session=\xff\xfe\x00",
        b"session=" + b"A" * 100_000,  # oversized
        b"session=" + itsdangerous.TimestampSigner(SECRET).sign(b"!!!not base64").replace(b'"', b""),
        b"session=" + itsdangerous.TimestampSigner(SECRET).sign(base64.b64encode(b"{not json")),
        b"session=" + itsdangerous.TimestampSigner(SECRET).sign(base64.b64encode(b"\xff\xfe")),
    ],
    ids=lambda c: repr(c[:30]),
)
async def test_bad_cookie_gives_an_empty_session(cookie: bytes) -> None:
    result = await session_with_cookie(cookie)
    assert result.status == 200
    assert result.json() == {"session": {}}
    assert result.error is None


# -- CSRF -------------------------------------------------------------------------------------
def test_tokens_are_signed() -> None:
    token = generate_csrf_token(SECRET)
    assert tokens_match(SECRET, token, token)
    assert not tokens_match("other", token, token)
    forged = "a" * 128
    assert not tokens_match(SECRET, forged, forged)  # equal forged values fail
    assert not tokens_match(SECRET, token, generate_csrf_token(SECRET))


async def csrf_post(headers: list[tuple[bytes, bytes]], body: bytes = b"", chunk: int | None = None) -> Any:
    return await call(csrf_app, http_scope("/", method="POST", headers=headers), body_messages(body, chunk=chunk))


async def test_safe_request_issues_a_signed_token() -> None:
    result = await call(csrf_app, http_scope("/"))
    token = result.headers["set-cookie"].split(";", 1)[0].split("=", 1)[1]
    assert tokens_match(SECRET, token, token)


async def test_missing_or_forged_tokens_are_403() -> None:
    token = generate_csrf_token(SECRET)
    forged = "f" * 128
    cases = [
        [],
        [(b"cookie", f"csrftoken={token}".encode())],
        [(b"x-csrftoken", token.encode())],
        [(b"cookie", f"csrftoken={forged}".encode()), (b"x-csrftoken", forged.encode())],
        [(b"cookie", f"csrftoken={token}".encode()), (b"x-csrftoken", generate_csrf_token(SECRET).encode())],
        [(b"cookie", f"csrftoken={token}".encode()), (b"x-csrftoken", b"\xff" * 128)],
        [(b"cookie", b"csrftoken=\xff\xfe"), (b"x-csrftoken", b"\xff\xfe")],
    ]
    for headers in cases:
        result = await csrf_post(headers)
        assert result.status == 403, headers
        assert result.error is None


async def test_header_token_accepted() -> None:
    token = generate_csrf_token(SECRET)
    result = await csrf_post([(b"cookie", f"csrftoken={token}".encode()), (b"x-csrftoken", token.encode())])
    assert result.status == 200


def multipart_with_token(token: str, boundary: bytes) -> bytes:
    return (
        b"--" + boundary + b'\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n' + token.encode() + b"\r\n"
        b"--" + boundary + b'\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n'
        b"--" + boundary + b"--\r\n"
    )


async def test_multipart_form_token_and_the_form_still_reaches_the_app() -> None:
    token = generate_csrf_token(SECRET)
    headers = [(b"cookie", f"csrftoken={token}".encode()), (b"content-type", b"multipart/form-data; boundary=AbC")]
    result = await csrf_post(headers, multipart_with_token(token, b"AbC"), chunk=7)
    assert result.status == 200
    assert result.json() == {"form": {"csrf_token": token, "a": "1"}}


async def test_multipart_boundary_is_case_sensitive() -> None:
    token = generate_csrf_token(SECRET)
    headers = [(b"cookie", f"csrftoken={token}".encode()), (b"content-type", b"multipart/form-data; boundary=AbC")]
    result = await csrf_post(headers, multipart_with_token(token, b"abc"))
    assert result.status == 403


async def test_urlencoded_form_token() -> None:
    token = generate_csrf_token(SECRET)
    headers = [(b"cookie", f"csrftoken={token}".encode()), (b"content-type", b"application/x-www-form-urlencoded")]
    result = await csrf_post(headers, f"a=1&csrf_token={token}".encode())
    assert result.json() == {"form": {"a": "1", "csrf_token": token}}


async def test_oversized_form_fails_verification_while_reading() -> None:
    # Too large to look for the token in: refused (403, as Lilya 0.29) without reading the rest.
    headers = [(b"content-type", b"application/x-www-form-urlencoded")]
    messages = [{"type": "http.request", "body": b"a" * MiB, "more_body": True} for _ in range(10)]
    result = await call(csrf_app, http_scope("/", method="POST", headers=headers), messages)
    assert result.status == 403
    assert result.error is None
    assert result.received <= 4



@pytest.mark.parametrize(
    "filler,ctype",
    [
        (b"&" * (2 * MiB - 300), b"application/x-www-form-urlencoded"),
        (b"a&" * (MiB - 150), b"application/x-www-form-urlencoded"),
        (b"--B\r\n" * (400_000), b"multipart/form-data; boundary=B"),
    ],
    ids=["empty-pairs", "tiny-pairs", "empty-parts"],
)
async def test_form_floods_are_refused_cheaply(filler: bytes, ctype: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    # Decoding every one of a million pairs cost up to a second of event-loop time per request.
    from urllib.parse import unquote_plus as real_unquote

    from lilya.middleware import _body

    decoded: list[str] = []

    def counting_unquote(text: str) -> str:
        decoded.append(text)
        return real_unquote(text)

    monkeypatch.setattr(_body, "unquote_plus", counting_unquote)
    token = generate_csrf_token(SECRET)
    headers = [(b"cookie", f"csrftoken={token}".encode()), (b"content-type", ctype)]
    body = filler + b"csrf_token=" + token.encode()
    result = await csrf_post(headers, body)
    assert result.status in (403, 400, 200)
    assert result.error is None
    assert len(decoded) <= 1001


async def test_token_after_empty_pairs_is_still_found() -> None:
    token = generate_csrf_token(SECRET)
    headers = [(b"cookie", f"csrftoken={token}".encode()), (b"content-type", b"application/x-www-form-urlencoded")]
    result = await csrf_post(headers, b"&" * 100_000 + b"csrf_token=" + token.encode())
    assert result.status == 200
