"""API keys in a query parameter, a header or a cookie."""

from __future__ import annotations

from lilya.contrib.security.api_key.api_key import APIKeyBase, APIKeyInCookie, APIKeyInHeader, APIKeyInQuery

__all__ = ["APIKeyBase", "APIKeyInCookie", "APIKeyInHeader", "APIKeyInQuery"]
