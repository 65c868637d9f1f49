"""API key dependencies: return the key found in the request (the app checks it), else 401.

The key is looked up by name in one place (query, header or cookie); the dependency is its own
OpenAPI Security Scheme Object (``type: apiKey``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from lilya.contrib.openapi.enums import APIKeyIn
from lilya.contrib.openapi.models import APIKey
from lilya.contrib.security.base import SecurityBase
from lilya.contrib.security.errors import AuthenticationErrorMixin
from lilya.exceptions import HTTPException
from lilya.requests import Request

__all__ = ["APIKeyBase", "APIKeyInCookie", "APIKeyInHeader", "APIKeyInQuery"]


class APIKeyBase(SecurityBase, AuthenticationErrorMixin):
    """Base of the three API key dependencies; ``location`` says where the key is read."""

    __model__: APIKey | None = None
    location: ClassVar[APIKeyIn] = APIKeyIn.header

    def __init__(
        self,
        *,
        name: str,
        scheme_name: str | None = None,
        description: str | None = None,
        auto_error: bool = True,
    ) -> None:
        model = APIKey(**{"in": self.location.value}, name=name, description=description)  # type: ignore[arg-type]
        super().__init__(**model.model_dump(by_alias=True))
        self.__model__ = model
        self.scheme_name = scheme_name or self.__class__.__name__
        self.__auto_error__ = auto_error

    def _source(self, request: Request) -> Mapping[str, Any]:
        raise NotImplementedError

    def raise_for_authentication_error(self) -> HTTPException:
        """401 with the ``APIKey`` challenge."""
        return self.build_authentication_exception(headers={"WWW-Authenticate": "APIKey"})

    async def __call__(self, request: Request) -> str | None:
        if self.__model__ is None:
            return None
        api_key = self._source(request).get(self.__model__.name)
        if api_key:
            return str(api_key)
        if self.__auto_error__:
            raise self.raise_for_authentication_error()
        return None


class APIKeyInQuery(APIKeyBase):
    """The key in the query parameter ``name``."""

    location: ClassVar[APIKeyIn] = APIKeyIn.query

    def _source(self, request: Request) -> Mapping[str, Any]:
        return request.query_params


class APIKeyInHeader(APIKeyBase):
    """The key in the header ``name``."""

    location: ClassVar[APIKeyIn] = APIKeyIn.header

    def _source(self, request: Request) -> Mapping[str, Any]:
        return request.headers


class APIKeyInCookie(APIKeyBase):
    """The key in the cookie ``name``."""

    location: ClassVar[APIKeyIn] = APIKeyIn.cookie

    def _source(self, request: Request) -> Mapping[str, Any]:
        return request.cookies
