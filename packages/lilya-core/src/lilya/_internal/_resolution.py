"""Per-request dependency resolution: the state one request (or one ``inject`` call) needs.

A ``Resolution`` is created per request only when a handler has parameters. It holds the connection,
where generator teardowns go, the ``use_cache`` results of this request and the dependency layers
(looked up lazily, once). Plans themselves (``_injection``) are built once per callable and cached.
"""

from __future__ import annotations

import inspect
import logging
import sys
from collections.abc import Callable, Mapping
from types import AsyncGeneratorType, CoroutineType, GeneratorType
from typing import TYPE_CHECKING, Any

from lilya.dependencies import _NOT_CACHED, Provide, _Depends
from lilya.enums import Scope
from lilya.injection import OUTER_OVERRIDES_KEY
from lilya.exceptions import UnprocessableEntity

from ._scopes import scope_manager

if TYPE_CHECKING:
    from lilya._internal._connection import Connection
    from lilya._internal._injection import CallPlan
    from lilya.dependencies import PureScope

__all__ = ["MISSING", "Resolution", "dependency_plan_for"]

logger = logging.getLogger("lilya.dependencies")


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


MISSING: Any = _Missing()
_PLAIN = frozenset({str, int, float, bool, bytes, dict, list, tuple, type(None)})
_PLANS: dict[Any, CallPlan] = {}
_MAX_PLANS = 4096


def dependency_plan_for(func: Callable[..., Any]) -> CallPlan:
    """The (cached) injection plan of a dependency callable."""
    try:
        return _PLANS[func]
    except KeyError:
        pass
    except TypeError:  # unhashable callable: plan it every time
        from ._injection import build_call_plan

        return build_call_plan(func)
    from ._injection import build_call_plan

    plan = build_call_plan(func)
    if len(_PLANS) >= _MAX_PLANS:
        _PLANS.clear()
    _PLANS[func] = plan
    return plan


def _scope_overrides(scope: Mapping[str, Any]) -> list[Mapping[Any, Any]]:
    """Overrides published for this request: by the router, by the apps enclosing this one
    (outermost first), and on the app itself (``app.override_dependency``), in that order;
    usually an empty list."""
    found: list[Mapping[Any, Any]] = []
    if published := scope.get("dependency_overrides"):
        found.append(published)
    found.extend(scope.get(OUTER_OVERRIDES_KEY, ()))
    on_app = getattr(scope.get("app"), "dependency_overrides", None)
    if on_app and isinstance(on_app, Mapping) and on_app is not published:
        found.append(on_app)
    return found


def _override(mapping: Mapping[Any, Any] | None, dependency: Any) -> Any:
    if not mapping:
        return MISSING
    try:
        return mapping.get(dependency, MISSING)
    except TypeError:  # unhashable dependency object
        return MISSING


class Resolution:
    """What one request's dependency resolution needs; created lazily, used once."""

    __slots__ = (
        "conn",
        "cleanup",
        "cache",
        "route_dependencies",
        "overrides",
        "handler_name",
        "touched",
        "_layers",
        "_published_overrides",
    )

    def __init__(
        self,
        conn: Connection | None,
        cleanup: PureScope | None,
        route_dependencies: Mapping[str, Any] | None = None,
        *,
        overrides: Mapping[Any, Any] | None = None,
        handler_name: str = "<dependency>",
    ) -> None:
        self.conn = conn
        self.cleanup = cleanup
        self.cache: dict[int, Any] = {}
        self.route_dependencies = route_dependencies
        self.overrides = overrides
        self.handler_name = handler_name
        # Set when a value was read from the request (see ``connection``): a ``use_cache`` result
        # built without it may be kept across requests, one built from it never is.
        self.touched = False
        self._layers: tuple[Mapping[Any, Any], ...] | None = None
        self._published_overrides: list[Mapping[Any, Any]] | None = None

    def published_overrides(self) -> list[Mapping[Any, Any]]:
        """Overrides published for this request (router, app), looked up once."""
        if self._published_overrides is None:
            self._published_overrides = _scope_overrides(self.scope)
        return self._published_overrides

    @property
    def scope(self) -> Mapping[str, Any]:
        """The ASGI scope (empty without a connection, or for a stand-in without one)."""
        return getattr(self.conn, "scope", None) or {}

    @property
    def connection(self) -> Any:
        """The request (or WebSocket); reading it marks this resolution as request-dependent."""
        self.touched = True
        if self.conn is None:
            raise RuntimeError(
                f"{self.handler_name} asks for the request (or a request-bound parameter) but it is "
                "being resolved without one; call it from a handler or pass the values explicitly."
            )
        return self.conn

    def layers(self) -> tuple[Mapping[Any, Any], ...]:
        """Dependency mappings, highest priority first (computed once per resolution)."""
        if self._layers is None:
            layers: list[Mapping[Any, Any]] = []
            if self.overrides:
                layers.append(self.overrides)
            scope = self.scope
            app = scope.get("app")
            layers.extend(self.published_overrides())
            if self.route_dependencies:
                layers.append(self.route_dependencies)
            for mapping in reversed(scope.get("dependencies") or ()):
                if mapping:
                    layers.append(mapping)
            app_dependencies = getattr(app, "dependencies", None)
            if isinstance(app_dependencies, Mapping) and app_dependencies:
                layers.append(app_dependencies)
            self._layers = tuple(layers)
        return self._layers

    def lookup(self, name: str) -> Any:
        for layer in self.layers():
            if name in layer:
                return layer[name]
        return MISSING

    async def resolve_entry(self, entry: Any) -> Any:
        """Resolve a value found in a dependency mapping: a provider, a factory or a plain value."""
        if isinstance(entry, (Provide, _Depends)):
            return await self.resolve_provider(entry)
        if callable(entry):
            return await self.produce(entry, (), {}, long_lived=False)
        return entry

    def _replacement(self, dependency: Any) -> Any:
        replacement = _override(self.overrides, dependency)
        if replacement is MISSING:
            for mapping in self.published_overrides():
                replacement = _override(mapping, dependency)
                if replacement is not MISSING:
                    break
        return replacement

    async def resolve_provider(self, provider: Provide | _Depends) -> Any:
        """Resolve a Provide/Resolve/Security/Depends marker, honouring cache, scope and overrides."""
        dependency = provider.dependency
        if self.overrides or self.published_overrides():
            replacement = self._replacement(dependency)
            if replacement is not MISSING:
                if isinstance(replacement, (Provide, _Depends)):
                    return await self.resolve_provider(replacement)
                dependency = replacement
        if not provider.use_cache:
            if provider.scope is not Scope.APP and provider.scope is not Scope.GLOBAL:  # the common case
                args, kwargs = provider.provided_args, provider.provided_kwargs
                return await self.produce(dependency, args, kwargs, long_lived=False)
            return await self._provide(provider, dependency)
        if dependency is provider.dependency and provider._cached is not _NOT_CACHED:
            return provider._cached
        key = id(provider)
        if key in self.cache:
            return self.cache[key]
        outer, self.touched = self.touched, False
        try:
            value = await self._provide(provider, dependency)
            # Lilya keeps a use_cache result on the marker, across requests; we do so only for
            # values that did not read the request (one user's data never serves another).
            if not self.touched and dependency is provider.dependency:
                provider._cached = value
        finally:
            self.touched = outer or self.touched
        self.cache[key] = value
        return value

    async def _provide(self, provider: Provide | _Depends, dependency: Any) -> Any:
        scope = provider.scope
        args, kwargs = provider.provided_args, provider.provided_kwargs
        if scope == Scope.APP or scope == Scope.GLOBAL:
            app = self.scope.get("app")
            scope_key: Any = dependency if scope == Scope.GLOBAL else (id(app), dependency)

            def factory() -> Any:
                return self.produce(dependency, args, kwargs, long_lived=True)

            return await scope_manager.get_or_create(scope, _hashable(scope_key), factory)
        return await self.produce(dependency, args, kwargs, long_lived=False)

    async def produce(
        self, dependency: Any, args: tuple[Any, ...], kwargs: dict[str, Any], *, long_lived: bool
    ) -> Any:
        """Call a dependency (injecting its own parameters unless explicit arguments were given)."""
        if not callable(dependency):
            return dependency
        if args or kwargs:
            result = dependency(*args, **kwargs)
        else:
            plan = dependency_plan_for(dependency)
            if plan.is_trivial:
                result = dependency()
            elif plan.validates_itself:
                result = self._construct(dependency, await plan.build_kwargs(self))
            else:
                result = dependency(**await plan.build_kwargs(self))
        kind = type(result)
        if kind in _PLAIN:  # the common case: no await, no generator
            return result
        if kind is CoroutineType or inspect.isawaitable(result):
            result = await result
            kind = type(result)
        if long_lived:
            # scope_manager unwraps generators itself and finishes them at shutdown.
            return result
        if kind is GeneratorType:
            return self._enter_sync(result)
        if kind is AsyncGeneratorType:
            return await self._enter_async(result)
        return result

    def _construct(self, cls: Any, kwargs: dict[str, Any]) -> Any:
        """Build a class from request values; its validation error is a 422 unless handled."""
        try:
            return cls(**kwargs)
        except (TypeError, ValueError) as exc:
            if not _is_input_error(cls, kwargs, exc):
                raise  # a bug inside the class: the server's error, not the client's
            from ._body_inference import handled_elsewhere

            if handled_elsewhere(self, self.scope.get("route"), exc):
                raise
            raise UnprocessableEntity(f"Invalid values for {cls.__name__}: {exc}") from None

    def _enter_sync(self, gen: Any) -> Any:
        self.touched = True  # its teardown ends with this request: never cached across requests
        try:
            value = next(gen)
        except StopIteration:
            return None

        def finish() -> None:
            failure = _failure_in_flight()
            try:
                gen.throw(failure) if failure is not None else next(gen)
            except StopIteration:
                return
            except Exception as exc:
                if exc is failure:  # the dependency saw the error and let it go on
                    return
                raise
            gen.close()  # it yielded twice

        if not self._register(finish, is_async=False):
            finish()
        return value

    async def _enter_async(self, agen: Any) -> Any:
        self.touched = True
        try:
            value = await agen.__anext__()
        except StopAsyncIteration:
            return None

        async def finish() -> None:
            failure = _failure_in_flight()
            try:
                await (agen.athrow(failure) if failure is not None else agen.__anext__())
            except StopAsyncIteration:
                return
            except Exception as exc:
                if exc is failure:
                    return
                raise
            await agen.aclose()

        if not self._register(finish, is_async=True):
            await finish()
        return value

    def _register(self, fn: Callable[[], Any], *, is_async: bool) -> bool:
        """Hand a generator's teardown to whoever runs it later; False when nobody will."""
        if self.cleanup is not None:
            self.cleanup.add_cleanup(fn, is_async)
        elif self.conn is not None and hasattr(self.conn, "add_cleanup"):
            self.conn.add_cleanup(fn)
        else:
            if self.conn is not None:  # a connection that cannot hold teardowns: say so
                logger.warning("Generator dependency resolved without a cleanup scope; finishing it now.")
            return False
        return True


def _is_input_error(cls: Any, kwargs: dict[str, Any], exc: Exception) -> bool:
    """A model's validation error (one that carries ``errors()``, as pydantic's does), or arguments that
    do not fit the constructor (a field the request left out)."""
    if isinstance(exc, ValueError):
        return callable(getattr(exc, "errors", None))
    try:
        inspect.signature(cls).bind(**kwargs)
    except TypeError:
        return True
    except ValueError:  # no signature to check against
        return False
    return False


def _failure_in_flight() -> Exception | None:
    """The exception the request is failing with, when teardown runs while it propagates
    (cleanup is awaited from a ``finally``). Generator dependencies get it thrown in at their
    ``yield``, so ``except``/``else`` around the yield can roll back or commit."""
    failure = sys.exc_info()[1]
    return failure if isinstance(failure, Exception) else None


def _hashable(key: Any) -> Any:
    try:
        hash(key)
    except TypeError:
        return id(key)
    return key

