"""Security Scheme Objects by type, with the fields OpenAPI requires for each."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from lilya.contrib.openapi.enums import APIKeyIn, SecuritySchemeType
from lilya.contrib.security.base import OAuthFlows, SchemeType, SecurityScheme

__all__ = ["APIKey", "HTTPBase", "HTTPBearer", "OAuth2", "OAuthFlows", "OpenIdConnect"]


class APIKey(SecurityScheme):
    """A key sent in a header, a query parameter or a cookie named ``name``."""

    type: SchemeType = Field(default=SecuritySchemeType.apiKey.value, alias="type")
    param_in: APIKeyIn = Field(alias="in")
    name: str


class HTTPBase(SecurityScheme):
    """HTTP authentication with the ``Authorization`` scheme ``scheme`` (basic, digest, ...)."""

    type: SchemeType = Field(default=SecuritySchemeType.http.value, alias="type")
    scheme: str


class HTTPBearer(HTTPBase):
    scheme: Literal["bearer"] = "bearer"
    bearerFormat: str | None = None


class OAuth2(SecurityScheme):
    type: SchemeType = Field(default=SecuritySchemeType.oauth2.value, alias="type")
    flows: OAuthFlows


class OpenIdConnect(SecurityScheme):
    type: SchemeType = Field(default=SecuritySchemeType.openIdConnect.value, alias="type")
    openIdConnectUrl: str
