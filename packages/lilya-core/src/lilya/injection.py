"""Handler signatures analysed once: what routing calls when it builds a route.

``build_handler_plan(handler, ...)`` inspects a handler's parameters at startup (path params,
``Request``/``WebSocket``, ``Provide``/``Provides``/``Depends``, ``Query``/``Header``/``Cookie``) and
returns the prepared plan a route runs per request without inspecting anything again.
``check_wiring(app)`` is what an application runs at startup: every handler parameter that only a
dependency layer can provide must be provided by one (else ``ImproperlyConfigured``).
``OUTER_OVERRIDES_KEY`` is the scope key through which a Lilya app mounted inside another sees
the enclosing apps' ``dependency_overrides``.

Everything but the constant loads on first use: ``import lilya.apps`` must not pay for the
injection machinery (requests, websockets, dependencies) before a route needs it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lilya.compat import lazy_attributes

if TYPE_CHECKING:
    from lilya._internal._injection import (
        CallPlan,
        HandlerPlan,
        UnresolvedParameter,
        build_call_plan,
        build_handler_plan,
    )
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

#: Scope key where a Lilya app mounted inside another finds the enclosing apps' overrides.
OUTER_OVERRIDES_KEY = "lilya.outer_dependency_overrides"

_LAZY = {
    "CallPlan": "lilya._internal._injection",
    "HandlerPlan": "lilya._internal._injection",
    "UnresolvedParameter": "lilya._internal._injection",
    "build_call_plan": "lilya._internal._injection",
    "build_handler_plan": "lilya._internal._injection",
    "check_wiring": "lilya._internal._wiring",
    "unprovided_parameters": "lilya._internal._wiring",
}


__getattr__ = lazy_attributes(__name__, _LAZY)
