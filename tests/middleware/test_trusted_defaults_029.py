"""TrustedHost/TrustedReferrer defaults and empty referrers as in Lilya 0.29."""

from __future__ import annotations

from typing import Any

from lilya.apps import Lilya
from lilya.middleware import DefineMiddleware
from lilya.middleware.trustedhost import TrustedHostMiddleware
from lilya.middleware.trustedreferrer import TrustedReferrerMiddleware
from lilya.requests import Request
from lilya.responses import PlainText
from lilya.routing import Path


def test_default_allowed_sets() -> None:
    assert TrustedHostMiddleware(Lilya()).allowed_hosts == {"*"}
    assert TrustedReferrerMiddleware(Lilya()).allowed_referrers == set()


def flag(request: Request) -> PlainText:
    return PlainText(str(request.scope["referrer_is_trusted"]))


def app_with(allowed: list[str]) -> Lilya:
    middleware = DefineMiddleware(TrustedReferrerMiddleware, allowed_referrers=allowed, block_untrusted_referrers=True)
    return Lilya(routes=[Path("/", flag)], middleware=[middleware])


def test_empty_string_trusts_requests_without_referer(test_client_factory: Any) -> None:
    assert test_client_factory(app_with(["", "example.org"])).get("/").text == "True"
    assert test_client_factory(app_with(["example.org"])).get("/").status_code == 400


def test_star_trusts_any_referer_and_none(test_client_factory: Any) -> None:
    client = test_client_factory(app_with(["*"]))
    assert client.get("/").text == "True"
    assert client.get("/", headers={"referer": "https://elsewhere.example/page"}).text == "True"
