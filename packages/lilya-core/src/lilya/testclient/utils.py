"""Test utilities: temporary settings (`override_settings`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lilya.compat import is_async_callable
from lilya.conf._override import override_settings

__all__ = ["TYPE_CHECKING", "is_async_callable", "override_settings"]
