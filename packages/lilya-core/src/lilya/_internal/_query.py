"""Query strings: a linear, regex-free parser and the ``QueryParam`` mapping.

Only ``&`` separates fields (``;`` is data, as in the WHATWG URL standard), blank values are
kept, and percent-escapes decode as UTF-8 with replacement characters, so no query string
can make parsing raise.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote_plus, urlencode

from lilya._internal._multidict import ImmutableMultiDict, _pairs

__all__ = ["QueryParam", "parse_query_string"]


def _decode(part: str) -> str:
    if "%" in part or "+" in part:
        return unquote_plus(part, errors="replace")
    return part


def parse_query_string(query: str | bytes | bytearray | memoryview, max_fields: int | None = None) -> list[tuple[str, str]]:
    """Split ``a=1&b=2`` into pairs; raise ``ValueError`` past ``max_fields`` fields.

    The limit is checked before any field is decoded, so an oversized body costs one
    ``count`` rather than a million small allocations.
    """
    if isinstance(query, (bytes, bytearray, memoryview)):
        query = bytes(query).decode("utf-8", "replace")
    if not query:
        return []
    if max_fields is not None and query.count("&") >= max_fields:
        # Empty segments ("a=1&&b") do not count as fields; check precisely only if close.
        if sum(1 for p in query.split("&") if p) > max_fields:
            raise ValueError(f"Too many fields. Maximum number of fields is {max_fields}.")
    out: list[tuple[str, str]] = []
    append = out.append
    for part in query.split("&"):
        if not part:
            continue
        key, _, value = part.partition("=")
        append((_decode(key), _decode(value)))
    return out


class QueryParam(ImmutableMultiDict[Any]):
    """Immutable, multi-valued query parameters. ``params[key]`` and ``dict(params)`` give the
    first value of a repeated key; ``getall(key)`` gives them all."""

    __slots__ = ()

    def __init__(self, *args: Any) -> None:
        value = args[0] if args else None
        if isinstance(value, (str, bytes, bytearray, memoryview)):
            self._list = parse_query_string(value)
        else:
            self._list = _pairs(value, {})
        self._index = None

    def __str__(self) -> str:
        return urlencode([(k, str(v)) for k, v in self._list])

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({str(self)!r})"
