"""Pluggable JSON serializer.

``serializer`` is a proxy: everything in Lilya that needs JSON calls ``serializer.dumps`` /
``serializer.loads``. By default it is bound (lazily, once) to :class:`CompactSerializer`, the
standard library ``json`` with compact separators, ``ensure_ascii=False`` and ``allow_nan=False``.
Bind another backend (orjson, ujson...) with ``setup_serializer(MyConfig())`` at startup.
"""

from __future__ import annotations

import json
import threading
from abc import ABC, abstractmethod
from typing import Any, cast

from lilya._internal._backend_config import prepare_config
from lilya.protocols.serializer import SerializerProtocol

__all__ = [
    "CompactSerializer",
    "SerializerConfig",
    "SerializerProtocol",
    "SerializerProxy",
    "StandardSerializerConfig",
    "serializer",
    "setup_serializer",
]

_COMPACT_DEFAULTS: dict[str, Any] = {
    "ensure_ascii": False,
    "allow_nan": False,
    "indent": None,
    "separators": (",", ":"),
}
# The no-options case is by far the most common: reuse one encoder instead of building one per call.
_COMPACT_ENCODER = json.JSONEncoder(**_COMPACT_DEFAULTS)


def _with_defaults(kwargs: dict[str, Any]) -> dict[str, Any]:
    return {**_COMPACT_DEFAULTS, **kwargs}


class CompactSerializer:
    """Standard ``json`` with compact output; explicit keyword arguments win over the defaults."""

    load = staticmethod(json.load)
    loads = staticmethod(json.loads)

    @staticmethod
    def dump(obj: Any, **kwargs: Any) -> None:
        json.dump(obj, **_with_defaults(kwargs))

    @staticmethod
    def dumps(obj: Any, **kwargs: Any) -> str:
        if not kwargs:
            return _COMPACT_ENCODER.encode(obj)
        return json.dumps(obj, **_with_defaults(kwargs))


class SerializerProxy:
    """Forwards attribute access to the bound serializer, binding the default on first use."""

    def __init__(self) -> None:
        self._serializer: SerializerProtocol | None = None
        self._lock = threading.RLock()

    def bind_serializer(self, serializer: SerializerProtocol | None) -> None:  # noqa: F811
        with self._lock:
            self._serializer = serializer

    def __getattr__(self, item: str) -> Any:
        bound = self._serializer
        if bound is None:
            with self._lock:
                if self._serializer is None:
                    setup_serializer()
                bound = self._serializer
        return getattr(bound, item)


serializer: SerializerProtocol = cast(SerializerProtocol, SerializerProxy())


class SerializerConfig(ABC):
    """Describes a serializer backend; subclasses return it from :meth:`get_serializer`.

    ``configure()`` runs during ``setup_serializer`` only when ``skip_setup_configure=False``.
    """

    def __init__(self, **kwargs: Any) -> None:
        self.options = kwargs
        self.skip_setup_configure: bool = kwargs.get("skip_setup_configure", True)

    def configure(self) -> None:
        raise NotImplementedError("`configure()` must be implemented in subclasses.")

    @abstractmethod
    def get_serializer(self) -> Any:
        raise NotImplementedError("`get_serializer()` must be implemented in subclasses.")


class StandardSerializerConfig(SerializerConfig):
    """The default: :class:`CompactSerializer`."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)

    def configure(self) -> None:
        return None

    def get_serializer(self) -> Any:
        return CompactSerializer


def setup_serializer(serializer_config: SerializerConfig | None = None) -> None:
    """Bind the global ``serializer`` to the backend a config describes (default: compact json)."""
    config = prepare_config(serializer_config, SerializerConfig, StandardSerializerConfig, "serializer_config")
    cast(SerializerProxy, serializer).bind_serializer(config.get_serializer())
