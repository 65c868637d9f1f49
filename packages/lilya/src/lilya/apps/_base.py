"""``BaseLilya``: what every Lilya application shares (routing helpers, stack, ASGI entry)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, ClassVar

from lilya.compose import SCOPE_PARENT_KEY, share_route_metadata
from lilya.injection import OUTER_OVERRIDES_KEY
from lilya.requests import ClientDisconnect
from lilya.conf import monkay_settings_ctx
from lilya.context import _G_ACTIVE, g_context
from lilya.exceptions import HTTPException, WebSocketException
from lilya.routing.lifespan import serve_lifespan
from lilya.routing.options import (
    HOOKS,
    INCLUDE,
    STACK,
    HandlerOptions,
    IncludeMethodOptions,
    MountOptions,
    RouteOptions,
    route_options,
)
from lilya.types import ASGIApp, Message, Receive, Scope, Send

from lilya.apps._settings import SettingsResolver
from lilya.apps._lifespan import app_lifespan
from lilya.apps._errors import ServerErrors, lilya_logger, seed_g
from lilya.apps._stack import build_stack, server_errors
from lilya.apps._types import P


if TYPE_CHECKING:
    from lilya.apps._lilya import ChildLilya, Lilya
    from lilya.datastructures import URLPath
    from lilya.protocols.middleware import MiddlewareProtocol
    from lilya.protocols.permissions import PermissionProtocol
    from lilya.requests import Request
    from lilya.routing import Router
    from lilya.types import ExceptionHandler
    from lilya.websockets import WebSocket
    from typing_extensions import Unpack

__all__ = ["BaseLilya"]

_EVENTS = ("startup", "shutdown")
_ROUTER_KEYS = ("router",)


def _app_lifespan(app: BaseLilya) -> Any:
    return app._lilya_lifespan()


# Lilya 0.29's ``add_child_lilya``/``add_asgi_app``: ``deprecated`` defaults to None there.
_mount_options = route_options(
    MountOptions, *STACK[:3], "include_in_schema", "deprecated", defaults={"deprecated": None}
)


class BaseLilya:
    """Routing helpers, the ASGI stack (built once, lazily) and the ASGI entry point."""

    register_as_global_instance: ClassVar[bool] = False
    router: Router
    middleware_stack: ASGIApp | None = None
    debug: bool
    exception_handlers: dict[Any, Any]
    custom_middleware: list[Any]
    custom_permissions: list[Any]
    before_request_callbacks: list[Callable[..., Any]]
    after_request_callbacks: list[Callable[..., Any]]
    on_startup: list[Callable[[], Any]]
    on_shutdown: list[Callable[[], Any]]
    lifespan: Any
    enable_intercept_global_exceptions: bool
    settings_module: Any
    _scope_extras: dict[str, Any]
    _settings: SettingsResolver
    _server_errors: ServerErrors
    #: The app's own ``settings_module``, in force (``lilya.conf.settings``) while it serves a request.
    _request_settings: Any = None
    populate_global_context: Callable[[Any], Any] | None = None

    @property
    def routes(self) -> list[Any]:
        return self.router.routes

    def load_settings_value(self, name: str, value: Any | None = None, is_boolean: bool = False) -> Any:
        """``value`` if given (for booleans: if not None), else the app's then the global settings."""
        return self._settings.value(name, value, is_boolean=is_boolean)

    def path_for(self, name: str, /, **path_params: Any) -> URLPath:
        return self.router.url_path_for(name, **path_params)

    def url_path_for(self, name: str, /, **path_params: Any) -> str:
        return self.router.url_path_for(name, **path_params)

    # -- the stack ---------------------------------------------------------------------------

    def build_middleware_stack(self) -> ASGIApp:
        return build_stack(self)

    def _ensure_not_started(self, what: str) -> None:
        if self.middleware_stack is not None:
            raise RuntimeError(f"{what} cannot be added once the application has started.")

    def add_middleware(self, middleware: type[MiddlewareProtocol[P]], *args: P.args, **kwargs: P.kwargs) -> None:
        """Add a middleware as the outermost user middleware (before the first request only)."""
        self._ensure_not_started("Middlewares")
        from lilya.middleware.base import DefineMiddleware

        self.custom_middleware.insert(0, DefineMiddleware(middleware, *args, **kwargs))

    def add_permission(self, permission: type[PermissionProtocol[P]], *args: P.args, **kwargs: P.kwargs) -> None:
        """Add an app-level permission as the outermost one (before the first request only)."""
        self._ensure_not_started("Permissions")
        from lilya.permissions.base import DefinePermission

        self.custom_permissions.insert(0, DefinePermission(permission, *args, **kwargs))

    def add_exception_handler(
        self, exception_cls_or_status_code: int | type[Exception], handler: ExceptionHandler
    ) -> None:
        self._ensure_not_started("Exception handlers")
        self.exception_handlers[exception_cls_or_status_code] = handler

    def add_event_handler(self, event_type: str, func: Callable[[], Any]) -> None:
        event = event_type.removeprefix("on_")  # "on_startup" is accepted too, as Lilya does
        if event not in _EVENTS:
            raise ValueError(f"Unknown event {event_type!r}; use 'startup' or 'shutdown'.")
        (self.on_startup if event == "startup" else self.on_shutdown).append(func)

    def on_event(self, event_type: str) -> Callable:  # type: ignore[type-arg]
        def decorator(func: Callable[[], Any]) -> Callable[[], Any]:
            self.add_event_handler(event_type, func)
            return func

        return decorator

    # -- routes ------------------------------------------------------------------------------

    @route_options(IncludeMethodOptions, *INCLUDE)
    def include(
        self, path: str, app: ASGIApp, name: str | None = None, **options: Unpack[IncludeMethodOptions]
    ) -> None:
        self.router.include(path, app, name, **options)

    def host(self, host: str, app: ASGIApp, name: str | None = None) -> None:
        self.router.host(host=host, app=app, name=name)

    # Lilya 0.29 lists ``include_in_schema`` before the options added since.
    @route_options(HandlerOptions, *STACK[:3], "include_in_schema", "dependencies", *HOOKS)
    def add_route(
        self,
        path: str,
        handler: Callable[[Request], Any],
        methods: list[str] | None = None,
        name: str | None = None,
        **options: Unpack[HandlerOptions],
    ) -> None:
        self.router.add_route(path, handler, methods, name, **options)

    @route_options(RouteOptions, *STACK, *HOOKS)
    def add_websocket_route(
        self, path: str, handler: Callable[[WebSocket], Any], name: str | None = None, **options: Unpack[RouteOptions]
    ) -> None:
        self.router.add_websocket_route(path, handler, name, **options)

    @_mount_options
    def add_child_lilya(
        self, path: str, child: Lilya | ChildLilya, name: str | None = None, **options: Unpack[MountOptions]
    ) -> None:
        """Mount a Lilya/ChildLilya app under ``path``; its lifespan runs with this app's."""
        if not isinstance(child, BaseLilya):
            raise ValueError("The child must be an instance of a ChildLilya.")
        self.add_asgi_app(path, child, name, **options)

    @_mount_options
    def add_asgi_app(
        self, path: str, child: Lilya | ChildLilya | ASGIApp, name: str | None = None, **options: Unpack[MountOptions]
    ) -> None:
        """Mount any ASGI app (Starlette, a bare callable, ``WSGIMiddleware(wsgi_app)``)."""
        # ``deprecated`` is accepted as Lilya does; an Include has no use for it here.
        in_schema = options["include_in_schema"]
        self.include(
            path,
            child,
            name,
            middleware=options["middleware"],
            permissions=options["permissions"],
            exception_handlers=options["exception_handlers"],
            include_in_schema=True if in_schema is None else in_schema,
        )

    # -- ASGI --------------------------------------------------------------------------------

    def _lilya_lifespan(self) -> Any:
        """This app's lifespan context (its hooks and ``lifespan=``)."""
        return app_lifespan(self)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The outermost boundary: starts the request's ``g`` and answers unhandled errors."""
        outer = scope.get("app")
        nested = isinstance(outer, BaseLilya)  # inside another Lilya app: ``g`` runs
        overrides = getattr(outer, "dependency_overrides", None) if nested and outer is not self else None
        if overrides:  # the enclosing app's overrides keep applying below (outermost first)
            scope[OUTER_OVERRIDES_KEY] = (*scope.get(OUTER_OVERRIDES_KEY, ()), overrides)
        scope["app"] = self
        if self._scope_extras:
            scope.update(self._scope_extras)
        kind = scope["type"]
        if kind == "lifespan":
            if self.middleware_stack is None:
                self._start_stack()  # built as the server starts: a broken middleware stops startup
            await serve_lifespan(self, _app_lifespan, scope, receive, send)
            return
        if "router" not in scope:
            scope["router"] = self.router
            if SCOPE_PARENT_KEY in scope:  # a middleware layer's copy: the layers above see it too
                share_route_metadata(scope, _ROUTER_KEYS)
        stack = self.middleware_stack
        if stack is None:
            stack = self._start_stack()
        populate = self.populate_global_context
        if populate is not None:
            token = await seed_g(populate, scope)
        else:
            token = None if nested else g_context.set(_G_ACTIVE)
        own_settings = self._request_settings
        settings_token = monkay_settings_ctx.set(own_settings) if own_settings is not None else None
        try:
            if kind != "http":
                try:
                    await stack(scope, receive, send)
                except WebSocketException as exc:
                    if kind != "websocket":
                        raise
                    await self._server_errors.close_websocket(exc, scope, receive, send)
                except HTTPException as exc:
                    # A client's mistake (denied permission, bad input) on a WebSocket: close with
                    # 1008 (a 403 on the handshake when not accepted yet), never a server error.
                    if kind != "websocket" or (exc.status_code or 500) >= 500:
                        raise
                    await send({"type": "websocket.close", "code": 1008, "reason": ""})
                return
            started = False

            def tracking_send(message: Message) -> Awaitable[None]:
                # A plain function handing back send's awaitable: no extra coroutine per message.
                nonlocal started
                started = True
                return send(message)

            try:
                await stack(scope, receive, tracking_send)
            except ClientDisconnect:
                # The client left while its body was read: nobody is there to answer, and it is
                # not a server error, so no 500 and no traceback in the server log.
                lilya_logger().debug("Client disconnected before the request body was read: %s", scope.get("path"))
            except Exception as exc:
                if started:
                    await self._server_errors.after_start(exc, scope, receive)
                    raise
                if await self._server_errors.respond(exc, scope, receive, send):
                    raise
        finally:
            if settings_token is not None:
                monkay_settings_ctx.reset(settings_token)
            if token is not None:
                g_context.reset(token)

    def _start_stack(self) -> ASGIApp:
        self._server_errors = server_errors(self)
        stack = self.middleware_stack = self.build_middleware_stack()
        return stack
