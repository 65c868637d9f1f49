"""``DefineMiddleware``: a middleware class plus its arguments, instantiated when the stack is built.

Defined in lilya-core's :mod:`lilya.compose` beside ``DefinePermission`` (one contract for both:
``cls, args, kwargs``), re-exported here where Lilya 0.29 users import it.
"""

from __future__ import annotations

from lilya.compose import DefineMiddleware, P

__all__ = ["DefineMiddleware", "Middleware", "P"]

Middleware = DefineMiddleware
