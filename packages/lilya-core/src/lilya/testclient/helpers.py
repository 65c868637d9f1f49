"""One-call test setup: build a `lilya.apps.Lilya` from routes and wrap it in a test client.

Core never imports the ``lilya`` distribution: the ``Lilya`` class comes from the entry point it
declares (``lilya.components``), looked up when a client is created or the name is first read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
import inspect
from typing import TYPE_CHECKING, Any, Literal, ParamSpec, TypeVar, cast

from lilya._internal._components import component
from lilya.conf.global_settings import Settings
from lilya.permissions.base import Permission
from lilya.testclient.async_client import AsyncTestClient
from lilya.testclient.base import TestClient
from lilya.types import ApplicationType, Dependencies, ExceptionHandler, Lifespan

if TYPE_CHECKING:
    from httpx._types import CookieTypes

    from lilya.apps import Lilya

__all__ = [
    "ApplicationType",
    "AsyncTestClient",
    "Lilya",
    "Permission",
    "Settings",
    "TestClient",
    "create_async_client",
    "create_client",
]

P = ParamSpec("P")
R = TypeVar("R")

# Options for the client; every other parameter configures the application.
_CLIENT_OPTIONS = (
    "base_url",
    "backend",
    "backend_options",
    "root_path",
    "raise_server_exceptions",
    "check_asgi_conformance",
    "cookies",
)


def __getattr__(name: str) -> Any:
    if name == "Lilya":
        return component("Lilya")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _parameters_of(template: Callable[P, Any]) -> Callable[[Callable[..., R]], Callable[P, R]]:
    """Give the decorated function ``template``'s parameters, for type checkers and ``inspect``."""

    def decorate(func: Callable[..., R]) -> Callable[P, R]:
        signature = inspect.signature(template)
        func.__signature__ = signature.replace(  # type: ignore[attr-defined]
            return_annotation=func.__annotations__.get("return", signature.return_annotation)
        )
        return cast(Callable[P, R], func)

    return decorate


def _create(client_class: type[TestClient] | type[AsyncTestClient], options: dict[str, Any]) -> Any:
    application = component("Lilya")
    app_options = dict(options)
    extra = app_options.pop("kwargs")
    overrides = app_options.pop("dependency_overrides") or {}
    client_options = {key: app_options.pop(key) for key in _CLIENT_OPTIONS}
    routes = app_options.pop("routes")
    routes = list(routes) if routes is not None else None
    try:
        app = application(routes=routes, **app_options, **extra)
    except ImportError:
        if not app_options["enable_openapi"]:
            raise
        # OpenAPI lives in lilya-contrib behind its `openapi` extra (pydantic); without them the
        # default enable_openapi=True must not make every create_client() call fail.
        app = application(routes=routes, **{**app_options, "enable_openapi": False}, **extra)
    for key, override in overrides.items():
        app.override_dependency(key, override)
    return client_class(app, **client_options)


def create_client(
    routes: Sequence[Any] | None = None,
    *,
    settings_module: type[Settings] | str | None = None,
    base_url: str = "http://testserver",
    backend: Literal["asyncio", "trio"] = "asyncio",
    backend_options: dict[str, Any] | None = None,
    permissions: Sequence[Permission[Any]] | None = None,
    middleware: Sequence[Any] | None = None,
    exception_handlers: Mapping[Any, ExceptionHandler] | None = None,
    on_startup: Sequence[Callable[[], Any]] | None = None,
    on_shutdown: Sequence[Callable[[], Any]] | None = None,
    include_in_schema: bool = True,
    raise_server_exceptions: bool = True,
    check_asgi_conformance: bool = True,
    lifespan: Lifespan[ApplicationType] | None = None,
    dependencies: Dependencies | None = None,
    redirect_slashes: bool = True,
    debug: bool = False,
    root_path: str = "",
    cookies: CookieTypes | None = None,
    before_request: Sequence[Callable[..., Any]] | None = None,
    after_request: Sequence[Callable[..., Any]] | None = None,
    enable_openapi: bool = True,
    openapi_config: Any | None = None,
    enable_intercept_global_exceptions: bool = True,
    dependency_overrides: dict[str, Any] | None = None,
    infer_body: bool = False,
    **kwargs: Any,
) -> TestClient:
    """A `TestClient` around a new `Lilya` app; extra keyword arguments go to `Lilya`."""
    return cast(TestClient, _create(TestClient, locals()))


_CREATE_CLIENT = inspect.signature(create_client)


@_parameters_of(create_client)
def create_async_client(*args: Any, **kwargs: Any) -> AsyncTestClient:
    """An `AsyncTestClient` around a new `Lilya` app: the parameters of `create_client`."""
    bound = _CREATE_CLIENT.bind(*args, **kwargs)
    bound.apply_defaults()
    return cast(AsyncTestClient, _create(AsyncTestClient, bound.arguments))
