"""``DefinePermission``: a permission class with its arguments, built once into the stack.

Anything that builds a stack iterates a definition as ``cls, args, kwargs`` and calls
``cls(app, *args, **kwargs)`` once, at startup (the same contract as ``DefineMiddleware``).
A dotted string is imported on first use, so settings can name permissions lazily.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Generic, ParamSpec

from lilya.types import ASGIApp

__all__ = ["DefinePermission", "P", "Permission"]

P = ParamSpec("P")


class DefinePermission(Generic[P]):
    """A permission class (or its dotted path) plus the arguments to build it with."""

    __slots__ = ("args", "kwargs", "permission_or_string")

    def __init__(self, cls: Callable[..., ASGIApp] | str, *args: P.args, **kwargs: P.kwargs) -> None:
        self.permission_or_string = cls
        self.args: tuple[Any, ...] = args
        self.kwargs: dict[str, Any] = kwargs

    @property
    def permission(self) -> Callable[..., ASGIApp]:
        """The permission class, importing it the first time when given as a dotted path."""
        target = self.permission_or_string
        if isinstance(target, str):
            from lilya.conf._registry import import_string

            target = self.permission_or_string = import_string(target)
        return target

    def __call__(self, app: ASGIApp, *args: P.args, **kwargs: P.kwargs) -> ASGIApp:
        """Build the permission around ``app`` with the stored arguments (plus any given here)."""
        return self.permission(app, *self.args, *args, **{**self.kwargs, **kwargs})

    def __iter__(self) -> Iterator[Any]:
        return iter((self.permission, self.args, self.kwargs))

    def __repr__(self) -> str:
        parts = [getattr(self.permission, "__name__", repr(self.permission))]
        parts += [repr(value) for value in self.args]
        parts += [f"{key}={value!r}" for key, value in self.kwargs.items()]
        return f"{type(self).__name__}({', '.join(parts)})"


Permission = DefinePermission
