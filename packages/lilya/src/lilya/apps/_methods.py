"""The route decorators of the application (``@app.get(...)`` ...), forwarded to the router.

lilya-routing (a dependency of this distribution) defines them once, for routers and apps alike.
"""

from __future__ import annotations

from lilya.routing.mixins import RoutingMethodsMixin

__all__ = ["RoutingMethodsMixin"]
