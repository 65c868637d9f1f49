"""JWT tokens, signed URLs and CSRF helpers: forged, expired and malformed input never passes."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import jwt
import pytest

from lilya.apps import Lilya
from lilya.contrib.security.csrf import build_csrf_cookie, ensure_csrf_cookie, get_or_set_csrf_token, tokens_match
from lilya.contrib.security.jwt.token import Token
from lilya.contrib.security.signed_urls import SignedRedirect, SignedURLGenerator
from lilya.crypto import generate_csrf_token
from lilya.exceptions import ImproperlyConfigured
from lilya.requests import Request
from lilya.responses import PlainText
from lilya.routing import Path
from tests.conftest import TestClientFactory

KEY = "k" * 32


def _future(seconds: int = 60) -> datetime:
    return datetime.now(timezone.utc) + timedelta(seconds=seconds)


def test_token_round_trip_and_unset_claims_left_out() -> None:
    encoded = Token(exp=_future(), sub="42").encode(KEY, "HS256", claims_extra={"role": "admin"})
    claims = jwt.decode(encoded, KEY, algorithms=["HS256"])
    assert set(claims) == {"exp", "iat", "sub", "role"}
    assert Token.decode(encoded, KEY, algorithms=["HS256"]).sub == "42"


def test_token_algorithms_are_pinned() -> None:
    encoded = Token(exp=_future()).encode(KEY, "HS256")
    for algorithms in ([], ["none"]):
        with pytest.raises(ImproperlyConfigured):
            Token.decode(encoded, KEY, algorithms=algorithms)
    with pytest.raises(jwt.InvalidAlgorithmError):
        Token.decode(encoded, KEY, algorithms=["HS512"])
    unsigned = jwt.encode({"exp": int(_future().timestamp())}, key=None, algorithm="none")
    with pytest.raises(jwt.PyJWTError):
        Token.decode(unsigned, KEY, algorithms=["HS256"])


def test_forged_expired_and_malformed_tokens_raise_pyjwt_errors() -> None:
    encoded = Token(exp=_future()).encode(KEY, "HS256")
    with pytest.raises(jwt.InvalidSignatureError):
        Token.decode(encoded, "another key " * 3, algorithms=["HS256"])
    expired = jwt.encode({"exp": int(time.time()) - 10}, KEY, algorithm="HS256")
    with pytest.raises(jwt.ExpiredSignatureError):
        Token.decode(expired, KEY, algorithms=["HS256"])
    with pytest.raises(jwt.DecodeError):
        Token.decode("not.a.token", KEY, algorithms=["HS256"])


def test_audience_and_issuer_checked_only_when_given() -> None:
    encoded = Token(exp=_future(), aud="shop", iss="auth").encode(KEY, "HS256")
    assert Token.decode(encoded, KEY, algorithms=["HS256"]).aud == "shop"
    assert Token.decode(encoded, KEY, algorithms=["HS256"], audience="shop", issuer="auth").iss == "auth"
    with pytest.raises(jwt.InvalidAudienceError):
        Token.decode(encoded, KEY, algorithms=["HS256"], audience="bank")
    with pytest.raises(jwt.InvalidIssuerError):
        Token.decode(encoded, KEY, algorithms=["HS256"], issuer="other")


def test_token_refuses_a_past_expiry() -> None:
    with pytest.raises(ValueError):
        Token(exp=datetime.now(timezone.utc) - timedelta(minutes=5))


def test_signed_url_round_trip_and_tampering() -> None:
    signer = SignedURLGenerator("secret")
    signed = signer.sign("https://example.com/files/1?user=ann", expires_in=60)
    assert signer.verify(signed)
    assert not signer.verify(signed.replace("user=ann", "user=bob"))
    assert not signer.verify(signed.replace("/files/1", "/files/2"))
    assert not SignedURLGenerator("other").verify(signed)
    assert not signer.verify("https://example.com/files/1?expires=notanumber&sig=abc")
    assert not signer.verify("https://example.com/files/1?sig=%FF%FE&expires=99999999999")
    assert not signer.verify("https://example.com/?" + "a=b&" * 5000)
    assert not signer.verify(signer.sign("/x", expires_in=-1))


def test_signed_url_algorithm_checked_at_construction() -> None:
    for bad in ("md5", "nope", ""):
        with pytest.raises(ImproperlyConfigured):
            SignedURLGenerator("secret", algorithm=bad)
    with pytest.raises(ImproperlyConfigured):
        SignedURLGenerator("")


def test_signed_redirect_and_verification_in_a_handler(test_client_factory: TestClientFactory) -> None:
    signer = SignedURLGenerator("secret")

    async def share() -> SignedRedirect:
        return SignedRedirect("/download?file=a.txt", signer, expires_in=30)

    async def download(request: Request) -> PlainText:
        if not signer.verify(str(request.url)):
            return PlainText("Forbidden", status_code=403)
        return PlainText(request.query_params["file"])

    client = test_client_factory(Lilya(routes=[Path("/share", share), Path("/download", download)]))
    assert client.get("/share").text == "a.txt"
    assert client.get("/download?file=a.txt&expires=9999999999&sig=forged").status_code == 403


def test_csrf_helpers_use_the_middleware_tokens(test_client_factory: TestClientFactory) -> None:
    cookie = build_csrf_cookie("s3cret", secure=True)
    assert cookie.value is not None and tokens_match("s3cret", cookie.value, cookie.value)
    assert not tokens_match("other", cookie.value, cookie.value)

    async def form(request: Request) -> PlainText:
        response = PlainText("")
        response.body = (get_or_set_csrf_token(request, "s3cret", response=response) or "").encode()
        return response

    client = test_client_factory(Lilya(routes=[Path("/", form)]))
    first = client.get("/")
    assert "csrftoken=" in first.headers["set-cookie"]
    genuine = generate_csrf_token("s3cret")
    assert client.get("/", cookies={"csrftoken": genuine}).text == genuine
    forged = client.get("/", cookies={"csrftoken": "f" * 128})
    assert forged.text != "f" * 128 and "set-cookie" in forged.headers


def test_csrf_cookie_options_reach_the_cookie(test_client_factory: TestClientFactory) -> None:
    async def form(request: Request) -> PlainText:
        response = PlainText("")
        token = get_or_set_csrf_token(
            request, "s3cret", response=response, cookie_name="xsrf", path="/forms", httponly=True, samesite="strict"
        )
        response.body = (token or "").encode()
        return response

    client = test_client_factory(Lilya(routes=[Path("/", form)]))
    cookie = client.get("/").headers["set-cookie"].lower()
    assert cookie.startswith("xsrf=") and "path=/forms" in cookie
    assert "httponly" in cookie and "samesite=strict" in cookie
    genuine = generate_csrf_token("s3cret")
    assert client.get("/", cookies={"xsrf": genuine}).text == genuine  # read under the configured name too
    with pytest.raises(TypeError):
        ensure_csrf_cookie("s3cret", max_age=10)  # type: ignore[call-arg]
