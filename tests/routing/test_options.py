"""Route options defined once (lilya.routing.options): signatures, defaults, positional use, errors."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest

from lilya.apps import Lilya
from lilya.routing import Host, Include, Path, Router, WebSocketPath
from lilya.routing.lifespan import serve_lifespan
from lilya.routing.options import (
    DEFAULTS,
    HOOKS,
    STACK,
    HandlerOptions,
    IncludeMethodOptions,
    IncludeOptions,
    MountOptions,
    PathOptions,
    RouteOptions,
    RouterOptions,
    WebSocketPathOptions,
    apply_options,
    route_options,
)
from lilya.types import Message, Receive, Scope, Send
from tests.apps.test_app_lifespan import _drive
from tests.conftest import TestClientFactory


async def home() -> str:
    return "home"


def _params(obj: Any) -> dict[str, inspect.Parameter]:
    return dict(inspect.signature(obj).parameters)


@pytest.mark.parametrize(
    ("target", "options"),
    [
        (Path, PathOptions),
        (WebSocketPath, WebSocketPathOptions),
        (Include, IncludeOptions),
        (Host, RouteOptions),
        (Router, RouterOptions),
        (Router.add_route, HandlerOptions),
        (Router.add_websocket_route, RouteOptions),
        (Router.include, IncludeMethodOptions),
        (Router.get, HandlerOptions),
        (Router.route, HandlerOptions),
        (Router.websocket, RouteOptions),
        (Lilya.post, HandlerOptions),
        (Lilya.add_route, HandlerOptions),
        (Lilya.include, IncludeMethodOptions),
        (Lilya.add_child_lilya, MountOptions),
        (Lilya.add_asgi_app, MountOptions),
    ],
)
def test_signatures_list_every_option_with_its_default(target: Any, options: Any) -> None:
    params = _params(target)
    assert not [p for p in params.values() if p.kind is p.VAR_KEYWORD]  # no **options to the outside
    for name in options.__annotations__:
        assert name in params, f"{target.__qualname__} does not show {name!r}"
        assert params[name].annotation  # the type of the option, as written once
    assert params["middleware"].default is None


def test_signature_orders_and_kinds_follow_lilya() -> None:
    assert list(_params(Router.get)) == ["self", "path", "name", *STACK, "include_in_schema", *HOOKS]
    assert list(_params(Path))[4:7] == ["include_in_schema", "middleware", "permissions"]
    assert all(p.kind is p.KEYWORD_ONLY for name, p in _params(Path).items() if name not in ("path", "handler"))
    add_route = list(_params(Lilya.add_route))
    assert add_route.index("include_in_schema") == add_route.index("exception_handlers") + 1
    assert _params(Lilya.add_asgi_app)["deprecated"].default is None
    assert _params(Include)["redirect_slashes"].default is DEFAULTS["redirect_slashes"] is True


def test_defaults_are_filled_in_and_options_stored_as_attributes() -> None:
    route = Path("/", home)
    assert (route.middleware, route.permissions, route.exception_handlers) == ([], [], {})
    assert (route.include_in_schema, route.deprecated, route.max_body_size) == (True, False, None)
    given = [lambda scope, receive, send: None]
    route = Path("/", home, before_request=given, include_in_schema=False)
    assert route.before_request == given and route.before_request is not given  # a copy
    assert route.include_in_schema is False


def test_unknown_option_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'middlewares'"):
        Path("/", home, middlewares=[])  # type: ignore[call-arg]
    router = Router()
    with pytest.raises(TypeError, match="max_body_size"):
        router.add_route("/", home, max_body_size=10)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="include_in_schema"):
        router.websocket("/ws", include_in_schema=False)  # type: ignore[call-arg]


def test_options_given_positionally_as_lilya_allows() -> None:
    router = Router()
    add_route: Any = router.add_route
    add_route("/hidden", home, ["GET"], "hidden", None, None, None, None, False)
    assert router.routes[-1].include_in_schema is False
    app = Lilya()
    app_add_route: Any = app.add_route
    app_add_route("/app", home, ["GET"], "app", None, None, None, False)  # include_in_schema comes 8th here
    assert app.routes[-1].include_in_schema is False
    with pytest.raises(TypeError, match="multiple values for argument 'middleware'"):
        add_route("/x", home, None, None, [], middleware=[])
    with pytest.raises(TypeError, match="positional arguments"):
        add_route("/x", home, None, None, *([None] * 8))


def test_decorators_forward_every_option(test_client_factory: TestClientFactory) -> None:
    seen: list[str] = []

    async def mark(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(scope["path"])

    app = Lilya()

    @app.get("/a", name="a", before_request=[mark], include_in_schema=False)
    async def a() -> str:
        return "a"

    route = app.routes[-1]
    assert (route.name, route.methods, route.include_in_schema) == ("a", ["GET", "HEAD"], False)
    with test_client_factory(app) as client:
        assert client.get("/a").json() == "a"
    assert seen == ["/a"]


def test_mounting_an_app_keeps_lilya_defaults() -> None:
    app = Lilya()
    app.add_asgi_app("/sub", Lilya(), include_in_schema=None)
    assert app.routes[-1].include_in_schema is True
    app.add_child_lilya("/child", Lilya(), "child", None, None, None, False)  # type: ignore[misc]
    assert app.routes[-1].include_in_schema is False


def test_declaring_options_in_another_order_than_the_typeddict_fails_at_import() -> None:
    with pytest.raises(AssertionError, match="lists other options"):
        route_options(RouteOptions, *STACK)  # the hooks are missing


def test_apply_options_copies_and_empties() -> None:
    class Level:
        pass

    level = Level()
    handlers = {ValueError: home}
    apply_options(level, {"middleware": None, "exception_handlers": handlers, "dependencies": None, "deprecated": True})
    assert vars(level) == {"middleware": [], "exception_handlers": handlers, "dependencies": {}, "deprecated": True}
    assert vars(level)["exception_handlers"] is not handlers


_STARTUP_SHUTDOWN: list[Message] = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]


def _serving(factory: Any, scope_state: dict[str, Any] | None) -> Any:
    """An ASGI app whose lifespan ``serve_lifespan`` serves; ``None``: a server without lifespan state."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope_state is None:
            del scope["state"]
        else:
            scope["state"] = scope_state
        await serve_lifespan(object(), factory, scope, receive, send)

    return app


@asynccontextmanager
async def _db_lifespan(app: Any) -> AsyncIterator[dict[str, str]]:
    yield {"db": "up"}


@pytest.mark.anyio
async def test_serve_lifespan_puts_the_yielded_state_into_the_scope() -> None:
    state: dict[str, Any] = {}
    sent = await _drive(_serving(_db_lifespan, state), _STARTUP_SHUTDOWN)
    assert [m["type"] for m in sent] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
    assert state == {"db": "up"}
    sent = await _drive(_serving(None, None), _STARTUP_SHUTDOWN)  # nothing to keep: no state needed
    assert [m["type"] for m in sent] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]


@pytest.mark.anyio
async def test_serve_lifespan_refuses_state_a_server_cannot_hold() -> None:
    sent = await _drive(_serving(_db_lifespan, None), _STARTUP_SHUTDOWN, raises=RuntimeError)
    assert [m["type"] for m in sent] == ["lifespan.startup.failed"]
    assert 'does not support "state"' in sent[0]["message"]


def test_application_options_share_the_route_option_types_and_keep_settings_fallback() -> None:
    params = _params(Lilya)
    assert params["middleware"].annotation == _params(Path)["middleware"].annotation
    assert params["include_in_schema"].default is None  # unset: the settings decide
    assert [name for name, p in params.items() if p.kind is p.KEYWORD_ONLY] == ["max_body_size", "max_message_size"]
    constructor: Any = Lilya
    app = constructor(False, None, None, None, None, None, None, [home])  # on_startup is 8th, as in Lilya
    assert app.on_startup[-1] is home
    assert app.include_in_schema is True and app.redirect_slashes is True
    with pytest.raises(TypeError, match="'middlewares'"):
        constructor(middlewares=[])
