"""XFrameOptions and Security: default headers that never override the app's own."""

from __future__ import annotations

import pytest

from lilya.middleware.clickjacking import XFrameOptionsMiddleware
from lilya.middleware.security import SecurityMiddleware, parse_content_policy
from lilya.responses import PlainText
from lilya.testclient import override_settings
from tests.conftest import TestClientFactory
from tests.middleware._apps import Recorder, starlette_app


def test_xframe_default_deny(test_client_factory: TestClientFactory) -> None:
    response = test_client_factory(XFrameOptionsMiddleware(PlainText("x"))).get("/")
    assert response.headers["x-frame-options"] == "DENY"


def test_xframe_app_value_wins(test_client_factory: TestClientFactory) -> None:
    app = XFrameOptionsMiddleware(PlainText("x", headers={"x-frame-options": "SAMEORIGIN"}))
    assert test_client_factory(app).get("/").headers.get_list("x-frame-options") == ["SAMEORIGIN"]


def test_xframe_from_settings() -> None:
    with override_settings(x_frame_options="sameorigin"):
        assert XFrameOptionsMiddleware(PlainText("x")).get_xframe_options() == "SAMEORIGIN"


def test_xframe_inside_starlette(test_client_factory: TestClientFactory) -> None:
    response = test_client_factory(XFrameOptionsMiddleware(starlette_app())).get("/")
    assert (response.text, response.headers["x-frame-options"]) == ("home", "DENY")


def test_security_headers(test_client_factory: TestClientFactory) -> None:
    app = SecurityMiddleware(
        PlainText("x", headers={"referrer-policy": "no-referrer"}),
        content_policy={"default-src": "'self'", "img-src": ["'self'", "data:"]},
    )
    headers = test_client_factory(app).get("/").headers
    assert headers["content-security-policy"] == "default-src 'self'; img-src 'self' data:"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["strict-transport-security"] == "max-age=31556926; includeSubDomains"
    assert headers.get_list("referrer-policy") == ["no-referrer"]


def test_security_rejects_header_injection_at_startup() -> None:
    with pytest.raises(ValueError):
        SecurityMiddleware(PlainText("x"), content_policy="default-src 'self'\r\nSet-Cookie: a=b")
    with pytest.raises(TypeError):
        parse_content_policy(3)  # type: ignore[arg-type]


def test_security_inside_starlette(test_client_factory: TestClientFactory) -> None:
    response = test_client_factory(SecurityMiddleware(starlette_app(), content_policy="default-src 'self'")).get("/")
    assert response.headers["x-frame-options"] == "DENY"


@pytest.mark.anyio
async def test_lifespan_passes_through() -> None:
    seen: list[str] = []

    async def app(scope: object, receive: object, send: object) -> None:
        seen.append("called")

    rec = Recorder()
    await XFrameOptionsMiddleware(app)({"type": "lifespan"}, rec.receive, rec.send)
    await SecurityMiddleware(app, content_policy="")({"type": "websocket"}, rec.receive, rec.send)
    assert seen == ["called", "called"]
