"""The unified application class: ``Lilya`` (and ``ChildLilya``, ``BaseLilya``).

The other names Lilya 0.29 exposes here (``Request``, ``Path``, ``DefineMiddleware``...) are
re-exported lazily, on first access, so ``import lilya.apps`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

from lilya.apps._base import BaseLilya
from lilya.apps._lilya import ChildLilya, Lilya
from lilya.apps._types import ApplicationType as ApplicationType
from lilya.apps._types import CallableDecorator as CallableDecorator
from lilya.apps._types import P as P

__all__ = ["BaseLilya", "ChildLilya", "Lilya"]

_LAZY: dict[str, tuple[str, str]] = {
    "Connection": ("lilya.requests", "Connection"),
    "apply_asgi_stack": ("lilya.compose", "apply_asgi_stack"),
    "wrap_middleware": ("lilya.compose", "wrap_middleware"),
    "wrap_permission": ("lilya.compose", "wrap_permission"),
    "is_class_and_subclass": ("lilya.compat", "is_class_and_subclass"),
    "lilya_settings": ("lilya.conf", "settings"),
    "FieldException": ("lilya.conf.exceptions", "FieldException"),
    "Settings": ("lilya.conf.global_settings", "Settings"),
    "G": ("lilya.context", "G"),
    "g_context": ("lilya.context", "g_context"),
    "Doc": ("lilya.exceptions", "Doc"),
    "State": ("lilya.datastructures", "State"),
    "URLPath": ("lilya.datastructures", "URLPath"),
    "wrap_dependency": ("lilya.dependencies", "wrap_dependency"),
    "HTTPException": ("lilya.exceptions", "HTTPException"),
    "ApplicationGraph": ("lilya.introspection", "ApplicationGraph"),
    "GraphBuilder": ("lilya.introspection", "GraphBuilder"),
    "LoggingConfig": ("lilya.logging", "LoggingConfig"),
    "setup_logging": ("lilya.logging", "setup_logging"),
    "DefineMiddleware": ("lilya.middleware.base", "DefineMiddleware"),
    "ExceptionMiddleware": ("lilya.middleware.exceptions", "ExceptionMiddleware"),
    "LilyaExceptionMiddleware": ("lilya.middleware.lilya_exception", "LilyaExceptionMiddleware"),
    "ServerErrorMiddleware": ("lilya.middleware.server_error", "ServerErrorMiddleware"),
    "DefinePermission": ("lilya.permissions.base", "DefinePermission"),
    "MiddlewareProtocol": ("lilya.protocols.middleware", "MiddlewareProtocol"),
    "PermissionProtocol": ("lilya.protocols.permissions", "PermissionProtocol"),
    "Request": ("lilya.requests", "Request"),
    "PlainText": ("lilya.responses", "PlainText"),
    "Response": ("lilya.responses", "Response"),
    "BasePath": ("lilya.routing.base", "BasePath"),
    "Include": ("lilya.routing.include", "Include"),
    "Path": ("lilya.routing.path", "Path"),
    "Router": ("lilya.routing.router", "Router"),
    "RoutingMethodsMixin": ("lilya.routing.mixins", "RoutingMethodsMixin"),
    "SerializerConfig": ("lilya.serializers", "SerializerConfig"),
    "setup_serializer": ("lilya.serializers", "setup_serializer"),
    "WebSocket": ("lilya.websockets", "WebSocket"),
}


# Where Lilya 0.29's module is not shipped (``lilya.contrib``), the same object from core.
def __getattr__(name: str) -> Any:
    try:
        module_name, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'lilya.apps' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module_name), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
