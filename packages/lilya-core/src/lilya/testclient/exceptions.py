"""Exceptions raised by the test clients (not by applications)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lilya.testclient._internal.websockets import WebSocketTestSession

__all__ = ["TYPE_CHECKING", "ASGISpecViolation", "UpgradeException"]


class UpgradeException(Exception):
    """Carries a WebSocket session out of httpx's request machinery (it is not an error)."""

    def __init__(self, session: WebSocketTestSession) -> None:
        self.session = session


class ASGISpecViolation(Exception):
    """The application sent messages that break the ASGI spec (wrong order, str bodies, ...)."""
