"""``DefineMiddleware``: a middleware class plus its arguments, instantiated when the stack is built."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from typing import Any, Generic, ParamSpec

from lilya.types import ASGIApp

__all__ = ["DefineMiddleware", "Middleware", "P"]

P = ParamSpec("P")


def _import_string(dotted: str) -> Any:
    module_path, _, attr = dotted.rpartition(".")
    if not module_path:
        raise ImportError(f"{dotted!r} is not a dotted path such as 'package.module.ClassName'.")
    return getattr(importlib.import_module(module_path), attr)


class DefineMiddleware(Generic[P]):
    """Holds ``cls(app, *args, **kwargs)`` until the app builds its stack (once)."""

    __slots__ = ("_middleware", "args", "kwargs")

    def __init__(self, cls: Callable[..., ASGIApp] | str, *args: P.args, **kwargs: P.kwargs) -> None:
        self._middleware = cls
        self.args: tuple[Any, ...] = args
        self.kwargs: dict[str, Any] = kwargs

    @property
    def middleware(self) -> Callable[..., ASGIApp]:
        if isinstance(self._middleware, str):
            self._middleware = _import_string(self._middleware)
        return self._middleware  # type: ignore[return-value]

    def __iter__(self) -> Iterator[Any]:
        return iter((self.middleware, self.args, self.kwargs))

    def __call__(self, app: ASGIApp) -> ASGIApp:
        return self.middleware(app, *self.args, **self.kwargs)

    def __repr__(self) -> str:
        name = getattr(self._middleware, "__name__", self._middleware)
        parts = [repr(a) for a in self.args] + [f"{k}={v!r}" for k, v in self.kwargs.items()]
        return f"{self.__class__.__name__}({', '.join([str(name), *parts])})"


Middleware = DefineMiddleware
