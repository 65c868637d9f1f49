"""CSRF tokens for handlers and templates: the signed token of ``lilya.crypto`` (the one definition
the CSRF middleware checks) and helpers that put it in a cookie."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, TypedDict

from lilya.crypto import (
    CSRF_SECRET_BYTES,
    CSRF_SECRET_LENGTH,
    decode_csrf_token,
    generate_csrf_token,
    tokens_match,
)
from lilya.datastructures import Cookie
from lilya.requests import Request
from lilya.responses import Response

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = [
    "CSRF_SECRET_BYTES",
    "CSRF_SECRET_LENGTH",
    "CSRFCookieOptions",
    "build_csrf_cookie",
    "decode_csrf_token",
    "ensure_csrf_cookie",
    "generate_csrf_token",
    "get_or_set_csrf_token",
    "tokens_match",
]

SameSite = Literal["lax", "strict", "none"]
_DEFAULT_COOKIE_NAME = "csrftoken"


class CSRFCookieOptions(TypedDict, total=False):
    """How the CSRF cookie is set; the defaults are ``build_csrf_cookie``'s."""

    cookie_name: str
    path: str
    secure: bool
    httponly: bool
    samesite: SameSite
    domain: str | None


def build_csrf_cookie(
    secret: str,
    *,
    cookie_name: str = _DEFAULT_COOKIE_NAME,
    path: str = "/",
    secure: bool = False,
    httponly: bool = False,
    samesite: SameSite = "lax",
    domain: str | None = None,
) -> Cookie:
    """A cookie holding a fresh token signed with ``secret``."""
    return Cookie(
        key=cookie_name,
        value=generate_csrf_token(secret),
        path=path,
        secure=secure,
        httponly=httponly,
        samesite=samesite,
        domain=domain,
    )


def ensure_csrf_cookie(
    secret: str, *, response: Response | None = None, **cookie: Unpack[CSRFCookieOptions]
) -> str | None:
    """A fresh token; when ``response`` is given, it also sets the cookie on it."""
    built = build_csrf_cookie(secret, **cookie)
    if response is not None:
        response.headers.add("set-cookie", built.to_header(header=""))
    return built.value


def get_or_set_csrf_token(
    request: Request, secret: str, *, response: Response | None = None, **cookie: Unpack[CSRFCookieOptions]
) -> str | None:
    """The request's token when its cookie holds a genuine one, else a fresh one (set on ``response``).

    A cookie whose signature does not verify is replaced rather than echoed into a form.
    """
    existing = request.cookies.get(cookie.get("cookie_name", _DEFAULT_COOKIE_NAME))
    if existing and decode_csrf_token(secret, existing) is not None:
        return existing
    return ensure_csrf_cookie(secret, response=response, **cookie)
