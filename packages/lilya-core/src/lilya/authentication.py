"""Authentication primitives: users, credentials, backends and the ``requires`` decorator.

``AuthenticationMiddleware`` (lilya-middleware) asks an ``AuthenticationBackend`` for an
``AuthResult`` (``(AuthCredentials, user)``) and stores them in ``scope["auth"]``/``scope["user"]``;
``requires("scope")`` then guards handlers: a missing scope is an ``HTTPException`` (403 by
default), a 303 redirect when ``redirect=`` is given, or a close (1000) for a WebSocket.
"""

from __future__ import annotations

import functools
import inspect
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from typing import Any, ParamSpec, Protocol, runtime_checkable
from urllib.parse import urlencode

from lilya._internal._connection import Connection
from lilya.compat import is_async_callable
from lilya.exceptions import HTTPException, WebSocketException
from lilya.requests import Request
from lilya.responses import RedirectResponse
from lilya.websockets import WebSocket

__all__ = [
    "AnonymousUser",
    "AuthCredentials",
    "AuthResult",
    "AuthenticationBackend",
    "BaseUser",
    "BasicUser",
    "Connection",
    "HTTPException",
    "P",
    "RedirectResponse",
    "Request",
    "UserInterface",
    "WebSocket",
    "has_required_scope",
    "is_async_callable",
    "requires",
]

P = ParamSpec("P")


def has_required_scope(conn: Connection, scopes: Sequence[str]) -> bool:
    """True when the connection's credentials include every scope in ``scopes``."""
    granted = set(getattr(conn.scope.get("auth"), "scopes", None) or ())
    return all(scope in granted for scope in scopes)


def requires(
    scopes: str | Sequence[str],
    status_code: int = 403,
    redirect: str | None = None,
    raise_for_missing_conn: bool = True,
    conn_param: str | None = None,
) -> Callable[[Callable[P, Any]], Callable[P, Any]]:
    """Guard a handler: its connection must carry all ``scopes`` (checked before the call).

    The connection parameter (``request``, ``websocket`` or ``conn_param``) is found once, when the
    handler is decorated; without one, decorating raises unless ``raise_for_missing_conn=False``.
    """
    required = [scopes] if isinstance(scopes, str) else list(scopes)

    def decorator(func: Callable[P, Any]) -> Callable[P, Any]:
        names = inspect.signature(func).parameters
        param = next((n for n in names if n in {"request", "websocket", conn_param}), None)
        if param is None and raise_for_missing_conn:
            raise Exception(f'No "request" or "websocket" argument on function "{func.__name__}"')

        def refusal(conn: Any) -> Any:
            """What to do instead of calling ``func``; None means "allowed"."""
            if not isinstance(conn, Connection) or has_required_scope(conn, required):
                return None
            if conn.scope["type"] == "websocket":
                return conn.close(code=1000)  # type: ignore[attr-defined]  # a WebSocket: awaited by the caller
            if redirect is not None:
                return RedirectResponse(url=_redirect_url(conn, redirect), status_code=303)
            raise HTTPException(status_code=status_code)

        if is_async_callable(func):

            @functools.wraps(func)
            async def async_wrapper(*args: P.args, **kwargs: P.kwargs) -> Any:
                outcome = refusal(kwargs.get(param) if param else None)
                if outcome is None:
                    return await func(*args, **kwargs)
                if inspect.isawaitable(outcome):
                    await outcome
                    return None
                return outcome

            return async_wrapper

        @functools.wraps(func)
        def sync_wrapper(*args: P.args, **kwargs: P.kwargs) -> Any:
            conn = kwargs.get(param) if param else None
            if isinstance(conn, Connection) and conn.scope["type"] == "websocket":
                if not has_required_scope(conn, required):
                    # A sync handler cannot await close(); the WebSocket route closes on this.
                    raise WebSocketException(code=1000)
                return func(*args, **kwargs)
            outcome = refusal(conn)
            return func(*args, **kwargs) if outcome is None else outcome

        return sync_wrapper

    return decorator


def _redirect_url(conn: Connection, redirect: str) -> str:
    query = urlencode({"next": str(conn.url)})
    try:
        target = str(conn.url_path_for(redirect))
    except (LookupError, RuntimeError):  # no route of that name (NoMatchFound) or no router: a literal path
        target = redirect
    return f"{target}?{query}"


class AuthenticationBackend(ABC):
    """Turns a connection into ``(AuthCredentials, user)``, or None for "not authenticated"."""

    @abstractmethod
    async def authenticate(self, connection: Connection, /, **kwargs: Any) -> AuthResult | None: ...


class AuthCredentials:
    """The scopes granted to the current connection."""

    def __init__(self, scopes: Sequence[str] | None = None):
        self.scopes = [] if scopes is None else list(scopes)


@runtime_checkable
class UserInterface(Protocol):
    """What Lilya needs from a user object."""

    @property
    def is_authenticated(self) -> bool:
        raise NotImplementedError()

    @property
    def display_name(self) -> str:
        raise NotImplementedError()

    @property
    def unique_identifier(self) -> str:
        return self.display_name


BaseUser = UserInterface


class BasicUser(UserInterface):
    """An authenticated user known by name."""

    def __init__(self, username: str) -> None:
        self._username = username

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def display_name(self) -> str:
        return self._username

    @property
    def unique_identifier(self) -> str:
        return str(getattr(self, "id", self.display_name))


class AnonymousUser(UserInterface):
    """The user of a connection nobody authenticated."""

    @property
    def is_authenticated(self) -> bool:
        return False

    @property
    def display_name(self) -> str:
        return ""

    @property
    def unique_identifier(self) -> str:
        return ""


AuthResult = tuple[AuthCredentials, UserInterface]
