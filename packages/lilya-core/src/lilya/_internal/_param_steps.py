"""Injection steps for ``Query``/``Header``/``Cookie`` parameters (``lilya.params``).

Everything about a parameter (lookup key, source, cast) is decided when the plan is built; per
request a step reads one value and casts it. Missing required or uncastable values are a 422.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from lilya.exceptions import UnprocessableEntity
from lilya.params import BaseParam, Header, Query, get_cast_name

from ._connection import parse_cookies
from ._resolution import Resolution

if TYPE_CHECKING:
    from lilya._internal._connection import Connection

__all__ = ["bound_step"]


_CONTAINERS = (bool, list, tuple, set, frozenset, dict)


def _converter(field: BaseParam, cast: Any) -> Callable[[Any], Any]:
    """The cast to apply per request, chosen once: a plain class (``int``, ``UUID``) is called
    directly; anything else goes through the field's ``resolve``."""
    plain = (
        isinstance(cast, type)
        and cast not in _CONTAINERS
        and type(field).resolve is BaseParam.resolve
        and type(field).__cast__ is BaseParam.__cast__
    )
    if plain:
        return cast  # type: ignore[no-any-return]

    def convert(value: Any) -> Any:
        return field.resolve(value, cast)

    return convert


def bound_step(name: str, field: BaseParam) -> Callable[[Resolution], Any]:
    """Read a Query/Header/Cookie value; the lookup key, source and cast are fixed now."""
    if isinstance(field, Query):
        key: str = field.alias or name
        read, source = _read_query, "query parameter"
    elif isinstance(field, Header):
        key, read, source = str(field.value), _read_header, "header"
    else:
        key, read, source = str(getattr(field, "value", name)), _read_cookie, "cookie"
    cast = getattr(field, "cast", None)
    convert = _converter(field, cast) if cast else None
    required = bool(getattr(field, "required", False))
    default = getattr(field, "default", None)

    def get(res: Resolution) -> Any:
        raw = read(res.connection, key)
        if raw is None:
            if required:
                raise UnprocessableEntity(f"Missing mandatory {source} '{key}'")
            return convert(default) if convert is not None and default is not None else default
        if convert is None:
            return raw
        try:
            return convert(raw)
        except (TypeError, ValueError, ArithmeticError):
            raise UnprocessableEntity(
                f"Invalid value for {source} '{key}': expected {get_cast_name(cast)}"
            ) from None

    return get


def _one_or_many(values: list[str] | None) -> Any:
    if not values:
        return None
    return values[0] if len(values) == 1 else values


def _read_query(conn: Connection, key: str) -> Any:
    return _one_or_many(conn.query_params.getall(key, None))


def _read_header(conn: Connection, key: str) -> Any:
    return _one_or_many(conn.headers.getall(key, None))


def _read_cookie(conn: Connection, key: str) -> Any:
    cookies = getattr(conn, "cookies", None)
    if cookies is None:
        cookies = parse_cookies(conn.headers.get("cookie", ""))
    return cookies.get(key)

