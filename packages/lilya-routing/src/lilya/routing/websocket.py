"""WebSocket routes: a path template bound to a WebSocket handler or ``WebSocketController``."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from lilya.routing._common import is_asgi_instance
from lilya.routing._reexports import DEFINITIONS, TEMPLATE_ROUTE_NAMES, lazy_reexports
from lilya.routing._route import TemplateRoute
from lilya.routing.options import HOOKS, STACK, WebSocketPathOptions, apply_options, route_options
from lilya.types import ASGIApp, Receive, Scope, Send

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = ["WebSocketPath", "WebSocketRoute", *TEMPLATE_ROUTE_NAMES]  # Lilya 0.29's names, served lazily

__getattr__ = lazy_reexports(*TEMPLATE_ROUTE_NAMES, *DEFINITIONS)


def _controller_app(controller: type[Any]) -> ASGIApp:
    async def serve(scope: Scope, receive: Receive, send: Send) -> None:
        await controller(scope, receive, send).handle_dispatch(scope, receive, send)

    return serve


class WebSocketPath(TemplateRoute):
    """``WebSocketPath("/ws/{room}", handler)``: the handler receives the accepted-to-be WebSocket."""

    protocol = "websocket"
    scope_type = "websocket"

    include_in_schema: bool
    max_message_size: int | None

    @route_options(WebSocketPathOptions, "include_in_schema", *STACK, *HOOKS, "max_message_size", keyword_only=True)
    def __init__(
        self,
        path: str,
        handler: Callable[..., Any] | str,
        *,
        name: str | None = None,
        **options: Unpack[WebSocketPathOptions],
    ) -> None:
        handler = self.bind(path, handler, name)
        apply_options(self, options)
        if inspect.isclass(handler):
            controller_options = getattr(handler, "apply_route_options", None)
            if controller_options is not None:  # a WebSocketController's class-level options
                controller_options(self)
            endpoint = _controller_app(handler)
        elif is_asgi_instance(handler):  # an ASGI app object is served as it is (Lilya 0.29)
            endpoint = handler
        else:
            endpoint = self.websocket_endpoint(handler, set(self.param_convertors))
        self.app = self.wrap(endpoint, max_message_size=self.max_message_size)

    async def handle_dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}(path={self.path!r}, name={self.name!r})"


WebSocketRoute = WebSocketPath
