"""Enum bases for settings and the rest of the toolkit."""

from __future__ import annotations

from enum import Enum

__all__ = ["BaseEnum", "EnvironmentType", "StrEnum"]


class StrEnum(str, Enum):
    """A str-valued Enum that reads as its value: ``str()``, ``repr()`` and f-strings give ``"GET"``.

    (Python 3.10 has no ``enum.StrEnum``; Lilya 0.29 also shows the bare value in ``repr``.)
    """

    def __str__(self) -> str:
        return str(self.value)

    def __repr__(self) -> str:
        return str(self.value)

    def __format__(self, format_spec: str) -> str:
        return format(str(self.value), format_spec)


class BaseEnum(StrEnum):
    """Base for the settings enums (same behaviour as ``StrEnum``)."""


class EnvironmentType(BaseEnum):
    DEVELOPMENT = "development"
    TESTING = "testing"
    PRODUCTION = "production"
