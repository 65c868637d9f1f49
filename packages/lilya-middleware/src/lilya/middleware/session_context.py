"""Expose the session (or a named sub-dict of it) as ``lilya.context.session``.

Needs ``SessionMiddleware`` outside it. With ``sub_path`` the handler sees only
``session[sub_path]``; an empty sub-session is removed before the response starts so that
an otherwise empty session can still be deleted.
"""

from __future__ import annotations

from typing import Any

from lilya.context import SessionContext
from lilya.enums import ScopeType
from lilya.exceptions import ImproperlyConfigured
from lilya.middleware._connection import ConnectionMiddleware
from lilya.protocols.middleware import MiddlewareProtocol
from lilya.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["ImproperlyConfigured", "MiddlewareProtocol", "ScopeType", "SessionContext", "SessionContextMiddleware"]

MISSING_SESSION = "'session' not set. Ensure 'SessionMiddleware' is properly installed."


def require_session(scope: Scope) -> dict[str, Any]:
    """The session dict that SessionMiddleware put in the scope, or a clear configuration error."""
    session = scope.get("session")
    if not isinstance(session, dict):
        raise ImproperlyConfigured(MISSING_SESSION)
    return session


class SessionContextMiddleware(ConnectionMiddleware):
    """Set the session context variable for the duration of the call."""

    def __init__(self, app: ASGIApp, sub_path: str = "") -> None:
        super().__init__(app)
        self.sub_path = sub_path

    async def handle_connection(self, scope: Scope, receive: Receive, send: Send) -> None:
        root = require_session(scope)
        if not self.sub_path:
            token = SessionContext.set_session(root)
            try:
                await self.app(scope, receive, send)
            finally:
                SessionContext.reset_context(token)
            return

        sub_path = self.sub_path
        session = root.setdefault(sub_path, {})
        synced = False

        def sync() -> None:
            nonlocal synced
            if synced:
                return
            if session:
                root[sub_path] = session
            else:
                root.pop(sub_path, None)

        async def send_wrapper(message: Message) -> None:
            nonlocal synced
            sync()
            synced = True  # after the first message the cookie is written: later edits are lost anyway
            await send(message)

        token = SessionContext.set_session(session)
        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            sync()
            SessionContext.reset_context(token)
