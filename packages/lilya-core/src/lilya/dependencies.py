"""Dependency injection markers: ``Provide``, ``Provides``, ``Resolve``, ``Security``, ``Depends``.

The markers only describe a dependency; resolution lives in ``lilya._internal._resolution`` and the
per-handler plans in ``lilya._internal._injection`` (built once per handler, not per request).

* ``Provide(factory, *args, use_cache=False, scope="request")`` - a factory registered in a
  ``dependencies={"name": Provide(...)}`` mapping (app, Include, Path) or used as a default.
* ``Provides()`` - a parameter default meaning "inject the dependency registered under my name".
* ``Resolve(factory)`` / ``Security(factory, scopes=[...])`` - resolve ``factory`` (and its own
  dependencies) right here.
* ``Depends(factory)`` + ``@inject`` - the same outside a request (services, tasks, tests).

Generator factories (sync or async) are resumed after the response was sent, last opened first.
``use_cache=True`` reuses one value within a request; ``scope="app"``/``"global"`` share one
instance across requests (see ``lilya._internal._scopes.scope_manager``).
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable, Coroutine, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from lilya._internal._scopes import scope_manager
from lilya.compat import is_async_callable, run_sync
from lilya.enums import Scope, SignatureDefault
from lilya.requests import Request
from lilya.websockets import WebSocket

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = [
    "SIGNATURE_TO_LIST",
    "Depends",
    "Provide",
    "Provides",
    "PureScope",
    "Request",
    "Resolve",
    "Scope",
    "Security",
    "SignatureDefault",
    "T",
    "WebSocket",
    "async_resolve_dependencies",
    "inject",
    "is_async_callable",
    "resolve_dependencies",
    "run_sync",
    "scope_manager",
    "wrap_dependency",
]

T = TypeVar("T")
_NOT_CACHED: Any = object()  # a marker's ``use_cache`` value before the first resolution
SIGNATURE_TO_LIST = [member.value for member in SignatureDefault]
logger = logging.getLogger("lilya.dependencies")


def _normalise_scope(scope: Scope | str | None) -> Scope | None:
    if scope is None or isinstance(scope, Scope):
        return scope
    try:
        return Scope[str(scope).upper()]
    except KeyError:
        raise ValueError(f"Invalid scope '{scope}'. Use one of: {[s.name for s in Scope]}") from None


class Provide:
    """A request-aware dependency: a factory plus fixed arguments, cache flag and lifetime."""

    def __init__(
        self,
        dependency: Callable[..., Any],
        *args: Any,
        use_cache: bool = False,
        scope: Scope | str | None = Scope.REQUEST,
        **kwargs: Any,
    ) -> None:
        self.dependency = dependency
        self.provided_args: tuple[Any, ...] = args
        self.provided_kwargs: dict[str, Any] = kwargs
        self.use_cache = use_cache
        self.scope = _normalise_scope(scope)
        self._cached: Any = _NOT_CACHED

    @functools.cached_property
    def __signature__(self) -> inspect.Signature:
        return inspect.signature(self.dependency)

    async def resolve(self, request: Request, dependencies_map: dict[str, Self | Any]) -> Any:
        """Resolve this dependency for ``request``, looking nested names up in ``dependencies_map``."""
        from lilya._internal._resolution import Resolution

        return await Resolution(request, None, dependencies_map).resolve_provider(self)

    def __repr__(self) -> str:
        name = getattr(self.dependency, "__name__", type(self.dependency).__name__)
        return f"{type(self).__name__}({name})"


class Provides:
    """Parameter default: inject the dependency registered under this parameter's name."""

    def __init__(self) -> None:
        return None

    def __repr__(self) -> str:
        return "Provides()"


class Resolve(Provide):
    """Parameter default: resolve this factory (with its own dependencies) in place."""

    def __repr__(self) -> str:
        return "Resolve()"


class Security(Provide):
    """Like ``Resolve``, for authentication/authorisation factories; carries the required ``scopes``."""

    def __init__(
        self, dependency: Callable[..., Any], *args: Any, scopes: Sequence[str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(dependency, *args, **kwargs)
        self.scopes: Sequence[str] = scopes or []


@functools.lru_cache(maxsize=1024)
def wrap_dependency(
    dependency: Callable[..., Any] | Any, *args: Any, use_cache: bool = False, **kwargs: Any
) -> Provide:
    """Turn a factory or a plain value into a ``Provide`` (a ``Provide`` is returned as is)."""
    if isinstance(dependency, Provide):
        return dependency
    if not callable(dependency):
        return Provide(_constant(dependency), *args, use_cache=use_cache, **kwargs)
    return Provide(dependency, *args, use_cache=use_cache, **kwargs)


def _constant(value: Any) -> Callable[[], Any]:
    def constant() -> Any:
        return value

    return constant


class PureScope:
    """Collects teardown callbacks (generator dependencies) and runs them, last added first."""

    def __init__(self) -> None:
        self._cleanups: list[tuple[Callable[[], Any] | Callable[[], Coroutine[Any, Any, Any]], bool]] = []

    def add_cleanup(self, fn: Callable[[], Any] | Callable[[], Coroutine[Any, Any, Any]], is_async: bool) -> None:
        self._cleanups.append((fn, is_async))

    async def aclose(self) -> None:
        """Run every cleanup; a failing one is logged and does not stop the others."""
        while self._cleanups:
            fn, is_async = self._cleanups.pop()
            try:
                result = fn()
                if is_async or inspect.isawaitable(result):
                    await result
            except Exception:
                logger.exception("Dependency cleanup %r failed", fn)

    async def __aenter__(self) -> PureScope:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


class _Depends:
    """A request-agnostic dependency marker (see ``Depends``)."""

    def __init__(
        self,
        dependency: Callable[..., Any] | Any,
        *args: Any,
        use_cache: bool = False,
        scope: Scope | str | None = Scope.REQUEST,
        **kwargs: Any,
    ) -> None:
        self.dependency: Callable[..., Any] = dependency if callable(dependency) else _constant(dependency)
        self.provided_args: tuple[Any, ...] = args
        self.provided_kwargs: dict[str, Any] = kwargs
        self.use_cache = use_cache
        self.scope = _normalise_scope(scope)
        self._cached: Any = _NOT_CACHED

    def __repr__(self) -> str:
        return f"Depends({getattr(self.dependency, '__name__', type(self.dependency).__name__)})"

    async def resolve(
        self,
        dependencies_map: dict[str, Any] | None = None,
        overrides: dict[Any, Any] | None = None,
        scope: PureScope | None = None,
    ) -> Any:
        """Resolve without a request. A generator dependency is finished right after its first
        value, ``scope`` or not, as Lilya 0.29 does (``@inject`` keeps its generators open for
        the call it decorates); ``scope`` is accepted for Lilya's signature."""
        from lilya._internal._resolution import Resolution

        resolution = Resolution(None, None, dependencies_map, overrides=overrides)
        return await resolution.resolve_provider(self)


def Depends(  # noqa: N802 - public name
    dependency: Callable[..., Any] | Any, *args: Any, use_cache: bool = False, **kwargs: Any
) -> _Depends:
    """Declare a request-agnostic dependency, resolved by ``@inject`` (or a handler).

    As in Lilya, the same hashable arguments give the same marker (so ``use_cache`` is shared).
    """
    if not callable(dependency):
        return _Depends(dependency, *args, use_cache=use_cache, **kwargs)
    try:
        key = (dependency, args, frozenset(kwargs.items()), use_cache)
        hash(key)
    except TypeError:  # unhashable arguments: a marker of its own
        return _Depends(dependency, *args, use_cache=use_cache, **kwargs)
    return _depends_for(key)


@functools.lru_cache(maxsize=1024)
def _depends_for(key: tuple[Callable[..., Any], tuple[Any, ...], frozenset[tuple[str, Any]], bool]) -> _Depends:
    dependency, args, kwargs, use_cache = key
    return _Depends(dependency, *args, use_cache=use_cache, **dict(kwargs))


async def async_resolve_dependencies(
    request: Request | WebSocket, func: Callable[..., Any], overrides: dict[str, Any] | None = None
) -> Any:
    """Call ``func`` with its dependencies resolved for ``request`` (generators: first value)."""
    from lilya._internal._resolution import Resolution

    return await Resolution(request, None, overrides=overrides).produce(func, (), {}, long_lived=False)


def resolve_dependencies(request: Request | WebSocket, func: Any, overrides: dict[str, Any] | None = None) -> Any:
    """Synchronous ``async_resolve_dependencies`` for a synchronous ``func``."""
    if inspect.iscoroutinefunction(func):
        raise ValueError("Function is async. Use async_resolve_dependencies instead.")
    return run_sync(async_resolve_dependencies(request, func, overrides))


def inject(
    _func: Callable[..., Any] | None = None,
    *,
    overrides: dict[Any, Any] | None = None,
    dependencies_map: dict[str, Any] | None = None,
) -> Callable[..., Any]:
    """Resolve the ``Depends(...)`` defaults of a function on every call (no request needed).

    Generator dependencies are finished once the decorated call returns.
    """

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        signature = inspect.signature(func)
        markers = {n: p.default for n, p in signature.parameters.items() if isinstance(p.default, _Depends)}
        required = [
            n
            for n, p in signature.parameters.items()
            if p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        ]
        label = getattr(func, "__name__", repr(func))

        async def fill(args: tuple[Any, ...], kwargs: dict[str, Any], cleanup: PureScope) -> dict[str, Any]:
            from lilya._internal._resolution import Resolution

            bound = signature.bind_partial(*args, **kwargs).arguments
            for name in required:
                if name not in bound:
                    raise RuntimeError(
                        f"Missing required parameter '{name}' and no Depends/default provided for "
                        f"auto-injection in {label}"
                    )
            missing = {n: m for n, m in markers.items() if n not in bound}
            if not missing:
                return kwargs
            resolution = Resolution(None, cleanup, dependencies_map, overrides=overrides)
            for name, marker in missing.items():
                kwargs[name] = await resolution.resolve_provider(marker)
            return kwargs

        if is_async_callable(func):

            @functools.wraps(func)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                async with PureScope() as cleanup:
                    return await func(*args, **await fill(args, kwargs, cleanup))

            async_wrapper.__signature__ = signature  # type: ignore[attr-defined]
            return async_wrapper

        @functools.wraps(func)
        def sync_wrapper(*args: Any, **kwargs: Any) -> Any:
            async def call() -> Any:
                async with PureScope() as cleanup:
                    return func(*args, **await fill(args, kwargs, cleanup))

            return run_sync(call())

        sync_wrapper.__signature__ = signature  # type: ignore[attr-defined]
        return sync_wrapper

    return decorate if _func is None else decorate(_func)
