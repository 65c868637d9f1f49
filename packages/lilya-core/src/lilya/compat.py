"""Small compatibility helpers used across the packages."""

from __future__ import annotations

import functools
import importlib
import inspect
import sys
import threading
from collections.abc import Awaitable, Callable, Generator, Mapping
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeGuard, TypeVar, cast

import anyio

if TYPE_CHECKING:  # pragma: no cover
    from lilya.datastructures import URLPath
    from lilya.types import ASGIApp


__all__ = [
    "AsyncResourceHandler",
    "SupportsAsyncClose",
    "SupportsAsyncCloseType",
    "T",
    "is_async_callable",
    "import_string",
    "is_class_and_subclass",
    "lazy_attributes",
    "md5_hexdigest",
    "reverse",
    "run_sync",
]

T = TypeVar("T")


class SupportsAsyncClose(Protocol):
    async def close(self) -> None: ...  # pragma: no cover


SupportsAsyncCloseType = TypeVar("SupportsAsyncCloseType", bound=SupportsAsyncClose, covariant=False)


def is_async_callable(obj: Any) -> bool:
    """True for coroutine functions, partials of them and objects with an async ``__call__``."""
    while isinstance(obj, functools.partial):
        obj = obj.func
    return inspect.iscoroutinefunction(obj) or (callable(obj) and inspect.iscoroutinefunction(obj.__call__))


def import_string(dotted_path: str) -> Any:
    """``"pkg.module.Name"`` -> the object (a clear ``ImportError`` when either part is missing)."""
    module_path, _, attribute = dotted_path.strip().rpartition(".")
    if not module_path:
        raise ImportError(f"{dotted_path!r} is not a dotted path like 'package.module.Name'.")
    module = importlib.import_module(module_path)
    try:
        return getattr(module, attribute)
    except AttributeError:
        raise ImportError(f"Module {module_path!r} has no attribute {attribute!r}.") from None


def lazy_attributes(module_name: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` (PEP 562) importing each name of ``homes`` from its module on first use.

    ``__getattr__ = lazy_attributes(__name__, {"Name": "package.module"})``: the value is then kept in
    the module, so only the first access pays for the import.
    """

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {module_name!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(home), name)
        setattr(sys.modules[module_name], name, value)
        return value

    return __getattr__


def is_class_and_subclass(value: Any, _type: Any) -> TypeGuard[Any]:
    """``issubclass`` that is simply False for non-classes (and generic aliases)."""
    if not inspect.isclass(value):
        return False
    try:
        return issubclass(value, _type)
    except TypeError:
        return False


def md5_hexdigest(data: bytes, *, usedforsecurity: bool = True) -> str:
    import hashlib  # here: OpenSSL's bindings cost ~2 ms at import and only ETags need them

    return hashlib.md5(data, usedforsecurity=usedforsecurity).hexdigest()


def _running_in_event_loop() -> bool:
    try:
        anyio.get_current_task()
    except RuntimeError:
        return False
    return True


def run_sync(fn: Callable[..., Any] | Awaitable[Any], *args: Any, **kwargs: Any) -> Any:
    """Run an async function (or coroutine object) to completion from synchronous code.

    Inside a running event loop the work happens on a fresh loop in a helper thread, so the
    caller's loop is never re-entered.
    """
    if inspect.isawaitable(fn):
        awaitable = fn
    elif callable(fn) and is_async_callable(fn):
        awaitable = fn(*args, **kwargs)
    else:
        raise TypeError(f"run_sync() expects an async function or coroutine object; got {type(fn)!r}")

    async def runner() -> Any:
        return await awaitable

    if not _running_in_event_loop():
        return anyio.run(runner)
    result: list[Any] = []
    error: list[BaseException] = []

    def target() -> None:
        try:
            result.append(anyio.run(runner))
        except BaseException as exc:  # re-raised in the caller's thread
            error.append(exc)

    thread = threading.Thread(target=target, name="lilya-run-sync")
    thread.start()
    thread.join()
    if error:
        raise error[0]
    return result[0]


def reverse(
    reverse_name: str, app: ASGIApp | None = None, path_params: Any | None = None, **kwargs: Any
) -> URLPath:
    """The path of the route named ``reverse_name`` in ``app`` (``app.path_for``)."""
    try:
        urls: Any = importlib.import_module("lilya._internal._urls")
    except ImportError:
        urls = None
    if urls is not None and hasattr(urls, "reverse"):
        return cast("URLPath", urls.reverse(reverse_name, app=app, path_params=path_params, **kwargs))
    if app is None:
        raise ValueError("reverse() needs the application (or router) to look the name up in.")
    path: URLPath = app.path_for(reverse_name, **{**(path_params or {}), **kwargs})  # type: ignore[attr-defined]
    return path


class AsyncResourceHandler(Generic[SupportsAsyncCloseType]):
    """Lets ``request.form()`` be used both as ``await request.form()`` and as
    ``async with request.form() as form:`` (closing the resource on exit)."""

    __slots__ = ("awaitable_resource", "entered_resource")

    def __init__(self, awaitable_resource: Awaitable[SupportsAsyncCloseType]) -> None:
        self.awaitable_resource = awaitable_resource
        self.entered_resource: SupportsAsyncCloseType | None = None

    def __await__(self) -> Generator[Any, None, SupportsAsyncCloseType]:
        resource = yield from self.awaitable_resource.__await__()
        self.entered_resource = resource
        return resource

    async def __aenter__(self) -> SupportsAsyncCloseType:
        self.entered_resource = await self.awaitable_resource
        return self.entered_resource

    async def __aexit__(self, *exc_info: object) -> None:
        if self.entered_resource is not None:
            await self.entered_resource.close()
