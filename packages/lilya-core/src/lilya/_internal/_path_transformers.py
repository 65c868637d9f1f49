"""Path convertors ("transformers"): the regex a path segment must match and its Python value.

A transformer is bound to a route once, at build time. ``transform`` raising ``ValueError`` or
``OverflowError`` means "this path does not match" (the router answers 404), never a 500.
"""

from __future__ import annotations

import math
import uuid
from datetime import datetime
from typing import Any, ClassVar, Generic, TypeVar


T = TypeVar("T")

#: Longest run of digits an ``int``/``float`` path parameter may have; longer is "no match".
MAX_NUMBER_DIGITS = 64


class Transformer(Generic[T]):
    """Base class: subclasses set ``regex`` and implement ``transform``/``normalise``."""

    regex: ClassVar[str] = ""

    def transform(self, value: str) -> T:
        raise NotImplementedError

    def normalise(self, value: T) -> str:
        raise NotImplementedError


class InvalidPathValue(ValueError, AssertionError):
    """A value that cannot fill a path parameter (Lilya raises AssertionError, we said ValueError)."""


class StringTransformer(Transformer[str]):
    regex = "[^/]+"

    def transform(self, value: str) -> str:
        return value

    def normalise(self, value: str) -> str:
        value = str(value)
        if "/" in value:
            raise InvalidPathValue("A 'str' path parameter cannot contain '/'.")
        if not value:
            raise InvalidPathValue("A 'str' path parameter cannot be empty.")
        return value


class PathTransformer(Transformer[str]):
    regex = ".*"

    def transform(self, value: str) -> str:
        return str(value)

    def normalise(self, value: str) -> str:
        return str(value)


class IntegerTransformer(Transformer[int]):
    regex = "[0-9]+"

    def transform(self, value: str) -> int:
        if len(value) > MAX_NUMBER_DIGITS:
            raise ValueError("integer path parameter too long")
        return int(value)

    def normalise(self, value: int) -> str:
        value = int(value)
        if value < 0:
            raise ValueError("Negative integers are not supported in 'int' path parameters.")
        return str(value)


class FloatTransformer(Transformer[float]):
    regex = r"[0-9]+(\.[0-9]+)?"

    def transform(self, value: str) -> float:
        if len(value) > MAX_NUMBER_DIGITS:
            raise ValueError("float path parameter too long")
        result = float(value)
        if not math.isfinite(result):
            raise ValueError("float path parameter out of range")
        return result

    def normalise(self, value: float) -> str:
        value = float(value)
        if value < 0.0:
            raise ValueError("Negative floats are not supported in 'float' path parameters.")
        if not math.isfinite(value):
            raise ValueError("NaN and infinity are not supported in 'float' path parameters.")
        return f"{value:0.20f}".rstrip("0").rstrip(".")


class UUIDTransformer(Transformer[uuid.UUID]):
    regex = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

    def transform(self, value: str) -> uuid.UUID:
        return uuid.UUID(value)

    def normalise(self, value: uuid.UUID) -> str:
        return str(value)


class DatetimeTransformer(Transformer[datetime]):
    regex = r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?"

    def transform(self, value: str) -> datetime:
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%f" if "." in value else "%Y-%m-%dT%H:%M:%S")

    def normalise(self, value: datetime) -> str:
        return value.strftime("%Y-%m-%dT%H:%M:%S")


TRANSFORMER_TYPES: dict[str, Transformer[Any]] = {
    "str": StringTransformer(),
    "path": PathTransformer(),
    "int": IntegerTransformer(),
    "float": FloatTransformer(),
    "uuid": UUIDTransformer(),
    "datetime": DatetimeTransformer(),
}


def register_path_transformer(key: str, transformer: Transformer[Any] | type[Transformer[Any]]) -> None:
    """Make ``{name:key}`` usable in route paths compiled after this call (a class is instantiated)."""
    from lilya._internal._path import compile_path, parse_template  # local: _path imports this module

    if isinstance(transformer, type) and issubclass(transformer, Transformer):
        transformer = transformer()
    TRANSFORMER_TYPES[key] = transformer
    compile_path.cache_clear()
    parse_template.cache_clear()
