"""Response header encoding: the raw ASGI list is built once, validated, and sent as is.

``response.headers`` (a full ``Header`` multidict) is only materialised when someone asks for it;
from then on it is the source of truth and is re-encoded, and re-validated, when sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any, SupportsIndex, overload

__all__ = ["NamedRawHeaders", "RawHeaders", "encode_header_name", "encode_header_value", "encode_pairs"]

RawHeaders = list[tuple[bytes, bytes]]


def encode_header_value(value: Any) -> bytes:
    """Latin-1 bytes of a header value; CR, LF and NUL are refused (header injection)."""
    text = value.decode("latin-1") if isinstance(value, (bytes, bytearray)) else str(value)
    if "\r" in text or "\n" in text or "\x00" in text:
        raise ValueError(f"Header values must not contain CR, LF or NUL characters: {text!r}")
    return text.encode("latin-1")


@lru_cache(maxsize=512)
def _encode_name(name: str) -> bytes:
    if not name or any(char in name for char in "\r\n\x00: "):
        raise ValueError(f"Invalid header name: {name!r}")
    return name.lower().encode("latin-1")


def encode_header_name(name: str | bytes) -> bytes:
    return _encode_name(name.decode("latin-1") if isinstance(name, (bytes, bytearray)) else name)


def encode_pairs(pairs: Iterable[tuple[Any, Any]]) -> RawHeaders:
    return [(encode_header_name(k), encode_header_value(v)) for k, v in pairs]


class NamedRawHeaders(list[tuple[bytes, bytes]]):
    """A start message's ASGI header list that can also be read by name (``headers["content-type"]``).

    Lilya 0.29 put its ``Header`` multidict in the start message of streaming and file responses, so
    code reading a header of that message by name worked; servers and middleware still get a list
    of ``(name, value)`` byte pairs. Names are case-insensitive, values decoded as latin-1.
    """

    __slots__ = ()

    @overload
    def __getitem__(self, key: SupportsIndex) -> tuple[bytes, bytes]: ...

    @overload
    def __getitem__(self, key: slice) -> list[tuple[bytes, bytes]]: ...

    @overload
    def __getitem__(self, key: str) -> str: ...

    def __getitem__(self, key: SupportsIndex | slice | str) -> Any:
        if isinstance(key, str):
            value = self.get(key)
            if value is None:
                raise KeyError(key)
            return value
        return super().__getitem__(key)

    def __contains__(self, item: object) -> bool:
        if isinstance(item, str):
            return self.get(item) is not None
        return super().__contains__(item)

    def get(self, name: str, default: str | None = None) -> str | None:
        """The first value of header ``name``, or ``default``."""
        wanted = name.lower().encode("latin-1")
        for key, value in self:
            if key == wanted:
                return value.decode("latin-1")
        return default
