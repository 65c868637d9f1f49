"""Type names the application API shares with the rest of Lilya."""

from __future__ import annotations

from typing import ParamSpec

from lilya.types import ApplicationType, CallableDecorator

__all__ = ["ApplicationType", "CallableDecorator", "P"]

P = ParamSpec("P")
