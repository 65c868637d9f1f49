"""`AI`: the dependency that injects the application's AIClient (set up by setup_ai)."""

from __future__ import annotations

from lilya.contrib.ai.client import AIClient
from lilya.contrib._app_state import app_state_dependency
from lilya.dependencies import Provide
from lilya.requests import Request

__all__ = ["AI", "AIClient", "Provide", "Request"]


AI = app_state_dependency("ai", AIClient, "setup_ai(app, client=...)")
