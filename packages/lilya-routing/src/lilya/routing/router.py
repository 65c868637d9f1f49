"""The router: a compiled route table (see ``_index``) served as a pure ASGI app."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from lilya.compose import SCOPE_PARENT_KEY, apply_asgi_stack, share_route_metadata, wrap_middleware
from lilya.lifecycle import get_hooks
from lilya.lifespan import resolve_lifespan
from lilya.paths import get_route_path
from lilya.compat import is_async_callable
from lilya.concurrency import run_in_threadpool
from lilya.datastructures import URL, SendReceiveSniffer, URLPath
from lilya.enums import EventType, Match, ScopeType
from lilya.exceptions import ContinueRouting, HTTPException, ImproperlyConfigured
from lilya.requests import Request
from lilya.responses import PlainText, RedirectResponse, Response
from lilya.routing._common import inside_lilya_app, not_found
from lilya.routing._index import Candidate, RouteIndex
from lilya.routing.lifespan import AsyncLifespan, handle_lifespan_events, serve_lifespan
from lilya.routing._reexports import lazy_reexports
from lilya.routing._route_list import RouteList
from lilya.routing._stack import build_stack
from lilya.routing.base import BasePath
from lilya.routing.host import Host
from lilya.routing.include import Include
from lilya.routing.mixins import RoutingMethodsMixin
from lilya.routing.options import (
    HANDLER,
    HOOKS,
    INCLUDE,
    STACK,
    HandlerOptions,
    IncludeMethodOptions,
    RouteOptions,
    RouterOptions,
    apply_options,
    route_options,
)
from lilya.routing.path import Path
from lilya.routing.types import NoMatchFound, PassPartialMatches, PathHandler
from lilya.routing.websocket import WebSocketPath
from lilya.types import ASGIApp, Lifespan, Receive, Scope, Send
from lilya.websockets import WebSocket, WebSocketClose

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = [
    "TYPE_CHECKING",
    "URL",
    "AsyncLifespan",
    "BasePath",
    "BaseRouter",
    "ContinueRouting",
    "EventType",
    "HTTPException",
    "ImproperlyConfigured",
    "Match",
    "NoMatchFound",
    "PassPartialMatches",
    "PathHandler",
    "PlainText",
    "RedirectResponse",
    "Request",
    "Response",
    "Router",
    "RoutingMethodsMixin",
    "ScopeType",
    "SendReceiveSniffer",
    "URLPath",
    "WebSocket",
    "WebSocketClose",
    "apply_asgi_stack",
    "get_route_path",
    "handle_lifespan_events",
    "is_async_callable",
    "run_in_threadpool",
    "wrap_middleware",
]

__getattr__ = lazy_reexports(
    "DefineMiddleware",
    "DefinePermission",
    "wrap_permission",
    "wrap_dependency",
    "Settings",
    "Doc",
)


class BaseRouter:
    """Routes requests through a compiled table; lifespan, redirects and 404/405 included."""

    middleware: list[Any]
    permissions: list[Any]
    dependencies: Any
    before_request: list[Callable[..., Any]]
    after_request: list[Callable[..., Any]]
    settings_module: Any
    include_in_schema: bool
    deprecated: bool
    is_sub_router: bool

    @route_options(
        RouterOptions,
        "middleware",
        "permissions",
        "dependencies",
        *HOOKS,
        "settings_module",
        "include_in_schema",
        "deprecated",
        "is_sub_router",
        keyword_only=True,
    )
    def __init__(
        self,
        routes: Sequence[BasePath] | None = None,
        redirect_slashes: bool = True,
        default: ASGIApp | None = None,
        on_startup: Sequence[Callable[[], Any]] | None = None,
        on_shutdown: Sequence[Callable[[], Any]] | None = None,
        lifespan: Lifespan[Any] | None = None,
        **options: Unpack[RouterOptions],
    ) -> None:
        # As in Lilya 0.29: a lifespan owns startup and shutdown; hooks beside it are a wiring mistake.
        assert lifespan is None or (on_startup is None and on_shutdown is None), (
            "Use either 'lifespan' or 'on_startup'/'on_shutdown', not both."
        )
        for route in routes or ():
            assert isinstance(route, BasePath) or hasattr(route, "search"), f"{route!r} is not a route"
        self.routes: list[BasePath] = RouteList(routes or [])
        self.redirect_slashes = redirect_slashes
        self.default = default
        # The process-wide lilya.lifecycle hooks wrap the router's own: theirs start first and
        # stop last. (A Lilya application replaces both lists with its own, which hold them too.)
        hooks = get_hooks()
        self.on_startup = [*hooks["startup"], *(on_startup or ())]
        self.on_shutdown = [*(on_shutdown or ()), *hooks["shutdown"]]
        self.lifespan_context: Any = resolve_lifespan(lifespan)
        apply_options(self, options)
        self._lifespan_factory: Any = None
        self._compiled_routes = -1
        self._compiled_for: list[BasePath] | None = None
        self.middleware_stack = build_stack(
            self.app,
            middleware=self.middleware,
            permissions=self.permissions,
            before_request=self.before_request,
            after_request=self.after_request,
        )
        self._standalone_stack = _standalone(self.middleware_stack)
        self._compile()

    # -- building ---------------------------------------------------------------------------

    def _compile(self) -> None:
        """Rebuild the route tables (called on construction and whenever routes are added)."""
        if type(self.routes) is not RouteList:  # assigned a plain list: watch it from now on
            self.routes = RouteList(self.routes)
        http, websocket = RouteIndex(), RouteIndex()
        for index, route in enumerate(self.routes):
            if isinstance(route, (Path, WebSocketPath)):
                table = http if isinstance(route, Path) else websocket
                if route.regex_overridden:  # given its own regex: asked through search(), in order
                    table.add_universal(index, route)
                else:
                    table.add_endpoint(index, route, route.path)
            elif isinstance(route, Include):
                http.add_mount(index, route, route.prefix)
                websocket.add_mount(index, route, route.prefix)
            else:
                http.add_universal(index, route)
                websocket.add_universal(index, route)
        http.freeze()
        websocket.freeze()
        self._indexes = {ScopeType.HTTP.value: http, ScopeType.WEBSOCKET.value: websocket}
        self._compiled_routes = self.routes.version
        self._compiled_for = self.routes
        self._lifespan_factory = handle_lifespan_events(self.on_startup, self.on_shutdown, self.lifespan_context)

    def _routes_changed(self) -> bool:
        """True when ``routes`` was replaced or changed in any way since the last compile."""
        routes = self.routes
        return routes is not self._compiled_for or routes.version != self._compiled_routes  # type: ignore[attr-defined]

    def _invalidate(self) -> None:
        """Routes changed: recompile before the next request (once, however many were added)."""
        self._compiled_routes = -1

    @route_options(HandlerOptions, *HANDLER)
    def add_route(
        self,
        path: str,
        handler: Callable[..., Any],
        methods: list[str] | None = None,
        name: str | None = None,
        **options: Unpack[HandlerOptions],
    ) -> None:
        self.routes.append(Path(path, handler, methods=methods, name=name, **options))
        self._invalidate()

    @route_options(RouteOptions, *STACK, *HOOKS)
    def add_websocket_route(
        self, path: str, handler: Callable[..., Any], name: str | None = None, **options: Unpack[RouteOptions]
    ) -> None:
        self.routes.append(WebSocketPath(path, handler, name=name, **options))
        self._invalidate()

    @route_options(IncludeMethodOptions, *INCLUDE)
    def include(
        self, path: str, app: ASGIApp, name: str | None = None, **options: Unpack[IncludeMethodOptions]
    ) -> None:
        # A namespace replaces the app (Include takes exactly one of them).
        self.routes.append(Include(path, app=None if options["namespace"] is not None else app, name=name, **options))
        self._invalidate()

    def host(self, host: str, app: ASGIApp, name: str | None = None) -> None:
        self.routes.append(Host(host, app=app, name=name))
        self._invalidate()

    def add_event_handler(self, event_type: str, func: Callable[[], Any]) -> None:
        assert event_type in (EventType.ON_STARTUP, EventType.ON_SHUTDOWN, EventType.STARTUP, EventType.SHUTDOWN)
        if event_type in (EventType.ON_STARTUP, EventType.STARTUP):
            self.on_startup.append(func)
        else:
            self.on_shutdown.append(func)
        self._lifespan_factory = handle_lifespan_events(self.on_startup, self.on_shutdown, self.lifespan_context)

    def on_event(self, event_type: str) -> Callable[..., Any]:
        def register(func: Callable[[], Any]) -> Callable[[], Any]:
            self.add_event_handler(event_type, func)
            return func

        return register

    # -- lifespan ---------------------------------------------------------------------------

    async def startup(self) -> None:
        for hook in self.on_startup:
            await hook() if is_async_callable(hook) else await run_in_threadpool(hook)

    async def shutdown(self) -> None:
        for hook in self.on_shutdown:
            await hook() if is_async_callable(hook) else await run_in_threadpool(hook)

    async def lifespan(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self._routes_changed():
            self._compile()
        await serve_lifespan(scope.get("app", self), self._lifespan_factory, scope, receive, send)

    # -- serving ----------------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if "router" not in scope:
            scope["router"] = self
            share_route_metadata(scope, _ROUTER_KEYS)
        if scope["type"] == "lifespan":  # plain str: an Enum attribute costs ~0.1 µs per access
            await self.lifespan(scope, receive, send)
            return
        if _BOUNDARY in scope or inside_lilya_app(scope):
            await self.middleware_stack(scope, receive, send)
        else:
            scope[_BOUNDARY] = True
            await self._standalone_stack(scope, receive, send)

    async def app(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Route one connection: the first FULL match in declaration order wins."""
        routes = self.routes  # inlined _routes_changed(): this runs on every request
        if routes is not self._compiled_for or routes.version != self._compiled_routes:  # type: ignore[attr-defined]
            self._compile()
        if self.dependencies:
            scope["dependencies"] = [*scope.get("dependencies", ()), self.dependencies]
        route_path = (get_route_path(scope) if scope.get("root_path") else scope["path"]) or "/"
        partial: tuple[Any, Scope] | None = None
        passed = False
        index = self._indexes.get(scope["type"])
        if index is None:
            candidates: list[Candidate] = []
        else:  # the static dict answers most requests; the tree the rest
            candidates = index.static.get(route_path) or index.lookup(route_path)
            if index.universal:
                candidates = sorted([*candidates, *index.universal], key=_position)
        for _, route, params, prefix in candidates:
            if params is None:  # universal: the route decides
                match, child = route.search(scope)
            elif prefix is None:
                match, child = route.match_params(params, scope)
            else:
                match, child = route.match_params(params, scope, prefix)
            if match is _FULL:
                previous = (scope.get("path_params"), scope.get("root_path"), scope.get("dependencies"))
                scope.update(child)
                if SCOPE_PARENT_KEY in scope:  # a middleware layer's copy: the layers above see it too
                    share_route_metadata(scope, child)
                try:
                    if type(route) in _DIRECT:
                        # FULL already checked the method: call the route's stack, one frame less
                        await route.app(scope, receive, send)
                    else:
                        await route.handle_dispatch(scope, receive, send)
                except ContinueRouting:
                    _restore(scope, previous)
                    continue
                except PassPartialMatches as exc:
                    _restore(scope, previous)
                    passed = True
                    if partial is None and exc.partial_matches:
                        _, partial_route, handler = exc.partial_matches[0]
                        partial = (partial_route, handler.child_scope)
                    continue
                return
            if match is _PARTIAL and partial is None:
                partial = (route, child)
        if partial is not None:
            if self.is_sub_router:
                handler = PathHandler(partial[1], scope, SendReceiveSniffer(receive, send))
                raise PassPartialMatches(partial_matches=[(Match.PARTIAL, partial[0], handler)])
            await self.handle_partial(partial[0], PathHandler(partial[1], scope, SendReceiveSniffer(receive, send)))
            return
        if self.is_sub_router and self.default is None:
            # As in Lilya, an Include's routes that match nothing let the enclosing router go on
            # (a later route, or its 405 for a path known with another method), after the slash
            # redirect of this level.
            if passed or not await self.redirect_other_slash(scope, receive, send):
                raise PassPartialMatches(partial_matches=[])
            return
        if passed:  # a mount matched this path and passed: no slash redirect (it would loop)
            if self.default is not None:
                await self.handle_default(scope, receive, send)
            else:
                await not_found(scope, receive, send)
            return
        await self.handle_not_found(scope, receive, send)

    async def handle_route(self, route: BasePath, path_handler: PathHandler) -> None:
        path_handler.scope.update(path_handler.child_scope)
        share_route_metadata(path_handler.scope, path_handler.child_scope)
        await route.handle_dispatch(path_handler.scope, path_handler.receive, path_handler.send)

    async def handle_partial(self, route: BasePath, path_handler: PathHandler) -> None:
        await self.handle_route(route, path_handler)

    async def handle_default(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.default is not None
        await self.default(scope, receive, send)

    async def handle_not_found(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Redirect to the other slash form when only that one exists; else default app or 404."""
        if await self.redirect_other_slash(scope, receive, send):
            return
        if self.default is not None:
            await self.handle_default(scope, receive, send)
            return
        await not_found(scope, receive, send)

    async def redirect_other_slash(self, scope: Scope, receive: Receive, send: Send) -> bool:
        """Redirect to the other slash form of the path when only that one exists (True if sent)."""
        if scope["type"] == ScopeType.HTTP and self.redirect_slashes:
            route_path = get_route_path(scope)
            if route_path not in ("", "/"):
                other = route_path[:-1] if route_path.endswith("/") else route_path + "/"
                index = self._indexes.get(scope["type"])
                if index is not None and (other in index.static or index.lookup(other)):
                    path: str = scope["path"]
                    new_path = path[:-1] if path.endswith("/") else path + "/"
                    # A relative Location: the Host header (client data) never picks the target,
                    # and behind a proxy it does not point at the internal address either.
                    url = URL.from_scope(scope).replace(path=new_path)
                    location = url.path + ("?" + url.query if url.query else "")
                    await RedirectResponse(url=location)(scope, receive, send)
                    return True
        return False

    # -- reverse lookup ---------------------------------------------------------------------

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        for route in self.routes:
            try:
                return route.url_path_for(name, **path_params)
            except NoMatchFound:
                continue
        raise NoMatchFound(name, path_params)

    def path_for(self, name: str, /, **path_params: Any) -> URLPath:
        return self.url_path_for(name, **path_params)


_BOUNDARY = "lilya.routing.boundary"
_ROUTER_KEYS = ("router",)
_RESTORED_KEYS = ("path_params", "root_path", "dependencies")
# Enum members as module constants: ``Match.FULL`` is a slow class-attribute lookup per access
_FULL, _PARTIAL = Match.FULL, Match.PARTIAL
# Exact classes whose handle_dispatch, after a FULL match, is only ``await self.app(...)``
# (subclasses may override it, so they keep going through handle_dispatch).
_DIRECT: frozenset[type] = frozenset({Path, WebSocketPath})


def _standalone(app: ASGIApp) -> ASGIApp:
    """Outside a Lilya app nobody renders ``HTTPException`` (400, 413, ...): the router does.

    On a WebSocket there is no response to render: a 4xx (a denied permission...) closes it with
    1008, anything else with 1011, and the detail never goes into the close reason."""
    from lilya.exception_handling import (
        default_handlers,
        http_exception_handler,
        wrap_app_handling_exceptions,
    )

    async def http_exception(conn: Any, exc: Exception) -> Any:
        if conn.scope["type"] == ScopeType.WEBSOCKET:
            code = getattr(exc, "status_code", None) or 500
            await conn.close(code=1008 if code < 500 else 1011)
            return None
        return http_exception_handler(conn, exc)

    handlers = default_handlers()
    handlers[HTTPException] = http_exception
    return wrap_app_handling_exceptions(app, handlers)


def _restore(scope: Scope, previous: tuple[Any, Any, Any]) -> None:
    """Undo what a candidate's child scope merged in before trying the next candidate."""
    for key, value in zip(_RESTORED_KEYS, previous):
        if value is None:
            scope.pop(key, None)
        else:
            scope[key] = value
    share_route_metadata(scope, _RESTORED_KEYS)


def _position(candidate: Candidate) -> int:
    return candidate[0]


class Router(RoutingMethodsMixin, BaseRouter):
    """``Router(routes=[...])``: usable on its own as an ASGI app, or inside any framework."""
