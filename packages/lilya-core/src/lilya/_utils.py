"""Small helpers Lilya 0.29 exposes through ``lilya.apps`` (``is_class_and_subclass``)."""

from __future__ import annotations

import inspect
from typing import Any, TypeGuard, TypeVar

__all__ = ["is_class_and_subclass"]

T = TypeVar("T")


def is_class_and_subclass(value: Any, _type: T | tuple[T, ...]) -> TypeGuard[T]:
    """True when ``value`` is a class deriving from ``_type``; never raises for non-classes."""
    if not inspect.isclass(value):
        return False
    try:
        return issubclass(value, _type)  # type: ignore[arg-type]
    except TypeError:
        return False
