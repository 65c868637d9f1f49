"""Errors raised by the command line; each one ends the command with a one-line message."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lilya.exceptions import LilyaException

__all__ = ["TYPE_CHECKING", "DirectiveError", "LilyaException"]


class DirectiveError(LilyaException):
    """A directive could not run; ``returncode`` becomes the process exit code."""

    def __init__(self, detail: str, returncode: int = 1, **kwargs: Any) -> None:
        super().__init__(detail=detail)
        self.returncode = returncode
        self.extra = kwargs

    def __str__(self) -> str:
        return self.detail
