"""Double-submit-cookie CSRF protection with HMAC-signed tokens.

Safe methods get a signed token cookie when they have none. Any other method must send the same
token back, in the ``X-CSRFToken`` header or as a form field (urlencoded or multipart, read
within ``max_body_size`` and replayed to the app untouched). Both values must carry a valid MAC
under ``secret`` and be equal (constant-time); otherwise (also when the form body is too large
to look for the token) verification fails with a 403. Inside a Lilya application that is a
``PermissionDenied`` raised to the app, as in Lilya 0.29: its handlers (with
``enable_intercept_global_exceptions``) or its boundary answer it. Elsewhere (bare, inside
Starlette) the middleware answers the 403 itself.
"""

from __future__ import annotations

from typing import Literal

from lilya.conf import settings
from lilya.datastructures import Cookie, Header
from lilya.enums import MediaType, ScopeType
from lilya.exception_handling import inside_lilya_app
from lilya.exceptions import PermissionDenied
from lilya.middleware._body import BodyTooLarge, form_field, read_body, replaying_receive
from lilya.middleware._cookies import find_cookie
from lilya.crypto import (
    CSRF_SECRET_BYTES,
    CSRF_SECRET_LENGTH,
    generate_csrf_token,
    tokens_match,
)
from lilya.protocols.middleware import MiddlewareProtocol
from lilya.requests import Request
from lilya.responses import PlainText
from lilya.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "CSRFMiddleware",
    "CSRF_SECRET_BYTES",
    "CSRF_SECRET_LENGTH",
    "Cookie",
    "Header",
    "MediaType",
    "MiddlewareProtocol",
    "PermissionDenied",
    "Request",
    "ScopeType",
    "generate_csrf_token",
    "tokens_match",
]

_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

#: The detail of the ``PermissionDenied`` (and the body of the 403), as in Lilya 0.29.
_FAILURE_DETAIL = "CSRF token verification failed."


class CSRFMiddleware(MiddlewareProtocol[...]):
    """Reject state-changing requests that do not echo the CSRF cookie."""

    def __init__(
        self,
        app: ASGIApp,
        secret: str,
        cookie_name: str | None = None,
        header_name: str | None = None,
        cookie_path: str | None = None,
        safe_methods: set[str] | None = None,
        secure: bool = False,
        httponly: bool = False,
        samesite: Literal["lax", "strict", "none"] = "lax",
        domain: str | None = None,
        form_field_name: str | None = None,
        max_body_size: int = 2 * 1024 * 1024,
    ) -> None:
        if not secret:
            raise ValueError("CSRFMiddleware needs a non-empty secret.")
        self.app = app
        self.secret = secret
        self.cookie_name = cookie_name or "csrftoken"
        self.header_name = header_name or "X-CSRFToken"
        self.cookie_path = cookie_path or "/"
        self.safe_methods = safe_methods if safe_methods is not None else {"GET", "HEAD", "QUERY"}
        self.cookie_secure = secure
        self.cookie_httponly = httponly
        self.cookie_samesite = samesite
        self.cookie_domain = domain
        self.form_field_name = form_field_name or getattr(settings, "csrf_token_name", None) or "csrf_token"
        self.max_body_size = max_body_size
        self._header_key = self.header_name.lower().encode("latin-1")
        # Everything after the token value, rendered once.
        rendered = (
            Cookie(
                key=self.cookie_name,
                value="TOKEN",
                path=self.cookie_path,
                domain=domain,
                secure=secure or None,
                httponly=httponly or None,
                samesite=samesite,
            )
            .to_header(header="")
            .strip()
        )
        self._cookie_suffix = rendered.split("TOKEN", 1)[1]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        csrf_cookie = find_cookie(scope, self.cookie_name)
        if scope["method"] in self.safe_methods:
            await self.app(scope, receive, self.get_send_wrapper(send, csrf_cookie))
            return
        submitted: str | None = None
        content_type = ""
        for key, value in scope["headers"]:
            if key == self._header_key:
                submitted = value.decode("latin-1")
            elif key == b"content-type":
                content_type = value.decode("latin-1")
        if submitted is None and content_type.lower().startswith(_FORM_TYPES):
            try:
                body = await read_body(receive, self.max_body_size)
            except BodyTooLarge:
                # Too large to look for the token in: no token (the rest is never read).
                await self._refuse(scope, receive, send)
                return
            if body is None:
                return  # the client went away; nobody to answer
            submitted = form_field(content_type, body, self.form_field_name)
            receive = replaying_receive(body, receive)
        if not tokens_match(self.secret, csrf_cookie, submitted):
            await self._refuse(scope, receive, send)
            return
        await self.app(scope, receive, send)

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send) -> None:
        """Fail verification: raise ``PermissionDenied`` to a Lilya app, else answer 403 here."""
        if inside_lilya_app(scope):
            raise PermissionDenied(detail=_FAILURE_DETAIL)
        await PlainText(_FAILURE_DETAIL, status_code=403)(scope, receive, send)

    def get_send_wrapper(self, send: Send, csrf_cookie: str | None) -> Send:
        """Issue a token cookie on the response when the request had no (valid) one."""
        if csrf_cookie is not None and tokens_match(self.secret, csrf_cookie, csrf_cookie):
            return send
        set_cookie = (
            b"set-cookie",
            f"{self.cookie_name}={generate_csrf_token(self.secret)}{self._cookie_suffix}".encode("latin-1"),
        )

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), set_cookie]
            await send(message)

        return send_with_cookie
