"""Lilya's built-in directives (the ``lilya`` sub-commands)."""

from __future__ import annotations

__all__: list[str] = []
