"""Small compatibility helpers used across the packages."""

from __future__ import annotations

import functools
import hashlib
import inspect
from typing import Any, TypeVar

__all__ = ["T", "is_async_callable", "md5_hexdigest"]

T = TypeVar("T")


def is_async_callable(obj: Any) -> bool:
    """True for coroutine functions, partials of them and objects with an async ``__call__``."""
    while isinstance(obj, functools.partial):
        obj = obj.func
    return inspect.iscoroutinefunction(obj) or (callable(obj) and inspect.iscoroutinefunction(obj.__call__))


def md5_hexdigest(data: bytes, *, usedforsecurity: bool = True) -> str:
    return hashlib.md5(data, usedforsecurity=usedforsecurity).hexdigest()


