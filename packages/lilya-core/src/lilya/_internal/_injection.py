"""Handler injection plans: computed once per handler, run per request.

Routing builds one plan per handler when the route is created::

    plan = build_handler_plan(handler, path_params={"user_id"}, dependencies={"db": Provide(get_db)},
                              infer_body=False, route=self)

and per request::

    cleanup = PureScope()                        # collects generator-dependency teardown
    kwargs = await plan.resolve(request, cleanup)  # Request or WebSocket
    result = await plan.handler(**kwargs)        # async-enforced: sync handlers run in a thread
    ...send the response...
    await cleanup.aclose()                       # generator dependencies finish after the response

``plan.is_trivial`` is True when the handler takes no parameters (``resolve`` would return ``{}``;
routing may skip building the Request).

Where each parameter's value comes from is decided once, in this order:

1. ``Query``/``Header``/``Cookie`` defaults (``lilya.params``): read and cast; a missing required
   value or an uncastable one is a 422 for the client.
2. ``Provide``/``Resolve``/``Security``/``Depends`` defaults: resolved with their own nested
   dependencies; ``use_cache`` caches per request; ``scope="app"``/``"global"`` share one instance.
3. ``Provides()`` defaults and names listed in ``dependencies``: looked up by name (below).
4. An annotation ``Request``/``WebSocket`` (or a subclass), or the names ``request``/``websocket``:
   the connection. The name ``context``: a ``lilya.context.Context``.
5. A path parameter's name: ``scope["path_params"][name]`` (already converted by the route).
6. Any other parameter without a default: looked up by name; else, for the first parameter of a
   WebSocket handler, the WebSocket (as Lilya passes it positionally); else taken from the JSON/form
   body when body inference is on (decided per route, else by the app serving the request); else
   ``UnresolvedParameter`` (a ``TypeError``) names it. Such names are recorded in ``plan.needs``
   so that the app checks them once, at startup (``_wiring.check_wiring``).

Named dependencies are searched at request time, first hit wins: ``scope["dependency_overrides"]``,
the route's ``dependencies``, each mapping of ``scope["dependencies"]`` (a list, outermost Include
first; searched innermost first), then ``scope["app"].dependencies``.
"""

from __future__ import annotations

import dataclasses

import functools
import inspect
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from lilya.compat import is_async_callable
from lilya.concurrency import enforce_async_callable
from lilya.dependencies import Provide, Provides, PureScope, _Depends
from lilya.exceptions import ImproperlyConfigured
from lilya.params import Cookie, Header, Query

from ._body_inference import infer_body_enabled
from ._param_steps import bound_step
from ._resolution import MISSING, Resolution

if TYPE_CHECKING:
    from lilya._internal._connection import Connection

__all__ = ["CallPlan", "HandlerPlan", "Need", "UnresolvedParameter", "build_call_plan", "build_handler_plan"]

Step = tuple[str, Callable[[Resolution], Any], bool]
#: A name only the dependency layers can provide: (name, may come from the body, is the first
#: parameter, which a WebSocket handler receives the connection as).
Need = tuple[str, bool, bool, bool]  # name, the body could fill it, first parameter, a model type
_CONNECTION_NAMES = frozenset({"request", "websocket"})
logger = logging.getLogger("lilya.dependencies")


class CallPlan:
    """The prepared steps that turn a resolution context into keyword arguments."""

    __slots__ = ("steps", "is_trivial", "uses_body", "validates_itself")

    def __init__(self, steps: Sequence[Step], uses_body: bool = False, validates_itself: bool = False) -> None:
        self.steps = tuple(steps)
        self.is_trivial = not self.steps
        self.uses_body = uses_body
        # A class built from request values (a pydantic form model): its constructor's validation
        # error is the client's mistake, answered 422 unless a handler for it is registered.
        self.validates_itself = validates_itself

    async def build_kwargs(self, res: Resolution) -> dict[str, Any]:
        kwargs: dict[str, Any] = {}
        for name, step, is_async in self.steps:
            value = step(res)
            if is_async:
                value = await value
            if value is not MISSING:
                kwargs[name] = value
        return kwargs


class HandlerPlan(CallPlan):
    """A CallPlan bound to a handler and its route-level dependencies."""

    __slots__ = ("handler", "original", "dependencies", "name", "needs", "infer_body")

    def __init__(
        self,
        handler: Callable[..., Any],
        steps: Sequence[Step],
        dependencies: Mapping[str, Any] | None,
        uses_body: bool,
        needs: Sequence[Need] = (),
        infer_body: bool | None = None,
    ) -> None:
        super().__init__(steps, uses_body)
        self.needs = tuple(needs)  # checked against the app's wiring at startup (``_wiring``)
        self.infer_body = infer_body
        self.original = handler
        self.handler: Callable[..., Awaitable[Any]] = enforce_async_callable(_accept_keywords(handler))
        self.dependencies = dependencies or {}
        self.name = getattr(handler, "__name__", type(handler).__name__)

    async def resolve(self, conn: Connection, cleanup: PureScope | None = None) -> dict[str, Any]:
        """Map the connection to the handler's keyword arguments."""
        if self.is_trivial:
            return {}
        return await self.build_kwargs(Resolution(conn, cleanup, self.dependencies, handler_name=self.name))

    async def run(self, conn: Connection, cleanup: PureScope | None = None) -> Any:
        """Resolve the arguments and call the handler (cleanup stays the caller's to run)."""
        if self.is_trivial:
            return await self.handler()
        return await self.handler(**await self.resolve(conn, cleanup))


class UnresolvedParameter(TypeError):
    """A handler parameter that nothing provides (a ``TypeError``, as calling the handler without
    it is in Lilya). Apps report it at startup; without a lifespan, at request time."""


def _accept_keywords(handler: Callable[..., Any]) -> Callable[..., Any]:
    """Plans produce keyword arguments; a handler with positional-only parameters gets a wrapper
    (built once) that passes those positionally."""
    signature = _signature(handler)
    positional = [
        p.name for p in (signature.parameters.values() if signature else ()) if p.kind == p.POSITIONAL_ONLY
    ]
    if not positional:
        return handler

    def call(**kwargs: Any) -> Any:
        args = [kwargs.pop(name) for name in positional if name in kwargs]
        return handler(*args, **kwargs)

    functools.update_wrapper(call, handler)
    if is_async_callable(handler):

        async def acall(**kwargs: Any) -> Any:
            return await call(**kwargs)

        return acall
    return call


def build_handler_plan(
    handler: Callable[..., Any],
    *,
    path_params: set[str] | frozenset[str] | Sequence[str] = (),
    dependencies: Mapping[str, Any] | None = None,
    infer_body: bool | None = None,
    route: Any = None,
) -> HandlerPlan:
    """Inspect ``handler`` once and return the plan that injects its parameters per request.

    ``infer_body=None`` leaves the choice to the app serving the request (``Lilya(infer_body=...)``
    or its settings), then to ``settings.infer_body``; ``True``/``False`` fix it for this route.
    """
    needs: list[Need] = []
    steps, uses_body = _compile(
        handler,
        path_params=frozenset(path_params),
        static_names=frozenset(dependencies or ()),
        infer_body=infer_body,
        route=route,
        for_dependency=False,
        needs=needs,
    )
    return HandlerPlan(handler, steps, dependencies, uses_body, needs, infer_body)


def build_call_plan(func: Callable[..., Any]) -> CallPlan:
    """The plan of a dependency callable: like a handler's, but a name nothing else provides comes
    from the dependency layers, then the path parameters, then a JSON body's top-level key (as in
    Lilya), else keeps its default."""
    steps, _ = _compile(
        func, path_params=frozenset(), static_names=frozenset(), infer_body=False, route=None, for_dependency=True
    )
    return CallPlan(steps, validates_itself=isinstance(func, type) and bool(steps))


def _signature(func: Callable[..., Any]) -> inspect.Signature | None:
    try:
        return inspect.signature(func)
    except (TypeError, ValueError):  # builtins and some C types have no signature
        return None


def _compile(
    func: Callable[..., Any],
    *,
    path_params: frozenset[str],
    static_names: frozenset[str],
    infer_body: bool | None,
    route: Any,
    for_dependency: bool,
    needs: list[Need] | None = None,
) -> tuple[list[Step], bool]:
    signature = _signature(func)
    if signature is None:
        return [], False
    params = [
        p for p in signature.parameters.values() if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]
    steps: list[Step] = []
    body_names: list[str] = []
    single_positional = (
        for_dependency
        and len(params) == 1
        and params[0].kind in (params[0].POSITIONAL_ONLY, params[0].POSITIONAL_OR_KEYWORD)
        and params[0].default is params[0].empty
    )
    hints = _annotations(func, signature)
    # Lilya hands a WebSocket handler its connection as the first argument, whatever its name.
    first = params[0] if params and params[0].kind != params[0].KEYWORD_ONLY else None
    first_name = first.name if first is not None else None
    for param in params:
        name, default = param.name, param.default
        annotation = hints.get(name, param.annotation)
        if isinstance(default, (Query, Header, Cookie)):
            steps.append((name, bound_step(name, default), False))
        elif isinstance(default, (Provide, _Depends)):
            steps.append((name, _marker_step(default), True))
        elif isinstance(default, Provides) or (name in static_names and default is param.empty):
            steps.append((name, _named_step(name, fallback="error"), True))
            if needs is not None and name not in static_names:
                needs.append((name, False, False, False))
        elif _is_connection(name, annotation):
            steps.append((name, _connection_step, False))
        elif name == "context" and not for_dependency:
            steps.append((name, _context_step(route), False))
        elif name in path_params:
            steps.append((name, _path_step(name), False))
        elif for_dependency:
            fallback = "connection" if single_positional else ("path" if default is param.empty else "default")
            steps.append((name, _named_step(name, fallback=fallback, owner=func), True))
        elif default is param.empty:
            if needs is not None:
                needs.append((name, infer_body is not False, param is first, _is_body_model(annotation)))
            if infer_body is not False:
                body_names.append(name)
            else:
                steps.append((name, _named_step(name, fallback="plain", websocket_first=param is first), True))
    if body_names:
        from ._body_inference import body_step

        annotations = {n: hints.get(n, signature.parameters[n].annotation) for n in body_names}
        for name in body_names:
            step = _named_step(
                name,
                fallback="plain",
                body=body_step(name, annotations, route),
                infer_body=infer_body,
                websocket_first=name == first_name,
            )
            steps.append((name, step, True))
    return steps, bool(body_names)


def _annotations(func: Callable[..., Any], signature: inspect.Signature) -> dict[str, Any]:
    """Evaluate string annotations once, each on its own: one unresolvable name (a class local to
    a function, say) leaves only that annotation as a string."""
    strings = {n: p.annotation for n, p in signature.parameters.items() if isinstance(p.annotation, str)}
    if not strings:
        return {}
    target = inspect.unwrap(func if inspect.isroutine(func) else getattr(func, "__call__", func))
    namespace = dict(getattr(target, "__globals__", {}))
    resolved: dict[str, Any] = {}
    for name, text in strings.items():
        try:
            resolved[name] = eval(text, namespace)  # noqa: S307 - the handler's own annotation
        except Exception:  # noqa: BLE001 - unresolvable: keep the string
            continue
    return resolved


def _is_body_model(annotation: Any) -> bool:
    """A dataclass, pydantic model or msgspec struct (or a list/tuple/set of one): what body
    inference builds from a request body."""
    args = getattr(annotation, "__args__", None)
    if args and getattr(annotation, "__origin__", None) in (list, tuple, set, frozenset):
        annotation = args[0]
    return isinstance(annotation, type) and (
        dataclasses.is_dataclass(annotation)
        or hasattr(annotation, "model_fields")
        or hasattr(annotation, "__struct_fields__")
    )


def _is_connection(name: str, annotation: Any) -> bool:
    if name in _CONNECTION_NAMES:
        return True
    if annotation in ("Request", "WebSocket"):
        return True
    if not isinstance(annotation, type):
        return False
    from lilya._internal._connection import Connection

    return issubclass(annotation, Connection)


def _connection_step(res: Resolution) -> Any:
    return res.connection


def _path_step(name: str) -> Callable[[Resolution], Any]:
    def get(res: Resolution) -> Any:
        return res.connection.scope.get("path_params", {}).get(name, MISSING)

    return get


def _context_step(route: Any) -> Callable[[Resolution], Any]:
    from lilya.context import Context

    def get(res: Resolution) -> Any:
        return Context(__handler__=route, __request__=res.connection)

    return get


def _marker_step(marker: Provide | _Depends) -> Callable[[Resolution], Awaitable[Any]]:
    def get(res: Resolution) -> Awaitable[Any]:
        return res.resolve_provider(marker)

    return get


def _named_step(
    name: str,
    *,
    fallback: str,
    body: Callable[[Resolution], Awaitable[Any]] | None = None,
    owner: Any = None,
    websocket_first: bool = False,
    infer_body: bool | None = False,
) -> Callable[[Resolution], Awaitable[Any]]:
    async def get(res: Resolution) -> Any:
        entry = res.lookup(name)
        if entry is not MISSING:
            return await res.resolve_entry(entry)
        if fallback == "default":
            return MISSING
        if fallback in ("connection", "path") and res.conn is None:
            label = getattr(owner, "__name__", type(owner).__name__)
            raise RuntimeError(
                f"Could not resolve parameter '{name}' for dependency '{label}' (no request available "
                "and no mapping/default provided)"
            )
        if fallback == "connection":
            return res.connection
        if fallback == "path":
            path_params = res.connection.scope.get("path_params", {})
            if name in path_params:
                return path_params[name]
            from ._body_inference import OMITTED, json_field

            value = await json_field(res, name, omit_absent=isinstance(owner, type))
            if value is OMITTED:  # a class validates its own fields: let it name what is missing
                return MISSING
            if value is not MISSING:
                return value
            label = getattr(owner, "__name__", type(owner).__name__)
            raise ImproperlyConfigured(f"Could not resolve parameter '{name}' of dependency '{label}'")
        if websocket_first and res.scope.get("type") == "websocket":
            return res.connection
        if body is not None and res.scope.get("type") == "http" and infer_body_enabled(res, infer_body):
            return await body(res)
        if fallback == "error":  # a ``Provides()`` nothing registers: Lilya's 500
            raise ImproperlyConfigured(f"Missing dependency '{name}' for handler '{res.handler_name}'")
        message = (
            f"Handler '{res.handler_name}' needs '{name}', which nothing provides: register it in "
            "`dependencies`, give it a default, or enable infer_body to read it from the body."
        )
        logger.error(message)  # a wiring mistake: said in the log too, not only in a 500
        raise UnresolvedParameter(message)

    return get
