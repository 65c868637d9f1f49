"""Authentication dependencies (API keys, HTTP, OAuth2, OpenID Connect) documented in OpenAPI.

Needs the ``openapi`` extra (pydantic): the schemes are pydantic models that describe themselves
as OpenAPI Security Scheme Objects. Public names live in the submodules.
"""

from __future__ import annotations

__all__: list[str] = []
