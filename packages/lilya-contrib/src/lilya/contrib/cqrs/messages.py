"""Message markers and the Envelope that carries a payload with its metadata as JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from lilya.encoders import apply_structure, json_encode

__all__ = ["T", "MessageMeta", "Envelope", "Command", "Query", "apply_structure", "json_encode"]

T = TypeVar("T")


@dataclass(frozen=True)
class MessageMeta:
    """What infrastructure needs about a message: its name, schema version and headers."""

    name: str
    version: int = 1
    headers: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Envelope(Generic[T]):
    """A payload and its MessageMeta, to and from plain JSON through Lilya's encoders."""

    payload: T
    meta: MessageMeta

    def to_json(self) -> dict[str, Any]:
        """`{"meta": {...}, "payload": ...}` with only JSON types (models, dates, UUIDs encoded)."""
        meta = {"name": self.meta.name, "version": self.meta.version, "headers": json_encode(self.meta.headers)}
        return {"meta": meta, "payload": json_encode(self.payload)}

    @classmethod
    def from_json(cls, data: dict[str, Any], payload_type: type[T]) -> Envelope[T]:
        """Rebuild an envelope, the payload molded into `payload_type`; missing meta gets defaults."""
        raw_meta = data.get("meta") or {}
        meta = MessageMeta(
            name=raw_meta.get("name") or payload_type.__name__,
            version=int(raw_meta.get("version") or 1),
            headers=raw_meta.get("headers") or {},
        )
        return cls(payload=apply_structure(payload_type, data.get("payload")), meta=meta)


class Command:
    """Marker base for commands (optional)."""


class Query(Generic[T]):
    """Marker base for queries; T is the answer's type (optional)."""
