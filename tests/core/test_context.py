"""``g``, ``request_context`` and ``session``: per-request state that never leaks between requests."""

from __future__ import annotations

import copy
import json
from typing import Any

import anyio
import anyio.lowlevel
import pytest

from lilya.context import (
    G,
    LazyGProxy,
    RequestContext,
    SessionContext,
    activate_g,
    g,
    get_g,
    request_context,
    reset_g,
    session,
    set_g,
)
from lilya.exceptions import ImproperlyConfigured
from lilya.requests import Request
from lilya.types import ASGIApp, Receive, Scope, Send
from tests.conftest import TestClientFactory
from tests.core._injection_app import call_raw, plan_app


def with_context(app: ASGIApp) -> ASGIApp:
    """What the context middlewares do, using the helpers context.py exposes for them."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        g_token = activate_g()
        request_token = RequestContext.set_request(Request(scope, receive, send))
        session_token = SessionContext.set_session({"visits": scope["path"]})
        try:
            await app(scope, receive, send)
        finally:
            SessionContext.reset_context(session_token)
            RequestContext.reset_request(request_token)
            reset_g(g_token)

    return middleware


async def echo_context() -> Any:
    g.path = request_context.url.path  # set early, read back after other requests interleave
    session["seen"] = True
    await anyio.sleep(0.01)
    await anyio.lowlevel.checkpoint()
    return {"g": g.path, "request": request_context.url.path, "session": [session["visits"], session.get("seen")]}


def test_g_object_behaviour() -> None:
    store = G({"a": 1})
    store.b = 2
    assert store.a == 1 and store["b"] == 2 and len(store) == 2
    assert store.store == {"a": 1, "b": 2}
    clone = store.copy()
    clone.c = 3
    assert "c" not in store.store and copy.copy(store).store == store.store
    del store.a
    with pytest.raises(AttributeError, match="'G' object has no attribute 'a'"):
        store.a  # noqa: B018
    store.clear()
    assert len(store) == 0 and repr(store) == "G()"


def test_g_outside_a_request_is_a_lookup_error() -> None:
    with pytest.raises(LookupError):
        g.anything  # noqa: B018
    assert repr(g) == "<LazyGProxy [Unevaluated]>"
    assert isinstance(g, LazyGProxy)
    assert copy.copy(g).store == {}


def test_set_g_and_activate_g() -> None:
    token = set_g({"user": "ann"})
    try:
        assert g.user == "ann" and get_g().store == {"user": "ann"} and g["user"] == "ann"
        assert repr(g) == '<LazyGProxy "G()">'
    finally:
        reset_g(token)
    token = activate_g()
    try:
        g.lazy = 1  # the G is created on first use
        assert get_g().store == {"lazy": 1} and len(g) == 1
        del g.lazy
        assert g.store == {}
    finally:
        reset_g(token)
    with pytest.raises(LookupError):
        get_g()


def test_proxies_without_middleware() -> None:
    with pytest.raises(ImproperlyConfigured, match="RequestContextMiddleware"):
        request_context.url  # noqa: B018
    with pytest.raises(RuntimeError, match="RequestContextMiddleware"):
        RequestContext.get_request()
    assert repr(request_context) == "<LazyRequestProxy [Unevaluated]>"
    with pytest.raises(ImproperlyConfigured, match="SessionContextMiddleware"):
        session["x"]  # noqa: B018
    with pytest.raises(TypeError):
        SessionContext.reset_context("not a token")


def test_context_in_a_request(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(with_context(plan_app(echo_context)))
    assert client.get("/one").json() == {"g": "/one", "request": "/one", "session": ["/one", True]}


@pytest.mark.anyio
async def test_concurrent_requests_never_share_state() -> None:
    """Fifty interleaved requests: each must read back only what it wrote."""
    app = with_context(plan_app(echo_context))
    results: dict[str, Any] = {}

    async def one(path: str) -> None:
        _, body = await call_raw(app, path)
        results[path] = json.loads(body)

    async with anyio.create_task_group() as tg:
        for i in range(50):
            tg.start_soon(one, f"/r{i}")

    assert len(results) == 50
    for path, body in results.items():
        assert body == {"g": path, "request": path, "session": [path, True]}
    with pytest.raises(LookupError):
        get_g()  # nothing leaked into the test's own context


def test_context_parameter_in_a_real_app(test_client_factory: TestClientFactory) -> None:
    from lilya.apps import Lilya
    from lilya.context import Context
    from lilya.routing import Path

    async def show(context: Context, item_id: int) -> Any:
        context.add_to_context("item", item_id)
        with pytest.warns(UserWarning, match="already exists"):
            context.add_to_context("item", item_id + 1)
        return {
            "data": context.get_context_data(),
            "url": context.path_for("show", item_id=7),
            "same_app": context.app is context.scope["app"] is context.request.app,
            "debug": context.settings.debug,
            "route": context.handler.path,
        }

    app = Lilya(routes=[Path("/items/{item_id:int}", show, name="show")])
    body = test_client_factory(app).get("/items/3").json()
    assert body == {
        "data": {"item": 4},
        "url": "http://testserver/items/7",  # absolute, as Lilya's request.url_path_for gives
        "same_app": True,
        "debug": False,
        "route": "/items/{item_id:int}",
    }
