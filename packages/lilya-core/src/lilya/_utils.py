"""Small helpers Lilya 0.29 exposes through ``lilya.apps`` (``is_class_and_subclass``)."""

from __future__ import annotations

from lilya.compat import is_class_and_subclass

__all__ = ["is_class_and_subclass"]
