"""Value <-> bytes for cache backends: JSON through Lilya's encoder registry.

Storing bytes rather than the object means a cached value cannot be mutated through a reference the
caller kept, and the in-memory and Redis backends return the same shapes (tuples come back as lists).
The encoder/serializer modules are resolved on first use, not at import, so importing the settings
(whose default backend is an ``InMemoryCache``) stays cheap.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

__all__ = ["dumps", "loads"]

_dumps: Callable[[Any], bytes] | None = None
_loads: Callable[[bytes], Any] | None = None


def _resolve() -> tuple[Callable[[Any], bytes], Callable[[bytes], Any]]:
    global _dumps, _loads
    try:
        from lilya._internal._encoders import json_encode
        from lilya.serializers import serializer
    except ImportError:  # the encoder registry is optional for the cache: plain JSON still works

        def dump_plain(value: Any) -> bytes:
            return json.dumps(value, separators=(",", ":")).encode()

        _dumps, _loads = dump_plain, json.loads
    else:

        def dump_registry(value: Any) -> bytes:
            data = json_encode(value, post_transform_fn=None)
            return data.encode() if isinstance(data, str) else bytes(data)

        def load_registry(data: bytes) -> Any:
            return serializer.loads(data)

        _dumps, _loads = dump_registry, load_registry
    return _dumps, _loads


def dumps(value: Any) -> bytes:
    """Serialize ``value`` for storage (raises ``TypeError``/``ValueError`` when it cannot)."""
    return (_dumps or _resolve()[0])(value)


def loads(data: bytes) -> Any:
    """Inverse of ``dumps``."""
    return (_loads or _resolve()[1])(data)
