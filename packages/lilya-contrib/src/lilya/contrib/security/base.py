"""The OpenAPI description of a security scheme, shared by the security dependencies and the
document (``lilya.contrib.openapi``): a dependency *is* its Security Scheme Object, so
``@openapi(security=[scheme])`` writes exactly what the dependency checks.

Field names follow the OpenAPI spelling (``bearerFormat``, ``openIdConnectUrl``); ``in`` is a
keyword in Python, so it is ``security_scheme_in`` with the alias ``in``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import AnyUrl, BaseModel, ConfigDict, Field

__all__ = ["HttpSecurityBase", "OAuthFlow", "OAuthFlows", "SecurityBase", "SecurityScheme"]

SchemeType = Literal["apiKey", "http", "mutualTLS", "oauth2", "openIdConnect"]


class OAuthFlow(BaseModel):
    """One OAuth2 flow: its URLs (relative ones allowed) and the scopes it offers."""

    model_config = ConfigDict(extra="ignore")

    authorizationUrl: AnyUrl | str | None = None
    tokenUrl: AnyUrl | str | None = None
    refreshUrl: AnyUrl | str | None = None
    scopes: dict[str, str] | None = None


class OAuthFlows(BaseModel):
    """The OAuth2 flows a scheme supports."""

    model_config = ConfigDict(extra="ignore")

    implicit: OAuthFlow | None = None
    password: OAuthFlow | None = None
    clientCredentials: OAuthFlow | None = None
    authorizationCode: OAuthFlow | None = None


class SecurityScheme(BaseModel):
    """An OpenAPI Security Scheme Object (``type`` says which fields apply)."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    type: SchemeType
    description: str | None = None
    name: str | None = None
    security_scheme_in: Literal["query", "header", "cookie"] | None = Field(default=None, alias="in")
    scheme: str | None = None
    bearerFormat: str | None = None
    flows: OAuthFlows | None = None
    openIdConnectUrl: AnyUrl | str | None = None
    model: BaseModel | None = None


class SecurityBase(SecurityScheme):
    """Base of the security dependencies: ``scheme_name`` names it in the document."""

    scheme_name: str | None = None
    __auto_error__: bool = False
    __is_security__: bool = True


class HttpSecurityBase(SecurityScheme):
    """Base of the HTTP authentication dependencies (Basic, Bearer, Digest)."""

    scheme_name: str | None = None
    realm: str | None = None
    __auto_error__: bool = False
