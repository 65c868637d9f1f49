"""``Address``: the ``(host, port)`` of a connection's client or server."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

__all__ = ["Address"]


@dataclass(frozen=True, slots=True)
class Address:
    """A network peer; iterable so ``host, port = request.client`` works."""

    host: str
    port: int

    def __iter__(self) -> Iterator[Any]:
        return iter((self.host, self.port))
