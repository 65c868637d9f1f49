"""Handler signatures analysed once: what routing calls when it builds a route.

``build_handler_plan(handler, ...)`` inspects a handler's parameters at startup (path params,
``Request``/``WebSocket``, ``Provide``/``Provides``/``Depends``, ``Query``/``Header``/``Cookie``) and
returns the prepared plan a route runs per request without inspecting anything again.
"""

from __future__ import annotations

from lilya._internal._injection import CallPlan, HandlerPlan, build_call_plan, build_handler_plan

__all__ = ["CallPlan", "HandlerPlan", "build_call_plan", "build_handler_plan"]
