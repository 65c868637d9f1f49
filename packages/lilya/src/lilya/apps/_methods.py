"""The route decorators of the application (``@app.get(...)`` ...), forwarded to the router.

Uses ``lilya.routing.mixins.RoutingMethodsMixin`` when the routing package provides it; the
fallback below only exists so the application class can be imported on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["RoutingMethodsMixin"]

try:
    from lilya.routing.mixins import RoutingMethodsMixin
except ImportError:  # pragma: no cover - routing without mixins

    def _verb(method: str) -> Callable[..., Any]:
        def decorator_factory(self: Any, path: str, **options: Any) -> Any:
            return self.forward_single_method_route(path, method, **options)

        decorator_factory.__name__ = method.lower()
        return decorator_factory

    class RoutingMethodsMixin:  # type: ignore[no-redef]
        get = _verb("GET")
        head = _verb("HEAD")
        post = _verb("POST")
        put = _verb("PUT")
        patch = _verb("PATCH")
        delete = _verb("DELETE")
        options = _verb("OPTIONS")
        trace = _verb("TRACE")
        query = _verb("QUERY")
