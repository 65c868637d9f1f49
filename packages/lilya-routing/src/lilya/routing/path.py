"""HTTP routes: a path template bound to a handler, every stack prepared at construction."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from lilya.enums import Match
from lilya.routing._common import is_asgi_instance, method_not_allowed
from lilya.routing._reexports import DEFINITIONS, TEMPLATE_ROUTE_NAMES, lazy_reexports
from lilya.routing._route import TemplateRoute
from lilya.routing.options import HOOKS, STACK, PathOptions, apply_options, route_options
from lilya.types import Receive, Scope, Send

if TYPE_CHECKING:
    from typing_extensions import Unpack

_FULL, _PARTIAL = Match.FULL, Match.PARTIAL  # module constants: Enum attribute access is slow

_REEXPORTS = ("HTTPException", "HTTPMethod", "PlainText", *TEMPLATE_ROUTE_NAMES)
__all__ = ["Path", "Route", "RoutePath", *_REEXPORTS]  # Lilya 0.29's names, served lazily

__getattr__ = lazy_reexports(*_REEXPORTS, *DEFINITIONS)


def _is_controller(handler: Any) -> bool:
    from lilya.controllers import BaseController

    return inspect.isclass(handler) and issubclass(handler, BaseController)


class Path(TemplateRoute):
    """``Path("/items/{item_id:int}", handler, methods=["GET"])``: one handler for one template."""

    include_in_schema: bool
    deprecated: bool
    max_body_size: int | None

    @route_options(PathOptions, "include_in_schema", *STACK, *HOOKS, "deprecated", "max_body_size", keyword_only=True)
    def __init__(
        self,
        path: str,
        handler: Callable[..., Any] | str,
        *,
        methods: list[str] | None = None,
        name: str | None = None,
        **options: Unpack[PathOptions],
    ) -> None:
        handler = self.bind(path, handler, name)
        apply_options(self, options)
        self.is_controller = _is_controller(handler)
        self.is_asgi_app = not self.is_controller and is_asgi_instance(handler)
        if self.is_controller:
            self.handler.apply_route_options(self)
        self.methods: list[str] | None = self._resolve_methods(methods)
        # None: any method reaches the handler (a controller answers 405 itself).
        self._method_set = frozenset(self.methods) if self.methods is not None else None
        self._allow = ", ".join(self.methods or ())
        names = set(self.param_convertors)
        if self.is_controller:
            endpoint = self.handler.as_endpoint(names, self.dependencies, self)
        elif self.is_asgi_app:
            endpoint = handler
        else:
            endpoint = self.http_endpoint(handler, names)
        self.app = self.wrap(endpoint, self.max_body_size)

    def _resolve_methods(self, methods: list[str] | None) -> list[str] | None:
        if methods is None and (self.is_controller or self.is_asgi_app):
            return None
        result: list[str] = []
        for method in methods or ["GET"]:
            upper = method.upper()
            if upper not in result:
                result.append(upper)
        if "GET" in result and "HEAD" not in result:
            result.append("HEAD")
        return result

    def handle_signature(self) -> None:
        if not (self.is_controller or self.is_asgi_app):
            super().handle_signature()

    def match_params(self, params: dict[str, Any], scope: Scope) -> tuple[Match, Scope]:
        """Child scope for already converted ``params``; FULL when the method is allowed."""
        allowed = self._method_set is None or scope["method"] in self._method_set
        return (_FULL if allowed else _PARTIAL), self.child_scope(params, scope)

    async def handle_dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self._method_set is not None and scope["method"] not in self._method_set:
            await method_not_allowed(scope, receive, send, self._allow)
            return
        await self.app(scope, receive, send)

    async def handle_controller(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve through the controller class (same as ``handle_dispatch`` for controller routes)."""
        await self.handle_dispatch(scope, receive, send)

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}(path={self.path!r}, name={self.name!r}, methods={self.methods!r})"


Route = Path
RoutePath = Path
