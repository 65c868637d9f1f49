"""Client IP, request/global/session context, session fixing, async exit stack, app settings."""

from __future__ import annotations

from typing import Any

import pytest

from lilya.context import RequestContext, SessionContext, g
from lilya.exceptions import ImproperlyConfigured
from lilya.middleware.app_settings import ApplicationSettingsMiddleware
from lilya.middleware.asyncexit import AsyncExitStackMiddleware
from lilya.middleware.clientip import ClientIPMiddleware, ClientIPScopeOnlyMiddleware
from lilya.middleware.global_context import GlobalContextMiddleware, LifespanGlobalContextMiddleware
from lilya.middleware.request_context import RequestContextMiddleware
from lilya.middleware.session_context import SessionContextMiddleware
from lilya.middleware.session_fixing import SessionFixingMiddleware
from lilya.middleware.sessions import SessionMiddleware
from lilya.requests import Request
from lilya.responses import JSONResponse, PlainText
from lilya.types import Receive, Scope, Send
from tests.conftest import TestClientFactory
from tests.middleware._apps import Recorder, http_scope, starlette_app


async def show_ip(scope: Scope, receive: Receive, send: Send) -> None:
    headers = dict((k.decode(), v.decode()) for k, v in scope["headers"])
    await JSONResponse({"ip": scope["real-clientip"], "x-real-ip": headers.get("x-real-ip")})(scope, receive, send)


def test_client_ip_scope_only(test_client_factory: TestClientFactory) -> None:
    response = test_client_factory(ClientIPScopeOnlyMiddleware(show_ip)).get("/", headers={"x-real-ip": "6.6.6.6"})
    assert response.json() == {"ip": "testclient", "x-real-ip": "6.6.6.6"}


@pytest.mark.anyio
async def test_client_ip_header_cannot_be_spoofed() -> None:
    rec = Recorder()
    headers = [(b"x-real-ip", b"6.6.6.6"), (b"x-forwarded-for", b"7.7.7.7")]
    scope = http_scope(headers=headers, client=("198.51.100.7", 4321))  # a peer on the network
    await ClientIPMiddleware(show_ip)(scope, rec.receive, rec.send)
    assert scope["real-clientip"] == "198.51.100.7"
    assert [v for k, v in scope["headers"] if k == b"x-real-ip"] == [b"198.51.100.7"]


def test_the_test_client_is_a_local_peer_whose_forwarding_is_trusted(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(ClientIPMiddleware(show_ip))
    response = client.get("/", headers={"x-real-ip": "6.6.6.6", "x-forwarded-for": "7.7.7.7"})
    assert response.json() == {"ip": "7.7.7.7", "x-real-ip": "7.7.7.7"}
    assert client.get("/").json() == {"ip": "testclient", "x-real-ip": "testclient"}


@pytest.mark.anyio
async def test_client_ip_through_trusted_proxy() -> None:
    rec = Recorder()
    scope = http_scope(headers=[(b"x-forwarded-for", b"203.0.113.9, 10.0.0.2")], client=("10.0.0.1", 1234))
    await ClientIPMiddleware(show_ip, trusted_proxies=["10.0.0.1", "10.0.0.2"])(scope, rec.receive, rec.send)
    assert scope["real-clientip"] == "203.0.113.9"
    untrusted = http_scope(headers=[(b"x-forwarded-for", b"203.0.113.9")], client=("10.0.0.5", 1))
    await ClientIPMiddleware(show_ip, trusted_proxies=["10.0.0.1"])(untrusted, rec.receive, rec.send)
    assert untrusted["real-clientip"] == "10.0.0.5"


def test_client_ip_inside_starlette(test_client_factory: TestClientFactory) -> None:
    assert test_client_factory(starlette_app("home", (ClientIPMiddleware, {}))).get("/").text == "home"


async def uses_request_context(scope: Scope, receive: Receive, send: Send) -> None:
    await PlainText(RequestContext.get_request().url.path)(scope, receive, send)


def test_request_context(test_client_factory: TestClientFactory) -> None:
    assert test_client_factory(RequestContextMiddleware(uses_request_context)).get("/here").text == "/here"
    with pytest.raises(RuntimeError):
        RequestContext.get_request()  # reset after the request


def test_request_context_inside_starlette(test_client_factory: TestClientFactory) -> None:
    assert test_client_factory(starlette_app("home", (RequestContextMiddleware, {}))).get("/").text == "home"


async def uses_g(scope: Scope, receive: Receive, send: Send) -> None:
    before = dict(g.store) if hasattr(g, "store") else {}
    g.counter = getattr(g, "counter", 0) + 1
    await JSONResponse({"before": sorted(before), "counter": g.counter})(scope, receive, send)


def test_global_context_is_per_request(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(GlobalContextMiddleware(uses_g))
    assert client.get("/").json()["counter"] == 1
    assert client.get("/").json()["counter"] == 1


def test_global_context_populate(test_client_factory: TestClientFactory) -> None:
    async def populate(connection: Any) -> dict[str, Any]:
        return {"counter": 10}

    client = test_client_factory(GlobalContextMiddleware(uses_g, populate_context=populate))
    assert client.get("/").json()["counter"] == 11


@pytest.mark.anyio
async def test_lifespan_global_context_only_for_lifespan() -> None:
    seen: dict[str, Any] = {}

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        g.during = scope["type"]
        seen[scope["type"]] = g.during

    rec = Recorder()
    await LifespanGlobalContextMiddleware(app)({"type": "lifespan"}, rec.receive, rec.send)
    assert seen == {"lifespan": "lifespan"}
    with pytest.raises(LookupError):
        await LifespanGlobalContextMiddleware(app)(http_scope(), rec.receive, rec.send)


def test_global_context_inside_starlette(test_client_factory: TestClientFactory) -> None:
    assert test_client_factory(starlette_app("home", (GlobalContextMiddleware, {}))).get("/").text == "home"


async def session_counter(scope: Scope, receive: Receive, send: Send) -> None:
    session = SessionContext.get_session()
    session["n"] = session.get("n", 0) + 1
    await JSONResponse({"n": session["n"], "root": scope["session"]})(scope, receive, send)


def test_session_context_with_sub_path(test_client_factory: TestClientFactory) -> None:
    app = SessionMiddleware(SessionContextMiddleware(session_counter, sub_path="cart"), secret_key="k")
    client = test_client_factory(app)
    assert client.get("/").json() == {"n": 1, "root": {"cart": {"n": 1}}}
    assert client.get("/").json()["n"] == 2


def test_session_context_without_sessions_is_a_clear_error(test_client_factory: TestClientFactory) -> None:
    with pytest.raises(ImproperlyConfigured, match="SessionMiddleware"):
        test_client_factory(SessionContextMiddleware(session_counter)).get("/")


def test_session_context_inside_starlette(test_client_factory: TestClientFactory) -> None:
    app = starlette_app("home", (SessionMiddleware, {"secret_key": "k"}), (SessionContextMiddleware, {}))
    assert test_client_factory(app).get("/").text == "home"


def test_session_fixing_resets_on_ip_change(test_client_factory: TestClientFactory) -> None:
    events: list[tuple[Any, Any]] = []

    def notify(*, old_session: dict[str, Any], old_ip: str | None, new_session: dict[str, Any], new_ip: str) -> None:
        events.append((old_ip, new_ip))

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        scope["session"]["secret"] = "mine"
        await JSONResponse(scope["session"])(scope, receive, send)

    def set_ip(ip: str) -> Any:
        def middleware(inner: Any) -> Any:
            async def call(scope: Scope, receive: Receive, send: Send) -> None:
                scope["real-clientip"] = ip
                await inner(scope, receive, send)

            return call

        return middleware

    first = test_client_factory(
        SessionMiddleware(set_ip("1.1.1.1")(SessionFixingMiddleware(app, notify_fn=notify)), secret_key="k")
    )
    first.get("/")
    second = test_client_factory(
        SessionMiddleware(set_ip("2.2.2.2")(SessionFixingMiddleware(app, notify_fn=notify)), secret_key="k")
    )
    second.cookies = first.cookies
    assert second.get("/").json() == {"real-clientip": "2.2.2.2", "secret": "mine"}
    assert events == [(None, "1.1.1.1"), ("1.1.1.1", "2.2.2.2")]


def test_session_fixing_needs_client_ip(test_client_factory: TestClientFactory) -> None:
    with pytest.raises(ImproperlyConfigured, match="ClientIPMiddleware"):
        test_client_factory(SessionMiddleware(SessionFixingMiddleware(PlainText("x")), secret_key="k")).get("/")


def test_session_fixing_inside_starlette(test_client_factory: TestClientFactory) -> None:
    app = starlette_app(
        "home", (SessionMiddleware, {"secret_key": "k"}), (ClientIPMiddleware, {}), (SessionFixingMiddleware, {})
    )
    assert test_client_factory(app).get("/").text == "home"


def test_async_exit_stack_closes_after_request_and_on_error(test_client_factory: TestClientFactory) -> None:
    closed: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        async def cleanup() -> None:
            closed.append(Request(scope).url.path)

        scope["lilya_asyncexitstack"].push_async_callback(cleanup)
        if scope["path"] == "/fail":
            raise ValueError("fail")
        await PlainText("ok")(scope, receive, send)

    client = test_client_factory(AsyncExitStackMiddleware(app))
    assert client.get("/ok").text == "ok"
    with pytest.raises(ValueError):
        client.get("/fail")
    assert closed == ["/ok", "/fail"]


def test_async_exit_inside_starlette(test_client_factory: TestClientFactory) -> None:
    assert test_client_factory(starlette_app("home", (AsyncExitStackMiddleware, {}))).get("/").text == "home"


def test_app_settings_is_deprecated_pass_through(test_client_factory: TestClientFactory) -> None:
    with pytest.warns(DeprecationWarning):
        app = ApplicationSettingsMiddleware(PlainText("x"))
    assert test_client_factory(app).get("/").text == "x"


def test_lifespan_global_context_inside_starlette(test_client_factory: TestClientFactory) -> None:
    import contextlib
    from collections.abc import AsyncIterator

    from starlette.applications import Starlette
    from starlette.middleware import Middleware as StarletteMiddleware

    seen: list[Any] = []

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        g.started = True
        seen.append(g.started)
        yield

    app = Starlette(lifespan=lifespan, middleware=[StarletteMiddleware(LifespanGlobalContextMiddleware)])
    with test_client_factory(app):
        pass
    assert seen == [True]


def test_app_settings_inside_starlette(test_client_factory: TestClientFactory) -> None:
    with pytest.warns(DeprecationWarning):
        app = starlette_app("home", (ApplicationSettingsMiddleware, {}))
        assert test_client_factory(app).get("/").text == "home"
