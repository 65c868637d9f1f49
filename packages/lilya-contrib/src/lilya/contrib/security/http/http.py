"""HTTP ``Authorization`` dependencies (RFC 7235): they parse the header, the app checks the values.

Bounded: credentials longer than ``MAX_AUTHORIZATION_LENGTH`` are refused before decoding; Basic
credentials that are not strict base64 of ``user:password`` are a 401, never a 500.
"""

from __future__ import annotations

import binascii
from base64 import b64decode
from typing import Any

from pydantic import BaseModel

from lilya.contrib.openapi.models import HTTPBase as HTTPBaseModel
from lilya.contrib.security.base import HttpSecurityBase
from lilya.contrib.security.errors import AuthenticationErrorMixin
from lilya.contrib.security.utils import MAX_AUTHORIZATION_LENGTH, get_authorization_scheme_param
from lilya.exceptions import HTTPException
from lilya.requests import Request
from lilya.status import HTTP_401_UNAUTHORIZED

__all__ = [
    "HTTPAuthorizationCredentials",
    "HTTPBase",
    "HTTPBasic",
    "HTTPBasicCredentials",
    "HTTPBearer",
    "HTTPDigest",
]

INVALID_CREDENTIALS = "Invalid authentication credentials"


class HTTPBasicCredentials(BaseModel):
    """The user name and password of a Basic ``Authorization`` header."""

    username: str
    password: str


class HTTPAuthorizationCredentials(BaseModel):
    """An ``Authorization`` header split into its scheme and credentials."""

    scheme: str
    credentials: str


def _split(request: Request) -> tuple[str | None, str, str]:
    """The header, its scheme and its credentials (empty when the credentials are oversized)."""
    authorization = request.headers.get("Authorization")
    scheme, credentials = get_authorization_scheme_param(authorization)
    if len(credentials) > MAX_AUTHORIZATION_LENGTH:
        credentials = ""
    return authorization, scheme, credentials


class HTTPBase(HttpSecurityBase, AuthenticationErrorMixin):
    """Any ``Authorization`` scheme: returns its scheme and credentials."""

    def __init__(
        self,
        *,
        scheme: str,
        scheme_name: str | None = None,
        description: str | None = None,
        auto_error: bool = True,
        **kwargs: Any,
    ) -> None:
        model = HTTPBaseModel(scheme=scheme, description=description)
        super().__init__(**{**model.model_dump(by_alias=True), **kwargs})
        self.scheme_name = scheme_name or self.__class__.__name__
        self.__auto_error__ = auto_error

    def challenge(self) -> str:
        """The ``WWW-Authenticate`` value of a 401."""
        return (self.scheme or "Basic").title()

    def raise_for_authentication_error(self, detail: str = "Not authenticated") -> HTTPException:
        """401 with this scheme's challenge."""
        return self.build_authentication_exception(headers={"WWW-Authenticate": self.challenge()}, detail=detail)

    def _refuse(self, detail: str = "Not authenticated") -> None:
        if self.__auto_error__:
            raise self.raise_for_authentication_error(detail=detail)

    def _accepts(self, scheme: str) -> bool:
        """Whether credentials sent under ``scheme`` are for this dependency (any, here)."""
        return True

    async def __call__(self, request: Request) -> Any:
        authorization, scheme, credentials = _split(request)
        if not authorization:
            self._refuse()
            return None
        if not (scheme and credentials) or not self._accepts(scheme):
            self._refuse(INVALID_CREDENTIALS)
            return None
        return HTTPAuthorizationCredentials(scheme=scheme, credentials=credentials)


class HTTPBasic(HTTPBase):
    """Basic authentication: returns the user name and password (401 with ``realm`` in the challenge)."""

    def __init__(
        self,
        *,
        scheme_name: str | None = None,
        realm: str | None = None,
        description: str | None = None,
        auto_error: bool = True,
    ) -> None:
        super().__init__(scheme="basic", scheme_name=scheme_name, description=description, auto_error=auto_error)
        self.realm = realm

    def challenge(self) -> str:
        return f'Basic realm="{self.realm}"' if self.realm else "Basic"

    def raise_for_authentication_error(
        self, detail: str = "Not authenticated", status_code: int = HTTP_401_UNAUTHORIZED
    ) -> HTTPException:
        return self.build_authentication_exception(
            status_code=status_code, headers={"WWW-Authenticate": self.challenge()}, detail=detail
        )

    async def __call__(self, request: Request) -> HTTPBasicCredentials | None:
        authorization, scheme, param = _split(request)
        if not authorization or scheme.lower() != "basic":
            self._refuse()
            return None
        try:
            username, separator, password = b64decode(param, validate=True).decode("utf-8").partition(":")
        except (ValueError, binascii.Error):  # UnicodeDecodeError is a ValueError
            separator = ""
        if not separator:
            # Credentials were sent but cannot be read: refused even when auto_error is off.
            raise self.raise_for_authentication_error(detail=INVALID_CREDENTIALS)
        return HTTPBasicCredentials(username=username, password=password)


class HTTPBearer(HTTPBase):
    """Bearer tokens: returns the scheme and the token."""

    def __init__(
        self,
        *,
        bearerFormat: str | None = None,  # noqa: N803 - OpenAPI's spelling
        scheme_name: str | None = None,
        description: str | None = None,
        auto_error: bool = True,
    ) -> None:
        super().__init__(
            scheme="bearer",
            scheme_name=scheme_name,
            description=description,
            auto_error=auto_error,
            bearerFormat=bearerFormat,
        )

    def _accepts(self, scheme: str) -> bool:
        return scheme.lower() == "bearer"


class HTTPDigest(HTTPBase):
    """Digest authentication: returns the scheme and the (unparsed) credentials."""

    def __init__(
        self,
        *,
        scheme_name: str | None = None,
        description: str | None = None,
        auto_error: bool = True,
    ) -> None:
        super().__init__(scheme="digest", scheme_name=scheme_name, description=description, auto_error=auto_error)

    async def __call__(self, request: Request) -> HTTPAuthorizationCredentials | None:
        authorization, scheme, credentials = _split(request)
        if not (authorization and scheme and credentials):
            self._refuse()
            return None
        if scheme.lower() != "digest":
            raise self.raise_for_authentication_error(detail=INVALID_CREDENTIALS)
        return HTTPAuthorizationCredentials(scheme=scheme, credentials=credentials)
