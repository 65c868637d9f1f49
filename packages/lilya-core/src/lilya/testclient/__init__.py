"""Test clients for Lilya (and any ASGI) applications, sync and async, HTTP and WebSocket."""

from __future__ import annotations

from lilya.exceptions import MissingDependency

try:
    import httpx  # noqa: F401 - only to fail early with an actionable message
except ModuleNotFoundError as exc:  # pragma: no cover - exercised in a subprocess test
    raise MissingDependency(
        "lilya.testclient needs httpx: pip install httpx (or pip install 'lilya-core[testclient]')."
    ) from exc

from lilya.testclient._internal.websockets import (
    AsyncWebSocketTestSession,
    WebSocketDenialResponse,
    WebSocketDisconnect,
    WebSocketTestSession,
)
from lilya.testclient.async_client import AsyncTestClient
from lilya.testclient.base import TestClient
from lilya.testclient.helpers import create_async_client, create_client
from lilya.testclient.utils import override_settings

__all__ = [
    "AsyncTestClient",
    "AsyncWebSocketTestSession",
    "TestClient",
    "WebSocketDenialResponse",
    "WebSocketDisconnect",
    "WebSocketTestSession",
    "create_async_client",
    "create_client",
    "override_settings",
]
