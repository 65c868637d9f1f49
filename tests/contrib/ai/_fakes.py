"""Providers wired to httpx.MockTransport handlers (no network), retries without waiting."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import httpx

from lilya.contrib.ai.providers.base import BaseHTTPProvider

P = TypeVar("P", bound=BaseHTTPProvider)


def wired(provider: P, handler: Callable[[httpx.Request], httpx.Response], *, retries: int = 2) -> P:
    provider.max_retries = retries
    provider.retry_backoff = 0
    provider._client = httpx.AsyncClient(transport=httpx.MockTransport(handler), headers=provider._headers)
    return provider


def sse(*events: str, newline: str = "\n") -> bytes:
    return "".join(f"data: {event}{newline}{newline}" for event in events).encode()
