"""Errors raised while building settings objects."""

from __future__ import annotations

__all__ = ["FieldException"]


class FieldException(Exception):
    """A settings field could not be set (unknown name, or a value of the wrong shape)."""
