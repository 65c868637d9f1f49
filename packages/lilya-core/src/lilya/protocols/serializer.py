"""The interface of a JSON serializer Lilya can be bound to (json, orjson, ujson wrappers...)."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

__all__ = ["SerializerProtocol"]


@runtime_checkable
class SerializerProtocol(Protocol):
    """``json``-module-like object: ``dumps``/``loads`` plus the file variants."""

    def dump(self, *args: Any, **kwargs: Any) -> None: ...

    def dumps(self, *args: Any, **kwargs: Any) -> Any: ...

    def load(self, *args: Any, **kwargs: Any) -> Any: ...

    def loads(self, *args: Any, **kwargs: Any) -> Any: ...
