"""The encoder registry: how values JSON does not know become JSON (and back, for molding).

An *encoder* answers ``is_type(value)`` and ``serialize(value)``; a *molding* encoder also
answers ``is_type_structure(cls)`` and ``encode(cls, value)`` to rebuild typed values from JSON
(used for handler parameters). ``ENCODER_TYPES`` holds the active encoders in priority order; it
is context-local (``set``/``reset`` like a ``ContextVar``) so a call can use its own list.

Plain dict/list/str/int payloads never touch the registry: the JSON encoder only calls back into
it for values it cannot encode itself.
"""

from __future__ import annotations

import json
from base64 import b64decode, b64encode
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar, Token
from dataclasses import asdict, is_dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from inspect import isclass
from pathlib import PurePath
from types import GeneratorType
from typing import Any, Generic, Protocol, TypeVar, cast, runtime_checkable
from uuid import UUID

from lilya.serializers import CompactSerializer, serializer

__all__ = [
    "DEFAULT_ENCODER_TYPES",
    "ENCODER_TYPES",
    "BytesEncoder",
    "DataclassEncoder",
    "DateEncoder",
    "DecimalEncoder",
    "Encoder",
    "EncoderProtocol",
    "EnumEncoder",
    "ModelDumpEncoder",
    "MoldingProtocol",
    "NamedTupleEncoder",
    "PurePathEncoder",
    "StructureEncoder",
    "TimedeltaEncoder",
    "UUIDEncoder",
    "apply_structure",
    "dumps_json",
    "json_encode",
    "json_encode_default",
    "register_encoder",
]

T = TypeVar("T")


@runtime_checkable
class EncoderProtocol(Protocol):
    def is_type(self, value: Any) -> bool:
        """Whether this encoder serializes ``value``."""

    def serialize(self, value: Any) -> Any:
        """Turn ``value`` into something JSON can encode."""


@runtime_checkable
class MoldingProtocol(Protocol):
    def is_type(self, value: Any) -> bool:
        """Whether ``value`` already is of the structure's type."""

    def is_type_structure(self, value: Any) -> bool:
        """Whether this encoder can build instances of the class ``value``."""

    def encode(self, structure: Any, value: Any) -> Any:
        """Build a ``structure`` instance from the JSON value."""


class Encoder(Generic[T]):
    """Base class for custom encoders: set ``__type__`` and implement ``serialize``/``encode``."""

    name: str | None = None
    __encode__: bool = True
    __type__: type | tuple[type, ...] | None = None

    def is_type(self, value: Any) -> bool:
        return self.__type__ is not None and isinstance(value, self.__type__)

    def is_type_structure(self, value: Any) -> bool:
        return self.__type__ is not None and isclass(value) and issubclass(value, self.__type__)


class DataclassEncoder(EncoderProtocol, MoldingProtocol):
    name: str = "DataclassEncoder"

    def is_type(self, value: Any) -> bool:
        return is_dataclass(value)

    def is_type_structure(self, value: Any) -> bool:
        return is_dataclass(value)

    def serialize(self, obj: Any) -> Any:
        return asdict(obj)

    def encode(self, structure: Any, value: Any) -> Any:
        return structure(**value)


class NamedTupleEncoder(EncoderProtocol, MoldingProtocol):
    name: str = "NamedTupleEncoder"

    def is_type(self, value: Any) -> bool:
        return isinstance(value, tuple) and hasattr(value, "_asdict")

    def is_type_structure(self, value: Any) -> bool:
        return isclass(value) and issubclass(value, tuple) and hasattr(value, "_asdict")

    def serialize(self, obj: Any) -> dict[str, Any]:
        return cast("dict[str, Any]", obj._asdict())

    def encode(self, structure: Any, value: Any) -> Any:
        return structure(**value) if isinstance(value, dict) else structure(*value)


class ModelDumpEncoder(EncoderProtocol, MoldingProtocol):
    """Pydantic-style models (anything with ``model_dump``)."""

    name: str = "ModelDumpEncoder"

    def is_type(self, value: Any) -> bool:
        return hasattr(value, "model_dump")

    def is_type_structure(self, value: Any) -> bool:
        return hasattr(value, "model_dump")

    def serialize(self, value: Any) -> Any:
        return value.model_dump()

    def encode(self, structure: Any, value: Any) -> Any:
        return structure(**value)


class EnumEncoder(Encoder[Enum]):
    name = "EnumEncoder"
    __encode__ = False
    __type__ = Enum

    def serialize(self, obj: Enum) -> Any:
        return obj.value

    def encode(self, structure: type[Enum], value: Any) -> Enum:
        return structure(value)


class PurePathEncoder(Encoder[PurePath]):
    name = "PurePathEncoder"
    __type__ = PurePath

    def serialize(self, obj: PurePath) -> str:
        return str(obj)

    def encode(self, structure: type[PurePath], value: Any) -> PurePath:
        return structure(value)


class DateEncoder(Encoder[date]):
    name = "DateEncoder"
    __type__ = date

    def serialize(self, obj: date) -> str:
        return obj.isoformat()

    def encode(self, structure: type[date], value: Any) -> date:
        parsed = datetime.fromisoformat(value)
        return parsed if issubclass(structure, datetime) else parsed.date()


class BytesEncoder(Encoder[bytes]):
    name = "BytesEncoder"
    __type__ = (bytes, memoryview)

    def serialize(self, obj: bytes | memoryview) -> str:
        return b64encode(obj).decode()

    def encode(self, structure: type[bytes], value: Any) -> bytes:
        return b64decode(value)


class StructureEncoder(Encoder[list[Any]]):
    name = "StructureEncoder"
    __type__ = (list, set, frozenset, GeneratorType, tuple, deque)

    def is_type_structure(self, value: Any) -> bool:
        return isclass(value) and issubclass(value, list)

    def serialize(self, obj: Any) -> list[Any]:
        return list(obj)

    def encode(self, structure: type, obj: Any) -> list[Any]:
        return list(obj)


class UUIDEncoder(Encoder[UUID]):
    name = "UUIDEncoder"
    __type__ = UUID

    def serialize(self, obj: UUID) -> str:
        return str(obj)

    def encode(self, structure: type[UUID], value: Any) -> UUID:
        return UUID(str(value))


class TimedeltaEncoder(Encoder[timedelta]):
    name = "TimedeltaEncoder"
    __type__ = timedelta

    def serialize(self, obj: timedelta) -> float:
        return obj.total_seconds()

    def encode(self, structure: type[timedelta], value: Any) -> timedelta:
        return timedelta(seconds=float(value))


class DecimalEncoder(Encoder[Decimal]):
    """Decimals become strings: a float would silently lose digits."""

    name = "DecimalEncoder"
    __type__ = Decimal

    def serialize(self, obj: Decimal) -> str:
        return str(obj)

    def encode(self, structure: type[Decimal], value: Any) -> Decimal:
        return structure(str(value))


AnyEncoder = EncoderProtocol | MoldingProtocol


def _default_encoders() -> deque[AnyEncoder]:
    return deque(
        (
            DataclassEncoder(),
            NamedTupleEncoder(),
            ModelDumpEncoder(),
            EnumEncoder(),
            PurePathEncoder(),
            DateEncoder(),
            BytesEncoder(),
            StructureEncoder(),
            UUIDEncoder(),
            TimedeltaEncoder(),
            DecimalEncoder(),
        )
    )


DEFAULT_ENCODER_TYPES: deque[AnyEncoder] = _default_encoders()


class _EncoderTypes:
    """Context-local sequence of encoders: iterate it, or ``get``/``set``/``reset`` the list."""

    __slots__ = ("name", "_var")

    def __init__(self, name: str, default: Sequence[AnyEncoder]) -> None:
        self.name = name
        self._var: ContextVar[Sequence[AnyEncoder] | None] = ContextVar(name, default=default)

    def get(self, default: Sequence[AnyEncoder] | None = None) -> Sequence[AnyEncoder] | None:
        value = self._var.get()
        return default if value is None else value

    def set(self, value: Sequence[AnyEncoder] | None) -> Token[Sequence[AnyEncoder] | None]:
        return self._var.set(value)

    def reset(self, token: Token[Sequence[AnyEncoder] | None]) -> None:
        self._var.reset(token)

    def restore_defaults(self) -> None:
        """Put the built-in encoders back (for tests that registered their own)."""
        current = self._var.get()
        if isinstance(current, deque):
            current.clear()
            current.extend(_default_encoders())

    def __iter__(self) -> Iterator[AnyEncoder]:
        return iter(self._var.get() or ())

    def __len__(self) -> int:
        return len(self._var.get() or ())

    def __getitem__(self, index: int) -> AnyEncoder:
        return (self._var.get() or ())[index]

    def __repr__(self) -> str:
        return f"ENCODER_TYPES({list(self)!r})"


ENCODER_TYPES = _EncoderTypes("ENCODER_TYPES", DEFAULT_ENCODER_TYPES)


def _encoder_name(encoder: Any) -> str:
    return getattr(encoder, "name", None) or type(encoder).__name__


def register_encoder(encoder: AnyEncoder | type[EncoderProtocol] | type[MoldingProtocol]) -> None:
    """Put an encoder first in the registry, replacing one with the same name."""
    instance: Any = encoder() if isclass(encoder) else encoder
    if not isinstance(instance, (EncoderProtocol, MoldingProtocol)):
        raise RuntimeError(f'"{instance}" is not implementing the EncoderProtocol or MoldingProtocol.')
    encoders = ENCODER_TYPES.get()
    if not isinstance(encoders, deque):
        raise TypeError(
            f'Registering an encoder needs a "deque" as the ENCODER_TYPES value, found: {encoders!r}'
        )
    name = _encoder_name(instance)
    for existing in encoders:
        if _encoder_name(existing) == name:
            encoders.remove(existing)
            break
    encoders.appendleft(instance)


def json_encode_default(value: Any) -> Any:
    """``default=`` hook for the JSON encoder: the first registered encoder that accepts ``value``."""
    for encoder in ENCODER_TYPES.get() or ():
        if hasattr(encoder, "serialize") and encoder.is_type(value):
            return encoder.serialize(value)
    raise ValueError(f"Object of type '{type(value).__name__}' is not JSON serializable.")


# The default backend's encoder, built once: json.dumps(..., default=...) builds a JSONEncoder
# and a C encoder on every call. No circular-reference bookkeeping (a shared markers dict is not
# thread-safe); a self-referencing value still fails, with RecursionError.
_FAST_ENCODER = json.JSONEncoder(
    ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=json_encode_default, check_circular=False
)
_encode_basestring: Callable[[str], str] = json.encoder.encode_basestring
_C_ENCODER: Callable[[Any, int], Any] | None = None
_c_make_encoder = getattr(json.encoder, "c_make_encoder", None)
if _c_make_encoder is not None:  # absent on interpreters without the C accelerator
    _C_ENCODER = _c_make_encoder(None, json_encode_default, _encode_basestring, None, ":", ",", False, False, False)


def dumps_json(value: Any) -> str | bytes:
    """Compact JSON text of ``value`` with the registry as fallback, via the bound serializer."""
    bound = getattr(serializer, "_serializer", None)
    if bound is None or bound is CompactSerializer:
        if _C_ENCODER is not None:
            if value.__class__ is str:
                return _encode_basestring(value)
            return "".join(_C_ENCODER(value, 0))
        return _FAST_ENCODER.encode(value)
    return cast("str | bytes", serializer.dumps(value, default=json_encode_default))


def _serializer_dumps(obj: Any, **kwargs: Any) -> Any:
    return serializer.dumps(obj, **kwargs)


def _serializer_loads(data: Any, **kwargs: Any) -> Any:
    return serializer.loads(data, **kwargs)


def _exclude_none(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _exclude_none(v) for k, v in obj.items() if v is not None}
    if isinstance(obj, list):
        return [_exclude_none(v) for v in obj if v is not None]
    if isinstance(obj, tuple):
        return tuple(_exclude_none(v) for v in obj if v is not None)
    if isinstance(obj, set):
        return {_exclude_none(v) for v in obj if v is not None}
    return obj


def json_encode(
    value: Any,
    *,
    json_encode_fn: Callable[..., Any] | None = _serializer_dumps,
    post_transform_fn: Callable[[Any], Any] | None = _serializer_loads,
    with_encoders: Sequence[EncoderProtocol | MoldingProtocol] | None = None,
    exclude_none: bool = False,
) -> Any:
    """Encode ``value`` to JSON with the registry's help.

    By default the JSON text is parsed back (``post_transform_fn``), which yields a plain
    JSON-compatible structure; pass ``post_transform_fn=None`` to get the JSON text itself.
    ``with_encoders`` replaces the registry for this call only.
    """
    if json_encode_fn is None:
        raise TypeError("json_encode_fn cannot be None")
    if exclude_none:
        value = _exclude_none(value)
    token = ENCODER_TYPES.set(with_encoders) if with_encoders is not None else None
    try:
        if json_encode_fn is _serializer_dumps:
            result: Any = dumps_json(value)
        else:
            result = json_encode_fn(value, default=json_encode_default)
    finally:
        if token is not None:
            ENCODER_TYPES.reset(token)
    return result if post_transform_fn is None else post_transform_fn(result)


def apply_structure(
    structure: Any,
    value: Any,
    *,
    with_encoders: Sequence[EncoderProtocol | MoldingProtocol] | None = None,
) -> Any:
    """Mold a JSON value into ``structure`` (e.g. a dataclass) with the first molding encoder."""
    encoders = with_encoders if with_encoders is not None else ENCODER_TYPES.get()
    for encoder in encoders or ():
        if hasattr(encoder, "encode") and hasattr(encoder, "is_type_structure"):
            if encoder.is_type_structure(structure):
                return value if encoder.is_type(value) else encoder.encode(structure, value)
    return value
