"""Request-bound handler parameters: ``Query``, ``Header`` and ``Cookie``.

A parameter declared as ``limit: int = Query(default=10, cast=int)`` is read from the request by
the injection plan (``lilya._internal._injection``) and cast here. Casting failures raise
``ValueError``/``TypeError``; the plan turns them into a 422 for the client.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

__all__ = ["FALSE_VALUES", "TRUE_VALUES", "BaseParam", "Cookie", "Header", "Query", "get_cast_name"]

TRUE_VALUES = {"true", "1", "yes", "on", "t"}
FALSE_VALUES = {"false", "0", "no", "off", "f"}


def get_cast_name(cast: Any) -> str:
    """A readable name for a cast target, used in error messages (``int``, ``list[int]``)."""
    return getattr(cast, "__name__", str(cast).replace("typing.", ""))


def _unwrap(cast: Any) -> Any:
    while get_origin(cast) is Annotated:
        cast = get_args(cast)[0]
    return cast


def _items(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    if isinstance(value, (tuple, set, frozenset)):
        return list(value)
    return [value]


def _mapping(value: Any) -> Mapping[Any, Any]:
    if isinstance(value, Mapping):
        return value
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except RecursionError:
            raise ValueError("JSON value nested too deeply") from None
        if isinstance(value, Mapping):
            return value
        raise ValueError("Expected a JSON object")
    return dict(value)


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        lowered = value.lower()
        if lowered in TRUE_VALUES:
            return True
        if lowered in FALSE_VALUES:
            return False
        raise ValueError(f"Cannot cast value {value!r} to bool")
    return bool(value)


def cast_value(value: Any, cast: Any) -> Any:
    """Cast a raw request value (``str`` or list of them) to ``cast``.

    Understands ``Annotated``, unions (``int | None``), ``bool`` words, ``list``/``tuple``/``set``/
    ``frozenset`` (each item cast), ``dict`` (from a JSON object) and any one-argument callable.
    """
    cast = _unwrap(cast)
    if cast is Any or cast is object:
        return value
    origin = get_origin(cast)
    args = get_args(cast)
    if origin is Union or origin is UnionType:
        return _cast_union(value, args)
    if cast is bool:
        return _to_bool(value)
    if cast in (list, set, frozenset) or origin in (list, set, frozenset):
        container = origin or cast
        item_cast = args[0] if args else Any
        return container(cast_value(item, item_cast) for item in _items(value))
    if cast is tuple or origin is tuple:
        items = _items(value)
        if not args:
            return tuple(items)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(cast_value(item, args[0]) for item in items)
        return tuple(cast_value(item, item_cast) for item, item_cast in zip(items, args, strict=False))
    if cast is dict or origin is dict:
        key_cast, value_cast = args or (Any, Any)
        return {cast_value(k, key_cast): cast_value(v, value_cast) for k, v in _mapping(value).items()}
    return cast(value)


def _cast_union(value: Any, args: tuple[Any, ...]) -> Any:
    members = [arg for arg in args if arg is not type(None)]
    if value is None and len(members) != len(args):
        return None
    if isinstance(value, str) and str in members and len(members) > 1:
        # Try the stricter types first so "5" becomes 5 for ``int | str``.
        members = [m for m in members if m is not str] + [str]
    for member in members:
        try:
            return cast_value(value, member)
        except (TypeError, ValueError):
            continue
    raise ValueError(f"Cannot cast value {value!r} to {' | '.join(get_cast_name(m) for m in members)}")


@dataclass
class BaseParam:
    """Common behaviour of request-bound parameters: casting a raw value."""

    def __cast__(self, value: Any, cast: Any) -> Any:
        return cast_value(value, cast)

    def resolve(self, value: Any, cast: Any) -> Any:
        """Cast ``value`` with ``cast`` when one is given; otherwise return it unchanged."""
        return cast_value(value, cast) if cast else value


@dataclass
class Query(BaseParam):
    """A query-string parameter, looked up by ``alias`` or the parameter's name."""

    default: Any | None = None
    alias: str | None = None
    required: bool = False
    cast: Any | None = None
    description: str | None = None


@dataclass
class _NamedParam(BaseParam):
    """A parameter read under a name (``value``) the request carries it by."""

    value: Any
    alias: str | None = None
    required: bool = False
    cast: Any | None = None
    description: str | None = None


@dataclass
class Header(_NamedParam):
    """A request header; ``value`` is the header name (matched case-insensitively)."""


@dataclass
class Cookie(_NamedParam):
    """A request cookie; ``value`` is the cookie name."""
