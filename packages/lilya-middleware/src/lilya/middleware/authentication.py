"""Authentication: resolve ``scope["user"]`` and ``scope["auth"]`` before the app runs.

``BaseAuthMiddleware`` calls ``authenticate(connection)``; ``AuthenticationMiddleware`` asks
its backends in order and takes the first answer; built without a backend it raises an
``AssertionError``, unless ``authenticate`` is overridden without ``requires_backend = True``.
Nobody → ``AnonymousUser`` with empty credentials. An ``AuthenticationError`` becomes
``on_error``'s response (default: 400 with the error's message) or, for a WebSocket, a close.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from typing import Any

from lilya import status
from lilya.requests import Connection
from lilya.authentication import AnonymousUser, AuthCredentials, AuthenticationBackend, AuthResult
from lilya.enums import ScopeType
from lilya.exceptions import AuthenticationError
from lilya.middleware._connection import ConnectionMiddleware
from lilya.protocols.middleware import MiddlewareProtocol
from lilya.responses import PlainText, Response
from lilya.types import ASGIApp, Receive, Scope, Send

__all__ = [
    "AnonymousUser",
    "AuthCredentials",
    "AuthenticationBackend",
    "AuthenticationError",
    "AuthenticationMiddleware",
    "BaseAuthMiddleware",
    "Connection",
    "MiddlewareProtocol",
    "PlainText",
    "Response",
    "ScopeType",
]


class BaseAuthMiddleware(ABC, ConnectionMiddleware):
    """Subclass and implement ``authenticate``."""

    def __init__(
        self, app: ASGIApp, on_error: Callable[[Connection, AuthenticationError], Response] | None = None
    ) -> None:
        super().__init__(app)
        self.on_error: Callable[[Connection, Any], Response] = (
            on_error if on_error is not None else self.default_on_error
        )

    async def handle_connection(self, scope: Scope, receive: Receive, send: Send) -> None:
        connection = Connection(scope)
        try:
            result = await self.authenticate(connection)
        except AuthenticationError as exc:
            if scope["type"] == ScopeType.WEBSOCKET:
                await send({"type": "websocket.close", "code": 1000, "reason": ""})
            else:
                await self.on_error(connection, exc)(scope, receive, send)
            return
        scope["auth"], scope["user"] = result if result is not None else (AuthCredentials(), AnonymousUser())
        await self.app(scope, receive, send)

    @abstractmethod
    async def authenticate(self, conn: Connection, **kwargs: Any) -> None | AuthResult:
        """``(AuthCredentials, user)`` for this connection, or ``None`` for anonymous."""

    @staticmethod
    def default_on_error(connection: Connection, exc: Exception) -> Response:
        return PlainText(str(exc), status_code=status.HTTP_400_BAD_REQUEST)


class AuthenticationMiddleware(BaseAuthMiddleware):
    """Authenticate with one or more ``AuthenticationBackend``s (first non-None answer wins)."""

    def __init__(
        self,
        app: ASGIApp,
        backend: AuthenticationBackend | Sequence[AuthenticationBackend] | None = None,
        on_error: Callable[[Connection, AuthenticationError], Response] | None = None,
    ) -> None:
        super().__init__(app, on_error=on_error)
        if backend is None:
            self.backend: list[AuthenticationBackend] = []
        elif isinstance(backend, AuthenticationBackend):
            self.backend = [backend]
        else:
            self.backend = list(backend)
        # As in Lilya, an ``authenticate`` marked ``requires_backend = True`` (the default one is;
        # an override may be too, when it still relies on ``self.backend``) needs a backend.
        if not self.backend and getattr(self.authenticate, "requires_backend", False):
            raise ImproperlyConfiguredBackend(
                "AuthenticationMiddleware needs 'backend' (an AuthenticationBackend or a list of them), "
                "or an 'authenticate' override that does not set requires_backend = True."
            )

    async def authenticate(self, conn: Connection, **kwargs: Any) -> None | AuthResult:
        for backend in self.backend:
            result = await backend.authenticate(conn)
            if result is not None:
                return result
        return None

    setattr(authenticate, "requires_backend", True)


class ImproperlyConfiguredBackend(AssertionError):
    """Raised at startup when AuthenticationMiddleware has nothing to authenticate with."""
