"""Response header encoding: the raw ASGI list is built once, validated, and sent as is.

``response.headers`` (a full ``Header`` multidict) is only materialised when someone asks for it;
from then on it is the source of truth and is re-encoded, and re-validated, when sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

__all__ = ["RawHeaders", "encode_header_name", "encode_header_value", "encode_pairs"]

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
