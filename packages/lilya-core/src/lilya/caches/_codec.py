"""Value <-> bytes for cache backends: JSON through Lilya's encoder registry and serializer.

Storing bytes rather than the object means a cached value cannot be mutated through a reference the
caller kept, and the in-memory and Redis backends return the same shapes (tuples come back as lists).
"""

from __future__ import annotations

from typing import Any

from lilya._internal._encoders import json_encode
from lilya.serializers import serializer

__all__ = ["dumps", "json_encode", "loads", "serializer"]


def dumps(value: Any) -> bytes:
    """Serialize ``value`` for storage (``TypeError``/``ValueError`` when it cannot be)."""
    data = json_encode(value, post_transform_fn=None)
    return data.encode() if isinstance(data, str) else bytes(data)


def loads(data: bytes) -> Any:
    """Inverse of ``dumps``."""
    return serializer.loads(data)
