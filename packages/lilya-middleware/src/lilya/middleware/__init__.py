"""Lilya middleware: pure ASGI classes, usable in any ASGI application."""

from __future__ import annotations

from lilya.middleware.base import DefineMiddleware, Middleware

__all__ = ["DefineMiddleware", "Middleware"]
