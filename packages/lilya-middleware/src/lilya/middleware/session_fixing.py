"""Bind a session to the client IP it was created from (session-fixation defence).

Needs ``SessionMiddleware`` and a client-IP middleware outside it. The first request stores
the IP in the session. When a later request comes from another IP and ``notify_fn`` is set,
the session is cleared (a fresh one bound to the new IP) and ``notify_fn`` is told about it.
"""

from __future__ import annotations

from typing import Any, Protocol, cast

from lilya.compat import import_string
from lilya.enums import ScopeType
from lilya.exceptions import ImproperlyConfigured
from lilya.middleware._connection import ConnectionMiddleware
from lilya.middleware.session_context import require_session
from lilya.protocols.middleware import MiddlewareProtocol
from lilya.types import ASGIApp, Receive, Scope, Send

__all__ = [
    "ImproperlyConfigured",
    "MiddlewareProtocol",
    "NotificationFunctionType",
    "ScopeType",
    "SessionFixingMiddleware",
]


class NotificationFunctionType(Protocol):
    def __call__(
        self, *, old_session: dict[str, Any], old_ip: str | None, new_session: dict[str, Any], new_ip: str
    ) -> None: ...


class SessionFixingMiddleware(ConnectionMiddleware):
    """Reset the session when the client IP changes."""

    session_name_clientip: str = "real-clientip"
    scope_name_clientip: str = "real-clientip"

    def __init__(self, app: ASGIApp, notify_fn: NotificationFunctionType | str | None = None) -> None:
        super().__init__(app)
        self.notify_fn: NotificationFunctionType | None = (
            cast(NotificationFunctionType, import_string(notify_fn)) if isinstance(notify_fn, str) else notify_fn
        )

    async def handle_connection(self, scope: Scope, receive: Receive, send: Send) -> None:
        session = require_session(scope)
        try:
            client_ip: str = scope[self.scope_name_clientip]
        except KeyError:
            raise ImproperlyConfigured(
                f"'{self.scope_name_clientip}' not set. Ensure 'ClientIPMiddleware' or "
                "'ClientIPScopeOnlyMiddleware' is properly installed."
            ) from None
        stored_ip = session.get(self.session_name_clientip)
        if stored_ip is None:
            session[self.session_name_clientip] = client_ip
            if self.notify_fn is not None:
                self.notify_fn(old_session=session, new_session=session, old_ip=None, new_ip=client_ip)
        elif stored_ip != client_ip and self.notify_fn is not None:
            old_session = dict(session)
            session.clear()
            session[self.session_name_clientip] = client_ip
            self.notify_fn(old_session=old_session, new_session=session, old_ip=stored_ip, new_ip=client_ip)
        await self.app(scope, receive, send)
