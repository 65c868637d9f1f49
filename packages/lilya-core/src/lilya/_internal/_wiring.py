"""Startup check of an application's wiring: every handler parameter must have a provider.

A handler parameter that is not a path parameter, the connection, a ``Query``/``Header``/
``Cookie`` or a marker, and has no default, is looked up by name in the dependency layers at
request time. When no layer above the route registers that name (app, mounted apps, Router,
Include, Host, the route, overrides) and the body cannot provide it (``infer_body`` off), every
request to the route would fail. ``check_wiring(app)`` finds these once, when the app starts
(its lifespan), and raises ``ImproperlyConfigured`` listing each one with the fix.

The walk only reads what the route tree exposes (``routes``, ``app``, ``router``,
``dependencies``, ``handler_plans``), so it needs no routing import; it over-approximates what is
available (a name registered anywhere above a route counts), never the reverse.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from lilya.exceptions import ImproperlyConfigured

__all__ = ["check_wiring", "unprovided_parameters"]

_MAX_DEPTH = 64


def _names(mapping: Any) -> frozenset[str]:
    return frozenset(mapping) if isinstance(mapping, Mapping) else frozenset()


def _provided(node: Any) -> frozenset[str]:
    """Names an app or route registers for the handlers below it (dependencies, overrides)."""
    return _names(getattr(node, "dependencies", None)) | _names(getattr(node, "dependency_overrides", None))


def _settings_infer_body() -> bool:
    from lilya.conf import settings

    try:
        return bool(getattr(settings, "infer_body", False))
    except Exception:  # noqa: BLE001 - settings that cannot load: body inference is off
        return False


class _Walk:
    def __init__(self) -> None:
        self.seen: set[int] = set()
        self.problems: list[str] = []
        self.body_models: list[str] = []  # model parameters waiting for infer_body: warned about

    def app(self, app: Any, names: frozenset[str], infer: bool, depth: int) -> None:
        names = names | _provided(app)
        flag = getattr(app, "infer_body", None)
        infer = bool(flag) if flag is not None else infer
        router = getattr(app, "router", None)
        if router is not None:
            self.node(router, names, infer, depth + 1)

    def node(self, node: Any, names: frozenset[str], infer: bool, depth: int) -> None:
        if depth > _MAX_DEPTH or id(node) in self.seen:
            return
        self.seen.add(id(node))
        names = names | _provided(node)
        for plan in getattr(node, "handler_plans", ()):
            self.plan(node, plan, names, infer)
        inner = getattr(node, "app", None)
        if inner is not None and hasattr(inner, "router") and hasattr(inner, "dependency_overrides"):
            # A mounted Lilya app: its own dependencies and infer_body apply below it.
            if id(inner) not in self.seen:
                self.seen.add(id(inner))
                self.app(inner, names, infer, depth + 1)
            return
        routes = getattr(node, "routes", None)
        if isinstance(routes, Iterable) and not isinstance(routes, (str, bytes)):
            for route in list(routes):
                self.node(route, names, infer, depth + 1)
        if inner is not None and inner is not node and hasattr(inner, "routes"):  # Include/Host router
            self.node(inner, names, infer, depth + 1)

    def plan(self, route: Any, plan: Any, names: frozenset[str], infer: bool) -> None:
        websocket = getattr(route, "scope_type", "http") == "websocket"
        configured = getattr(plan, "infer_body", None)
        body = configured if configured is not None else infer
        for name, from_body, first, model in getattr(plan, "needs", ()):
            if name in names or (from_body and body and not websocket) or (first and websocket):
                continue
            where = getattr(route, "path", None)
            label = getattr(plan, "name", "?")
            described = f"'{name}' of handler '{label}'" + (f" (route '{where}')" if where else "")
            # A model-typed parameter is a request body waiting for infer_body (Lilya 0.29 builds
            # such apps, e.g. to document them): warned about, not refused.
            (self.body_models if model and from_body and not websocket else self.problems).append(described)


def unprovided_parameters(app: Any) -> list[str]:
    """Each handler parameter of ``app`` that nothing can provide, described for a person."""
    walk = _Walk()
    walk.seen.add(id(app))
    walk.app(app, frozenset(), _settings_infer_body(), 0)
    return walk.problems


def check_wiring(app: Any) -> None:
    """Raise ``ImproperlyConfigured`` when a handler parameter has no provider (see the module).

    A parameter typed as a model (dataclass, pydantic, msgspec) that only ``infer_body`` would fill
    is logged as a warning instead: the app starts, and such a request fails until it is enabled.
    """
    walk = _Walk()
    walk.seen.add(id(app))
    walk.app(app, frozenset(), _settings_infer_body(), 0)
    if walk.body_models:
        logging.getLogger("lilya").warning(
            "These handler parameters are request bodies that nothing reads while infer_body is off "
            "(requests to them fail): %s. Enable infer_body (app, settings or route) or register them.",
            "; ".join(walk.body_models),
        )
    problems = walk.problems
    if problems:
        raise ImproperlyConfigured(
            "Nothing provides these handler parameters: "
            + "; ".join(problems)
            + ". Register each in `dependencies` (app, Include or route), give it a default, make it "
            "a path parameter, or enable infer_body to read it from the request body."
        )
