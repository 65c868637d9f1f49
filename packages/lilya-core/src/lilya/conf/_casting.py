"""Turn environment-variable strings into typed settings values, planned once per annotation.

``caster_for(annotation)`` returns a function ``str -> value``; the settings class builds one per
field when the class is first instantiated, so reading the environment is a dict lookup and a call.
"""

from __future__ import annotations

import json
import types
from collections.abc import Callable, Mapping, MutableSequence, Sequence
from collections.abc import Set as AbstractSet
from typing import Annotated, Any, ClassVar, Literal, Union, get_args, get_origin

__all__ = ["BOOLEAN_STRINGS", "Caster", "caster_for", "is_text", "parse_bool"]

Caster = Callable[[str], Any]

BOOLEAN_STRINGS: dict[str, bool] = {
    "true": True,
    "1": True,
    "yes": True,
    "y": True,
    "on": True,
    "false": False,
    "0": False,
    "no": False,
    "n": False,
    "off": False,
}
_NONE_STRINGS = frozenset({"", "none", "null"})


def parse_bool(value: str) -> bool:
    """``true/false/1/0/yes/no/on/off/y/n`` in any case; anything else is a ``ValueError``."""
    try:
        return BOOLEAN_STRINGS[value.strip().lower()]
    except KeyError:
        raise ValueError(f"{value!r} is not a boolean (use true/false, 1/0, yes/no or on/off)") from None


def _split_items(value: str) -> list[Any]:
    """A JSON array (``[1, 2]``) or comma-separated items (``a, b``); empty string is ``[]``."""
    text = value.strip()
    if text.startswith("["):
        loaded = json.loads(text)
        if not isinstance(loaded, list):
            raise ValueError(f"{value!r} is not a list")
        return loaded
    return [item.strip() for item in text.split(",")] if text else []


def _identity(value: str) -> str:
    return value


def _item_caster(args: tuple[Any, ...]) -> Callable[[Any], Any]:
    if not args or args[0] is Any or args[0] is str:
        return lambda item: item
    inner = caster_for(args[0])
    return lambda item: inner(item) if isinstance(item, str) else item


def _sequence_caster(container: Callable[[Any], Any], args: tuple[Any, ...]) -> Caster:
    cast_item = _item_caster(args)
    return lambda value: container(cast_item(item) for item in _split_items(value))


def _mapping_caster(value: str) -> dict[str, Any]:
    loaded = json.loads(value)
    if not isinstance(loaded, dict):
        raise ValueError(f"{value!r} is not a JSON object")
    return loaded


def _union_caster(args: tuple[Any, ...]) -> Caster:
    optional = type(None) in args
    arms = [arm for arm in args if arm is not type(None)]
    casters = [caster_for(arm) for arm in arms]
    keeps_text = str in arms

    def cast_union(value: str) -> Any:
        if optional and not keeps_text and value.strip().lower() in _NONE_STRINGS:
            return None
        errors = []
        for cast in casters:
            try:
                return cast(value)
            except (TypeError, ValueError) as exc:
                errors.append(str(exc))
        raise ValueError("; ".join(errors))

    return cast_union


def _class_caster(typ: type[Any]) -> Caster:
    def cast_class(value: str) -> Any:
        return typ(value)

    return cast_class


def is_text(annotation: Any) -> bool:
    """Whether an empty string is a meaningful value for ``annotation`` (str, Any, or a union with str)."""
    origin = get_origin(annotation)
    if origin is Annotated or origin is ClassVar:
        return is_text(get_args(annotation)[0])
    if origin is Union or origin is types.UnionType:
        return any(is_text(arm) for arm in get_args(annotation))
    return annotation is str or annotation is Any or annotation is object or isinstance(annotation, str)


def caster_for(annotation: Any) -> Caster:
    """The function that turns an environment string into a value of ``annotation``."""
    origin = get_origin(annotation)
    args = get_args(annotation)
    if origin is Annotated or origin is ClassVar:
        return caster_for(args[0])
    if origin is Union or origin is types.UnionType:
        return _union_caster(args)
    if origin is Literal:
        allowed = {str(arg): arg for arg in args}
        return lambda value: allowed[value] if value in allowed else _reject(value, f"one of {list(allowed)}")
    if annotation is bool:
        return parse_bool
    if annotation is Any or annotation is str or annotation is object or isinstance(annotation, str):
        return _identity
    if annotation is int:
        return int
    if annotation is float:
        return float
    container = origin if origin is not None else annotation
    if container in (list, Sequence, MutableSequence):
        return _sequence_caster(list, args)
    if container is tuple:
        return _sequence_caster(tuple, args[:1] if args and args[-1] is Ellipsis else args[:1])
    if container in (set, frozenset, AbstractSet):
        return _sequence_caster(frozenset if container is frozenset else set, args)
    if container in (dict, Mapping):
        return _mapping_caster
    if isinstance(container, type):
        return _class_caster(container)
    return _identity


def _reject(value: str, expected: str) -> Any:
    raise ValueError(f"{value!r} is not {expected}")
