"""``wrap_permission``: accept a bare permission class (or dotted path) where a definition is expected."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

__all__ = ["wrap_permission"]


@lru_cache(maxsize=256)
def wrap_permission(permission: Any) -> Any:
    """Return ``permission`` as a ``DefinePermission`` (already-wrapped definitions pass through)."""
    from lilya.permissions.base import DefinePermission

    if isinstance(permission, DefinePermission):
        return permission
    return DefinePermission(permission)
