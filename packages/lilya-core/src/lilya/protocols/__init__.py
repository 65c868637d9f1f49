"""Structural types (``typing.Protocol``) that let core type against pluggable pieces."""

from __future__ import annotations

__all__: list[str] = []
