"""Route options, defined once: the names, types and defaults every routing level accepts.

``Path``, ``WebSocketPath``, ``Include``, ``Host``, ``Router``, the route decorators
(``router.get(...)``, ``app.route(...)``) and the application's ``add_route``/``include`` all take
the same options (middleware, permissions, exception handlers, dependencies, hooks, ...). Their
types live in the ``TypedDict`` classes below and their defaults in ``DEFAULTS``; a function takes
them as ``**options: Unpack[PathOptions]`` and ``route_options`` gives it the explicit signature
Lilya 0.29 documents (``inspect.signature`` lists every option with its type and default), accepts
them positionally where Lilya does, rejects unknown names and fills in the defaults.
``apply_options`` stores them on a route the same way everywhere (lists and dicts copied).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ForwardRef, TypedDict, TypeVar, cast

if TYPE_CHECKING:
    from lilya.compose import DefineMiddleware, DefinePermission
    from lilya.types import Dependencies, ExceptionHandler

__all__ = [
    "DEFAULTS",
    "HANDLER",
    "HOOKS",
    "INCLUDE",
    "STACK",
    "HandlerOptions",
    "IncludeMethodOptions",
    "IncludeOptions",
    "MountOptions",
    "PathOptions",
    "RouteOptions",
    "RouterOptions",
    "WebSocketPathOptions",
    "apply_options",
    "route_options",
]

F = TypeVar("F", bound=Callable[..., Any])


class _Layers(TypedDict, total=False):
    """The layers a level wraps around what it serves (outermost first)."""

    middleware: Sequence[DefineMiddleware[Any]] | None
    permissions: Sequence[DefinePermission[Any]] | None


class _Handlers(TypedDict, total=False):
    exception_handlers: Mapping[Any, ExceptionHandler] | None


class _Inner(TypedDict, total=False):
    """What runs around the handler itself."""

    dependencies: Dependencies | None
    before_request: Sequence[Callable[..., Any]] | None
    after_request: Sequence[Callable[..., Any]] | None


class RouteOptions(_Layers, _Handlers, _Inner, total=False):
    """The options of every route (``Host``, ``router.websocket(...)``, ``add_websocket_route``)."""


class HandlerOptions(RouteOptions, total=False):
    """A handler registered through ``add_route`` or a decorator (``router.get``, ``app.route``)."""

    include_in_schema: bool


class PathOptions(HandlerOptions, total=False):
    """``Path``'s keyword options."""

    deprecated: bool
    max_body_size: int | None


class WebSocketPathOptions(HandlerOptions, total=False):
    """``WebSocketPath``'s keyword options."""

    max_message_size: int | None


class IncludeOptions(HandlerOptions, total=False):
    """``Include``'s keyword options."""

    deprecated: bool
    redirect_slashes: bool
    max_body_size: int | None
    max_message_size: int | None


class IncludeMethodOptions(HandlerOptions, total=False):
    """``router.include(...)``/``app.include(...)``: an ``Include`` built from these."""

    namespace: str | None
    pattern: str | None
    redirect_slashes: bool


class RouterOptions(_Layers, _Inner, total=False):
    """``Router``'s keyword options (its exception handlers belong to the application)."""

    settings_module: Any | None
    include_in_schema: bool
    deprecated: bool
    is_sub_router: bool


class MountOptions(_Layers, _Handlers, total=False):
    """``app.add_child_lilya(...)``/``app.add_asgi_app(...)`` (``None`` keeps the defaults)."""

    include_in_schema: bool | None
    deprecated: bool | None


#: Every option not listed defaults to ``None``.
DEFAULTS: Mapping[str, Any] = {
    "include_in_schema": True,
    "deprecated": False,
    "redirect_slashes": True,
    "is_sub_router": False,
}
#: The orders Lilya's signatures list the options in: the stack, then the hooks; a handler's
#: ``include_in_schema`` between them, and ``include(...)``'s namespace before that.
STACK = ("middleware", "permissions", "exception_handlers", "dependencies")
HOOKS = ("before_request", "after_request")
HANDLER = (*STACK, "include_in_schema", *HOOKS)
INCLUDE = (*STACK, "namespace", "pattern", "include_in_schema", *HOOKS, "redirect_slashes")

_LISTS = frozenset({"middleware", "permissions", "before_request", "after_request"})


def route_options(
    options: Any, *order: str, keyword_only: bool = False, defaults: Mapping[str, Any] | None = None
) -> Callable[[F], F]:
    """Give a function taking ``**options: Unpack[<options>]`` the explicit signature of those options.

    ``options`` is the ``TypedDict`` the function unpacks; ``order`` lists its keys in the order of
    the documented signature. The options follow the function's own positional parameters (before
    its keyword-only ones) and are positional or keyword; with ``keyword_only=True`` they are
    keyword only and come last. The function receives every option with the defaults filled in
    (``DEFAULTS``, then ``defaults``); an unknown keyword raises ``TypeError`` as usual.
    """
    names = tuple(order)
    types: dict[str, Any] = options.__annotations__
    assert set(names) == set(types), f"{options.__name__}: order {names} lists other options"
    defaults = {name: DEFAULTS.get(name) for name in names} | dict(defaults or {})
    kind = inspect.Parameter.KEYWORD_ONLY if keyword_only else inspect.Parameter.POSITIONAL_OR_KEYWORD
    extra = [inspect.Parameter(n, kind, default=defaults[n], annotation=_annotation(types[n])) for n in names]

    def decorate(func: F) -> F:
        own = inspect.signature(func)
        explicit = [p for p in own.parameters.values() if p.kind is not inspect.Parameter.VAR_KEYWORD]
        accepted = frozenset(names).union(p.name for p in explicit)
        positional = None if keyword_only else sum(p.kind is not p.KEYWORD_ONLY for p in explicit)
        at = len(explicit) if positional is None else positional  # where the options go

        @functools.wraps(func)
        def with_options(*args: Any, **kwargs: Any) -> Any:
            if positional is not None and len(args) > positional:
                args, kwargs = _spread(func, names, args[:positional], args[positional:], kwargs)
            unknown = kwargs.keys() - accepted
            if unknown:
                raise TypeError(f"{func.__qualname__}() got an unexpected keyword argument {min(unknown)!r}")
            return func(*args, **{**defaults, **kwargs})

        setattr(with_options, "__signature__", own.replace(parameters=[*explicit[:at], *extra, *explicit[at:]]))
        return cast(F, with_options)

    return decorate


def _spread(
    func: Callable[..., Any], names: tuple[str, ...], args: tuple[Any, ...], extra: tuple[Any, ...], kwargs: Any
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """Options given positionally (as Lilya allows) become keywords."""
    if len(extra) > len(names):
        raise TypeError(f"{func.__qualname__}() takes {len(args) + len(names)} positional arguments at most")
    for name in names[: len(extra)]:
        if name in kwargs:
            raise TypeError(f"{func.__qualname__}() got multiple values for argument {name!r}")
    return args, {**kwargs, **dict(zip(names, extra))}


def _annotation(value: Any) -> Any:
    """A postponed annotation as the string it was written as (``inspect`` shows those)."""
    return value.__forward_arg__ if isinstance(value, ForwardRef) else value


def apply_options(target: object, options: Mapping[str, Any]) -> None:
    """Store ``options`` as attributes of ``target``: sequences as new lists, ``None`` as empty."""
    for name, value in options.items():
        if name in _LISTS:
            value = list(value or ())
        elif name == "exception_handlers":
            value = dict(value or {})
        elif name == "dependencies":
            value = value or {}
        setattr(target, name, value)
