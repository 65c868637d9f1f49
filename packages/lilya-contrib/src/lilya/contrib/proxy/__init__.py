"""A reverse proxy for Lilya apps: `lilya.contrib.proxy.relay.Relay` (extra `proxy`: httpx, websockets)."""

from __future__ import annotations

__all__: list[str] = []
