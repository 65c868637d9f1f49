"""Class-based handlers: ``Controller`` (one method per HTTP verb) and ``WebSocketController``.

A ``Controller`` is instantiated per request; the injection plan of each verb method is built
once, when the ``Path`` using it is built. A ``WebSocketController`` is instantiated per connection
and drives ``on_connect`` / ``on_receive`` / ``on_disconnect`` with messages decoded per ``encoding``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Generator, Mapping, Sequence
from typing import Any, ClassVar, NoReturn, TypeVar, cast

from lilya.compat import is_async_callable
from lilya.compose import wrap_middleware, wrap_permission
from lilya.concurrency import run_in_threadpool
from lilya.enums import Event, HTTPMethod, ScopeType, SignatureDefault
from lilya.exceptions import HTTPException, ImproperlyConfigured
from lilya.requests import Request
from lilya.responses import PlainText, Response, make_response
from lilya.routing._common import inside_lilya_app
from lilya.routing._errors import answer_raised
from lilya.routing._handler import BaseHandler, build_plan, cleanup_factory
from lilya.routing._reexports import lazy_reexports
from lilya.types import ASGIApp, Message, Receive, Scope, Send
from lilya.websockets import WebSocket, WebSocketDisconnect

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


def _factory_class(base: type[Any], cls: type[Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """``<cls>WithInit``: a subclass of the factory ``base`` that serves requests with ``cls``."""
    namespace = {
        "__factory_base__": cls,
        "__init_args__": args,
        "__init_kwargs__": kwargs,
        "__module__": cls.__module__,
        "__qualname__": f"{cls.__qualname__}WithInit",
        "__doc__": cls.__doc__,
    }
    return type(f"{cls.__name__}WithInit", (base,), namespace)


class BaseController(BaseHandler):
    """Common base: controllers are handlers whose methods are the endpoints.

    Class-level ``permissions``, ``middleware``, ``exception_handlers``, ``dependencies``,
    ``before_request`` and ``after_request`` join those of the route serving the controller
    (``apply_route_options``, once, when the route is built); the controller's win on conflicts.
    """

    __is_controller__: ClassVar[bool] = True
    permissions: ClassVar[Sequence[Any]] = ()
    middleware: ClassVar[Sequence[Any]] = ()
    exception_handlers: ClassVar[Mapping[Any, Any]] = {}
    dependencies: Any = {}  # a class-level mapping (BaseHandler declares the attribute)
    before_request: ClassVar[Sequence[Callable[..., Any]]] = ()
    after_request: ClassVar[Sequence[Callable[..., Any]]] = ()

    def handle_signature(self) -> None:
        """Controllers are inspected per verb method when their route is built."""

    @classmethod
    def apply_route_options(cls, route: Any) -> None:
        """Add this controller's class-level options to ``route`` (before it builds its stack)."""
        target = getattr(cls, "__factory_base__", None) or cls
        if target.permissions:
            route.permissions = [*route.permissions, *(wrap_permission(p) for p in target.permissions)]
        if target.middleware:
            route.middleware = [*route.middleware, *(wrap_middleware(m) for m in target.middleware)]
        if target.exception_handlers:
            route.exception_handlers = {**route.exception_handlers, **target.exception_handlers}
        if target.dependencies:
            route.dependencies = {**(route.dependencies or {}), **target.dependencies}
        if target.before_request:
            route.before_request = [*route.before_request, *target.before_request]
        if target.after_request:
            route.after_request = [*route.after_request, *target.after_request]


class Controller(BaseController):
    """``Path("/users/{id}", UserController)``: ``get``/``post``/... serve the matching verbs.

    A new instance serves each request. ``with_init(...)`` returns a factory class (itself a
    singleton) whose requests are served by ``cls(*args, **kwargs)``.
    """

    __factory_base__: ClassVar[type[Controller] | None] = None
    __init_args__: ClassVar[tuple[Any, ...]] = ()
    __init_kwargs__: ClassVar[dict[str, Any]] = {}

    _route_plans: dict[str, tuple[str, Any, bool]] | None = None
    _standalone_cache: ClassVar[dict[frozenset[str], Any]]
    _new_cleanup: Callable[[], Any] | None = None
    _scope: Scope | None = None

    @classmethod
    def _target(cls) -> type[Controller]:
        """The class whose methods serve requests (the wrapped one, for a ``with_init`` factory)."""
        return cls.__factory_base__ or cls

    @classmethod
    def _instantiate(cls) -> Controller:
        base = cls.__factory_base__
        if base is None:
            return cls()
        return base(*cls.__init_args__, **cls.__init_kwargs__)

    @classmethod
    def allowed_methods(cls) -> list[str]:
        """The verbs this controller serves (``HEAD`` too when it has ``get``)."""
        methods = cls.declared_methods()
        if "GET" in methods and "HEAD" not in methods:
            methods.append("HEAD")
        return methods

    @classmethod
    def declared_methods(cls) -> list[str]:
        """The verbs with a method of their own: what the ``Allow`` header of a 405 lists."""
        target = cls._target()
        return [verb for verb in _VERBS if callable(getattr(target, verb.lower(), None))]

    @classmethod
    def prepare_plans(cls, path_params: set[str], dependencies: Any, route: Any) -> dict[str, tuple[str, Any, bool]]:
        """Once per route: ``{VERB: (method name, injection plan, is async)}``."""
        target = cls._target()
        prototype = target.__new__(target)
        if target.dependencies:  # the controller's own ``dependencies`` are nearest
            dependencies = {**(dependencies or {}), **target.dependencies}
        plans: dict[str, tuple[str, Any, bool]] = {}
        for verb in _VERBS:
            function = getattr(target, verb.lower(), None)
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
        if route is not None:
            route.handler_plans = tuple({id(plan): plan for _, plan, _ in plans.values()}.values())
        new_cleanup = cleanup_factory()
        instantiate = cls._instantiate

        async def endpoint(scope: Scope, receive: Receive, send: Send) -> None:
            controller = instantiate()
            controller._route_plans = plans
            controller._new_cleanup = new_cleanup
            await controller.handle_dispatch(scope, receive, send)

        return endpoint

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """A controller instance is an ASGI app of its own (plans prepared on first use)."""
        assert scope["type"] == ScopeType.HTTP, f"{type(self).__name__} serves http scopes"
        await self.handle_dispatch(scope, receive, send)

    async def handle_dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        plans = self._route_plans
        if plans is None:  # served as a plain ASGI app, not through a Path: plans cached per class
            plans = self._route_plans = self._standalone_plans(frozenset(scope.get("path_params", ())))
        entry = plans.get(scope["method"])
        if entry is None:
            self._scope = scope
            response = await self.handle_not_allowed()
            await response(scope, receive, send)
            return
        name, plan, is_async = entry
        request = Request(scope, receive, send)
        cleanup = (self._new_cleanup or cleanup_factory())()
        try:
            try:
                kwargs = await plan.resolve(request, cleanup)
                method = getattr(self, name)
                result = await method(**kwargs) if is_async else await run_in_threadpool(method, **kwargs)
                response = result if isinstance(result, Response) else make_response(result)
            except Exception as exc:  # answered here, inside every middleware, as for handlers
                await answer_raised(exc, scope, receive, send)
                return
            await response(scope, receive, send)
        finally:
            await cleanup.aclose()

    @classmethod
    def _standalone_plans(cls, path_params: frozenset[str]) -> dict[str, tuple[str, Any, bool]]:
        cache: dict[frozenset[str], Any] = cls.__dict__.get("_standalone_cache") or {}
        if path_params not in cache:
            cache[path_params] = cls.prepare_plans(set(path_params), {}, None)
            cls._standalone_cache = cache
        return cache[path_params]  # type: ignore[no-any-return]

    async def handle_not_allowed(self) -> Response:
        """405 with ``Allow`` listing the verbs this controller implements; inside a Lilya app it is
        raised as an ``HTTPException`` so the app's handlers answer it."""
        headers = {"Allow": ", ".join(self.declared_methods())}
        if self._scope is not None and inside_lilya_app(self._scope):
            raise HTTPException(status_code=405, headers=headers)
        return PlainText("Method Not Allowed", status_code=405, headers=headers)

    @classmethod
    def with_init(cls: type[C], *init_args: Any, **init_kwargs: Any) -> type[Controller]:
        """A factory class: every request is served by ``cls(*init_args, **init_kwargs)``.

        Calling the factory itself (as a router may) returns one shared instance of it.
        """
        factory: type[Controller] = _factory_class(_ControllerFactory, cls, init_args, init_kwargs)
        return factory


class _Singleton:
    """One shared instance per (factory) class, whatever the arguments."""

    _singleton: ClassVar[Any] = None

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        if cls.__dict__.get("_singleton") is None:
            cls._singleton = super().__new__(cls)
        return cls._singleton


class _ControllerFactory(_Singleton, Controller):
    """Base of ``Controller.with_init`` factories: one instance, requests go to fresh controllers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._instantiate()(scope, receive, send)


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

    def __await__(self) -> Generator[Any, None, None]:
        """``await Chat(scope, receive, send)`` serves the connection: the class is an ASGI app."""
        return self.handle_dispatch(self.scope, self.receive, self.send).__await__()

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
                await self._reject(websocket, 1007, "Malformed JSON data received.", "Malformed JSON data received.")
        return message["bytes"] if message.get("text") is None else message["text"]

    async def close_websocket(self, websocket: WebSocket, code: int, reason: str) -> None:
        await websocket.close(code=code, reason=reason)

    async def _reject(self, websocket: WebSocket, code: int, reason: str, error: str) -> NoReturn:
        """Close for data of the wrong kind and fail the connection with ``RuntimeError``, also when
        the client left before the close frame could be sent."""
        try:
            await self.close_websocket(websocket, code, reason)
        except (OSError, WebSocketDisconnect):
            pass
        raise RuntimeError(error)

    async def decode_text_message(self, websocket: WebSocket, message: Message) -> str:
        return cast(str, await self._expect(websocket, message, "text", "bytes"))

    async def decode_bytes_message(self, websocket: WebSocket, message: Message) -> bytes:
        return cast(bytes, await self._expect(websocket, message, "bytes", "text"))

    async def _expect(self, websocket: WebSocket, message: Message, kind: str, other: str) -> Any:
        """The message's ``kind`` payload; a message of the ``other`` kind closes with 1003."""
        if message.get(kind) is None:
            await self._reject(
                websocket, 1003, f"Expected {kind} websocket messages.", f"Expected {kind} messages, but got {other}."
            )
        return message[kind]

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
        """A factory class: each connection is served by ``cls(scope, receive, send, *init_args,
        **init_kwargs)``. Calling the factory returns one shared instance of it."""
        factory: type[WebSocketController] = _factory_class(_WebSocketFactory, cls, init_args, init_kwargs)
        return factory


class _WebSocketFactory(_Singleton, WebSocketController):
    """Base of ``WebSocketController.with_init`` factories (a singleton that delegates)."""

    __factory_base__: ClassVar[type[WebSocketController]]
    __init_args__: ClassVar[tuple[Any, ...]] = ()
    __init_kwargs__: ClassVar[dict[str, Any]] = {}
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The connection is bound to the coroutine ``__await__`` creates right away, never kept
        # on this shared instance.
        self._pending = args[:3] if len(args) >= 3 else None

    def __await__(self) -> Generator[Any, None, None]:
        pending, self._pending = getattr(self, "_pending", None), None
        if pending is None:
            raise RuntimeError("A WebSocketController factory was awaited without scope, receive and send.")
        return self.handle_dispatch(*pending).__await__()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.handle_dispatch(scope, receive, send)

    async def handle_dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        self._pending = None
        controller = self.__factory_base__(scope, receive, send, *self.__init_args__, **self.__init_kwargs__)
        await controller.handle_dispatch(scope, receive, send)
