"""Signed cookie sessions (itsdangerous), exposed as ``scope["session"]`` (a dict).

The cookie holds ``base64(serializer(session))`` signed with a timestamp. A cookie that is
tampered with, forged, garbage, larger than ``MAX_SESSION_COOKIE_SIZE`` or older than
``max_age`` simply gives an empty session: never an error. The signer and the cookie attribute
suffix are prepared once; a request whose session stays empty pays no signing at all.
"""

from __future__ import annotations

import binascii
from base64 import b64decode, b64encode
from collections.abc import Awaitable, Callable
from inspect import isawaitable
from typing import Any, Literal

import itsdangerous
from itsdangerous.exc import BadSignature

from lilya.requests import Connection
from lilya.datastructures import Header, Secret
from lilya.enums import ScopeType
from lilya.middleware._cookies import find_cookie
from lilya.protocols.middleware import MiddlewareProtocol
from lilya.serializers import serializer
from lilya.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["Connection", "Header", "MiddlewareProtocol", "ScopeType", "Secret", "SessionMiddleware", "serializer"]

#: Signed cookies longer than this are ignored unread (browsers cap cookies at 4 KiB anyway).
MAX_SESSION_COOKIE_SIZE = 8192

_EXPIRED = "expires=Thu, 01 Jan 1970 00:00:00 GMT; "


def _default_dumps(value: Any) -> bytes | str:
    return serializer.dumps(value)  # type: ignore[no-any-return]


def _default_loads(value: bytes) -> Any:
    return serializer.loads(value)


class SessionMiddleware(MiddlewareProtocol[...]):
    """Load the session from a signed cookie and write it back when it is not empty."""

    def __init__(
        self,
        app: ASGIApp,
        secret_key: str | Secret,
        session_cookie: str = "session",
        max_age: int | None = 14 * 24 * 60 * 60,
        path: str = "/",
        same_site: Literal["lax", "strict", "none"] = "lax",
        https_only: bool = False,
        domain: str | None = None,
        session_serializer: Callable[[Any], bytes | str] = _default_dumps,
        session_deserializer: Callable[[bytes], Any] = _default_loads,
        populate_session: Callable[[Connection], dict[str, Any] | Awaitable[dict[str, Any]]] | None = None,
    ) -> None:
        if not str(secret_key):
            raise ValueError("SessionMiddleware needs a non-empty secret_key.")
        self.app = app
        self.signer = itsdangerous.TimestampSigner(str(secret_key))
        self.session_cookie = session_cookie
        self.max_age = max_age
        self.path = path
        self.session_serializer = session_serializer
        self.session_deserializer = session_deserializer
        self.populate_session = populate_session
        self.scopes: set[str] = {ScopeType.HTTP, ScopeType.WEBSOCKET}
        flags = f"httponly; samesite={same_site}"
        if https_only:
            flags += "; secure"
        if domain:
            flags += f"; domain={domain}"
        self.security_flags = flags
        max_age_part = f"Max-Age={max_age}; " if max_age else ""
        self._set_suffix = f"; path={path}; {max_age_part}{flags}"
        self._delete_header = (
            b"set-cookie",
            f"{session_cookie}=null; path={path}; {_EXPIRED}{flags}".encode("latin-1"),
        )
        self._cookie_prefix = f"{session_cookie}=".encode("latin-1")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in self.scopes:
            await self.app(scope, receive, send)
            return
        populate = self.populate_session
        connection = Connection(scope) if populate is not None else None
        initial_session_was_empty = await self.load_session_data(scope, connection)
        if initial_session_was_empty and populate is not None and connection is not None:
            initial: Any = populate(connection)
            if isawaitable(initial):
                initial = await initial
            scope["session"].update(initial)

        async def send_wrapper(message: Message) -> None:
            await self.process_response(message, scope, initial_session_was_empty, send)

        await self.app(scope, receive, send_wrapper)

    def decode_session(self, data: bytes) -> Any:
        return self.session_deserializer(b64decode(data, validate=True))

    def encode_session(self, session: Any) -> bytes:
        data = self.session_serializer(session)
        if isinstance(data, str):
            data = data.encode("utf-8")
        return b64encode(data)

    async def load_session_data(self, scope: Scope, connection: Connection | None) -> bool:
        """Put the session in the scope; True when there was no valid session cookie."""
        scope["session"] = {}
        raw = find_cookie(scope, self.session_cookie)
        if not raw or len(raw) > MAX_SESSION_COOKIE_SIZE:
            return True
        try:
            session = self.decode_session(self.signer.unsign(raw.encode("latin-1"), max_age=self.max_age))
        except (BadSignature, binascii.Error, ValueError, TypeError):
            # Tampered, forged, expired or undecodable: start from an empty session.
            return True
        if not isinstance(session, dict):
            return True
        scope["session"] = session
        return False

    async def process_response(
        self, message: Message, scope: Scope, initial_session_was_empty: bool, send: Send
    ) -> None:
        """Add the Set-Cookie header to the response start (unless the app set this cookie)."""
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", ()))
            prefix = self._cookie_prefix
            already_set = any(k.lower() == b"set-cookie" and v.startswith(prefix) for k, v in headers)
            if not already_set:
                session = scope.get("session")
                if session:
                    signed = self.signer.sign(self.encode_session(session)).decode("latin-1")
                    headers.append(
                        (b"set-cookie", f'{self.session_cookie}="{signed}"{self._set_suffix}'.encode("latin-1"))
                    )
                    message["headers"] = headers
                elif not initial_session_was_empty:
                    headers.append(self._delete_header)
                    message["headers"] = headers
        await send(message)
