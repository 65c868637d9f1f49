"""Enum bases for settings and the rest of the toolkit."""

from __future__ import annotations

from enum import Enum

__all__ = ["BaseEnum", "EnvironmentType", "StrEnum"]


class StrEnum(str, Enum):
    """A str-valued Enum whose ``str()`` is its value (Python 3.10 has no ``enum.StrEnum``)."""

    def __str__(self) -> str:
        return str(self.value)


class BaseEnum(str, Enum):
    """Base for string enums whose ``str()`` is their value."""

    def __str__(self) -> str:
        return str(self.value)


class EnvironmentType(BaseEnum):
    DEVELOPMENT = "development"
    TESTING = "testing"
    PRODUCTION = "production"
