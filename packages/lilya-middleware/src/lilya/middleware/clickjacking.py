"""``X-Frame-Options`` on every HTTP response that does not set its own.

The value comes from ``settings.x_frame_options`` (default ``DENY``), read once when the
middleware is built.
"""

from __future__ import annotations

from lilya.conf import settings
from lilya.datastructures import Header
from lilya.middleware._headers import DefaultHeadersMixin
from lilya.protocols.middleware import MiddlewareProtocol
from lilya.types import ASGIApp

__all__ = ["Header", "MiddlewareProtocol", "XFrameOptionsMiddleware", "settings"]


class XFrameOptionsMiddleware(DefaultHeadersMixin, MiddlewareProtocol[...]):
    """Protect pages from being framed by other sites (clickjacking)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._defaults = ((b"x-frame-options", self.get_xframe_options().encode("latin-1")),)

    def get_xframe_options(self) -> str:
        value = getattr(settings, "x_frame_options", None)
        return value.upper() if isinstance(value, str) and value else "DENY"
