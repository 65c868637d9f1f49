"""setup_ai: one AIClient per application, opened and closed with the app's lifespan."""

from __future__ import annotations

from typing import Any

from lilya.contrib.ai.client import AIClient
from lilya.contrib.ai.exceptions import ProviderNotConfigured
from lilya.types import ASGIApp

__all__ = ["setup_ai", "AIClient", "ProviderNotConfigured"]


def setup_ai(app: ASGIApp, *, client: AIClient, attach_lifecycle: bool = True, state_attribute: str = "ai") -> None:
    """Put `client` on `app.state.<state_attribute>` (what the `AI` dependency returns).

    With `attach_lifecycle`, the provider is started at startup and shut down at shutdown when the
    app has `add_event_handler`.
    """
    if client is None:
        raise ProviderNotConfigured("No AI client provided to setup_ai().")
    target: Any = app
    setattr(target.state, state_attribute, client)
    add_event_handler = getattr(target, "add_event_handler", None)
    if attach_lifecycle and callable(add_event_handler):
        add_event_handler("startup", client.startup)
        add_event_handler("shutdown", client.shutdown)
