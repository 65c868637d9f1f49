"""Test clients for Lilya (and any ASGI) applications."""

from __future__ import annotations

from lilya.conf import override_settings
from lilya.testclient.base import TestClient

__all__ = ["TestClient", "override_settings"]
