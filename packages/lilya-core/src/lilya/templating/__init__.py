"""Template rendering (Jinja2 is imported only when a ``Jinja2Template`` is created)."""

from __future__ import annotations

from lilya.templating.jinja import Jinja2Template

__all__ = ["Jinja2Template"]
