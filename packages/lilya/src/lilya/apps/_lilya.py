"""``Lilya`` and ``ChildLilya``: constructor, settings fallback, decorators, extras."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from lilya.compose import wrap_middleware, wrap_permission
from lilya.datastructures import State
from lilya.lifespan import resolve_lifespan
from lilya.routing.options import route_options

from lilya.apps._base import BaseLilya
from lilya.apps._lifespan import normalize_hooks
from lilya.apps._methods import RoutingMethodsMixin
from lilya.apps._options import APP_DEFAULTS, APP_ORDER, AppOptions
from lilya.apps._settings import SettingsResolver

if TYPE_CHECKING:
    from lilya.conf.global_settings import Settings
    from lilya.introspection import ApplicationGraph

    from typing_extensions import Unpack

__all__ = ["ChildLilya", "Lilya"]


def _global_hooks() -> dict[str, list[Callable[..., Any]]]:
    from lilya.lifecycle import get_hooks

    return get_hooks() or {}


def _definitions(items: Any, wrap: Callable[[Any], Any]) -> list[Any]:
    """Definitions as given; a bare class or dotted path is wrapped (``DefineMiddleware(cls)``)."""
    return [wrap(item) if isinstance(item, (type, str)) else item for item in items or ()]


class Lilya(RoutingMethodsMixin, BaseLilya):
    """The application: a router inside an error boundary, middleware, permissions and lifespan.

    Every argument left unset falls back to ``settings_module`` and then to the global settings,
    resolved once here. The ASGI stack is built on the first request and never again.
    """

    register_as_global_instance: ClassVar[bool] = True
    router_class: ClassVar[type[Any] | None] = None  # None: ``lilya.routing.Router``

    @route_options(AppOptions, *APP_ORDER, defaults=APP_DEFAULTS)
    def __init__(
        self,
        debug: bool = False,
        settings_module: type[Settings] | str | None = None,
        routes: Sequence[Any] | None = None,
        *,
        max_body_size: int | None = None,
        max_message_size: int | None = None,
        **options: Unpack[AppOptions],
    ) -> None:
        self._settings = resolver = SettingsResolver(settings_module)
        self._request_settings = resolver.local
        self.settings_module = resolver.local
        value = resolver.value

        self.debug = bool(value("debug", debug, False, is_boolean=True))
        self.exception_handlers = dict(value("exception_handlers", options["exception_handlers"]) or {})
        self.custom_middleware = _definitions(value("middleware", options["middleware"]), wrap_middleware)
        self.custom_permissions = _definitions(value("permissions", options["permissions"]), wrap_permission)
        self.before_request_callbacks = list(value("before_request", options["before_request"]) or [])
        self.after_request_callbacks = list(value("after_request", options["after_request"]) or [])
        self.dependencies = dict(value("dependencies", options["dependencies"]) or {})
        self.dependency_overrides: dict[str, Any] = {}
        self.logging_config = resolver.explicit_or_local("logging_config", options["logging_config"])
        self.serializer_config = resolver.explicit_or_local("serializer_config", options["serializer_config"])
        self.populate_global_context = options["populate_global_context"]
        self.enable_openapi = bool(value("enable_openapi", options["enable_openapi"], False, is_boolean=True))
        self.openapi_config = value("openapi_config", options["openapi_config"])
        intercept = options["enable_intercept_global_exceptions"]
        self.enable_intercept_global_exceptions = bool(
            value("enable_intercept_global_exceptions", intercept, False, is_boolean=True)
        )
        self.root_path = value("root_path", options["root_path"], "") or ""
        self.redirect_slashes = bool(value("redirect_slashes", options["redirect_slashes"], True, is_boolean=True))
        self.include_in_schema = bool(value("include_in_schema", options["include_in_schema"], True, is_boolean=True))
        self.infer_body = bool(value("infer_body", options["infer_body"], False) or False)
        self.max_body_size = max_body_size
        self.max_message_size = max_message_size
        self.lifespan = resolve_lifespan(value("lifespan", options["lifespan"]))
        startup = normalize_hooks(value("on_startup", options["on_startup"]))
        shutdown = normalize_hooks(value("on_shutdown", options["on_shutdown"]))
        if self.register_as_global_instance:
            hooks = _global_hooks()
            startup = [*normalize_hooks(hooks.get("startup")), *startup]
            shutdown = [*shutdown, *normalize_hooks(hooks.get("shutdown"))]
        self.on_startup = startup
        self.on_shutdown = shutdown
        self.state = State()
        self.middleware_stack = None

        extras: dict[str, Any] = {}
        if self.root_path:
            extras["root_path"] = self.root_path
        if max_body_size is not None:
            extras["lilya.max_body_size"] = max_body_size
        if max_message_size is not None:
            extras["lilya.max_message_size"] = max_message_size
        self._scope_extras = extras

        router_class: type[Any] | None = self.router_class
        if router_class is None:
            from lilya.routing import Router

            router_class = Router
        self.router = router_class(
            routes=list(value("routes", routes) or []),
            redirect_slashes=self.redirect_slashes,
            dependencies=self.dependencies or None,
            include_in_schema=self.include_in_schema,
            settings_module=self.settings_module,
        )
        # One list each: hooks added through ``app.router.add_event_handler`` run too.
        self.router.on_startup = self.on_startup
        self.router.on_shutdown = self.on_shutdown
        self._configure_runtime()

    def _configure_runtime(self) -> None:
        """Logging, serializers and OpenAPI: configured once, only when asked for."""
        if self.logging_config is not None:
            from lilya.logging import setup_logging

            setup_logging(self.logging_config)
        if self.serializer_config is not None:
            from lilya.serializers import setup_serializer

            setup_serializer(self.serializer_config)
        if self.enable_openapi:
            self.configure_openapi(self.openapi_config)

    def configure_openapi(self, openapi_config: Any | None = None) -> None:
        if openapi_config is None:
            try:
                config_module = importlib.import_module("lilya.contrib.openapi.config")
            except ImportError as exc:
                raise ImportError(
                    f'enable_openapi=True needs lilya.contrib.openapi: pip install "lilya[openapi]" ({exc})'
                ) from exc
            openapi_config = config_module.OpenAPIConfig()
        openapi_config.enable(self)

    # -- dependencies -----------------------------------------------------------------------

    def override_dependency(self, name: str, override: Callable[..., Any]) -> None:
        """Replace the dependency called ``name`` everywhere (tests); undo with ``reset_...``."""
        self.dependency_overrides[name] = override
        overrides = getattr(self.router, "dependency_overrides", None)
        if isinstance(overrides, dict):
            overrides[name] = override

    def reset_dependency_overrides(self) -> None:
        self.dependency_overrides.clear()
        overrides = getattr(self.router, "dependency_overrides", None)
        if isinstance(overrides, dict):
            overrides.clear()

    # -- information --------------------------------------------------------------------------

    @property
    def settings(self) -> Any:
        """The effective settings: ``settings_module`` if given, else the global settings."""
        return self._settings.effective

    @property
    def version(self) -> str:
        return str(self._settings.get("version", ""))

    @property
    def graph(self) -> ApplicationGraph:
        """The application's structure (middleware, routes, includes) as a graph; cached."""
        graph = self.__dict__.get("_graph")
        if graph is None:
            from lilya.introspection import GraphBuilder

            graph = self.__dict__["_graph"] = GraphBuilder().build(self)
        return graph


class ChildLilya(Lilya):
    """A Lilya app mounted inside another (``add_child_lilya``/``Include``); its own hooks and
    ``lifespan`` run only when it is served on its own, as in Lilya 0.29."""

    register_as_global_instance: ClassVar[bool] = False
