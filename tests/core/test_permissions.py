"""Permissions: definitions built once into a pure ASGI stack; denials rendered by the handlers."""

from __future__ import annotations

from typing import Any

import pytest

from lilya.exceptions import PermissionDenied
from lilya.permissions import DefinePermission, Permission
from lilya.permissions.deny_all import DenyAll
from lilya.protocols.permissions import PermissionProtocol
from lilya.types import ASGIApp, Receive, Scope, Send
from tests.conftest import TestClientFactory
from tests.core._injection_app import plan_app

built: list[str] = []


class HeaderGate(PermissionProtocol):
    """Allows requests carrying ``x-allow: <token>``; never stores ``app`` itself."""

    def __init__(self, app: ASGIApp, token: str = "yes", *, label: str = "gate") -> None:
        self.token = token
        built.append(label)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers", []))
        if headers.get(b"x-allow") != self.token.encode():
            raise PermissionDenied()
        await self.app(scope, receive, send)


async def handler() -> Any:
    return "ok"


def test_definition_iterates_as_cls_args_kwargs() -> None:
    definition = DefinePermission(HeaderGate, "t", label="x")
    cls, args, kwargs = definition
    assert (cls, args, kwargs) == (HeaderGate, ("t",), {"label": "x"})
    assert repr(definition) == "DefinePermission(HeaderGate, 't', label='x')"
    assert Permission is DefinePermission


def test_dotted_path_is_imported_lazily() -> None:
    definition = DefinePermission("lilya.permissions.deny_all.DenyAll")
    assert definition.permission_or_string == "lilya.permissions.deny_all.DenyAll"
    assert definition.permission is DenyAll
    assert definition.permission_or_string is DenyAll
    with pytest.raises(ImportError):
        DefinePermission("lilya.permissions.deny_all.Nope").permission  # noqa: B018


def test_metaclass_binds_app_even_when_init_does_not() -> None:
    sentinel: Any = object()
    gate: Any = DefinePermission(HeaderGate, "t", label="called")(sentinel)
    assert gate.app is sentinel and gate.token == "t"
    assert isinstance(gate, PermissionProtocol)


def test_allowed_and_denied(test_client_factory: TestClientFactory) -> None:
    built.clear()
    app = plan_app(handler, permissions=[DefinePermission(HeaderGate, "t", label="once")])
    client = test_client_factory(app)
    assert client.get("/", headers={"x-allow": "t"}).json() == "ok"
    denied = client.get("/")
    assert denied.status_code == 403
    assert denied.text == "You do not have permission to perform this action."
    client.get("/")
    assert built == ["once"]  # built with the stack, not per request


def test_deny_all_is_401(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(plan_app(handler, permissions=[DefinePermission(DenyAll)]))
    response = client.get("/")
    assert response.status_code == 401
    assert response.text == "Not Authorized."


def test_permissions_run_in_order_outermost_first(test_client_factory: TestClientFactory) -> None:
    app = plan_app(handler, permissions=[DefinePermission(DenyAll), DefinePermission(HeaderGate, "t")])
    # DenyAll is outermost: it refuses before the gate is consulted
    assert test_client_factory(app).get("/", headers={"x-allow": "t"}).status_code == 401


def test_protocols_bind_app_and_instantiate_controllers() -> None:
    from lilya.protocols.authentication import AuthenticationProtocol
    from lilya.protocols.middleware import MiddlewareProtocol

    class Quiet(MiddlewareProtocol):
        def __init__(self, app: ASGIApp, **options: Any) -> None:
            self.options = options

        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            await self.app(scope, receive, send)

    class Controller:
        __is_controller__ = True

    inner: Any = object()
    assert Quiet(inner, a=1).app is inner
    wrapped = Quiet(Controller)  # type: ignore[arg-type]
    assert isinstance(wrapped.app, Controller)  # a controller class is instantiated once
    assert isinstance(HeaderGate(inner), PermissionProtocol)

    class Auth:
        def __init__(self, app: ASGIApp) -> None:
            self.app = app

        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            return None

        async def authenticate(self, conn: Any) -> Any:
            return None

    assert isinstance(Auth(inner), AuthenticationProtocol)
    assert not isinstance(object(), AuthenticationProtocol)
