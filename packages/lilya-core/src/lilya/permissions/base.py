"""``DefinePermission``: a permission class with its arguments, built once into the stack.

Defined in :mod:`lilya.compose` beside ``DefineMiddleware`` (the same ``cls, args, kwargs``
contract); a dotted string is imported on first use, so settings can name permissions lazily.
"""

from __future__ import annotations

from lilya.compose import DefinePermission, P

__all__ = ["DefinePermission", "P", "Permission"]

Permission = DefinePermission
