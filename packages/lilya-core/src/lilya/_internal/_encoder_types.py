"""Encoder protocols, the ``Encoder`` base class and the built-in encoders.

An *encoder* answers ``is_type(value)`` and ``serialize(value)``; a *molding* encoder also answers
``is_type_structure(cls)`` and ``encode(cls, value)`` to rebuild typed values from JSON. The
registry that orders them lives in ``lilya._internal._encoders``.
"""

from __future__ import annotations

import sys
from base64 import b64decode, b64encode
from collections import deque
from dataclasses import asdict, is_dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from inspect import isclass
from pathlib import PurePath
from types import GeneratorType
from typing import Any, Generic, Protocol, TypeVar, cast, runtime_checkable
from uuid import UUID


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
        validate = getattr(structure, "model_validate", None)
        if validate is not None:  # pydantic v2: also validates non-object roots
            return validate(value)
        return structure(**value)


class MsgspecStructEncoder(EncoderProtocol, MoldingProtocol):
    """msgspec ``Struct``s, without importing msgspec: a program that never imported it has no
    Struct to encode (so msgspec stays an optional extra of lilya-core)."""

    name: str = "MsgspecStructEncoder"

    @staticmethod
    def _struct() -> Any:
        module = sys.modules.get("msgspec")
        return getattr(module, "Struct", None) if module is not None else None

    def is_type(self, value: Any) -> bool:
        struct = self._struct()
        return struct is not None and isinstance(value, struct)

    def is_type_structure(self, value: Any) -> bool:
        struct = self._struct()
        return struct is not None and isclass(value) and issubclass(value, struct)

    def serialize(self, obj: Any) -> Any:
        return sys.modules["msgspec"].to_builtins(obj)

    def encode(self, structure: Any, value: Any) -> Any:
        return sys.modules["msgspec"].convert(value, type=structure)


class EnumEncoder(Encoder[Enum]):
    name = "EnumEncoder"
    __encode__ = False
    __type__ = Enum

    def serialize(self, obj: Enum) -> Any:
        return obj.value

    def encode(self, structure: type[Enum], value: Any) -> Enum:
        return structure(value)


class _TextEncoder(Encoder[T]):
    """An encoder whose serialised form is ``str(obj)`` (what the type's constructor reads back)."""

    def serialize(self, obj: T) -> str:
        return str(obj)


class PurePathEncoder(_TextEncoder[PurePath]):
    name = "PurePathEncoder"
    __type__ = PurePath

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


class UUIDEncoder(_TextEncoder[UUID]):
    name = "UUIDEncoder"
    __type__ = UUID

    def encode(self, structure: type[UUID], value: Any) -> UUID:
        return UUID(str(value))


class TimedeltaEncoder(Encoder[timedelta]):
    name = "TimedeltaEncoder"
    __type__ = timedelta

    def serialize(self, obj: timedelta) -> float:
        return obj.total_seconds()

    def encode(self, structure: type[timedelta], value: Any) -> timedelta:
        return timedelta(seconds=float(value))


class DecimalEncoder(_TextEncoder[Decimal]):
    """Decimals become strings: a float would silently lose digits."""

    name = "DecimalEncoder"
    __type__ = Decimal

    def encode(self, structure: type[Decimal], value: Any) -> Decimal:
        return structure(str(value))


AnyEncoder = EncoderProtocol | MoldingProtocol
