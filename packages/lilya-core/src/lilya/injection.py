"""Handler signatures analysed once: what routing calls when it builds a route.

``build_handler_plan(handler, ...)`` inspects a handler's parameters at startup (path params,
``Request``/``WebSocket``, ``Provide``/``Provides``/``Depends``, ``Query``/``Header``/``Cookie``) and
returns the prepared plan a route runs per request without inspecting anything again.
``check_wiring(app)`` is what an application runs at startup: every handler parameter that only a
dependency layer can provide must be provided by one (else ``ImproperlyConfigured``).
``OUTER_OVERRIDES_KEY`` is the scope key through which a Lilya app mounted inside another sees
the enclosing apps' ``dependency_overrides``.
"""

from __future__ import annotations

from lilya._internal._injection import (
    CallPlan,
    HandlerPlan,
    UnresolvedParameter,
    build_call_plan,
    build_handler_plan,
)
from lilya._internal._resolution import OUTER_OVERRIDES_KEY
from lilya._internal._wiring import check_wiring, unprovided_parameters

__all__ = [
    "OUTER_OVERRIDES_KEY",
    "CallPlan",
    "HandlerPlan",
    "UnresolvedParameter",
    "build_call_plan",
    "build_handler_plan",
    "check_wiring",
    "unprovided_parameters",
]
