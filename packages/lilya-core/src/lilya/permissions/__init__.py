"""Permissions: pure ASGI classes run after the middleware stack and before the handler."""

from __future__ import annotations

from lilya.permissions.base import DefinePermission, Permission

__all__ = ["DefinePermission", "Permission"]
