"""Route modules and reverse lookup: ``Include(namespace="pkg.urls")`` and ``reverse(...)``.

Core must not import routing at module level, so ``BasePath`` is only named for type checkers.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from lilya.datastructures import URLPath
from lilya.exceptions import ImproperlyConfigured
from lilya.types import ASGIApp

if TYPE_CHECKING:
    from lilya.routing.base import BasePath

__all__ = ["include", "reverse"]

DEFAULT_PATTERN = "route_patterns"


class RoutePatternsError(ImproperlyConfigured, AssertionError):
    """A route module without a usable list (Lilya asserts here: both ``except`` forms catch it)."""


def include(arg: Any, pattern: str | None = None) -> list[BasePath]:
    """The routes of a module (``"pkg.urls"`` → its ``route_patterns``, or ``pattern``) or a list."""
    if not isinstance(arg, str):
        if not isinstance(arg, (list, tuple)):
            raise ImproperlyConfigured(detail=f"include() takes a dotted module path or a list of routes, not {arg!r}.")
        return list(arg)
    module = import_module(arg)
    attribute = pattern or DEFAULT_PATTERN
    try:
        routes = getattr(module, attribute)
    except AttributeError:
        raise RoutePatternsError(
            detail=f"Module {arg!r} has no {attribute!r}: define it as a list of routes or pass pattern=."
        ) from None
    if not isinstance(routes, (list, tuple)):
        raise RoutePatternsError(detail=f"{arg}.{attribute} must be a list of routes, got {type(routes).__name__}.")
    return list(routes)


def reverse(reverse_name: str, app: ASGIApp | None = None, path_params: Any | None = None, **kwargs: Any) -> URLPath:
    """``app.path_for(reverse_name, **path_params)``; ``kwargs`` are merged into the params."""
    if app is None:
        raise ImproperlyConfigured(detail="reverse() needs the application: reverse(name, app=app, path_params={...}).")
    params = {**(path_params or {}), **kwargs}
    path_for = getattr(app, "path_for", None) or getattr(app, "url_path_for")
    result: URLPath = path_for(reverse_name, **params)
    return result
