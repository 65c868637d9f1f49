"""Text coercion helpers."""

from __future__ import annotations

import datetime
import decimal
from typing import Any

__all__ = ["force_str", "is_protected_type"]

_PROTECTED = (type(None), int, float, decimal.Decimal, datetime.datetime, datetime.date, datetime.time)


def is_protected_type(obj: Any) -> bool:
    """Values ``force_str(strings_only=True)`` leaves untouched."""
    return isinstance(obj, _PROTECTED)


def force_str(s: Any, encoding: str = "utf-8", strings_only: bool = False, errors: str = "strict") -> Any | str:
    """Turn ``s`` into ``str``: bytes are decoded with ``encoding``/``errors``, anything else
    goes through ``str()``; with ``strings_only`` numbers, dates and ``None`` are returned as-is."""
    if isinstance(s, str):
        return s
    if strings_only and is_protected_type(s):
        return s
    if isinstance(s, (bytes, bytearray, memoryview)):
        return bytes(s).decode(encoding, errors)
    return str(s)
