"""Class-based handlers: ``Controller`` (one method per HTTP verb) and ``WebSocketController``.

A ``Controller`` is instantiated per request; the injection plan of each verb method is built
once, when the ``Path`` using it is built. A ``WebSocketController`` is instantiated per connection
and drives ``on_connect`` / ``on_receive`` / ``on_disconnect`` with messages decoded per ``encoding``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from lilya.compat import is_async_callable
from lilya.concurrency import run_in_threadpool
from lilya.enums import Event, HTTPMethod, ScopeType, SignatureDefault
from lilya.exceptions import HTTPException, ImproperlyConfigured
from lilya.requests import Request
from lilya.responses import PlainText, Response, make_response
from lilya.routing._handler import BaseHandler, build_plan, cleanup_factory
from lilya.routing._reexports import lazy_reexports
from lilya.types import ASGIApp, Message, Receive, Scope, Send
from lilya.websockets import WebSocket

__all__ = [
    "CW",
    "BaseController",
    "BaseHandler",
    "C",
    "Controller",
    "Event",
    "HTTPException",
    "HTTPMethod",
    "ImproperlyConfigured",
    "PlainText",
    "Request",
    "Response",
    "ScopeType",
    "SignatureDefault",
    "WebSocket",
    "WebSocketController",
]

__getattr__ = lazy_reexports("settings", "serializer")

C = TypeVar("C", bound="Controller")
CW = TypeVar("CW", bound="WebSocketController")

_VERBS = tuple(method.value for method in HTTPMethod)


def _bind_init(cls: type[Any], init_args: tuple[Any, ...], init_kwargs: dict[str, Any], leading: int) -> type[Any]:
    """A subclass whose ``__init__`` appends ``init_args``/``init_kwargs`` to the ``leading`` given ones."""

    def __init__(self: Any, *given: Any, **given_kwargs: Any) -> None:
        cls.__init__(self, *given[:leading], *init_args, **{**init_kwargs, **given_kwargs})

    return type(f"{cls.__name__}WithInit", (cls,), {"__init__": __init__, "__module__": cls.__module__})


class BaseController(BaseHandler):
    """Common base: controllers are handlers whose methods are the endpoints."""

    def handle_signature(self) -> None:
        """Controllers are inspected per verb method when their route is built."""


class Controller(BaseController):
    """``Path("/users/{id}", UserController)``: ``get``/``post``/... serve the matching verbs."""

    _route_plans: dict[str, tuple[str, Any, bool]] | None = None
    _new_cleanup: Callable[[], Any] | None = None

    def __init__(self) -> None:
        return None

    @classmethod
    def allowed_methods(cls) -> list[str]:
        methods = [verb for verb in _VERBS if callable(getattr(cls, verb.lower(), None))]
        if "GET" in methods and "HEAD" not in methods:
            methods.append("HEAD")
        return methods

    @classmethod
    def prepare_plans(cls, path_params: set[str], dependencies: Any, route: Any) -> dict[str, tuple[str, Any, bool]]:
        """Once per route: ``{VERB: (method name, injection plan, is async)}``."""
        prototype = cls.__new__(cls)
        plans: dict[str, tuple[str, Any, bool]] = {}
        for verb in _VERBS:
            function = getattr(cls, verb.lower(), None)
            if callable(function):
                plan = build_plan(getattr(prototype, verb.lower()), path_params, dependencies, route)
                plans[verb] = (verb.lower(), plan, is_async_callable(function))
        if "GET" in plans and "HEAD" not in plans:
            plans["HEAD"] = plans["GET"]
        return plans

    @classmethod
    def as_endpoint(cls, path_params: set[str], dependencies: Any, route: Any) -> ASGIApp:
        """The ASGI app a ``Path`` serves: a fresh controller per request, prepared plans."""
        plans = cls.prepare_plans(path_params, dependencies, route)
        new_cleanup = cleanup_factory()

        async def endpoint(scope: Scope, receive: Receive, send: Send) -> None:
            controller = cls()
            controller._route_plans = plans
            controller._new_cleanup = new_cleanup
            await controller.handle_dispatch(scope, receive, send)

        return endpoint

    async def handle_dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        plans = self._route_plans
        if plans is None:
            plans = self._route_plans = self.prepare_plans(set(scope.get("path_params", ())), {}, None)
        entry = plans.get(scope["method"])
        if entry is None:
            response = await self.handle_not_allowed()
            await response(scope, receive, send)
            return
        name, plan, is_async = entry
        request = Request(scope, receive, send)
        cleanup = (self._new_cleanup or cleanup_factory())()
        try:
            kwargs = await plan.resolve(request, cleanup)
            method = getattr(self, name)
            result = await method(**kwargs) if is_async else await run_in_threadpool(method, **kwargs)
            response = result if isinstance(result, Response) else make_response(result)
            await response(scope, receive, send)
        finally:
            await cleanup.aclose()

    async def handle_not_allowed(self) -> Response:
        """405 listing the verbs this controller implements."""
        allow = ", ".join(self.allowed_methods())
        return PlainText("Method Not Allowed", status_code=405, headers={"Allow": allow})

    @classmethod
    def with_init(cls: type[C], *init_args: Any, **init_kwargs: Any) -> type[Controller]:
        """A subclass constructed with these arguments for every request."""
        bound: type[Controller] = _bind_init(cls, init_args, init_kwargs, leading=0)
        return bound


class WebSocketController(BaseController):
    """``WebSocketPath("/ws", Chat)``: accept on connect, then ``on_receive`` per decoded message.

    ``encoding`` is ``"text"``, ``"bytes"``, ``"json"`` or ``None`` (raw text or bytes).
    Data of the wrong kind or malformed JSON closes the connection (1003 / 1007).
    """

    encoding: ClassVar[str | None] = None

    def __init__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert scope["type"] == ScopeType.WEBSOCKET, "WebSocketController serves websocket scopes"
        self.scope = scope
        self.receive = receive
        self.send = send

    async def handle_dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive=receive, send=send)
        await self.on_connect(websocket)
        close_code = 1000
        try:
            while True:
                message = await websocket.receive()
                if message["type"] == Event.WEBSOCKET_RECEIVE:
                    data = await self.decode(websocket, message)
                    await self.on_receive(websocket, data)
                elif message["type"] == Event.WEBSOCKET_DISCONNECT:
                    close_code = int(message.get("code") or 1000)
                    break
        except Exception:
            close_code = 1011
            raise
        finally:
            await self.on_disconnect(websocket, close_code)

    async def decode(self, websocket: WebSocket, message: Message) -> Any:
        if self.encoding == "text":
            return await self.decode_text_message(websocket, message)
        if self.encoding == "bytes":
            return await self.decode_bytes_message(websocket, message)
        if self.encoding == "json":
            try:
                return await self.decode_json_message(message)
            except ValueError:
                await self.close_websocket(websocket, 1007, "Malformed JSON data received.")
                raise RuntimeError("Malformed JSON data received.") from None
        return message["bytes"] if message.get("text") is None else message["text"]

    async def close_websocket(self, websocket: WebSocket, code: int, reason: str) -> None:
        await websocket.close(code=code, reason=reason)

    async def decode_text_message(self, websocket: WebSocket, message: Message) -> str:
        if message.get("text") is None:
            await self.close_websocket(websocket, 1003, "Expected text websocket messages.")
            raise RuntimeError("Expected text websocket messages, but got bytes.")
        text: str = message["text"]
        return text

    async def decode_bytes_message(self, websocket: WebSocket, message: Message) -> bytes:
        if message.get("bytes") is None:
            await self.close_websocket(websocket, 1003, "Expected bytes websocket messages.")
            raise RuntimeError("Expected bytes websocket messages, but got text.")
        data: bytes = message["bytes"]
        return data

    async def decode_json_message(self, message: Message) -> Any:
        raw = message["text"] if message.get("text") is not None else message.get("bytes", b"").decode("utf-8")
        return json.loads(raw)

    async def on_connect(self, websocket: WebSocket) -> None:
        await websocket.accept()

    async def on_receive(self, websocket: WebSocket, data: Any) -> None:
        """Override to handle each decoded message."""

    async def on_disconnect(self, websocket: WebSocket, close_code: int) -> None:
        """Override to clean up when the connection ends."""

    @classmethod
    def with_init(cls: type[CW], *init_args: Any, **init_kwargs: Any) -> type[WebSocketController]:
        """A subclass constructed with these extra arguments for every connection."""
        bound: type[WebSocketController] = _bind_init(cls, init_args, init_kwargs, leading=3)
        return bound
