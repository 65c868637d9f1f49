"""``OpenIdConnect``: returns the ``Authorization`` header (the app validates the token with its
provider); documented as an ``openIdConnect`` scheme with its discovery URL."""

from __future__ import annotations

from typing import Any

from lilya.contrib.openapi.models import OpenIdConnect as OpenIdConnectModel
from lilya.contrib.security.base import SecurityBase
from lilya.contrib.security.errors import AuthenticationErrorMixin
from lilya.exceptions import HTTPException
from lilya.requests import Request

__all__ = ["OpenIdConnect"]


class OpenIdConnect(SecurityBase, AuthenticationErrorMixin):
    def __init__(
        self,
        *,
        openIdConnectUrl: str,  # noqa: N803 - OpenAPI's spelling
        scheme_name: str | None = None,
        description: str | None = None,
        auto_error: bool = True,
    ) -> None:
        model = OpenIdConnectModel(openIdConnectUrl=openIdConnectUrl, description=description, scheme=scheme_name)
        super().__init__(**model.model_dump(by_alias=True))
        self.scheme_name = scheme_name or self.__class__.__name__
        self.__auto_error__ = auto_error

    def raise_for_authentication_error(self) -> HTTPException:
        """401 (Lilya 0.29 answers with the ``APIKey`` challenge here)."""
        return self.build_authentication_exception(headers={"WWW-Authenticate": "APIKey"})

    async def __call__(self, request: Request) -> Any:
        authorization = request.headers.get("Authorization")
        if authorization:
            return authorization
        if self.__auto_error__:
            raise self.raise_for_authentication_error()
        return None
