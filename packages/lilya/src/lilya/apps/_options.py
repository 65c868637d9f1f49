"""The application's constructor options: the route options of every level plus the app's own."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

from lilya.routing.options import RouteOptions

if TYPE_CHECKING:
    from lilya.logging import LoggingConfig
    from lilya.requests import Connection
    from lilya.serializers import SerializerConfig
    from lilya.types import Lifespan


__all__ = ["APP_DEFAULTS", "APP_ORDER", "AppOptions"]


class AppOptions(RouteOptions, total=False):
    """``Lilya(...)``'s options; ``None`` falls back to ``settings_module``, then to the settings."""

    on_startup: Sequence[Callable[[], Any]] | None
    on_shutdown: Sequence[Callable[[], Any]] | None
    redirect_slashes: bool | None
    lifespan: Lifespan[Any] | None
    include_in_schema: bool | None
    logging_config: LoggingConfig | None
    serializer_config: SerializerConfig | None
    populate_global_context: Callable[[Connection], dict[str, Any] | Awaitable[dict[str, Any]]] | None
    enable_openapi: bool | None
    openapi_config: Any | None
    enable_intercept_global_exceptions: bool | None
    root_path: str | None
    infer_body: bool | None


#: Lilya 0.29's order of the constructor's parameters after ``debug, settings_module, routes``.
APP_ORDER = (
    "middleware",
    "exception_handlers",
    "dependencies",
    "permissions",
    "on_startup",
    "on_shutdown",
    "before_request",
    "after_request",
    "redirect_slashes",
    "lifespan",
    "include_in_schema",
    "logging_config",
    "serializer_config",
    "populate_global_context",
    "enable_openapi",
    "openapi_config",
    "enable_intercept_global_exceptions",
    "root_path",
    "infer_body",
)
#: Unset means "ask the settings" (None) for these too; ``infer_body`` is off unless given.
APP_DEFAULTS = {"redirect_slashes": None, "include_in_schema": None, "infer_body": False}
