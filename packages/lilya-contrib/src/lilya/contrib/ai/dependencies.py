"""`AI`: the dependency that injects the application's AIClient (set up by setup_ai)."""

from __future__ import annotations

from typing import Any

from lilya.contrib.ai.client import AIClient
from lilya.dependencies import Provide
from lilya.requests import Request

__all__ = ["AI", "AIClient", "Provide", "Request"]


async def _resolve_ai_client(request: Request, **kwargs: Any) -> AIClient:
    client = getattr(request.app.state, "ai", None)
    if not isinstance(client, AIClient):
        raise RuntimeError("No AIClient configured. Did you forget to call `setup_ai(app, client=...)`?")
    return client


AI = Provide(_resolve_ai_client)
