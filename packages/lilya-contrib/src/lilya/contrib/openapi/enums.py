"""Enumerations of the OpenAPI security vocabulary (values are written into the document)."""

from __future__ import annotations

from enum import Enum

__all__ = ["APIKeyIn", "BaseEnum", "Header", "SecuritySchemeType"]


class BaseEnum(str, Enum):
    """A string enum that prints as its value (``str(APIKeyIn.header) == "header"``)."""

    def __str__(self) -> str:
        return str(self.value)

    def __repr__(self) -> str:
        return str(self)


class SecuritySchemeType(BaseEnum):
    apiKey = "apiKey"
    http = "http"
    oauth2 = "oauth2"
    mutualTLS = "mutualTLS"
    openIdConnect = "openIdConnect"


class APIKeyIn(BaseEnum):
    query = "query"
    header = "header"
    cookie = "cookie"


class Header(BaseEnum):
    authorization = "Authorization"
